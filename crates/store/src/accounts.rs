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
        let rows: Vec<UserRow> = self
            .fetch_all(query("SELECT * FROM users WHERE ($1 IS NULL OR body_id = $1) ORDER BY id").bind(scope.body()))
            .await?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    /// Counts a failed sign-in; after `max_failures` consecutive failures the account is locked
    /// for `lock_for`. Returns the new failure count.
    pub async fn record_login_failure(&self, user_id: i64, max_failures: i32, lock_for: Duration) -> Result<i32> {
        let until = now() + lock_for;
        self.scalar(query("UPDATE users SET failed_logins = failed_logins + 1, \
             locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END WHERE id = $1 RETURNING failed_logins").bind(user_id).bind(max_failures).bind(until)).await
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
