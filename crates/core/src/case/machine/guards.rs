//! The guards: each step checked against the statutes (review, case file, role, evidence, the
//! step's own rules, the decision, collective discussion, service, payment) before anything is
//! written.

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

pub(super) fn check_role(case: &CaseFacts, step: StepKind, ctx: &StepContext<'_>) -> Result<(), Refusal> {
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
pub(super) fn guard(
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
pub(super) fn check_decision(
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
pub(super) fn check_discussion(case: &CaseFacts, after: &[Recorded], ctx: &StepContext<'_>) -> Result<(), Refusal> {
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

pub(super) fn check_service(
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
pub(super) fn check_payment(
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
