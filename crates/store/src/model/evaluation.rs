//! Rows of 案卷评查: the scoring standards, the campaigns with their announced draw, the files
//! drawn and the reviewers' score sheets.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::supervision::evaluation::{CampaignStatus, FileStatus, SheetRole};

/// 评查标准: one version. Never changed: a new version is a new row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct EvaluationStandard {
    /// id
    pub id: i64,
    /// 版本号
    pub version: i64,
    /// 名称
    pub name: String,
    /// the standard as JSON (`zhifa_core::supervision::evaluation::Standard`)
    pub content: String,
    /// SM3 of `content`, hex
    pub content_sm3: String,
    /// 制定人
    pub created_by: Option<i64>,
    /// 制定时间
    pub created_at: DateTime<Utc>,
}

/// 评查活动: its announced draw and, once drawn, the entropy and key.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct EvaluationCampaign {
    /// id
    pub id: i64,
    /// 任务编号 (entered into the draw's key)
    pub task: String,
    /// 名称
    pub title: String,
    /// 结案日期起
    pub period_from: NaiveDate,
    /// 结案日期止
    pub period_to: NaiveDate,
    /// 案件类型 codes, comma-separated
    pub kinds: String,
    /// 评查标准
    pub standard_id: i64,
    /// the draw's parameters, canonical JSON
    pub params: String,
    /// 两名评查人分差超过此值（十分之一分）由第三人评查
    pub gap: i64,
    /// 案卷名单 (canonical lines `案号|执法主体`)
    pub files_roster: String,
    /// 评查人员名单 (canonical lines `账号|执法主体`)
    pub reviewers_roster: String,
    /// 回避名单 (canonical lines `案号|账号`)
    pub conflicts_roster: String,
    /// 案卷名单的默克尔根 (SM3, hex)
    pub files_root: String,
    /// 评查人员名单的默克尔根
    pub reviewers_root: String,
    /// 回避名单的默克尔根
    pub conflicts_root: String,
    /// 随机源（事先确定的公开来源）
    pub entropy_source: String,
    /// 随机源公布时间
    pub entropy_at: DateTime<Utc>,
    /// 公告次数（重新公告的加一）
    pub announcements: i64,
    /// 重新公告的理由
    pub reannounce_reason: Option<String>,
    /// 随机源的值（抽取时录入）
    pub entropy: Option<String>,
    /// 抽取密钥 PRK, hex
    pub prk: Option<String>,
    /// 状态 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: CampaignStatus,
    /// 公告时间
    pub announced_at: DateTime<Utc>,
    /// 抽取时间
    pub drawn_at: Option<DateTime<Utc>>,
    /// 公布时间
    pub published_at: Option<DateTime<Utc>>,
    /// 发起人
    pub created_by: Option<i64>,
    /// 创建时间
    pub created_at: DateTime<Utc>,
}

/// 抽中的案卷.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct EvaluationFile {
    /// id
    pub id: i64,
    /// 评查活动
    pub campaign_id: i64,
    /// 案件
    pub case_id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 案号
    pub case_number: String,
    /// 抽取得分 (hex; the lowest are drawn)
    pub score: String,
    /// 状态 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: FileStatus,
    /// 最终得分（十分之一分）
    pub total: Option<i64>,
    /// 等次 code
    pub grade: Option<String>,
    /// 定分时间
    pub settled_at: Option<DateTime<Utc>>,
}

/// 评查表: one reviewer's assignment to a file and, once submitted, their sheet.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct EvaluationSheet {
    /// id
    pub id: i64,
    /// 评查活动
    pub campaign_id: i64,
    /// 案卷
    pub file_id: i64,
    /// 评查人账号
    pub reviewer_id: i64,
    /// 评查人所在执法主体
    pub reviewer_body_id: Option<i64>,
    /// 第一、第二、第三评查人 code
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub role: SheetRole,
    /// 抽取得分 (hex)
    pub rank_score: String,
    /// the sheet as JSON (`zhifa_core::supervision::evaluation::Sheet`)
    pub sheet: Option<String>,
    /// 得分（十分之一分）
    pub total: Option<i64>,
    /// 是否有否决项
    pub vetoed: Option<bool>,
    /// 提交时间
    pub submitted_at: Option<DateTime<Utc>>,
    /// 分派时间
    pub created_at: DateTime<Utc>,
}

/// 考核指标权重: one version (the latest in force).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct AssessmentWeights {
    /// id
    pub id: i64,
    /// the weights (JSON of `zhifa_core::supervision::assessment::Weights`)
    pub weights: String,
    /// 调整理由
    pub reason: String,
    /// 设置账号
    pub set_by: Option<i64>,
    /// 设置时间
    pub set_at: DateTime<Utc>,
}

/// 考核结果的公布: a year's table as it stood, with its weights.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct AssessmentPublication {
    /// id
    pub id: i64,
    /// 年度
    pub year: i64,
    /// the weights' version (none: the shipped default)
    pub weights_id: Option<i64>,
    /// the weights (JSON)
    pub weights: String,
    /// the table (JSON of each body's scores)
    pub result: String,
    /// SM3 of `result`, hex
    pub result_sm3: String,
    /// 公布账号
    pub published_by: Option<i64>,
    /// 公布时间
    pub published_at: DateTime<Utc>,
}
