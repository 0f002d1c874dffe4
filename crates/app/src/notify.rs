//! Notifications: when a record hands work over (a step recorded, a review event, a decision
//! to publish), the people it is handed to get an in-app notification, and the district's
//! outbound channel, if connected, a signed webhook. A follower reads the journal, like the
//! search index's: restartable (its position is stored), idempotent (one notification per
//! person and journal entry, one delivery per entry), and safe with several processes.
//!
//! The webhook is a JSON POST a 政务钉钉 / 企业微信 robot takes as it is (`msgtype` and
//! `text.content`) and an SMS gateway or any other receiver reads from the structured fields.
//! Each is signed: `X-Zhifa-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
//! with `X-Zhifa-Timestamp` (Unix seconds) and `X-Zhifa-Delivery` (the delivery's id); a
//! failed delivery is retried with back-off and every attempt is in the delivery log.

use crate::App;
use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zhifa_core::access::Scope;
use zhifa_core::case::handover::{self, Handover, Place};
use zhifa_store::notify::{Attempt, JournalEvent, NewNotification};

/// The follower's name in `follower_positions`.
const FOLLOWER: &str = "notifications";
/// Journal entries read in one round.
const BATCH: i64 = 500;
/// Attempts of a delivery before it is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed delivery is this process's to send.
const LEASE_SECONDS: i64 = 60;

/// The district's outbound channel.
#[derive(Clone)]
pub struct Webhook {
    /// where deliveries are POSTed
    pub url: String,
    /// the HMAC key
    pub secret: String,
    client: reqwest::Client,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Webhook {
    /// A channel to `url`, signed with `secret` (at least 16 characters).
    pub fn new(url: &str, secret: &str) -> Result<Self, String> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!("webhook 地址须以 http:// 或 https:// 开头：{url}"));
        }
        if secret.chars().count() < 16 {
            return Err("webhook 签名密钥（ZHIFA_WEBHOOK_SECRET）至少16个字符".into());
        }
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("webhook 客户端：{e}"))?;
        Ok(Webhook { url: url.to_string(), secret: secret.to_string(), client })
    }
}

/// The signature of a delivery: hex HMAC-SHA256 over `timestamp.body`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The wait before attempt `n + 1` after `n` failed ones: 1, 2, 4 … minutes, at most six hours;
/// none after [`MAX_ATTEMPTS`] (given up).
pub fn retry_after(failed: i32) -> Option<Duration> {
    if failed >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 1i64 << (failed - 1).clamp(0, 20);
    Some(Duration::minutes(minutes.min(360)))
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// journal entries read
    pub events: usize,
    /// notifications made
    pub notifications: u64,
    /// deliveries queued
    pub queued: u64,
}

impl App {
    /// One round of following: reads the journal after the follower's position and makes the
    /// notifications (and queued deliveries) of every hand-over since.
    pub async fn notify_catch_up(&self) -> AppResult<Round> {
        let _one = self.notify_lock.lock().await;
        let mut round = Round::default();
        loop {
            let after = self.store.follower_position(FOLLOWER).await?;
            let events = self.store.handover_events(after, BATCH).await?;
            let Some(last) = events.last().map(|e| e.seq) else { break };
            for e in &events {
                let (notes, payload) = self.handovers_of(e).await?;
                round.notifications += self.store.add_notifications(&notes).await?;
                if let (Some(payload), Some(_)) = (payload, &self.webhook) {
                    round.queued += self.store.enqueue_delivery(e.seq, "handover", &payload).await?;
                }
            }
            round.events += events.len();
            self.store.set_follower_position(FOLLOWER, last).await?;
            if events.len() < BATCH as usize {
                break;
            }
        }
        Ok(round)
    }

    /// The notifications of one journal entry, and the webhook body (none when it hands
    /// nothing over).
    async fn handovers_of(&self, e: &JournalEvent) -> AppResult<(Vec<NewNotification>, Option<String>)> {
        let none = Ok((Vec::new(), None));
        let Some(case_id) = e.case_id else { return none };
        let Some(case) = self.store.case(Scope::All, case_id).await? else { return none };
        let steps = self.store.case_steps(case_id).await?;
        let facts = case.facts()?;
        let handovers: Vec<Handover> = match e.kind.as_str() {
            "case.create" | "case.step" => {
                // What the case waited for right after this entry; nothing if it has moved on
                // since (the later entry hands over what is owed now).
                let upto = e.step_seq.unwrap_or(0);
                if steps.iter().any(|s| s.seq > upto) {
                    return none;
                }
                let history = steps.iter().map(|s| s.recorded()).collect::<Result<Vec<_>, _>>()?;
                handover::after_step(facts.kind, &history)
            }
            "publication.task" => handover::after_publication_task(e.publication_status.as_deref() == Some("pending")),
            _ => match &e.review_event {
                Some(ev) => handover::after_review(ev, e.review_outcome.as_deref()),
                None => Vec::new(),
            },
        };
        if handovers.is_empty() {
            return none;
        }
        let detail = format!("{}（{}）", case.number, case.party_names);
        let mut notes = Vec::new();
        let mut to = Vec::new();
        for h in &handovers {
            let href = match h.place {
                Place::Case => format!("/cases/{case_id}"),
                Place::Review => format!("/cases/{case_id}/review"),
                Place::Publication => format!("/publications/{}", e.object_id),
            };
            let mut names = Vec::new();
            for u in self.store.active_users_of(case.body_id, h.role).await? {
                if h.handlers_only && !u.officer_id.is_some_and(|o| facts.officer_ids.contains(&o)) {
                    continue;
                }
                // Who recorded it knows.
                if Some(u.id) == e.actor_user_id {
                    continue;
                }
                names.push(u.display_name.clone());
                notes.push(NewNotification {
                    user_id: u.id,
                    source_seq: e.seq,
                    body_id: Some(case.body_id),
                    case_id: Some(case_id),
                    title: h.title.clone(),
                    detail: detail.clone(),
                    href: href.clone(),
                    at: e.at,
                });
            }
            to.push(serde_json::json!({
                "role": h.role.code(), "role_label": h.role.label(), "names": names,
                "title": h.title, "link": format!("{}{href}", self.store.public_url()),
            }));
        }
        if notes.is_empty() {
            return Ok((notes, None));
        }
        let lines: Vec<String> = handovers
            .iter()
            .zip(&to)
            .map(|(h, t)| {
                let names =
                    t["names"].as_array().map(|a| a.iter().filter_map(|n| n.as_str()).collect::<Vec<_>>().join("、"));
                format!("{}：{}（{}）", h.role.label(), h.title, names.unwrap_or_default())
            })
            .collect();
        let body = self.store.get_body(case.body_id).await?.map(|b| b.name).unwrap_or_default();
        let text = format!("【行政执法】{body} {detail}\n{}", lines.join("\n"));
        let payload = serde_json::json!({
            "msgtype": "text",
            "text": { "content": text },
            "event": "handover",
            "journal_seq": e.seq,
            "at": e.at.to_rfc3339(),
            "body_id": case.body_id,
            "body": body,
            "case_id": case_id,
            "case_number": case.number,
            "to": to,
        });
        Ok((notes, Some(payload.to_string())))
    }

    /// Sends the deliveries due at `at` (claimed for this process), recording each attempt.
    /// Returns how many were delivered.
    pub async fn deliver_due(&self, at: DateTime<Utc>) -> AppResult<usize> {
        let Some(hook) = &self.webhook else { return Ok(0) };
        let due = self.store.claim_due_deliveries(at, at + Duration::seconds(LEASE_SECONDS), 100).await?;
        let mut delivered = 0;
        for d in due {
            let ts = Utc::now().timestamp();
            let sent = hook
                .client
                .post(&hook.url)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Zhifa-Event", &d.event)
                .header("X-Zhifa-Delivery", d.id.to_string())
                .header("X-Zhifa-Timestamp", ts.to_string())
                .header("X-Zhifa-Signature", format!("sha256={}", signature(&hook.secret, ts, &d.payload)))
                .body(d.payload.clone())
                .send()
                .await;
            let failed = d.attempts + 1;
            let attempt = match sent {
                Ok(r) if r.status().is_success() => {
                    delivered += 1;
                    Attempt::Delivered { status: i32::from(r.status().as_u16()) }
                }
                Ok(r) => Attempt::Failed {
                    status: Some(i32::from(r.status().as_u16())),
                    error: format!("接收方返回 {}", r.status()),
                    retry_at: retry_after(failed).map(|w| at + w),
                },
                Err(e) => Attempt::Failed {
                    status: None,
                    error: format!("无法送达：{e}"),
                    retry_at: retry_after(failed).map(|w| at + w),
                },
            };
            if let Attempt::Failed { error, retry_at, .. } = &attempt {
                tracing::warn!(delivery = d.id, attempts = failed, retry = ?retry_at, %error, "webhook delivery failed");
            }
            self.store.record_delivery_attempt(d.id, at, &attempt).await?;
        }
        Ok(delivered)
    }

    /// Follows the journal for notifications and sends the webhook's deliveries, a round every
    /// `interval`, until `stop`.
    pub async fn run_notifier(self, interval: std::time::Duration, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            match self.notify_catch_up().await {
                Ok(r) if r.notifications > 0 => tracing::debug!(?r, "notifications made"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "notifications: following the journal failed"),
            }
            if let Err(e) = self.deliver_due(Utc::now()).await {
                tracing::error!(error = %e, "webhook deliveries failed");
            }
            tokio::select! {
                _ = &mut stop => break,
                _ = tokio::time::sleep(interval) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_dot_body() {
        let a = signature("0123456789abcdef", 1_700_000_000, "{\"a\":1}");
        assert_eq!(a.len(), 64);
        assert_eq!(a, signature("0123456789abcdef", 1_700_000_000, "{\"a\":1}"));
        assert_ne!(a, signature("0123456789abcdef", 1_700_000_001, "{\"a\":1}"));
        assert_ne!(a, signature("0123456789abcdeF", 1_700_000_000, "{\"a\":1}"));
    }

    #[test]
    fn known_hmac_value() {
        // The published HMAC-SHA256 value of key "key" over "The quick brown fox jumps over the
        // lazy dog": the MAC used is the standard one.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"key").unwrap();
        mac.update(b"The quick brown fox jumps over the lazy dog");
        assert_eq!(
            hex::encode(mac.finalize().into_bytes()),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn retries_back_off_then_give_up() {
        assert_eq!(retry_after(1), Some(Duration::minutes(1)));
        assert_eq!(retry_after(2), Some(Duration::minutes(2)));
        assert_eq!(retry_after(4), Some(Duration::minutes(8)));
        assert_eq!(retry_after(MAX_ATTEMPTS), None);
    }
}
