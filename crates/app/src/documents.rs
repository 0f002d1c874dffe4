//! Documents (文书): issuing one from a case. The text is composed and the PDF rendered before
//! the write is queued (`Store::issue_document`), so that no other write waits on a render.

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use zhifa_core::Invalid;
use zhifa_core::doc::DocKind;
use zhifa_store::model::Document;

/// Issues a document of kind `kind` (code or name) from a case, made from `step_id` (default:
/// the latest step of the kinds it is made from). Someone who may make no document of the
/// case's body at all is refused before the input is read.
pub async fn issue(app: &App, who: &Who, case_id: i64, kind: &str, step_id: Option<i64>) -> AppResult<Document> {
    let c = app.store.case(who.caller.scope(), case_id).await?.ok_or(AppError::NotFound("案件"))?;
    if !DocKind::ALL.iter().any(|k| k.may_issue(&who.caller, Some(c.body_id))) {
        return Err(AppError::Forbidden);
    }
    let kind = DocKind::parse(kind).map_err(|m| Invalid::field("kind", m))?;
    if !kind.may_issue(&who.caller, Some(c.body_id)) {
        return Err(AppError::Forbidden);
    }
    let out = app.store.issue_document(&who.actor(), case_id, kind, step_id).await?;
    app.store.document(who.caller.scope(), out.id).await?.ok_or(AppError::NotFound("文书"))
}
