//! 行政处罚 (一般程序、简易程序): 立案 and the limitation period, 陈述申辩 and 复核, the decision, collective discussion, 结案 and payment (《行政处罚法》).

use super::*;

#[allow(clippy::too_many_lines)]
pub(crate) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    let Check { case, history, stage, step, ctx, date, prompts } = g;
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
        (CaseKind::PenaltyGeneral, S::Reexamine) => {
            let notice = last_index(history, S::NotifyIntent).unwrap_or(0);
            let stated = history[notice..].iter().any(|r| r.kind == S::Statement && !r.data.waived);
            if !stated {
                refuse("kind", "《行政处罚法》第四十五条", "告知后当事人没有提出陈述申辩，无需复核")?;
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
        (CaseKind::PenaltyGeneral | CaseKind::PenaltySimple, S::Execute) => {
            check_payment(history, step, ctx, date)?;
        }
        _ => super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?,
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
    // Waiving the statement is not waiving the hearing: only a hearing request (or its waiver)
    // answers the hearing right before its five days have run.
    if notice.data.hearing_right.is_some()
        && !after.iter().any(|r| r.kind == S::HearingRequest)
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
