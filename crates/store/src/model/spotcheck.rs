//! Rows of 双随机一公开: each body's roster of inspection objects (检查对象名录库), by version.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::spotcheck::{ObjectKind, RiskGrade, RosterObject, TaskStatus};

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

/// 双随机抽查任务: the announcement of a draw and, once drawn, its key.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct SpotcheckTask {
    /// id
    pub id: i64,
    /// 任务编号 (enters the draw's key)
    pub task: String,
    /// 任务名称
    pub title: String,
    /// 牵头执法主体
    pub body_id: i64,
    /// 联合抽查的其他执法主体 (ids, comma-separated; empty: not joint)
    pub joint_bodies: String,
    /// 抽查事项编码
    pub item_code: String,
    /// 抽查事项名称
    pub item_name: String,
    /// 执法领域
    pub domain: String,
    /// 检查对象名录版本
    pub roster_id: i64,
    /// 分层方式 code
    pub strata: String,
    /// the draw's parameters (canonical JSON)
    pub params: String,
    /// the objects' canonical lines (`credit code|stratum`), one a line
    pub objects_roster: String,
    /// the inspectors' lines (`certificate|body`)
    pub people_roster: String,
    /// the 回避 pairs (`credit code|certificate`)
    pub conflicts_roster: String,
    /// Merkle roots, hex
    pub objects_root: String,
    /// of the inspectors
    pub people_root: String,
    /// of the 回避 pairs
    pub conflicts_root: String,
    /// objects of the roster left out, one a line (`credit code|reason`)
    pub excluded: String,
    /// 随机源
    pub entropy_source: String,
    /// 随机源公布时间
    pub entropy_at: DateTime<Utc>,
    /// how many times announced
    pub announcements: i64,
    /// 重新公告的理由
    pub reannounce_reason: Option<String>,
    /// the entropy entered (canonical)
    pub entropy: Option<String>,
    /// the draw's key, hex
    pub prk: Option<String>,
    /// 状态
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: TaskStatus,
    /// 公告时间
    pub announced_at: DateTime<Utc>,
    /// 抽取时间
    pub drawn_at: Option<DateTime<Utc>>,
    /// 创建人
    pub created_by: Option<i64>,
    /// 创建时间
    pub created_at: DateTime<Utc>,
}

/// 抽中的检查对象: one object drawn by a task, with its inspectors.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct SpotcheckPick {
    /// id
    pub id: i64,
    /// 任务
    pub task_id: i64,
    /// 牵头执法主体
    pub body_id: i64,
    /// 抽中顺序 (1: the lowest score)
    pub rank: i64,
    /// 统一社会信用代码
    pub credit_code: String,
    /// 名称
    pub name: String,
    /// 所在层
    pub stratum: String,
    /// 分值, hex
    pub score: String,
    /// 检查人员 (JSON list of `PickedInspector`)
    pub inspectors: String,
    /// 备选人员 (JSON list)
    pub reserves: String,
    /// 检查案件
    pub case_id: Option<i64>,
    /// 检查结束日期
    pub inspected_on: Option<NaiveDate>,
    /// 检查结果
    pub result: Option<String>,
    /// 结果公示期限 (企业信息公示暂行条例第六条：检查结束之日起20个工作日内)
    pub publish_due: Option<NaiveDate>,
    /// 结果公示时间
    pub published_at: Option<DateTime<Utc>>,
}

impl SpotcheckTask {
    /// The joint bodies' ids.
    pub fn joint_body_ids(&self) -> Vec<i64> {
        self.joint_bodies.split(',').filter_map(|x| x.trim().parse().ok()).collect()
    }
}
