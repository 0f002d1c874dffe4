//! Statute pages: `/laws/{name}` shows a shipped statute with an anchor per article, so a power
//! list's legal basis links to the very article (public, no sign-in).

use super::{PageError, ctx, render};
use crate::auth::current_session;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::response::Html;
use axum::routing::get;

async fn law(State(state): State<AppState>, parts: Parts, Path(name): Path<String>) -> Result<Html<String>, PageError> {
    let statute = zhifa_core::laws::find(&name).ok_or(ApiError::NotFound("法律文本"))?;
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    render(
        &state,
        "law.html",
        serde_json::json!({ "session": session, "title": statute.title(), "version": statute.version, "blocks": statute.blocks() }),
    )
}

async fn index(State(state): State<AppState>, parts: Parts) -> Result<Html<String>, PageError> {
    let session = current_session(&parts, &state).await?.map(|s| ctx(&s));
    let laws: Vec<_> = zhifa_core::laws::STATUTES
        .iter()
        .map(|s| serde_json::json!({ "name": s.name, "title": s.title(), "version": s.version }))
        .collect();
    render(&state, "law.html", serde_json::json!({ "session": session, "title": "法律法规", "laws": laws }))
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/laws", get(index)).route("/laws/{name}", get(law))
}
