//! Referral of a suspected crime (移送): the referral, the receipt and the follow-up, with their
//! dates and the gate they put on the file.

use super::*;
use crate::case::rules::Refusal;
use crate::error::{Invalid, optional_text, required_text};
use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};

/// The rules of referring a suspected crime.
pub const REFERRAL_RULE: &str = "《行政处罚法》第二十七条、《行政执法机关移送涉嫌犯罪案件的规定》";

coded_enum!(
    /// What the receiving organ did with a referred case (《行政执法机关移送涉嫌犯罪案件的规定》
    /// arts. 7-13).
    ReferralResult, "移送结果" {
    /// 公安机关决定立案（第八条；涉案物品及材料三日内移交，第十二条）
    Filed = "filed" / "公安机关已立案",
    /// 不予立案（第八条；可在三日内提请复议，第九条）
    NotFiled = "not_filed" / "公安机关不予立案",
    /// 已提请复议或建议检察院立案监督（第九条）
    Contested = "contested" / "已提请复议或建议立案监督",
    /// 转送有管辖权的机关（第七条）
    Forwarded = "forwarded" / "已转送有管辖权的机关",
    /// 涉案物品及材料已移交（第十二条）
    Handed = "handed" / "涉案物品及材料已移交",
    /// 司法机关认为不需要追究刑事责任，移回行政处理（处罚法第二十七条第一款、规定第十三条）
    Returned = "returned" / "司法机关移回行政处理",
});

/// A referral (涉嫌犯罪案件移送).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReferralInput {
    /// 移送机关（接收的公安机关或其他司法机关）
    #[serde(default)]
    pub organ: String,
    /// 负责人批准移送日期 YYYY-MM-DD（第五条）
    #[serde(default)]
    pub approved_on: String,
    /// 移送日期 YYYY-MM-DD
    #[serde(default)]
    pub referred_on: String,
    /// 移送材料（每项一条；须含移送书、调查报告、涉案物品清单，第六条）
    #[serde(default)]
    pub materials: Vec<String>,
    /// 说明
    #[serde(default)]
    pub note: String,
}

/// The receiving organ's receipt (回执, art. 7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptInput {
    /// 回执签收日期 YYYY-MM-DD
    #[serde(default)]
    pub received_on: String,
    /// 签收人及单位
    #[serde(default)]
    pub signed_by: String,
    /// 回执编号或说明
    #[serde(default)]
    pub note: String,
}

/// A follow-up of the referral.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FollowUpInput {
    /// 结果
    #[serde(default)]
    pub result: String,
    /// 日期 YYYY-MM-DD
    #[serde(default)]
    pub on: String,
    /// 文书编号及情况说明
    #[serde(default)]
    pub note: String,
}

pub(super) fn date(inv: &mut Invalid, field: &str, label: &str, v: &str) -> Option<chrono::NaiveDate> {
    if v.trim().is_empty() {
        inv.push(field, format!("请填写{label}"));
        return None;
    }
    inv.check(field, crate::time::parse_date(v))
}

/// A date that cannot come before `after` (the earlier event, named) nor after `today`.
pub(super) fn date_between(
    inv: &mut Invalid,
    field: &str,
    label: &str,
    v: &str,
    after: (chrono::NaiveDate, &str),
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    let d = date(inv, field, label, v)?;
    if d < after.0 {
        inv.push(field, format!("{label}不能早于{}（{}）", after.1, after.0));
    }
    if d > today {
        inv.push(field, format!("{label}不能晚于今天"));
    }
    Some(d)
}

/// The materials art. 6 requires with every referral, by the words that name them.
pub(super) const REFERRAL_MATERIALS: [(&str, &str); 3] =
    [("移送书", "涉嫌犯罪案件移送书"), ("调查报告", "涉嫌犯罪案件情况的调查报告"), ("物品清单", "涉案物品清单")];

impl ReferralInput {
    /// Every field, the materials art. 6 lists, approval before referral and nothing after `today`.
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<ReferralInput, Invalid> {
        let mut inv = Invalid::default();
        let organ = required_text(&mut inv, "organ", "移送机关", &self.organ, 200);
        let approved = date(&mut inv, "approved_on", "负责人批准移送日期", &self.approved_on);
        let referred = match approved {
            Some(a) => {
                date_between(&mut inv, "referred_on", "移送日期", &self.referred_on, (a, "负责人批准日期"), today)
            }
            None => date(&mut inv, "referred_on", "移送日期", &self.referred_on),
        };
        let materials = list(&mut inv, "materials", "移送材料", &self.materials);
        let missing: Vec<&str> = REFERRAL_MATERIALS
            .iter()
            .filter(|(word, _)| !materials.iter().any(|m| m.contains(word)))
            .map(|(_, name)| *name)
            .collect();
        if !materials.is_empty() && !missing.is_empty() {
            inv.push(
                "materials",
                format!("移送材料缺少：{}（《行政执法机关移送涉嫌犯罪案件的规定》第六条）", missing.join("、")),
            );
        }
        let note = optional_text(&mut inv, "note", "说明", Some(&self.note), 2000).unwrap_or_default();
        inv.into_result(ReferralInput {
            organ,
            approved_on: approved.map(|d| d.to_string()).unwrap_or_default(),
            referred_on: referred.map(|d| d.to_string()).unwrap_or_default(),
            materials,
            note,
        })
    }

    /// Whether the referral left later than the 24 hours after approval art. 5 allows (dates
    /// only: more than one calendar day between them).
    pub fn late(&self) -> bool {
        match (crate::time::parse_date(&self.approved_on), crate::time::parse_date(&self.referred_on)) {
            (Ok(a), Ok(r)) => (r - a).num_days() > 1,
            _ => false,
        }
    }
}

impl ReceiptInput {
    /// The receipt's date (not before the referral, not after today) and who signed it.
    pub fn validate(&self, referred_on: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<ReceiptInput, Invalid> {
        let mut inv = Invalid::default();
        let received =
            date_between(&mut inv, "received_on", "回执签收日期", &self.received_on, (referred_on, "移送日期"), today);
        let signed_by = required_text(&mut inv, "signed_by", "签收人及单位", &self.signed_by, 200);
        let note = optional_text(&mut inv, "note", "说明", Some(&self.note), 2000).unwrap_or_default();
        inv.into_result(ReceiptInput {
            received_on: received.map(|d| d.to_string()).unwrap_or_default(),
            signed_by,
            note,
        })
    }
}

impl FollowUpInput {
    /// The result, its date (not before the receipt, not after today) and what it was.
    pub fn validate(
        &self,
        received_on: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Result<(ReferralResult, FollowUpInput), Invalid> {
        let mut inv = Invalid::default();
        let result = inv.check("result", ReferralResult::parse(&self.result));
        let on = date_between(&mut inv, "on", "日期", &self.on, (received_on, "回执签收日期"), today);
        let note = required_text(&mut inv, "note", "情况说明", &self.note, 2000);
        let out = FollowUpInput {
            result: result.map(|r| r.code().to_string()).unwrap_or_default(),
            on: on.map(|d| d.to_string()).unwrap_or_default(),
            note,
        };
        match result {
            Some(r) => inv.into_result((r, out)),
            None => Err(inv),
        }
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Referral {
    /// no opinion found a suspected crime
    NotFlagged,
    /// an opinion found one; not yet referred
    Flagged,
    /// referred, no receipt yet
    Referred,
    /// the receipt is in; the latest result, if any
    Received {
        /// the latest result
        result: Option<ReferralResult>,
    },
}

impl Referral {
    /// The Chinese name.
    pub fn label(&self) -> String {
        match self {
            Referral::NotFlagged => "未发现涉嫌犯罪".into(),
            Referral::Flagged => "审核意见认为涉嫌犯罪，尚未移送".into(),
            Referral::Referred => "已移送，待回执".into(),
            Referral::Received { result: None } => "已移送，已签收回执".into(),
            Referral::Received { result: Some(r) } => format!("已移送：{}", r.label()),
        }
    }
}

/// Where the referral of a case's review file stands.
pub fn referral(events: &[Event]) -> Referral {
    events.iter().fold(Referral::NotFlagged, |r, e| match (r, e) {
        (Referral::NotFlagged, Event::Reviewed { crime_suspected: true, .. }) => Referral::Flagged,
        (Referral::Flagged, Event::Referred) => Referral::Referred,
        (Referral::Referred, Event::ReferralReceived) => Referral::Received { result: None },
        (Referral::Received { .. }, Event::ReferralFollowedUp { result }) => {
            Referral::Received { result: Some(*result) }
        }
        (r, _) => r,
    })
}

/// What someone tries to record of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralAction {
    /// the referral itself
    Refer,
    /// the receipt
    Receipt,
    /// a follow-up
    FollowUp,
}

/// Whether `action` may be recorded now.
pub fn referral_allowed(events: &[Event], action: ReferralAction) -> Result<(), Refusal> {
    let r = referral(events);
    let ok = matches!(
        (r, action),
        (Referral::Flagged, ReferralAction::Refer)
            | (Referral::Referred, ReferralAction::Receipt)
            | (Referral::Received { .. }, ReferralAction::FollowUp)
    );
    if ok {
        return Ok(());
    }
    let why = match action {
        ReferralAction::Refer if r == Referral::NotFlagged => "法制审核意见未认为涉嫌犯罪，无需移送".to_string(),
        ReferralAction::Refer => "本案已移送".to_string(),
        ReferralAction::Receipt => format!("当前{}，不能登记回执", r.label()),
        ReferralAction::FollowUp => format!("当前{}，须先登记回执", r.label()),
    };
    Err(Refusal::new("kind", REFERRAL_RULE, why))
}

/// 《行政执法机关移送涉嫌犯罪案件的规定》第十条、第十一条 and 处罚法 art. 27: a case referred as a
/// suspected crime is not decided by a penalty instead, unless the police declined to file it or
/// the judicial organs sent it back.
pub(super) fn referral_gate(events: &[Event]) -> Result<(), Refusal> {
    match referral(events) {
        Referral::NotFlagged
        | Referral::Flagged
        | Referral::Received { result: Some(ReferralResult::NotFiled | ReferralResult::Returned) } => Ok(()),
        r => Err(Refusal::new(
            "kind",
            "《行政执法机关移送涉嫌犯罪案件的规定》第十条、第十一条",
            format!("案件{}，不得以行政处罚代替移送；公安机关不予立案或司法机关移回后方可依法处理", r.label()),
        )),
    }
}
