//! zhifa HTTP layer: the JSON API under `/api/v1`, Chinese server-rendered pages, sessions,
//! metrics. Handlers stay thin: they parse, ask [`zhifa_core::access::allowed`], call the store.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod api;
pub mod auth;
pub mod error;
pub mod input;
mod metrics;
pub mod pages;
pub mod state;

use axum::Router;
use axum::http::{Extensions, HeaderMap, HeaderName, Request, StatusCode, Version, header};
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// Largest accepted request body (JSON and forms). Larger bodies get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Clone, Default)]
struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::random::<u64>());
        id.parse().ok().map(RequestId::new)
    }
}

/// Whether a response is worth compressing: pages, JSON and other text of more than a packet.
/// PDFs, archives, images and audio/video are already compressed (and evidence is served with
/// range requests, which a compressed body would break).
fn compressible(status: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    const TEXT: &[&str] = &[
        "text/html",
        "text/plain",
        "text/css",
        "text/csv",
        "application/json",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
    ];
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let long = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_none_or(|n| n > 1024);
    status != StatusCode::PARTIAL_CONTENT
        && !headers.contains_key(header::CONTENT_RANGE)
        && long
        && TEXT.iter().any(|t| content_type.starts_with(t))
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let rid = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(error::chinese_errors))
        .layer(axum::middleware::from_fn(error::security_headers))
        .layer(CompressionLayer::new().gzip(true).compress_when(compressible))
        .layer(PropagateRequestIdLayer::new(rid.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(rid, MakeId))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` completes, then drains open requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
