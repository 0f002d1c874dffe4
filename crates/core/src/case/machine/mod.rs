//! The procedures as explicit state machines, one transition table per kind of case, and the
//! guards that check each step against the statutes before anything is written.
//!
//! `tables.rs` holds the transition tables, `guards.rs` the checks of a step, `periods.rs` the
//! calendar periods they share, `deadlines.rs` the statutory deadlines of a case.

mod deadlines;
mod guards;
mod periods;
mod tables;

pub use deadlines::*;
pub use guards::covers_av;
use guards::*;
pub use periods::*;
pub use tables::*;

use crate::access::Role;
use crate::calendar::Calendar;
use crate::case::input::{StepData, ValidStep};
use crate::case::model::*;
use crate::case::policy::CasePolicy;
use crate::case::rules::{self, OfficerStanding, Refusal};
use crate::evidence::EvidenceKind;
use chrono::{DateTime, NaiveDate, Utc};
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
    /// the natural parties, with their birth dates (《行政处罚法》第三十条)
    pub persons: Vec<rules::PersonFact>,
    /// the licensing item must be heard (《行政许可法》第四十六条: the power item says so)
    pub hearing_required: bool,
    /// the versions of the case's power item (given when a penalty is decided: 《行政处罚法》第三十七条)
    pub item_versions: Vec<rules::ItemVersion>,
}

/// A handling officer named at registration, as the registry knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisteredOfficer {
    /// standing (body, certificates)
    pub standing: OfficerStanding,
    /// identity number, when the registry holds it
    pub id_number: Option<String>,
}

/// Checks a case at registration (登记) against what already stands in the way of handling it,
/// not only at 立案: the limitation (《行政处罚法》第三十六条), the handling officers' certificates
/// (第四十二条; not for 许可 and 征收征用, whose staff need none) and an officer who is a party
/// (第四十三条).
pub fn check_registration(
    case: &crate::case::ValidCase,
    officers: &[RegisteredOfficer],
    today: NaiveDate,
) -> Result<(), Refusal> {
    for o in officers {
        let theirs = o.id_number.as_deref().map(|n| n.trim().to_ascii_uppercase());
        if let Some(p) =
            case.parties.iter().find(|p| theirs.as_deref() == Some(p.id_number.to_ascii_uppercase().as_str()))
        {
            return Err(Refusal::new(
                "officer_ids",
                rules::ART_43,
                format!("执法人员{}是本案当事人（{}），应当回避，不能承办本案", o.standing.name, p.name),
            ));
        }
    }
    if !matches!(case.kind, CaseKind::Licensing | CaseKind::Expropriation) {
        let standings: Vec<OfficerStanding> = officers.iter().map(|o| o.standing.clone()).collect();
        rules::check_field_officers(&standings, &case.domain, today)?;
    }
    if case.kind.is_penalty()
        && let Some(act) = case.act_date
    {
        rules::check_limitation(act, case.act_ended, case.serious_harm, case.discovered_on.unwrap_or(today))?;
    }
    Ok(())
}

/// The officers handling a case after its recusals: those registered, less each one a 回避决定
/// withdrew, with those who took over (《行政处罚法》第四十三条).
pub fn handling_officers(case: &CaseFacts, history: &[Recorded]) -> Vec<i64> {
    let mut ids = case.officer_ids.clone();
    for r in history.iter().filter(|r| is_recusal(r)) {
        ids.retain(|id| !r.data.officer_ids.contains(id));
        for s in &r.data.substitute_ids {
            if !ids.contains(s) {
                ids.push(*s);
            }
        }
    }
    ids
}

/// The officers a 回避决定 withdrew from the case.
pub fn recused_officers(history: &[Recorded]) -> Vec<i64> {
    history.iter().filter(|r| is_recusal(r)).flat_map(|r| r.data.officer_ids.iter().copied()).collect()
}

fn is_recusal(r: &Recorded) -> bool {
    r.kind == S::Recusal && r.data.result.as_deref() == Some(RecusalResult::Recused.code())
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

use StepKind as S;

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
    check_role(case, history, step.kind, ctx)?;
    if step.kind != S::Recusal {
        let recused = recused_officers(history);
        let named = step.data.officer_ids.iter().chain(step.data.chair_officer_id.iter());
        if let Some(id) = named.copied().find(|id| recused.contains(id)) {
            let name =
                ctx.officers.iter().find(|o| o.id == id).map_or_else(|| format!("执法人员{id}"), |o| o.name.clone());
            refuse(
                if step.data.chair_officer_id == Some(id) { "chair_officer_id" } else { "officer_ids" },
                rules::ART_43,
                format!("{name}已决定回避，不能参与本案"),
            )?;
        }
    }
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
    // The decision states the provision violated; unless it says otherwise, the notice's.
    if step.kind == S::Decide
        && step.data.violated.is_empty()
        && let Some(n) = history.iter().rev().find(|r| r.kind == S::NotifyIntent)
    {
        step.data.violated.clone_from(&n.data.violated);
    }
    if matches!(step.kind, S::Serve | S::ServeNotice) {
        served_document(history, step, ctx)?;
    }
    let mut prompts = check_evidence(step, ctx, date)?;
    if let Some(k) = step.data.served_document
        && !ctx.documents.contains(&k)
    {
        prompts.push(format!("送达的《{}》尚未在系统中制作，请制作后据以送达并制作送达回证", k.label()));
    }
    if matches!(step.kind, S::NotifyIntent | S::Decide | S::OnsiteDecision) && step.data.penalty.is_some() {
        // The latest finding on capacity: this step's, else the last one recorded.
        let capacity = step.data.capacity.or_else(|| history.iter().rev().find_map(|r| r.data.capacity));
        let r = rules::check_responsibility(&case.persons, case.act_date, capacity, step.data.leniency)?;
        step.data.leniency_basis = r.leniency_basis;
        prompts.extend(r.prompts);
        // 《行政处罚法》第三十七条: the rule of the act's day, or a lighter one in force by the decision.
        if step.kind != S::NotifyIntent
            && let Some(act) = case.act_date
            && !case.item_versions.is_empty()
        {
            let a = rules::applicable_item(&case.item_versions, act, date)?;
            if a.later {
                prompts.push(a.reason.clone());
            }
            step.data.item_basis = Some(a.reason);
        }
    }
    guard(Check { case, history, stage, step, ctx, date, prompts: &mut prompts })?;
    // After the procedure's own rules, so that a decision before the notice names art. 62.
    if review_gated(step.kind) {
        check_review(step, ctx)?;
    }
    step.data.notes = prompts.clone();
    let recorded = Recorded { kind: step.kind, occurred_at: step.occurred_at, data: step.data.clone() };
    Ok(Accepted { stage: advance(case.kind, stage, &recorded), prompts })
}

/// A service names what it delivers and who delivered it (the 送达回证 states both: 《民事诉讼法》
/// 第八十七条 as applied by 《行政处罚法》第六十一条); 留置送达 needs a witness or a recording of it
/// (《民事诉讼法》第八十九条).
fn served_document(history: &[Recorded], step: &mut ValidStep, ctx: &StepContext<'_>) -> Result<(), Refusal> {
    let kinds: Vec<StepKind> = history.iter().map(|r| r.kind).collect();
    step.data.served_document = crate::doc::DocKind::served_by(step.kind, &kinds);
    if step.data.officer_ids.is_empty() {
        step.data.officer_ids.extend(ctx.caller_officer_id);
    }
    if step.data.method_as(ServiceMethod::parse) == Some(ServiceMethod::Left)
        && step.data.witness.is_none()
        && step.data.evidence_ids.is_empty()
    {
        refuse(
            "witness",
            "《民事诉讼法》第八十九条（《行政处罚法》第六十一条）",
            "留置送达应当邀请有关基层组织或者所在单位的代表到场作为见证人，或者以拍照、录像等方式记录送达过程：请填写见证人或关联记录",
        )?;
    }
    Ok(())
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
