//! Accounts' sign-in state: login throttling and sessions. Account creation and deactivation are
//! commands (journaled); sessions and failure counters are operational state, not journaled.

use crate::db::now;
use crate::db::query::query;
use crate::journal::Write;
use crate::model::AccessEntry;
use crate::model::{User, UserRow};
use crate::write::Outcome;
use crate::{Result, Store};
use chrono::{DateTime, Duration, Utc};
use zhifa_core::access::Scope;

/// A live session with its user.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    /// SHA-256 of the cookie token
    pub token_hash: String,
    /// user
    pub user_id: i64,
    /// CSRF token for forms and API writes
    pub csrf_token: String,
    /// created
    pub created_at: DateTime<Utc>,
    /// expires
    pub expires_at: DateTime<Utc>,
    /// revoked
    pub revoked_at: Option<DateTime<Utc>>,
    /// client address at sign-in
    pub ip: Option<String>,
}

impl Store {
    /// A user by login name.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRow>> {
        self.fetch_optional(query("SELECT * FROM users WHERE username = $1").bind(username)).await
    }

    /// A user by id.
    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRow>> {
        self.fetch_optional(query("SELECT * FROM users WHERE id = $1").bind(id)).await
    }

    /// Users within `scope`.
    pub async fn list_users(&self, scope: Scope) -> Result<Vec<User>> {
        Ok(self.user_rows(scope).await?.into_iter().map(User::from).collect())
    }

    /// Users within `scope` with their sign-in state (for the administrators' list).
    pub async fn user_rows(&self, scope: Scope) -> Result<Vec<UserRow>> {
        self.fetch_all(query("SELECT * FROM users WHERE ($1 IS NULL OR body_id = $1) ORDER BY id").bind(scope.body()))
            .await
    }

    /// Counts a failed sign-in; `lock_for(n)` says how long the account waits after its `n`th
    /// consecutive failure (none below the threshold, then a back-off that grows). Returns the
    /// new failure count.
    pub async fn record_login_failure(&self, user_id: i64, lock_for: impl Fn(i32) -> Option<Duration>) -> Result<i32> {
        let n: i32 = self
            .scalar(
                query("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins")
                    .bind(user_id),
            )
            .await?;
        if let Some(wait) = lock_for(n) {
            self.execute_pool(
                query("UPDATE users SET locked_until = $1 WHERE id = $2").bind(now() + wait).bind(user_id),
            )
            .await?;
        }
        Ok(n)
    }

    /// Ends every session of an account but one (the holder's own, after changing the password).
    pub async fn revoke_other_sessions(&self, user_id: i64, keep_token_hash: &str) -> Result<u64> {
        self.execute_pool(
            query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND token_hash <> $3 AND revoked_at IS NULL")
                .bind(now())
                .bind(user_id)
                .bind(keep_token_hash),
        )
        .await
    }

    /// Clears the failure counter after a successful sign-in.
    pub async fn record_login_success(&self, user_id: i64) -> Result<()> {
        {
            self.execute_pool(
                query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1").bind(user_id),
            )
            .await?;
        };
        Ok(())
    }

    /// Stores a new session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        ttl: Duration,
        ip: Option<&str>,
    ) -> Result<()> {
        let t = now();
        {
            self.execute_pool(query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) VALUES ($1,$2,$3,$4,$5,$6)").bind(token_hash).bind(user_id).bind(csrf).bind(t).bind(t + ttl).bind(ip)).await?;
        };
        Ok(())
    }

    /// A live session (not revoked, not expired, its user active) with its user.
    pub async fn live_session(&self, token_hash: &str) -> Result<Option<(SessionRow, UserRow)>> {
        let s: Option<SessionRow> = self
            .fetch_optional(
                query("SELECT * FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2")
                    .bind(token_hash)
                    .bind(now()),
            )
            .await?;
        let Some(s) = s else { return Ok(None) };
        match self.user_by_id(s.user_id).await? {
            Some(u) if u.active => Ok(Some((s, u))),
            _ => Ok(None),
        }
    }

    /// Revokes one session (sign-out).
    pub async fn revoke_session(&self, token_hash: &str) -> Result<()> {
        {
            self.execute_pool(
                query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
                    .bind(now())
                    .bind(token_hash),
            )
            .await?;
        };
        Ok(())
    }

    /// The live sessions of a user, newest first.
    pub async fn live_sessions(&self, user_id: i64) -> Result<Vec<SessionRow>> {
        self.fetch_all(
            query("SELECT * FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC")
                .bind(user_id)
                .bind(now()),
        )
        .await
    }

    /// Revokes every session of a user; returns how many were live.
    pub async fn revoke_user_sessions(&self, user_id: i64) -> Result<u64> {
        self.execute_pool(
            query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(now())
                .bind(user_id),
        )
        .await
    }
}

pub(crate) async fn record_access(
    w: &mut Write<'_, '_>,
    object_table: String,
    object_id: i64,
    body_id: Option<i64>,
    ip: Option<String>,
    purpose: Option<String>,
) -> Result<Outcome> {
    let row: AccessEntry = w.tx.fetch_one(query("INSERT INTO access_log (at, user_id, ip, object_table, object_id, body_id, purpose) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *").bind(now()).bind(w.actor.user_id).bind(&ip).bind(&object_table).bind(object_id).bind(body_id).bind(&purpose)).await?;
    let id = row.id;
    let seq = w.record_new(body_id, "access.view", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// A signing key wrapped again under a new password (the seed itself never changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrap {
    /// the key (row of `signing_keys`)
    pub key_id: i64,
    /// the seed wrapped under the new password, as stored
    pub wrapped_seed: String,
    /// the salt of the new password derivation, hex
    pub salt: String,
}

/// 设置密码: the holder's change, with their signing key re-wrapped, or an administrator's
/// reset, which the holder must change at the next sign-in and which ends every session.
pub(crate) async fn set_password(
    w: &mut Write<'_, '_>,
    user_id: i64,
    password_hash: String,
    reset: bool,
    rewrap: Option<Rewrap>,
) -> Result<Outcome> {
    let row: UserRow =
        w.tx.fetch_optional(query("SELECT * FROM users WHERE id = $1").bind(user_id))
            .await?
            .ok_or(crate::StoreError::NotFound("账号"))?;
    let own = w.actor.user_id == Some(user_id);
    if reset {
        // An administrator resets another's password, within their scope.
        if own {
            return Err(zhifa_core::Invalid::field("user_id", "不能重置自己的密码，请用“修改密码”").into());
        }
        match row.body_id {
            Some(b) => w.actor.in_scope(b, "账号")?,
            None => w.actor.district_wide("账号")?,
        }
    } else if !own {
        // Only the holder changes a password without a reset.
        return Err(crate::StoreError::NotFound("账号"));
    }
    w.tx.execute(
        query("UPDATE users SET password_hash = $1, must_change_password = $2, failed_logins = 0, locked_until = NULL WHERE id = $3")
            .bind(&password_hash)
            .bind(reset)
            .bind(user_id),
    )
    .await?;
    if let Some(k) = &rewrap {
        let n =
            w.tx.execute(
                query("UPDATE signing_keys SET wrapped_seed = $1, salt = $2 WHERE id = $3 AND user_id = $4")
                    .bind(&k.wrapped_seed)
                    .bind(&k.salt)
                    .bind(k.key_id)
                    .bind(user_id),
            )
            .await?;
        if n != 1 {
            return Err(crate::StoreError::Conflict("签名密钥已变更，请重试".into()));
        }
    }
    if reset {
        w.tx.execute(
            query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(now())
                .bind(user_id),
        )
        .await?;
    }
    let row: UserRow = w.tx.fetch_one(query("SELECT * FROM users WHERE id = $1").bind(user_id)).await?;
    let kind = if reset { "user.password_reset" } else { "user.password" };
    let seq = w.record(row.body_id, kind, &row).await?;
    Ok(Outcome::new(user_id, seq))
}
