//! 案卷评查: the standard's versions, campaigns (announce, re-announce, draw, publish), the
//! reviewers' sheets, and the public results and re-run of a draw.

use super::ApiJson;
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use std::net::SocketAddr;
use zhifa_app::evaluation::{CampaignView, DrawCheck, SheetTask, SheetView, StandardView};
use zhifa_core::supervision::evaluation::{CampaignInput, Sheet, Standard};
use zhifa_store::model::EvaluationCampaign;
use zhifa_store::write::Outcome;

/// 评查标准的各个版本（新的在前；尚未制定时，首次公告评查活动即以默认标准为第1版）
#[utoipa::path(get, path = "/api/v1/evaluation/standards",
    responses((status = 200, body = [StandardView]), (status = 403, body = ErrorBody)))]
pub async fn standards(State(state): State<AppState>, s: Session) -> Result<Json<Vec<StandardView>>, ApiError> {
    Ok(Json(state.app.evaluation_standards(&s.who()).await?))
}

/// 制定评查标准的新版本（否决项、评分类别和扣分项；各类别合计100分）。已评的结果仍按原版本
#[utoipa::path(post, path = "/api/v1/evaluation/standards", request_body = Standard,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_standard(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<Standard>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.save_evaluation_standard(&s.who(), input).await?)))
}

/// 评查活动列表，新的在前
#[utoipa::path(get, path = "/api/v1/evaluation/campaigns",
    responses((status = 200, body = [EvaluationCampaign]), (status = 403, body = ErrorBody)))]
pub async fn campaigns(State(state): State<AppState>, s: Session) -> Result<Json<Vec<EvaluationCampaign>>, ApiError> {
    Ok(Json(state.app.evaluation_campaigns(&s.who()).await?))
}

/// 公告评查活动：期间内结案的案卷名单、评查人员名单、回避名单及其默克尔根，和事先确定、尚未产生的随机源
#[utoipa::path(post, path = "/api/v1/evaluation/campaigns", request_body = CampaignInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn announce(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.announce_campaign(&s.who(), input).await?)))
}

/// 评查活动：各执法主体的结果、抽中的案卷和评查人（本机关负责人、管理员只见本机关的）
#[utoipa::path(get, path = "/api/v1/evaluation/campaigns/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn campaign(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, ApiError> {
    Ok(Json(state.app.evaluation_campaign(Some(&s.who()), id).await?))
}

/// A new entropy source, with the reasons.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reannounce {
    /// 重新公告的理由
    pub reason: String,
    /// 新的随机源
    pub entropy_source: String,
    /// 其公布时间（YYYY-MM-DD HH:MM，北京时间）
    pub entropy_at: String,
}

/// 抽取前重新公告：随机源已公布而公告尚未纳入签名检查点、随机源未按期产生等，写明理由并约定新的随机源
#[utoipa::path(post, path = "/api/v1/evaluation/campaigns/{id}/reannounce", params(("id" = i64, Path)), request_body = Reannounce,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reannounce(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<Reannounce>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    let o = state.app.reannounce_campaign(&s.who(), id, input.reason, input.entropy_source, &input.entropy_at).await?;
    Ok((StatusCode::CREATED, Json(o)))
}

/// The entropy, now public.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawInput {
    /// 随机源结果：彩票开奖号码（各组以“/”分隔）或 drand 随机数（十六进制）
    pub entropy: String,
}

/// 随机源公布后抽取案卷和评查人（公告须在随机源公布前纳入签名检查点）
#[utoipa::path(post, path = "/api/v1/evaluation/campaigns/{id}/draw", params(("id" = i64, Path)), request_body = DrawInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draw(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DrawInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.draw_campaign(&s.who(), id, input.entropy).await?)))
}

/// 公布评查结果（全部案卷定分后）
#[utoipa::path(post, path = "/api/v1/evaluation/campaigns/{id}/publish", params(("id" = i64, Path)),
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.publish_campaign(&s.who(), id).await?)))
}

/// 我的待评查案卷
#[utoipa::path(get, path = "/api/v1/evaluation/sheets",
    responses((status = 200, body = [SheetTask]), (status = 401, body = ErrorBody)))]
pub async fn my_sheets(State(state): State<AppState>, s: Session) -> Result<Json<Vec<SheetTask>>, ApiError> {
    Ok(Json(state.app.sheet_tasks(&s.who()).await?))
}

/// 评查表：案卷内容、评查标准、平台核查发现和预填的扣分（查看案卷记入调阅记录）
#[utoipa::path(get, path = "/api/v1/evaluation/sheets/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = SheetView), (status = 404, body = ErrorBody)))]
pub async fn sheet(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
) -> Result<Json<SheetView>, ApiError> {
    Ok(Json(state.app.evaluation_sheet(&s.who(), id, Some(ip.ip().to_string())).await?))
}

/// 提交评查表（提交后不能修改）
#[utoipa::path(post, path = "/api/v1/evaluation/sheets/{id}", params(("id" = i64, Path)), request_body = Sheet,
    responses((status = 201, body = Outcome), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<Sheet>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.submit_evaluation_sheet(&s.who(), id, input).await?)))
}

/// 已公布的评查活动
#[utoipa::path(get, path = "/api/v1/public/evaluation",
    responses((status = 200, body = [EvaluationCampaign])))]
pub async fn public_list(State(state): State<AppState>) -> Result<Json<Vec<EvaluationCampaign>>, ApiError> {
    Ok(Json(state.app.published_campaigns().await?))
}

/// 已公布的评查结果（各执法主体的平均分和等次）
#[utoipa::path(get, path = "/api/v1/public/evaluation/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody)))]
pub async fn public_campaign(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, ApiError> {
    Ok(Json(state.app.evaluation_campaign(None, id).await?))
}

/// 复算抽取：由公告的名单、参数和随机源重新计算，并与保存的结果比对（任何人可查）
#[utoipa::path(get, path = "/api/v1/public/evaluation/{id}/draw", params(("id" = i64, Path)),
    responses((status = 200, body = DrawCheck), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn draw_check(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<DrawCheck>, ApiError> {
    Ok(Json(state.app.draw_check(id).await?))
}
