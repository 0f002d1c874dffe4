//! Steps every kind of case may take: 告知, hearings and service.

use super::*;

#[allow(clippy::too_many_lines)]
pub(crate) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    let Check { case, history, stage, step, ctx, date, prompts } = g;
    let cal = ctx.calendar;
    let d = &step.data;
    match (case.kind, step.kind) {
        (_, S::NotifyIntent) => {
            let right = d.penalty.as_ref().and_then(|p| ctx.policy.hearing_right(&case.domain, case.party_kind, p));
            if right.is_some() {
                prompts.push("拟作出的处罚适用听证，告知书应同时告知听证权利".into());
            }
            step.data.hearing_right = right;
            // The statement period the 告知书 states (《行政处罚法》第四十五条; the body's setting).
            step.data.days = Some(ctx.policy.statement_days);
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
            // The five days run from the 告知书's service; before it, a request is always in time.
            if let Some(served) = notice_served_on(history)
                && let Some(limit) = late(cal, served, rules::HEARING_REQUEST, date)?
            {
                refuse(
                    "occurred_at",
                    "《行政处罚法》第六十四条第一项",
                    format!("当事人应在告知书送达之日（{served}）起五日内（至{limit}）提出听证要求，已逾期"),
                )?;
            }
        }
        (_, S::HearingNotice) => {
            if let Some(h) = d.to_date
                && late(cal, date, rules::HEARING_NOTICE, h)?.is_none()
            {
                refuse(
                    "to_date",
                    hearing_rule(case.kind, Hearing::Notice),
                    format!(
                        "应在举行听证的七日前通知当事人，听证日期应晚于{}",
                        end_text(cal, date, rules::HEARING_NOTICE)
                    ),
                )?;
            }
        }
        (_, S::Hearing) => {
            let Some(n) = last(history, S::HearingNotice) else {
                return refuse("kind", hearing_rule(case.kind, Hearing::Notice), "尚未通知当事人举行听证的时间、地点");
            };
            if late(cal, n.date(), rules::HEARING_NOTICE, date)?.is_none() {
                refuse(
                    "occurred_at",
                    hearing_rule(case.kind, Hearing::Notice),
                    format!("听证应在通知七日后举行，应晚于{}", end_text(cal, n.date(), rules::HEARING_NOTICE)),
                )?;
            }
            let investigators: Vec<i64> = history
                .iter()
                .filter(|r| matches!(r.kind, S::Investigate | S::PreserveEvidence))
                .flat_map(|r| r.data.officer_ids.iter().copied())
                .chain(handling_officers(case, history))
                .collect();
            if d.chair_officer_id.is_some_and(|c| investigators.contains(&c)) {
                refuse("chair_officer_id", hearing_rule(case.kind, Hearing::Chair), "听证应由非本案调查人员主持")?;
            }
            if d.party_present == Some(false) {
                // 《行政处罚法》第六十四条第六项: absent without good reason, or left without leave.
                prompts.push(
                    "当事人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，终止听证（《行政处罚法》第六十四条第六项）；笔录应载明通知情况和缺席经过"
                        .into(),
                );
            } else if !d.party_signed && !d.content.as_deref().is_some_and(|c| c.contains("拒绝")) {
                refuse(
                    "party_signed",
                    hearing_rule(case.kind, Hearing::Record),
                    "听证笔录应交当事人核对签字；当事人拒绝的，由主持人在笔录中注明",
                )?;
            }
        }
        (_, S::Serve) => check_service(cal, case, history, stage, step, date)?,
        (_, S::Recusal) => check_recusal(case, history, step, ctx, date)?,
        _ => {}
    }
    Ok(())
}

/// 《行政处罚法》第四十三条: the head decides a recusal of handling officers; those withdrawn
/// leave the case, and at least two officers qualified for its domain remain or take over
/// (第四十二条).
fn check_recusal(
    case: &CaseFacts,
    history: &[Recorded],
    step: &ValidStep,
    ctx: &StepContext<'_>,
    date: NaiveDate,
) -> Result<(), Refusal> {
    let d = &step.data;
    let handling = handling_officers(case, history);
    if let Some(id) = d.officer_ids.iter().find(|id| !handling.contains(id)) {
        let name =
            ctx.officers.iter().find(|o| o.id == *id).map_or_else(|| format!("执法人员{id}"), |o| o.name.clone());
        refuse("officer_ids", rules::ART_43, format!("{name}不是本案承办执法人员，无需回避"))?;
    }
    if d.result.as_deref() != Some(RecusalResult::Recused.code()) {
        if !d.substitute_ids.is_empty() {
            refuse("substitute_ids", rules::ART_43, "不予回避的，无需指定接替的执法人员")?;
        }
        return Ok(());
    }
    let recused = recused_officers(history);
    for id in &d.substitute_ids {
        if d.officer_ids.contains(id) || recused.contains(id) {
            refuse("substitute_ids", rules::ART_43, format!("执法人员{id}已回避或正被决定回避，不能接替"))?;
        }
        if !matches!(case.kind, CaseKind::Licensing | CaseKind::Expropriation)
            && let Some(p) =
                ctx.officers.iter().find(|o| o.id == *id).and_then(|o| rules::standing_problem(o, &case.domain, date))
        {
            refuse("substitute_ids", "《行政处罚法》第四十二条", p)?;
        }
    }
    let remaining = handling.iter().filter(|id| !d.officer_ids.contains(id)).count()
        + d.substitute_ids.iter().filter(|id| !handling.contains(id)).count();
    if remaining < 2 {
        refuse(
            "substitute_ids",
            "《行政处罚法》第四十二条、第四十三条",
            format!("回避后本案承办执法人员只剩{remaining}名，请指定接替的执法人员（不少于两名承办）"),
        )?;
    }
    Ok(())
}

/// Which part of the hearing procedure a rule is about.
#[derive(Clone, Copy)]
enum Hearing {
    Notice,
    Chair,
    Record,
}

/// The article a hearing rule stands on: 《行政许可法》第四十八条 for a licence, else
/// 《行政处罚法》第六十四条.
fn hearing_rule(kind: CaseKind, part: Hearing) -> &'static str {
    match (kind, part) {
        (CaseKind::Licensing, Hearing::Notice) => "《行政许可法》第四十八条第一款第一项",
        (CaseKind::Licensing, Hearing::Chair) => "《行政许可法》第四十八条第一款第三项",
        (CaseKind::Licensing, Hearing::Record) => "《行政许可法》第四十八条第一款第五项",
        (_, Hearing::Notice) => "《行政处罚法》第六十四条第二项",
        (_, Hearing::Chair) => "《行政处罚法》第六十四条第四项",
        (_, Hearing::Record) => "《行政处罚法》第六十四条第八项",
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
