//! Account pages: the administrators' 账号管理 (create, disable, unlock, reset with a forced
//! change, role and body), each person's 我的账号 (password, sessions, signing-key fingerprint),
//! 我的通知, and the webhook's delivery log for the system administrator.

use super::{PageError, PageForm, PageSession, ctx, one, render};
use crate::api::accounts::fresh_notifications;
use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::HashMap;
use zhifa_app::AppError;
use zhifa_core::access::{Action, Role};

type Pairs = Vec<(String, String)>;

/// The roles an administrator may give: district-wide ones only by the system administrator.
fn roles_for(s: &crate::auth::Session) -> Vec<serde_json::Value> {
    Role::ALL
        .into_iter()
        .filter(|r| s.caller.role == Role::SystemAdmin || !r.is_district_wide())
        .map(|r| json!({ "code": r.code(), "label": r.label() }))
        .collect()
}

/// The bodies and officers an administrator's forms offer.
async fn choices(state: &AppState, s: &crate::auth::Session) -> Result<serde_json::Value, PageError> {
    let scope = s.caller.scope();
    let bodies: Vec<_> = state.app.store.list_bodies().await?.into_iter().filter(|b| scope.covers(b.id)).collect();
    let officers = state
        .app
        .store
        .list_officers(scope, &zhifa_store::reads::OfficerFilter { limit: Some(1000), ..Default::default() })
        .await?;
    Ok(json!({ "bodies": bodies, "officers": officers, "roles": roles_for(s) }))
}

/// How an account stands now, in words.
fn standing(u: &zhifa_store::model::UserRow) -> String {
    let now = chrono::Utc::now();
    let mut parts = Vec::new();
    parts.push(if u.active { "启用" } else { "已停用" }.to_string());
    if let Some(until) = u.locked_until.filter(|t| *t > now) {
        parts.push(format!("锁定至 {}", zhifa_core::time::display(until)));
    } else if u.failed_logins > 0 {
        parts.push(format!("连续登录失败{}次", u.failed_logins));
    }
    if u.must_change_password {
        parts.push("待本人修改密码".into());
    }
    parts.join("，")
}

fn errors_of(i: &zhifa_core::Invalid) -> HashMap<String, String> {
    let mut errors = HashMap::new();
    for e in &i.errors {
        errors.entry(e.field.clone()).or_insert_with(|| e.message.clone());
    }
    errors
}

async fn list(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    list_page(&state, &s, &Pairs::new(), HashMap::new()).await
}

async fn list_page(
    state: &AppState,
    s: &crate::auth::Session,
    values: &Pairs,
    errors: HashMap<String, String>,
) -> Result<Html<String>, PageError> {
    s.require(Action::ManageUsers, s.caller.body_id)?;
    let mut rows = Vec::new();
    for full in state.app.store.user_rows(s.caller.scope()).await? {
        let u = zhifa_store::model::User::from(full.clone());
        rows.push(json!({ "user": u, "role_label": u.role.label(), "standing": standing(&full),
            "locked": full.locked_until.is_some_and(|t| t > chrono::Utc::now()) }));
    }
    let names: HashMap<String, String> =
        state.app.store.list_bodies().await?.into_iter().map(|b| (b.id.to_string(), b.name)).collect();
    let values: HashMap<String, String> = values.iter().cloned().collect();
    render(
        state,
        "accounts.html",
        json!({ "session": ctx(s), "rows": rows, "body_names": names, "choices": choices(state, s).await?,
            "values": values, "errors": errors, "own_body": s.caller.body_id }),
    )
}

async fn create(State(state): State<AppState>, PageForm(s, f): PageForm<Pairs>) -> Result<Response, PageError> {
    let id = |k: &str| one(&f, k).parse::<i64>().ok();
    let input = zhifa_app::accounts::NewUser {
        username: one(&f, "username"),
        display_name: one(&f, "display_name"),
        password: one(&f, "password"),
        role: one(&f, "role"),
        body_id: id("body_id").or(s.caller.body_id),
        officer_id: id("officer_id"),
    };
    let caller_district = s.caller.role == Role::SystemAdmin;
    let result = async {
        s.require(Action::ManageUsers, input.body_id.or(s.caller.body_id))?;
        let cmd = zhifa_app::accounts::new_user_command(&input, true)?;
        if let zhifa_store::Command::CreateUser { role, .. } = &cmd
            && role.is_district_wide()
            && !caller_district
        {
            return Err(ApiError::Forbidden);
        }
        Ok::<_, ApiError>(state.app.store.execute(&s.actor(), cmd).await?)
    }
    .await;
    match result {
        Ok(out) => Ok(Redirect::to(&format!("/accounts/{}?done=created", out.id)).into_response()),
        Err(ApiError::Invalid(i)) => {
            let page = list_page(&state, &s, &without_secrets(&f), errors_of(&i)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(ApiError::Conflict(m)) => {
            let errors = HashMap::from([("username".to_string(), m)]);
            let page = list_page(&state, &s, &without_secrets(&f), errors).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A form's values to show again, without passwords and the token.
fn without_secrets(f: &Pairs) -> Pairs {
    f.iter().filter(|(k, _)| !k.contains("password") && k != "_csrf").cloned().collect()
}

#[derive(serde::Deserialize)]
struct Done {
    done: Option<String>,
}

async fn item(
    State(state): State<AppState>,
    PageSession(s): PageSession,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> Result<Html<String>, PageError> {
    let done = q.done.as_deref().map(|d| match d {
        "created" => "账号已建立。初始密码为临时密码，本人首次登录时须修改。",
        "active" => "账号状态已变更。",
        "unlock" => "已解除锁定。",
        "role" => "角色和所属主体已变更，该账号须重新登录。",
        "reset" => "密码已重置为临时密码，本人下次登录时须修改；该账号的全部登录已退出。",
        "revoke" => "该账号的全部登录已退出。",
        _ => "已办理。",
    });
    item_page(&state, &s, id, HashMap::new(), done).await
}

async fn item_page(
    state: &AppState,
    s: &crate::auth::Session,
    id: i64,
    errors: HashMap<String, String>,
    done: Option<&str>,
) -> Result<Html<String>, PageError> {
    let user = zhifa_app::accounts::administered(&state.app, &s.who(), id).await?;
    let body = match user.body_id {
        Some(b) => state.app.store.get_body(b).await?.map(|b| b.name),
        None => None,
    };
    let key = state.app.store.signing_key(user.id).await?;
    let sessions = state.app.store.live_sessions(user.id).await?.len();
    let view = zhifa_store::model::User::from(user.clone());
    render(
        state,
        "account_item.html",
        json!({ "session": ctx(s), "user": view, "role_label": user.role.label(), "body_name": body,
            "standing": standing(&user), "locked": user.locked_until.is_some_and(|t| t > chrono::Utc::now()),
            "own": user.id == s.caller.user_id, "sessions": sessions,
            "fingerprint": key.map(|k| zhifa_app::accounts::key_fingerprint(&k.public_key)),
            "choices": choices(state, s).await?, "errors": errors, "done": done }),
    )
}

/// One administrator's act on an account (`action`: active, unlock, role, reset, revoke).
async fn act(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PageForm(s, f): PageForm<Pairs>,
) -> Result<Response, PageError> {
    let who = s.who();
    let action = one(&f, "action");
    let result: Result<(), AppError> = match action.as_str() {
        "active" => zhifa_app::accounts::set_active(&state.app, &who, id, one(&f, "active") == "true").await,
        "unlock" => zhifa_app::accounts::unlock(&state.app, &who, id).await,
        "role" => {
            let change = zhifa_app::accounts::RoleChange {
                role: one(&f, "role"),
                body_id: one(&f, "body_id").parse().ok(),
                officer_id: one(&f, "officer_id").parse().ok(),
            };
            zhifa_app::accounts::set_role(&state.app, &who, id, &change).await
        }
        "reset" => {
            let reset = zhifa_app::accounts::PasswordReset { password: one(&f, "password") };
            zhifa_app::accounts::reset_password(&state.app, &who, id, &reset).await
        }
        "revoke" => {
            async {
                zhifa_app::accounts::administered(&state.app, &who, id).await?;
                state.app.store.revoke_user_sessions(id).await?;
                Ok(())
            }
            .await
        }
        _ => Err(AppError::Invalid(zhifa_core::Invalid::field("action", "未知的操作"))),
    };
    match result {
        Ok(()) => {
            state.sessions.remove_user(id);
            Ok(Redirect::to(&format!("/accounts/{id}?done={action}")).into_response())
        }
        Err(AppError::Invalid(i)) => {
            let page = item_page(&state, &s, id, errors_of(&i), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Conflict(m)) => {
            let errors = HashMap::from([("officer_id".to_string(), m)]);
            let page = item_page(&state, &s, id, errors, None).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// 我的账号: who I am, my sessions, my signing key's fingerprint.
async fn me(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    me_page(&state, &s, false).await
}

async fn me_page(state: &AppState, s: &crate::auth::Session, done: bool) -> Result<Html<String>, PageError> {
    let user = state.app.store.user_by_id(s.caller.user_id).await?.ok_or(ApiError::Unauthenticated)?;
    let body = match user.body_id {
        Some(b) => state.app.store.get_body(b).await?.map(|b| b.name),
        None => None,
    };
    let key = state.app.store.signing_key(user.id).await?;
    let sessions: Vec<_> = state
        .app
        .store
        .live_sessions(user.id)
        .await?
        .into_iter()
        .map(|x| {
            json!({ "created": zhifa_core::time::display(x.created_at), "expires": zhifa_core::time::display(x.expires_at),
                "ip": x.ip, "this": x.token_hash == s.token_hash() })
        })
        .collect();
    render(
        state,
        "account_me.html",
        json!({ "session": ctx(s), "user": zhifa_store::model::User::from(user.clone()), "role_label": user.role.label(),
            "body_name": body, "sessions": sessions,
            "key": key.as_ref().map(|k| json!({ "fingerprint": zhifa_app::accounts::key_fingerprint(&k.public_key),
                "public_key": k.public_key, "created": zhifa_core::time::display(k.created_at) })),
            "done": done }),
    )
}

async fn end_other_sessions(
    State(state): State<AppState>,
    PageForm(s, _): PageForm<Pairs>,
) -> Result<Html<String>, PageError> {
    state.app.store.revoke_other_sessions(s.caller.user_id, s.token_hash()).await?;
    state.sessions.remove_user(s.caller.user_id);
    me_page(&state, &s, true).await
}

/// 我的通知: what was handed to me, newest first; opening the page marks them read.
async fn notifications(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    let n = fresh_notifications(&state, s.caller.user_id).await?;
    let items: Vec<_> = n
        .items
        .iter()
        .map(|i| json!({ "n": i, "at": zhifa_core::time::display(i.created_at), "new": i.read_at.is_none() }))
        .collect();
    if let Some(top) = n.items.first() {
        state.app.store.mark_notifications_read(s.caller.user_id, Some(top.id)).await?;
    }
    render(&state, "notifications.html", json!({ "session": ctx(&s), "items": items, "unread": n.unread }))
}

/// The webhook's delivery log (system administrator).
async fn deliveries(State(state): State<AppState>, PageSession(s): PageSession) -> Result<Html<String>, PageError> {
    if s.caller.role != Role::SystemAdmin {
        return Err(ApiError::Forbidden.into());
    }
    let rows: Vec<_> = state
        .app
        .store
        .deliveries(200)
        .await?
        .into_iter()
        .map(|d| {
            let status = match d.status.as_str() {
                "delivered" => "已送达",
                "failed" => "已放弃",
                _ => "待重试",
            };
            json!({ "d": d, "status_label": status,
                "created": zhifa_core::time::display(d.created_at),
                "last": d.last_attempt_at.map(zhifa_core::time::display),
                "next": d.next_attempt_at.filter(|_| d.status == "pending").map(zhifa_core::time::display) })
        })
        .collect();
    let url = state.app.webhook.as_ref().map(|w| w.url.clone());
    render(&state, "webhook_deliveries.html", json!({ "session": ctx(&s), "rows": rows, "url": url }))
}

/// The routes of these pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/accounts", get(list).post(create))
        .route("/accounts/{id}", get(item).post(act))
        .route("/account", get(me))
        .route("/account/sessions", post(end_other_sessions))
        .route("/notifications", get(notifications))
        .route("/webhook-deliveries", get(deliveries))
}
