//! 考核评议: a year's table, the rows behind each count, the weights, publishing, and the
//! published tables.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use zhifa_app::assessment::{AssessmentTable, WeightsView};
use zhifa_core::supervision::assessment::Weights;
use zhifa_store::assessment::AssessmentRow;
use zhifa_store::model::AssessmentPublication;
use zhifa_store::write::Outcome;

/// Which rows.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RowsQuery {
    /// 执法主体
    pub body_id: i64,
    /// 指标 code
    pub indicator: String,
}

/// 年度考核表：各执法主体各项指标的分子、分母、得分，综合得分和排名（机关负责人、管理员只见本机关）
#[utoipa::path(get, path = "/api/v1/assessment/{year}", params(("year" = i32, Path)),
    responses((status = 200, body = AssessmentTable), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn year(
    State(state): State<AppState>,
    s: Session,
    Path(year): Path<i32>,
) -> Result<Json<AssessmentTable>, ApiError> {
    Ok(Json(state.app.assessment(&s.who(), year).await?))
}

/// 一项指标计入的记录（分子、分母逐条可查）
#[utoipa::path(get, path = "/api/v1/assessment/{year}/rows", params(("year" = i32, Path), RowsQuery),
    responses((status = 200, body = [AssessmentRow]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rows(
    State(state): State<AppState>,
    s: Session,
    Path(year): Path<i32>,
    ApiQuery(q): ApiQuery<RowsQuery>,
) -> Result<Json<Vec<AssessmentRow>>, ApiError> {
    Ok(Json(state.app.assessment_rows(&s.who(), year, q.body_id, &q.indicator).await?))
}

/// 考核指标权重（现行）及调整记录
#[utoipa::path(get, path = "/api/v1/assessment-weights",
    responses((status = 200, body = WeightsView), (status = 403, body = ErrorBody)))]
pub async fn weights(State(state): State<AppState>, s: Session) -> Result<Json<WeightsView>, ApiError> {
    Ok(Json(state.app.assessment_weights(&s.who()).await?))
}

/// New weights with the reason.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetWeights {
    /// the weights (indicator code → weight, adding up to 100)
    pub weights: Weights,
    /// 调整理由
    pub reason: String,
}

/// 调整考核指标权重（司法局；合计100，写明理由，留痕）
#[utoipa::path(put, path = "/api/v1/assessment-weights", request_body = SetWeights,
    responses((status = 200, body = Outcome), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_weights(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<SetWeights>,
) -> Result<Json<Outcome>, ApiError> {
    Ok(Json(state.app.set_assessment_weights(&s.who(), input.weights, input.reason).await?))
}

/// 公布年度考核结果（按现行权重计算的考核表，连同权重留存）
#[utoipa::path(post, path = "/api/v1/assessment/{year}/publish", params(("year" = i32, Path)),
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(year): Path<i32>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.publish_assessment(&s.who(), year).await?)))
}

/// 已公布的年度考核结果
#[utoipa::path(get, path = "/api/v1/public/assessment", responses((status = 200, body = [AssessmentPublication])))]
pub async fn public_list(State(state): State<AppState>) -> Result<Json<Vec<AssessmentPublication>>, ApiError> {
    Ok(Json(state.app.published_assessments().await?))
}
