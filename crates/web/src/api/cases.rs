//! Cases API: register a case, record its steps (each checked by the procedure machine of its
//! kind), read a case with its steps, next steps and computed deadlines, list and search, and
//! the deadline view. Handlers are thin: the rules live in `zhifa_core::case`.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::{IntoParams, ToSchema};
use zhifa_app::cases::{
    CaseDetail, CaseSummary, CreatedCase, DeadlineQuery, ListQuery, RecordedStep, case_detail, create_case, due_cases,
    list_cases, record_step,
};
use zhifa_core::case::{CaseInput, StepInput};

/// A new case: the case itself and, for accounts of the whole district, the body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCase {
    /// 执法主体（系统管理员必填；其他账号为本主体）
    pub body_id: Option<i64>,
    /// 案件
    #[serde(flatten)]
    pub case: CaseInput,
}

/// 登记案件（阶段为“待立案”，随后记录各办案环节）
#[utoipa::path(post, path = "/api/v1/cases", request_body = NewCase,
    responses((status = 201, body = CreatedCase), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<NewCase>,
) -> Result<(StatusCode, Json<CreatedCase>), ApiError> {
    Ok((StatusCode::CREATED, Json(create_case(&state.app, &s.who(), input.body_id, &input.case).await?)))
}

/// 案件列表与检索（本机关；监督人员为全部）
#[utoipa::path(get, path = "/api/v1/cases", params(ListQuery), responses((status = 200, body = [CaseSummary]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    Ok(Json(list_cases(&state.app, &s.who(), q).await?))
}

/// The purpose of a view.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewQuery {
    /// 调阅事由
    pub purpose: Option<String>,
}

/// 案件详情：环节记录、下一步、法定期限（每次查看记入调阅记录）
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path), ViewQuery),
    responses((status = 200, body = CaseDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    s: Session,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<ViewQuery>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(case_detail(&state.app, &s.who(), id, Some(ip.ip().to_string()), q.purpose).await?))
}

/// 记录办案环节：先按该类案件的法定程序和规则检查，不符合的予以拒绝并说明依据，不写入任何内容；作出决定等环节须附 sign_password（登录密码）由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps", params(("id" = i64, Path)), request_body = StepInput,
    responses((status = 201, body = RecordedStep), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_step(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<crate::api::review::Signed<StepInput>>,
) -> Result<(StatusCode, Json<RecordedStep>), ApiError> {
    Ok((StatusCode::CREATED, Json(record_step(&state.app, &s.who(), id, &x.input, &x.sign_password).await?)))
}

/// 工作台：等待本人办理的事项（本人岗位的办案环节、待制作的文书、待审核、待公开），逾期和期限近的在前
#[utoipa::path(get, path = "/api/v1/workbench", responses((status = 200, body = zhifa_app::workbench::Workbench)))]
pub async fn workbench(
    State(state): State<AppState>,
    s: Session,
) -> Result<Json<zhifa_app::workbench::Workbench>, ApiError> {
    Ok(Json(zhifa_app::workbench::workbench(&state.app, &s.who()).await?))
}

/// 期限提醒：即将到期和已逾期的案件（执法人员为本人承办的案件，机关为本机关全部）
#[utoipa::path(get, path = "/api/v1/deadlines", params(DeadlineQuery), responses((status = 200, body = [CaseSummary])))]
pub async fn deadlines(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<DeadlineQuery>,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    Ok(Json(due_cases(&state.app, &s.who(), &q).await?))
}
