//! Legal review API (法制审核, 处罚法 art. 58): a case's review file with whether it needs
//! review and why; submission, opinion, objection, negotiation and the head's ruling; marks
//! that bring a case into scope; a body's review item list. Each handler checks the role and
//! the body; the store checks the person (the case's officers, the body's reviewers, recusal)
//! and the order of the loop.

use super::{ApiJson, ApiQuery};
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::ids::{BodyId, CaseId};
use zhifa_core::review::{FollowUpInput, ListItem, Marks, OpinionInput, ReceiptInput, ReferralInput, SubmissionInput};
use zhifa_store::Command;
use zhifa_store::model::{Case, ReviewList};
use zhifa_store::review::{BodyReviewStats, QueueItem, ReviewAction, ReviewFile, ScopeItem};

async fn case_for(state: &AppState, s: &Session, id: i64, action: Action) -> Result<Case, ApiError> {
    let c = state.app.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
    s.require(action, Some(c.body_id))?;
    Ok(c)
}

/// A review act with the password that opens the actor's signing key (每项操作由本人签名).
#[derive(Debug, Deserialize)]
pub struct Signed<T> {
    /// the act
    #[serde(flatten)]
    pub input: T,
    /// 签名密码（登录密码）
    #[serde(default)]
    pub sign_password: String,
}

/// Does one act of the review file, signed by the caller: the role and body first, then the
/// key opened with the password, then the store's checks in one transaction.
pub(crate) async fn act(
    state: &AppState,
    s: &Session,
    id: i64,
    need: Action,
    action: ReviewAction,
    password: &str,
) -> Result<ReviewFile, ApiError> {
    let (c, _) = zhifa_app::review::act(&state.app, &s.who(), id, need, action, password).await?;
    Ok(state.app.store.review_file(&c).await?)
}

/// 法制审核情况：是否须审核及理由、送审材料各版本、审核过程
#[utoipa::path(get, path = "/api/v1/cases/{id}/review", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewFile), (status = 404, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    s: Session,
    Path(id): Path<i64>,
) -> Result<Json<ReviewFile>, ApiError> {
    let c = case_for(&state, &s, id, Action::ReadCases).await?;
    Ok(Json(state.app.store.review_file(&c).await?))
}

/// 送审（重新送审须写明修改之处）；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/submissions", params(("id" = i64, Path)), request_body = SubmissionInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<Signed<SubmissionInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Submit(x.input);
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, a, &x.sign_password).await?)))
}

/// 审核意见（逐项审核要点，结论：同意/修改后重新送审/不同意）；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/opinions", params(("id" = i64, Path)), request_body = OpinionInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn opinion(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<Signed<OpinionInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Opinion(x.input);
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::ReviewCase, a, &x.sign_password).await?)))
}

/// An objection of the handling unit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ObjectionInput {
    /// 异议理由
    #[serde(default)]
    pub reasons: String,
    /// 依据
    #[serde(default)]
    pub basis: String,
}

/// 承办机构对审核意见提出异议（列明理由和依据）；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/objections", params(("id" = i64, Path)), request_body = ObjectionInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn object(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(Signed { input: i, sign_password }): ApiJson<Signed<ObjectionInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Object { reasons: i.reasons, basis: i.basis };
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, a, &sign_password).await?)))
}

/// The result of negotiating an objection.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NegotiationInput {
    /// 审核机构接受承办机构意见
    pub agreed: bool,
    /// 协商情况
    #[serde(default)]
    pub note: String,
}

/// 协商结果（不能达成一致的，报机关负责人处理）；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/negotiations", params(("id" = i64, Path)), request_body = NegotiationInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn negotiate(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(Signed { input: i, sign_password }): ApiJson<Signed<NegotiationInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Negotiate { agreed: i.agreed, note: i.note };
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::ReviewCase, a, &sign_password).await?)))
}

/// The head's ruling.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RulingInput {
    /// handling（采纳承办机构意见）/ review（采纳法制审核机构意见）
    #[serde(default)]
    pub side: String,
    /// 理由
    #[serde(default)]
    pub reasons: String,
}

/// 机关负责人处理意见分歧；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/rulings", params(("id" = i64, Path)), request_body = RulingInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn rule(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(Signed { input: i, sign_password }): ApiJson<Signed<RulingInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Rule { side: i.side, reasons: i.reasons };
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::RuleOnReview, a, &sign_password).await?)))
}

/// 涉嫌犯罪案件移送（审核意见认为涉嫌犯罪时；须附移送书、调查报告、涉案物品清单）；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/referral", params(("id" = i64, Path)), request_body = ReferralInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn refer(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<Signed<ReferralInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Refer(x.input);
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, a, &x.sign_password).await?)))
}

/// 登记移送回执；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/referral/receipt", params(("id" = i64, Path)), request_body = ReceiptInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn receipt(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<Signed<ReceiptInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Receipt(x.input);
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, a, &x.sign_password).await?)))
}

/// 登记移送后续情况（立案、不予立案、复议、移回等）；请求体另附 sign_password（登录密码），由本人签名
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/referral/follow-ups", params(("id" = i64, Path)), request_body = FollowUpInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn follow_up(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(x): ApiJson<Signed<FollowUpInput>>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::FollowUp(x.input);
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, a, &x.sign_password).await?)))
}

/// Filters of the review queue.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// only what waits for this: review / negotiation / ruling / revision / referral
    pub waiting: Option<String>,
    /// 最多条数（默认200）
    pub limit: Option<i64>,
}

/// 法制审核待办：待审核（含审核期限和是否超期）、待协商、待负责人处理、待修改、涉嫌犯罪待移送
#[utoipa::path(get, path = "/api/v1/review/queue", params(QueueQuery),
    responses((status = 200, body = Vec<QueueItem>), (status = 403, body = ErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<Vec<QueueItem>>, ApiError> {
    s.require(Action::ReadCases, s.caller.scope().body())?;
    let mut items = state.app.store.review_queue(s.caller.scope(), q.limit.unwrap_or(200)).await?;
    if let Some(w) = q.waiting.as_deref().filter(|w| !w.is_empty()) {
        items
            .retain(|i| serde_json::to_value(i.waiting).ok().and_then(|v| v.as_str().map(|c| c == w)).unwrap_or(false));
    }
    Ok(Json(items))
}

/// Filters of the review scope view.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// true: only cases that need review; false: only those that do not
    pub required: Option<bool>,
    /// 最多条数（默认50，最多200）
    pub limit: Option<i64>,
}

/// 审核范围核查：最近登记的案件是否须经法制审核、理由、是否须集体讨论、审核状态，以及是否有未经审核的决定
#[utoipa::path(get, path = "/api/v1/review/scope", params(ScopeQuery),
    responses((status = 200, body = Vec<ScopeItem>), (status = 403, body = ErrorBody)))]
pub async fn scope(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<Json<Vec<ScopeItem>>, ApiError> {
    s.require(Action::ReadCases, s.caller.scope().body())?;
    Ok(Json(state.app.store.review_scope(s.caller.scope(), q.required, q.limit.unwrap_or(50)).await?))
}

/// The period of the review figures.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// 年度（默认本年）
    pub year: Option<i32>,
}

/// 法制审核统计：各执法主体的审核件数、同意率、一次通过率、平均送审轮次、审核用时中位数、超期、异议和报负责人处理件数、涉嫌犯罪移送
#[utoipa::path(get, path = "/api/v1/review/stats", params(StatsQuery),
    responses((status = 200, body = Vec<BodyReviewStats>), (status = 403, body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    s: Session,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<Json<Vec<BodyReviewStats>>, ApiError> {
    s.require(Action::ReadCases, s.caller.scope().body())?;
    let (from, to) = year_range(q.year)?;
    Ok(Json(state.app.store.review_stats(s.caller.scope(), from, to).await?))
}

/// The first day of `year` (default: this year in Asia/Shanghai) and of the next.
pub fn year_range(year: Option<i32>) -> Result<(chrono::NaiveDate, chrono::NaiveDate), ApiError> {
    use chrono::Datelike;
    let y = year.unwrap_or_else(|| zhifa_core::time::shanghai_date(chrono::Utc::now()).year());
    let refused = || zhifa_core::Invalid::field("year", "年度应在2000至2100之间").into();
    if !(2000..=2100).contains(&y) {
        return Err(refused());
    }
    match (chrono::NaiveDate::from_ymd_opt(y, 1, 1), chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(refused()),
    }
}

/// Marks to add.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkInput {
    /// the marks to add (set marks cannot be cleared)
    #[serde(flatten)]
    pub marks: Marks,
    /// 理由
    #[serde(default)]
    pub reason: String,
}

/// 标记案件属于法制审核范围（只增不减）
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/marks", params(("id" = i64, Path)), request_body = MarkInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn mark(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<MarkInput>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let c = case_for(&state, &s, id, Action::MarkForReview).await?;
    state
        .app
        .store
        .execute(&s.actor(), Command::MarkCaseForReview { case_id: CaseId(c.id), marks: i.marks, reason: i.reason })
        .await?;
    Ok((StatusCode::CREATED, Json(state.app.store.review_file(&c).await?)))
}

/// A new version of a body's review item list.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewListInput {
    /// 事项
    #[serde(default)]
    pub items: Vec<ListItem>,
    /// 生效日期 YYYY-MM-DD
    #[serde(default)]
    pub effective_from: String,
    /// 审核时限（工作日，1至60；不填为5个工作日）
    #[serde(default)]
    pub review_days: Option<i64>,
    /// 制定或修改理由
    #[serde(default)]
    pub reason: String,
}

/// 本机关法制审核事项清单（各版本，新的在前）
#[utoipa::path(get, path = "/api/v1/bodies/{id}/review-list", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReviewList>), (status = 403, body = ErrorBody)))]
pub async fn lists(
    State(state): State<AppState>,
    s: Session,
    Path(body): Path<i64>,
) -> Result<Json<Vec<ReviewList>>, ApiError> {
    s.require(Action::ReadCases, Some(body))?;
    Ok(Json(state.app.store.review_lists(body).await?))
}

/// 制定或修改本机关法制审核事项清单
#[utoipa::path(post, path = "/api/v1/bodies/{id}/review-list", params(("id" = i64, Path)), request_body = ReviewListInput,
    responses((status = 201, body = Vec<ReviewList>), (status = 422, body = ErrorBody)))]
pub async fn file_list(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(body): Path<i64>,
    ApiJson(i): ApiJson<ReviewListInput>,
) -> Result<(StatusCode, Json<Vec<ReviewList>>), ApiError> {
    s.require(Action::WriteReviewList, Some(body))?;
    let effective_from = zhifa_core::time::parse_date(&i.effective_from)
        .map_err(|e| zhifa_core::Invalid::field("effective_from", e.to_string()))?;
    let cmd = Command::FileReviewList {
        body_id: BodyId(body),
        items: i.items,
        effective_from,
        review_days: i.review_days,
        reason: i.reason,
    };
    state.app.store.execute(&s.actor(), cmd).await?;
    Ok((StatusCode::CREATED, Json(state.app.store.review_lists(body).await?)))
}
