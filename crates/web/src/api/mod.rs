//! The JSON API under `/api/v1`, its OpenAPI document, health and metrics.

pub(crate) mod accounts;
pub mod annual;
pub mod archive;
pub mod assessment;
pub mod cases;
pub mod complaints;
mod doc;
pub mod documents;
pub mod evaluation;
pub mod evidence;
pub mod ledger;
pub mod lists;
pub(crate) mod public;
pub mod publicity;
pub mod registry;
pub mod review;
mod session;
pub mod spotcheck;
pub mod supervision;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::de::DeserializeOwned;
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

/// A JSON body whose rejection is an [`ApiError`] (Chinese message, 413 when too large).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(v) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        crate::input::check_json(&v)?;
        // The field that failed is named (`parties[0].name: invalid type …`), as axum's own would.
        serde_path_to_error::deserialize(v).map(ApiJson).map_err(|e| crate::error::malformed(&e.to_string()))
    }
}

/// A query string whose rejection is an [`ApiError`].
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(parts.uri.query().unwrap_or_default()) {
            crate::input::check_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        }
        axum::extract::Query::<T>::from_request_parts(parts, state).await.map(|q| ApiQuery(q.0)).map_err(ApiError::from)
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhifa 行政执法三项制度平台 API",
        description = "JSON API. Writes need the session cookie and the X-CSRF-Token header returned at sign-in."
    ),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

async fn healthz(State(state): State<AppState>) -> Response {
    match state.app.store.ping().await {
        Ok(()) => {
            axum::Json(serde_json::json!({"status": "ok", "backend": state.app.store.backend_name()})).into_response()
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
        state.metrics.render(state.app.store.backend_name()),
    )
        .into_response()
}

/// The API's routes, each documented: the router and the OpenAPI document are made from this
/// one list (a handler's path and method are those of its `#[utoipa::path]`), so no route can
/// be missing from the document.
fn api_router() -> OpenApiRouter<AppState> {
    // Files stream through these two; their own limit applies (AppState::max_evidence_bytes).
    let unlimited = |(schemas, paths, method): UtoipaMethodRouter<AppState>| {
        (schemas, paths, method.layer(axum::extract::DefaultBodyLimit::disable()))
    };
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::login, session::logout))
        .routes(routes!(session::me))
        .routes(routes!(registry::list_bodies, registry::create_body))
        .routes(routes!(registry::get_body, registry::update_body))
        .routes(routes!(registry::power_items))
        .routes(routes!(registry::power_item_history))
        .routes(routes!(registry::add_power_item))
        .routes(routes!(registry::list_officers, registry::create_officer))
        .routes(routes!(registry::get_officer, registry::update_officer))
        .routes(routes!(registry::add_training))
        .routes(routes!(registry::list_certificates, registry::create_certificate))
        .routes(routes!(registry::get_certificate))
        .routes(routes!(registry::change_certificate_status))
        .routes(routes!(registry::list_reviewers, registry::designate_reviewer))
        .routes(routes!(registry::reviewer_ratios))
        .routes(routes!(registry::access_log))
        .routes(routes!(registry::list_users, registry::create_user))
        .routes(routes!(registry::reset_password))
        .routes(routes!(session::change_password))
        .routes(routes!(registry::revoke_user_sessions))
        .routes(routes!(accounts::set_active))
        .routes(routes!(accounts::unlock))
        .routes(routes!(accounts::set_role))
        .routes(routes!(accounts::notifications))
        .routes(routes!(accounts::mark_read))
        .routes(routes!(accounts::counts))
        .routes(routes!(accounts::deliveries))
        .routes(routes!(supervision::list))
        .routes(routes!(supervision::item))
        .routes(routes!(supervision::rules))
        .routes(routes!(supervision::set))
        .routes(routes!(supervision::act, supervision::actions))
        .routes(routes!(supervision::notices, supervision::issue))
        .routes(routes!(supervision::notice))
        .routes(routes!(supervision::notice_pdf))
        .routes(routes!(supervision::reply))
        .routes(routes!(supervision::verdict))
        .routes(routes!(supervision::dashboard))
        .routes(routes!(complaints::submit))
        .routes(routes!(complaints::track))
        .routes(routes!(complaints::ask))
        .routes(routes!(complaints::list, complaints::register))
        .routes(routes!(complaints::get))
        .routes(routes!(complaints::act))
        .routes(unlimited(routes!(spotcheck::list, spotcheck::import)))
        .routes(routes!(spotcheck::get))
        .routes(routes!(spotcheck::tasks, spotcheck::announce))
        .routes(routes!(spotcheck::task))
        .routes(routes!(spotcheck::reannounce))
        .routes(routes!(spotcheck::draw))
        .routes(routes!(spotcheck::inspect))
        .routes(routes!(spotcheck::public_tasks))
        .routes(routes!(spotcheck::public_task))
        .routes(routes!(spotcheck::bundle))
        .routes(routes!(spotcheck::verify))
        .routes(routes!(spotcheck::self_check))
        .routes(routes!(evaluation::standards, evaluation::save_standard))
        .routes(routes!(evaluation::campaigns, evaluation::announce))
        .routes(routes!(evaluation::campaign))
        .routes(routes!(evaluation::reannounce))
        .routes(routes!(evaluation::draw))
        .routes(routes!(evaluation::publish))
        .routes(routes!(evaluation::my_sheets))
        .routes(routes!(evaluation::sheet, evaluation::submit))
        .routes(routes!(evaluation::public_list))
        .routes(routes!(evaluation::public_campaign))
        .routes(routes!(evaluation::draw_check))
        .routes(routes!(assessment::year))
        .routes(routes!(assessment::rows))
        .routes(routes!(assessment::weights, assessment::set_weights))
        .routes(routes!(assessment::publish))
        .routes(routes!(assessment::public_list))
        .routes(routes!(public::public_certificate))
        .routes(routes!(publicity::public_list))
        .routes(routes!(public::service_guide))
        .routes(routes!(public::flowchart))
        .routes(routes!(public::public_officers))
        .routes(routes!(lists::public_list))
        .routes(routes!(lists::file_list))
        .routes(routes!(annual::list))
        .routes(routes!(annual::draft))
        .routes(routes!(annual::get))
        .routes(routes!(annual::edit))
        .routes(routes!(annual::publish))
        .routes(routes!(annual::public_years))
        .routes(routes!(annual::public_report))
        .routes(routes!(publicity::public_progress))
        .routes(routes!(publicity::public_proof))
        .routes(routes!(publicity::public_withdrawal_proof))
        .routes(routes!(publicity::public_get))
        .routes(routes!(publicity::public_document_check))
        .routes(routes!(publicity::public_csv))
        .routes(routes!(publicity::public_feed))
        .routes(routes!(publicity::list))
        .routes(routes!(publicity::tracking))
        .routes(routes!(publicity::get))
        .routes(routes!(publicity::publish))
        .routes(routes!(publicity::withhold))
        .routes(routes!(publicity::change))
        .routes(routes!(publicity::withdraw))
        .routes(routes!(public::calendar_add))
        .routes(routes!(public::calendar_years, public::import_calendar_year))
        .routes(routes!(ledger::keys))
        .routes(routes!(ledger::checkpoint))
        .routes(routes!(ledger::entry_proof))
        .routes(routes!(ledger::consistency))
        .routes(unlimited(routes!(evidence::list, evidence::upload)))
        .routes(routes!(evidence::get))
        .routes(routes!(evidence::download))
        .routes(routes!(evidence::request_deletion))
        .routes(routes!(evidence::list_deletions))
        .routes(routes!(evidence::decide_deletion))
        .routes(routes!(evidence::target))
        .routes(routes!(cases::list, cases::create))
        .routes(routes!(cases::get))
        .routes(routes!(cases::add_step))
        .routes(routes!(cases::deadlines))
        .routes(routes!(cases::workbench))
        .routes(routes!(documents::list, documents::create))
        .routes(routes!(documents::get))
        .routes(routes!(review::file))
        .routes(routes!(review::submit))
        .routes(routes!(review::opinion))
        .routes(routes!(review::object))
        .routes(routes!(review::negotiate))
        .routes(routes!(review::rule))
        .routes(routes!(review::mark))
        .routes(routes!(review::refer))
        .routes(routes!(review::receipt))
        .routes(routes!(review::follow_up))
        .routes(routes!(review::queue))
        .routes(routes!(review::stats))
        .routes(routes!(review::scope))
        .routes(routes!(review::lists, review::file_list))
        .routes(routes!(archive::package))
        .routes(routes!(archive::check))
        .routes(routes!(archive::reports))
        .routes(unlimited(routes!(archive::check_upload)))
        .routes(routes!(documents::pdf))
        .routes(routes!(documents::templates, documents::file_version))
        .routes(routes!(documents::standard))
        .routes(routes!(documents::template))
        .routes(routes!(documents::decision))
}

/// The OpenAPI document as published (see `doc.rs`).
fn openapi_json(doc: &utoipa::openapi::OpenApi) -> String {
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    doc::finish(&mut v);
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into())
}

/// The OpenAPI document as published, for `zhifa openapi` and the tests.
pub fn openapi_document() -> String {
    openapi_json(&api_router().into_openapi())
}

/// API routes, with health, metrics and the OpenAPI document.
pub fn routes() -> Router<AppState> {
    let (router, doc) = api_router().split_for_parts();
    let json = openapi_json(&doc);
    router.route("/healthz", get(healthz)).route("/metrics", get(metrics)).route(
        "/api/openapi.json",
        get(move || async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], json).into_response() }),
    )
}

/// A `Content-Disposition` value: `disposition` (`attachment` or `inline`), an ASCII file name
/// for clients that read only `filename=`, and the real (Chinese) name as `filename*` (RFC 6266).
pub(crate) fn content_disposition(disposition: &str, ascii: &str, name: &str) -> String {
    let ascii: String =
        ascii.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '_' }).collect();
    format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{}", zhifa_core::ids::percent_encode(name))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_download_is_named_in_ascii_and_in_full() {
        let d = super::content_disposition("attachment", "年报 \"2025\".csv", "2025年度统计年报.csv");
        assert!(d.starts_with("attachment; filename=\"____2025_.csv\"; filename*=UTF-8''2025"), "{d}");
        assert!(!d["attachment; filename=".len()..].contains("年"), "{d}");
    }
}
