//! Accounts API beyond creation and resets: disabling, unlocking, changing a role; the caller's
//! notifications and the counts the menu shows; the webhook's delivery log.

use super::ApiJson;
use crate::auth::{Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zhifa_app::accounts::RoleChange;
use zhifa_core::access::Role;
use zhifa_store::notify::{Delivery, Notification};

/// Whether an account may sign in.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActiveChange {
    /// 启用（false：停用）
    pub active: bool,
}

/// 停用或启用账号：停用的账号不能登录，其会话全部结束
#[utoipa::path(post, path = "/api/v1/users/{id}/active", params(("id" = i64, Path)), request_body = ActiveChange,
    responses((status = 204, description = "已变更"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_active(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActiveChange>,
) -> Result<StatusCode, ApiError> {
    zhifa_app::accounts::set_active(&state.app, &s.who(), id, input.active).await?;
    state.sessions.remove_user(id);
    Ok(StatusCode::NO_CONTENT)
}

/// 解除锁定：清除连续登录失败次数和等待时间
#[utoipa::path(post, path = "/api/v1/users/{id}/unlock", params(("id" = i64, Path)),
    responses((status = 204, description = "已解除"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unlock(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    zhifa_app::accounts::unlock(&state.app, &s.who(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 变更角色、所属主体和关联执法人员：该账号的会话全部结束
#[utoipa::path(post, path = "/api/v1/users/{id}/role", params(("id" = i64, Path)), request_body = RoleChange,
    responses((status = 204, description = "已变更"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_role(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RoleChange>,
) -> Result<StatusCode, ApiError> {
    zhifa_app::accounts::set_role(&state.app, &s.who(), id, &input).await?;
    state.sessions.remove_user(id);
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notifications {
    /// 未读
    pub unread: i64,
    /// 最近的通知，新的在前
    pub items: Vec<Notification>,
}

/// Makes the notifications of every hand-over journaled so far (any process's), then answers.
pub(crate) async fn fresh_notifications(state: &AppState, user_id: i64) -> Result<Notifications, ApiError> {
    state.app.notify_catch_up().await?;
    let items = state.app.store.notifications(user_id, 100).await?;
    let unread = state.app.store.unread_notifications(user_id).await?;
    Ok(Notifications { unread, items })
}

/// 我的通知：交给我办理的事项
#[utoipa::path(get, path = "/api/v1/notifications", responses((status = 200, body = Notifications), (status = 401, body = ErrorBody)))]
pub async fn notifications(State(state): State<AppState>, s: Session) -> Result<Json<Notifications>, ApiError> {
    Ok(Json(fresh_notifications(&state, s.caller.user_id).await?))
}

/// Which notifications to mark read.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MarkRead {
    /// up to this id (all when absent)
    pub upto: Option<i64>,
}

/// 标为已读
#[utoipa::path(post, path = "/api/v1/notifications/read", request_body = MarkRead,
    responses((status = 204, description = "已标为已读"), (status = 401, body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(input): ApiJson<MarkRead>,
) -> Result<StatusCode, ApiError> {
    state.app.store.mark_notifications_read(s.caller.user_id, input.upto).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The counts the menu shows.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Counts {
    /// 待办
    pub tasks: usize,
    /// 其中已逾期
    pub overdue: usize,
    /// 未读通知
    pub unread: i64,
}

/// 菜单上的待办和未读通知数
#[utoipa::path(get, path = "/api/v1/me/counts", responses((status = 200, body = Counts), (status = 401, body = ErrorBody)))]
pub async fn counts(State(state): State<AppState>, s: Session) -> Result<Json<Counts>, ApiError> {
    // Read before the workbench: a write meanwhile leaves the counts unkept.
    let commits = state.app.store.watch.commits();
    let (tasks, overdue) = match state.task_counts.get(s.caller.user_id, commits) {
        Some(c) => c,
        None => {
            let w = zhifa_app::workbench::workbench(&state.app, &s.who()).await?;
            let c = (w.tasks.len(), w.overdue);
            state.task_counts.put(s.caller.user_id, commits, c);
            c
        }
    };
    state.app.notify_catch_up().await?;
    let unread = state.app.store.unread_notifications(s.caller.user_id).await?;
    Ok(Json(Counts { tasks, overdue, unread }))
}

/// webhook 投递记录（系统管理员）
#[utoipa::path(get, path = "/api/v1/webhook-deliveries", responses((status = 200, body = [Delivery]), (status = 403, body = ErrorBody)))]
pub async fn deliveries(State(state): State<AppState>, s: Session) -> Result<Json<Vec<Delivery>>, ApiError> {
    if s.caller.role != Role::SystemAdmin {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(state.app.store.deliveries(200).await?))
}
