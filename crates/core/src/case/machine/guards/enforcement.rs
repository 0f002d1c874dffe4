//! 行政强制执行: 催告, 陈述申辩, the enforcement decision and its carrying out (《行政强制法》第三十五条至第四十四条).

use super::*;

pub(crate) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    let Check { case, history, stage, step, ctx, date, prompts } = g;
    let cal = ctx.calendar;
    let d = &step.data;
    match (case.kind, step.kind) {
        (CaseKind::CompulsoryEnforcement, S::Demand) => {
            if d.to_date.is_some_and(|t| t <= date) {
                refuse("to_date", "《行政强制法》第三十五条第一项", "催告书应当载明履行期限，期限应晚于催告日期")?;
            }
        }
        (CaseKind::CompulsoryEnforcement, S::PublicNotice) => {
            let demolition = is_demolition(history);
            if demolition && d.from_date.is_none() {
                refuse(
                    "from_date",
                    "《行政强制法》第四十四条",
                    "请填写当事人收到限期拆除决定之日：强制拆除须待申请行政复议、提起行政诉讼的法定期限届满",
                )?;
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
            check_enforcement_time(step, ctx)?;
            let demolition = is_demolition(history);
            if demolition {
                let notice = last(history, S::PublicNotice);
                match notice.and_then(|r| r.data.to_date) {
                    None => refuse("kind", "《行政强制法》第四十四条", "强制拆除前应当予以公告，限期当事人自行拆除")?,
                    Some(t) if date <= t => refuse(
                        "occurred_at",
                        "《行政强制法》第四十四条",
                        format!("公告限期（至{t}）尚未届满，不能强制拆除"),
                    )?,
                    Some(t) => {
                        if let Some(received) = notice.and_then(|r| r.data.from_date) {
                            let until = rules::demolition_waits_until(cal, t, received).map_err(unknown_year)?;
                            if date <= until {
                                refuse(
                                    "occurred_at",
                                    "《行政强制法》第四十四条",
                                    format!(
                                        "当事人自{received}收到决定起申请行政复议（六十日）、提起行政诉讼（六个月）的法定期限至{until}届满，届满前不能强制拆除"
                                    ),
                                )?;
                            }
                            prompts.push(
                                "强制拆除前请确认当事人在法定期限内未申请行政复议或者提起行政诉讼（《行政强制法》第四十四条）".into(),
                            );
                        }
                    }
                }
            }
        }
        _ => super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?,
    }
    Ok(())
}

/// Whether the enforcement decided is a demolition (《行政强制法》第四十四条).
fn is_demolition(history: &[Recorded]) -> bool {
    last(history, S::EnforcementDecision)
        .and_then(|r| r.data.method_as(EnforcementKind::parse))
        .is_some_and(|k| k == EnforcementKind::Demolition)
}
