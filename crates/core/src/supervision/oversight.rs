//! 督办: what the justice bureau does with a clue, and what a body must answer.
//!
//! A supervisor handles a clue in one of three routes (一般 / 简易 / 预警, the handling centre of
//! Zhejiang's platform), dismisses it with reasons, or issues a supervision document to the
//! body: a 行政执法监督通知书 (the body must look into a matter and report), a 行政执法监督意见书
//! (the bureau's opinion on how to set something right) or a 纠正通知书 (the body must correct
//! an unlawful or improper act). Each carries a number (文号) and a reply period in working days
//! on the official calendar. The body replies with what it did and the records that show it;
//! the bureau accepts the reply (办结) or sends it back with a new period. A reply not made in
//! time raises a red clue (W22), raised again one level up when it is still missing ten
//! working days later (提请区人民政府督办). Nothing here is deleted: every act is a new record.
//! No I/O.

use super::{Hit, Severity, known};
use crate::calendar::{Calendar, UnknownYear};
use crate::doc::context::cn_date;
use crate::doc::layout::escape_value;
use crate::error::{Invalid, optional_text, required_text};
use crate::registry::coded_enum;
use chrono::NaiveDate;
use std::collections::BTreeMap;

coded_enum!(
    /// How a supervisor handles a clue (线索处置方式).
    Route, "处置方式" {
    /// 一般程序：立案监督，调查核实
    General = "general" / "一般程序",
    /// 简易程序：交执法主体自查自纠
    Simple = "simple" / "简易程序",
    /// 预警提示：提醒执法主体注意
    Warning = "warning" / "预警提示",
});

coded_enum!(
    /// What a supervisor did with a clue.
    ClueAct, "处置行为" {
    /// 分流处置
    Route = "route" / "分流处置",
    /// 不予处理（说明理由）
    Dismiss = "dismiss" / "不予处理",
    /// 制发监督文书
    Notice = "notice" / "制发监督文书",
});

coded_enum!(
    /// A supervision document (监督文书).
    NoticeKind, "监督文书种类" {
    /// 行政执法监督通知书
    Notice = "notice" / "行政执法监督通知书",
    /// 行政执法监督意见书
    Opinion = "opinion" / "行政执法监督意见书",
    /// 纠正通知书
    Correction = "correction" / "纠正通知书",
});

coded_enum!(
    /// Where a supervision document stands.
    NoticeStatus, "督办状态" {
    /// 已制发，待执法主体回复
    Issued = "issued" / "待回复",
    /// 执法主体已回复，待司法局审查
    Replied = "replied" / "已回复待审查",
    /// 司法局认可回复，办结
    Closed = "closed" / "已办结",
});

impl NoticeKind {
    /// The class word of its number (`005执监通〔2026〕3号`).
    pub fn word(self) -> &'static str {
        match self {
            NoticeKind::Notice => "执监通",
            NoticeKind::Opinion => "执监意",
            NoticeKind::Correction => "执监纠",
        }
    }

    /// What the body is asked to do, as the document says it.
    fn demand(self) -> &'static str {
        match self {
            NoticeKind::Notice => "请你单位对上述问题认真核查，依法处理，并将核查处理情况书面报告本局",
            NoticeKind::Opinion => "本局提出以下监督意见，请你单位研究办理，并将采纳及办理情况书面报告本局",
            NoticeKind::Correction => "上述行为不符合法律规定，请你单位依法予以纠正，并将纠正情况书面报告本局",
        }
    }
}

/// The shortest and longest reply period a document may set, in working days.
pub const REPLY_DAYS: std::ops::RangeInclusive<u32> = 1..=60;
/// The reply period proposed on the form (working days).
pub const DEFAULT_REPLY_DAYS: u32 = 15;
/// Working days after the deadline at which a missing reply goes one level up.
pub const ESCALATE_AFTER: u32 = 10;

/// A supervision document as the supervisor fills it in.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeInput {
    /// `notice` (监督通知书), `opinion` (监督意见书) or `correction` (纠正通知书)
    #[serde(default)]
    pub kind: String,
    /// the clue it rests on, if any (the body and case are then the clue's)
    #[serde(default)]
    pub clue_id: Option<i64>,
    /// the body it is sent to (taken from the clue when issued on one)
    #[serde(default)]
    pub body_id: Option<i64>,
    /// the case it concerns, if any
    #[serde(default)]
    pub case_id: Option<i64>,
    /// 标题事由: what it is about (关于……的)
    #[serde(default)]
    pub subject: String,
    /// 发现的问题
    #[serde(default)]
    pub facts: String,
    /// 依据
    #[serde(default)]
    pub basis: String,
    /// 监督意见或纠正要求
    #[serde(default)]
    pub requirement: String,
    /// reply period in working days (1-60; 15 when empty)
    #[serde(default)]
    pub reply_days: Option<u32>,
}

/// A checked supervision document, before it is numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDraft {
    /// kind
    pub kind: NoticeKind,
    /// 事由
    pub subject: String,
    /// 问题
    pub facts: String,
    /// 依据
    pub basis: String,
    /// 要求
    pub requirement: String,
    /// working days to reply
    pub reply_days: u32,
}

impl NoticeInput {
    /// Checks the form; every problem names its field.
    pub fn validate(&self) -> Result<NoticeDraft, Invalid> {
        let mut inv = Invalid::default();
        let kind = NoticeKind::parse(&self.kind).map_err(|e| inv.push("kind", e)).ok();
        let subject = required_text(&mut inv, "subject", "事由", &self.subject, 100);
        let facts = required_text(&mut inv, "facts", "发现的问题", &self.facts, 4000);
        let basis = required_text(&mut inv, "basis", "依据", &self.basis, 1000);
        let requirement = required_text(&mut inv, "requirement", "监督意见或纠正要求", &self.requirement, 4000);
        let reply_days = self.reply_days.unwrap_or(DEFAULT_REPLY_DAYS);
        if !REPLY_DAYS.contains(&reply_days) {
            inv.push("reply_days", format!("回复期限须为{}至{}个工作日", REPLY_DAYS.start(), REPLY_DAYS.end()));
        }
        inv.into_result(())?;
        Ok(NoticeDraft { kind: kind.expect("checked"), subject, facts, basis, requirement, reply_days })
    }
}

/// The reply deadline: the `days`-th working day after `issued_on` (the day of issue not
/// counted), on the official calendar.
pub fn reply_deadline(cal: &Calendar, issued_on: NaiveDate, days: u32) -> Result<NaiveDate, Invalid> {
    cal.add_working_days(issued_on, days)
        .map_err(|UnknownYear(y)| Invalid::field("reply_days", format!("{y}年的节假日安排尚未导入，无法计算回复期限")))
}

/// What a numbered supervision document prints.
#[derive(Debug, Clone)]
pub struct NoticeText<'a> {
    /// the checked content
    pub draft: &'a NoticeDraft,
    /// 文号
    pub number: &'a str,
    /// the body it is sent to
    pub to_body: &'a str,
    /// the issuing bureau
    pub from_body: &'a str,
    /// the clue it rests on, as "W01 案件办理超期（线索12）"
    pub clue: Option<&'a str>,
    /// the day of issue
    pub issued_on: NaiveDate,
    /// the reply deadline
    pub deadline: NaiveDate,
}

/// The document's text in the layout markup of [`crate::doc::layout`] (what the page shows and
/// the PDF draws). Every value is escaped, so nothing typed can make markup.
pub fn notice_markup(n: &NoticeText) -> String {
    let d = n.draft;
    let e = escape_value;
    let mut out = String::new();
    out.push_str(&format!("# {}\n## {}\n~\n", d.kind.label(), e(n.number)));
    out.push_str(&format!("^ 关于{}的{}\n~\n", e(&d.subject), d.kind.label()));
    out.push_str(&format!(": {}：\n", e(n.to_body)));
    let source = match n.clue {
        Some(c) => format!("本局通过行政执法监督平台预警（{}）并经核查，", e(c)),
        None => "本局在行政执法监督中发现，".to_string(),
    };
    out.push_str(&format!("{source}你单位存在以下问题：\n{}\n", e(&d.facts)));
    out.push_str(&format!("依据：{}\n", e(&d.basis)));
    out.push_str(&format!("{}：\n{}\n", d.kind.demand(), e(&d.requirement)));
    out.push_str(&format!(
        "请于{}前（自本{}制发之日起{}个工作日内）将办理情况连同相关材料报送本局。逾期未报送的，本局将提请区人民政府督办。\n",
        cn_date(n.deadline),
        match d.kind {
            NoticeKind::Notice | NoticeKind::Correction => "通知书",
            NoticeKind::Opinion => "意见书",
        },
        d.reply_days
    ));
    out.push_str(&format!("~\n> {}\n> {}\n", e(n.from_body), cn_date(n.issued_on)));
    out
}

/// A body's reply as its head or administrator fills it in.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    /// 办理情况: what the body did
    #[serde(default)]
    pub text: String,
    /// the body's evidence items that show it
    #[serde(default)]
    pub evidence_ids: Vec<i64>,
    /// the body's documents that show it (a new decision, a withdrawal …)
    #[serde(default)]
    pub document_ids: Vec<i64>,
}

impl ReplyInput {
    /// Checks the form.
    pub fn validate(&self) -> Result<ReplyInput, Invalid> {
        let mut inv = Invalid::default();
        let text = required_text(&mut inv, "text", "办理情况", &self.text, 4000);
        if self.evidence_ids.len() > 50 {
            inv.push("evidence_ids", "证明材料不能超过50项");
        }
        if self.document_ids.len() > 50 {
            inv.push("document_ids", "文书不能超过50份");
        }
        inv.into_result(())?;
        let mut evidence_ids = self.evidence_ids.clone();
        evidence_ids.sort_unstable();
        evidence_ids.dedup();
        let mut document_ids = self.document_ids.clone();
        document_ids.sort_unstable();
        document_ids.dedup();
        Ok(ReplyInput { text, evidence_ids, document_ids })
    }
}

/// The bureau's conclusion on a reply.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcludeInput {
    /// `true`: the reply is accepted and the matter closed (办结); `false`: sent back (退回重办)
    pub accept: bool,
    /// 审查意见 (required when sent back)
    #[serde(default)]
    pub note: Option<String>,
    /// new reply period in working days when sent back (1-60; 15 when empty)
    #[serde(default)]
    pub reply_days: Option<u32>,
}

impl ConcludeInput {
    /// Checks the form: a reply sent back says why and how long the body has.
    pub fn validate(&self) -> Result<(Option<String>, u32), Invalid> {
        let mut inv = Invalid::default();
        let note = optional_text(&mut inv, "note", "审查意见", self.note.as_deref(), 2000);
        if !self.accept && note.is_none() {
            inv.push("note", "退回重办须写明审查意见");
        }
        let days = self.reply_days.unwrap_or(DEFAULT_REPLY_DAYS);
        if !REPLY_DAYS.contains(&days) {
            inv.push("reply_days", format!("回复期限须为{}至{}个工作日", REPLY_DAYS.start(), REPLY_DAYS.end()));
        }
        inv.into_result((note, days))
    }
}

/// Checks a dismissal's or a routing's note: a dismissal always says why.
pub fn act_note(act: ClueAct, note: Option<&str>) -> Result<Option<String>, Invalid> {
    let mut inv = Invalid::default();
    let note = optional_text(&mut inv, "note", "处置意见", note, 2000);
    if act == ClueAct::Dismiss && note.is_none() {
        inv.push("note", "不予处理须写明理由");
    }
    inv.into_result(note)
}

/// A supervision document as W22 sees it.
#[derive(Debug, Clone)]
pub struct NoticeRecord<'a> {
    /// id
    pub id: i64,
    /// the body it was sent to
    pub body_id: i64,
    /// the case it concerns
    pub case_id: Option<i64>,
    /// 文号
    pub number: &'a str,
    /// kind
    pub kind: NoticeKind,
    /// where it stands
    pub status: NoticeStatus,
    /// the reply deadline in force
    pub deadline: NaiveDate,
}

/// W22: a reply not made by its deadline is a red clue; still missing [`ESCALATE_AFTER`]
/// working days later, it goes one level up. A rest day does not count towards the second
/// level, and a schedule not yet published counts no working days.
pub fn notice_hits(n: &NoticeRecord, cal: &Calendar, today: NaiveDate) -> Vec<Hit> {
    if n.status != NoticeStatus::Issued || today <= n.deadline {
        return Vec::new();
    }
    let late = cal.working_days_between(n.deadline, today).unwrap_or(0);
    let (level, summary) = if late > ESCALATE_AFTER {
        (
            "escalated",
            format!(
                "{}（{}）回复期限{}已过{}个工作日仍未回复，提请区人民政府督办",
                n.kind.label(),
                n.number,
                n.deadline,
                late
            ),
        )
    } else {
        ("overdue", format!("{}（{}）回复期限{}已过，执法主体未回复", n.kind.label(), n.number, n.deadline))
    };
    vec![Hit {
        rule: known("W22"),
        key: "reply".into(),
        severity: Severity::Red,
        body_id: n.body_id,
        case_id: n.case_id,
        officer_id: None,
        summary,
        inputs: BTreeMap::from([
            ("level", level.to_string()),
            ("deadline", n.deadline.to_string()),
            ("number", n.number.to_string()),
        ]),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn notice(deadline: &str, status: NoticeStatus) -> NoticeRecord<'static> {
        NoticeRecord {
            id: 1,
            body_id: 2,
            case_id: Some(3),
            number: "001执监通〔2026〕1号",
            kind: NoticeKind::Notice,
            status,
            deadline: d(deadline),
        }
    }

    #[test]
    fn the_reply_period_runs_in_working_days_over_the_national_day_holiday() {
        let cal = Calendar::official();
        // Issued on Tuesday 29 September 2026: the 30th is the first working day, 1-7 October
        // are rest days, the 8th and 9th the second and third.
        let issued = d("2026-09-29");
        assert_eq!(reply_deadline(cal, issued, 3).unwrap(), d("2026-10-09"));
        assert_eq!(reply_deadline(cal, issued, 1).unwrap(), d("2026-09-30"));
        assert!(reply_deadline(cal, d("2099-12-30"), 3).is_err());
    }

    #[test]
    fn w22_fires_the_day_after_the_deadline_and_goes_up_ten_working_days_later() {
        let cal = Calendar::official();
        // Friday 13 November 2026.
        let n = notice("2026-11-13", NoticeStatus::Issued);
        assert!(notice_hits(&n, cal, d("2026-11-13")).is_empty(), "on the deadline itself it is in time");
        let h = notice_hits(&n, cal, d("2026-11-14"));
        assert_eq!((h[0].rule.id, h[0].severity), ("W22", Severity::Red));
        assert_eq!(h[0].inputs["level"], "overdue");
        // Ten working days after Friday 13 November is Friday 27 November: still one level.
        assert_eq!(notice_hits(&n, cal, d("2026-11-27"))[0].inputs["level"], "overdue");
        // The weekend after it adds no working day.
        assert_eq!(notice_hits(&n, cal, d("2026-11-29"))[0].inputs["level"], "overdue");
        assert_eq!(notice_hits(&n, cal, d("2026-11-30"))[0].inputs["level"], "escalated");
        // A reply made, or a matter closed, ends it.
        assert!(notice_hits(&notice("2026-11-13", NoticeStatus::Replied), cal, d("2026-12-30")).is_empty());
        assert!(notice_hits(&notice("2026-11-13", NoticeStatus::Closed), cal, d("2026-12-30")).is_empty());
    }

    #[test]
    fn forms_name_their_fields() {
        let bad = NoticeInput { kind: "memo".into(), reply_days: Some(0), ..Default::default() };
        let fields: Vec<String> = bad.validate().unwrap_err().errors.iter().map(|f| f.field.clone()).collect();
        for f in ["kind", "subject", "facts", "basis", "requirement", "reply_days"] {
            assert!(fields.contains(&f.to_string()), "{f}: {fields:?}");
        }
        let back = ConcludeInput { accept: false, note: Some("  ".into()), reply_days: None };
        assert_eq!(back.validate().unwrap_err().errors[0].field, "note");
        assert!(ConcludeInput { accept: true, ..Default::default() }.validate().is_ok());
        assert_eq!(act_note(ClueAct::Dismiss, None).unwrap_err().errors[0].field, "note");
        assert_eq!(act_note(ClueAct::Route, None).unwrap(), None);
        assert_eq!(ReplyInput::default().validate().unwrap_err().errors[0].field, "text");
    }

    #[test]
    fn nothing_typed_makes_markup() {
        let draft = NoticeInput {
            kind: "correction".into(),
            subject: "某案处罚决定".into(),
            facts: "# 伪造标题\n| 表格 |".into(),
            basis: "《行政处罚法》第五十八条".into(),
            requirement: "> 落款".into(),
            reply_days: Some(10),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let text = NoticeText {
            draft: &draft,
            number: "001执监纠〔2026〕1号",
            to_body: "区市场监管局",
            from_body: "区司法局",
            clue: Some("W09 应审未审（线索5）"),
            issued_on: d("2026-11-02"),
            deadline: d("2026-11-16"),
        };
        let blocks = crate::doc::layout::parse(&notice_markup(&text));
        let titles = blocks.iter().filter(|b| matches!(b, crate::doc::layout::Block::Title { .. })).count();
        assert_eq!(titles, 1);
        let plain = crate::doc::layout::plain_text(&blocks);
        assert!(plain.contains("纠正通知书") && plain.contains("2026年11月16日前") && plain.contains("10个工作日"));
        assert!(plain.contains("# 伪造标题"));
    }
}
