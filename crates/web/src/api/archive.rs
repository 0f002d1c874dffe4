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
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::archive::Report;
use zhifa_store::Command;
use zhifa_store::model::{ArchiveReport, Case};

/// A temporary package file, removed when dropped.
struct TempPackage(std::path::PathBuf);

impl TempPackage {
    fn new() -> Self {
        let name = format!("zhifa-archive-{}-{}.zip", std::process::id(), rand::random::<u64>());
        TempPackage(std::env::temp_dir().join(name))
    }
}

impl Drop for TempPackage {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A four-property report as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    /// id
    pub id: i64,
    /// 检测环节
    pub occasion: String,
    /// 四性均通过
    pub passed: bool,
    /// 案卷包 SM3
    pub package_sm3: String,
    /// 案卷包字节数
    pub package_size: i64,
    /// 检测时间
    pub created_at: DateTime<Utc>,
    /// the report
    #[schema(value_type = Object)]
    pub report: Report,
}

impl ReportView {
    fn of(r: &ArchiveReport) -> Result<Self, ApiError> {
        Ok(ReportView {
            id: r.id,
            occasion: r.occasion.clone(),
            passed: r.passed,
            package_sm3: r.package_sm3.clone(),
            package_size: r.package_size,
            created_at: r.created_at,
            report: serde_json::from_str(&r.report).map_err(|e| ApiError::Internal(e.to_string()))?,
        })
    }
}

async fn readable_case(state: &AppState, s: &Session, id: i64) -> Result<Case, ApiError> {
    let c = state.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
    s.require(Action::ReadCases, Some(c.body_id))?;
    Ok(c)
}

/// Assembles the package of a case into a temporary file, checks it and journals the report.
pub async fn assemble_and_record(
    state: &AppState,
    s: &Session,
    c: &Case,
    occasion: &str,
) -> Result<(TempPackageHandle, ReportView), ApiError> {
    let (tmp, cmd) = assemble(state, s, c, occasion).await?;
    let out = state.store.execute(&s.actor(), cmd).await?;
    Ok((tmp, report_view(state, out.id).await?))
}

/// Assembles the package of a case into a temporary file and checks it: the package and the
/// command that journals its report (for the caller to run, alone or with the change it
/// belongs to, as the archiving step).
pub async fn assemble(
    state: &AppState,
    s: &Session,
    c: &Case,
    occasion: &str,
) -> Result<(TempPackageHandle, Command), ApiError> {
    // Every record of the case must be under a signed checkpoint before it can be proven.
    state.checkpoint_once().await?;
    let tmp = TempPackage::new();
    let keys = state.ledger_keys.verifier_keys();
    let (_, report) = state.store.assemble_archive(&state.evidence, c.id, &keys, occasion, &tmp.0).await?;
    let cmd = report_command(s, Some(c), occasion, report, &tmp.0).await?;
    Ok((TempPackageHandle(tmp), cmd))
}

/// A report as stored, for the API.
pub async fn report_view(state: &AppState, id: i64) -> Result<ReportView, ApiError> {
    let row = state.store.archive_report(id).await?.ok_or(ApiError::NotFound("检测报告"))?;
    ReportView::of(&row)
}

/// The command that journals a report with the digest of the package it is about.
async fn report_command(
    s: &Session,
    case: Option<&Case>,
    occasion: &str,
    report: Report,
    package: &std::path::Path,
) -> Result<Command, ApiError> {
    let path = package.to_path_buf();
    let (sm3, size) = tokio::task::spawn_blocking(move || zhifa_store::archive::file_sm3(&path))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Command::RecordArchiveReport {
        case_id: case.map(|c| c.id),
        body_id: case.map(|c| c.body_id).or(s.caller.body_id),
        case_number: case.map(|c| c.number.clone()).unwrap_or_else(|| report.case_number.clone()),
        occasion: occasion.into(),
        report: Box::new(report),
        package_sm3: sm3,
        package_size: size as i64,
    })
}

/// A package file kept until its response is sent.
pub struct TempPackageHandle(TempPackage);

/// 四性检测（按需）：组卷并检测真实性、完整性、可用性、安全性，报告记入账本
#[utoipa::path(post, path = "/api/v1/cases/{id}/archive-check", params(("id" = i64, Path)),
    responses((status = 201, body = ReportView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn check(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    let c = readable_case(&state, &s, id).await?;
    let (_, report) = assemble_and_record(&state, &s, &c, "按需检测").await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// 四性检测报告（本案历次）
#[utoipa::path(get, path = "/api/v1/cases/{id}/archive-reports", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReportView>), (status = 404, body = ErrorBody)))]
pub async fn reports(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    readable_case(&state, &s, id).await?;
    let rows = state.store.archive_reports(id).await?;
    Ok(Json(rows.iter().map(ReportView::of).collect::<Result<_, _>>()?))
}

/// The package download of a case (shared by the API and the pages).
pub async fn package_response(
    state: &AppState,
    s: &Session,
    id: i64,
    ip: Option<String>,
) -> Result<Response, ApiError> {
    let c = readable_case(state, s, id).await?;
    let view = Command::RecordAccess {
        object_table: "cases".into(),
        object_id: id,
        body_id: Some(c.body_id),
        ip,
        purpose: Some("导出案卷".into()),
    };
    state.store.execute(&s.actor(), view).await?;
    let (tmp, report) = assemble_and_record(state, s, &c, "导出").await?;
    let name = format!("{}-案卷.zip", c.number);
    let disposition =
        format!("attachment; filename=\"case-{}.zip\"; filename*=UTF-8''{}", c.id, super::evidence::urlencode(&name));
    let file = tokio::fs::File::open(&tmp.0.0).await.map_err(|e| ApiError::Internal(e.to_string()))?;
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
        Body::from_stream(stream_file(file, tmp)),
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
    save_body(body, &tmp.0, state.max_evidence_bytes).await?;
    let keys = state.ledger_keys.verifier_keys();
    let path = tmp.0.clone();
    let report = tokio::task::spawn_blocking(move || zhifa_store::archive::check_package(&path, &keys, "导入核验"))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let cmd = report_command(&s, None, "导入核验", report, &tmp.0).await?;
    let out = state.store.execute(&s.actor(), cmd).await?;
    Ok((StatusCode::CREATED, Json(report_view(&state, out.id).await?)))
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
