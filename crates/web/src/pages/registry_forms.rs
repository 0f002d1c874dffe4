//! Registry pages with forms: new officer, certificate detail with status change, power-list
//! item history. Every form carries the CSRF token; invalid input is shown next to its field
//! with the values kept.

use super::{PageError, PageForm, PageSession, ctx, render};
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Utc;
use serde_json::json;
use std::collections::HashMap;
use zhifa_core::access::Action;
use zhifa_core::registry::{CertificateStatus, OfficerInput, StatusChangeInput};
use zhifa_store::{Command, StoreError};

type FormMap = HashMap<String, String>;

async fn bodies_for(state: &AppState, s: &crate::auth::Session) -> Result<Vec<zhifa_store::model::Body>, PageError> {
    let all = state.app.store.list_bodies().await?;
    Ok(all.into_iter().filter(|b| !b.is_supervisor && s.caller.scope().covers(b.id)).collect())
}

async fn officer_new(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    s.require(Action::WriteOfficer, s.caller.body_id)?;
    let bodies = bodies_for(&state, &s).await?;
    render(&state, "officer_new.html", json!({ "session": ctx(&s), "bodies": bodies, "values": {}, "errors": {} }))
}

async fn officer_create(
    State(state): State<AppState>,
    PageForm(s, f): PageForm<FormMap>,
) -> Result<Response, PageError> {
    let body_id: i64 = f.get("body_id").and_then(|v| v.parse().ok()).unwrap_or(0);
    s.require(Action::WriteOfficer, Some(body_id))?;
    let opt = |k: &str| f.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let input = OfficerInput {
        body_id,
        name: opt("name").unwrap_or_default(),
        id_number: opt("id_number"),
        post: opt("post").unwrap_or_default(),
        domains: opt("domains")
            .map(|d| d.split(['、', ',', '，', ';', '；']).map(|x| x.trim().to_string()).collect())
            .unwrap_or_default(),
        legal_qualification_no: opt("legal_qualification_no"),
        phone: opt("phone"),
    };
    let result = match input.validate() {
        Ok(v) => state.app.store.execute(&s.actor(), Command::CreateOfficer(v)).await,
        Err(inv) => Err(StoreError::Invalid(inv)),
    };
    match result {
        Ok(out) => Ok(Redirect::to(&format!("/officers/{}", out.id)).into_response()),
        Err(StoreError::Invalid(inv)) => {
            let errors: HashMap<String, String> = inv.errors.into_iter().map(|e| (e.field, e.message)).collect();
            let bodies = bodies_for(&state, &s).await?;
            let page = render(
                &state,
                "officer_new.html",
                json!({ "session": ctx(&s), "bodies": bodies, "values": f, "errors": errors }),
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(StoreError::Conflict(m)) => {
            let bodies = bodies_for(&state, &s).await?;
            let page = render(
                &state,
                "officer_new.html",
                json!({ "session": ctx(&s), "bodies": bodies, "values": f, "errors": { "id_number": m } }),
            )?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn status_labels() -> HashMap<&'static str, &'static str> {
    CertificateStatus::ALL.iter().map(|s| (s.code(), s.label())).collect()
}

async fn certificate_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let (c, history) =
        state.app.store.get_certificate(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("执法证件"))?;
    let holder = state.app.store.get_officer(s.caller.scope(), c.officer_id).await?.map(|o| o.name).unwrap_or_default();
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let status = c.status_on(today);
    let history: Vec<_> = history
        .into_iter()
        .map(|e| {
            let at_local = zhifa_core::time::display(e.at);
            let mut v = serde_json::to_value(&e).unwrap_or_default();
            v["at_local"] = json!(at_local);
            v
        })
        .collect();
    let may_change = zhifa_core::access::allowed(&s.caller, Action::ChangeCertificateStatus, s.caller.body_id);
    let link = crate::pages::certificate_link(&state.app.store.public_url(), &c.number);
    let qr = zhifa_core::qr::svg(&link, &format!("执法证件{}核验二维码", c.number));
    render(
        state,
        "certificate.html",
        json!({ "session": ctx(s), "qr": qr, "link": link, "c": c, "holder": holder, "status": status.code(), "status_label": status.label(),
                "history": history, "labels": status_labels(), "may_change": may_change, "today": today.to_string(), "error": error }),
    )
}

async fn certificate(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    certificate_page(&state, &s, id, None).await
}

async fn certificate_status(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, f): PageForm<FormMap>,
) -> Result<Response, PageError> {
    s.require(Action::ChangeCertificateStatus, s.caller.body_id)?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input =
        StatusChangeInput { status: get("status"), reason: get("reason"), effective_date: get("effective_date") };
    let result = match input.validate() {
        Ok(change) => state.app.store.execute(&s.actor(), Command::ChangeCertificateStatus { id, change }).await,
        Err(inv) => Err(StoreError::Invalid(inv)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/certificates/{id}")).into_response()),
        Err(StoreError::Invalid(inv)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, certificate_page(&state, &s, id, Some(inv.to_string())).await?)
                .into_response())
        }
        Err(StoreError::Conflict(m)) => {
            Ok((StatusCode::CONFLICT, certificate_page(&state, &s, id, Some(m)).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// An item's versions (立改废释): public, like the power list itself (事前公开).
async fn power_history(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    Path((body_id, code)): Path<(i64, String)>,
) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let body = state.app.store.get_body(body_id).await?.ok_or(ApiError::NotFound("执法主体"))?;
    let versions: Vec<_> = state
        .app
        .store
        .power_item_history(body_id, &code)
        .await?
        .into_iter()
        .map(|v| {
            json!({ "version": v.version, "change": v.change_label(), "effective_from": v.effective_from.to_string(), "name": v.name,
                    "category": v.category_label(), "refs": v.legal_refs(), "reason": v.change_reason })
        })
        .collect();
    if versions.is_empty() {
        return Err(ApiError::NotFound("权责清单事项").into());
    }
    render(
        &state,
        "power_history.html",
        json!({ "session": session, "body": body, "code": code, "versions": versions }),
    )
}

/// 服务指南 of an item in force, with the flowchart of its procedure (public, 事前公开).
async fn service_guide(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    Path((body_id, code)): Path<(i64, String)>,
) -> Result<Html<String>, PageError> {
    let session = crate::auth::current_session(&parts, &state).await?.map(|s| ctx(&s));
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let guide = crate::api::public::ServiceGuide::load(&state, body_id, &code, today).await?;
    let kind = zhifa_core::case::CaseKind::parse(&guide.case_kind_code).map_err(ApiError::Internal)?;
    let svg = zhifa_core::case::flow::flowchart_svg(kind);
    render(
        &state,
        "service_guide.html",
        json!({ "session": session, "g": guide, "svg": svg, "today": today.to_string() }),
    )
}

/// Routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/officers/new", get(officer_new).post(officer_create))
        .route("/certificates/{id}", get(certificate))
        .route("/certificates/{id}/status", post(certificate_status))
        .route("/bodies/{id}/power-items/{code}", get(power_history))
        .route("/bodies/{id}/power-items/{code}/guide", get(service_guide))
}
