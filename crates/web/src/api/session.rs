//! Sign-in and sign-out for API clients.

use super::ApiJson;
use crate::auth::{self, Session, WriteSession};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;
use zhifa_app::accounts::PasswordChange;
use zhifa_store::model::User;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// 用户名
    pub username: String,
    /// 密码
    pub password: String,
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// send as `X-CSRF-Token` with every write
    pub csrf_token: String,
    /// the account
    pub user: User,
}

/// The signed-in account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// account id
    pub user_id: i64,
    /// login name
    pub username: String,
    /// shown name
    pub display_name: String,
    /// role code
    pub role: String,
    /// role name
    pub role_label: String,
    /// body
    pub body_id: Option<i64>,
    /// the officer record of this account (执法人员), if any
    pub officer_id: Option<i64>,
    /// CSRF token
    pub csrf_token: String,
}

/// 登录
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let ip = addr.ip().to_string();
    let r = auth::login(&state, &req.username, &req.password, Some(&ip)).await?;
    let cookie = auth::session_cookie(&r.token, state.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Json(LoginResponse { csrf_token: r.csrf, user: r.user })).into_response())
}

/// 退出登录
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, WriteSession(s): WriteSession) -> Result<Response, ApiError> {
    auth::logout(&state, &s).await?;
    Ok(([(header::SET_COOKIE, auth::clear_cookie(state.secure_cookies))], axum::http::StatusCode::NO_CONTENT)
        .into_response())
}

/// 修改本人密码：须提供当前密码；签名密钥随之以新密码重新封装（管理员设置的密码须先由本人修改）
#[utoipa::path(post, path = "/api/v1/session/password", request_body = PasswordChange,
    responses((status = 204, description = "已修改；本账号的其他会话结束"),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 422, description = "当前密码不正确或新密码不符合要求", body = ErrorBody),
        (status = 429, description = "密码错误次数过多", body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    WriteSession(s): WriteSession,
    ApiJson(change): ApiJson<PasswordChange>,
) -> Result<axum::http::StatusCode, ApiError> {
    zhifa_app::accounts::change_own_password(&state.app, &s.who(), &change).await?;
    state.app.store.revoke_other_sessions(s.caller.user_id, s.token_hash()).await?;
    state.sessions.remove_user(s.caller.user_id);
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// 当前账号
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(s: Session) -> Json<Me> {
    Json(Me {
        user_id: s.caller.user_id,
        username: s.username.clone(),
        display_name: s.display_name.clone(),
        role: s.caller.role.code().into(),
        role_label: s.caller.role.label().into(),
        body_id: s.caller.body_id,
        officer_id: s.officer_id,
        csrf_token: s.csrf.clone(),
    })
}
