//! 执法监督 API: the warning clues, the rule catalogue and the district's thresholds, and 督办:
//! acting on a clue, the supervision documents, the bodies' replies and the bureau's verdicts.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhifa_app::dashboard::Dashboard;
use zhifa_app::oversight::{ClueActInput, NoticeView};
use zhifa_core::access::Action;
use zhifa_core::supervision::oversight::{ConcludeInput, NoticeInput, ReplyInput};
use zhifa_core::supervision::{RULES, Rule, Thresholds};
use zhifa_store::model::{Clue, ClueAction, SupervisionNotice, WarningSettings};
use zhifa_store::supervision::{ClueFilter, NoticeFilter};
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
    /// 预警规则 W01–W22
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

/// 督办：处置预警线索——分流（一般程序、简易程序、预警提示）或不予处理（须说明理由）（司法局监督人员）
#[utoipa::path(post, path = "/api/v1/clues/{id}/actions", params(("id" = i64, Path)), request_body = ClueActInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ClueActInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.act_on_clue(&s.who(), id, input).await?)))
}

/// 预警线索的处置记录
#[utoipa::path(get, path = "/api/v1/clues/{id}/actions", params(("id" = i64, Path)),
    responses((status = 200, body = [ClueAction]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn actions(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ClueAction>>, ApiError> {
    Ok(Json(state.app.clue_actions(&s.who(), id).await?))
}

/// 监督文书列表（司法局全部；机关负责人、管理员本机关），新的在前
#[utoipa::path(get, path = "/api/v1/notices", params(NoticeFilter),
    responses((status = 200, body = [SupervisionNotice]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notices(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<NoticeFilter>,
) -> Result<Json<Vec<SupervisionNotice>>, ApiError> {
    Ok(Json(state.app.notices(&s.who(), &q).await?))
}

/// 制发行政执法监督通知书、监督意见书或纠正通知书（司法局监督人员；按年度和种类编文号，回复期限按工作日计算）
#[utoipa::path(post, path = "/api/v1/notices", request_body = NoticeInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<NoticeInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.issue_notice(&s.who(), input).await?)))
}

/// 监督文书详情及回复
#[utoipa::path(get, path = "/api/v1/notices/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = NoticeView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn notice(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<NoticeView>, ApiError> {
    Ok(Json(state.app.notice(&s.who(), id).await?))
}

/// The PDF response of a supervision document.
pub async fn notice_pdf_response(state: &AppState, s: &Session, id: i64) -> Result<Response, ApiError> {
    let (n, pdf) = state.app.notice_pdf(&s.who(), id).await?;
    let name = format!("{}{}.pdf", n.kind.label(), n.number);
    let disposition = super::content_disposition("inline", &format!("notice-{}.pdf", n.id), &name);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], pdf)
        .into_response())
}

/// 监督文书 PDF（由记入账本的正文排版，内嵌字体）
#[utoipa::path(get, path = "/api/v1/notices/{id}/pdf", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn notice_pdf(State(state): State<AppState>, s: Session, Path(id): Path<i64>) -> Result<Response, ApiError> {
    notice_pdf_response(&state, &s, id).await
}

/// 回复监督文书：办理情况及证明材料（本机关负责人、执法主体管理员；逾期回复标明逾期）
#[utoipa::path(post, path = "/api/v1/notices/{id}/replies", params(("id" = i64, Path)), request_body = ReplyInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reply(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReplyInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.reply_notice(&s.who(), id, input).await?)))
}

/// 审查回复：办结，或退回重办（写明意见，重新计算回复期限）（司法局监督人员）
#[utoipa::path(post, path = "/api/v1/notices/{id}/verdict", params(("id" = i64, Path)), request_body = ConcludeInput,
    responses((status = 200, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn verdict(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ConcludeInput>,
) -> Result<Json<Outcome>, ApiError> {
    Ok(Json(state.app.conclude_notice(&s.who(), id, input).await?))
}

/// Which dashboard.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// one body (the justice bureau; a body's head and administrator see their own)
    pub body_id: Option<i64>,
}

/// 驾驶舱：未结案件（按主体、阶段）、逾期案件、预警线索（按规则、等级、时长）、督办、近十二个月趋势
#[utoipa::path(get, path = "/api/v1/dashboard", params(DashboardQuery),
    responses((status = 200, body = Dashboard), (status = 403, body = ErrorBody)))]
pub async fn dashboard(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json((*state.app.dashboard(&s.who(), q.body_id).await?).clone()))
}
