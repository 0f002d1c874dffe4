//! Evidence API: upload (streamed, metadata in the query string), list, view and download
//! (each view and download is a supervised access in the ledger, with a stated purpose where
//! the caller's role must give one), the per-target dossier, and two-approval deletion.

use super::ApiQuery;
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::{IntoParams, ToSchema};
use zhifa_core::Invalid;
use zhifa_core::access::Action;
use zhifa_core::evidence::{EvidenceInput, Target, check_purpose, purpose_required};
use zhifa_core::ids::BodyId;
use zhifa_store::blobs::{BlobError, Expected};
use zhifa_store::model::{Evidence, EvidenceDeletion};
use zhifa_store::reads::EvidenceFilter;
use zhifa_store::{Command, Outcome};

impl From<BlobError> for ApiError {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::Interrupted(m) => ApiError::BadRequest(format!("上传中断：{m}")),
            BlobError::TooLarge(_) => ApiError::TooLarge,
            BlobError::Empty => ApiError::Invalid(Invalid::field("file", "文件为空")),
            e @ BlobError::DigestMismatch { field, .. } => ApiError::Invalid(Invalid::field(field, e.to_string())),
            e => ApiError::Internal(e.to_string()),
        }
    }
}

/// The body an upload belongs to (system administrators must name it).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadBody {
    /// 执法主体（系统管理员上传时必填；其他账号为本主体）
    pub body_id: Option<i64>,
}

/// What an upload stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct Uploaded {
    /// evidence id
    pub id: i64,
    /// journal sequence of its entry
    pub seq: i64,
    /// SM3 hex
    pub sm3: String,
    /// SHA-256 hex
    pub sha256: String,
    /// bytes
    pub size: u64,
}

/// 上传证据：请求体为文件本身（任意大小，流式接收），元数据在查询串中
#[utoipa::path(post, path = "/api/v1/evidence", params(EvidenceInput, UploadBody), request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Uploaded), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiQuery(meta): ApiQuery<EvidenceInput>,
    ApiQuery(q): ApiQuery<UploadBody>,
    body: Body,
) -> Result<(StatusCode, Json<Uploaded>), ApiError> {
    let body_id = match (q.body_id, s.caller.body_id) {
        (Some(b), _) => b,
        (None, Some(b)) => b,
        (None, None) => return Err(Invalid::field("body_id", "请选择证据所属的执法主体").into()),
    };
    s.require(Action::UploadEvidence, Some(body_id))?;
    // Everything that can be checked before the bytes arrive is checked first.
    let meta = meta.validate(chrono::Utc::now())?;
    match state.app.store.get_officer(s.caller.scope(), meta.collector_officer_id).await? {
        Some(o) if o.body_id == body_id => {}
        _ => return Err(Invalid::field("collector_officer_id", "采集人不是本执法主体的执法人员").into()),
    }
    let expected = Expected { sm3: meta.device_sm3.clone(), sha256: meta.device_sha256.clone() };
    let ingested = state.app.evidence.ingest(body.into_data_stream(), state.app.max_evidence_bytes, &expected).await?;
    let cmd = Command::AddEvidence {
        body_id: BodyId(body_id),
        meta: Box::new(meta),
        sm3: ingested.sm3.clone(),
        sha256: ingested.sha256.clone(),
        size: ingested.size,
    };
    let out: Outcome = zhifa_app::evidence::record_upload(&state.app, &s.actor(), cmd, &ingested).await?;
    Ok((
        StatusCode::CREATED,
        Json(Uploaded { id: out.id, seq: out.seq, sm3: ingested.sm3, sha256: ingested.sha256, size: ingested.size }),
    ))
}

/// Evidence list query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 案件编号
    pub case_number: Option<String>,
    /// 包括已删除（墓碑）
    #[serde(default)]
    pub include_deleted: bool,
    /// 每页条数
    pub limit: Option<i64>,
    /// 偏移
    pub offset: Option<i64>,
}

/// 证据目录（本主体；监督人员为全部）：只含元数据，不含文件
#[utoipa::path(get, path = "/api/v1/evidence", params(ListQuery), responses((status = 200, body = [Evidence]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<Evidence>>, ApiError> {
    s.require(Action::ViewEvidence, s.caller.body_id)?;
    let filter = EvidenceFilter {
        case_number: q.case_number,
        include_deleted: q.include_deleted,
        limit: q.limit,
        offset: q.offset,
        ..Default::default()
    };
    Ok(Json(state.app.store.evidence_list(s.caller.scope(), &filter).await?))
}

/// The purpose of a view.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PurposeQuery {
    /// 调阅事由（监督人员、管理员、非采集人须填写）
    pub purpose: Option<String>,
}

/// How a file is handed over.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// 调阅事由（监督人员、管理员、非采集人须填写）
    pub purpose: Option<String>,
    /// 在页面中显示（图片缩略图、音视频播放）；仅图片、音频、视频
    pub inline: Option<bool>,
}

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteRange {
    /// the whole file (no range, or one this server does not serve in parts: several ranges)
    Whole,
    /// bytes `start..end` (end exclusive)
    Part(u64, u64),
    /// a range outside the file (416)
    Unsatisfiable,
}

/// Reads a `Range: bytes=…` header (RFC 9110 §14.2): one range `a-b`, `a-` or `-n`.
pub fn byte_range(header: Option<&str>, size: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return ByteRange::Whole };
    if spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else { return ByteRange::Whole };
    let (a, b) = (a.trim(), b.trim());
    let num = |x: &str| x.parse::<u64>().ok();
    let (start, end) = match (a.is_empty(), b.is_empty()) {
        // the last n bytes
        (true, false) => match num(b) {
            Some(0) => return ByteRange::Unsatisfiable,
            Some(n) => (size.saturating_sub(n), size),
            None => return ByteRange::Whole,
        },
        (false, true) => match num(a) {
            Some(a) => (a, size),
            None => return ByteRange::Whole,
        },
        (false, false) => match (num(a), num(b)) {
            (Some(a), Some(b)) if a <= b => (a, b.saturating_add(1).min(size)),
            (Some(_), Some(_)) => return ByteRange::Whole,
            _ => return ByteRange::Whole,
        },
        (true, true) => return ByteRange::Whole,
    };
    if start >= size {
        return ByteRange::Unsatisfiable;
    }
    ByteRange::Part(start, end)
}

/// Whether a stored media type may be shown inside a page (images other than SVG, audio, video).
fn shown_inline(media_type: &str) -> bool {
    let t = media_type.to_ascii_lowercase();
    (t.starts_with("image/") && !t.contains("svg")) || t.starts_with("audio/") || t.starts_with("video/")
}

/// One item with its deletion requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceDetail {
    /// the item
    pub evidence: Evidence,
    /// its deletion requests
    pub deletions: Vec<EvidenceDeletion>,
}

/// Loads an item in scope, checks the caller may view it and has given a purpose if needed,
/// and records the access (`what`: `evidence` for a view, `evidence_file` for a download).
pub(crate) async fn access(
    state: &AppState,
    s: &Session,
    id: i64,
    purpose: Option<&str>,
    what: &str,
    ip: SocketAddr,
) -> Result<Evidence, ApiError> {
    let e = state.app.store.evidence(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("证据"))?;
    s.require(Action::ViewEvidence, Some(e.body_id))?;
    let collected_it = s.officer_id.is_some_and(|o| o == e.collector_officer_id);
    let purpose = check_purpose(purpose_required(s.caller.role, collected_it), purpose)?;
    let cmd = Command::RecordAccess {
        object_table: what.into(),
        object_id: id,
        body_id: Some(BodyId(e.body_id)),
        ip: Some(ip.ip().to_string()),
        purpose,
    };
    state.app.store.execute(&s.actor(), cmd).await?;
    Ok(e)
}

/// 查看证据（记入调阅记录）
#[utoipa::path(get, path = "/api/v1/evidence/{id}", params(("id" = i64, Path), PurposeQuery),
    responses((status = 200, body = EvidenceDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<PurposeQuery>,
) -> Result<Json<EvidenceDetail>, ApiError> {
    let evidence = access(&state, &s, id, q.purpose.as_deref(), "evidence", ip).await?;
    let deletions = state.app.store.evidence_deletions(s.caller.scope(), Some(id)).await?;
    Ok(Json(EvidenceDetail { evidence, deletions }))
}

/// 下载证据文件（记入调阅记录）；文件以其 SM3 校验后原样返回。支持 `Range`（播放器的分段请求，
/// 自第0字节起的请求记入调阅记录）；`inline=true` 时图片、音视频在页面中显示
#[utoipa::path(get, path = "/api/v1/evidence/{id}/file", params(("id" = i64, Path), FileQuery),
    responses((status = 200, content_type = "application/octet-stream"), (status = 206, content_type = "application/octet-stream"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 416, description = "请求的范围超出文件")))]
pub async fn download(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    ApiQuery(q): ApiQuery<FileQuery>,
) -> Result<Response, ApiError> {
    let e = state.app.store.evidence(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("证据"))?;
    let asked = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let range = byte_range(asked, e.size_bytes.max(0) as u64);
    // A viewing is recorded once, when it begins: the whole file, or a range from its start; the
    // further parts a player asks for are checked alike but not recorded again.
    let begins = !matches!(range, ByteRange::Part(start, _) if start > 0);
    let e = if begins {
        access(&state, &s, id, q.purpose.as_deref(), "evidence_file", ip).await?
    } else {
        s.require(Action::ViewEvidence, Some(e.body_id))?;
        let collected_it = s.officer_id.is_some_and(|o| o == e.collector_officer_id);
        check_purpose(purpose_required(s.caller.role, collected_it), q.purpose.as_deref())?;
        e
    };
    if e.status != zhifa_core::evidence::EvidenceStatus::Active {
        return Err(ApiError::Conflict("该证据已经两级批准删除，文件不再保存；其登记信息和摘要仍在账本中".into()));
    }
    let name = e.file_name.clone().unwrap_or_else(|| format!("evidence-{}.{}", e.id, e.format));
    let inline = q.inline == Some(true) && shown_inline(&e.media_type);
    let disposition = super::content_disposition(
        if inline { "inline" } else { "attachment" },
        &format!("evidence-{}.{}", e.id, e.format),
        &name,
    );
    let size = e.size_bytes.max(0) as u64;
    let common = [
        (header::CONTENT_TYPE, e.media_type.clone()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::ACCEPT_RANGES, "bytes".to_string()),
        (header::CACHE_CONTROL, "private, max-age=300".to_string()),
        (header::HeaderName::from_static("x-content-sm3"), e.sm3.clone()),
    ];
    match range {
        ByteRange::Unsatisfiable => {
            Ok((StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, format!("bytes */{size}"))])
                .into_response())
        }
        ByteRange::Part(start, end) => {
            let stream = state.app.evidence.open_range(&e.sm3, start..end).await?;
            let mut r = (StatusCode::PARTIAL_CONTENT, common, Body::from_stream(stream)).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_LENGTH, (end - start).into());
            if let Ok(v) = format!("bytes {start}-{}/{size}", end - 1).parse() {
                h.insert(header::CONTENT_RANGE, v);
            }
            Ok(r)
        }
        ByteRange::Whole => {
            let (size, stream) = state.app.evidence.open(&e.sm3).await?;
            let mut r = (common, Body::from_stream(stream)).into_response();
            r.headers_mut().insert(header::CONTENT_LENGTH, size.into());
            Ok(r)
        }
    }
}

pub(crate) use zhifa_core::ids::percent_encode as urlencode;

/// A deletion request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeletionInput {
    /// 删除理由
    pub reason: String,
}

/// 申请删除证据（须机关负责人和司法局监督人员两级批准）
#[utoipa::path(post, path = "/api/v1/evidence/{id}/deletion-requests", params(("id" = i64, Path)), request_body = DeletionInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_deletion(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    super::ApiJson(input): super::ApiJson<DeletionInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(ask_deletion(&state, &s, id, input.reason).await?)))
}

/// Files a deletion request for an item the caller may ask about (API and page).
pub(crate) async fn ask_deletion(state: &AppState, s: &Session, id: i64, reason: String) -> Result<Outcome, ApiError> {
    let e = state.app.store.evidence(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("证据"))?;
    s.require(Action::RequestEvidenceDeletion, Some(e.body_id))?;
    Ok(state.app.store.execute(&s.actor(), Command::RequestEvidenceDeletion { evidence_id: id, reason }).await?)
}

/// A decision on a deletion request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// 批准（true）或驳回（false）
    pub approve: bool,
}

/// 批准或驳回删除申请：机关负责人与司法局监督人员各批准一次后删除文件，留下墓碑
#[utoipa::path(post, path = "/api/v1/evidence-deletions/{id}/decision", params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_deletion(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    super::ApiJson(input): super::ApiJson<DecisionInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    s.require(Action::ApproveEvidenceDeletion, s.caller.body_id)?;
    let out = decide(&state, &s, id, input.approve).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Records a decision on a deletion request; when it completes the deletion, removes the file.
pub(crate) async fn decide(state: &AppState, s: &Session, request: i64, approve: bool) -> Result<Outcome, ApiError> {
    let cmd = Command::DecideEvidenceDeletion { request_id: request, role: s.caller.role, approve };
    let out = state.app.store.execute(&s.actor(), cmd).await?;
    remove_if_deleted(state, s, request).await;
    Ok(out)
}

/// After an approval: when the item is now deleted and no live item shares its file, the file
/// goes. A failure here is left to the sweeper.
async fn remove_if_deleted(state: &AppState, s: &Session, request_id: i64) {
    let Ok(Some(d)) = state.app.store.evidence_deletion(s.caller.scope(), request_id).await else { return };
    let Ok(Some(e)) = state.app.store.evidence(s.caller.scope(), d.evidence_id).await else { return };
    if e.status == zhifa_core::evidence::EvidenceStatus::Deleted
        && let Ok(false) = state.app.store.blob_is_live(&e.sm3).await
        && let Err(err) = state.app.evidence.remove(&e.sm3).await
    {
        tracing::error!(error = %err, sm3 = e.sm3, "removing a deleted evidence file failed; the sweeper will retry");
    }
}

/// 删除申请（本主体；监督人员为全部），待批准的在前
#[utoipa::path(get, path = "/api/v1/evidence-deletions", responses((status = 200, body = [EvidenceDeletion])))]
pub async fn list_deletions(
    State(state): State<AppState>,
    s: Session,
) -> Result<Json<Vec<EvidenceDeletion>>, ApiError> {
    s.require(Action::ViewEvidence, s.caller.body_id)?;
    Ok(Json(state.app.store.evidence_deletions(s.caller.scope(), None).await?))
}

/// Everything held about one enforcement target.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetDossier {
    /// person / organisation
    pub kind: String,
    /// the normalised identity number or credit code
    pub id: String,
    /// its evidence (within the caller's scope), newest first
    pub evidence: Vec<Evidence>,
}

/// 按当事人（公民身份号码或统一社会信用代码）集中查看全部证据；每件均记入调阅记录
#[utoipa::path(get, path = "/api/v1/targets/{target}", params(("target" = String, Path), PurposeQuery),
    responses((status = 200, body = TargetDossier), (status = 422, body = ErrorBody)))]
pub async fn target(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(target): Path<String>,
    ApiQuery(q): ApiQuery<PurposeQuery>,
) -> Result<Json<TargetDossier>, ApiError> {
    s.require(Action::ViewEvidence, s.caller.body_id)?;
    let t = Target::parse(&target).map_err(|m| Invalid::field("target", m))?;
    // A dossier on one person is never part of one's own case handling: a purpose is needed
    // from everyone but the body's own reviewers and heads.
    let purpose = check_purpose(purpose_required(s.caller.role, false), q.purpose.as_deref())?;
    let filter = EvidenceFilter {
        target_id: Some(t.as_str().to_string()),
        include_deleted: true,
        limit: Some(500),
        ..Default::default()
    };
    let evidence = state.app.store.evidence_list(s.caller.scope(), &filter).await?;
    let views: Vec<Command> = evidence
        .iter()
        .map(|e| Command::RecordAccess {
            object_table: "evidence".into(),
            object_id: e.id,
            body_id: Some(BodyId(e.body_id)),
            ip: Some(ip.ip().to_string()),
            purpose: purpose.clone(),
        })
        .collect();
    if !views.is_empty() {
        state.app.store.execute_batch(&s.actor(), views, |_| {}).await.map_err(|(_, e)| ApiError::from(e))?;
    }
    Ok(Json(TargetDossier { kind: t.kind_code().into(), id: t.as_str().into(), evidence }))
}

#[cfg(test)]
mod tests {
    use super::{ByteRange, byte_range};

    #[test]
    fn ranges_of_a_file_of_ten_bytes() {
        assert_eq!(byte_range(None, 10), ByteRange::Whole);
        assert_eq!(byte_range(Some("bytes=0-"), 10), ByteRange::Part(0, 10));
        assert_eq!(byte_range(Some("bytes=2-4"), 10), ByteRange::Part(2, 5));
        assert_eq!(byte_range(Some("bytes=5-100"), 10), ByteRange::Part(5, 10));
        assert_eq!(byte_range(Some("bytes=-3"), 10), ByteRange::Part(7, 10));
        assert_eq!(byte_range(Some("bytes=-30"), 10), ByteRange::Part(0, 10));
        assert_eq!(byte_range(Some("bytes=10-"), 10), ByteRange::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=-0"), 10), ByteRange::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=0-1,4-5"), 10), ByteRange::Whole, "several ranges: the whole file");
        assert_eq!(byte_range(Some("bytes=4-2"), 10), ByteRange::Whole, "invalid: ignored");
        assert_eq!(byte_range(Some("items=0-1"), 10), ByteRange::Whole);
        assert_eq!(byte_range(Some("bytes=x-"), 10), ByteRange::Whole);
    }
}
