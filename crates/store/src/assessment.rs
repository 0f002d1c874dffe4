//! 考核评议的数据: every row each indicator of `zhifa_core::supervision::assessment` counts for a
//! year, with the body it belongs to and its share of the numerator and the denominator. The
//! counts are these rows grouped, so that a number on the table and the rows it opens are the
//! same query.

use crate::db::query::query;
use crate::model::{AssessmentPublication, AssessmentWeights};
use crate::{Result, Store};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use zhifa_core::supervision::assessment::{Count, Indicator, Weights};
use zhifa_core::time::shanghai_midnight;

/// One row an indicator counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AssessmentRow {
    /// the indicator (code)
    #[schema(value_type = String)]
    pub indicator: Indicator,
    /// the body
    pub body_id: i64,
    /// what the row is: `cases`, `officers`, `publications`, `complaints`
    pub table: &'static str,
    /// its id
    pub id: i64,
    /// 案号、姓名或文号
    pub label: String,
    /// its share of the numerator
    pub numerator: i64,
    /// its share of the denominator
    pub denominator: i64,
}

type Raw = (i64, i64, String, i64, i64);

/// Each indicator's query: ($1, $2) the year's bounds as instants, ($3, $4) as dates, $5 the
/// day certificates are looked at (the year's last day, or today in the current year).
fn sql(i: Indicator) -> (&'static str, &'static str) {
    match i {
        Indicator::Certificates => (
            "officers",
            "SELECT o.body_id, o.id, o.name, CAST(CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.officer_id = o.id \
             AND c.status = 'valid' AND c.valid_from <= $5 AND c.valid_to >= $5) THEN 1 ELSE 0 END AS BIGINT), CAST(1 AS BIGINT) \
             FROM officers o JOIN bodies b ON b.id = o.body_id WHERE o.active AND NOT b.is_supervisor",
        ),
        Indicator::OnTime => (
            "cases",
            "SELECT c.body_id, c.id, c.number, CAST(CASE WHEN EXISTS (SELECT 1 FROM clues k WHERE k.case_id = c.id \
             AND k.rule = 'W01' AND k.severity = 'red') THEN 0 ELSE 1 END AS BIGINT), CAST(1 AS BIGINT) FROM cases c WHERE EXISTS \
             (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.kind = 'close' AND s.occurred_at >= $1 \
             AND s.occurred_at < $2)",
        ),
        Indicator::Overdue => (
            "cases",
            "SELECT c.body_id, c.id, c.number, CAST(CASE WHEN EXISTS (SELECT 1 FROM clues k WHERE k.case_id = c.id \
             AND k.rule = 'W01' AND k.severity = 'red' AND k.raised_at >= $1 AND k.raised_at < $2) THEN 1 ELSE 0 END AS BIGINT), CAST(1 AS BIGINT) \
             FROM cases c WHERE c.created_at < $2 AND NOT EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id \
             AND s.kind = 'close' AND s.occurred_at < $1)",
        ),
        Indicator::Publication => (
            "publications",
            "SELECT p.body_id, p.id, c.number, CAST(CASE WHEN p.published_on IS NOT NULL AND p.published_on <= p.due_on \
             THEN 1 ELSE 0 END AS BIGINT), CAST(1 AS BIGINT) FROM publications p JOIN cases c ON c.id = p.case_id WHERE p.due_on >= $3 \
             AND p.due_on <= $4 AND p.status <> 'excluded'",
        ),
        Indicator::Review => (
            "cases",
            "SELECT c.body_id, c.id, c.number, CAST(CASE WHEN EXISTS (SELECT 1 FROM clues k WHERE k.case_id = c.id \
             AND k.rule = 'W09') THEN 0 ELSE 1 END AS BIGINT), CAST(1 AS BIGINT) FROM cases c WHERE EXISTS (SELECT 1 FROM case_steps s \
             WHERE s.case_id = c.id AND s.kind = 'decide' AND s.occurred_at >= $1 AND s.occurred_at < $2)",
        ),
        Indicator::FileGrade => (
            "cases",
            "SELECT f.body_id, f.case_id, f.case_number, f.total, CAST(1000 AS BIGINT) FROM evaluation_files f \
             WHERE f.total IS NOT NULL AND f.settled_at >= $1 AND f.settled_at < $2",
        ),
        Indicator::Corrected => (
            "publications",
            "SELECT p.body_id, p.id, c.number, CAST(CASE WHEN p.change_by IN ('reconsideration', 'litigation') THEN 1 \
             ELSE 0 END AS BIGINT), CAST(1 AS BIGINT) FROM publications p JOIN cases c ON c.id = p.case_id WHERE p.decided_on >= $3 \
             AND p.decided_on <= $4",
        ),
        Indicator::FinesPaid => (
            "cases",
            "SELECT c.body_id, c.id, c.number, CAST(CASE WHEN EXISTS (SELECT 1 FROM clues k WHERE k.case_id = c.id \
             AND k.rule = 'W13') THEN 0 ELSE 1 END AS BIGINT), CAST(1 AS BIGINT) FROM cases c WHERE EXISTS (SELECT 1 FROM case_steps s \
             WHERE s.case_id = c.id AND s.kind IN ('decide', 'onsite_decision') AND s.data LIKE '%\"fine\"%' \
             AND s.occurred_at >= $1 AND s.occurred_at < $2)",
        ),
        Indicator::Inspections => (
            "cases",
            "SELECT c.body_id, c.id, c.number, CAST(CASE WHEN EXISTS (SELECT 1 FROM clues k WHERE k.case_id = c.id \
             AND k.rule = 'W17') THEN 0 ELSE 1 END AS BIGINT), CAST(1 AS BIGINT) FROM cases c WHERE c.kind = 'inspection' \
             AND c.created_at >= $1 AND c.created_at < $2",
        ),
        Indicator::Complaints => (
            "complaints",
            "SELECT c.body_id, c.id, c.subject, CAST(CASE WHEN EXISTS (SELECT 1 FROM complaint_acts a \
             WHERE a.complaint_id = c.id AND a.act = 'conclude' AND a.late) THEN 0 ELSE 1 END AS BIGINT), CAST(1 AS BIGINT) FROM complaints c \
             WHERE c.body_id IS NOT NULL AND c.concluded_on >= $3 AND c.concluded_on <= $4",
        ),
    }
}

/// The day certificates are looked at for `year`: its last day, or `today` within it.
pub fn certificate_day(year: i32, today: NaiveDate) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    last.min(today)
}

impl Store {
    /// Every row `indicator` counts in `year` (all indicators when `None`), of `body` or all.
    pub async fn assessment_rows(
        &self,
        year: i32,
        today: NaiveDate,
        indicator: Option<Indicator>,
        body: Option<i64>,
    ) -> Result<Vec<AssessmentRow>> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(today);
        let mut out = Vec::new();
        for i in Indicator::ALL.iter().copied().filter(|i| indicator.is_none_or(|x| x == *i)) {
            let (table, q) = sql(i);
            let rows: Vec<Raw> = self
                .fetch_all(
                    query(q)
                        .bind(shanghai_midnight(first))
                        .bind(shanghai_midnight(next))
                        .bind(first)
                        .bind(last)
                        .bind(certificate_day(year, today)),
                )
                .await?;
            out.extend(rows.into_iter().filter(|r| body.is_none_or(|b| b == r.0)).map(
                |(body_id, id, label, numerator, denominator)| AssessmentRow {
                    indicator: i,
                    body_id,
                    table,
                    id,
                    label,
                    numerator,
                    denominator,
                },
            ));
        }
        Ok(out)
    }

    /// Each body's count per indicator in `year` (every enforcement body, even one with no row).
    pub async fn assessment_counts(
        &self,
        year: i32,
        today: NaiveDate,
    ) -> Result<BTreeMap<i64, HashMap<Indicator, Count>>> {
        let mut out: BTreeMap<i64, HashMap<Indicator, Count>> = BTreeMap::new();
        for b in self.list_bodies().await?.into_iter().filter(|b| !b.is_supervisor) {
            out.entry(b.id).or_default();
        }
        for r in self.assessment_rows(year, today, None, None).await? {
            let c =
                out.entry(r.body_id).or_default().entry(r.indicator).or_insert(Count { numerator: 0, denominator: 0 });
            c.numerator += r.numerator;
            c.denominator += r.denominator;
        }
        Ok(out)
    }
}

/// Sets new weights (the latest in force), with the reason.
pub(crate) async fn set_weights(
    w: &mut crate::journal::Write<'_, '_>,
    weights: Weights,
    reason: String,
) -> Result<crate::write::Outcome> {
    w.actor.district_wide("考核权重")?;
    let mut inv = zhifa_core::Invalid::default();
    let reason = zhifa_core::error::required_text(&mut inv, "reason", "调整理由", &reason, 1000);
    if let Err(e) = weights.check() {
        inv.errors.extend(e.errors);
    }
    inv.into_result(())?;
    let text = serde_json::to_string(&weights).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    let row: AssessmentWeights =
        w.tx.fetch_one(
            query("INSERT INTO assessment_weights (weights, reason, set_by, set_at) VALUES ($1,$2,$3,$4) RETURNING *")
                .bind(&text)
                .bind(&reason)
                .bind(w.actor.user_id)
                .bind(crate::db::now()),
        )
        .await?;
    let seq = w.record_new(None, "assessment.weights", &row).await?;
    Ok(crate::write::Outcome::new(row.id, seq))
}

/// Publishes a year's table as computed, with the weights it was computed under.
pub(crate) async fn publish(
    w: &mut crate::journal::Write<'_, '_>,
    year: i32,
    weights_id: Option<i64>,
    weights: String,
    result: String,
) -> Result<crate::write::Outcome> {
    w.actor.district_wide("考核结果")?;
    let sm3 = zhifa_core::draw::hex(&zhifa_core::draw::sm3(&[result.as_bytes()]));
    let row: AssessmentPublication = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO assessment_publications (year, weights_id, weights, result, result_sm3, published_by, published_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *",
            )
            .bind(year as i64)
            .bind(weights_id)
            .bind(&weights)
            .bind(&result)
            .bind(&sm3)
            .bind(w.actor.user_id)
            .bind(crate::db::now()),
        )
        .await?;
    let seq = w.record_new(None, "assessment.publish", &row).await?;
    Ok(crate::write::Outcome::new(row.id, seq))
}

impl Store {
    /// The weights in force: the latest set (with its row), or the shipped default.
    pub async fn assessment_weights(&self) -> Result<(Option<AssessmentWeights>, Weights)> {
        let row: Option<AssessmentWeights> =
            self.fetch_optional(query("SELECT * FROM assessment_weights ORDER BY id DESC LIMIT 1")).await?;
        let weights = match &row {
            Some(r) => serde_json::from_str(&r.weights)
                .map_err(|e| crate::StoreError::Corrupt(format!("考核权重第{}版无法读取：{e}", r.id)))?,
            None => Weights::default(),
        };
        Ok((row, weights))
    }

    /// Every change of the weights, newest first.
    pub async fn assessment_weights_history(&self) -> Result<Vec<AssessmentWeights>> {
        self.fetch_all(query("SELECT * FROM assessment_weights ORDER BY id DESC LIMIT 100")).await
    }

    /// The publications of the tables, newest first.
    pub async fn assessment_publications(&self) -> Result<Vec<AssessmentPublication>> {
        self.fetch_all(query("SELECT * FROM assessment_publications ORDER BY id DESC LIMIT 100")).await
    }

    /// One publication.
    pub async fn assessment_publication(&self, id: i64) -> Result<AssessmentPublication> {
        self.fetch_optional(query("SELECT * FROM assessment_publications WHERE id = $1").bind(id))
            .await?
            .ok_or(crate::StoreError::NotFound("考核结果"))
    }
}
