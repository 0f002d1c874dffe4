//! Registry API: bodies, officers, certificates, power lists, reviewers, accounts.
//! Each handler: check the caller's capability, parse, call the store.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use zhifa_app::accounts::{NewUser, PasswordReset, new_user_command};
use zhifa_core::Invalid;
use zhifa_core::access::{Action, Role};
use zhifa_core::ids::{BodyId, OfficerId};
use zhifa_core::registry::*;
use zhifa_store::model::*;
use zhifa_store::reads::{CertificateFilter, OfficerFilter};
use zhifa_store::{Command, Outcome};

type ApiResult<T> = Result<Json<T>, ApiError>;

fn today() -> NaiveDate {
    zhifa_core::time::shanghai_date(Utc::now())
}

/// Writes need the capability on the caller's own body and a valid CSRF header; the store then
/// confines the change to the caller's scope.
fn write_guard(s: &Session, action: Action) -> Result<(), ApiError> {
    s.require(action, s.caller.body_id)
}

async fn run(state: &AppState, s: &Session, cmd: Command) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    let out = state.app.store.execute(&s.actor(), cmd).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// 执法主体列表 (all signed-in users: bodies are public particulars)
#[utoipa::path(get, path = "/api/v1/bodies", responses((status = 200, body = [Body]), (status = 401, body = ErrorBody)))]
pub async fn list_bodies(State(state): State<AppState>, _s: Session) -> ApiResult<Vec<Body>> {
    Ok(Json(state.app.store.list_bodies().await?))
}

/// 执法主体详情
#[utoipa::path(get, path = "/api/v1/bodies/{id}", params(("id" = i64, Path)), responses((status = 200, body = Body), (status = 404, body = ErrorBody)))]
pub async fn get_body(State(state): State<AppState>, _s: Session, Path(id): Path<i64>) -> ApiResult<Body> {
    state.app.store.get_body(id).await?.map(Json).ok_or(ApiError::NotFound("执法主体"))
}

/// 新建执法主体
#[utoipa::path(post, path = "/api/v1/bodies", request_body = BodyInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_body(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<BodyInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    s.require(Action::WriteBody, None)?;
    run(&state, &s, Command::CreateBody(input.validate()?)).await
}

/// 修改执法主体
#[utoipa::path(put, path = "/api/v1/bodies/{id}", params(("id" = i64, Path)), request_body = BodyInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_body(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<BodyInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    s.require(Action::WriteBody, Some(id))?;
    run(&state, &s, Command::UpdateBody { id: BodyId(id), body: input.validate()? }).await
}

/// Officer list query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficerQuery {
    /// 所属主体
    pub body_id: Option<i64>,
    /// 姓名包含
    pub name: Option<String>,
    /// 每页条数 (≤500)
    pub limit: Option<i64>,
    /// 偏移
    pub offset: Option<i64>,
}

/// An officer as the API shows it: the identity number is masked unless the caller maintains
/// the body's officers.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficerView {
    /// id
    pub id: i64,
    /// body
    pub body_id: i64,
    /// 姓名
    pub name: String,
    /// 身份证号码 (masked for most roles)
    pub id_number: Option<String>,
    /// 岗位
    pub post: String,
    /// 执法领域
    pub domains: Vec<String>,
    /// 法律职业资格证书编号
    pub legal_qualification_no: Option<String>,
    /// 电话
    pub phone: Option<String>,
    /// 在岗
    pub active: bool,
}

/// The officer as this caller may see it.
pub fn officer_view(s: &Session, o: Officer) -> OfficerView {
    let full = zhifa_core::access::allowed(&s.caller, Action::WriteOfficer, Some(o.body_id));
    let domains = o.domain_list();
    let id_number = o.id_number.map(|n| {
        if full {
            n
        } else {
            zhifa_core::ids::ResidentId::parse(&n).map(|i| i.masked()).unwrap_or_else(|_| "已登记".into())
        }
    });
    OfficerView {
        id: o.id,
        body_id: o.body_id,
        name: o.name,
        id_number,
        post: o.post,
        domains,
        legal_qualification_no: o.legal_qualification_no,
        phone: if full { o.phone } else { None },
        active: o.active,
    }
}

/// 执法人员列表 (own body; district-wide roles see all)
#[utoipa::path(get, path = "/api/v1/officers", params(OfficerQuery), responses((status = 200, body = [OfficerView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_officers(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<OfficerQuery>,
) -> ApiResult<Vec<OfficerView>> {
    if let Some(b) = q.body_id {
        s.require(Action::ReadRegistry, Some(b))?;
    }
    let f = OfficerFilter { body_id: q.body_id, name: q.name, limit: q.limit, offset: q.offset };
    let rows = state.app.store.list_officers(s.caller.scope(), &f).await?;
    Ok(Json(rows.into_iter().map(|o| officer_view(&s, o)).collect()))
}

/// An officer with training records and certificates.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficerDetail {
    /// officer
    pub officer: OfficerView,
    /// 培训考试记录
    pub training: Vec<Training>,
    /// 执法证件
    pub certificates: Vec<CertificateRow>,
    /// 是否法制审核人员
    pub is_reviewer: bool,
}

/// 执法人员详情
#[utoipa::path(get, path = "/api/v1/officers/{id}", params(("id" = i64, Path)), responses((status = 200, body = OfficerDetail), (status = 404, body = ErrorBody)))]
pub async fn get_officer(
    State(state): State<AppState>,
    s: Session,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Path(id): Path<i64>,
) -> ApiResult<OfficerDetail> {
    Ok(Json(officer_detail(&state, &s, id, Some(addr.ip().to_string())).await?))
}

/// An officer with records and certificates, within the caller's scope. The view is a
/// supervised access (personal data): it is recorded, with the caller and address, in the
/// ledger before the data is returned.
pub async fn officer_detail(
    state: &AppState,
    s: &Session,
    id: i64,
    ip: Option<String>,
) -> Result<OfficerDetail, ApiError> {
    let o = state.app.store.get_officer(s.caller.scope(), id).await?.ok_or_else(|| {
        tracing::warn!(user = s.caller.user_id, officer = id, "officer outside scope or absent");
        ApiError::NotFound("执法人员")
    })?;
    let access = Command::RecordAccess {
        object_table: "officers".into(),
        object_id: id,
        body_id: Some(BodyId(o.body_id)),
        ip,
        purpose: None,
    };
    state.app.store.execute(&s.actor(), access).await?;
    let training = state.app.store.officer_training(id).await?;
    let certificates = certificate_rows(
        state
            .app
            .store
            .list_certificates(s.caller.scope(), &CertificateFilter { officer_id: Some(id), ..Default::default() })
            .await?,
    );
    let is_reviewer = state.app.store.list_reviewers(s.caller.scope()).await?.iter().any(|r| r.officer_id == id);
    Ok(OfficerDetail { officer: officer_view(s, o), training, certificates, is_reviewer })
}

/// 新增执法人员
#[utoipa::path(post, path = "/api/v1/officers", request_body = OfficerInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_officer(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<OfficerInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::WriteOfficer)?;
    s.require(Action::WriteOfficer, Some(input.body_id))?;
    run(&state, &s, Command::CreateOfficer(input.validate()?)).await
}

/// 修改执法人员
#[utoipa::path(put, path = "/api/v1/officers/{id}", params(("id" = i64, Path)), request_body = OfficerInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_officer(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OfficerInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::WriteOfficer)?;
    s.require(Action::WriteOfficer, Some(input.body_id))?;
    run(&state, &s, Command::UpdateOfficer { id: OfficerId(id), officer: input.validate()? }).await
}

/// 新增培训考试记录
#[utoipa::path(post, path = "/api/v1/officers/{id}/training", params(("id" = i64, Path)), request_body = TrainingInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_training(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TrainingInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::WriteOfficer)?;
    run(&state, &s, Command::AddTraining { officer_id: OfficerId(id), training: input.validate()? }).await
}

/// Certificate list query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificateQuery {
    /// 所属主体
    pub body_id: Option<i64>,
    /// 持证人
    pub officer_id: Option<i64>,
    /// 仅列出N日内到期（含已过期）
    pub expiring_within_days: Option<i64>,
}

/// A certificate in a list, with its status on today's date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateRow {
    /// listing
    #[serde(flatten)]
    pub listing: CertificateListing,
    /// status today (code)
    pub effective_status: String,
    /// status today
    pub effective_status_label: String,
    /// days until the end date (negative when past)
    pub days_left: i64,
}

/// Certificate rows with their status today.
pub fn certificate_rows(rows: Vec<CertificateListing>) -> Vec<CertificateRow> {
    let t = today();
    rows.into_iter()
        .map(|l| {
            let stored = CertificateStatus::parse(&l.status).unwrap_or(CertificateStatus::Suspended);
            let st = effective_status(stored, l.valid_from, l.valid_to, t);
            let days_left = (l.valid_to - t).num_days();
            CertificateRow {
                listing: l,
                effective_status: st.code().into(),
                effective_status_label: st.label().into(),
                days_left,
            }
        })
        .collect()
}

/// 执法证件列表
#[utoipa::path(get, path = "/api/v1/certificates", params(CertificateQuery), responses((status = 200, body = [CertificateRow]), (status = 403, body = ErrorBody)))]
pub async fn list_certificates(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<CertificateQuery>,
) -> ApiResult<Vec<CertificateRow>> {
    if let Some(b) = q.body_id {
        s.require(Action::ReadRegistry, Some(b))?;
    }
    let valid_to_before = match q.expiring_within_days {
        Some(d) if !(0..=3650).contains(&d) => {
            return Err(Invalid::field("expiring_within_days", "应在0至3650之间").into());
        }
        Some(d) => Some(today() + Duration::days(d)),
        None => None,
    };
    let f = CertificateFilter { body_id: q.body_id, officer_id: q.officer_id, valid_to_before };
    Ok(Json(certificate_rows(state.app.store.list_certificates(s.caller.scope(), &f).await?)))
}

/// A certificate with its status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateDetail {
    /// certificate
    pub certificate: Certificate,
    /// status today
    pub effective_status: String,
    /// 状态变更记录
    pub history: Vec<CertificateEvent>,
}

/// 执法证件详情
#[utoipa::path(get, path = "/api/v1/certificates/{id}", params(("id" = i64, Path)), responses((status = 200, body = CertificateDetail), (status = 404, body = ErrorBody)))]
pub async fn get_certificate(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> ApiResult<CertificateDetail> {
    let (c, history) =
        state.app.store.get_certificate(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("执法证件"))?;
    let effective_status = c.status_on(today()).code().to_string();
    Ok(Json(CertificateDetail { certificate: c, effective_status, history }))
}

/// 登记执法证件
#[utoipa::path(post, path = "/api/v1/certificates", request_body = CertificateInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_certificate(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<CertificateInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::CreateCertificate)?;
    run(&state, &s, Command::CreateCertificate(input.validate()?)).await
}

/// 变更证件状态（暂扣、注销、恢复）
#[utoipa::path(post, path = "/api/v1/certificates/{id}/status", params(("id" = i64, Path)), request_body = StatusChangeInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_certificate_status(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StatusChangeInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::ChangeCertificateStatus)?;
    run(&state, &s, Command::ChangeCertificateStatus { id, change: input.validate()? }).await
}

/// Power list query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PowerQuery {
    /// 查询日期 (default today): the version in force on that day
    pub on: Option<String>,
}

/// 权责清单（指定日期有效的版本）— public information
#[utoipa::path(get, path = "/api/v1/bodies/{id}/power-items", params(("id" = i64, Path), PowerQuery), responses((status = 200, body = [PowerItem]), (status = 422, body = ErrorBody)))]
pub async fn power_items(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<PowerQuery>,
) -> ApiResult<Vec<PowerItem>> {
    let on = match q.on {
        Some(d) => zhifa_core::time::parse_date(&d).map_err(|m| Invalid::field("on", m))?,
        None => today(),
    };
    Ok(Json(state.app.store.power_items_in_force(id, on).await?))
}

/// 权责清单事项的变更历史（立改废释）— public information
#[utoipa::path(get, path = "/api/v1/bodies/{id}/power-items/{code}/history", params(("id" = i64, Path), ("code" = String, Path)), responses((status = 200, body = [PowerItem])))]
pub async fn power_item_history(
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
) -> ApiResult<Vec<PowerItem>> {
    Ok(Json(state.app.store.power_item_history(id, &code).await?))
}

/// 权责清单事项新版本（立改废释）
#[utoipa::path(post, path = "/api/v1/power-items", request_body = PowerItemInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_power_item(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<PowerItemInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::WritePowerList)?;
    s.require(Action::WritePowerList, Some(input.body_id))?;
    run(&state, &s, Command::AddPowerItemVersion(input.validate()?)).await
}

/// 法制审核人员列表
#[utoipa::path(get, path = "/api/v1/reviewers", responses((status = 200, body = [Reviewer])))]
pub async fn list_reviewers(State(state): State<AppState>, s: Session) -> ApiResult<Vec<Reviewer>> {
    Ok(Json(state.app.store.list_reviewers(s.caller.scope()).await?))
}

/// 确定法制审核人员
#[utoipa::path(post, path = "/api/v1/reviewers", request_body = ReviewerInput,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn designate_reviewer(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<ReviewerInput>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::WriteOfficer)?;
    let mut inv = Invalid::default();
    let kind = inv.check("kind", ReviewerKind::parse(&input.kind));
    let since = inv.check("since", zhifa_core::time::parse_date(&input.since));
    let (Some(kind), Some(since)) = (kind, since) else { return Err(inv.into()) };
    run(&state, &s, Command::DesignateReviewer { officer_id: OfficerId(input.officer_id), kind, since }).await
}

/// 法制审核人员配备比例（不少于执法人员的5%）
#[utoipa::path(get, path = "/api/v1/reviewer-ratios", responses((status = 200, body = [BodyRatio])))]
pub async fn reviewer_ratios(State(state): State<AppState>, s: Session) -> ApiResult<Vec<BodyRatio>> {
    s.require(Action::ReadRegistry, s.caller.body_id)?;
    Ok(Json(state.app.store.reviewer_ratios(s.caller.scope()).await?))
}

/// 账号列表
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [User]), (status = 403, body = ErrorBody)))]
pub async fn list_users(State(state): State<AppState>, s: Session) -> ApiResult<Vec<User>> {
    s.require(Action::ManageUsers, s.caller.body_id)?;
    Ok(Json(state.app.store.list_users(s.caller.scope()).await?))
}

/// 新建账号
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUser,
    responses((status = 201, body = Outcome), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<Outcome>), ApiError> {
    write_guard(&s, Action::ManageUsers)?;
    s.require(Action::ManageUsers, input.body_id.or(s.caller.body_id))?;
    // An account made by an administrator changes its password at the first sign-in.
    let cmd = new_user_command(&input, true)?;
    if let Command::CreateUser { role, .. } = &cmd
        && role.is_district_wide()
        && s.caller.role != Role::SystemAdmin
    {
        return Err(ApiError::Forbidden);
    }
    run(&state, &s, cmd).await
}

/// 注销某账号的全部会话
#[utoipa::path(post, path = "/api/v1/users/{id}/revoke-sessions", params(("id" = i64, Path)), responses((status = 200), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_user_sessions(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    write_guard(&s, Action::ManageUsers)?;
    let user = state.app.store.user_by_id(id).await?.ok_or(ApiError::NotFound("账号"))?;
    match user.body_id {
        Some(b) if s.caller.scope().covers(b) => {}
        None if s.caller.role == Role::SystemAdmin => {}
        _ => return Err(ApiError::NotFound("账号")),
    }
    let n = state.app.store.revoke_user_sessions(id).await?;
    state.sessions.remove_user(id);
    Ok(Json(serde_json::json!({ "revoked": n })))
}

/// 重置密码：管理员设置临时密码，本人下次登录须先修改；该账号的全部会话结束
#[utoipa::path(post, path = "/api/v1/users/{id}/password", params(("id" = i64, Path)), request_body = PasswordReset,
    responses((status = 204, description = "已重置"), (status = 403, description = "无权", body = ErrorBody),
        (status = 404, description = "没有该账号", body = ErrorBody), (status = 422, description = "密码不符合要求", body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    zhifa_app::accounts::reset_password(&state.app, &s.who(), id, &input).await?;
    state.sessions.remove_user(id);
    Ok(StatusCode::NO_CONTENT)
}

/// Access history query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// table of the record (e.g. `officers`)
    pub table: Option<String>,
    /// row of the record
    pub object_id: Option<i64>,
    /// the account whose views to list
    pub user_id: Option<i64>,
}

/// 调阅记录：某条记录被谁调阅，或某账号调阅了什么（监督人员）
#[utoipa::path(get, path = "/api/v1/access-log", params(AccessQuery), responses((status = 200, body = [AccessEntry]), (status = 403, body = ErrorBody)))]
pub async fn access_log(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<AccessQuery>,
) -> ApiResult<Vec<AccessEntry>> {
    s.require(Action::SuperviseAccess, s.caller.body_id)?;
    let object = match (&q.table, q.object_id) {
        (Some(t), Some(id)) => Some((t.as_str(), id)),
        (None, None) => None,
        _ => return Err(Invalid::field("object_id", "table 与 object_id 须同时给出").into()),
    };
    Ok(Json(state.app.store.access_history(object, q.user_id, 500).await?))
}
