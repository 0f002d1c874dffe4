//! 行政检查: the recheck of a rectification order.

use super::*;

pub(crate) fn guard(
    case: &CaseFacts,
    history: &[Recorded],
    stage: Stage,
    step: &mut ValidStep,
    ctx: &StepContext<'_>,
    date: NaiveDate,
    prompts: &mut Vec<String>,
) -> Result<(), Refusal> {
    match (case.kind, step.kind) {
        (CaseKind::Inspection, S::Recheck) => {
            let correct = last(history, S::InspectionResult)
                .and_then(|r| r.data.result_as(InspectionConclusion::parse))
                .is_some_and(|c| c == InspectionConclusion::Correct);
            if !correct {
                refuse("kind", "复查在责令改正之后", "检查结论不是责令改正，无需复查")?;
            }
        }
        _ => super::shared::guard(case, history, stage, step, ctx, date, prompts)?,
    }
    Ok(())
}
