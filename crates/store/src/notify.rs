//! Hand-overs come to the person: the journal entries that hand work over, the in-app
//! notifications and the webhook's delivery log made from them, and how far the follower that
//! makes them has read. All of it is derived from the journal and operational: not journaled,
//! made again from the journal if lost, and written idempotently (a unique key per journal
//! entry), so that several server processes may follow at once.

use crate::db::now;
use crate::db::query::query;
use crate::model::UserRow;
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::Role;

/// A journal entry that may hand work over, with the case it concerns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JournalEvent {
    /// journal sequence number
    pub seq: i64,
    /// when it was written
    pub at: DateTime<Utc>,
    /// who wrote it
    pub actor_user_id: Option<i64>,
    /// `case.create`, `case.step`, `review.<event>`, `publication.task`
    pub kind: String,
    /// the row written
    pub object_id: i64,
    /// the case
    pub case_id: Option<i64>,
    /// for a step: its number in the case
    pub step_seq: Option<i64>,
    /// for a review event: the event and its outcome
    pub review_event: Option<String>,
    /// outcome of the review event
    pub review_outcome: Option<String>,
    /// for a publication: its status now
    pub publication_status: Option<String>,
}

/// One in-app notification.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct Notification {
    /// id
    pub id: i64,
    /// to whom
    pub user_id: i64,
    /// the journal entry that handed the work over
    pub source_seq: i64,
    /// body
    pub body_id: Option<i64>,
    /// case
    pub case_id: Option<i64>,
    /// what waits
    pub title: String,
    /// the case number and parties
    pub detail: String,
    /// where it is done
    pub href: String,
    /// when it was handed over
    pub created_at: DateTime<Utc>,
    /// when its holder saw it
    pub read_at: Option<DateTime<Utc>>,
}

/// A notification to make.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// to whom
    pub user_id: i64,
    /// the journal entry
    pub source_seq: i64,
    /// body
    pub body_id: Option<i64>,
    /// case
    pub case_id: Option<i64>,
    /// what waits
    pub title: String,
    /// the case number and parties
    pub detail: String,
    /// where it is done
    pub href: String,
    /// when it was handed over
    pub at: DateTime<Utc>,
}

/// One webhook delivery and its attempts.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub struct Delivery {
    /// id
    pub id: i64,
    /// the journal entry
    pub source_seq: i64,
    /// event name
    pub event: String,
    /// the JSON body sent
    pub payload: String,
    /// pending / delivered / failed
    pub status: String,
    /// attempts made
    pub attempts: i32,
    /// the next attempt (pending only)
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// the last attempt
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// the receiver's last HTTP status
    pub last_status: Option<i32>,
    /// the last failure
    pub last_error: Option<String>,
    /// when the receiver took it
    pub delivered_at: Option<DateTime<Utc>>,
    /// made
    pub created_at: DateTime<Utc>,
}

/// What one attempt came to.
#[derive(Debug, Clone)]
pub enum Attempt {
    /// the receiver answered 2xx
    Delivered {
        /// status
        status: i32,
    },
    /// refused or unreachable; `retry_at` none: given up
    Failed {
        /// status, if the receiver answered
        status: Option<i32>,
        /// what went wrong
        error: String,
        /// the next attempt
        retry_at: Option<DateTime<Utc>>,
    },
}

/// An instant at microsecond precision (what both backends store exactly, so that a value read
/// back compares equal).
fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

impl Store {
    /// How far the follower `name` has read the journal (0: from the start).
    pub async fn follower_position(&self, name: &str) -> Result<i64> {
        Ok(self
            .scalar_optional::<i64>(query("SELECT seq FROM follower_positions WHERE name = $1").bind(name))
            .await?
            .unwrap_or(0))
    }

    /// Moves the follower `name` on to `seq` (never back: another process may be ahead).
    pub async fn set_follower_position(&self, name: &str, seq: i64) -> Result<()> {
        self.execute_pool(
            query(
                "INSERT INTO follower_positions (name, seq) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET seq = excluded.seq WHERE follower_positions.seq < excluded.seq",
            )
            .bind(name)
            .bind(seq),
        )
        .await?;
        Ok(())
    }

    /// The journal entries after `after` that may hand work over, in order, at most `limit`.
    pub async fn handover_events(&self, after: i64, limit: i64) -> Result<Vec<JournalEvent>> {
        self.fetch_all(
            query(
                "SELECT l.seq, l.at, l.actor_user_id, l.kind, l.object_id, \
                   CASE l.object_table WHEN 'cases' THEN l.object_id WHEN 'case_steps' THEN s.case_id \
                     WHEN 'review_events' THEN r.case_id WHEN 'publications' THEN p.case_id END AS case_id, \
                   s.seq AS step_seq, r.event AS review_event, r.outcome AS review_outcome, p.status AS publication_status \
                 FROM change_log l \
                 LEFT JOIN case_steps s ON l.object_table = 'case_steps' AND s.id = l.object_id \
                 LEFT JOIN review_events r ON l.object_table = 'review_events' AND r.id = l.object_id \
                 LEFT JOIN publications p ON l.object_table = 'publications' AND p.id = l.object_id \
                 WHERE l.seq > $1 AND (l.kind IN ('case.create', 'case.step', 'publication.task') \
                   OR l.object_table = 'review_events') \
                 ORDER BY l.seq LIMIT $2",
            )
            .bind(after)
            .bind(limit.clamp(1, 10_000)),
        )
        .await
    }

    /// The active accounts of `role` in `body`.
    pub async fn active_users_of(&self, body_id: i64, role: Role) -> Result<Vec<UserRow>> {
        self.fetch_all(
            query("SELECT * FROM users WHERE body_id = $1 AND role = $2 AND active = TRUE ORDER BY id")
                .bind(body_id)
                .bind(role.code()),
        )
        .await
    }

    /// Stores notifications, each once (a notification already made from the same journal
    /// entry for the same person is left as it is). Returns how many are new.
    pub async fn add_notifications(&self, items: &[NewNotification]) -> Result<u64> {
        let mut n = 0;
        for i in items {
            n += self
                .execute_pool(
                    query(
                        "INSERT INTO notifications (user_id, source_seq, body_id, case_id, title, detail, href, created_at) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (user_id, source_seq) DO NOTHING",
                    )
                    .bind(i.user_id)
                    .bind(i.source_seq)
                    .bind(i.body_id)
                    .bind(i.case_id)
                    .bind(&i.title)
                    .bind(&i.detail)
                    .bind(&i.href)
                    .bind(i.at),
                )
                .await?;
        }
        Ok(n)
    }

    /// A person's notifications, newest first.
    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<Notification>> {
        self.fetch_all(
            query("SELECT * FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
                .bind(user_id)
                .bind(limit.clamp(1, 500)),
        )
        .await
    }

    /// How many of a person's notifications are unread.
    pub async fn unread_notifications(&self, user_id: i64) -> Result<i64> {
        self.scalar(query("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL").bind(user_id))
            .await
    }

    /// Marks a person's notifications up to `upto` (an id) read; all of them without it.
    pub async fn mark_notifications_read(&self, user_id: i64, upto: Option<i64>) -> Result<u64> {
        self.execute_pool(
            query(
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id <= $3)",
            )
            .bind(now())
            .bind(user_id)
            .bind(upto),
        )
        .await
    }

    /// Queues the webhook delivery of a journal entry, once.
    pub async fn enqueue_delivery(&self, source_seq: i64, event: &str, payload: &str) -> Result<u64> {
        let t = now();
        self.execute_pool(
            query(
                "INSERT INTO webhook_deliveries (source_seq, event, payload, status, attempts, next_attempt_at, created_at) \
                 VALUES ($1,$2,$3,'pending',0,$4,$4) ON CONFLICT (source_seq) DO NOTHING",
            )
            .bind(source_seq)
            .bind(event)
            .bind(payload)
            .bind(t),
        )
        .await
    }

    /// Takes the deliveries due at `at` for this process: each is claimed (its next attempt
    /// moved to `lease_until`) so that no other process sends it meanwhile.
    pub async fn claim_due_deliveries(
        &self,
        at: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Delivery>> {
        let due: Vec<Delivery> = self
            .fetch_all(
                query(
                    "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
                )
                .bind(micros(at))
                .bind(limit.clamp(1, 1000)),
            )
            .await?;
        let mut mine = Vec::new();
        for d in due {
            let n = self
                .execute_pool(
                    query(
                        "UPDATE webhook_deliveries SET next_attempt_at = $1 \
                         WHERE id = $2 AND status = 'pending' AND next_attempt_at = $3",
                    )
                    .bind(micros(lease_until))
                    .bind(d.id)
                    .bind(d.next_attempt_at),
                )
                .await?;
            if n == 1 {
                mine.push(d);
            }
        }
        Ok(mine)
    }

    /// Records an attempt of a delivery.
    pub async fn record_delivery_attempt(&self, id: i64, at: DateTime<Utc>, attempt: &Attempt) -> Result<()> {
        let q = match attempt {
            Attempt::Delivered { status } => query(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $1, \
                 delivered_at = $1, last_status = $2, last_error = NULL, next_attempt_at = NULL WHERE id = $3",
            )
            .bind(micros(at))
            .bind(*status)
            .bind(id),
            Attempt::Failed { status, error, retry_at } => query(
                "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_attempt_at = $2, \
                 last_status = $3, last_error = $4, next_attempt_at = $5 WHERE id = $6",
            )
            .bind(if retry_at.is_some() { "pending" } else { "failed" })
            .bind(micros(at))
            .bind(*status)
            .bind(error)
            .bind(retry_at.map(micros))
            .bind(id),
        };
        self.execute_pool(q).await?;
        Ok(())
    }

    /// The delivery log, newest first.
    pub async fn deliveries(&self, limit: i64) -> Result<Vec<Delivery>> {
        self.fetch_all(query("SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT $1").bind(limit.clamp(1, 1000)))
            .await
    }
}
