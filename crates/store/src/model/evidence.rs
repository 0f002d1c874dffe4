//! Rows of evidence and its deletion requests.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::evidence::EvidenceKind;
use zhifa_core::evidence::{DeletionStatus, EvidenceStatus};

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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: EvidenceKind,
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: EvidenceStatus,
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: DeletionStatus,
    /// 办结时间
    pub decided_at: Option<DateTime<Utc>>,
}
