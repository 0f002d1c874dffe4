//! Documents API: what documents a case can have and has, issuing one (filled from the case,
//! checked, numbered, rendered to PDF, journaled), reading it and its PDF (each view journaled),
//! and the template library with bodies' versions filed with and approved by the justice bureau.

use super::ApiJson;
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;
use zhifa_core::Invalid;
use zhifa_core::access::Action;
use zhifa_core::doc::layout::{Block, parse};
use zhifa_core::doc::{DocKind, standard_template};
use zhifa_core::ids::BodyId;
use zhifa_store::Command;
use zhifa_store::documents::TemplateFilter;
use zhifa_store::model::{DocTemplate, Document};

/// An issued document.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 文书种类 code
    pub kind: String,
    /// 文书名称
    pub kind_label: String,
    /// 文号
    pub number: Option<String>,
    /// 据以制作的环节
    pub step_id: Option<i64>,
    /// 模板：标准模板或本机关第几版
    pub template: String,
    /// PDF SM3
    pub pdf_sm3: String,
    /// PDF SHA-256
    pub pdf_sha256: String,
    /// PDF 字节数
    pub pdf_size: i64,
    /// 页数
    pub pages: i64,
    /// 签发时间
    pub issued_at: DateTime<Utc>,
    /// 版面（标题、段落、表格）
    #[schema(value_type = Vec<Object>)]
    pub blocks: Vec<Block>,
    /// 核验码（印在文书上，供当事人和公众凭文号核验）
    pub verify_code: Option<String>,
}

impl DocumentView {
    fn new(d: &Document, with_blocks: bool) -> Self {
        DocumentView {
            id: d.id,
            case_id: d.case_id,
            kind: d.kind.code().to_string(),
            kind_label: d.kind.label().into(),
            number: d.number.clone(),
            step_id: d.step_id,
            template: match d.template_id {
                None => format!("标准模板第{}版", d.template_version),
                Some(_) => format!("本机关调整模板第{}版（已备案）", d.template_version),
            },
            pdf_sm3: d.pdf_sm3.clone(),
            pdf_sha256: d.pdf_sha256.clone(),
            pdf_size: d.pdf_size,
            pages: d.pages,
            issued_at: d.issued_at,
            blocks: if with_blocks { parse(&d.content) } else { Vec::new() },
            verify_code: d.verify_code.clone(),
        }
    }
}

/// A document the case can have.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentOption {
    /// 文书种类 code
    pub kind: String,
    /// 文书名称
    pub label: String,
    /// 已记录可据以制作的环节
    pub ready: bool,
    /// 已制作的份数
    pub issued: usize,
    /// 归档必备（已记录的环节要求该文书）
    pub required: bool,
}

/// The documents of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDocuments {
    /// issued
    pub documents: Vec<DocumentView>,
    /// what can be issued
    pub options: Vec<DocumentOption>,
}

/// The documents of a case and what can be issued (shared by the API and the pages).
pub async fn case_documents(state: &AppState, s: &Session, case_id: i64) -> Result<CaseDocuments, ApiError> {
    let c = state.app.store.case(s.caller.scope(), case_id).await?.ok_or(ApiError::NotFound("案件"))?;
    s.require(Action::ReadCases, Some(c.body_id))?;
    let kind = c.kind;
    let docs = state.app.store.case_documents(case_id).await?;
    let steps = state.app.store.case_steps(case_id).await?;
    let options = DocKind::ALL
        .iter()
        .filter(|k| k.fits(kind))
        .map(|k| DocumentOption {
            kind: k.code().into(),
            label: k.label().into(),
            ready: steps.iter().any(|st| k.steps().contains(&st.kind)),
            issued: docs.iter().filter(|d| d.kind == *k).count(),
            required: steps.iter().any(|st| {
                zhifa_core::case::StepKind::parse(st.kind.code()).ok().and_then(DocKind::required_for) == Some(*k)
            }),
        })
        .collect();
    Ok(CaseDocuments { documents: docs.iter().map(|d| DocumentView::new(d, false)).collect(), options })
}

/// 案件文书：已制作的文书和可制作的文书
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents", params(("id" = i64, Path)),
    responses((status = 200, body = CaseDocuments), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<CaseDocuments>, ApiError> {
    Ok(Json(case_documents(&state, &s, id).await?))
}

/// What document to issue.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct IssueInput {
    /// 文书种类（code 或名称）
    pub kind: String,
    /// 据以制作的环节（默认该类环节的最近一次）
    pub step_id: Option<i64>,
}

/// 制作并签发文书：按本机关在用的模板（已备案的调整版本或标准模板）从案件数据生成，检查法定内容（行政处罚决定书按《行政处罚法》第五十九条），编文号，生成 PDF，摘要记入账本
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents", params(("id" = i64, Path)), request_body = IssueInput,
    responses((status = 201, body = DocumentView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<IssueInput>,
) -> Result<(StatusCode, Json<DocumentView>), ApiError> {
    let d = zhifa_app::documents::issue(&state.app, &s.who(), id, &input.kind, input.step_id).await?;
    Ok((StatusCode::CREATED, Json(DocumentView::new(&d, true))))
}

/// Reads a document within scope and journals the view.
pub async fn open(state: &AppState, s: &Session, id: i64, ip: Option<String>) -> Result<Document, ApiError> {
    let d = state.app.store.document(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("文书"))?;
    s.require(Action::ReadCases, Some(d.body_id))?;
    let view = Command::RecordAccess {
        object_table: "documents".into(),
        object_id: id,
        body_id: Some(BodyId(d.body_id)),
        ip,
        purpose: None,
    };
    state.app.store.execute(&s.actor(), view).await?;
    Ok(d)
}

/// 文书内容（每次查看记入调阅记录）
#[utoipa::path(get, path = "/api/v1/documents/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = DocumentView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Json<DocumentView>, ApiError> {
    let d = open(&state, &s, id, Some(ip.ip().to_string())).await?;
    Ok(Json(DocumentView::new(&d, true)))
}

/// The PDF response of a document.
pub async fn pdf_response(state: &AppState, d: &Document) -> Result<Response, ApiError> {
    let pdf = state.app.store.document_pdf(d).await?;
    let label = d.kind.label();
    let name = format!("{label}{}.pdf", d.number.as_deref().unwrap_or(""));
    let disposition = super::content_disposition("inline", &format!("document-{}.pdf", d.id), &name);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::HeaderName::from_static("x-content-sm3"), d.pdf_sm3.clone()),
        ],
        pdf,
    )
        .into_response())
}

/// 文书 PDF（内嵌字体；与账本登记的 SM3 核对后提供；每次下载记入调阅记录）
#[utoipa::path(get, path = "/api/v1/documents/{id}/pdf", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let d = open(&state, &s, id, Some(ip.ip().to_string())).await?;
    pdf_response(&state, &d).await
}

/// A template version in the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    /// id (none for a standard template)
    pub id: Option<i64>,
    /// 执法主体（none for a standard template）
    pub body_id: Option<i64>,
    /// 文书种类 code
    pub kind: String,
    /// 文书名称
    pub kind_label: String,
    /// 版本
    pub version: i64,
    /// filed / approved / rejected / standard
    pub status: String,
    /// 状态
    pub status_label: String,
    /// 调整说明
    pub note: String,
    /// 报备时间
    pub filed_at: Option<DateTime<Utc>>,
    /// 审查时间
    pub decided_at: Option<DateTime<Utc>>,
    /// 审查意见
    pub decision_note: Option<String>,
    /// 模板内容（详情时提供）
    pub content: Option<String>,
}

impl TemplateView {
    /// A body's version.
    pub fn of(t: &DocTemplate, with_content: bool) -> Self {
        TemplateView {
            id: Some(t.id),
            body_id: Some(t.body_id),
            kind: t.kind.code().to_string(),
            kind_label: t.kind.label().into(),
            version: t.version,
            status: t.status.code().to_string(),
            status_label: t.status.label().into(),
            note: t.note.clone(),
            filed_at: Some(t.filed_at),
            decided_at: t.decided_at,
            decision_note: t.decision_note.clone(),
            content: with_content.then(|| t.content.clone()),
        }
    }
    /// The standard version of a kind.
    pub fn standard(k: DocKind, with_content: bool) -> Self {
        TemplateView {
            id: None,
            body_id: None,
            kind: k.code().into(),
            kind_label: k.label().into(),
            version: zhifa_core::doc::STANDARD_VERSION,
            status: "standard".into(),
            status_label: "标准模板".into(),
            note: String::new(),
            filed_at: None,
            decided_at: None,
            decision_note: None,
            content: with_content.then(|| standard_template(k).to_string()),
        }
    }
}

/// The template library.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateLibrary {
    /// 标准模板
    pub standard: Vec<TemplateView>,
    /// 各机关调整版本（本机关；司法局全部）
    pub versions: Vec<TemplateView>,
}

/// Library query.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryQuery {
    /// filed / approved / rejected
    pub status: Option<String>,
    /// 文书种类 code
    pub kind: Option<String>,
}

/// Whether the caller may read the template library (every body's staff for the own body's
/// versions, the justice bureau for all; an account without a body matches none).
pub fn require_templates(s: &Session) -> Result<(), ApiError> {
    s.require(Action::ReadTemplates, Some(s.caller.body_id.unwrap_or(-1)))
}

/// The library (shared by the API and the pages).
pub async fn library(state: &AppState, s: &Session, q: LibraryQuery) -> Result<TemplateLibrary, ApiError> {
    require_templates(s)?;
    let f = TemplateFilter { status: q.status, kind: q.kind };
    let versions = state.app.store.doc_templates(s.caller.scope(), &f).await?;
    Ok(TemplateLibrary {
        standard: DocKind::ALL.iter().map(|k| TemplateView::standard(*k, false)).collect(),
        versions: versions.iter().map(|t| TemplateView::of(t, false)).collect(),
    })
}

/// 文书模板库：标准模板和各机关报备的调整版本
#[utoipa::path(get, path = "/api/v1/doc-templates", params(LibraryQuery),
    responses((status = 200, body = TemplateLibrary), (status = 403, body = ErrorBody)))]
pub async fn templates(
    State(state): State<AppState>,
    s: Session,
    super::ApiQuery(q): super::ApiQuery<LibraryQuery>,
) -> Result<Json<TemplateLibrary>, ApiError> {
    Ok(Json(library(&state, &s, q).await?))
}

/// 标准模板内容
#[utoipa::path(get, path = "/api/v1/doc-templates/standard/{kind}", params(("kind" = String, Path)),
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorBody)))]
pub async fn standard(
    State(_state): State<AppState>,
    s: Session,
    Path(kind): Path<String>,
) -> Result<Json<TemplateView>, ApiError> {
    require_templates(&s)?;
    let k = DocKind::parse(&kind).map_err(|_| ApiError::NotFound("文书种类"))?;
    Ok(Json(TemplateView::standard(k, true)))
}

/// One version (shared by the API and the pages).
pub async fn template_version(state: &AppState, s: &Session, id: i64) -> Result<DocTemplate, ApiError> {
    let t = state.app.store.doc_template(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("文书模板"))?;
    s.require(Action::ReadTemplates, Some(t.body_id))?;
    Ok(t)
}

/// 调整版本详情（含内容）
#[utoipa::path(get, path = "/api/v1/doc-templates/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorBody)))]
pub async fn template(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<TemplateView>, ApiError> {
    Ok(Json(TemplateView::of(&template_version(&state, &s, id).await?, true)))
}

/// A body's version to file.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FileInput {
    /// 文书种类（code 或名称）
    pub kind: String,
    /// 模板内容
    pub content: String,
    /// 调整的内容和理由
    pub note: String,
    /// 执法主体（默认本机关）
    pub body_id: Option<i64>,
}

/// Files a version (shared by the API and the pages).
pub async fn file(state: &AppState, s: &Session, input: FileInput) -> Result<DocTemplate, ApiError> {
    let body_id = input.body_id.or(s.caller.body_id).ok_or_else(|| Invalid::field("body_id", "请选择执法主体"))?;
    s.require(Action::FileTemplate, Some(body_id))?;
    let kind = DocKind::parse(&input.kind).map_err(|m| Invalid::field("kind", m))?;
    let cmd = Command::FileTemplate { body_id: BodyId(body_id), kind, content: input.content, note: input.note };
    let out = state.app.store.execute(&s.actor(), cmd).await?;
    template_version(state, s, out.id).await
}

/// 调整文书模板并报司法局备案（审查通过后方可使用）
#[utoipa::path(post, path = "/api/v1/doc-templates", request_body = FileInput,
    responses((status = 201, body = TemplateView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file_version(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<FileInput>,
) -> Result<(StatusCode, Json<TemplateView>), ApiError> {
    let t = file(&state, &s, input).await?;
    Ok((StatusCode::CREATED, Json(TemplateView::of(&t, true))))
}

/// A supervisor's decision on a filed version.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionInput {
    /// 通过
    pub approve: bool,
    /// 审查意见（不予通过时必填）
    pub note: String,
}

/// Decides a filed version (shared by the API and the pages).
pub async fn decide(state: &AppState, s: &Session, id: i64, input: DecisionInput) -> Result<DocTemplate, ApiError> {
    let t = template_version(state, s, id).await?;
    s.require(Action::ApproveTemplate, Some(t.body_id))?;
    let cmd = Command::DecideTemplate { id, approve: input.approve, note: input.note };
    state.app.store.execute(&s.actor(), cmd).await?;
    template_version(state, s, id).await
}

/// 司法局审查模板备案：通过后该机关制作该种文书即使用此版本
#[utoipa::path(post, path = "/api/v1/doc-templates/{id}/decision", params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 200, body = TemplateView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn decision(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<TemplateView>, ApiError> {
    Ok(Json(TemplateView::of(&decide(&state, &s, id, input).await?, true)))
}
