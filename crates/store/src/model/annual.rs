//! Rows of annual statistics reports, their corrections, and the lists a body files.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use zhifa_core::annual::ReportStatus;
use zhifa_core::lists::ListKind;

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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub status: ReportStatus,
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
    #[sqlx(try_from = "String")]
    #[schema(value_type = String)]
    pub kind: ListKind,
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
