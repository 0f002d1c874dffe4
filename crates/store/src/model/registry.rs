//! Rows of bodies, officers, training, certificates, reviewers, power items, accounts, the access
//! log and journal entries.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::access::Role;
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: BodyKind,
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
        self.kind.label()
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: CertificateStatus,
    /// created
    pub created_at: DateTime<Utc>,
    /// updated
    pub updated_at: DateTime<Utc>,
}

impl Certificate {
    /// The stored status.
    pub fn stored_status(&self) -> CertificateStatus {
        self.status
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: ReviewerKind,
    /// since
    pub since: NaiveDate,
    /// created
    pub created_at: DateTime<Utc>,
}

impl Reviewer {
    /// Kind's Chinese name.
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub category: PowerCategory,
    /// 法律依据, a JSON array of {law, article, version}
    pub legal_basis: String,
    /// 程序类型 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub procedure_kind: ProcedureKind,
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub change_kind: ChangeKind,
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
    /// 改、废对此前违法行为的效力 code（《行政处罚法》第三十七条）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retroactivity: Option<String>,
}

impl PowerItem {
    /// Category name.
    pub fn category_label(&self) -> &'static str {
        self.category.label()
    }
    /// Procedure name.
    pub fn procedure_label(&self) -> &'static str {
        self.procedure_kind.label()
    }
    /// 立改废释 name.
    pub fn change_label(&self) -> &'static str {
        self.change_kind.label()
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
    #[sqlx(try_from = "String")]
    pub role: Role,
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
    /// the password was set by an administrator: to be changed at the next sign-in
    pub must_change_password: bool,
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
    #[schema(value_type = String)]
    pub role: Role,
    /// body
    pub body_id: Option<i64>,
    /// linked officer
    pub officer_id: Option<i64>,
    /// active
    pub active: bool,
    /// created
    pub created_at: DateTime<Utc>,
    /// 须修改管理员设置的密码
    pub must_change_password: bool,
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
            must_change_password: u.must_change_password,
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
