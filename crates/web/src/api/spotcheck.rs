//! 双随机一公开: each body's roster of inspection objects (检查对象名录库), imported from a CSV
//! or workbook upload as a new version (all rows checked, all or nothing), and read back.

use super::ApiQuery;
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use zhifa_app::spotcheck::RosterView;
use zhifa_core::Invalid;
use zhifa_store::model::ObjectRoster;
use zhifa_store::write::Outcome;

/// The largest roster file accepted (a workbook of 500,000 objects is well within it).
pub const MAX_ROSTER_BYTES: usize = 64 * 1024 * 1024;

/// Where an uploaded roster goes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterUpload {
    /// 执法主体（系统管理员、司法局须填写；其他账号为本主体）
    pub body_id: Option<i64>,
    /// 文件名（扩展名 .csv 或 .xlsx 决定其格式）
    pub source: String,
    /// 说明
    pub note: Option<String>,
}

/// 导入检查对象名录：请求体为 CSV（UTF-8 或 GBK）或 Excel 工作簿，首行为列名（统一社会信用代码、名称、类型、行业、所属区域、信用风险分类、经营异常）。逐行校验，有任何错误则全部不导入并列出行号和列名；通过则成为本主体名录的新版本
#[utoipa::path(post, path = "/api/v1/rosters", params(RosterUpload),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiQuery(q): ApiQuery<RosterUpload>,
    body: Body,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    let body_id = q
        .body_id
        .or(s.caller.body_id.filter(|_| !s.caller.role.is_district_wide()))
        .ok_or_else(|| Invalid::field("body_id", "请选择名录所属的执法主体"))?;
    let bytes = axum::body::to_bytes(body, MAX_ROSTER_BYTES).await.map_err(|_| ApiError::TooLarge)?;
    if bytes.is_empty() {
        return Err(Invalid::field("file", "文件为空").into());
    }
    let out = state.app.import_roster(&s.who(), body_id, q.source.trim(), &bytes, q.note).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Which rosters to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterFilter {
    /// 执法主体
    pub body_id: Option<i64>,
}

/// 检查对象名录的各个版本（本机关；司法局全部），按主体、新版本在前
#[utoipa::path(get, path = "/api/v1/rosters", params(RosterFilter),
    responses((status = 200, body = [ObjectRoster]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<RosterFilter>,
) -> Result<Json<Vec<ObjectRoster>>, ApiError> {
    Ok(Json(state.app.object_rosters(&s.who(), q.body_id).await?))
}

/// A page of a roster's objects.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterPage {
    /// 偏移
    pub offset: Option<i64>,
    /// 每页条数（默认100，至多1000）
    pub limit: Option<i64>,
}

/// 检查对象名录的一个版本，及其对象（按统一社会信用代码排序，分页）
#[utoipa::path(get, path = "/api/v1/rosters/{id}", params(("id" = i64, Path), RosterPage),
    responses((status = 200, body = RosterView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<RosterPage>,
) -> Result<Json<RosterView>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    Ok(Json(state.app.object_roster(&s.who(), id, q.offset.unwrap_or(0), limit).await?))
}
