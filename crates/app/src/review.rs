//! 法制审核 acts (处罚法 art. 58): each signed by its actor. A passing opinion (同意) given with
//! `record_step` also records the case's 法制审核 step in the same transaction, so that the
//! reviewer states the conclusion once.

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use chrono::Utc;
use zhifa_core::access::Action;
use zhifa_core::case::{ReviewResult, StepInput, StepKind};
use zhifa_core::ids::{CaseId, OfficerId};
use zhifa_store::Command;
use zhifa_store::model::Case;
use zhifa_store::review::ReviewAction;

/// Does one act of the review file of case `id`, signed by the caller: the role and body
/// first, then the key opened with the password, then the store's checks in one transaction.
/// Returns the case and what the system notes (e.g. the 法制审核 step recorded with it).
pub async fn act(
    app: &App,
    who: &Who,
    id: i64,
    need: Action,
    action: ReviewAction,
    password: &str,
) -> AppResult<(Case, Vec<String>)> {
    let c = app.store.case(who.caller.scope(), id).await?.ok_or(AppError::NotFound("案件"))?;
    who.require(need, Some(c.body_id))?;
    let signer = Some(crate::accounts::open_signing_key(&app.store, who, password).await?);
    let step = match &action {
        ReviewAction::Opinion(o)
            if o.record_step && ReviewResult::parse(&o.outcome).is_ok_and(|r| r == ReviewResult::Agree) =>
        {
            let input = StepInput {
                kind: StepKind::LegalReview.code().into(),
                result: Some(ReviewResult::Agree.code().into()),
                content: Some(o.opinion.clone()),
                ..Default::default()
            };
            input.validate(Utc::now()).ok()
        }
        _ => None,
    };
    let review = Command::Review {
        case_id: CaseId(c.id),
        action,
        role: who.caller.role,
        officer_id: who.officer_id.map(OfficerId),
        signer,
    };
    let mut notes = Vec::new();
    if let Some(step) = step {
        let record = Command::RecordStep {
            case_id: CaseId(c.id),
            step: Box::new(step),
            role: who.caller.role,
            officer_id: who.officer_id.map(OfficerId),
            signer: None,
        };
        match app.store.execute_batch(&who.actor(), vec![review.clone(), record], |_| {}).await {
            Ok(_) => {
                notes.push("审核意见已签名，“法制审核”环节已一并记录".to_string());
                return Ok((c, notes));
            }
            // The batch wrote nothing. The opinion stands on its own; the step is left for
            // the reviewer to record when the case's procedure allows it.
            Err((1, e)) => {
                let reason = AppError::from(e).to_string();
                notes.push(format!("审核意见已签名；“法制审核”环节未能一并记录（{reason}），请在案件页记录"));
            }
            Err((_, e)) => return Err(e.into()),
        }
    }
    app.store.execute(&who.actor(), review).await?;
    Ok((c, notes))
}
