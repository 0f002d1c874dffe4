//! 行政许可: materials, extensions, periods not counted, the decision and the licence (《行政许可法》).

use super::*;

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
        _ => super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?,
    }
    Ok(())
}
