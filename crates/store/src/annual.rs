//! 行政执法统计年报 ([`zhifa_core::annual`]): drafting from the data, corrections with reasons,
//! publication, and the reads of the tracking list and the public pages.

use crate::StoreError;
use crate::db::now;
use crate::db::query::{Tx, query, query_built};
use crate::journal::{Actor, Write, in_scope};
use crate::model::{AnnualReport, AnnualReportEdit, Body};
use crate::write::Outcome;
use crate::{Result, Store};
use zhifa_core::Invalid;
use zhifa_core::access::Scope;
use zhifa_core::annual::StepFact;
use zhifa_core::case::{StepData, StepKind};

/// The steps the figures count.
pub(crate) const COUNTED_STEPS: &str = "'decide','onsite_decision','close','hearing','legal_review','collective_discussion',\
'apply_measure','enforce','accept','refuse_application','licence_decision','inspection_result','compensation_decision'";

/// The scope word of a body's report.
pub fn scope_of(body_id: Option<i64>) -> String {
    body_id.map_or_else(|| "district".to_string(), |b| b.to_string())
}

/// Compiles one body's figures of a year inside a transaction.
pub(crate) async fn compile_body(tx: &mut Tx<'_>, body_id: i64, year: i32) -> Result<zhifa_core::annual::Figures> {
    let from = zhifa_core::time::shanghai_midnight(chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January"));
    let to = zhifa_core::time::shanghai_midnight(chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("1 January"));
    let kinds: Vec<String> = tx
        .scalar_all(
            query("SELECT kind FROM cases WHERE body_id = $1 AND created_at >= $2 AND created_at < $3")
                .bind(body_id)
                .bind(from)
                .bind(to),
        )
        .await?;
    let cases: Vec<zhifa_core::case::CaseKind> = kinds
        .iter()
        .map(|k| zhifa_core::case::CaseKind::parse(k).map_err(StoreError::Corrupt))
        .collect::<Result<_>>()?;
    let sql = format!(
        "SELECT s.kind, s.data FROM case_steps s JOIN cases c ON c.id = s.case_id \
             WHERE c.body_id = $1 AND s.occurred_at >= $2 AND s.occurred_at < $3 AND s.kind IN ({})",
        crate::annual::COUNTED_STEPS
    );
    let rows: Vec<(String, String)> = tx.fetch_all(query_built(sql).bind(body_id).bind(from).bind(to)).await?;
    let steps = crate::annual::step_facts(rows)?;
    let first = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
    let last = chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December");
    let by: Vec<String> = tx.scalar_all(query("SELECT change_by FROM publications WHERE body_id = $1 AND change_by IS NOT NULL AND changed_on >= $2 AND changed_on <= $3").bind(body_id).bind(first).bind(last)).await?;
    let corrections: Vec<zhifa_core::publicity::ChangeBy> = by
        .iter()
        .map(|b| zhifa_core::publicity::ChangeBy::parse(b).map_err(StoreError::Corrupt))
        .collect::<Result<_>>()?;
    Ok(zhifa_core::annual::compile(&cases, &steps, &corrections))
}

/// Drafts the reports of a year not drafted yet: one per body, compiled from the data, and the
/// district's row. Fails with a conflict when every report exists.
pub(crate) async fn draft_annual_reports(
    w: &mut Write<'_, '_>,
    year: i32,
    today: chrono::NaiveDate,
) -> Result<Outcome> {
    w.actor.district_wide("年报")?;
    if !zhifa_core::annual::may_draft(year, today) {
        return Err(Invalid::field("year", format!("{year}年度尚未结束，年报在次年1月1日后生成")).into());
    }
    if !(2000..=2999).contains(&year) {
        return Err(Invalid::field("year", format!("年度“{year}”无效")).into());
    }
    let bodies: Vec<i64> = w.tx.scalar_all(query("SELECT id FROM bodies ORDER BY id")).await?;
    let have: Vec<String> =
        w.tx.scalar_all(query("SELECT scope FROM annual_reports WHERE year = $1").bind(i64::from(year))).await?;
    let due = zhifa_core::annual::due_date(year);
    let mut last: Option<Outcome> = None;
    let t = now();
    for b in bodies.into_iter().map(Some).chain([None]) {
        let scope = crate::annual::scope_of(b);
        if have.contains(&scope) {
            continue;
        }
        let figures = match b {
            Some(b) => compile_body(w.tx, b, year).await?,
            None => zhifa_core::annual::Figures::new(),
        };
        let text = serde_json::to_string(&figures).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let row: crate::model::AnnualReport = w.tx.fetch_one(query("INSERT INTO annual_reports (scope, body_id, year, status, compiled, figures, due_on, drafted_at, updated_at) \
                 VALUES ($1,$2,$3,'draft',$4,$4,$5,$6,$6) RETURNING *").bind(&scope).bind(b).bind(i64::from(year)).bind(&text).bind(due).bind(t)).await
                .map_err(|e| e.unique_as(|| format!("{year}年度年报已由其他进程生成")))?;
        let id = row.id;
        let seq = w.record_new(b, "annual_report.draft", &row).await?;
        last = Some(Outcome::new(id, seq));
    }
    last.ok_or_else(|| StoreError::Conflict(format!("{year}年度年报均已生成")))
}

/// Loads a report for a change, failing with `NotFound` outside the actor's scope (the
/// district's report is the justice bureau's: scope `All`).
pub(crate) async fn report_in_scope(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<crate::model::AnnualReport> {
    let r: crate::model::AnnualReport = tx
        .fetch_optional(query("SELECT * FROM annual_reports WHERE id = $1").bind(id))
        .await?
        .ok_or(StoreError::NotFound("年报"))?;
    match r.body_id {
        Some(b) => in_scope(actor, b, "年报")?,
        None if matches!(actor.scope, zhifa_core::access::Scope::All) => {}
        None => return Err(StoreError::NotFound("年报")),
    }
    Ok(r)
}

/// Corrects one figure of a body's report, with the reason; before or after publication.
pub(crate) async fn edit_annual_report(
    w: &mut Write<'_, '_>,
    id: i64,
    metric: String,
    value: i64,
    reason: String,
) -> Result<Outcome> {
    let r = report_in_scope(w.tx, w.actor, id).await?;
    if r.body_id.is_none() {
        return Err(StoreError::Conflict("全区年报由各执法主体的年报汇总，请更正相应主体的年报".into()));
    }
    let mut inv = Invalid::default();
    let reason = zhifa_core::error::required_text(&mut inv, "reason", "更正理由", &reason, 1000);
    if zhifa_core::annual::metric(&metric).is_none() {
        inv.push("metric", format!("指标“{metric}”不存在"));
    }
    if !(0..=i64::MAX / 4).contains(&value) {
        inv.push("value", "数值应不小于0");
    }
    inv.into_result(())?;
    let mut figures = r.figures();
    let old = figures.get(&metric).copied().unwrap_or(0);
    figures.insert(metric.clone(), value);
    let text = serde_json::to_string(&figures).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let t = now();
    let n =
        w.tx.execute(
            query("UPDATE annual_reports SET figures = $1, updated_at = $2 WHERE id = $3 AND figures = $4")
                .bind(&text)
                .bind(t)
                .bind(id)
                .bind(&r.figures),
        )
        .await?;
    if n == 0 {
        return Err(StoreError::Conflict("年报已被他人修改，请刷新后重试".into()));
    }
    let edit: crate::model::AnnualReportEdit = w.tx.fetch_one(query("INSERT INTO annual_report_edits (report_id, metric, old_value, new_value, reason, edited_by, edited_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *").bind(id).bind(&metric).bind(old).bind(value).bind(&reason).bind(w.actor.user_id).bind(t)).await?;
    w.record_new(r.body_id, "annual_report.edit", &edit).await?;
    let row: crate::model::AnnualReport =
        w.tx.fetch_one(query("SELECT * FROM annual_reports WHERE id = $1").bind(id)).await?;
    let seq = w.record(r.body_id, "annual_report.edit", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Publishes a report: a body's once each reported figure is confirmed; the district's once
/// every body's is published (its figures are then their sum).
pub(crate) async fn publish_annual_report(w: &mut Write<'_, '_>, id: i64) -> Result<Outcome> {
    let r = report_in_scope(w.tx, w.actor, id).await?;
    if r.status == zhifa_core::annual::ReportStatus::Published {
        return Err(StoreError::Conflict("年报已公开".into()));
    }
    let figures = match r.body_id {
        Some(_) => {
            let edited: Vec<String> =
                w.tx.scalar_all(query("SELECT metric FROM annual_report_edits WHERE report_id = $1").bind(id)).await?;
            let missing = zhifa_core::annual::unconfirmed(edited.iter().map(String::as_str));
            if !missing.is_empty() {
                let names = missing.iter().map(|m| format!("“{}”", m.label)).collect::<Vec<_>>().join("、");
                return Err(Invalid::field(
                    "figures",
                    format!("{names}不在本系统数据中，须依复议决定书、裁判文书核实填报（更正并说明来源）后才能公开"),
                )
                .into());
            }
            r.figures.clone()
        }
        None => {
            let rows: Vec<(String, String)> =
                w.tx.fetch_all(
                    query("SELECT status, figures FROM annual_reports WHERE year = $1 AND body_id IS NOT NULL")
                        .bind(r.year),
                )
                .await?;
            let waiting = rows.iter().filter(|(s, _)| s != "published").count();
            if waiting > 0 {
                return Err(StoreError::Conflict(format!(
                    "尚有{waiting}个执法主体的年报未公开，全区年报须在各主体年报公开后汇总公开"
                )));
            }
            let all: Vec<zhifa_core::annual::Figures> =
                rows.iter().map(|(_, f)| serde_json::from_str(f).unwrap_or_default()).collect();
            serde_json::to_string(&zhifa_core::annual::sum(&all)).map_err(|e| StoreError::Corrupt(e.to_string()))?
        }
    };
    let t = now();
    w.tx.execute(query("UPDATE annual_reports SET status = 'published', figures = $1, published_at = $2, published_by = $3, updated_at = $2 WHERE id = $4").bind(&figures).bind(t).bind(w.actor.user_id).bind(id)).await?;
    let row: crate::model::AnnualReport =
        w.tx.fetch_one(query("SELECT * FROM annual_reports WHERE id = $1").bind(id)).await?;
    let seq = w.record(r.body_id, "annual_report.publish", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Parses the counted steps' rows (step kind, data).
pub(crate) fn step_facts(rows: Vec<(String, String)>) -> Result<Vec<StepFact>> {
    rows.into_iter()
        .map(|(sk, data)| {
            Ok(StepFact {
                kind: StepKind::parse(&sk).map_err(crate::StoreError::Corrupt)?,
                data: serde_json::from_str::<StepData>(&data).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?,
            })
        })
        .collect()
}

/// A report with its body and corrections.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReportFile {
    /// the report
    pub report: AnnualReport,
    /// its body (none for the district)
    pub body: Option<Body>,
    /// corrections, oldest first
    pub edits: Vec<AnnualReportEdit>,
}

impl Store {
    /// A report by id, within `scope` (the district's report is visible to every signed-in
    /// scope: its figures are the sum of published reports).
    pub async fn annual_report(&self, id: i64, scope: Scope) -> Result<Option<ReportFile>> {
        let r: Option<AnnualReport> =
            self.fetch_optional(query("SELECT * FROM annual_reports WHERE id = $1").bind(id)).await?;
        let Some(report) = r else { return Ok(None) };
        if let Some(b) = report.body_id
            && !scope.covers(b)
        {
            return Ok(None);
        }
        Ok(Some(self.report_file(report).await?))
    }

    async fn report_file(&self, report: AnnualReport) -> Result<ReportFile> {
        let body = match report.body_id {
            Some(b) => self.get_body(b).await?,
            None => None,
        };
        let edits = self
            .fetch_all(query("SELECT * FROM annual_report_edits WHERE report_id = $1 ORDER BY id").bind(report.id))
            .await?;
        Ok(ReportFile { report, body, edits })
    }

    /// The reports of a year within `scope` (the district's row included), bodies in id order.
    pub async fn annual_reports(&self, year: i32, scope: Scope) -> Result<Vec<AnnualReport>> {
        let all: Vec<AnnualReport> = self
            .fetch_all(
                query("SELECT * FROM annual_reports WHERE year = $1 ORDER BY body_id IS NOT NULL, body_id")
                    .bind(i64::from(year)),
            )
            .await?;
        Ok(all.into_iter().filter(|r| r.body_id.is_none_or(|b| scope.covers(b))).collect())
    }

    /// The years with a published district report or body report, newest first.
    pub async fn annual_report_years(&self) -> Result<Vec<i64>> {
        self.scalar_all(query("SELECT DISTINCT year FROM annual_reports WHERE status = 'published' ORDER BY year DESC"))
            .await
    }

    /// Every report of a year with its body and corrections, the district's first, read in
    /// three queries (the reports, their corrections, the bodies).
    pub async fn annual_report_files(&self, year: i32) -> Result<Vec<ReportFile>> {
        let rows = self.annual_reports(year, Scope::All).await?;
        let mut edits: Vec<AnnualReportEdit> = self.fetch_all(query("SELECT e.* FROM annual_report_edits e JOIN annual_reports r ON r.id = e.report_id WHERE r.year = $1 ORDER BY e.id").bind(i64::from(year))).await?;
        let bodies = self.list_bodies().await?;
        Ok(rows
            .into_iter()
            .map(|report| {
                let mine;
                (mine, edits) = edits.drain(..).partition(|e| e.report_id == report.id);
                let body = bodies.iter().find(|b| Some(b.id) == report.body_id).cloned();
                ReportFile { report, body, edits: mine }
            })
            .collect())
    }

    /// The published reports of a year with their corrections (the public view).
    pub async fn published_annual_reports(&self, year: i32) -> Result<Vec<ReportFile>> {
        let mut all = self.annual_report_files(year).await?;
        all.retain(|f| f.report.status == zhifa_core::annual::ReportStatus::Published);
        Ok(all)
    }
}
