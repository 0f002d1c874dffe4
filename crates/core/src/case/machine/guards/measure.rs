//! 行政强制措施: approval, application, extension, periods not counted and release (《行政强制法》第十八条至第二十八条).

use super::*;

#[allow(clippy::too_many_lines)]
pub(crate) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    let Check { case, history, stage, step, ctx, date, prompts } = g;
    let cal = ctx.calendar;
    let d = &step.data;
    match (case.kind, step.kind) {
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
        _ => super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?,
    }
    Ok(())
}
