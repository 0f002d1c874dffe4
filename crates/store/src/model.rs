//! Rows as stored. Each derives `FromRow` generically, so one struct reads from both backends,
//! and `Serialize`, whose canonical JSON is what the change journal hashes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::registry::{
    BodyKind, CertificateStatus, ChangeKind, PowerCategory, ProcedureKind, ReviewerKind, effective_status,
};

/// 执法主体
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Body {
    /// id
    pub id: i64,
    /// 名称
    pub name: String,
    /// 主体类别 code
    pub kind: String,
    /// 委托机关
    pub entrusting_body_id: Option<i64>,
    /// 上级机关
    pub parent_id: Option<i64>,
    /// 管辖区域
    pub area: String,
    /// 职权依据
    pub legal_basis: String,
    /// 地址
    pub address: Option<String>,
    /// 电话
    pub phone: Option<String>,
    /// 行政复议机关
    pub reconsideration_organ: String,
    /// 诉讼管辖法院
    pub court: String,
    /// 法制审核机构
    pub review_organ: String,
    /// 是否监督机关
    pub is_supervisor: bool,
    /// created
    pub created_at: DateTime<Utc>,
    /// updated
    pub updated_at: DateTime<Utc>,
    /// 本机关公开时限（工作日，只能短于法定时限；空为法定时限）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication_days: Option<i64>,
}

impl Body {
    /// The kind's Chinese name.
    pub fn kind_label(&self) -> &'static str {
        BodyKind::parse(&self.kind).map(|k| k.label()).unwrap_or("未知")
    }
}

/// 执法人员
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Officer {
    /// id
    pub id: i64,
    /// 所属主体
    pub body_id: i64,
    /// 姓名
    pub name: String,
    /// 身份证号码 (internal only)
    pub id_number: Option<String>,
    /// 岗位
    pub post: String,
    /// 执法领域, a JSON array
    pub domains: String,
    /// 法律职业资格证书编号
    pub legal_qualification_no: Option<String>,
    /// 电话 (internal only)
    pub phone: Option<String>,
    /// 在岗
    pub active: bool,
    /// created
    pub created_at: DateTime<Utc>,
    /// updated
    pub updated_at: DateTime<Utc>,
}

impl Officer {
    /// The domains as a list.
    pub fn domain_list(&self) -> Vec<String> {
        serde_json::from_str(&self.domains).unwrap_or_default()
    }
}

/// 培训考试记录
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Training {
    /// id
    pub id: i64,
    /// officer
    pub officer_id: i64,
    /// 日期
    pub date: NaiveDate,
    /// 名称
    pub title: String,
    /// 学时
    pub hours: Option<i32>,
    /// 成绩
    pub exam_score: Option<i32>,
    /// created
    pub created_at: DateTime<Utc>,
}

/// 执法证件
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Certificate {
    /// id
    pub id: i64,
    /// 持证人
    pub officer_id: i64,
    /// 证件编号
    pub number: String,
    /// 发证机关
    pub issuer: String,
    /// 执法领域
    pub domain: String,
    /// 执法区域
    pub area: String,
    /// 有效期起
    pub valid_from: NaiveDate,
    /// 有效期至
    pub valid_to: NaiveDate,
    /// stored status code
    pub status: String,
    /// created
    pub created_at: DateTime<Utc>,
    /// updated
    pub updated_at: DateTime<Utc>,
}

impl Certificate {
    /// The stored status.
    pub fn stored_status(&self) -> CertificateStatus {
        CertificateStatus::parse(&self.status).unwrap_or(CertificateStatus::Suspended)
    }
    /// The status on `today` (a valid certificate past its end date is expired).
    pub fn status_on(&self, today: NaiveDate) -> CertificateStatus {
        effective_status(self.stored_status(), self.valid_from, self.valid_to, today)
    }
}

/// A certificate with its holder and body, as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct CertificateListing {
    /// id
    pub id: i64,
    /// number
    pub number: String,
    /// officer
    pub officer_id: i64,
    /// officer name
    pub officer_name: String,
    /// body
    pub body_id: i64,
    /// body name
    pub body_name: String,
    /// issuer
    pub issuer: String,
    /// domain
    pub domain: String,
    /// area
    pub area: String,
    /// from
    pub valid_from: NaiveDate,
    /// to
    pub valid_to: NaiveDate,
    /// stored status
    pub status: String,
}

/// 证件状态变更记录
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct CertificateEvent {
    /// id
    pub id: i64,
    /// certificate
    pub certificate_id: i64,
    /// from
    pub from_status: Option<String>,
    /// to
    pub to_status: String,
    /// reason
    pub reason: String,
    /// effective date
    pub effective_date: NaiveDate,
    /// actor
    pub actor_user_id: Option<i64>,
    /// when recorded
    pub at: DateTime<Utc>,
}

/// 法制审核人员
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Reviewer {
    /// id
    pub id: i64,
    /// officer record
    pub officer_id: i64,
    /// body
    pub body_id: i64,
    /// kind code
    pub kind: String,
    /// since
    pub since: NaiveDate,
    /// created
    pub created_at: DateTime<Utc>,
}

impl Reviewer {
    /// Kind's Chinese name.
    pub fn kind_label(&self) -> &'static str {
        ReviewerKind::parse(&self.kind).map(|k| k.label()).unwrap_or("未知")
    }
}

/// 权责清单事项 (one version)
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct PowerItem {
    /// id of this version
    pub id: i64,
    /// body
    pub body_id: i64,
    /// 事项编码
    pub code: String,
    /// version number, from 1
    pub version: i32,
    /// 事项名称
    pub name: String,
    /// 类别 code
    pub category: String,
    /// 法律依据, a JSON array of {law, article, version}
    pub legal_basis: String,
    /// 程序类型 code
    pub procedure_kind: String,
    /// 法定时限 days
    pub time_limit_days: Option<i32>,
    /// whether working days
    pub time_limit_working: bool,
    /// 适用听证程序的行政许可事项 (left out of the journaled form when not, so rows written before
    /// the column existed hash as they did)
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hearing: bool,
    /// 救济途径
    pub remedy: String,
    /// 生效日期
    pub effective_from: NaiveDate,
    /// 立改废释
    pub change_kind: String,
    /// 变更原因
    pub change_reason: String,
    /// author
    pub created_by: Option<i64>,
    /// created
    pub created_at: DateTime<Utc>,
    /// 受理条件（服务指南）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    /// 申请材料（服务指南），一行一项
    #[serde(skip_serializing_if = "Option::is_none")]
    pub materials: Option<String>,
}

impl PowerItem {
    /// Category name.
    pub fn category_label(&self) -> &'static str {
        PowerCategory::parse(&self.category).map(|k| k.label()).unwrap_or("未知")
    }
    /// Procedure name.
    pub fn procedure_label(&self) -> &'static str {
        ProcedureKind::parse(&self.procedure_kind).map(|k| k.label()).unwrap_or("未知")
    }
    /// 立改废释 name.
    pub fn change_label(&self) -> &'static str {
        ChangeKind::parse(&self.change_kind).map(|k| k.label()).unwrap_or("未知")
    }
    /// The legal references.
    pub fn legal_refs(&self) -> Vec<zhifa_core::registry::LegalRef> {
        serde_json::from_str(&self.legal_basis).unwrap_or_default()
    }
    /// Time limit as text: `90日` / `20个工作日`.
    pub fn time_limit_text(&self) -> String {
        match self.time_limit_days {
            Some(d) if self.time_limit_working => format!("{d}个工作日"),
            Some(d) => format!("{d}日"),
            None => "—".into(),
        }
    }
}

/// 用户账号 (the password hash never leaves storage in this form)
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserRow {
    /// id
    pub id: i64,
    /// login name
    pub username: String,
    /// shown name
    pub display_name: String,
    /// argon2id PHC string
    pub password_hash: String,
    /// role code
    pub role: String,
    /// body
    pub body_id: Option<i64>,
    /// linked officer
    pub officer_id: Option<i64>,
    /// active
    pub active: bool,
    /// consecutive failures
    pub failed_logins: i32,
    /// locked until
    pub locked_until: Option<DateTime<Utc>>,
    /// created
    pub created_at: DateTime<Utc>,
}

/// A user as shown and journaled (no password hash).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct User {
    /// id
    pub id: i64,
    /// login name
    pub username: String,
    /// shown name
    pub display_name: String,
    /// role code
    pub role: String,
    /// body
    pub body_id: Option<i64>,
    /// linked officer
    pub officer_id: Option<i64>,
    /// active
    pub active: bool,
    /// created
    pub created_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(u: UserRow) -> Self {
        User {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            body_id: u.body_id,
            officer_id: u.officer_id,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// A change journal entry.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ChangeEntry {
    /// sequence number
    pub seq: i64,
    /// when
    pub at: DateTime<Utc>,
    /// who
    pub actor_user_id: Option<i64>,
    /// which body's data
    pub body_id: Option<i64>,
    /// e.g. `certificate.status`
    pub kind: String,
    /// table
    pub object_table: String,
    /// row id
    pub object_id: i64,
    /// SHA-256 of the row's canonical JSON after the change
    pub content_hash: String,
    /// the hash before the change, for updates
    pub prev_hash: Option<String>,
    /// the entry's leaf number in the ledger
    pub leaf_index: Option<i64>,
    /// the entry's leaf hash
    #[serde(skip)]
    pub leaf_hash: Option<Vec<u8>>,
}

/// The public view of a certificate: nothing private (no identity number, no phone).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicCertificate {
    /// 证件编号
    pub number: String,
    /// 持证人姓名
    pub holder: String,
    /// 执法主体
    pub body: String,
    /// 发证机关
    pub issuer: String,
    /// 执法领域
    pub domain: String,
    /// 执法区域
    pub area: String,
    /// 有效期起
    pub valid_from: NaiveDate,
    /// 有效期至
    pub valid_to: NaiveDate,
    /// 状态 code
    pub status: String,
    /// 状态
    pub status_label: String,
}

/// Per-body counts for the reviewer ratio.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BodyRatio {
    /// body
    pub body_id: i64,
    /// name
    pub body_name: String,
    /// active enforcement officers
    pub officers: i64,
    /// reviewers
    pub reviewers: i64,
    /// ratio in basis points
    pub basis_points: i64,
    /// whether the 5% floor is met
    pub meets_floor: bool,
}

/// 调阅记录: one view of a protected record.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct AccessEntry {
    /// id
    pub id: i64,
    /// when
    pub at: DateTime<Utc>,
    /// who
    pub user_id: Option<i64>,
    /// from where
    pub ip: Option<String>,
    /// which table
    pub object_table: String,
    /// which row
    pub object_id: i64,
    /// whose data
    pub body_id: Option<i64>,
    /// stated purpose
    pub purpose: Option<String>,
}

/// 证据: one audio, video, photo or scanned document of the whole-process record.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Evidence {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案件编号
    pub case_number: String,
    /// video / audio / photo / document
    pub kind: String,
    /// 文件格式（扩展名）
    pub format: String,
    /// media type
    pub media_type: String,
    /// 原文件名
    pub file_name: Option<String>,
    /// 字节数
    pub size_bytes: i64,
    /// SM3（十六进制）
    pub sm3: String,
    /// SHA-256（十六进制）
    pub sha256: String,
    /// 采集时间
    pub captured_at: DateTime<Utc>,
    /// 采集地点
    pub capture_place: String,
    /// 采集人
    pub collector_officer_id: i64,
    /// 证明对象
    pub proof_object: String,
    /// 采集设备
    pub device_id: String,
    /// 设备提供的摘要已核对一致
    pub device_hash_checked: bool,
    /// person / organisation
    pub target_kind: Option<String>,
    /// 当事人证件号码
    pub target_id: Option<String>,
    /// 当事人名称
    pub target_name: Option<String>,
    /// 上传账号
    pub uploaded_by: Option<i64>,
    /// 上传时间
    pub created_at: DateTime<Utc>,
    /// active / deleted
    pub status: String,
    /// 删除时间
    pub deleted_at: Option<DateTime<Utc>>,
}

/// 证据删除申请 with its two approvals.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct EvidenceDeletion {
    /// id
    pub id: i64,
    /// 证据
    pub evidence_id: i64,
    /// 理由
    pub reason: String,
    /// 申请人
    pub requested_by: Option<i64>,
    /// 申请时间
    pub requested_at: DateTime<Utc>,
    /// 批准的机关负责人
    pub head_approved_by: Option<i64>,
    /// 时间
    pub head_approved_at: Option<DateTime<Utc>>,
    /// 批准的监督人员
    pub supervisor_approved_by: Option<i64>,
    /// 时间
    pub supervisor_approved_at: Option<DateTime<Utc>>,
    /// pending / approved / rejected
    pub status: String,
    /// 办结时间
    pub decided_at: Option<DateTime<Utc>>,
}

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
    pub kind: String,
    /// 权责清单事项（版本行）
    pub power_item_id: i64,
    /// 事项编码
    pub power_item_code: String,
    /// 事项名称
    pub power_item_name: String,
    /// 案件来源 code
    pub source: String,
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
    pub stage: String,
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
    pub kind: String,
    /// 发生时间
    pub occurred_at: DateTime<Utc>,
    /// 记录内容 (JSON)
    pub data: String,
    /// 此后的案件阶段 code
    pub stage_after: String,
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

/// 文书模板（本机关调整版本）: a body's version of a standard template, filed with the justice
/// bureau (备案) and usable once approved.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct DocTemplate {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 文书种类 code
    pub kind: String,
    /// 本机关该种文书的第几版
    pub version: i64,
    /// 模板内容
    pub content: String,
    /// 模板内容 SHA-256
    pub content_sha256: String,
    /// 调整说明
    pub note: String,
    /// filed / approved / rejected
    pub status: String,
    /// 报备账号
    pub filed_by: Option<i64>,
    /// 报备时间
    pub filed_at: DateTime<Utc>,
    /// 审查账号
    pub decided_by: Option<i64>,
    /// 审查时间
    pub decided_at: Option<DateTime<Utc>>,
    /// 审查意见
    pub decision_note: Option<String>,
}

/// 文书: an issued document of a case. The PDF is kept beside it (`document_files`); its
/// digests are part of the row and so of its ledger entry.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Document {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 文书种类 code
    pub kind: String,
    /// 据以制作的办案环节
    pub step_id: Option<i64>,
    /// 文号
    pub number: Option<String>,
    /// 所用模板（空为标准模板）
    pub template_id: Option<i64>,
    /// 模板版本
    pub template_version: i64,
    /// 模板内容 SHA-256
    pub template_sha256: String,
    /// 文书内容（排版标记）
    pub content: String,
    /// PDF 的 SM3
    pub pdf_sm3: String,
    /// PDF 的 SHA-256
    pub pdf_sha256: String,
    /// PDF 字节数
    pub pdf_size: i64,
    /// 页数
    pub pages: i64,
    /// 签发账号
    pub issued_by: Option<i64>,
    /// 签发时间
    pub issued_at: DateTime<Utc>,
    /// 核验码（印在文书上，与文号一起供公众核验；此前签发的文书没有）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_code: Option<String>,
}

/// 四性检测报告: one four-property check of a case file (DA/T 70).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ArchiveReport {
    /// id
    pub id: i64,
    /// 案件（导入的案卷包为空）
    pub case_id: Option<i64>,
    /// 执法主体
    pub body_id: Option<i64>,
    /// 案件编号
    pub case_number: String,
    /// 归档时 / 按需 / 导入
    pub occasion: String,
    /// 四性均通过
    pub passed: bool,
    /// the report (JSON)
    pub report: String,
    /// 案卷包 SM3
    pub package_sm3: String,
    /// 案卷包字节数
    pub package_size: i64,
    /// 检测账号
    pub created_by: Option<i64>,
    /// 检测时间
    pub created_at: DateTime<Utc>,
}

/// 行政执法统计年报: a body's report of a year, or the district's (scope `district`).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct AnnualReport {
    /// id
    pub id: i64,
    /// `district` or the body's id
    pub scope: String,
    /// 执法主体 (none for the district)
    pub body_id: Option<i64>,
    /// 年度
    pub year: i64,
    /// draft / published
    pub status: String,
    /// 依数据生成的数字 (JSON: metric key → value, money in fen)
    pub compiled: String,
    /// 现行数字（含更正）
    pub figures: String,
    /// 公开期限
    pub due_on: NaiveDate,
    /// 生成时间
    pub drafted_at: DateTime<Utc>,
    /// 公开时间
    pub published_at: Option<DateTime<Utc>>,
    /// 公开账号
    pub published_by: Option<i64>,
    /// 更新时间
    pub updated_at: DateTime<Utc>,
}

impl AnnualReport {
    /// The current figures.
    pub fn figures(&self) -> zhifa_core::annual::Figures {
        serde_json::from_str(&self.figures).unwrap_or_default()
    }
    /// The figures as compiled from the data.
    pub fn compiled(&self) -> zhifa_core::annual::Figures {
        serde_json::from_str(&self.compiled).unwrap_or_default()
    }
}

/// A correction of one figure of an annual report, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct AnnualReportEdit {
    /// id
    pub id: i64,
    /// 年报
    pub report_id: i64,
    /// 指标
    pub metric: String,
    /// 原数值
    pub old_value: i64,
    /// 新数值
    pub new_value: i64,
    /// 理由（数据来源）
    pub reason: String,
    /// 账号
    pub edited_by: Option<i64>,
    /// 时间
    pub edited_at: DateTime<Utc>,
}

/// One version of a list a body publishes: the spot-check item list or the discretion
/// standards ([`zhifa_core::lists`]).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct BodyList {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 清单类型 code (`spot_check`, `discretion`)
    pub kind: String,
    /// 版本
    pub version: i64,
    /// 内容 (JSON: [`zhifa_core::lists::SpotCheckItem`] or [`zhifa_core::lists::Standard`] list)
    pub items: String,
    /// 生效日期
    pub effective_from: NaiveDate,
    /// 制定或修改理由
    pub reason: String,
    /// 账号
    pub created_by: Option<i64>,
    /// 时间
    pub created_at: DateTime<Utc>,
}

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
    pub category: String,
    /// 决定日期
    pub decided_on: NaiveDate,
    /// 公开期限（节假日安排未导入时为空，读取时计算）
    pub due_on: Option<NaiveDate>,
    /// 仅通报批评或较低数额罚款（公示三个月）
    pub light: bool,
    /// pending / excluded / published / withdrawn
    pub status: String,
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
