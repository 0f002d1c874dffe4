//! Rows of the justice bureau's supervision: the clues its warning rules raise, and the
//! district's thresholds, and 督办: the acts on clues, the supervision documents and the replies.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::supervision::Severity;
use zhifa_core::supervision::oversight::{ClueAct, NoticeKind, NoticeStatus};

/// 预警线索: what a rule found in the records. Never deleted: it closes when its condition
/// ends (`resolved`) or when its facts change and a new clue takes its place (`superseded`).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Clue {
    /// id
    pub id: i64,
    /// 规则 (W01 …)
    pub rule: String,
    /// 规则版本
    pub rule_version: i64,
    /// 对象 (`case:12`, `officer:5`)
    pub subject: String,
    /// 对象的哪一项（如某一期限、某一公示任务）
    pub finding: String,
    /// 执法主体
    pub body_id: i64,
    /// 案件
    pub case_id: Option<i64>,
    /// 执法人员
    pub officer_id: Option<i64>,
    /// 预警等级 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub severity: Severity,
    /// 发现的问题
    pub summary: String,
    /// 依据的事实 (JSON, keys sorted)
    pub inputs: String,
    /// SHA-256 of `inputs`
    pub inputs_hash: String,
    /// 发现时间
    pub raised_at: DateTime<Utc>,
    /// 关闭时间
    pub closed_at: Option<DateTime<Utc>>,
    /// 关闭原因: `resolved`（情形消除）/ `superseded`（事实变化，由新线索接续）
    pub close_reason: Option<String>,
    /// 接续的新线索
    pub superseded_by: Option<i64>,
}

/// 预警阈值设置: one row per change, the latest in force.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct WarningSettings {
    /// id
    pub id: i64,
    /// the thresholds (JSON of `zhifa_core::supervision::Thresholds`)
    pub thresholds: String,
    /// 调整理由
    pub reason: String,
    /// 设置账号
    pub set_by: Option<i64>,
    /// 设置时间
    pub set_at: DateTime<Utc>,
}

/// 监督文书: a 行政执法监督通知书, 监督意见书 or 纠正通知书 the justice bureau issued to a
/// body, with its number, reply deadline and text. `deadline` and `round` move on when the
/// bureau sends a reply back; the text stays as issued.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct SupervisionNotice {
    /// id
    pub id: i64,
    /// 文书种类 code (`notice`, `opinion`, `correction`)
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: NoticeKind,
    /// 文号
    pub number: String,
    /// 年度
    pub year: i64,
    /// 序号
    pub seq: i64,
    /// 制发机关（司法局）
    pub issuer_body_id: i64,
    /// 被监督的执法主体
    pub body_id: i64,
    /// 依据的预警线索
    pub clue_id: Option<i64>,
    /// 涉及的案件
    pub case_id: Option<i64>,
    /// 事由
    pub subject: String,
    /// 发现的问题
    pub facts: String,
    /// 依据
    pub basis: String,
    /// 监督意见或纠正要求
    pub requirement: String,
    /// 回复期限（工作日）
    pub reply_days: i64,
    /// 回复截止日
    pub deadline: NaiveDate,
    /// 第几轮回复（退回重办后加一）
    pub round: i64,
    /// 文书正文 (layout markup)
    pub content: String,
    /// SHA-256 of `content`
    pub content_sha256: String,
    /// 督办状态 code (`issued`, `replied`, `closed`)
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: NoticeStatus,
    /// 制发账号
    pub issued_by: Option<i64>,
    /// 制发时间
    pub issued_at: DateTime<Utc>,
    /// 办结时间
    pub closed_at: Option<DateTime<Utc>>,
}

/// 线索处置记录: one act of the justice bureau on a clue.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ClueAction {
    /// id
    pub id: i64,
    /// 线索
    pub clue_id: i64,
    /// 处置行为 code (`route`, `dismiss`, `notice`)
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub act: ClueAct,
    /// 处置方式 code (`general`, `simple`, `warning`) of a routing
    pub route: Option<String>,
    /// 处置意见或不予处理的理由
    pub note: Option<String>,
    /// 制发的监督文书
    pub notice_id: Option<i64>,
    /// 处置账号
    pub acted_by: Option<i64>,
    /// 处置时间
    pub acted_at: DateTime<Utc>,
}

/// 督办回复: what a body reported, and the bureau's verdict on it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct NoticeReply {
    /// id
    pub id: i64,
    /// 监督文书
    pub notice_id: i64,
    /// 第几轮
    pub round: i64,
    /// 办理情况
    pub text: String,
    /// 证明材料（证据 id 的 JSON 数组）
    pub evidence_ids: String,
    /// 相关文书（文书 id 的 JSON 数组）
    pub document_ids: String,
    /// 是否逾期回复
    pub late: bool,
    /// 回复账号
    pub replied_by: Option<i64>,
    /// 回复时间
    pub replied_at: DateTime<Utc>,
    /// 审查结论: `accepted`（办结）/ `returned`（退回重办）
    pub verdict: Option<String>,
    /// 审查意见
    pub verdict_note: Option<String>,
    /// 审查账号
    pub verdict_by: Option<i64>,
    /// 审查时间
    pub verdict_at: Option<DateTime<Utc>>,
}
