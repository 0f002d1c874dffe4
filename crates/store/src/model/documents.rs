//! Rows of document templates, documents and archive reports.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::doc::{DocKind, TemplateStatus};

/// 文书模板（本机关调整版本）: a body's version of a standard template, filed with the justice
/// bureau (备案) and usable once approved.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct DocTemplate {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 文书种类 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: DocKind,
    /// 本机关该种文书的第几版
    pub version: i64,
    /// 模板内容
    pub content: String,
    /// 模板内容 SHA-256
    pub content_sha256: String,
    /// 调整说明
    pub note: String,
    /// filed / approved / rejected
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: TemplateStatus,
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: DocKind,
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

/// 组卷登记: the seal of one assembled case-file package — its manifest's SM3 and its items in
/// catalogue order — journaled before the package leaves the server (DA/T 70 真实性、完整性).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ArchiveSeal {
    /// id
    pub id: i64,
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案件编号
    pub case_number: String,
    /// 归档时 / 按需检测 / 导出
    pub occasion: String,
    /// manifest.json 的 SM3
    pub manifest_sm3: String,
    /// the items as JSON: `[[件号, path, SM3], …]` in catalogue order
    pub items: String,
    /// 组卷账号
    pub created_by: Option<i64>,
    /// 组卷时间
    pub created_at: DateTime<Utc>,
}
