//! 双随机一公开: each body's roster of inspection objects (检查对象名录库), imported from a CSV
//! or workbook upload as a new version (all rows checked, all or nothing), and read back;
//! spot-check tasks announced, re-announced and drawn; and, for anyone, each task's page, its
//! bundle, the platform's own re-run of it, and an object's check of itself.

use super::ApiJson;
use super::ApiQuery;
use super::evaluation::{DrawInput, Reannounce};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;
use zhifa_app::spotcheck::{PickInspection, RosterView, TaskView};
use zhifa_core::Invalid;
use zhifa_core::draw::bundle::{Bundle, Report, SelfCheck};
use zhifa_core::spotcheck::TaskInput;
use zhifa_store::model::{ObjectRoster, SpotcheckTask};
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

/// 双随机抽查任务：本机关牵头或参加的（司法局全部），新的在前
#[utoipa::path(get, path = "/api/v1/spotchecks",
    responses((status = 200, body = [SpotcheckTask]), (status = 403, body = ErrorBody)))]
pub async fn tasks(State(state): State<AppState>, s: Session) -> Result<Json<Vec<SpotcheckTask>>, ApiError> {
    Ok(Json(state.app.spotcheck_tasks(&s.who()).await?))
}

/// 公告双随机抽查任务：抽查事项、检查对象名录（按分层方式）、检查人员（持该领域有效执法证件的在岗人员；联合抽查含各参加主体）、回避名单及其默克尔根，和事先确定、尚未产生的随机源。公告即公开
#[utoipa::path(post, path = "/api/v1/spotchecks", request_body = TaskInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn announce(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<TaskInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.announce_spotcheck(&s.who(), input).await?)))
}

/// 双随机抽查任务：公告的名单和参数，抽取后的各层分界分值、抽中的对象和检查人员
#[utoipa::path(get, path = "/api/v1/spotchecks/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = TaskView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn task(State(state): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Json<TaskView>, ApiError> {
    Ok(Json(state.app.spotcheck_task(Some(&s.who()), id).await?))
}

/// 抽取前重新公告：写明理由，约定新的、尚未产生的随机源
#[utoipa::path(post, path = "/api/v1/spotchecks/{id}/reannounce", params(("id" = i64, Path)), request_body = Reannounce,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reannounce(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<Reannounce>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    let o = state.app.reannounce_spotcheck(&s.who(), id, input.reason, input.entropy_source, &input.entropy_at).await?;
    Ok((StatusCode::CREATED, Json(o)))
}

/// 随机源公布后录入其结果并抽取检查对象和检查人员（公告须在随机源公布前纳入签名检查点；只能抽取一次）
#[utoipa::path(post, path = "/api/v1/spotchecks/{id}/draw", params(("id" = i64, Path)), request_body = DrawInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draw(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DrawInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.draw_spotcheck(&s.who(), id, input.entropy).await?)))
}

/// 双随机抽查任务（公开）：公告即公开，抽取后公示结果
#[utoipa::path(get, path = "/api/v1/public/spotchecks", responses((status = 200, body = [SpotcheckTask])))]
pub async fn public_tasks(State(state): State<AppState>) -> Result<Json<Vec<SpotcheckTask>>, ApiError> {
    Ok(Json(state.app.public_spotcheck_tasks().await?))
}

/// 双随机抽查任务（公开）：参数、默克尔根、随机源、各层分界分值、抽中的对象和检查人员；名单见验证包
#[utoipa::path(get, path = "/api/v1/public/spotchecks/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = ErrorBody)))]
pub async fn public_task(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<TaskView>, ApiError> {
    Ok(Json(state.app.spotcheck_task(None, id).await?))
}

/// 验证包：复算抽取所需的全部内容（名单、参数、默克尔根、随机源、公告的账本证明和签名检查点、结果），供 `zhifa draw verify` 离线核验
#[utoipa::path(get, path = "/api/v1/public/spotchecks/{id}/bundle", params(("id" = i64, Path)),
    responses((status = 200, body = Bundle), (status = 404, body = ErrorBody)))]
pub async fn bundle(State(state): State<AppState>, Path(id): Path<i64>) -> Result<axum::response::Response, ApiError> {
    let b = state.app.spotcheck_bundle(id).await?;
    let name = format!("attachment; filename=\"draw-{id}.json\"; filename*=UTF-8''{}.json", percent(&b.task));
    Ok(([(header::CONTENT_DISPOSITION, name)], Json(&*b)).into_response())
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// 平台按验证包逐项复核（名单与默克尔根、参数、公告的账本证明和签名、先公告后产生随机数、重新抽取的结果）
#[utoipa::path(get, path = "/api/v1/public/spotchecks/{id}/verify", params(("id" = i64, Path)),
    responses((status = 200, body = Report), (status = 404, body = ErrorBody)))]
pub async fn verify(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Report>, ApiError> {
    Ok(Json(Report::clone(&*state.app.verify_spotcheck(id).await?)))
}

/// 企业自查：按统一社会信用代码查看本企业在名单中的行、其在公告默克尔根下的包含证明、本企业的分值和所在层的分界分值
#[utoipa::path(get, path = "/api/v1/public/spotchecks/{id}/objects/{code}", params(("id" = i64, Path), ("code" = String, Path)),
    responses((status = 200, body = SelfCheck), (status = 404, body = ErrorBody)))]
pub async fn self_check(
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> Result<Json<SelfCheck>, ApiError> {
    Ok(Json(state.app.spotcheck_self_check(id, &code).await?))
}

/// 抽中的对象开始检查：以抽中的本机关检查人员登记行政检查案件（案件来源“双随机抽查”，事项为抽查事项对应的行政检查事项），并与抽取结果关联
#[utoipa::path(post, path = "/api/v1/spotcheck-picks/{id}/case", params(("id" = i64, Path)), request_body = PickInspection,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn inspect(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PickInspection>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.inspect_pick(&s.who(), id, input).await?)))
}
