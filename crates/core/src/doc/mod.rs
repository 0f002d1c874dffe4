//! Documents (文书): the kinds of standard enforcement document, the step each is made from,
//! their numbers (文号), the template library with bodies' adapted versions, filling a
//! template from a case, and the completeness checks (行政处罚法 art. 59 for a 行政处罚决定书).
//! No I/O: the store gathers the case, the body and the template, this module makes the text.

pub mod context;
pub mod layout;
pub mod template;

pub use context::DocContext;
pub use template::{Filled, fill, validate_template};

use crate::case::{CaseKind, StepKind};
use crate::registry::coded_enum;
use serde::Serialize;

coded_enum!(
    /// A kind of standard enforcement document.
    DocKind, "文书种类" {
    /// 立案审批表
    FilingApproval = "filing_approval" / "立案审批表",
    /// 现场检查（勘验）笔录
    InspectionRecord = "inspection_record" / "现场检查（勘验）笔录",
    /// 询问笔录
    InquiryRecord = "inquiry_record" / "询问笔录",
    /// 先行登记保存通知书
    PreservationNotice = "preservation_notice" / "先行登记保存通知书",
    /// 查封（扣押）决定书及清单
    SeizureDecision = "seizure_decision" / "查封（扣押）决定书及清单",
    /// 责令改正通知书
    RectificationOrder = "rectification_order" / "责令改正通知书",
    /// 行政处罚事先告知书
    PenaltyNotice = "penalty_notice" / "行政处罚事先告知书",
    /// 听证告知书/通知书
    HearingNotice = "hearing_notice" / "听证通知书",
    /// 听证笔录
    HearingRecord = "hearing_record" / "听证笔录",
    /// 行政处罚决定书
    PenaltyDecision = "penalty_decision" / "行政处罚决定书",
    /// 送达回证
    ServiceReceipt = "service_receipt" / "送达回证",
    /// 催告书
    DemandNotice = "demand_notice" / "催告书",
    /// 行政强制执行决定书
    EnforcementDecision = "enforcement_decision" / "行政强制执行决定书",
    /// 行政许可受理通知书
    LicenceAcceptance = "licence_acceptance" / "行政许可受理通知书",
    /// 行政许可不予受理通知书
    LicenceRefusal = "licence_refusal" / "行政许可不予受理通知书",
    /// 行政许可决定书
    LicenceDecision = "licence_decision" / "行政许可决定书",
    /// 结案审批表
    ClosingApproval = "closing_approval" / "结案审批表",
    /// 重大执法决定法制审核意见书
    ReviewOpinion = "review_opinion" / "法制审核意见书",
});

impl DocKind {
    /// Whether `caller` may make a document of this kind for `body`: the handling side makes
    /// every kind; a reviewer makes the 法制审核意见书, which states their own opinion.
    pub fn may_issue(self, caller: &crate::access::Caller, body: Option<i64>) -> bool {
        use crate::access::{Action, allowed};
        allowed(caller, Action::IssueDocument, body)
            || (self == DocKind::ReviewOpinion && allowed(caller, Action::ReviewCase, body))
    }

    /// The steps a document of this kind is made from (the latest such step of the case).
    pub fn steps(self) -> &'static [StepKind] {
        use StepKind as S;
        match self {
            DocKind::FilingApproval => &[S::File],
            DocKind::InspectionRecord => &[S::Inspect, S::Investigate, S::Recheck],
            DocKind::InquiryRecord => &[S::Inquire],
            DocKind::PreservationNotice => &[S::PreserveEvidence],
            DocKind::SeizureDecision => &[S::ApplyMeasure],
            DocKind::RectificationOrder => &[S::InspectionResult, S::Investigate, S::Inspect],
            DocKind::PenaltyNotice => &[S::NotifyIntent],
            DocKind::HearingNotice => &[S::HearingNotice],
            DocKind::HearingRecord => &[S::Hearing],
            DocKind::PenaltyDecision => &[S::Decide, S::OnsiteDecision],
            DocKind::ServiceReceipt => &[S::Serve, S::ServeNotice],
            DocKind::DemandNotice => &[S::Demand],
            DocKind::EnforcementDecision => &[S::EnforcementDecision],
            DocKind::LicenceAcceptance => &[S::Accept],
            DocKind::LicenceRefusal => &[S::RefuseApplication],
            DocKind::LicenceDecision => &[S::LicenceDecision],
            DocKind::ClosingApproval => &[S::Close],
            DocKind::ReviewOpinion => &[S::LegalReview],
        }
    }

    /// Whether the document bears the date of the decision it states rather than the day it is
    /// made: a decision is made on the day its step records (《行政处罚法》第五十九条第一款第六项:
    /// 作出决定的日期), whenever it is printed.
    pub fn dated_by_its_step(self) -> bool {
        matches!(
            self,
            DocKind::PenaltyDecision
                | DocKind::EnforcementDecision
                | DocKind::SeizureDecision
                | DocKind::LicenceDecision
                | DocKind::LicenceRefusal
        )
    }

    /// The document a service (送达) delivers: the 告知书 at its own service, else the decision
    /// the case's history has made last (决定书, 不予受理通知书 …); `None` when there is none.
    pub fn served_by(step: StepKind, history: &[StepKind]) -> Option<DocKind> {
        use StepKind as S;
        match step {
            S::ServeNotice => Some(DocKind::PenaltyNotice),
            S::Serve => history.iter().rev().find_map(|k| match k {
                S::Decide | S::OnsiteDecision => Some(DocKind::PenaltyDecision),
                S::EnforcementDecision => Some(DocKind::EnforcementDecision),
                S::LicenceDecision => Some(DocKind::LicenceDecision),
                S::RefuseApplication => Some(DocKind::LicenceRefusal),
                _ => None,
            }),
            _ => None,
        }
    }

    /// The class word of the document number (`罚决` in `003罚决〔2026〕12号`); `None` for
    /// records and forms, which are identified by the case number.
    pub fn word(self) -> Option<&'static str> {
        Some(match self {
            DocKind::PreservationNotice => "先保",
            DocKind::SeizureDecision => "强措",
            DocKind::RectificationOrder => "责改",
            DocKind::PenaltyNotice => "罚告",
            DocKind::HearingNotice => "听通",
            DocKind::PenaltyDecision => "罚决",
            DocKind::DemandNotice => "催告",
            DocKind::EnforcementDecision => "强执",
            DocKind::LicenceAcceptance => "许受",
            DocKind::LicenceRefusal => "不受",
            DocKind::LicenceDecision => "许决",
            DocKind::ReviewOpinion => "法审",
            DocKind::FilingApproval
            | DocKind::InspectionRecord
            | DocKind::InquiryRecord
            | DocKind::HearingRecord
            | DocKind::ServiceReceipt
            | DocKind::ClosingApproval => return None,
        })
    }

    /// Whether a document of this kind can belong to a case of `kind`.
    pub fn fits(self, kind: CaseKind) -> bool {
        let steps = crate::case::machine::steps_of(kind);
        self.steps().iter().any(|s| steps.contains(s))
    }

    /// The document a recorded step must have in the case file (checked at archiving:
    /// DA/T 70 integrity), if any.
    pub fn required_for(step: StepKind) -> Option<DocKind> {
        use StepKind as S;
        Some(match step {
            S::File => DocKind::FilingApproval,
            S::Inquire => DocKind::InquiryRecord,
            S::PreserveEvidence => DocKind::PreservationNotice,
            S::ApplyMeasure => DocKind::SeizureDecision,
            S::NotifyIntent => DocKind::PenaltyNotice,
            S::HearingNotice => DocKind::HearingNotice,
            S::Hearing => DocKind::HearingRecord,
            S::Decide | S::OnsiteDecision => DocKind::PenaltyDecision,
            S::Serve | S::ServeNotice => DocKind::ServiceReceipt,
            S::Demand => DocKind::DemandNotice,
            S::EnforcementDecision => DocKind::EnforcementDecision,
            S::Accept => DocKind::LicenceAcceptance,
            S::RefuseApplication => DocKind::LicenceRefusal,
            S::LicenceDecision => DocKind::LicenceDecision,
            S::Close => DocKind::ClosingApproval,
            S::LegalReview => DocKind::ReviewOpinion,
            _ => return None,
        })
    }
}

/// The document number (文号): `<body>` `<word>` 〔`<year>`〕 `<seq>` 号, numbered per body,
/// year and class word without gaps, e.g. `003罚决〔2026〕12号`.
pub fn doc_number(body_id: i64, word: &str, year: i32, seq: i64) -> String {
    format!("{body_id:03}{word}〔{year}〕{seq}号")
}

coded_enum!(
    /// Where a body's template version stands.
    TemplateStatus, "备案状态" {
    /// 已报备案，待司法局审查
    Filed = "filed" / "已报备案，待审查",
    /// 备案审查通过，可以使用
    Approved = "approved" / "备案通过",
    /// 备案审查未通过
    Rejected = "rejected" / "备案未通过",
});

/// The standard template of a kind (version 1 of the library, shipped with the program).
/// Whether the standard template of `kind` prints the step form's field `field`: read from
/// the template itself (the names it takes from the step), so that the form's note "写入《…》"
/// follows the template.
pub fn prints(kind: DocKind, field: &str) -> bool {
    let keys: &[&str] = match field {
        "occurred_at" => &["step.date", "step.time"],
        "officer_ids" => &["step.officers"],
        "evidence_ids" => &["in evidence"],
        "penalty_kinds" => &["step.penalty"],
        "fine" => &["step.fine", "step.penalty"],
        "confiscation" => &["step.confiscation", "step.penalty"],
        "violated" => &["step.violated_text"],
        "legal_basis" => &["step.legal_basis_text"],
        "to_date" => &["step.to"],
        "from_date" => &["step.from"],
        "hearing_right" => &["step.hearing_right"],
        "content" | "place" | "witness" | "days" | "result" | "method" | "items" | "urgent_reason" | "leniency"
        | "party_present" | "amount" | "interviewee" => {
            return standard_template(kind).contains(&format!("step.{field}"));
        }
        _ => &[],
    };
    let source = standard_template(kind);
    keys.iter().any(|k| source.contains(k))
}

pub fn standard_template(kind: DocKind) -> &'static str {
    macro_rules! t {
        ($f:literal) => {
            include_str!(concat!("../../../../data/templates/", $f, ".txt"))
        };
    }
    match kind {
        DocKind::FilingApproval => t!("filing_approval"),
        DocKind::InspectionRecord => t!("inspection_record"),
        DocKind::InquiryRecord => t!("inquiry_record"),
        DocKind::PreservationNotice => t!("preservation_notice"),
        DocKind::SeizureDecision => t!("seizure_decision"),
        DocKind::RectificationOrder => t!("rectification_order"),
        DocKind::PenaltyNotice => t!("penalty_notice"),
        DocKind::HearingNotice => t!("hearing_notice"),
        DocKind::HearingRecord => t!("hearing_record"),
        DocKind::PenaltyDecision => t!("penalty_decision"),
        DocKind::ServiceReceipt => t!("service_receipt"),
        DocKind::DemandNotice => t!("demand_notice"),
        DocKind::EnforcementDecision => t!("enforcement_decision"),
        DocKind::LicenceAcceptance => t!("licence_acceptance"),
        DocKind::LicenceRefusal => t!("licence_refusal"),
        DocKind::LicenceDecision => t!("licence_decision"),
        DocKind::ClosingApproval => t!("closing_approval"),
        DocKind::ReviewOpinion => t!("review_opinion"),
    }
}

/// The version number of the standard library.
pub const STANDARD_VERSION: i64 = 1;

#[cfg(test)]
mod tests;

/// A line of a difference between two texts: `=` kept, `-` only in the old, `+` only in the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `=`, `-` or `+`
    pub op: char,
    /// the line
    pub text: String,
}

/// The line differences from `old` to `new` (longest common subsequence of lines), so that a
/// supervisor reviewing a filed template sees exactly what the body changed.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: common lines of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    let line = |op, text: &str| DiffLine { op, text: text.to_string() };
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(line('=', a[i]));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(line('-', a[i]));
            i += 1;
        } else {
            out.push(line('+', b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|t| line('-', t)));
    out.extend(b[j..].iter().map(|t| line('+', t)));
    out
}
