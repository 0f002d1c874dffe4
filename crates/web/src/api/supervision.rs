//! 执法监督 API: the warning clues, the rule catalogue and the district's thresholds.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::supervision::{RULES, Rule, Thresholds};
use zhifa_store::model::{Clue, WarningSettings};
use zhifa_store::supervision::ClueFilter;
use zhifa_store::write::Outcome;

/// 预警线索列表（司法局全部；机关负责人、管理员本机关），新的在前
#[utoipa::path(get, path = "/api/v1/clues", params(ClueFilter),
    responses((status = 200, body = [Clue]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<ClueFilter>,
) -> Result<Json<Vec<Clue>>, ApiError> {
    Ok(Json(state.app.clues(&s.who(), &q).await?))
}

/// 预警线索详情
#[utoipa::path(get, path = "/api/v1/clues/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = Clue), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn item(State(state): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Json<Clue>, ApiError> {
    Ok(Json(state.app.clue(&s.who(), id).await?))
}

/// The rule catalogue with the thresholds in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct Catalogue {
    /// 预警规则 W01–W20
    pub rules: Vec<Rule>,
    /// 现行阈值
    pub thresholds: Thresholds,
    /// 阈值调整记录，新的在前
    pub history: Vec<WarningSettings>,
}

/// 预警规则目录和现行阈值
#[utoipa::path(get, path = "/api/v1/warning-rules",
    responses((status = 200, body = Catalogue), (status = 403, body = ErrorBody)))]
pub async fn rules(State(state): State<AppState>, s: Session) -> Result<Json<Catalogue>, ApiError> {
    s.who().require(Action::ReadWarnings, s.caller.body_id)?;
    Ok(Json(Catalogue {
        rules: RULES.to_vec(),
        thresholds: state.app.store.warning_thresholds().await?,
        history: state.app.store.warning_settings_history().await?,
    }))
}

/// New thresholds with the reason.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ThresholdChange {
    /// 阈值
    pub thresholds: Thresholds,
    /// 调整理由
    pub reason: String,
}

/// 调整全区预警阈值（司法局监督人员；记入日志，此后全部重新计算）
#[utoipa::path(put, path = "/api/v1/warning-settings", request_body = ThresholdChange,
    responses((status = 200, body = Outcome), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<ThresholdChange>,
) -> Result<Json<Outcome>, ApiError> {
    Ok(Json(state.app.set_warning_thresholds(&s.who(), input.thresholds, input.reason).await?))
}
