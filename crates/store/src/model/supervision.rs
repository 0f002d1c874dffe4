//! Rows of the justice bureau's supervision: the clues its warning rules raise, and the
//! district's thresholds, and 督办: the acts on clues, the supervision documents and the replies.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::supervision::Severity;
use zhifa_core::supervision::complaints::{Category, Channel, ComplaintAct, ComplaintDates, ComplaintStatus};
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

/// 投诉举报: one complaint and where it stands. The complainant's name, telephone and address
/// are never serialized with it: they reach only those who handle it, through
/// [`Complainant`].
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Complaint {
    /// id
    pub id: i64,
    /// 查询码
    pub tracking_code: String,
    /// 来源渠道 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub channel: Channel,
    /// 12345 工单号
    pub hotline_order: Option<String>,
    /// 投诉事项 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub category: Category,
    /// 投诉人所称的被投诉单位
    pub named_body_id: Option<i64>,
    /// 承办的执法主体（分派后）
    pub body_id: Option<i64>,
    /// 标题
    pub subject: String,
    /// 投诉请求、事实和理由
    pub content: String,
    /// 发生日期
    pub happened_on: Option<NaiveDate>,
    /// 发生地点
    pub place: Option<String>,
    /// 相关文书文号
    pub document_number: Option<String>,
    /// 涉及的案件
    pub case_id: Option<i64>,
    /// 涉及的执法人员
    pub officer_id: Option<i64>,
    /// 投诉人姓名（不公开）
    #[serde(skip)]
    pub complainant_name: Option<String>,
    /// 联系电话（不公开）
    #[serde(skip)]
    pub complainant_phone: Option<String>,
    /// 通信地址（不公开）
    #[serde(skip)]
    pub complainant_address: Option<String>,
    /// 办理状态 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: ComplaintStatus,
    /// 收到日期
    pub received_on: NaiveDate,
    /// 提出异议的日期（最近一次；其后重新分派）
    pub objected_on: Option<NaiveDate>,
    /// 分派日期（最近一次）
    pub assigned_on: Option<NaiveDate>,
    /// 受理日期
    pub accepted_on: Option<NaiveDate>,
    /// 不予受理日期
    pub refused_on: Option<NaiveDate>,
    /// 延长的天数
    pub extension_days: Option<i64>,
    /// 延期理由（告知投诉人）
    pub extension_reason: Option<String>,
    /// 办结日期
    pub concluded_on: Option<NaiveDate>,
    /// 核实结论 code
    pub finding: Option<String>,
    /// 处理意见
    pub opinion: Option<String>,
    /// 处理依据
    pub basis: Option<String>,
    /// 答复日期
    pub answered_on: Option<NaiveDate>,
    /// 答复方式 code
    pub answer_method: Option<String>,
    /// 请求复查日期
    pub review_asked_on: Option<NaiveDate>,
    /// 复查意见日期
    pub reviewed_on: Option<NaiveDate>,
    /// 复查结论 code
    pub review_finding: Option<String>,
    /// 复查意见
    pub review_opinion: Option<String>,
    /// 请求复核日期
    pub recheck_asked_on: Option<NaiveDate>,
    /// 复核意见日期
    pub rechecked_on: Option<NaiveDate>,
    /// 复核结论 code
    pub recheck_finding: Option<String>,
    /// 复核意见
    pub recheck_opinion: Option<String>,
    /// 登记账号（网上投诉为空）
    pub registered_by: Option<i64>,
    /// 登记时间
    pub created_at: DateTime<Utc>,
}

/// The complainant of a complaint, for those who handle it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Complainant {
    /// 姓名（匿名为空）
    pub name: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
    /// 通信地址
    pub address: Option<String>,
}

impl Complaint {
    /// The complainant's particulars.
    pub fn complainant(&self) -> Complainant {
        Complainant {
            name: self.complainant_name.clone(),
            phone: self.complainant_phone.clone(),
            address: self.complainant_address.clone(),
        }
    }

    /// The dates its time limits read.
    pub fn dates(&self) -> ComplaintDates {
        ComplaintDates {
            channel: Some(self.channel),
            received_on: Some(self.received_on),
            objected_on: self.objected_on,
            assigned_on: self.assigned_on,
            accepted_on: self.accepted_on,
            refused_on: self.refused_on,
            extension_days: self.extension_days.and_then(|d| u32::try_from(d).ok()),
            concluded_on: self.concluded_on,
            answered_on: self.answered_on,
            review_asked_on: self.review_asked_on,
            reviewed_on: self.reviewed_on,
            recheck_asked_on: self.recheck_asked_on,
            rechecked_on: self.rechecked_on,
        }
    }
}

/// 投诉办理记录: one act on a complaint.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ComplaintActRecord {
    /// id
    pub id: i64,
    /// 投诉
    pub complaint_id: i64,
    /// 办理环节 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub act: ComplaintAct,
    /// 分派的执法主体
    pub body_id: Option<i64>,
    /// 意见、理由
    pub note: Option<String>,
    /// 延长天数
    pub days: Option<i64>,
    /// 核实结论 code
    pub finding: Option<String>,
    /// 答复方式 code
    pub method: Option<String>,
    /// 办理日期
    pub acted_on: NaiveDate,
    /// 超过时限
    pub late: bool,
    /// 办理账号（投诉人自行提出为空）
    pub acted_by: Option<i64>,
    /// 记录时间
    pub acted_at: DateTime<Utc>,
}
