//! 考核评议: the yearly table of every enforcement body, computed from the records under the
//! weights in force, each count opening its rows; the bureau sets the weights (journaled with
//! the reason) and publishes a year's table, which the portal shows as published.

use crate::error::{AppError, AppResult};
use crate::{App, Who};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use zhifa_core::access::Action;
use zhifa_core::supervision::assessment::{BodyScore, Indicator, Weights, table};
use zhifa_core::supervision::evaluation::points;
use zhifa_store::assessment::AssessmentRow;
use zhifa_store::model::{AssessmentPublication, AssessmentWeights};
use zhifa_store::write::{Command, Outcome};

/// An indicator as the table heads it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IndicatorHead {
    /// code
    pub code: String,
    /// 名称
    pub label: String,
    /// 分子
    pub numerator: String,
    /// 分母
    pub denominator: String,
    /// 依据
    pub basis: String,
    /// 权重
    pub weight: u32,
    /// 越低越好
    pub lower_is_better: bool,
}

/// One body's cell for an indicator.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Cell {
    /// code
    pub code: String,
    /// 分子
    pub numerator: i64,
    /// 分母
    pub denominator: i64,
    /// 得分（分）; none when the indicator has no rows
    pub score: Option<String>,
}

/// One body's line.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Line {
    /// 执法主体
    pub body_id: i64,
    /// 名称
    pub body_name: String,
    /// each indicator
    pub cells: Vec<Cell>,
    /// 综合得分（分）
    pub total: Option<String>,
    /// 排名
    pub rank: Option<u32>,
}

/// A year's table.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssessmentTable {
    /// 年度
    pub year: i32,
    /// the indicators with their weights
    pub indicators: Vec<IndicatorHead>,
    /// the bodies, best first
    pub lines: Vec<Line>,
    /// 权重版本 (none: the default)
    pub weights_id: Option<i64>,
}

/// The weights in force and their history.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeightsView {
    /// in force
    pub weights: Weights,
    /// every change, newest first
    pub history: Vec<AssessmentWeights>,
}

fn today() -> chrono::NaiveDate {
    zhifa_core::time::shanghai_date(chrono::Utc::now())
}

impl App {
    async fn compute_table(&self, year: i32) -> AppResult<AssessmentTable> {
        let (row, weights) = self.store.assessment_weights().await?;
        let counts = self.store.assessment_counts(year, today()).await?;
        let names: BTreeMap<i64, String> =
            self.store.list_bodies().await?.into_iter().map(|b| (b.id, b.name)).collect();
        let scored: Vec<BodyScore> = table(&counts, &weights);
        let indicators = Indicator::ALL
            .iter()
            .map(|i| {
                let (n, d) = i.counted_as();
                IndicatorHead {
                    code: i.code().into(),
                    label: i.label().into(),
                    numerator: n.into(),
                    denominator: d.into(),
                    basis: i.basis().into(),
                    weight: weights.of(*i),
                    lower_is_better: i.lower_is_better(),
                }
            })
            .collect();
        let lines = scored
            .into_iter()
            .map(|b| Line {
                body_name: names.get(&b.body_id).cloned().unwrap_or_default(),
                cells: b
                    .indicators
                    .iter()
                    .map(|(code, c, s)| Cell {
                        code: code.clone(),
                        numerator: c.numerator,
                        denominator: c.denominator,
                        score: s.map(points),
                    })
                    .collect(),
                total: b.total.map(points),
                rank: b.rank,
                body_id: b.body_id,
            })
            .collect();
        Ok(AssessmentTable { year, indicators, lines, weights_id: row.map(|r| r.id) })
    }

    /// A year's table: the bureau sees every body; a body's head and administrator their own
    /// line, with its rank among all.
    pub async fn assessment(&self, who: &Who, year: i32) -> AppResult<AssessmentTable> {
        who.require(Action::ReadEvaluation, who.caller.body_id)?;
        check_year(year)?;
        let mut t = self.compute_table(year).await?;
        let scope = who.caller.scope();
        t.lines.retain(|l| scope.covers(l.body_id));
        Ok(t)
    }

    /// The rows an indicator counts for one body in a year.
    pub async fn assessment_rows(
        &self,
        who: &Who,
        year: i32,
        body_id: i64,
        indicator: &str,
    ) -> AppResult<Vec<AssessmentRow>> {
        who.require(Action::ReadEvaluation, Some(body_id))?;
        check_year(year)?;
        let i = Indicator::parse(indicator).map_err(|e| zhifa_core::Invalid::field("indicator", e))?;
        Ok(self.store.assessment_rows(year, today(), Some(i), Some(body_id)).await?)
    }

    /// The weights in force and their history.
    pub async fn assessment_weights(&self, who: &Who) -> AppResult<WeightsView> {
        who.require(Action::ReadEvaluation, who.caller.body_id)?;
        let (_, weights) = self.store.assessment_weights().await?;
        Ok(WeightsView { weights, history: self.store.assessment_weights_history().await? })
    }

    /// Sets the weights, with the reason.
    pub async fn set_assessment_weights(&self, who: &Who, weights: Weights, reason: String) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        Ok(self.store.execute(&who.actor(), Command::SetAssessmentWeights { weights, reason }).await?)
    }

    /// Publishes a year's table as it stands.
    pub async fn publish_assessment(&self, who: &Who, year: i32) -> AppResult<Outcome> {
        who.require(Action::RunEvaluation, None)?;
        check_year(year)?;
        let t = self.compute_table(year).await?;
        let (_, weights) = self.store.assessment_weights().await?;
        let result = serde_json::to_string(&t).map_err(|e| AppError::Internal(e.to_string()))?;
        let weights = serde_json::to_string(&weights).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(self
            .store
            .execute(&who.actor(), Command::PublishAssessment { year, weights_id: t.weights_id, weights, result })
            .await?)
    }

    /// The published tables, newest first.
    pub async fn published_assessments(&self) -> AppResult<Vec<AssessmentPublication>> {
        Ok(self.store.assessment_publications().await?)
    }

    /// One published table, as it was published.
    pub async fn published_assessment(&self, id: i64) -> AppResult<(AssessmentPublication, AssessmentTable)> {
        let p = self.store.assessment_publication(id).await?;
        let t: AssessmentTable = serde_json::from_str(&p.result).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok((p, t))
    }
}

fn check_year(year: i32) -> AppResult<()> {
    let now = chrono::Datelike::year(&today());
    if !(2000..=now).contains(&year) {
        return Err(zhifa_core::Invalid::field("year", format!("年度应在2000至{now}之间")).into());
    }
    Ok(())
}
