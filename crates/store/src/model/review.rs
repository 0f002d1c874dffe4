//! Rows of review lists, signing keys, marks, submissions and review events.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// 法制审核事项清单: one version of a body's review item list.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ReviewList {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 版本
    pub version: i64,
    /// 事项 (JSON: [`zhifa_core::review::ListItem`])
    pub items: String,
    /// 生效日期
    pub effective_from: NaiveDate,
    /// 制定或修改理由
    pub reason: String,
    /// 账号
    pub created_by: Option<i64>,
    /// 时间
    pub created_at: DateTime<Utc>,
    /// 审核时限（工作日；空则为默认的5个工作日）; left out of the journaled form when unset,
    /// so rows written before the column existed hash as they did
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_days: Option<i64>,
}

impl ReviewList {
    /// The review time limit in working days.
    pub fn days(&self) -> u32 {
        self.review_days.and_then(|d| u32::try_from(d).ok()).unwrap_or(zhifa_core::case::rules::REVIEW_DEFAULT_DAYS)
    }
    /// The items.
    pub fn item_list(&self) -> crate::Result<Vec<zhifa_core::review::ListItem>> {
        serde_json::from_str(&self.items).map_err(|e| crate::StoreError::Corrupt(e.to_string()))
    }
}

/// 个人签名密钥: a user's public key; the wrapped seed and its salt are never serialised
/// (neither into the ledger nor into an API answer).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct SigningKey {
    /// id
    pub id: i64,
    /// 账号
    pub user_id: i64,
    /// 公钥（Ed25519，十六进制）
    pub public_key: String,
    /// the seed XOR the password-derived key
    #[serde(skip)]
    pub wrapped_seed: String,
    /// the salt of that derivation
    #[serde(skip)]
    pub salt: String,
    /// 时间
    pub created_at: DateTime<Utc>,
}

/// 审核范围标记: the marks of a case after one addition.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ReviewMark {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// every mark set so far (JSON: [`zhifa_core::review::Marks`])
    pub marks: String,
    /// 理由
    pub reason: String,
    /// 账号
    pub created_by: Option<i64>,
    /// 时间
    pub created_at: DateTime<Utc>,
}

/// 送审材料: one frozen version of the handling unit's submission.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ReviewSubmission {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 版本（从1起）
    pub version: i64,
    /// the submission (JSON: [`zhifa_core::review::SubmissionInput`] with the documents so far)
    pub content: String,
    /// content 的 SM3
    pub content_sm3: String,
    /// 送审账号
    pub submitted_by: Option<i64>,
    /// 送审人员
    pub submitted_officer_id: Option<i64>,
    /// 送审时间
    pub created_at: DateTime<Utc>,
}

/// 审核过程: an opinion, an objection, the negotiation's result or the head's ruling.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ReviewEvent {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 顺序号
    pub seq: i64,
    /// submitted / reviewed / objected / negotiated / ruled; referred / referral_received /
    /// referral_followed_up (涉嫌犯罪移送)
    pub event: String,
    /// 针对的送审版本
    pub version: i64,
    /// 审核结论 / 协商结果 (agreed/disagreed) / 负责人处理 (handling/review) / 移送结果
    pub outcome: Option<String>,
    /// what was said (JSON)
    pub content: String,
    /// content 的 SM3
    pub content_sm3: String,
    /// 账号
    pub actor_user_id: Option<i64>,
    /// 人员
    pub actor_officer_id: Option<i64>,
    /// 角色
    pub actor_role: String,
    /// 时间
    pub created_at: DateTime<Utc>,
    /// 签名密钥 (left out of the journaled form when unset, as rows written before signatures)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_key_id: Option<i64>,
    /// 签名 (Ed25519 over [`zhifa_ledger::personal::act_message`], hex)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// The one field of an opinion the review file's state needs (the whole opinion, or the light
/// form [`ReviewEvent::LIGHT_COLUMNS`] reads).
#[derive(serde::Deserialize)]
struct CrimeFlag {
    #[serde(default)]
    crime_suspected: bool,
}

impl ReviewEvent {
    /// The columns of a review event for reading many files' states: the content is replaced
    /// by the crime flag alone (an opinion's content is serialised compactly with this field,
    /// and a quote inside a text value is escaped, so the pattern only matches the field).
    pub const LIGHT_COLUMNS: &'static str = "id, case_id, body_id, seq, event, version, outcome, \
        CASE WHEN event = 'reviewed' AND content LIKE '%\"crime_suspected\":true%' THEN '{\"crime_suspected\":true}' ELSE '{}' END AS content, \
        content_sm3, actor_user_id, actor_officer_id, actor_role, created_at, signing_key_id, signature";

    /// The message its actor signed.
    pub fn signed_message(&self) -> Option<Vec<u8>> {
        let user = self.actor_user_id?;
        Some(zhifa_ledger::personal::act_message("review_events", self.case_id, self.seq, &self.content_sm3, user))
    }
    /// The event as the domain core folds it.
    pub fn core(&self) -> crate::Result<zhifa_core::review::Event> {
        use zhifa_core::review::{Event, Outcome, Side};
        let bad = || crate::StoreError::Corrupt(format!("审核记录{}无效", self.id));
        let outcome = self.outcome.as_deref().unwrap_or("");
        Ok(match self.event.as_str() {
            "submitted" => Event::Submitted { version: self.version },
            "reviewed" => Event::Reviewed {
                outcome: Outcome::parse(outcome).map_err(|_| bad())?,
                crime_suspected: serde_json::from_str::<CrimeFlag>(&self.content).map_err(|_| bad())?.crime_suspected,
            },
            "objected" => Event::Objected,
            "negotiated" => Event::Negotiated { agreed: outcome == "agreed" },
            "ruled" => Event::Ruled { side: Side::parse(outcome).map_err(|_| bad())? },
            "referred" => Event::Referred,
            "referral_received" => Event::ReferralReceived,
            "referral_followed_up" => Event::ReferralFollowedUp {
                result: zhifa_core::review::ReferralResult::parse(outcome).map_err(|_| bad())?,
            },
            _ => return Err(bad()),
        })
    }
}
