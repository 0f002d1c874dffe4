//! The transition table of each kind of case: which step may follow in which stage, the stage it
//! leads to, who records it; and what the history says (filed on, suspended).

use super::*;
use crate::access::Role;
use crate::case::model::*;
use Stage as G;
use StepKind as S;
use chrono::NaiveDate;

pub(super) const BEFORE_DECISION: &[Stage] =
    &[G::Filed, G::Investigating, G::Notified, G::HearingRequested, G::HearingHeld, G::Reviewed, G::Discussed];
pub(super) const AFTER_NOTICE: &[Stage] = &[G::Notified, G::HearingHeld, G::Reviewed, G::Discussed];
pub(super) const ART_47: &str = "《行政处罚法》第四十七条";
/// After 归档 the case file is closed; a supplement is opened by the head with its reasons and
/// closed by archiving again ([`crate::archive::check_file_open`]).
const SUPPLEMENT: &str = crate::archive::FROZEN_RULE;
const ART_43_STEP: &str = "《行政处罚法》第四十三条（回避由行政机关负责人决定，决定作出之前不停止调查）";
const RECUSAL_PENALTY: &[Stage] = &[
    G::Registered,
    G::Filed,
    G::Investigating,
    G::Notified,
    G::HearingRequested,
    G::HearingHeld,
    G::Reviewed,
    G::Discussed,
];

pub(super) const PENALTY_GENERAL: &[T] = &[
    T { step: S::File, from: &[G::Registered], to: Some(G::Filed), rule: "《行政处罚法》第五十四条" },
    T {
        step: S::RefuseFiling,
        from: &[G::Registered],
        to: Some(G::Closed),
        rule: "《行政处罚法》第五十四条（不符合立案条件的，不予立案）",
    },
    T { step: S::Recusal, from: RECUSAL_PENALTY, to: None, rule: ART_43_STEP },
    T {
        step: S::Investigate,
        from: &[G::Filed, G::Investigating, G::Notified, G::HearingHeld, G::Reviewed, G::Discussed],
        to: Some(G::Investigating),
        rule: "《行政处罚法》第五十四条（立案后调查取证）",
    },
    T {
        step: S::Inquire,
        from: &[G::Filed, G::Investigating, G::Notified, G::HearingHeld, G::Reviewed, G::Discussed],
        to: Some(G::Investigating),
        rule: "《行政处罚法》第五十四条、第五十五条（立案后调查取证，询问应当制作笔录）",
    },
    T {
        step: S::ApprovePreservation,
        from: &[G::Filed, G::Investigating],
        to: None,
        rule: "《行政处罚法》第五十六条（经行政机关负责人批准）",
    },
    T {
        step: S::PreserveEvidence,
        from: &[G::Filed, G::Investigating],
        to: Some(G::Investigating),
        rule: "《行政处罚法》第五十六条",
    },
    T {
        step: S::HandlePreserved,
        from: BEFORE_DECISION,
        to: None,
        rule: "《行政处罚法》第五十六条（七日内作出处理决定）",
    },
    T {
        step: S::NotifyIntent,
        from: &[G::Investigating],
        to: Some(G::Notified),
        rule: "《行政处罚法》第四十四条（调查取证后、决定前告知）",
    },
    // The periods of 陈述申辩 and 听证 run from the 告知书's service (第四十五条、第六十四条第一项).
    T {
        step: S::ServeNotice,
        from: &[G::Notified, G::HearingRequested, G::HearingHeld, G::Reviewed, G::Discussed],
        to: None,
        rule: "《行政处罚法》第四十四条、第六十一条（告知书应当送达当事人）",
    },
    T {
        step: S::Statement,
        from: &[G::Notified, G::HearingRequested, G::HearingHeld, G::Reviewed, G::Discussed],
        to: None,
        rule: "《行政处罚法》第四十五条",
    },
    T { step: S::Reexamine, from: AFTER_NOTICE, to: None, rule: "《行政处罚法》第四十五条" },
    // The five days run from the notice whatever else is recorded meanwhile (a legal review,
    // a collective discussion): a request within them is heard.
    T {
        step: S::HearingRequest,
        from: &[G::Notified, G::Reviewed, G::Discussed],
        to: Some(G::HearingRequested),
        rule: "《行政处罚法》第六十四条第一项",
    },
    T {
        step: S::HearingNotice, from: &[G::HearingRequested], to: None, rule: "《行政处罚法》第六十四条第二项"
    },
    T {
        step: S::Hearing, from: &[G::HearingRequested], to: Some(G::HearingHeld), rule: "《行政处罚法》第六十四条"
    },
    T {
        step: S::LegalReview,
        from: &[G::Notified, G::HearingHeld, G::Reviewed, G::Discussed],
        to: Some(G::Reviewed),
        rule: "《行政处罚法》第五十八条（法制审核在决定前）",
    },
    T {
        step: S::CollectiveDiscussion,
        from: &[G::Notified, G::HearingHeld, G::Reviewed, G::Discussed],
        to: Some(G::Discussed),
        rule: "《行政处罚法》第五十七条",
    },
    T {
        step: S::Decide,
        from: AFTER_NOTICE,
        to: Some(G::Decided),
        rule: "《行政处罚法》第六十二条（未告知、未听取陈述申辩或未听证的，不得作出行政处罚决定）",
    },
    T { step: S::Suspend, from: BEFORE_DECISION, to: None, rule: "《行政处罚法》第六十条" },
    T { step: S::Resume, from: BEFORE_DECISION, to: None, rule: "《行政处罚法》第六十条" },
    T { step: S::Serve, from: &[G::Decided], to: Some(G::Served), rule: "《行政处罚法》第六十一条" },
    // 催告 before a body enforces a fine itself or applies to the court (《行政强制法》第三十五条、
    // 第四十五条、第四十六条、第五十四条).
    T { step: S::Demand, from: &[G::Served], to: None, rule: "《行政强制法》第三十五条、第五十四条" },
    T {
        step: S::Execute, from: &[G::Served], to: Some(G::Executed), rule: "《行政处罚法》第六十六条、第六十七条"
    },
    T {
        step: S::Close,
        from: &[
            G::Executed,
            G::Filed,
            G::Investigating,
            G::Notified,
            G::HearingRequested,
            G::HearingHeld,
            G::Reviewed,
            G::Discussed,
        ],
        to: Some(G::Closed),
        rule: "《行政处罚法》第五十七条（决定执行完毕或依法不予处罚、撤销、移送后结案）",
    },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) const PENALTY_SIMPLE: &[T] = &[
    T {
        step: S::OnsiteDecision,
        from: &[G::Registered],
        to: Some(G::Decided),
        rule: "《行政处罚法》第五十一条、第五十二条",
    },
    T {
        step: S::Serve, from: &[G::Decided], to: Some(G::Served), rule: "《行政处罚法》第五十二条（当场交付）"
    },
    T {
        step: S::Execute, from: &[G::Served], to: Some(G::Executed), rule: "《行政处罚法》第六十六条至第六十八条"
    },
    T { step: S::Close, from: &[G::Executed], to: Some(G::Closed), rule: "《行政处罚法》第五十二条" },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) const COMPULSORY_MEASURE: &[T] = &[
    T {
        step: S::ApproveMeasure,
        from: &[G::Registered, G::MeasureApplied],
        to: None,
        rule: "《行政强制法》第十八条第一项、第十九条",
    },
    T {
        step: S::ApplyMeasure,
        from: &[G::Registered, G::Approved],
        to: Some(G::MeasureApplied),
        rule: "《行政强制法》第十八条第一项（实施前须报经行政机关负责人批准）",
    },
    T { step: S::ExtendMeasure, from: &[G::MeasureApplied], to: None, rule: "《行政强制法》第二十五条" },
    T { step: S::Recusal, from: &[G::Registered, G::Approved, G::MeasureApplied], to: None, rule: ART_43_STEP },
    T {
        step: S::ExcludePeriod, from: &[G::MeasureApplied], to: None, rule: "《行政强制法》第二十五条第三款"
    },
    T {
        step: S::ReleaseMeasure,
        from: &[G::MeasureApplied],
        to: Some(G::Released),
        rule: "《行政强制法》第二十七条、第二十八条",
    },
    T { step: S::Close, from: &[G::Released], to: Some(G::Closed), rule: "《行政强制法》第二十八条" },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) const COMPULSORY_ENFORCEMENT: &[T] = &[
    T { step: S::Demand, from: &[G::Registered], to: Some(G::Demanded), rule: "《行政强制法》第三十五条" },
    T { step: S::Statement, from: &[G::Demanded], to: None, rule: "《行政强制法》第三十六条" },
    T { step: S::Recusal, from: &[G::Registered, G::Demanded, G::Decided, G::Served], to: None, rule: ART_43_STEP },
    T { step: S::Reexamine, from: &[G::Demanded], to: None, rule: "《行政强制法》第三十六条" },
    T {
        step: S::EnforcementDecision,
        from: &[G::Demanded],
        to: Some(G::Decided),
        rule: "《行政强制法》第三十五条、第三十七条（强制执行决定前应当催告）",
    },
    T { step: S::PublicNotice, from: &[G::Decided, G::Served], to: None, rule: "《行政强制法》第四十四条" },
    T { step: S::Serve, from: &[G::Decided], to: Some(G::Served), rule: "《行政强制法》第三十八条" },
    T {
        step: S::Enforce,
        from: &[G::Served],
        to: Some(G::Executed),
        rule: "《行政强制法》第三十七条、第三十八条（强制执行决定书送达后方可实施）",
    },
    T {
        step: S::Close,
        from: &[G::Executed, G::Demanded],
        to: Some(G::Closed),
        rule: "《行政强制法》第三十九条、第四十条",
    },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) const INSPECTION: &[T] = &[
    T {
        step: S::StartInspection,
        from: &[G::Registered],
        to: Some(G::Started),
        rule: "行政检查须先启动（检查计划或任务）",
    },
    T {
        step: S::Inspect,
        from: &[G::Started, G::Inspected],
        to: Some(G::Inspected),
        rule: "行政检查须先启动（检查计划或任务）",
    },
    T {
        step: S::InspectionResult, from: &[G::Inspected], to: Some(G::Concluded), rule: "检查结论应以现场检查为依据"
    },
    T { step: S::Recheck, from: &[G::Concluded], to: None, rule: "复查在责令改正之后" },
    T { step: S::Recusal, from: &[G::Registered, G::Started, G::Inspected, G::Concluded], to: None, rule: ART_43_STEP },
    T { step: S::Close, from: &[G::Concluded], to: Some(G::Closed), rule: "检查作出结论后结案" },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) const EXPROPRIATION: &[T] = &[
    T {
        step: S::StartExpropriation,
        from: &[G::Registered],
        to: Some(G::Started),
        rule: "征收征用须有法律依据并经立项",
    },
    T { step: S::PublicNotice, from: &[G::Started], to: Some(G::Announced), rule: "征收征用应当公告" },
    T {
        step: S::CompensationDecision,
        from: &[G::Announced],
        to: Some(G::Decided),
        rule: "征收征用决定应在公告之后作出",
    },
    T { step: S::Serve, from: &[G::Decided], to: Some(G::Served), rule: "决定应当送达" },
    T { step: S::Execute, from: &[G::Served], to: Some(G::Executed), rule: "决定送达后实施" },
    T { step: S::Close, from: &[G::Executed], to: Some(G::Closed), rule: "实施完毕后结案" },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) const LICENSING: &[T] = &[
    T { step: S::Apply, from: &[G::Registered], to: Some(G::Applied), rule: "《行政许可法》第二十九条" },
    T {
        step: S::RequestMaterials,
        from: &[G::Applied],
        to: Some(G::MaterialsRequested),
        rule: "《行政许可法》第三十二条第一款第四项（补正材料应当一次告知）",
    },
    T {
        step: S::MaterialsReceived,
        from: &[G::MaterialsRequested],
        to: Some(G::MaterialsComplete),
        rule: "《行政许可法》第三十二条",
    },
    T {
        step: S::Accept,
        from: &[G::Applied, G::MaterialsComplete],
        to: Some(G::Accepted),
        rule: "《行政许可法》第三十二条",
    },
    T {
        step: S::RefuseApplication,
        from: &[G::Applied, G::MaterialsComplete],
        to: Some(G::Decided),
        rule: "《行政许可法》第三十二条",
    },
    T { step: S::ExtendDecision, from: &[G::Accepted], to: None, rule: "《行政许可法》第四十二条" },
    // Hearings (《行政许可法》第四十六条至第四十八条): the case stays 受理; the guards keep the order.
    T {
        step: S::HearingRightNotice,
        from: &[G::Accepted],
        to: None,
        rule: "《行政许可法》第四十七条（作出决定前告知听证权利）",
    },
    T { step: S::HearingRequest, from: &[G::Accepted], to: None, rule: "《行政许可法》第四十七条" },
    T {
        step: S::HearingNotice, from: &[G::Accepted], to: None, rule: "《行政许可法》第四十八条第一款第一项"
    },
    T { step: S::Hearing, from: &[G::Accepted], to: None, rule: "《行政许可法》第四十八条" },
    T { step: S::ExcludePeriod, from: &[G::Accepted], to: None, rule: "《行政许可法》第四十五条" },
    T {
        step: S::LicenceDecision,
        from: &[G::Accepted],
        to: Some(G::Decided),
        rule: "《行政许可法》第三十四条（受理后审查决定）",
    },
    T {
        step: S::IssueLicence, from: &[G::Decided], to: Some(G::Issued), rule: "《行政许可法》第三十九条、第四十四条"
    },
    T {
        step: S::Serve, from: &[G::Decided, G::Issued], to: Some(G::Served), rule: "《行政许可法》第四十四条"
    },
    T { step: S::Close, from: &[G::Served], to: Some(G::Closed), rule: "《行政许可法》第四十四条" },
    T { step: S::Archive, from: &[G::Closed, G::Supplementing], to: Some(G::Archived), rule: ART_47 },
    T { step: S::SupplementArchive, from: &[G::Archived], to: Some(G::Supplementing), rule: SUPPLEMENT },
];

pub(super) fn table(kind: CaseKind) -> &'static [T] {
    match kind {
        CaseKind::PenaltyGeneral => PENALTY_GENERAL,
        CaseKind::PenaltySimple => PENALTY_SIMPLE,
        CaseKind::CompulsoryMeasure => COMPULSORY_MEASURE,
        CaseKind::CompulsoryEnforcement => COMPULSORY_ENFORCEMENT,
        CaseKind::Inspection => INSPECTION,
        CaseKind::Expropriation => EXPROPRIATION,
        CaseKind::Licensing => LICENSING,
    }
}

/// One transition of a procedure, as the machine enforces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// the step
    pub step: StepKind,
    /// the stages it may be recorded in
    pub from: Vec<Stage>,
    /// the stage it leads to (`None`: the case stays where it is)
    pub to: Option<Stage>,
    /// the rule that places it
    pub rule: &'static str,
}

/// The procedure of a kind of case, in procedure order: the same table [`check_step`] and
/// [`next_steps`] read, so that what is shown to the public cannot drift from what is enforced.
pub fn transitions(kind: CaseKind) -> Vec<Transition> {
    let mut out = Vec::new();
    for t in table(kind) {
        // The one transition whose target depends on where it starts (see `advance`).
        if t.step == S::ApproveMeasure {
            out.push(Transition { step: t.step, from: vec![G::Registered], to: Some(G::Approved), rule: t.rule });
            let rest: Vec<Stage> = t.from.iter().copied().filter(|f| *f != G::Registered).collect();
            if !rest.is_empty() {
                out.push(Transition { step: t.step, from: rest, to: None, rule: t.rule });
            }
            continue;
        }
        out.push(Transition { step: t.step, from: t.from.to_vec(), to: t.to, rule: t.rule });
    }
    out
}

/// The steps a kind of case knows, in procedure order.
pub fn steps_of(kind: CaseKind) -> Vec<StepKind> {
    table(kind).iter().map(|t| t.step).collect()
}

/// The stage after one more step.
pub(super) fn advance(kind: CaseKind, stage: Stage, step: &Recorded) -> Stage {
    let Some(t) = table(kind).iter().find(|t| t.step == step.kind) else { return stage };
    match (step.kind, stage) {
        (S::ApproveMeasure, G::Registered) => G::Approved,
        (S::LegalReview, _) if step.data.result.as_deref() != Some(ReviewResult::Agree.code()) => stage,
        // 放弃听证: recorded, the procedure goes on where it was.
        (S::HearingRequest, _) if step.data.waived => stage,
        _ => t.to.unwrap_or(stage),
    }
}

/// The stage a case is at after its steps.
pub fn stage_of(kind: CaseKind, history: &[Recorded]) -> Stage {
    history.iter().fold(G::Registered, |s, r| advance(kind, s, r))
}

/// Whether the case is suspended (an open 中止).
pub fn is_suspended(history: &[Recorded]) -> bool {
    history.iter().rev().find(|r| matches!(r.kind, S::Suspend | S::Resume)).is_some_and(|r| r.kind == S::Suspend)
}

/// The steps the stage allows next (what the pages offer).
pub fn next_steps(kind: CaseKind, history: &[Recorded]) -> Vec<StepKind> {
    let stage = stage_of(kind, history);
    let suspended = is_suspended(history);
    table(kind)
        .iter()
        .filter(|t| t.from.contains(&stage))
        .map(|t| t.step)
        .filter(|s| if suspended { *s == S::Resume } else { *s != S::Resume })
        .collect()
}

/// The role that records a step: heads approve and decide, reviewers review, officers do the
/// rest.
pub fn step_role(step: StepKind) -> Role {
    match step {
        S::File
        | S::RefuseFiling
        | S::Recusal
        | S::ApproveMeasure
        | S::ApprovePreservation
        | S::HandlePreserved
        | S::ExtendMeasure
        | S::ExtendDecision
        | S::CollectiveDiscussion
        | S::Decide
        | S::EnforcementDecision
        | S::CompensationDecision
        | S::LicenceDecision
        | S::SupplementArchive
        | S::Close => Role::Head,
        S::LegalReview => Role::Reviewer,
        _ => Role::Officer,
    }
}

/// Steps taken on occasion rather than owed by the procedure (a recusal, a suspension, a period
/// excluded, an extension, a preservation, a supplement to the archived file, refusing to file
/// instead of filing, a further inquiry): open to record, but nobody's to-do.
pub fn occasional(step: StepKind) -> bool {
    matches!(
        step,
        S::Recusal
            | S::Suspend
            | S::ExcludePeriod
            | S::ExtendMeasure
            | S::ExtendDecision
            | S::PreserveEvidence
            | S::ApprovePreservation
            | S::SupplementArchive
            | S::RefuseFiling
            | S::Inquire
            | S::HearingRequest
    )
}

/// The date 立案 took effect: the 立案 step, or the first step of kinds without one.
pub fn filed_on(history: &[Recorded]) -> Option<NaiveDate> {
    history.iter().find(|r| r.kind == S::File).or_else(|| history.first()).map(Recorded::date)
}

pub(super) fn last(history: &[Recorded], kind: StepKind) -> Option<&Recorded> {
    history.iter().rev().find(|r| r.kind == kind)
}

pub(super) fn last_index(history: &[Recorded], kind: StepKind) -> Option<usize> {
    history.iter().rposition(|r| r.kind == kind)
}

/// Days (calendar) the case spent suspended up to `until`.
pub fn suspended_days(history: &[Recorded], until: NaiveDate) -> u32 {
    let mut total = 0i64;
    let mut open: Option<NaiveDate> = None;
    for r in history {
        match (r.kind, open) {
            (S::Suspend, None) => open = Some(r.date()),
            (S::Resume, Some(from)) => {
                total += (r.date() - from).num_days();
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        total += (until - from).num_days().max(0);
    }
    u32::try_from(total).unwrap_or(0)
}
