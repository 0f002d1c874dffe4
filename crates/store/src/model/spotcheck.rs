//! Rows of 双随机一公开: each body's roster of inspection objects (检查对象名录库), by version.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::spotcheck::{ObjectKind, RiskGrade, RosterObject};

/// 检查对象名录: one imported version of a body's roster. Never changed: a new import is a new
/// version.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ObjectRoster {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 版本号 (per body)
    pub version: i64,
    /// 来源文件
    pub source: String,
    /// 对象数
    pub objects: i64,
    /// the Merkle root (RFC 9162 over SM3) of the objects' canonical lines, hex
    pub root: String,
    /// 说明
    pub note: Option<String>,
    /// 导入人
    pub created_by: Option<i64>,
    /// 导入时间
    pub created_at: DateTime<Utc>,
}

/// 检查对象: one object of a roster version.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct RosterObjectRow {
    /// id
    pub id: i64,
    /// 名录版本
    pub roster_id: i64,
    /// 统一社会信用代码
    pub credit_code: String,
    /// 名称
    pub name: String,
    /// 类型 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: ObjectKind,
    /// 行业
    pub industry: String,
    /// 所属区域
    pub area: String,
    /// 信用风险分类 (`A` … `D`; none: not graded)
    pub risk: Option<String>,
    /// 列入经营异常名录
    pub abnormal: bool,
}

impl RosterObjectRow {
    /// The object as the domain reads it.
    pub fn object(&self) -> RosterObject {
        RosterObject {
            credit_code: self.credit_code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            industry: self.industry.clone(),
            area: self.area.clone(),
            risk: self.risk.as_deref().and_then(|r| RiskGrade::parse(r).ok()),
            abnormal: self.abnormal,
        }
    }
}
