//! 行政许可: materials, extensions, periods not counted, the decision and the licence (《行政许可法》).

use super::*;

const ART_47: &str = "《行政许可法》第四十七条";

/// 《行政许可法》第四十六条至第四十八条: an item that must be heard, or whose hearing was asked for
/// in time, is decided only after the hearing and on its record; a decision does not come while
/// the five days to ask are running.
fn check_licence_hearing(
    case: &CaseFacts,
    history: &[Recorded],
    cal: &Calendar,
    date: NaiveDate,
    prompts: &mut Vec<String>,
) -> Result<(), Refusal> {
    let held = last(history, S::Hearing).is_some();
    if case.hearing_required && !held {
        return refuse(
            "kind",
            "《行政许可法》第四十六条",
            "本事项依法应当听证：应当向社会公告并举行听证后，根据听证笔录作出决定",
        );
    }
    if let Some(told) = last(history, S::HearingRightNotice) {
        let asked = history.iter().any(|r| r.kind == S::HearingRequest && !r.data.waived);
        let answered = history.iter().any(|r| r.kind == S::HearingRequest);
        if asked && !held {
            return refuse(
                "kind",
                "《行政许可法》第四十七条、第四十八条",
                "申请人、利害关系人已申请听证：应当组织听证，并根据听证笔录作出决定",
            );
        }
        if !answered && late(cal, told.date(), rules::LICENCE_HEARING_REQUEST, date)?.is_none() {
            return refuse(
                "occurred_at",
                ART_47,
                format!(
                    "申请人、利害关系人要求听证的期限（至{}）尚未届满，不能作出决定",
                    end_text(cal, told.date(), rules::LICENCE_HEARING_REQUEST)
                ),
            );
        }
    }
    if held {
        prompts.push("行政机关应当根据听证笔录，作出行政许可决定（《行政许可法》第四十八条第二款）".into());
    }
    Ok(())
}

#[allow(clippy::too_many_lines)]
pub(crate) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    let Check { case, history, stage, step, ctx, date, prompts } = g;
    let cal = ctx.calendar;
    let d = &step.data;
    match (case.kind, step.kind) {
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
            if !d.notice_given {
                refuse("notice_given", "《行政许可法》第四十二条", "应当将延长期限的理由告知申请人")?;
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
        (CaseKind::Licensing, S::HearingRequest) => {
            let Some(told) = last(history, S::HearingRightNotice) else {
                return refuse("kind", ART_47, "尚未告知申请人、利害关系人听证权利");
            };
            if let Some(limit) = late(cal, told.date(), rules::LICENCE_HEARING_REQUEST, date)? {
                refuse(
                    "occurred_at",
                    ART_47,
                    format!("应在被告知听证权利之日起五日内（至{limit}）提出听证申请，已逾期"),
                )?;
            }
            if !d.waived {
                prompts.push(
                    "听证所需时间不计入许可决定期限：请记录“不计入期限的期间”（听证），并书面告知申请人（《行政许可法》第四十五条）"
                        .into(),
                );
            }
        }
        (CaseKind::Licensing, S::HearingNotice) => {
            let request = last(history, S::HearingRequest).filter(|r| !r.data.waived);
            match request {
                Some(r) => {
                    if let Some(h) = d.to_date
                        && late(cal, r.date(), rules::LICENCE_HEARING_HELD, h)?.is_some()
                    {
                        refuse(
                            "to_date",
                            ART_47,
                            format!(
                                "应在收到听证申请之日（{}）起二十日内组织听证，听证日期不能晚于{}",
                                r.date(),
                                end_text(cal, r.date(), rules::LICENCE_HEARING_HELD)
                            ),
                        )?;
                    }
                }
                None if case.hearing_required => prompts.push(
                    "法律、法规、规章规定应当听证的事项，应当向社会公告，并举行听证（《行政许可法》第四十六条）".into(),
                ),
                None => refuse(
                    "kind",
                    ART_47,
                    "申请人、利害关系人没有提出听证申请；本事项也不属于法律、法规、规章规定应当听证的事项",
                )?,
            }
            super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?;
        }
        (CaseKind::Licensing, S::LicenceDecision) => {
            check_licence_hearing(case, history, cal, date, prompts)?;
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
        _ => super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?,
    }
    Ok(())
}
