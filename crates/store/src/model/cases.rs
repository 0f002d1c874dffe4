//! Rows of cases, their steps and imported holiday schedules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::case::{CaseKind, CaseSource, Stage, StepKind};

/// 执法案件: what the case is and the state its steps have led to.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Case {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案件编号
    pub number: String,
    /// 案件类型 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: CaseKind,
    /// 权责清单事项（版本行）
    pub power_item_id: i64,
    /// 事项编码
    pub power_item_code: String,
    /// 事项名称
    pub power_item_name: String,
    /// 案件来源 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub source: CaseSource,
    /// 执法领域
    pub domain: String,
    /// 案情摘要
    pub facts: String,
    /// 当事人 (JSON array)
    pub parties: String,
    /// 当事人名称（检索用）
    pub party_names: String,
    /// 承办执法人员 (JSON array of ids)
    pub officer_ids: String,
    /// 违法行为发生日期
    pub act_date: Option<NaiveDate>,
    /// 连续或继续状态终了日期
    pub act_ended: Option<NaiveDate>,
    /// 发现日期
    pub discovered_on: Option<NaiveDate>,
    /// 涉及生命健康安全、金融安全且有危害后果
    pub serious_harm: bool,
    /// 须集体讨论
    pub complex: bool,
    /// 案件阶段 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub stage: Stage,
    /// 是否中止
    pub suspended: bool,
    /// 立案日期
    pub filed_on: Option<NaiveDate>,
    /// 最近的未到期限
    pub next_due: Option<NaiveDate>,
    /// 该期限的事项
    pub next_due_what: Option<String>,
    /// 已记录的环节数
    pub step_count: i64,
    /// 登记账号
    pub created_by: Option<i64>,
    /// 登记时间
    pub created_at: DateTime<Utc>,
    /// 更新时间
    pub updated_at: DateTime<Utc>,
    /// 适用的事项版本及理由（《行政处罚法》第三十七条；登记时确定）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_basis: Option<String>,
}

/// 办案环节记录: one step of a case, in order.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct CaseStep {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 本案第几个环节
    pub seq: i64,
    /// 环节 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: StepKind,
    /// 发生时间
    pub occurred_at: DateTime<Utc>,
    /// 记录内容 (JSON)
    pub data: String,
    /// 此后的案件阶段 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub stage_after: Stage,
    /// 记录账号
    pub recorded_by: Option<i64>,
    /// 记录时间
    pub recorded_at: DateTime<Utc>,
    /// 签名密钥（决定由作出决定的负责人签名）; left out of the journaled form when unset
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_key_id: Option<i64>,
    /// 签名
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl CaseStep {
    /// The message its recorder signed (decisions).
    pub fn signed_message(&self) -> Option<Vec<u8>> {
        let user = self.recorded_by?;
        let sm3 = crate::documents::sm3_hex(self.data.as_bytes());
        Some(zhifa_ledger::personal::act_message("case_steps", self.case_id, self.seq, &sm3, user))
    }
}

/// An imported year of the holiday schedule.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct HolidayYear {
    /// id
    pub id: i64,
    /// 年份
    pub year: i64,
    /// the schedule file as imported (JSON)
    pub schedule: String,
    /// 依据（国务院办公厅通知文号）
    pub source: String,
    /// 导入账号
    pub imported_by: Option<i64>,
    /// 导入时间
    pub imported_at: DateTime<Utc>,
}
