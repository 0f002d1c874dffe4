//! Rows of the justice bureau's supervision: the clues its warning rules raise, and the
//! district's thresholds.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::supervision::Severity;

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
