//! 双随机一公开 pages: a body's roster of inspection objects, its versions with their roots, the
//! import form (a small script sends the file to the API and lists every problem by row and
//! column), and one version's objects page by page.

use super::{PageError, PageSession, ctx, render};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::collections::HashMap;
use zhifa_core::access::{Action, allowed};

/// Objects shown on one page of a version.
const PAGE: i64 = 100;

async fn body_names(state: &AppState) -> Result<HashMap<i64, String>, PageError> {
    Ok(state.app.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect())
}

/// 检查对象名录: the versions the caller may read, and the import form for a body's head and
/// administrator (the system administrator chooses the body).
async fn list(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    let who = s.who();
    let rows = state.app.object_rosters(&who, None).await?;
    let names = body_names(&state).await?;
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({ "r": r, "body": names.get(&r.body_id).cloned().unwrap_or_default(),
                "at": zhifa_core::time::display(r.created_at) })
        })
        .collect();
    let bodies: Vec<_> = if s.caller.body_id.is_none() && allowed(&s.caller, Action::WriteRosters, None) {
        state
            .app
            .store
            .list_bodies()
            .await?
            .into_iter()
            .filter(|b| !b.is_supervisor)
            .map(|b| json!({ "id": b.id, "name": b.name }))
            .collect()
    } else {
        Vec::new()
    };
    let may_import =
        !bodies.is_empty() || s.caller.body_id.is_some_and(|b| allowed(&s.caller, Action::WriteRosters, Some(b)));
    render(
        &state,
        "rosters.html",
        json!({ "session": ctx(&s), "rows": rows, "may_import": may_import, "bodies": bodies }),
    )
}

#[derive(Debug, Default, serde::Deserialize)]
struct PageQ {
    offset: Option<String>,
}

/// One version of a roster, its objects a page at a time.
async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
    Query(q): Query<PageQ>,
) -> Result<Html<String>, PageError> {
    let offset = q.offset.as_deref().and_then(|o| o.trim().parse::<i64>().ok()).unwrap_or(0).max(0);
    let v = state.app.object_roster(&s.who(), id, offset, PAGE).await?;
    let names = body_names(&state).await?;
    let objects: Vec<_> = v
        .objects
        .iter()
        .map(|o| {
            json!({ "credit_code": o.credit_code, "name": o.name, "kind": o.kind.label(), "industry": o.industry,
                "area": o.area, "risk": o.risk.clone().unwrap_or_default(), "abnormal": if o.abnormal { "是" } else { "否" } })
        })
        .collect();
    let shown = objects.len() as i64;
    render(
        &state,
        "roster.html",
        json!({ "session": ctx(&s), "r": v.roster, "body": names.get(&v.roster.body_id).cloned().unwrap_or_default(),
            "at": zhifa_core::time::display(v.roster.created_at), "objects": objects,
            "from": if shown > 0 { offset + 1 } else { 0 }, "to": offset + shown,
            "prev": (offset > 0).then(|| (offset - PAGE).max(0)),
            "next": (offset + shown < v.roster.objects).then_some(offset + PAGE) }),
    )
}

async fn upload_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/roster-upload.js"),
    )
        .into_response()
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/rosters", get(list))
        .route("/rosters/{id}", get(item))
        .route("/static/roster-upload.js", get(upload_js))
}
