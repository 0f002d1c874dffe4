//! Archive API: the case file (案卷) as a package to download, the four-property check of
//! DA/T 70 on demand (and its history), and the check of a package brought in from elsewhere.
//! Packages are assembled into a temporary file and streamed; nothing of them is kept but the
//! journaled report.

use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use zhifa_app::archive::{ReportView, TempPackage};
use zhifa_core::access::Action;

/// 四性检测（按需）：组卷并检测真实性、完整性、可用性、安全性，报告记入账本
#[utoipa::path(post, path = "/api/v1/cases/{id}/archive-check", params(("id" = i64, Path)),
    responses((status = 201, body = ReportView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn check(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    Ok((StatusCode::CREATED, Json(zhifa_app::archive::check_case(&state.app, &s.who(), id).await?)))
}

/// 四性检测报告（本案历次）
#[utoipa::path(get, path = "/api/v1/cases/{id}/archive-reports", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReportView>), (status = 404, body = ErrorBody)))]
pub async fn reports(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    Ok(Json(zhifa_app::archive::reports(&state.app, &s.who(), id).await?))
}

/// The package download of a case (shared by the API and the pages).
pub async fn package_response(
    state: &AppState,
    s: &Session,
    id: i64,
    ip: Option<String>,
) -> Result<Response, ApiError> {
    let zhifa_app::archive::Export { case: c, package, report } =
        zhifa_app::archive::export(&state.app, &s.who(), id, ip).await?;
    let name = format!("{}-案卷.zip", c.number);
    let disposition = super::content_disposition("attachment", &format!("case-{}.zip", c.id), &name);
    let file = tokio::fs::File::open(package.path()).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, report.package_size.to_string()),
            (header::HeaderName::from_static("x-content-sm3"), report.package_sm3.clone()),
            (
                header::HeaderName::from_static("x-archive-check"),
                if report.passed { "passed" } else { "failed" }.into(),
            ),
        ],
        Body::from_stream(stream_file(file, package)),
    )
        .into_response())
}

/// 导出案卷包（zip：清单、封面及卷内目录、文书、记录、证据、账本包含证明、四性检测报告；导出记入调阅记录）
#[utoipa::path(get, path = "/api/v1/cases/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/zip"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn package(
    State(state): State<AppState>,
    s: Session,
    axum::extract::ConnectInfo(ip): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    package_response(&state, &s, id, Some(ip.ip().to_string())).await
}

/// 核验外来案卷包：按本平台公布的账本公钥检测四性，报告记入账本（案卷包本身不保存）
#[utoipa::path(post, path = "/api/v1/archives/check", request_body(content = Vec<u8>, content_type = "application/zip"),
    responses((status = 201, body = ReportView), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_upload(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    body: Body,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    s.require(Action::ReadCases, Some(s.caller.body_id.unwrap_or(-1)))?;
    let tmp = TempPackage::new();
    save_body(body, tmp.path(), state.app.max_evidence_bytes).await?;
    Ok((StatusCode::CREATED, Json(zhifa_app::archive::check_foreign(&state.app, &s.who(), &tmp).await?)))
}

async fn save_body(body: Body, path: &std::path::Path, limit: u64) -> Result<(), ApiError> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio::fs::File::create(path).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut stream = body.into_data_stream();
    let mut size = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("上传中断：{e}")))?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(ApiError::TooLarge);
        }
        file.write_all(&chunk).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    file.flush().await.map_err(|e| ApiError::Internal(e.to_string()))?;
    if size == 0 {
        return Err(zhifa_core::Invalid::field("file", "请上传案卷包（zip）").into());
    }
    Ok(())
}

/// Streams a file in 64 KiB chunks, keeping `guard` (the temporary file) alive until done.
fn stream_file<G: Send + 'static>(
    file: tokio::fs::File,
    guard: G,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> + Send + 'static {
    futures_util::stream::unfold((file, guard), |(mut file, guard)| async move {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), (file, guard)))
            }
            Err(e) => Some((Err(e), (file, guard))),
        }
    })
}
