//! 行政检查: the recheck of a rectification order.

use super::*;

pub(crate) fn guard(g: Check<'_, '_>) -> Result<(), Refusal> {
    let Check { case, history, stage, step, ctx, date, prompts } = g;
    match (case.kind, step.kind) {
        (CaseKind::Inspection, S::Recheck) => {
            let correct = last(history, S::InspectionResult)
                .and_then(|r| r.data.result_as(InspectionConclusion::parse))
                .is_some_and(|c| c == InspectionConclusion::Correct);
            if !correct {
                refuse("kind", "复查在责令改正之后", "检查结论不是责令改正，无需复查")?;
            }
        }
        _ => super::shared::guard(Check { case, history, stage, step, ctx, date, prompts })?,
    }
    Ok(())
}
