//! 投诉举报: the public form and tracking (no sign-in), and the staff's register, list, view
//! and acts.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use std::net::SocketAddr;
use zhifa_app::complaints::{ComplaintView, PublicComplaint, Registered};
use zhifa_core::supervision::complaints::{ComplaintAct, ComplaintActInput, ComplaintInput};
use zhifa_store::complaints::ComplaintFilter;
use zhifa_store::model::Complaint;
use zhifa_store::write::Outcome;

/// Refused once an address has submitted its hour's share of public forms.
pub(crate) fn take_form(state: &AppState, addr: &SocketAddr) -> Result<(), ApiError> {
    if state.form_limiter.take(&addr.ip().to_string()) {
        Ok(())
    } else {
        Err(ApiError::Locked("提交过于频繁，请一小时后再试；如情况紧急，请拨打12345热线".into()))
    }
}

/// 网上投诉举报（免登录）：返回查询码，凭查询码查询办理进度和答复。投诉人姓名、电话、地址不公开；可以匿名
#[utoipa::path(post, path = "/api/v1/public/complaints", request_body = ComplaintInput,
    responses((status = 201, body = Registered), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    take_form(&state, &addr)?;
    Ok((StatusCode::CREATED, Json(state.app.submit_complaint(input).await?)))
}

/// 凭查询码查询投诉办理进度、期限和答复（不显示投诉人信息）
#[utoipa::path(get, path = "/api/v1/public/complaints/{code}", params(("code" = String, Path, description = "16位查询码")),
    responses((status = 200, body = PublicComplaint), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn track(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<PublicComplaint>, ApiError> {
    Ok(Json(state.app.track_complaint(&code).await?))
}

/// What the complainant asks.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskInput {
    /// `ask_review`（请求复查，收到答复之日起30日内）or `ask_recheck`（请求复核，收到复查意见之日起30日内）
    pub act: String,
}

/// 投诉人凭查询码请求复查或复核（《信访工作条例》第三十五条、第三十六条）
#[utoipa::path(post, path = "/api/v1/public/complaints/{code}/requests", params(("code" = String, Path)), request_body = AskInput,
    responses((status = 201, body = Outcome), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn ask(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<AskInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    let act = ComplaintAct::parse(&input.act)
        .ok()
        .filter(|a| matches!(a, ComplaintAct::AskReview | ComplaintAct::AskRecheck))
        .ok_or_else(|| zhifa_core::Invalid::field("act", "请选择请求复查（ask_review）或请求复核（ask_recheck）"))?;
    take_form(&state, &addr)?;
    Ok((StatusCode::CREATED, Json(state.app.ask_again(&code, act).await?)))
}

/// 投诉举报列表（司法局全部；机关负责人、管理员为分派给本机关的），新的在前
#[utoipa::path(get, path = "/api/v1/complaints", params(ComplaintFilter),
    responses((status = 200, body = [Complaint]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<ComplaintFilter>,
) -> Result<Json<Vec<Complaint>>, ApiError> {
    Ok(Json(state.app.complaints(&s.who(), &q).await?))
}

/// 登记投诉举报：12345工单、来信、来访、转送交办（司法局登记后分派；执法主体登记本机关直接收到的，即分派给本机关）
#[utoipa::path(post, path = "/api/v1/complaints", request_body = ComplaintInput,
    responses((status = 201, body = Registered), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.register_complaint(&s.who(), input).await?)))
}

/// 投诉举报详情：投诉人信息、期限、办理记录、当前可办理的环节
#[utoipa::path(get, path = "/api/v1/complaints/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ComplaintView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<ComplaintView>, ApiError> {
    Ok(Json(state.app.complaint(&s.who(), id).await?))
}

/// 办理投诉：`assign`（分派，司法局）、`object`（异议）、`accept`（受理）、`refuse`（不予受理）、`extend`（延期，机关负责人批准）、`conclude`（办结）、`answer`（答复投诉人）、`review`、`recheck`（复查、复核意见，司法局）、`ask_review`、`ask_recheck`（代投诉人登记请求，司法局）
#[utoipa::path(post, path = "/api/v1/complaints/{id}/acts/{act}", params(("id" = i64, Path), ("act" = String, Path)),
    request_body = ComplaintActInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path((id, act)): Path<(i64, String)>,
    ApiJson(input): ApiJson<ComplaintActInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.app.act_on_complaint(&s.who(), id, &act, input).await?)))
}
