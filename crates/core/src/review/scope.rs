//! Whether a case needs legal review, and why: the grounds (art. 58 para. 1), the marks, the body's
//! item list, the requirement.

use super::*;
use crate::case::model::CaseKind;
use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};

/// What the handling unit or a reviewer marked about a case: only ever added to (an officer
/// cannot lower the review requirement by clearing a mark).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Marks {
    /// 涉及重大公共利益
    #[serde(default)]
    pub public_interest: bool,
    /// 可能造成重大社会影响或者引发社会风险
    #[serde(default)]
    pub social_impact: bool,
    /// 直接关系当事人或者第三人重大权益
    #[serde(default)]
    pub major_rights: bool,
    /// 疑难复杂、涉及多个法律关系
    #[serde(default)]
    pub complex: bool,
    /// 情节复杂或者重大违法行为，须负责人集体讨论（第五十七条第二款）
    #[serde(default)]
    pub collective: bool,
}

impl Marks {
    /// The union of two sets of marks.
    pub fn union(&self, o: &Marks) -> Marks {
        Marks {
            public_interest: self.public_interest || o.public_interest,
            social_impact: self.social_impact || o.social_impact,
            major_rights: self.major_rights || o.major_rights,
            complex: self.complex || o.complex,
            collective: self.collective || o.collective,
        }
    }
    /// Whether `new` keeps every mark already set.
    pub fn kept_by(&self, new: &Marks) -> bool {
        self.union(new) == *new
    }
}

/// An entry of a body's review item list (法制审核事项清单, seed §四(二)2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListItem {
    /// the power-list item's code, when the entry is one item
    #[serde(default)]
    pub power_item_code: Option<String>,
    /// the kind of case, when the entry is a whole kind (e.g. every 行政强制执行)
    #[serde(default)]
    pub case_kind: Option<String>,
    /// 事项说明
    pub description: String,
}

/// What decides whether a case needs review.
#[derive(Debug, Clone)]
pub struct ScopeFacts<'a> {
    /// the case's kind
    pub kind: CaseKind,
    /// the power item it exercises
    pub power_item_code: &'a str,
    /// a hearing was held (处罚法 art. 64 or 许可法 art. 47)
    pub hearing_held: bool,
    /// the licensing item is one where a hearing applies
    pub licensing_hearing: bool,
    /// the case was filed as complex or serious (立案时标记，第五十七条第二款)
    pub complex_case: bool,
    /// the case's marks
    pub marks: &'a Marks,
    /// the body's review item list in force
    pub list: &'a [ListItem],
}

/// One reason a case needs review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reason {
    /// code
    pub ground: String,
    /// 理由
    pub label: String,
    /// 依据
    pub basis: String,
}

/// Whether a case needs review, and the explanation shown to the officer and the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Requirement {
    /// review is required before the decision
    pub required: bool,
    /// every ground that applies
    pub reasons: Vec<Reason>,
    /// the explanation, in Chinese
    pub explanation: String,
    /// the heads' collective discussion is required before the decision (处罚法 art. 57 para 2)
    pub discussion: bool,
    /// why it is or is not, in Chinese
    pub discussion_explanation: String,
}

/// The rule of collective discussion.
pub const ART_57: &str = "《行政处罚法》第五十七条第二款";

pub(super) fn discussion(f: &ScopeFacts) -> (bool, String) {
    if f.kind != CaseKind::PenaltyGeneral {
        return (false, format!("{}不适用集体讨论（第五十七条第二款仅适用于行政处罚）", f.kind.label()));
    }
    let why: Vec<&str> =
        [(f.complex_case, "立案时标记为情节复杂或者重大违法行为"), (f.marks.collective, "已标记须集体讨论")]
            .into_iter()
            .filter_map(|(on, w)| on.then_some(w))
            .collect();
    if why.is_empty() {
        (false, "未标记为情节复杂或者重大违法行为，由负责人审批决定".into())
    } else {
        (true, format!("{}：须由行政机关负责人集体讨论决定（{ART_57}）", why.join("、")))
    }
}

/// Whether a case of this kind ends in a decision that legal review can be required for: the
/// 当场 procedure and inspections do not (a 当场 decision is made on the spot, art. 51; an
/// inspection's result is not a decision on the party's rights).
pub fn reviewable(kind: CaseKind) -> bool {
    !matches!(kind, CaseKind::PenaltySimple | CaseKind::Inspection)
}

/// Computes whether a case needs review, with every reason.
pub fn requirement(f: &ScopeFacts) -> Requirement {
    let (discussion, discussion_explanation) = discussion(f);
    if !reviewable(f.kind) {
        return Requirement {
            required: false,
            reasons: Vec::new(),
            explanation: format!("{}不作出须法制审核的决定", f.kind.label()),
            discussion,
            discussion_explanation,
        };
    }
    let mut grounds = Vec::new();
    if f.kind == CaseKind::PenaltyGeneral {
        grounds.push(Ground::GeneralPenalty);
    }
    let m = f.marks;
    for (on, g) in [
        (m.public_interest, Ground::PublicInterest),
        (m.social_impact, Ground::SocialImpact),
        (m.major_rights, Ground::MajorRights),
        (f.hearing_held, Ground::AfterHearing),
        (m.complex, Ground::Complex),
        (f.kind == CaseKind::Licensing && f.licensing_hearing, Ground::LicensingHearing),
    ] {
        if on {
            grounds.push(g);
        }
    }
    if f.list.iter().any(|i| {
        i.power_item_code.as_deref() == Some(f.power_item_code) || i.case_kind.as_deref() == Some(f.kind.code())
    }) {
        grounds.push(Ground::BodyList);
    }
    let reasons: Vec<Reason> = grounds
        .iter()
        .map(|g| Reason { ground: g.code().into(), label: g.label().into(), basis: g.basis().into() })
        .collect();
    let explanation = if reasons.is_empty() {
        "不属于法制审核范围：非一般程序行政处罚，未标记涉及重大公共利益、重大社会影响、重大权益或疑难复杂，未经听证，不属适用听证的许可事项，也不在本机关法制审核事项清单内".into()
    } else {
        format!(
            "须经法制审核：{}",
            reasons.iter().map(|r| format!("{}（{}）", r.label, r.basis)).collect::<Vec<_>>().join("；")
        )
    };
    Requirement { required: !reasons.is_empty(), reasons, explanation, discussion, discussion_explanation }
}

coded_enum!(
    /// The points a reviewer answers (seed §四(三)1).
    Point, "审核要点" {
    /// 执法主体是否合法
    Body = "body" / "执法主体是否合法",
    /// 执法人员是否具备执法资格
    Officers = "officers" / "执法人员是否具备执法资格",
    /// 执法程序是否合法
    Procedure = "procedure" / "执法程序是否合法",
    /// 案件事实是否清楚
    Facts = "facts" / "案件事实是否清楚",
    /// 证据是否合法充分
    Evidence = "evidence" / "证据是否合法充分",
    /// 适用法律、法规、规章是否准确
    Law = "law" / "适用法律、法规、规章是否准确",
    /// 裁量基准运用是否适当
    Discretion = "discretion" / "裁量基准运用是否适当",
    /// 是否超越本机关法定权限
    Authority = "authority" / "是否超越本机关法定权限",
    /// 执法文书是否规范、齐备
    Documents = "documents" / "执法文书是否规范、齐备",
    /// 违法行为是否涉嫌犯罪、需要移送司法机关
    Crime = "crime" / "违法行为是否涉嫌犯罪、需要移送司法机关",
});
