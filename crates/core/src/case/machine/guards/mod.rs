//! The guards: each step checked against the statutes (review, case file, role, evidence, the
//! step's own rules, the decision, collective discussion, service, payment) before anything is
//! written. The checks every step passes are here; the rules of each kind of case are in a
//! module of their own.

mod enforcement;
mod inspection;
mod licensing;
mod measure;
mod penalty;
mod shared;

use super::*;
use crate::access::Role;
use crate::calendar::Calendar;
use crate::case::input::ValidStep;
use crate::case::model::*;
use crate::case::rules::{self, Refusal, Span, unknown_year};
use crate::evidence::EvidenceKind;
use Stage as G;
use StepKind as S;
use chrono::{Duration, NaiveDate};

/// The art. 58 gate, from the review file: a decision needs the latest submission passed when
/// review is required; the 法制审核 step records the file's conclusion and cannot differ from it.
pub(super) fn check_review(step: &ValidStep, ctx: &StepContext<'_>) -> Result<(), Refusal> {
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
pub(super) fn check_case_file(history: &[Recorded], documents: &[crate::doc::DocKind]) -> Result<(), Refusal> {
    let done: Vec<StepKind> = history.iter().map(|h| h.kind).collect();
    let missing = crate::archive::missing_documents(&done, documents);
    if missing.is_empty() {
        return Ok(());
    }
    let names = missing.iter().map(|d| d.label()).collect::<Vec<_>>().join("、");
    refuse("kind", "DA/T 70 电子档案完整性", format!("案卷不完整，归档前须制作：{names}"))
}

/// 《行政强制法》第四十三条: no enforcement at night nor on a statutory holiday, unless urgent (the
/// reason stated) — for every enforcement step of every kind of case.
pub(super) fn check_enforcement_time(step: &ValidStep, ctx: &StepContext<'_>) -> Result<(), Refusal> {
    let forbidden = rules::enforcement_time_forbidden(
        ctx.calendar,
        step.occurred_at,
        ctx.policy.night_from_hour,
        ctx.policy.night_until_hour,
    )
    .map_err(unknown_year)?;
    if let Some(why) = forbidden
        && step.data.urgent_reason.is_none()
    {
        refuse(
            "urgent_reason",
            "《行政强制法》第四十三条",
            format!("不得在夜间或者法定节假日实施行政强制执行（{why}），情况紧急的须说明"),
        )?;
    }
    Ok(())
}

pub(super) fn check_role(
    case: &CaseFacts,
    history: &[Recorded],
    step: StepKind,
    ctx: &StepContext<'_>,
) -> Result<(), Refusal> {
    let need = step_role(step);
    let rule = match need {
        Role::Head => "《行政处罚法》第五十七条、《行政强制法》第十八条第一项（由行政机关负责人批准或决定）",
        Role::Reviewer => "《行政处罚法》第五十八条（法制审核由审核人员进行）",
        _ => "《行政处罚法》第四十二条（由本案执法人员实施）",
    };
    if ctx.role != need {
        refuse("kind", rule, format!("“{}”应由{}办理", step.label(), need.label()))?;
    }
    if need == Role::Officer && !ctx.caller_officer_id.is_some_and(|id| handling_officers(case, history).contains(&id))
    {
        if ctx.caller_officer_id.is_some_and(|id| recused_officers(history).contains(&id)) {
            refuse("kind", rules::ART_43, "您已决定回避，不能再办理本案")?;
        }
        refuse("kind", rule, "只有本案承办执法人员可以记录办案环节")?;
    }
    Ok(())
}

/// Linked evidence must exist, be live and belong to the case; steps on the audio-video list
/// need an audio or video item captured that day (seed §三(二)1, 《行政处罚法》第四十七条).
pub(super) fn check_evidence(step: &ValidStep, ctx: &StepContext<'_>, date: NaiveDate) -> Result<Vec<String>, Refusal> {
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
    let covered = ctx
        .evidence
        .iter()
        .any(|e| e.live && e.case_number == ctx.case_number && covers_av(e.kind, e.captured_at, date));
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

/// What a guard looks at: the case, its history and stage, the step (which a guard may
/// complete), the context and the step's date; `prompts` gathers what is advised, not refused.
pub(super) struct Check<'a, 'c> {
    pub case: &'a CaseFacts,
    pub history: &'a [Recorded],
    pub stage: Stage,
    pub step: &'a mut ValidStep,
    pub ctx: &'a StepContext<'c>,
    pub date: NaiveDate,
    pub prompts: &'a mut Vec<String>,
}

/// Checks a step against the rules of its case's kind: one module per kind, each falling back
/// to the steps every kind shares (`shared.rs`).
pub(super) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    match g.case.kind {
        CaseKind::PenaltyGeneral | CaseKind::PenaltySimple => penalty::guard(g),
        CaseKind::CompulsoryMeasure => measure::guard(g),
        CaseKind::CompulsoryEnforcement => enforcement::guard(g),
        CaseKind::Inspection => inspection::guard(g),
        CaseKind::Licensing => licensing::guard(g),
        CaseKind::Expropriation => shared::guard(g),
    }
}

/// Whether an item records a step audio-visually: audio or video captured on the step's day
/// (Asia/Shanghai), what a step needing 全程音像记录 must be linked to.
pub fn covers_av(kind: EvidenceKind, captured_at: chrono::DateTime<chrono::Utc>, on: chrono::NaiveDate) -> bool {
    matches!(kind, EvidenceKind::Video | EvidenceKind::Audio) && crate::time::shanghai_date(captured_at) == on
}
