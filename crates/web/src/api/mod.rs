//! The JSON API under `/api/v1`, its OpenAPI document, health and metrics.

pub mod annual;
pub mod archive;
pub mod cases;
pub mod documents;
pub mod evidence;
pub mod ledger;
pub mod lists;
pub(crate) mod public;
pub mod publicity;
pub mod registry;
pub mod review;
mod session;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use utoipa::OpenApi;

/// A JSON body whose rejection is an [`ApiError`] (Chinese message, 413 when too large).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        axum::Json::<T>::from_request(req, state).await.map(|axum::Json(v)| ApiJson(v)).map_err(ApiError::from)
    }
}

/// A query string whose rejection is an [`ApiError`].
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state).await.map(|q| ApiQuery(q.0)).map_err(ApiError::from)
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhifa 行政执法三项制度平台 API",
        description = "JSON API. Writes need the session cookie and the X-CSRF-Token header returned at sign-in."
    ),
    paths(
        session::login,
        session::logout,
        session::me,
        registry::list_bodies,
        registry::get_body,
        registry::create_body,
        registry::update_body,
        registry::list_officers,
        registry::get_officer,
        registry::create_officer,
        registry::update_officer,
        registry::add_training,
        registry::list_certificates,
        registry::get_certificate,
        registry::create_certificate,
        registry::change_certificate_status,
        registry::power_items,
        registry::power_item_history,
        registry::add_power_item,
        registry::list_reviewers,
        registry::designate_reviewer,
        registry::reviewer_ratios,
        registry::list_users,
        registry::create_user,
        registry::revoke_user_sessions,
        public::public_certificate,
        public::service_guide,
        public::public_officers,
        publicity::public_progress,
        publicity::public_proof,
        public::flowchart,
        public::calendar_add,
        public::calendar_years,
        public::import_calendar_year,
        ledger::keys,
        ledger::checkpoint,
        ledger::entry_proof,
        ledger::consistency,
        evidence::upload,
        evidence::list,
        evidence::get,
        evidence::download,
        evidence::request_deletion,
        evidence::decide_deletion,
        evidence::list_deletions,
        evidence::target,
        cases::create,
        cases::list,
        cases::get,
        cases::add_step,
        cases::deadlines,
        documents::list,
        documents::create,
        documents::get,
        documents::pdf,
        documents::templates,
        documents::standard,
        documents::template,
        documents::file_version,
        documents::decision,
        archive::check,
        archive::reports,
        archive::package,
        archive::check_upload,
        review::file,
        review::submit,
        review::opinion,
        review::object,
        review::negotiate,
        review::rule,
        review::mark,
        review::refer,
        review::receipt,
        review::follow_up,
        review::queue,
        review::stats,
        review::scope,
        review::lists,
        review::file_list,
        publicity::list,
        publicity::tracking,
        publicity::get,
        publicity::publish,
        publicity::withhold,
        publicity::change,
        publicity::withdraw,
        publicity::public_list,
        publicity::public_get,
        publicity::public_document_check,
        publicity::public_csv,
        publicity::public_feed,
        lists::public_list,
        lists::file_list,
        annual::list,
        annual::draft,
        annual::get,
        annual::edit,
        annual::publish,
        annual::public_years,
        annual::public_report,
    ),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

/// The OpenAPI document as JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|_| "{}".into())
}

async fn openapi() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => {
            axum::Json(serde_json::json!({"status": "ok", "backend": state.store.backend_name()})).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "unavailable"})))
                .into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(state.store.backend_name()),
    )
        .into_response()
}

/// API routes.
pub fn routes() -> Router<AppState> {
    use registry::*;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/session", post(session::login).delete(session::logout))
        .route("/api/v1/me", get(session::me))
        .route("/api/v1/bodies", get(list_bodies).post(create_body))
        .route("/api/v1/bodies/{id}", get(get_body).put(update_body))
        .route("/api/v1/bodies/{id}/power-items", get(power_items))
        .route("/api/v1/bodies/{id}/power-items/{code}/history", get(power_item_history))
        .route("/api/v1/power-items", post(add_power_item))
        .route("/api/v1/officers", get(list_officers).post(create_officer))
        .route("/api/v1/officers/{id}", get(get_officer).put(update_officer))
        .route("/api/v1/officers/{id}/training", post(add_training))
        .route("/api/v1/certificates", get(list_certificates).post(create_certificate))
        .route("/api/v1/certificates/{id}", get(get_certificate))
        .route("/api/v1/certificates/{id}/status", post(change_certificate_status))
        .route("/api/v1/reviewers", get(list_reviewers).post(designate_reviewer))
        .route("/api/v1/reviewer-ratios", get(reviewer_ratios))
        .route("/api/v1/access-log", get(access_log))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route("/api/v1/users/{id}/revoke-sessions", post(revoke_user_sessions))
        .route("/api/v1/public/certificates/{number}", get(public::public_certificate))
        .route("/api/v1/public/decisions", get(publicity::public_list))
        .route("/api/v1/public/bodies/{id}/power-items/{code}/guide", get(public::service_guide))
        .route("/api/v1/public/procedures/{kind}/flowchart.svg", get(public::flowchart))
        .route("/api/v1/public/bodies/{id}/officers", get(public::public_officers))
        .route("/api/v1/public/bodies/{id}/lists/{kind}", get(lists::public_list))
        .route("/api/v1/bodies/{id}/lists/{kind}", post(lists::file_list))
        .route("/api/v1/annual-reports", get(annual::list))
        .route("/api/v1/annual-reports/draft", post(annual::draft))
        .route("/api/v1/annual-reports/{id}", get(annual::get))
        .route("/api/v1/annual-reports/{id}/edits", post(annual::edit))
        .route("/api/v1/annual-reports/{id}/publish", post(annual::publish))
        .route("/api/v1/public/annual-reports", get(annual::public_years))
        .route("/api/v1/public/annual-reports/{year}", get(annual::public_report))
        .route("/api/v1/public/progress", get(publicity::public_progress))
        .route("/api/v1/public/decisions/{id}/proof", get(publicity::public_proof))
        .route("/api/v1/public/decisions/{id}", get(publicity::public_get))
        .route("/api/v1/public/documents/check", get(publicity::public_document_check))
        .route("/api/v1/public/decisions.csv", get(publicity::public_csv))
        .route("/api/v1/public/feed.atom", get(publicity::public_feed))
        .route("/api/v1/publications", get(publicity::list))
        .route("/api/v1/publications/tracking", get(publicity::tracking))
        .route("/api/v1/publications/{id}", get(publicity::get))
        .route("/api/v1/publications/{id}/publish", post(publicity::publish))
        .route("/api/v1/publications/{id}/withhold", post(publicity::withhold))
        .route("/api/v1/publications/{id}/change", post(publicity::change))
        .route("/api/v1/publications/{id}/withdraw", post(publicity::withdraw))
        .route("/api/v1/calendar/add", get(public::calendar_add))
        .route("/api/v1/calendar/years", get(public::calendar_years).post(public::import_calendar_year))
        .route("/api/v1/ledger/keys", get(ledger::keys))
        .route("/api/v1/ledger/checkpoint", get(ledger::checkpoint))
        .route("/api/v1/ledger/entries/{index}/proof", get(ledger::entry_proof))
        .route("/api/v1/ledger/consistency", get(ledger::consistency))
        .route(
            "/api/v1/evidence",
            get(evidence::list)
                // Files stream through; their own limit applies (AppState::max_evidence_bytes).
                .post(evidence::upload)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/api/v1/evidence/{id}", get(evidence::get))
        .route("/api/v1/evidence/{id}/file", get(evidence::download))
        .route("/api/v1/evidence/{id}/deletion-requests", post(evidence::request_deletion))
        .route("/api/v1/evidence-deletions", get(evidence::list_deletions))
        .route("/api/v1/evidence-deletions/{id}/decision", post(evidence::decide_deletion))
        .route("/api/v1/targets/{target}", get(evidence::target))
        .route("/api/v1/cases", get(cases::list).post(cases::create))
        .route("/api/v1/cases/{id}", get(cases::get))
        .route("/api/v1/cases/{id}/steps", post(cases::add_step))
        .route("/api/v1/deadlines", get(cases::deadlines))
        .route("/api/v1/cases/{id}/documents", get(documents::list).post(documents::create))
        .route("/api/v1/documents/{id}", get(documents::get))
        .route("/api/v1/cases/{id}/review", get(review::file))
        .route("/api/v1/cases/{id}/review/submissions", post(review::submit))
        .route("/api/v1/cases/{id}/review/opinions", post(review::opinion))
        .route("/api/v1/cases/{id}/review/objections", post(review::object))
        .route("/api/v1/cases/{id}/review/negotiations", post(review::negotiate))
        .route("/api/v1/cases/{id}/review/rulings", post(review::rule))
        .route("/api/v1/cases/{id}/review/marks", post(review::mark))
        .route("/api/v1/cases/{id}/review/referral", post(review::refer))
        .route("/api/v1/cases/{id}/review/referral/receipt", post(review::receipt))
        .route("/api/v1/cases/{id}/review/referral/follow-ups", post(review::follow_up))
        .route("/api/v1/review/queue", get(review::queue))
        .route("/api/v1/review/stats", get(review::stats))
        .route("/api/v1/review/scope", get(review::scope))
        .route("/api/v1/bodies/{id}/review-list", get(review::lists).post(review::file_list))
        .route("/api/v1/cases/{id}/archive", get(archive::package))
        .route("/api/v1/cases/{id}/archive-check", post(archive::check))
        .route("/api/v1/cases/{id}/archive-reports", get(archive::reports))
        .route("/api/v1/archives/check", post(archive::check_upload).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/api/v1/documents/{id}/pdf", get(documents::pdf))
        .route("/api/v1/doc-templates", get(documents::templates).post(documents::file_version))
        .route("/api/v1/doc-templates/standard/{kind}", get(documents::standard))
        .route("/api/v1/doc-templates/{id}", get(documents::template))
        .route("/api/v1/doc-templates/{id}/decision", post(documents::decision))
}
