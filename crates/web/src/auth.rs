//! Passwords (argon2id), sessions (HttpOnly SameSite cookies holding a random token whose
//! SHA-256 is stored), CSRF tokens, login throttling, and the session extractor.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};
use zhifa_app::Who;
use zhifa_app::accounts::{LOCK_MINUTES, MAX_FAILURES, verify_password};
use zhifa_core::access::Caller;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "zhifa_session";
/// How long a session lives.
pub const SESSION_TTL_HOURS: i64 = 8;
/// Failed sign-ins from one address (any accounts) before that address must wait.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// The window for counting failures per address.
pub const ADDRESS_WINDOW_MINUTES: u64 = 15;

/// How long a validated session is trusted from memory before the database is asked again.
/// A revocation made by another server process takes effect within this time.
pub const CACHE_SECONDS: u64 = 10;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// A signed-in caller with what pages show.
#[derive(Debug, Clone)]
pub struct Session {
    /// policy view
    pub caller: Caller,
    /// CSRF token to echo in forms (`_csrf`) and API writes (`X-CSRF-Token`)
    pub csrf: String,
    /// login name
    pub username: String,
    /// shown name
    pub display_name: String,
    /// the officer record this account belongs to, if any
    pub officer_id: Option<i64>,
    token_hash: String,
}

impl Session {
    /// Checks a submitted CSRF token in constant time.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), ApiError> {
        let Some(s) = submitted else { return Err(ApiError::Csrf) };
        let (a, b) = (s.as_bytes(), self.csrf.as_bytes());
        if a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0 {
            Ok(())
        } else {
            Err(ApiError::Csrf)
        }
    }
    /// The person, for the use cases.
    pub fn who(&self) -> Who {
        Who { caller: self.caller, officer_id: self.officer_id }
    }
    /// Requires a capability.
    pub fn require(&self, action: zhifa_core::access::Action, body: Option<i64>) -> Result<(), ApiError> {
        Ok(self.who().require(action, body)?)
    }
    /// The store actor for this caller's writes.
    pub fn actor(&self) -> zhifa_store::write::Actor {
        self.who().actor()
    }
}

/// Recently validated sessions, by token hash.
#[derive(Default)]
pub struct SessionCache {
    map: Mutex<HashMap<String, (Session, Instant)>>,
}

impl SessionCache {
    fn get(&self, hash: &str) -> Option<Session> {
        let map = self.map.lock().ok()?;
        map.get(hash).filter(|(_, at)| at.elapsed() < StdDuration::from_secs(CACHE_SECONDS)).map(|(s, _)| s.clone())
    }
    fn put(&self, s: Session) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() > 50_000 {
                map.retain(|_, (_, at)| at.elapsed() < StdDuration::from_secs(CACHE_SECONDS));
            }
            map.insert(s.token_hash.clone(), (s, Instant::now()));
        }
    }
    /// Forgets one session.
    pub fn remove_hash(&self, hash: &str) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(hash);
        }
    }
    /// Forgets every session of a user.
    pub fn remove_user(&self, user_id: i64) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, (s, _)| s.caller.user_id != user_id);
        }
    }
}

/// Failed sign-ins per client address, so that one address cannot try passwords across many
/// accounts (each account also locks by itself). Kept per process.
#[derive(Default)]
pub struct AddressLimiter {
    map: Mutex<HashMap<String, (u32, Instant)>>,
}

impl AddressLimiter {
    fn window() -> StdDuration {
        StdDuration::from_secs(ADDRESS_WINDOW_MINUTES * 60)
    }
    /// Whether the address has used up its failures in the current window.
    pub fn blocked(&self, ip: &str) -> bool {
        self.map.lock().is_ok_and(|m| {
            m.get(ip).is_some_and(|(n, since)| since.elapsed() < Self::window() && *n >= MAX_FAILURES_PER_ADDRESS)
        })
    }
    /// Counts one failure.
    pub fn fail(&self, ip: &str) {
        if let Ok(mut m) = self.map.lock() {
            if m.len() > 100_000 {
                m.retain(|_, (_, since)| since.elapsed() < Self::window());
            }
            let e = m.entry(ip.to_string()).or_insert((0, Instant::now()));
            if e.1.elapsed() >= Self::window() {
                *e = (0, Instant::now());
            }
            e.0 += 1;
        }
    }
}

fn cookie_token(parts: &Parts) -> Option<String> {
    parts.headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == COOKIE_NAME && !v.is_empty()).then(|| v.to_string())
    })
}

/// Resolves the caller's session from the cookie, or `None`.
pub async fn current_session(parts: &Parts, state: &AppState) -> Result<Option<Session>, ApiError> {
    let Some(token) = cookie_token(parts) else { return Ok(None) };
    let hash = token_hash(&token);
    if let Some(s) = state.sessions.get(&hash) {
        return Ok(Some(s));
    }
    let Some((row, user)) = state.app.store.live_session(&hash).await? else { return Ok(None) };
    let role = user.role;
    let s = Session {
        caller: Caller { user_id: user.id, role, body_id: user.body_id },
        csrf: row.csrf_token,
        username: user.username,
        display_name: user.display_name,
        officer_id: user.officer_id,
        token_hash: hash,
    };
    state.sessions.put(s.clone());
    Ok(Some(s))
}

/// A session whose request carries the right CSRF token in `X-CSRF-Token`: the extractor for
/// every API write, checked before the body is read.
pub struct WriteSession(pub Session);

impl FromRequestParts<AppState> for WriteSession {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let s = current_session(parts, state).await?.ok_or(ApiError::Unauthenticated)?;
        s.check_csrf(parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))?;
        Ok(WriteSession(s))
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        current_session(parts, state).await?.ok_or(ApiError::Unauthenticated)
    }
}

/// The result of a successful sign-in.
pub struct LoginResult {
    /// cookie value
    pub token: String,
    /// CSRF token
    pub csrf: String,
    /// the account
    pub user: zhifa_store::model::User,
}

/// Checks credentials with throttling: after [`MAX_FAILURES`] consecutive failures the account is
/// locked for [`LOCK_MINUTES`]. The message never says whether the name exists.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<LoginResult, ApiError> {
    let bad = || ApiError::Invalid(zhifa_core::Invalid::field("password", "用户名或密码错误"));
    let addr = ip.unwrap_or("-");
    if state.login_limiter.blocked(addr) {
        tracing::warn!(ip = addr, "sign-in refused: too many failures from this address");
        return Err(ApiError::Locked(format!("该地址登录失败次数过多，请{ADDRESS_WINDOW_MINUTES}分钟后再试")));
    }
    let Some(user) = state.app.store.user_by_username(username.trim()).await? else {
        state.login_limiter.fail(addr);
        // Spend the same time as a real check so that names cannot be probed by timing.
        let _ = verify_password(
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$3Ixv/0mLkPexPeF7PYc6XhQ0vpWqnDBSkUfKtJwNmKQ",
            password,
        );
        tracing::info!("sign-in refused: unknown account");
        return Err(bad());
    };
    if let Some(until) = user.locked_until
        && until > Utc::now()
    {
        return Err(ApiError::Locked(format!("登录失败次数过多，账号已锁定至 {}", zhifa_core::time::display(until))));
    }
    if !user.active || !verify_password(&user.password_hash, password) {
        state.login_limiter.fail(addr);
        let n = state.app.store.record_login_failure(user.id, MAX_FAILURES, Duration::minutes(LOCK_MINUTES)).await?;
        tracing::info!(user = user.id, failures = n, "sign-in refused: wrong password or inactive");
        return Err(bad());
    }
    state.app.store.record_login_success(user.id).await?;
    let token = random_token();
    let csrf = random_token();
    state.app.store.create_session(&token_hash(&token), user.id, &csrf, Duration::hours(SESSION_TTL_HOURS), ip).await?;
    tracing::info!(user = user.id, "signed in");
    Ok(LoginResult { token, csrf, user: user.into() })
}

/// Signs out: revokes the session everywhere.
pub async fn logout(state: &AppState, s: &Session) -> Result<(), ApiError> {
    state.app.store.revoke_session(&s.token_hash).await?;
    state.sessions.remove_hash(&s.token_hash);
    Ok(())
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_TTL_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that clears the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}
