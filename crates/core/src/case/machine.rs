//! The procedures as explicit state machines, one transition table per kind of case, and the
//! guards that check each step against the statutes before anything is written.

use super::input::{StepData, ValidStep};
use super::model::*;
use super::policy::CasePolicy;
use super::rules::{self, OfficerStanding, Refusal, Span, unknown_year};
use crate::access::Role;
use crate::calendar::Calendar;
use crate::evidence::EvidenceKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

/// What the machine needs to know about a case besides its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    /// kind
    pub kind: CaseKind,
    /// 执法领域
    pub domain: String,
    /// `Person` if any party is a citizen (the stricter limits apply), else `Organisation`
    pub party_kind: PartyKind,
    /// handling officers
    pub officer_ids: Vec<i64>,
    /// when the act happened
    pub act_date: Option<NaiveDate>,
    /// when a continuing act ended
    pub act_ended: Option<NaiveDate>,
    /// when it was discovered
    pub discovered_on: Option<NaiveDate>,
    /// serious harm: five-year limitation
    pub serious_harm: bool,
    /// needs collective discussion
    pub complex: bool,
}

/// A step already recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// kind
    pub kind: StepKind,
    /// when it happened
    pub occurred_at: DateTime<Utc>,
    /// what it recorded
    pub data: StepData,
}

impl Recorded {
    /// The day (Asia/Shanghai) it happened.
    pub fn date(&self) -> NaiveDate {
        crate::time::shanghai_date(self.occurred_at)
    }
}

/// An evidence item linked to a step, as storage found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFact {
    /// id
    pub id: i64,
    /// the case number it was filed under
    pub case_number: String,
    /// kind of file
    pub kind: EvidenceKind,
    /// when it was captured
    pub captured_at: DateTime<Utc>,
    /// not deleted
    pub live: bool,
}

/// Everything outside the case a step is checked against.
#[derive(Debug, Clone)]
pub struct StepContext<'a> {
    /// now
    pub now: DateTime<Utc>,
    /// the caller's role
    pub role: Role,
    /// the caller's officer record, if any
    pub caller_officer_id: Option<i64>,
    /// the calendar
    pub calendar: &'a Calendar,
    /// the policy
    pub policy: &'a CasePolicy,
    /// the case number
    pub case_number: &'a str,
    /// standings of the step's officers (and the hearing chair)
    pub officers: &'a [OfficerStanding],
    /// the linked evidence storage found (missing ids are absent)
    pub evidence: &'a [EvidenceFact],
    /// the kinds of the documents issued in the case so far (one entry per document)
    pub documents: &'a [crate::doc::DocKind],
    /// the case's legal review (given for the decisions the art. 58 gate stands before and for
    /// the 法制审核 step; see [`review_gated`])
    pub review: Option<&'a crate::review::ReviewGate>,
}

/// A step the machine accepted: the stage it leads to and prompts for the officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accepted {
    /// the stage after the step
    pub stage: Stage,
    /// advice that does not block (e.g. “建议音像记录”)
    pub prompts: Vec<String>,
}

struct T {
    step: StepKind,
    from: &'static [Stage],
    to: Option<Stage>,
    rule: &'static str,
}

use Stage as G;
use StepKind as S;

const BEFORE_DECISION: &[Stage] =
    &[G::Filed, G::Investigating, G::Notified, G::HearingRequested, G::HearingHeld, G::Reviewed, G::Discussed];
const AFTER_NOTICE: &[Stage] = &[G::Notified, G::HearingHeld, G::Reviewed, G::Discussed];
const ART_47: &str = "《行政处罚法》第四十七条";

const PENALTY_GENERAL: &[T] = &[
    T { step: S::File, from: &[G::Registered], to: Some(G::Filed), rule: "《行政处罚法》第五十四条" },
    T {
        step: S::Investigate,
        from: &[G::Filed, G::Investigating, G::Notified, G::HearingHeld, G::Reviewed, G::Discussed],
        to: Some(G::Investigating),
        rule: "《行政处罚法》第五十四条（立案后调查取证）",
    },
    T {
        step: S::PreserveEvidence,
        from: &[G::Filed, G::Investigating],
        to: Some(G::Investigating),
        rule: "《行政处罚法》第五十六条",
    },
    T {
        step: S::NotifyIntent,
        from: &[G::Investigating],
        to: Some(G::Notified),
        rule: "《行政处罚法》第四十四条（调查取证后、决定前告知）",
    },
    T {
        step: S::Statement,
        from: &[G::Notified, G::HearingRequested, G::HearingHeld, G::Reviewed, G::Discussed],
        to: None,
        rule: "《行政处罚法》第四十五条",
    },
    T { step: S::Reexamine, from: AFTER_NOTICE, to: None, rule: "《行政处罚法》第四十五条" },
    T {
        step: S::HearingRequest,
        from: &[G::Notified],
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
    T {
        step: S::Execute, from: &[G::Served], to: Some(G::Executed), rule: "《行政处罚法》第六十六条、第六十七条"
    },
    T {
        step: S::Close,
        from: &[G::Executed, G::Filed, G::Investigating, G::Notified, G::HearingHeld, G::Reviewed, G::Discussed],
        to: Some(G::Closed),
        rule: "《行政处罚法》第五十七条（决定执行完毕或依法不予处罚、撤销、移送后结案）",
    },
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

const PENALTY_SIMPLE: &[T] = &[
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
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

const COMPULSORY_MEASURE: &[T] = &[
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
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

const COMPULSORY_ENFORCEMENT: &[T] = &[
    T { step: S::Demand, from: &[G::Registered], to: Some(G::Demanded), rule: "《行政强制法》第三十五条" },
    T { step: S::Statement, from: &[G::Demanded], to: None, rule: "《行政强制法》第三十六条" },
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
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

const INSPECTION: &[T] = &[
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
    T { step: S::Close, from: &[G::Concluded], to: Some(G::Closed), rule: "检查作出结论后结案" },
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

const EXPROPRIATION: &[T] = &[
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
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

const LICENSING: &[T] = &[
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
    T { step: S::Archive, from: &[G::Closed], to: Some(G::Archived), rule: ART_47 },
];

fn table(kind: CaseKind) -> &'static [T] {
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
fn advance(kind: CaseKind, stage: Stage, step: &Recorded) -> Stage {
    let Some(t) = table(kind).iter().find(|t| t.step == step.kind) else { return stage };
    match (step.kind, stage) {
        (S::ApproveMeasure, G::Registered) => G::Approved,
        (S::LegalReview, _) if step.data.result.as_deref() != Some(ReviewResult::Agree.code()) => stage,
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
        | S::ApproveMeasure
        | S::ExtendMeasure
        | S::ExtendDecision
        | S::CollectiveDiscussion
        | S::Decide
        | S::EnforcementDecision
        | S::CompensationDecision
        | S::LicenceDecision
        | S::Close => Role::Head,
        S::LegalReview => Role::Reviewer,
        _ => Role::Officer,
    }
}

/// The date 立案 took effect: the 立案 step, or the first step of kinds without one.
pub fn filed_on(history: &[Recorded]) -> Option<NaiveDate> {
    history.iter().find(|r| r.kind == S::File).or_else(|| history.first()).map(Recorded::date)
}

fn last(history: &[Recorded], kind: StepKind) -> Option<&Recorded> {
    history.iter().rev().find(|r| r.kind == kind)
}

fn last_index(history: &[Recorded], kind: StepKind) -> Option<usize> {
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

fn excluded_calendar_days(history: &[Recorded]) -> u32 {
    history
        .iter()
        .filter(|r| r.kind == S::ExcludePeriod)
        .filter_map(|r| Some((r.data.to_date? - r.data.from_date?).num_days() + 1))
        .map(|n| u32::try_from(n).unwrap_or(0))
        .sum()
}

fn excluded_working_days(cal: &Calendar, history: &[Recorded]) -> Result<u32, Refusal> {
    let mut n = 0;
    for r in history.iter().filter(|r| r.kind == S::ExcludePeriod) {
        if let (Some(f), Some(t)) = (r.data.from_date, r.data.to_date) {
            n += cal.working_days_between(f - Duration::days(1), t).map_err(unknown_year)?;
        }
    }
    Ok(n)
}

/// The decision a penalty case carries (general or on the spot).
pub fn decided_penalty(history: &[Recorded]) -> Option<&Penalty> {
    history.iter().rev().find(|r| matches!(r.kind, S::Decide | S::OnsiteDecision)).and_then(|r| r.data.penalty.as_ref())
}

/// The end of a compulsory measure (《行政强制法》第二十五条).
pub fn measure_end(cal: &Calendar, history: &[Recorded]) -> Result<Option<NaiveDate>, Refusal> {
    match measure_period(history) {
        Some((from, span)) => span.end(cal, from).map(Some).map_err(unknown_year),
        None => Ok(None),
    }
}

/// The day a licence application counts as accepted: the day materials arrived when they were
/// not asked for within five working days (《行政许可法》第三十二条第一款第四项).
pub fn effective_acceptance(cal: &Calendar, history: &[Recorded]) -> Result<Option<NaiveDate>, Refusal> {
    let (Some(apply), Some(accept)) = (last(history, S::Apply), last(history, S::Accept)) else { return Ok(None) };
    if last(history, S::RequestMaterials).is_none()
        && late(cal, apply.date(), rules::MATERIALS_REQUEST, accept.date())?.is_some()
    {
        return Ok(Some(apply.date()));
    }
    Ok(Some(accept.date()))
}

/// The licence decision period: from the effective acceptance, twenty working days plus the
/// approved extension and the excluded working days (《行政许可法》第四十二条、第四十五条).
fn licence_period(cal: &Calendar, history: &[Recorded]) -> Result<Option<(NaiveDate, Span)>, Refusal> {
    let Some(accepted) = effective_acceptance(cal, history)? else { return Ok(None) };
    let ext: u32 = history.iter().filter(|r| r.kind == S::ExtendDecision).filter_map(|r| r.data.days).sum();
    let excluded = excluded_working_days(cal, history)?;
    Ok(Some((accepted, rules::LICENCE_DECISION.plus(ext + excluded))))
}

/// The licence decision deadline (《行政许可法》第四十二条、第四十五条).
pub fn licence_deadline(cal: &Calendar, history: &[Recorded]) -> Result<Option<NaiveDate>, Refusal> {
    match licence_period(cal, history)? {
        Some((from, span)) => span.end(cal, from).map(Some).map_err(unknown_year),
        None => Ok(None),
    }
}

/// The seizure period: from the measure, its days plus the extension and the excluded
/// (testing) days (《行政强制法》第二十五条).
fn measure_period(history: &[Recorded]) -> Option<(NaiveDate, Span)> {
    let applied = last(history, S::ApplyMeasure)?;
    let ext: u32 = history.iter().filter(|r| r.kind == S::ExtendMeasure).filter_map(|r| r.data.days).sum();
    let days = applied.data.days.unwrap_or(rules::SEIZURE_MAX) + ext + excluded_calendar_days(history);
    Some((applied.date(), Span { days, kind: crate::calendar::PeriodKind::Calendar }))
}

fn refuse(field: &'static str, rule: &'static str, msg: impl Into<String>) -> Result<(), Refusal> {
    Err(Refusal::new(field, rule, msg))
}

/// `Some(last day)` when `date` is past the period `span` from `start`, `None` when in time.
/// Deciding needs the schedule only up to `date` ([`Calendar::within`]).
fn late(cal: &Calendar, start: NaiveDate, span: Span, date: NaiveDate) -> Result<Option<NaiveDate>, Refusal> {
    if cal.within(start, span.days, span.kind, date).map_err(unknown_year)? {
        return Ok(None);
    }
    span.end(cal, start).map(Some).map_err(unknown_year)
}

/// The last day of a period for a message, or why it cannot be given.
fn end_text(cal: &Calendar, start: NaiveDate, span: Span) -> String {
    span.end(cal, start).map_or_else(|e| format!("期限跨入节假日安排未公布的年份：{e}"), |d| d.to_string())
}

/// Checks one step against the procedure of the case and the statutes. On success the step's
/// data may have been completed (e.g. the hearing right computed at the notice) and the new
/// stage is returned; on refusal nothing may be written.
pub fn check_step(
    case: &CaseFacts,
    history: &[Recorded],
    step: &mut ValidStep,
    ctx: &StepContext<'_>,
) -> Result<Accepted, Refusal> {
    let stage = stage_of(case.kind, history);
    let Some(t) = table(case.kind).iter().find(|t| t.step == step.kind) else {
        return Err(Refusal::new("kind", "办案程序", format!("{}没有“{}”环节", case.kind.label(), step.kind.label())));
    };
    if !t.from.contains(&stage) {
        let next: Vec<_> = next_steps(case.kind, history).iter().map(|s| s.label()).collect();
        return Err(Refusal::new(
            "kind",
            t.rule,
            format!(
                "案件当前为“{}”阶段，不能进行“{}”；当前可进行：{}",
                stage.label(),
                step.kind.label(),
                if next.is_empty() { "无".to_string() } else { next.join("、") }
            ),
        ));
    }
    if is_suspended(history) && step.kind != S::Resume {
        refuse("kind", "《行政处罚法》第六十条", "案件已中止，须先恢复办理")?;
    }
    if step.kind == S::Resume && !is_suspended(history) {
        refuse("kind", "《行政处罚法》第六十条", "案件未中止，无需恢复")?;
    }
    check_role(case, step.kind, ctx)?;
    if let Some(prev) = history.last()
        && step.occurred_at < prev.occurred_at
    {
        refuse(
            "occurred_at",
            ART_47,
            format!(
                "发生时间不能早于上一环节“{}”（{}），全过程记录按时间顺序进行",
                prev.kind.label(),
                crate::time::display(prev.occurred_at)
            ),
        )?;
    }
    let date = crate::time::shanghai_date(step.occurred_at);
    for o in ctx.officers {
        if !o.in_body {
            refuse("officer_ids", "《行政处罚法》第四十二条", format!("{}不是本机关执法人员", o.name))?;
        }
    }
    if step.kind.is_field() {
        rules::check_field_officers(ctx.officers, &case.domain, date)?;
    }
    if step.kind == S::Archive {
        check_case_file(history, ctx.documents)?;
    }
    let mut prompts = check_evidence(step, ctx, date)?;
    guard(case, history, stage, step, ctx, date, &mut prompts)?;
    // After the procedure's own rules, so that a decision before the notice names art. 62.
    if review_gated(step.kind) {
        check_review(step, ctx)?;
    }
    step.data.notes = prompts.clone();
    let recorded = Recorded { kind: step.kind, occurred_at: step.occurred_at, data: step.data.clone() };
    Ok(Accepted { stage: advance(case.kind, stage, &recorded), prompts })
}

/// The steps the legal review decides on: the decisions it stands before (处罚法 art. 58; seed
/// §四(四)1: 没有经过法制审核的，不得作出执法决定) and the 法制审核 step that records its conclusion.
pub fn review_gated(kind: StepKind) -> bool {
    matches!(
        kind,
        S::Decide
            | S::EnforcementDecision
            | S::CompensationDecision
            | S::LicenceDecision
            | S::ApproveMeasure
            | S::LegalReview
    )
}

/// The decisions themselves (the gated steps but the 法制审核 record): whoever records one signs it.
pub fn is_decision(kind: StepKind) -> bool {
    review_gated(kind) && kind != S::LegalReview
}

/// The art. 58 gate, from the review file: a decision needs the latest submission passed when
/// review is required; the 法制审核 step records the file's conclusion and cannot differ from it.
fn check_review(step: &ValidStep, ctx: &StepContext<'_>) -> Result<(), Refusal> {
    use crate::review::{ART_58, State, state};
    let Some(r) = ctx.review else {
        return refuse("kind", ART_58, "未取得本案法制审核情况，不能办理此环节");
    };
    if step.kind != S::LegalReview {
        return crate::review::gate(&r.requirement, &r.events);
    }
    let concluded = match state(&r.events) {
        State::Passed { .. } => Some(ReviewResult::Agree),
        State::Returned { outcome, .. } => Some(outcome),
        _ => None,
    };
    match concluded {
        None => refuse("kind", ART_58, "法制审核尚无结论：须先送审，由法制审核人员审核"),
        Some(o) if step.data.result.as_deref() != Some(o.code()) => {
            refuse("result", ART_58, format!("审核结论应与审核意见一致（{}）", o.label()))
        }
        Some(_) => Ok(()),
    }
}

/// DA/T 70 (电子档案完整性): a case is archived only with every recorded step's document in its
/// file (立案审批表, 事先告知书, 决定书, 送达回证, 结案审批表 …).
fn check_case_file(history: &[Recorded], documents: &[crate::doc::DocKind]) -> Result<(), Refusal> {
    let done: Vec<StepKind> = history.iter().map(|h| h.kind).collect();
    let missing = crate::archive::missing_documents(&done, documents);
    if missing.is_empty() {
        return Ok(());
    }
    let names = missing.iter().map(|d| d.label()).collect::<Vec<_>>().join("、");
    refuse("kind", "DA/T 70 电子档案完整性", format!("案卷不完整，归档前须制作：{names}"))
}

fn check_role(case: &CaseFacts, step: StepKind, ctx: &StepContext<'_>) -> Result<(), Refusal> {
    let need = step_role(step);
    let rule = match need {
        Role::Head => "《行政处罚法》第五十七条、《行政强制法》第十八条第一项（由行政机关负责人批准或决定）",
        Role::Reviewer => "《行政处罚法》第五十八条（法制审核由审核人员进行）",
        _ => "《行政处罚法》第四十二条（由本案执法人员实施）",
    };
    if ctx.role != need {
        refuse("kind", rule, format!("“{}”应由{}办理", step.label(), need.label()))?;
    }
    if need == Role::Officer && !ctx.caller_officer_id.is_some_and(|id| case.officer_ids.contains(&id)) {
        refuse("kind", rule, "只有本案承办执法人员可以记录办案环节")?;
    }
    Ok(())
}

/// Linked evidence must exist, be live and belong to the case; steps on the audio-video list
/// need an audio or video item captured that day (seed §三(二)1, 《行政处罚法》第四十七条).
fn check_evidence(step: &ValidStep, ctx: &StepContext<'_>, date: NaiveDate) -> Result<Vec<String>, Refusal> {
    const RULE: &str = "《行政处罚法》第四十七条、本区实施方案第三部分（全程音像记录）";
    for id in &step.data.evidence_ids {
        match ctx.evidence.iter().find(|e| e.id == *id) {
            None => refuse("evidence_ids", RULE, format!("证据{id}不存在或不在本机关"))?,
            Some(e) if !e.live => refuse("evidence_ids", RULE, format!("证据{id}已删除"))?,
            Some(e) if e.case_number != ctx.case_number => {
                refuse("evidence_ids", RULE, format!("证据{id}属于案件{}，不是本案证据", e.case_number))?
            }
            Some(_) => {}
        }
    }
    let covered = ctx.evidence.iter().any(|e| {
        e.live
            && e.case_number == ctx.case_number
            && matches!(e.kind, EvidenceKind::Video | EvidenceKind::Audio)
            && crate::time::shanghai_date(e.captured_at) == date
    });
    let mut prompts = Vec::new();
    if ctx.policy.av_required.contains(&step.kind) && !covered {
        refuse(
            "evidence_ids",
            RULE,
            format!("“{}”须全程音像记录：请关联当天拍摄的音视频证据后再完成此环节", step.kind.label()),
        )?;
    }
    let prompted = ctx.policy.av_prompted.contains(&step.kind)
        && (step.kind != S::Serve
            || matches!(step.data.method_as(ServiceMethod::parse), Some(ServiceMethod::Left | ServiceMethod::Public)));
    if prompted && !covered {
        prompts.push(format!("建议对“{}”进行音像记录并关联证据", step.kind.label()));
    }
    Ok(prompts)
}

// One arm per (kind, step); guards read better as `if`s inside their arm.
#[allow(clippy::too_many_lines, clippy::collapsible_match)]
fn guard(
    case: &CaseFacts,
    history: &[Recorded],
    stage: Stage,
    step: &mut ValidStep,
    ctx: &StepContext<'_>,
    date: NaiveDate,
    prompts: &mut Vec<String>,
) -> Result<(), Refusal> {
    let cal = ctx.calendar;
    let d = &step.data;
    match (case.kind, step.kind) {
        (CaseKind::PenaltyGeneral, S::File) | (CaseKind::PenaltySimple, S::OnsiteDecision) => {
            if let Some(act) = case.act_date {
                rules::check_limitation(act, case.act_ended, case.serious_harm, case.discovered_on.unwrap_or(date))?;
            }
            if step.kind == S::OnsiteDecision
                && let Some(p) = &d.penalty
            {
                rules::check_simple_procedure(case.party_kind, p)?;
            }
        }
        (_, S::NotifyIntent) => {
            let right = d.penalty.as_ref().and_then(|p| ctx.policy.hearing_right(&case.domain, case.party_kind, p));
            if right.is_some() {
                prompts.push("拟作出的处罚适用听证，告知书应同时告知听证权利".into());
            }
            step.data.hearing_right = right;
        }
        (CaseKind::PenaltyGeneral, S::Reexamine) => {
            let notice = last_index(history, S::NotifyIntent).unwrap_or(0);
            let stated = history[notice..].iter().any(|r| r.kind == S::Statement && !r.data.waived);
            if !stated {
                refuse("kind", "《行政处罚法》第四十五条", "告知后当事人没有提出陈述申辩，无需复核")?;
            }
        }
        (_, S::HearingRequest) => {
            let Some(n) = last(history, S::NotifyIntent) else { return Ok(()) };
            if n.data.hearing_right.is_none() {
                refuse(
                    "kind",
                    "《行政处罚法》第六十三条",
                    "拟作出的处罚不属于应当告知听证权利的情形（数额未达较大数额标准，也不是吊销、停产停业等较重处罚）",
                )?;
            }
            if let Some(limit) = late(cal, n.date(), rules::HEARING_REQUEST, date)? {
                refuse(
                    "occurred_at",
                    "《行政处罚法》第六十四条第一项",
                    format!("当事人应在告知后五日内（至{limit}）提出听证要求，已逾期"),
                )?;
            }
        }
        (_, S::HearingNotice) => {
            if let Some(h) = d.to_date
                && late(cal, date, rules::HEARING_NOTICE, h)?.is_none()
            {
                refuse(
                    "to_date",
                    "《行政处罚法》第六十四条第二项",
                    format!(
                        "应在举行听证的七日前通知当事人，听证日期应晚于{}",
                        end_text(cal, date, rules::HEARING_NOTICE)
                    ),
                )?;
            }
        }
        (_, S::Hearing) => {
            let Some(n) = last(history, S::HearingNotice) else {
                return refuse("kind", "《行政处罚法》第六十四条第二项", "尚未通知当事人举行听证的时间、地点");
            };
            if late(cal, n.date(), rules::HEARING_NOTICE, date)?.is_none() {
                refuse(
                    "occurred_at",
                    "《行政处罚法》第六十四条第二项",
                    format!("听证应在通知七日后举行，应晚于{}", end_text(cal, n.date(), rules::HEARING_NOTICE)),
                )?;
            }
            let investigators: Vec<i64> = history
                .iter()
                .filter(|r| matches!(r.kind, S::Investigate | S::PreserveEvidence))
                .flat_map(|r| r.data.officer_ids.iter().copied())
                .chain(case.officer_ids.iter().copied())
                .collect();
            if d.chair_officer_id.is_some_and(|c| investigators.contains(&c)) {
                refuse("chair_officer_id", "《行政处罚法》第六十四条第四项", "听证应由非本案调查人员主持")?;
            }
            if !d.party_signed && !d.content.as_deref().is_some_and(|c| c.contains("拒绝")) {
                refuse(
                    "party_signed",
                    "《行政处罚法》第六十四条第八项",
                    "听证笔录应交当事人核对签字；当事人拒绝的，由主持人在笔录中注明",
                )?;
            }
        }
        (CaseKind::PenaltyGeneral, S::Decide) => check_decision(case, history, step, ctx, date)?,
        (CaseKind::PenaltyGeneral, S::Close) if stage != G::Executed => {
            if !matches!(
                d.result_as(CloseOutcome::parse),
                Some(CloseOutcome::NoPenalty | CloseOutcome::Withdrawn | CloseOutcome::Transferred)
            ) {
                refuse(
                    "result",
                    "《行政处罚法》第五十七条",
                    "未作出处罚决定的案件，只能以不予行政处罚、撤销立案或移送结案",
                )?;
            }
        }
        (_, S::Serve) => check_service(cal, case, history, stage, step, date)?,
        (CaseKind::PenaltyGeneral | CaseKind::PenaltySimple, S::Execute) => {
            check_payment(history, step, ctx, date)?;
        }
        (CaseKind::CompulsoryMeasure, S::ApproveMeasure) if stage == G::MeasureApplied => {
            let Some(m) = last(history, S::ApplyMeasure) else { return Ok(()) };
            if m.data.urgent_reason.is_none() || history.iter().any(|r| r.kind == S::ApproveMeasure) {
                refuse("kind", "《行政强制法》第十九条", "强制措施已经批准，无需再次审批")?;
            }
            if step.occurred_at > m.occurred_at + Duration::hours(24) {
                refuse(
                    "occurred_at",
                    "《行政强制法》第十九条",
                    "紧急情况下当场实施的强制措施应在二十四小时内报告并补办批准手续；已超过二十四小时，应当立即解除",
                )?;
            }
        }
        (CaseKind::CompulsoryMeasure, S::ApplyMeasure) => {
            if stage == G::Registered && d.urgent_reason.is_none() {
                refuse(
                    "urgent_reason",
                    "《行政强制法》第十八条第一项、第十九条",
                    "实施前须报经行政机关负责人批准；情况紧急需要当场实施的，须说明紧急情况，并在二十四小时内补办批准手续",
                )?;
            }
            if d.days.is_some_and(|n| n > 30) {
                refuse("days", "《行政强制法》第二十五条", "查封、扣押的期限不得超过三十日")?;
            }
            let measure = d.method_as(MeasureKind::parse);
            if matches!(measure, Some(MeasureKind::Seal | MeasureKind::Seize)) && d.items.is_empty() {
                refuse("items", "《行政强制法》第二十四条", "查封、扣押应当制作现场笔录和清单，请填写物品清单")?;
            }
            if d.party_present != Some(true) && d.witness.is_none() {
                refuse(
                    "witness",
                    "《行政强制法》第十八条第十项",
                    "当事人不到场的，应当邀请见证人到场并在现场笔录上签名",
                )?;
            }
            if !d.party_signed && d.witness.is_none() {
                refuse(
                    "party_signed",
                    "《行政强制法》第十八条第九项",
                    "现场笔录须由当事人和执法人员签名；当事人拒绝的，应注明并由见证人签名",
                )?;
            }
        }
        (CaseKind::CompulsoryMeasure, S::ExtendMeasure | S::ExcludePeriod) => {
            if let Some(m) = last(history, S::ApplyMeasure)
                && m.data.urgent_reason.is_some()
                && !history.iter().any(|r| r.kind == S::ApproveMeasure)
            {
                refuse("kind", "《行政强制法》第十九条", "紧急实施的强制措施尚未补办批准手续")?;
            }
            if !d.notice_given {
                refuse(
                    "notice_given",
                    "《行政强制法》第二十五条",
                    if step.kind == S::ExtendMeasure {
                        "延长查封、扣押的决定应当及时书面告知当事人"
                    } else {
                        "检测、检验、检疫或者技术鉴定的期间应当明确并书面告知当事人"
                    },
                )?;
            }
            if step.kind == S::ExtendMeasure {
                if history.iter().any(|r| r.kind == S::ExtendMeasure) {
                    refuse("kind", "《行政强制法》第二十五条", "查封、扣押期限只能延长一次，延长期限不得超过三十日")?;
                }
                if d.days.is_some_and(|n| n > 30) {
                    refuse("days", "《行政强制法》第二十五条", "延长期限不得超过三十日")?;
                }
                if let Some((from, span)) = measure_period(history)
                    && let Some(end) = late(cal, from, span, date)?
                {
                    refuse(
                        "occurred_at",
                        "《行政强制法》第二十五条",
                        format!("查封、扣押期限已于{end}届满，不能再延长，应当解除"),
                    )?;
                }
            }
        }
        (CaseKind::CompulsoryMeasure, S::ReleaseMeasure) => {
            if let Some((from, span)) = measure_period(history)
                && let Some(end) = late(cal, from, span, date)?
            {
                prompts.push(format!("强制措施期限已于{end}届满，解除迟延（《行政强制法》第二十八条）"));
            }
        }
        (CaseKind::CompulsoryEnforcement, S::Demand) => {
            if d.to_date.is_some_and(|t| t <= date) {
                refuse("to_date", "《行政强制法》第三十五条第一项", "催告书应当载明履行期限，期限应晚于催告日期")?;
            }
        }
        (CaseKind::CompulsoryEnforcement, S::Reexamine) => {
            if !history.iter().any(|r| r.kind == S::Statement && !r.data.waived) {
                refuse("kind", "《行政强制法》第三十六条", "当事人没有提出陈述申辩，无需复核")?;
            }
        }
        (CaseKind::CompulsoryEnforcement, S::EnforcementDecision) => {
            if let Some(due) = last(history, S::Demand).and_then(|r| r.data.to_date)
                && date <= due
            {
                refuse(
                    "occurred_at",
                    "《行政强制法》第三十七条第一款",
                    format!("催告的履行期限（至{due}）尚未届满，不能作出强制执行决定"),
                )?;
            }
            let stated = last_index(history, S::Statement).filter(|i| !history[*i].data.waived);
            if let Some(i) = stated
                && !history[i..].iter().any(|r| r.kind == S::Reexamine)
            {
                refuse("kind", "《行政强制法》第三十六条", "对当事人的陈述申辩应当进行记录、复核")?;
            }
        }
        (CaseKind::CompulsoryEnforcement, S::Enforce) => {
            let forbidden = rules::enforcement_time_forbidden(
                cal,
                step.occurred_at,
                ctx.policy.night_from_hour,
                ctx.policy.night_until_hour,
            )
            .map_err(unknown_year)?;
            if let Some(why) = forbidden
                && d.urgent_reason.is_none()
            {
                refuse(
                    "urgent_reason",
                    "《行政强制法》第四十三条",
                    format!("不得在夜间或者法定节假日实施行政强制执行（{why}），情况紧急的须说明"),
                )?;
            }
            let demolition = last(history, S::EnforcementDecision)
                .and_then(|r| r.data.method_as(EnforcementKind::parse))
                .is_some_and(|k| k == EnforcementKind::Demolition);
            if demolition {
                match last(history, S::PublicNotice).and_then(|r| r.data.to_date) {
                    None => refuse("kind", "《行政强制法》第四十四条", "强制拆除前应当予以公告，限期当事人自行拆除")?,
                    Some(t) if date <= t => refuse(
                        "occurred_at",
                        "《行政强制法》第四十四条",
                        format!("公告限期（至{t}）尚未届满，不能强制拆除"),
                    )?,
                    Some(_) => {}
                }
            }
        }
        (CaseKind::Inspection, S::Recheck) => {
            let correct = last(history, S::InspectionResult)
                .and_then(|r| r.data.result_as(InspectionConclusion::parse))
                .is_some_and(|c| c == InspectionConclusion::Correct);
            if !correct {
                refuse("kind", "复查在责令改正之后", "检查结论不是责令改正，无需复查")?;
            }
        }
        (CaseKind::Licensing, S::RequestMaterials) => {
            let Some(apply) = last(history, S::Apply) else { return Ok(()) };
            if let Some(limit) = late(cal, apply.date(), rules::MATERIALS_REQUEST, date)? {
                refuse(
                    "occurred_at",
                    "《行政许可法》第三十二条第一款第四项",
                    format!(
                        "应在收到申请材料后五日内（至{limit}）一次告知补正；逾期未告知的，自收到申请材料之日起即为受理"
                    ),
                )?;
            }
        }
        (CaseKind::Licensing, S::ExtendDecision) => {
            if history.iter().any(|r| r.kind == S::ExtendDecision) {
                refuse("kind", "《行政许可法》第四十二条", "许可决定期限只能延长一次，最多十日")?;
            }
            if d.days.is_some_and(|n| n > 10) {
                refuse("days", "《行政许可法》第四十二条", "经本行政机关负责人批准，可以延长十日")?;
            }
            if let Some((from, span)) = licence_period(cal, history)?
                && let Some(due) = late(cal, from, span, date)?
            {
                refuse("occurred_at", "《行政许可法》第四十二条", format!("决定期限已于{due}届满，不能再延长"))?;
            }
        }
        (CaseKind::Licensing, S::ExcludePeriod) => {
            if !d.notice_given {
                refuse(
                    "notice_given",
                    "《行政许可法》第四十五条",
                    "听证、检验、检测、鉴定、专家评审等所需时间应当书面告知申请人",
                )?;
            }
        }
        (CaseKind::Licensing, S::LicenceDecision) => {
            if let Some((from, span)) = licence_period(cal, history)?
                && let Some(due) = late(cal, from, span, date)?
            {
                refuse(
                    "occurred_at",
                    "《行政许可法》第四十二条",
                    format!("应在受理之日起二十日内作出决定（含批准延长及不计入的期间，至{due}），已逾期"),
                )?;
            }
        }
        (CaseKind::Licensing, S::IssueLicence) => {
            let Some(dec) = last(history, S::LicenceDecision) else {
                return refuse("kind", "《行政许可法》第三十九条", "不予受理的申请没有许可证件可颁发");
            };
            if dec.data.result_as(LicenceResult::parse) != Some(LicenceResult::Grant) {
                refuse("kind", "《行政许可法》第三十九条", "不予许可的决定不颁发许可证件")?;
            }
            if let Some(due) = late(cal, dec.date(), rules::LICENCE_ISSUE, date)? {
                refuse(
                    "occurred_at",
                    "《行政许可法》第四十四条",
                    format!("应自作出决定之日起十日内（至{due}）颁发证件，已逾期"),
                )?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// 《行政处罚法》第四十四条、第四十五条、第五十七条、第五十八条、第六十条、第六十二条、第六十四条.
fn check_decision(
    case: &CaseFacts,
    history: &[Recorded],
    step: &ValidStep,
    ctx: &StepContext<'_>,
    date: NaiveDate,
) -> Result<(), Refusal> {
    let cal = ctx.calendar;
    let filed = last(history, S::File).map_or(date, Recorded::date);
    let susp = suspended_days(history, date);
    if let Some(due) = late(cal, filed, rules::DECISION.plus(susp), date)? {
        refuse(
            "occurred_at",
            "《行政处罚法》第六十条",
            format!(
                "应自立案之日（{filed}）起九十日内作出行政处罚决定{}，期限至{due}，已逾期",
                if susp > 0 { format!("（中止{susp}日不计入）") } else { String::new() }
            ),
        )?;
    }
    let Some(ni) = last_index(history, S::NotifyIntent) else {
        return refuse(
            "kind",
            "《行政处罚法》第六十二条",
            "作出决定前应当告知当事人拟作出的处罚内容及事实、理由、依据",
        );
    };
    let notice = &history[ni];
    let after = &history[ni..];
    let waived = after.iter().any(|r| r.kind == S::Statement && r.data.waived);
    let stated = after.iter().rposition(|r| r.kind == S::Statement && !r.data.waived);
    let statement = Span { days: ctx.policy.statement_days, kind: crate::calendar::PeriodKind::Working };
    if stated.is_none() && !waived && late(cal, notice.date(), statement, date)?.is_none() {
        refuse(
            "occurred_at",
            "《行政处罚法》第四十四条、第四十五条、第六十二条",
            format!(
                "当事人陈述、申辩的期限（至{}）尚未届满，也未放弃，不能作出决定",
                end_text(cal, notice.date(), statement)
            ),
        )?;
    }
    if let Some(i) = stated
        && !after[i..].iter().any(|r| r.kind == S::Reexamine)
    {
        refuse("kind", "《行政处罚法》第四十五条", "对当事人提出的事实、理由和证据应当进行复核后再作决定")?;
    }
    if notice.data.hearing_right.is_some()
        && !after.iter().any(|r| r.kind == S::HearingRequest)
        && !waived
        && late(cal, notice.date(), rules::HEARING_REQUEST, date)?.is_none()
    {
        refuse(
            "occurred_at",
            "《行政处罚法》第六十四条第一项",
            format!(
                "当事人要求听证的期限（至{}）尚未届满，不能作出决定",
                end_text(cal, notice.date(), rules::HEARING_REQUEST)
            ),
        )?;
    }
    if let (Some(n), Some(p)) = (&notice.data.penalty, &step.data.penalty)
        && let Some(why) = rules::heavier_than_notified(n, p)
    {
        refuse("penalty_kinds", "《行政处罚法》第四十五条第二款", format!("{why}；加重处罚须重新告知"))?;
    }
    check_discussion(case, after, ctx)
}

/// 《行政处罚法》第五十七条第二款: where the case was filed as complex or serious, or marked so
/// later, the penalty follows the heads' collective discussion, whose latest conclusion is to
/// give it.
fn check_discussion(case: &CaseFacts, after: &[Recorded], ctx: &StepContext<'_>) -> Result<(), Refusal> {
    use crate::review::ART_57;
    let (required, why) = match ctx.review {
        Some(r) => (r.requirement.discussion, r.requirement.discussion_explanation.as_str()),
        None => (case.complex, "立案时标记为情节复杂或者重大违法行为"),
    };
    if !required {
        return Ok(());
    }
    let latest = after.iter().rev().find(|r| r.kind == S::CollectiveDiscussion);
    let conclusion = latest.and_then(|d| d.data.result_as(DiscussionConclusion::parse));
    match conclusion {
        None => refuse("kind", ART_57, format!("尚未集体讨论，不能作出处罚决定（{why}）")),
        Some(DiscussionConclusion::Penalize) => Ok(()),
        Some(c) => refuse("kind", ART_57, format!("集体讨论的结论为“{}”，不能作出处罚决定", c.label())),
    }
}

fn check_service(
    cal: &Calendar,
    case: &CaseFacts,
    history: &[Recorded],
    stage: Stage,
    step: &ValidStep,
    date: NaiveDate,
) -> Result<(), Refusal> {
    let d = &step.data;
    let method = d.method_as(ServiceMethod::parse);
    if method == Some(ServiceMethod::Electronic) && !d.consent_electronic {
        refuse("consent_electronic", "《行政处罚法》第六十一条第二款", "电子送达须经当事人同意并签订确认书")?;
    }
    match case.kind {
        CaseKind::PenaltySimple => {
            let decided = last(history, S::OnsiteDecision).map(Recorded::date);
            if method != Some(ServiceMethod::OnTheSpot) || decided != Some(date) {
                refuse("method", "《行政处罚法》第五十二条", "当场作出的行政处罚决定书应当当场交付当事人")?;
            }
        }
        CaseKind::PenaltyGeneral => {
            let Some(decided) = last(history, S::Decide) else { return Ok(()) };
            if let Some(due) = late(cal, decided.date(), rules::SERVICE, date)? {
                refuse(
                    "occurred_at",
                    "《行政处罚法》第六十一条",
                    format!("决定书应在宣告后当场交付，当事人不在场的应在七日内（至{due}）送达，已逾期"),
                )?;
            }
        }
        CaseKind::Licensing if stage == G::Decided => {
            let granted = last(history, S::LicenceDecision)
                .and_then(|r| r.data.result_as(LicenceResult::parse))
                .is_some_and(|r| r == LicenceResult::Grant);
            if granted {
                refuse("kind", "《行政许可法》第三十九条、第四十四条", "准予许可的，应先颁发许可证件")?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// 《行政处罚法》第六十六条至第六十八条、第七十二条.
fn check_payment(
    history: &[Recorded],
    step: &ValidStep,
    ctx: &StepContext<'_>,
    date: NaiveDate,
) -> Result<(), Refusal> {
    let d = &step.data;
    let method = d.method_as(ExecutionMethod::parse);
    let fine = decided_penalty(history).filter(|p| p.has(PenaltyKind::Fine)).and_then(|p| p.fine_fen);
    let Some(fine) = fine else {
        if matches!(method, Some(ExecutionMethod::Paid | ExecutionMethod::CollectedOnsite)) {
            refuse("method", "《行政处罚法》第六十七条", "决定没有罚款，不能登记缴纳罚款")?;
        }
        return Ok(());
    };
    let served = last(history, S::Serve).map_or(date, Recorded::date);
    let overdue = late(ctx.calendar, served, rules::PAYMENT, date)?;
    let charge = overdue.map_or(0, |due| rules::late_charge(fine, due, date));
    match method {
        Some(ExecutionMethod::Paid | ExecutionMethod::CollectedOnsite) => {
            if method == Some(ExecutionMethod::CollectedOnsite) {
                rules::check_onsite_collection(fine, d.urgent_reason.as_deref())?;
            }
            let owed = fine + charge;
            if d.amount_fen.unwrap_or(0) < owed {
                refuse(
                    "amount",
                    "《行政处罚法》第七十二条第一款第一项",
                    format!(
                        "应缴{}元（罚款{}元{}），登记金额不足",
                        format_yuan(owed),
                        format_yuan(fine),
                        match overdue {
                            Some(due) if charge > 0 => {
                                format!("，逾期{}日加处罚款{}元", (date - due).num_days(), format_yuan(charge))
                            }
                            _ => String::new(),
                        }
                    ),
                )?;
            }
        }
        Some(ExecutionMethod::Court | ExecutionMethod::Enforced) if overdue.is_none() => refuse(
            "method",
            "《行政处罚法》第七十二条",
            format!("缴纳期限（至{}）届满前不能强制执行", end_text(ctx.calendar, served, rules::PAYMENT)),
        )?,
        Some(ExecutionMethod::Nothing | ExecutionMethod::Performed) => {
            refuse("method", "《行政处罚法》第六十七条", "决定含罚款，应登记缴纳或强制执行情况")?
        }
        _ => {}
    }
    Ok(())
}

/// A computed deadline of a case, with the rule that sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// what must happen
    pub what: &'static str,
    /// the rule
    pub rule: &'static str,
    /// the last day, when it can be computed
    pub due: Option<NaiveDate>,
    /// why it cannot be computed (a year without a published schedule, a stopped clock)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// when it was met
    pub done_on: Option<NaiveDate>,
}

/// A deadline of a period `span` from `start`. When the period runs into a year whose
/// schedule is not published, the plain count of calendar days is given as the earliest the
/// period can end (never later than the true end, so warnings come early, not late), with a note.
fn span_deadline(
    what: &'static str,
    rule: &'static str,
    cal: &Calendar,
    start: NaiveDate,
    span: Span,
    done_on: Option<NaiveDate>,
) -> Deadline {
    match span.end(cal, start) {
        Ok(end) => Deadline { what, rule, due: Some(end), note: None, done_on },
        Err(e) => Deadline {
            what,
            rule,
            due: Some(start + Duration::days(i64::from(span.days))),
            note: Some(format!("{e}；此处按自然日计算的最早日期提示，实际期限可能更晚")),
            done_on,
        },
    }
}

/// The deadlines a case's steps set so far, each with its rule (for the case page and the
/// deadline views).
pub fn deadlines(case: &CaseFacts, history: &[Recorded], cal: &Calendar, today: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::new();
    let done = |k: StepKind| last(history, k).map(Recorded::date);
    match case.kind {
        CaseKind::PenaltyGeneral => {
            if let Some(filed) = last(history, S::File) {
                let span = rules::DECISION.plus(suspended_days(history, today));
                let mut d = span_deadline(
                    "作出行政处罚决定",
                    "《行政处罚法》第六十条",
                    cal,
                    filed.date(),
                    span,
                    done(S::Decide),
                );
                if is_suspended(history) && d.done_on.is_none() {
                    d.due = None;
                    d.note = Some("案件中止，期限暂停计算".into());
                }
                out.push(d);
            }
            if let Some(n) = last(history, S::NotifyIntent)
                && n.data.hearing_right.is_some()
            {
                let answered = history
                    .iter()
                    .rev()
                    .take_while(|r| r.kind != S::NotifyIntent)
                    .find(|r| matches!(r.kind, S::Statement | S::HearingRequest));
                out.push(span_deadline(
                    "当事人要求听证",
                    "《行政处罚法》第六十四条第一项",
                    cal,
                    n.date(),
                    rules::HEARING_REQUEST,
                    answered.map(Recorded::date),
                ));
            }
            if let Some(p) = last(history, S::PreserveEvidence) {
                let dealt = history.iter().skip_while(|r| r.kind != S::PreserveEvidence).nth(1).map(Recorded::date);
                out.push(span_deadline(
                    "对先行登记保存的证据作出处理决定",
                    "《行政处罚法》第五十六条",
                    cal,
                    p.date(),
                    rules::PRESERVATION,
                    dealt,
                ));
            }
            if let Some(dec) = last(history, S::Decide) {
                out.push(span_deadline(
                    "送达行政处罚决定书",
                    "《行政处罚法》第六十一条",
                    cal,
                    dec.date(),
                    rules::SERVICE,
                    done(S::Serve),
                ));
            }
            push_payment(&mut out, history, cal);
        }
        CaseKind::PenaltySimple => push_payment(&mut out, history, cal),
        CaseKind::CompulsoryMeasure => {
            if let Some(m) = last(history, S::ApplyMeasure) {
                if m.data.urgent_reason.is_some() {
                    out.push(Deadline {
                        what: "紧急实施后补办批准手续（24小时内）",
                        rule: "《行政强制法》第十九条",
                        due: Some(crate::time::shanghai_date(m.occurred_at + Duration::hours(24))),
                        note: None,
                        done_on: done(S::ApproveMeasure).filter(|d| *d >= m.date()),
                    });
                }
                if let Some((from, span)) = measure_period(history) {
                    out.push(span_deadline(
                        "查封、扣押期限届满（解除或作出处理决定）",
                        "《行政强制法》第二十五条",
                        cal,
                        from,
                        span,
                        done(S::ReleaseMeasure),
                    ));
                }
            }
        }
        CaseKind::CompulsoryEnforcement => {
            if let Some(dm) = last(history, S::Demand) {
                out.push(Deadline {
                    what: "催告的履行期限",
                    rule: "《行政强制法》第三十五条",
                    due: dm.data.to_date,
                    note: None,
                    done_on: done(S::EnforcementDecision).or(done(S::Close)),
                });
            }
            if let Some(p) = last(history, S::PublicNotice) {
                out.push(Deadline {
                    what: "公告限期自行拆除",
                    rule: "《行政强制法》第四十四条",
                    due: p.data.to_date,
                    note: None,
                    done_on: done(S::Enforce),
                });
            }
        }
        CaseKind::Licensing => {
            if let Some(a) = last(history, S::Apply) {
                out.push(span_deadline(
                    "一次性告知补正材料（逾期视为受理）",
                    "《行政许可法》第三十二条第一款第四项",
                    cal,
                    a.date(),
                    rules::MATERIALS_REQUEST,
                    done(S::RequestMaterials).or(done(S::Accept)).or(done(S::RefuseApplication)),
                ));
            }
            if last(history, S::Accept).is_some() {
                const WHAT: &str = "作出行政许可决定";
                const RULE: &str = "《行政许可法》第四十二条、第四十五条";
                out.push(match licence_period(cal, history) {
                    Ok(Some((from, span))) => span_deadline(WHAT, RULE, cal, from, span, done(S::LicenceDecision)),
                    Ok(None) => Deadline { what: WHAT, rule: RULE, due: None, note: None, done_on: None },
                    Err(e) => Deadline { what: WHAT, rule: RULE, due: None, note: Some(e.message), done_on: None },
                });
            }
            if let Some(dec) = last(history, S::LicenceDecision)
                && dec.data.result_as(LicenceResult::parse) == Some(LicenceResult::Grant)
            {
                out.push(span_deadline(
                    "颁发许可证件",
                    "《行政许可法》第四十四条",
                    cal,
                    dec.date(),
                    rules::LICENCE_ISSUE,
                    done(S::IssueLicence),
                ));
            }
        }
        _ => {}
    }
    out
}

fn push_payment(out: &mut Vec<Deadline>, history: &[Recorded], cal: &Calendar) {
    let has_fine = decided_penalty(history).is_some_and(|p| p.has(PenaltyKind::Fine));
    if let (true, Some(s)) = (has_fine, last(history, S::Serve)) {
        out.push(span_deadline(
            "缴纳罚款（逾期每日加处3%）",
            "《行政处罚法》第六十七条、第七十二条",
            cal,
            s.date(),
            rules::PAYMENT,
            last(history, S::Execute).map(Recorded::date),
        ));
    }
}
