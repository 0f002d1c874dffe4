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
        (CaseKind::PenaltyGeneral, S::RefuseFiling) => {
            // A refusal for the limitation is checked against the act's dates (第三十六条).
            if d.result_as(FilingRefusal::parse) == Some(FilingRefusal::Limitation)
                && let Some(act) = case.act_date
            {
                let on = case.discovered_on.unwrap_or(date);
                if rules::check_limitation(act, case.act_ended, case.serious_harm, on).is_ok() {
                    refuse(
                        "result",
                        "《行政处罚法》第三十六条",
                        format!(
                            "按违法行为{}日期，追责时效至{}，发现时（{on}）尚未届满，不能以超过时效不予立案",
                            if case.act_ended.is_some() { "终了" } else { "发生" },
                            rules::limitation_end(act, case.act_ended, case.serious_harm)
                        ),
                    )?;
                }
            }
        }
        (CaseKind::PenaltyGeneral, S::ServeNotice) => {
            if let Some(s) = notice_service(history) {
                refuse(
                    "kind",
                    "《行政处罚法》第四十四条",
                    format!("本次事先告知书已于{}送达，无需再次送达", crate::time::display(s.occurred_at)),
                )?;
            }
            super::shared::check_service(ctx.calendar, case, history, stage, step, date)?;
        }
        (CaseKind::PenaltyGeneral, S::PreserveEvidence | S::ApprovePreservation | S::HandlePreserved) => {
            check_preservation(history, step, ctx.calendar, date, prompts)?;
        }
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

const ART_56: &str = "《行政处罚法》第五十六条";
/// The urgent case: 《行政处罚法》第五十六条 requires the head's approval and says nothing of
/// urgency; the rule for measures taken on the spot in an emergency (report and approval within
/// twenty-four hours) is 《行政强制法》第十九条, applied alike (as the procedural rules of the
/// market regulators provide for 先行登记保存).
const ART_56_URGENT: &str = "《行政处罚法》第五十六条、《行政强制法》第十九条（参照）";

/// Where the preservations of a case stand: an approval not yet used, an urgent preservation
/// awaiting its approval (when it was made), a preservation not yet dealt with.
struct Preservations<'a> {
    approved: bool,
    awaiting: Option<&'a Recorded>,
    open: Option<&'a Recorded>,
}

fn preservations(history: &[Recorded]) -> Preservations<'_> {
    let mut p = Preservations { approved: false, awaiting: None, open: None };
    for r in history {
        match r.kind {
            S::ApprovePreservation if p.awaiting.is_some() => p.awaiting = None,
            S::ApprovePreservation => p.approved = true,
            S::PreserveEvidence => {
                if p.approved {
                    p.approved = false;
                } else {
                    p.awaiting = Some(r);
                }
                p.open = Some(r);
            }
            S::HandlePreserved => p.open = None,
            _ => {}
        }
    }
    p
}

/// 《行政处罚法》第五十六条: 先行登记保存 with the head's approval given before, or, when urgent,
/// within twenty-four hours after; the preserved evidence dealt with within seven days.
fn check_preservation(
    history: &[Recorded],
    step: &ValidStep,
    cal: &Calendar,
    date: NaiveDate,
    prompts: &mut Vec<String>,
) -> Result<(), Refusal> {
    let p = preservations(history);
    match step.kind {
        S::PreserveEvidence => {
            if let Some(a) = p.awaiting {
                refuse(
                    "kind",
                    ART_56_URGENT,
                    format!("{}紧急先行登记保存的证据尚未补办批准手续", crate::time::display(a.occurred_at)),
                )?;
            }
            if !p.approved {
                if step.data.urgent_reason.is_none() {
                    refuse(
                        "urgent_reason",
                        ART_56,
                        "先行登记保存须经行政机关负责人批准：请先由负责人记录“批准先行登记保存”；情况紧急需要当场保存的，请说明紧急情况，并在二十四小时内补办批准手续",
                    )?;
                }
                prompts
                    .push(format!("紧急先行登记保存：应在二十四小时内报行政机关负责人补办批准手续（{ART_56_URGENT}）"));
            }
        }
        S::ApprovePreservation => {
            if let Some(a) = p.awaiting {
                if step.occurred_at > a.occurred_at + Duration::hours(24) {
                    refuse(
                        "occurred_at",
                        ART_56_URGENT,
                        "紧急情况下当场先行登记保存的，应在二十四小时内补办批准手续；已超过二十四小时，应当立即解除登记保存",
                    )?;
                }
            } else if p.approved {
                refuse("kind", ART_56, "已批准的先行登记保存尚未实施，无需再次审批")?;
            }
        }
        _ => {
            let Some(open) = p.open else {
                return refuse("kind", ART_56, "没有尚待处理的先行登记保存证据");
            };
            if let Some(due) = late(cal, open.date(), rules::PRESERVATION, date)? {
                prompts.push(format!("先行登记保存的证据应在七日内（至{due}）作出处理决定，本决定已逾期（{ART_56}）"));
            }
        }
    }
    Ok(())
}

/// A 催告 recorded after service, whose period has run and which was served at least ten
/// working days ago (《行政强制法》第三十五条、第五十四条、第六十九条).
fn check_demand(
    history: &[Recorded],
    ctx: &StepContext<'_>,
    date: NaiveDate,
    rule: &'static str,
) -> Result<(), Refusal> {
    let Some(demand) = last(history, S::Demand) else {
        return refuse(
            "method",
            rule,
            "强制执行前应当书面催告当事人履行义务（《行政强制法》第三十五条），请先记录“催告”",
        );
    };
    let ten = Span { days: 10, kind: crate::calendar::PeriodKind::Working };
    if late(ctx.calendar, demand.date(), ten, date)?.is_none() {
        refuse(
            "occurred_at",
            rule,
            format!(
                "催告书送达十日后（{}之后）当事人仍未履行的，方可强制执行",
                end_text(ctx.calendar, demand.date(), ten)
            ),
        )?;
    }
    if let Some(t) = demand.data.to_date
        && date <= t
    {
        refuse("occurred_at", rule, format!("催告的履行期限（至{t}）尚未届满"))?;
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
    let served = notice_served_on(history);
    let waived = after.iter().any(|r| r.kind == S::Statement && r.data.waived);
    let stated = after.iter().rposition(|r| r.kind == S::Statement && !r.data.waived);
    // The period the 告知书 stated (the body's setting when it was made).
    let days = notice.data.days.unwrap_or(ctx.policy.statement_days);
    let statement = Span { days, kind: crate::calendar::PeriodKind::Working };
    if stated.is_none() && !waived {
        // The period runs from the 告知书's service, not from the day it was drawn up.
        let Some(served) = served else {
            return refuse(
                "kind",
                "《行政处罚法》第四十四条、第四十五条、第六十二条",
                "事先告知书尚未送达当事人（请先记录“送达告知书”），陈述、申辩的期限自送达之日起计算，不能作出决定",
            );
        };
        if late(cal, served, statement, date)?.is_none() {
            refuse(
                "occurred_at",
                "《行政处罚法》第四十四条、第四十五条、第六十二条",
                format!(
                    "当事人陈述、申辩的期限（自告知书送达之日{served}起，至{}）尚未届满，也未放弃，不能作出决定",
                    end_text(cal, served, statement)
                ),
            )?;
        }
    }
    if let Some(i) = stated
        && !after[i..].iter().any(|r| r.kind == S::Reexamine)
    {
        refuse("kind", "《行政处罚法》第四十五条", "对当事人提出的事实、理由和证据应当进行复核后再作决定")?;
    }
    // Waiving the statement is not waiving the hearing: only a hearing request (or its waiver)
    // answers the hearing right before its five days have run.
    if notice.data.hearing_right.is_some() && !after.iter().any(|r| r.kind == S::HearingRequest) {
        let Some(served) = served else {
            return refuse(
                "kind",
                "《行政处罚法》第六十四条第一项",
                "事先告知书尚未送达当事人（请先记录“送达告知书”），要求听证的五日期限自送达之日起计算，不能作出决定",
            );
        };
        if late(cal, served, rules::HEARING_REQUEST, date)?.is_none() {
            refuse(
                "occurred_at",
                "《行政处罚法》第六十四条第一项",
                format!(
                    "当事人要求听证的期限（自告知书送达之日{served}起，至{}）尚未届满，不能作出决定",
                    end_text(cal, served, rules::HEARING_REQUEST)
                ),
            )?;
        }
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
    let served = last(history, S::Serve).map_or(date, served_on);
    let overdue = late(ctx.calendar, served, rules::PAYMENT, date)?;
    let charge = overdue.map_or(0, |due| rules::late_charge(fine, due, date));
    match method {
        Some(ExecutionMethod::Paid | ExecutionMethod::CollectedOnsite) => {
            if method == Some(ExecutionMethod::CollectedOnsite) {
                let onsite = last(history, S::OnsiteDecision).is_some();
                rules::check_onsite_collection(
                    onsite,
                    fine,
                    d.result_as(CollectionBasis::parse),
                    d.urgent_reason.as_deref(),
                )?;
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
        Some(ExecutionMethod::Court) => {
            // 《行政强制法》第五十三条: after the periods of 复议 and 诉讼 from service have run,
            // within three months of their end; 第五十四条: ten days after a 催告书 was served.
            let until = rules::remedy_periods_end(ctx.calendar, served).map_err(unknown_year)?;
            if date <= until {
                refuse(
                    "method",
                    "《行政强制法》第五十三条",
                    format!(
                        "当事人申请行政复议（六十日）、提起行政诉讼（六个月）的法定期限至{until}届满，届满前不能申请人民法院强制执行"
                    ),
                )?;
            }
            let latest = until.checked_add_months(chrono::Months::new(3)).unwrap_or(until);
            if date > latest {
                refuse(
                    "method",
                    "《行政强制法》第五十三条",
                    format!("应自复议、诉讼期限届满之日起三个月内（至{latest}）申请人民法院强制执行，已逾期"),
                )?;
            }
            check_demand(history, ctx, date, "《行政强制法》第五十四条")?;
        }
        Some(ExecutionMethod::Enforced) => {
            check_enforcement_time(step, ctx)?;
            // 《行政强制法》第四十五条、第四十六条: the late charge has run more than thirty days, and a 催告.
            if let Some(due) = overdue
                && (date - due).num_days() <= 30
            {
                refuse(
                    "method",
                    "《行政强制法》第四十六条",
                    format!("加处罚款超过三十日（缴纳期限{due}届满后第三十一日起），经催告仍不履行的，才能强制执行"),
                )?;
            }
            check_demand(history, ctx, date, "《行政强制法》第四十六条")?;
        }
        Some(ExecutionMethod::Nothing | ExecutionMethod::Performed) => {
            refuse("method", "《行政处罚法》第六十七条", "决定含罚款，应登记缴纳或强制执行情况")?
        }
        _ => {}
    }
    Ok(())
}
