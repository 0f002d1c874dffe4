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
use zhifa_app::accounts::{MAX_WAIT_MINUTES, PAIR_FAILURES, SIGN_IN_REFUSED, backoff, verify_password};
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
    /// the password was set by an administrator: nothing but its change until it is changed
    pub must_change_password: bool,
    token_hash: String,
}

/// What an account whose password an administrator set may still reach: its own password
/// change, who it is, and signing out.
const BEFORE_PASSWORD_CHANGE: &[&str] =
    &["/api/v1/session/password", "/api/v1/session", "/api/v1/me", "/account/password", "/logout"];

/// Refuses everything but the password change to an account that must change its password.
pub fn require_password_changed(s: &Session, path: &str) -> Result<(), ApiError> {
    if s.must_change_password && !BEFORE_PASSWORD_CHANGE.contains(&path) {
        return Err(ApiError::PasswordChange);
    }
    Ok(())
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
    /// The token hash of this session (to keep it when the others of the account end).
    pub fn token_hash(&self) -> &str {
        &self.token_hash
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

/// Submissions of the public forms (a complaint, a request for 复查 or 复核) per client
/// address: at most [`FormLimiter::PER_HOUR`] an hour, so that nobody can flood the bureau's
/// queue from one address. Kept per process, like [`AddressLimiter`].
#[derive(Default)]
pub struct FormLimiter {
    map: Mutex<HashMap<String, Vec<Instant>>>,
}

impl FormLimiter {
    /// Submissions one address may make in an hour.
    pub const PER_HOUR: usize = 10;

    /// Counts a submission from `ip`; `false` when the address has used up its hour.
    pub fn take(&self, ip: &str) -> bool {
        let Ok(mut m) = self.map.lock() else { return false };
        let hour = StdDuration::from_secs(3600);
        if m.len() > 10_000 {
            m.retain(|_, v| v.iter().any(|t| t.elapsed() < hour));
        }
        let times = m.entry(ip.to_string()).or_default();
        times.retain(|t| t.elapsed() < hour);
        if times.len() >= Self::PER_HOUR {
            return false;
        }
        times.push(Instant::now());
        true
    }
}

/// Failed sign-ins per client address, and per address and account name, so that one address
/// can neither try passwords across many accounts nor keep guessing one account — without
/// locking the account for its owner elsewhere (the account itself waits only after failures
/// from several addresses). Kept per process.
#[derive(Default)]
pub struct AddressLimiter {
    map: Mutex<HashMap<String, (u32, Instant)>>,
    pairs: Mutex<HashMap<(String, String), (u32, Instant)>>,
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
    /// Whether this address must still wait before trying this account again: after
    /// [`PAIR_FAILURES`] failures, a wait from the last one that doubles with each further one.
    pub fn pair_blocked(&self, ip: &str, name: &str) -> bool {
        self.pairs.lock().is_ok_and(|m| {
            m.get(&(ip.to_string(), name.to_lowercase())).is_some_and(|(n, last)| {
                backoff(i64::from(*n), i64::from(PAIR_FAILURES))
                    .and_then(|d| d.to_std().ok())
                    .is_some_and(|wait| last.elapsed() < wait)
            })
        })
    }
    /// Counts one failure of the address on an account name (whether or not it exists).
    pub fn fail(&self, ip: &str, name: &str) {
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
        if let Ok(mut m) = self.pairs.lock() {
            let forget = StdDuration::from_secs(MAX_WAIT_MINUTES as u64 * 60 * 2);
            if m.len() > 100_000 {
                m.retain(|_, (_, last)| last.elapsed() < forget);
            }
            let e = m.entry((ip.to_string(), name.to_lowercase())).or_insert((0, Instant::now()));
            if e.1.elapsed() >= forget {
                e.0 = 0;
            }
            *e = (e.0 + 1, Instant::now());
        }
    }
    /// What a refused sign-in tells about this address's remaining tries on this account name:
    /// counted the same whether the name exists or not, so that it tells nothing about names.
    pub fn pair_warning(&self, ip: &str, name: &str) -> String {
        let n = self
            .pairs
            .lock()
            .ok()
            .and_then(|m| m.get(&(ip.to_string(), name.to_lowercase())).map(|(n, _)| *n))
            .unwrap_or(0);
        if n < PAIR_FAILURES {
            format!("本机对该用户名再输错{}次，须等待后才能再试", PAIR_FAILURES - n)
        } else {
            let wait = backoff(i64::from(n), i64::from(PAIR_FAILURES)).map_or(1, |d| d.num_minutes());
            format!("本机须等待{wait}分钟后才能再试该用户名")
        }
    }
    /// Forgets the failures of an address on an account after a successful sign-in.
    pub fn succeed(&self, ip: &str, name: &str) {
        if let Ok(mut m) = self.pairs.lock() {
            m.remove(&(ip.to_string(), name.to_lowercase()));
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
        must_change_password: user.must_change_password,
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
        require_password_changed(&s, parts.uri.path())?;
        Ok(WriteSession(s))
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let s = current_session(parts, state).await?.ok_or(ApiError::Unauthenticated)?;
        require_password_changed(&s, parts.uri.path())?;
        Ok(s)
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

/// Checks credentials with throttling: first per address (across accounts, and per account
/// name with a growing wait), then per account with a back-off once failures come from several
/// addresses. Every refusal but the address's own limit answers the same words, so that no
/// answer tells whether a name exists, is inactive or waits.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<LoginResult, ApiError> {
    let addr = ip.unwrap_or("-");
    let name = username.trim();
    let refused = || {
        let warning = state.login_limiter.pair_warning(addr, name);
        ApiError::Invalid(zhifa_core::Invalid::field("password", format!("{SIGN_IN_REFUSED}；{warning}")))
    };
    // Spends the time of a real check, so that names cannot be probed by timing either.
    let spend = || {
        let _ = verify_password(
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$3Ixv/0mLkPexPeF7PYc6XhQ0vpWqnDBSkUfKtJwNmKQ",
            password,
        );
    };
    if state.login_limiter.blocked(addr) {
        tracing::warn!(ip = addr, "sign-in refused: too many failures from this address");
        return Err(ApiError::Locked(format!("该地址登录失败次数过多，请{ADDRESS_WINDOW_MINUTES}分钟后再试")));
    }
    if state.login_limiter.pair_blocked(addr, name) {
        state.login_limiter.fail(addr, name);
        spend();
        tracing::info!(ip = addr, "sign-in refused: this address waits for this account");
        return Err(refused());
    }
    let Some(user) = state.app.store.user_by_username(name).await? else {
        state.login_limiter.fail(addr, name);
        spend();
        tracing::info!("sign-in refused: unknown account");
        return Err(refused());
    };
    if user.locked_until.is_some_and(|until| until > Utc::now()) {
        state.login_limiter.fail(addr, name);
        spend();
        tracing::info!(user = user.id, "sign-in refused: the account waits");
        return Err(refused());
    }
    if !user.active || !verify_password(&user.password_hash, password) {
        state.login_limiter.fail(addr, name);
        let n = zhifa_app::accounts::count_failure(&state.app.store, user.id).await?;
        tracing::info!(user = user.id, failures = n, "sign-in refused: wrong password or inactive");
        return Err(refused());
    }
    state.login_limiter.succeed(addr, name);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_guessing_one_account_waits_but_the_owner_elsewhere_does_not() {
        let l = AddressLimiter::default();
        for _ in 0..PAIR_FAILURES {
            assert!(!l.pair_blocked("10.0.0.66", "sthj.zf01"));
            l.fail("10.0.0.66", "sthj.zf01");
        }
        assert!(l.pair_blocked("10.0.0.66", "sthj.zf01"), "the guessing address waits");
        assert!(l.pair_blocked("10.0.0.66", "STHJ.ZF01"), "whatever the case of the name");
        assert!(!l.pair_blocked("10.0.0.7", "sthj.zf01"), "the owner's own address does not");
        assert!(!l.pair_blocked("10.0.0.66", "scjg.zf01"), "nor another account from it");
        assert!(!l.blocked("10.0.0.66"), "the address itself is not yet out of tries");
        // Across many accounts, the address runs out of tries.
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            l.fail("10.0.0.66", &format!("user{i}"));
        }
        assert!(l.blocked("10.0.0.66") && !l.blocked("10.0.0.7"));
        l.succeed("10.0.0.66", "sthj.zf01");
        assert!(!l.pair_blocked("10.0.0.66", "sthj.zf01"));
    }
}
