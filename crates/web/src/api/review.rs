//! Legal review API (法制审核, 处罚法 art. 58): a case's review file with whether it needs
//! review and why; submission, opinion, objection, negotiation and the head's ruling; marks
//! that bring a case into scope; a body's review item list. Each handler checks the role and
//! the body; the store checks the person (the case's officers, the body's reviewers, recusal)
//! and the order of the loop.

use super::ApiJson;
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::review::{ListItem, Marks, OpinionInput, SubmissionInput};
use zhifa_store::Command;
use zhifa_store::model::{Case, ReviewList};
use zhifa_store::review::{ReviewAction, ReviewFile};

async fn case_for(state: &AppState, s: &Session, id: i64, action: Action) -> Result<Case, ApiError> {
    let c = state.store.case(s.caller.scope(), id).await?.ok_or(ApiError::NotFound("案件"))?;
    s.require(action, Some(c.body_id))?;
    Ok(c)
}

async fn act(
    state: &AppState,
    s: &Session,
    id: i64,
    need: Action,
    action: ReviewAction,
) -> Result<ReviewFile, ApiError> {
    let c = case_for(state, s, id, need).await?;
    let cmd = Command::Review { case_id: c.id, action, role: s.caller.role, officer_id: s.officer_id };
    state.store.execute(&s.actor(), cmd).await?;
    Ok(state.store.review_file(&c).await?)
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
    Ok(Json(state.store.review_file(&c).await?))
}

/// 送审（重新送审须写明修改之处）
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/submissions", params(("id" = i64, Path)), request_body = SubmissionInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SubmissionInput>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, ReviewAction::Submit(input)).await?)))
}

/// 审核意见（逐项审核要点，结论：同意/修改后重新送审/不同意）
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/opinions", params(("id" = i64, Path)), request_body = OpinionInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn opinion(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OpinionInput>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::ReviewCase, ReviewAction::Opinion(input)).await?)))
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

/// 承办机构对审核意见提出异议（列明理由和依据）
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/objections", params(("id" = i64, Path)), request_body = ObjectionInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn object(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<ObjectionInput>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Object { reasons: i.reasons, basis: i.basis };
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::SubmitReview, a).await?)))
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

/// 协商结果（不能达成一致的，报机关负责人处理）
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/negotiations", params(("id" = i64, Path)), request_body = NegotiationInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn negotiate(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<NegotiationInput>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Negotiate { agreed: i.agreed, note: i.note };
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::ReviewCase, a).await?)))
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

/// 机关负责人处理意见分歧
#[utoipa::path(post, path = "/api/v1/cases/{id}/review/rulings", params(("id" = i64, Path)), request_body = RulingInput,
    responses((status = 201, body = ReviewFile), (status = 422, body = ErrorBody)))]
pub async fn rule(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(i): ApiJson<RulingInput>,
) -> Result<(StatusCode, Json<ReviewFile>), ApiError> {
    let a = ReviewAction::Rule { side: i.side, reasons: i.reasons };
    Ok((StatusCode::CREATED, Json(act(&state, &s, id, Action::RuleOnReview, a).await?)))
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
        .store
        .execute(&s.actor(), Command::MarkCaseForReview { case_id: c.id, marks: i.marks, reason: i.reason })
        .await?;
    Ok((StatusCode::CREATED, Json(state.store.review_file(&c).await?)))
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
    Ok(Json(state.store.review_lists(body).await?))
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
    let cmd = Command::FileReviewList { body_id: body, items: i.items, effective_from, reason: i.reason };
    state.store.execute(&s.actor(), cmd).await?;
    Ok((StatusCode::CREATED, Json(state.store.review_lists(body).await?)))
}
