//! Rows of publication tasks.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::publicity::{Category, PublicationStatus};

/// 公示任务与公示信息: a decision's publication, from its task to its withdrawal.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Publication {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案件
    pub case_id: i64,
    /// 决定环节
    pub step_id: i64,
    /// licensing / penalty / other
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub category: Category,
    /// 决定日期
    pub decided_on: NaiveDate,
    /// 公开期限（节假日安排未导入时为空，读取时计算）
    pub due_on: Option<NaiveDate>,
    /// 仅通报批评或较低数额罚款（公示三个月）
    pub light: bool,
    /// pending / excluded / published / withdrawn
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: PublicationStatus,
    /// 不予公开的依据
    pub excluded_rule: Option<String>,
    /// 不予公开的理由
    pub excluded_reason: Option<String>,
    /// 文号
    pub doc_number: Option<String>,
    /// 当事人（已去标识化）
    pub party: Option<String>,
    /// 违法行为类型或事项
    pub subject: Option<String>,
    /// 法律依据
    pub legal_basis: Option<String>,
    /// 处理结果
    pub conclusion: Option<String>,
    /// 经确认的公开全文
    pub full_text: Option<String>,
    /// 公开全文的 SM3
    pub content_sm3: Option<String>,
    /// 遮蔽情况（种类与数量，JSON；不含原值）
    pub masked: Option<String>,
    /// 公开日期
    pub published_on: Option<NaiveDate>,
    /// 确认公开时间
    pub published_at: Option<DateTime<Utc>>,
    /// 确认公开账号
    pub published_by: Option<i64>,
    /// 停止公示日期（当日起不再公示）
    pub expires_on: Option<NaiveDate>,
    /// 撤回事由
    pub change_ground: Option<String>,
    /// 作出变更等的机关
    pub change_by: Option<String>,
    /// 决定被变更等的日期
    pub changed_on: Option<NaiveDate>,
    /// 撤回理由说明
    pub change_note: Option<String>,
    /// 撤回期限
    pub withdrawal_due: Option<NaiveDate>,
    /// 撤回时间
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// 撤回账号
    pub withdrawn_by: Option<i64>,
    /// 创建时间
    pub created_at: DateTime<Utc>,
    /// 更新时间
    pub updated_at: DateTime<Utc>,
    /// 处罚种类（代码，逗号分隔；迁移前的记录没有）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penalty_kinds: Option<String>,
}

/// 公开记录: one public act on a decision — its publication or the withdrawal of it — holding
/// only public facts and the SM3 of the published text, journaled in the act's transaction so
/// that anyone can tie the text they read to the signed ledger.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct PublicNotice {
    /// id
    pub id: i64,
    /// 公示信息 id
    pub publication_id: i64,
    /// `publish`（公开）或 `withdraw`（撤回）
    pub act: String,
    /// 执法主体 id
    pub body_id: i64,
    /// 执法主体
    pub body_name: String,
    /// 公示类别（代码）
    pub category: String,
    /// 文号
    pub doc_number: Option<String>,
    /// 标题（事项）
    pub subject: Option<String>,
    /// 公开全文（UTF-8）的 SM3
    pub text_sm3: String,
    /// 撤回的原因
    pub ground: Option<String>,
    /// 公开或撤回的日期（北京时间）
    pub effective_on: NaiveDate,
    /// 记录时间
    pub created_at: DateTime<Utc>,
}
