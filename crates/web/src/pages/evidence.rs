//! Evidence pages: the list of the body's evidence, the upload form (a small script streams
//! the file to the API with its metadata), and the item page with its supervised view,
//! download link and the two-approval deletion.

use super::{PageError, PageForm, PageSession, ctx, render};
use crate::api::evidence::{access, urlencode};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use zhifa_core::access::{Action, allowed};
use zhifa_core::evidence::{EvidenceKind, purpose_required};
use zhifa_store::reads::{EvidenceFilter, OfficerFilter};

fn kind_label(code: &str) -> &'static str {
    [EvidenceKind::Video, EvidenceKind::Audio, EvidenceKind::Photo, EvidenceKind::Document]
        .into_iter()
        .find(|k| k.code() == code)
        .map(|k| k.label())
        .unwrap_or("其他")
}

fn view(e: &zhifa_store::model::Evidence) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap_or_default();
    v["kind_label"] = kind_label(e.kind.code()).into();
    v["captured_at_local"] = zhifa_core::time::display(e.captured_at).into();
    v["created_at_local"] = zhifa_core::time::display(e.created_at).into();
    v
}

#[derive(Deserialize)]
pub(super) struct ListQ {
    case_number: Option<String>,
}

pub(super) async fn list(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<ListQ>,
) -> Result<Html<String>, PageError> {
    s.require(Action::ViewEvidence, s.caller.body_id)?;
    let filter = EvidenceFilter { case_number: q.case_number.clone(), include_deleted: true, ..Default::default() };
    let items: Vec<_> = state.app.store.evidence_list(s.caller.scope(), &filter).await?.iter().map(view).collect();
    let may_upload = allowed(&s.caller, Action::UploadEvidence, s.caller.body_id) && s.caller.body_id.is_some();
    render(
        &state,
        "evidence_list.html",
        serde_json::json!({ "session": ctx(&s), "items": items, "case_number": q.case_number.unwrap_or_default(), "may_upload": may_upload }),
    )
}

#[derive(Deserialize)]
pub(super) struct NewQ {
    case_number: Option<String>,
}

pub(super) async fn new(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Query(q): Query<NewQ>,
) -> Result<Html<String>, PageError> {
    s.require(Action::UploadEvidence, s.caller.body_id)?;
    // Opened from a case page: the case is known and shown, its number not typed.
    let case = match q.case_number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => state.app.store.case_by_number(s.caller.scope(), n).await?,
        None => None,
    };
    let case = case.map(|c| {
        serde_json::json!({"id": c.id, "number": c.number, "kind_label": c.kind.label(), "stage_label": c.stage.label(),
                           "archived": c.stage == zhifa_core::case::Stage::Archived})
    });
    let officers = state
        .app
        .store
        .list_officers(s.caller.scope(), &OfficerFilter { limit: Some(500), ..Default::default() })
        .await?;
    let officers: Vec<_> = officers
        .iter()
        .filter(|o| o.active)
        .map(|o| serde_json::json!({ "id": o.id, "name": o.name, "mine": Some(o.id) == s.officer_id }))
        .collect();
    let formats: Vec<&str> = zhifa_core::evidence::FORMATS.iter().map(|f| f.0).collect();
    // The file input offers the camera and recorder on a phone, and the listed formats.
    let accept = std::iter::once("image/*,video/*,audio/*".to_string())
        .chain(formats.iter().map(|f| format!(".{f}")))
        .collect::<Vec<_>>()
        .join(",");
    render(
        &state,
        "evidence_new.html",
        serde_json::json!({ "session": ctx(&s), "officers": officers, "formats": formats, "case": case,
                            "accept": accept }),
    )
}

#[derive(Deserialize)]
pub(super) struct PurposeQ {
    purpose: Option<String>,
}

pub(super) async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    Query(q): Query<PurposeQ>,
) -> Result<Response, PageError> {
    let e = state.app.store.evidence(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("证据"))?;
    s.require(Action::ViewEvidence, Some(e.body_id))?;
    let collected_it = s.officer_id == Some(e.collector_officer_id);
    let needs_purpose = purpose_required(s.caller.role, collected_it);
    let purpose = q.purpose.unwrap_or_default();
    if needs_purpose && purpose.trim().is_empty() {
        // Ask first: the view is recorded with the purpose given.
        let page = render(
            &state,
            "evidence_purpose.html",
            serde_json::json!({ "session": ctx(&s), "id": id, "case_number": e.case_number, "error": () }),
        )?;
        return Ok(page.into_response());
    }
    let e = match access(&state, &s, id, Some(&purpose), "evidence", addr).await {
        Ok(e) => e,
        Err(ApiError::Invalid(i)) => {
            let msg = i.errors.first().map(|x| x.message.clone()).unwrap_or_default();
            let page = render(
                &state,
                "evidence_purpose.html",
                serde_json::json!({ "session": ctx(&s), "id": id, "case_number": e.case_number, "error": msg }),
            )?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(err) => return Err(err.into()),
    };
    let deletions = state.app.store.evidence_deletions(s.caller.scope(), Some(id)).await?;
    let collector = state.app.store.get_officer(s.caller.scope(), e.collector_officer_id).await?.map(|o| o.name);
    let may_request = e.status == zhifa_core::evidence::EvidenceStatus::Active
        && allowed(&s.caller, Action::RequestEvidenceDeletion, Some(e.body_id))
        && !deletions.iter().any(|d| d.status == zhifa_core::evidence::DeletionStatus::Pending);
    let may_decide = allowed(&s.caller, Action::ApproveEvidenceDeletion, Some(e.body_id));
    let case_id = state.app.store.case_by_number(s.caller.scope(), &e.case_number).await?.map(|c| c.id);
    let page = render(
        &state,
        "evidence_item.html",
        serde_json::json!({ "session": ctx(&s), "e": view(&e), "collector": collector, "deletions": deletions,
            "case_id": case_id,
            "purpose": purpose, "may_request": may_request, "may_decide": may_decide,
            "media": super::media_kind(&e.media_type),
            "purpose_query": if purpose.is_empty() { String::new() } else { format!("?purpose={}", urlencode(&purpose)) } }),
    )?;
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub(super) struct DeletionForm {
    reason: Option<String>,
    approve: Option<String>,
    purpose: Option<String>,
}

fn back(id: i64, purpose: Option<&str>) -> Redirect {
    match purpose.filter(|p| !p.is_empty()) {
        Some(p) => Redirect::to(&format!("/evidence/{id}?purpose={}", urlencode(p))),
        None => Redirect::to(&format!("/evidence/{id}")),
    }
}

pub(super) async fn request_deletion(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, f): PageForm<DeletionForm>,
) -> Result<Redirect, PageError> {
    crate::api::evidence::ask_deletion(&state, &s, id, f.reason.unwrap_or_default()).await?;
    Ok(back(id, f.purpose.as_deref()))
}

pub(super) async fn decide_deletion(
    State(state): State<AppState>,
    Path(request): Path<i64>,
    PageForm(s, f): PageForm<DeletionForm>,
) -> Result<Redirect, PageError> {
    s.require(Action::ApproveEvidenceDeletion, s.caller.body_id)?;
    let d =
        state.app.store.evidence_deletion(s.caller.scope(), request).await?.ok_or(ApiError::NotFound("删除申请"))?;
    let approve = f.approve.as_deref() == Some("1");
    crate::api::evidence::decide(&state, &s, request, approve).await?;
    Ok(back(d.evidence_id, f.purpose.as_deref()))
}
