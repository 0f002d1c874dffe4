//! Public API: no sign-in; only what is published.

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use zhifa_store::model::PublicCertificate;

/// 执法证件公开查询
#[utoipa::path(get, path = "/api/v1/public/certificates/{number}", params(("number" = String, Path, description = "证件编号")),
    responses((status = 200, body = PublicCertificate), (status = 404, body = ErrorBody)))]
pub async fn public_certificate(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<Json<PublicCertificate>, ApiError> {
    let number =
        zhifa_core::ids::CertificateNumber::parse(&number).map_err(|m| zhifa_core::Invalid::field("number", m))?;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    state.store.public_certificate(number.as_str(), today).await?.map(Json).ok_or(ApiError::NotFound("执法证件"))
}
