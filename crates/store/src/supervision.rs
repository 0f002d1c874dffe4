//! 执法监督预警的存储: the clues the warning rules raise and the district's thresholds, both
//! journaled. [`sync_clues`] brings one subject's open clues in line with what the rules find
//! now, in one savepoint: a finding with the same facts leaves its clue as it is (a clue
//! never repeats), changed facts close the clue as `superseded` and raise a new one, and a
//! finding that is gone closes its clue as `resolved`. Nothing is ever deleted.

use crate::db::now;
use crate::db::query::query;
use crate::journal::Write;
use crate::model::{Clue, WarningSettings};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use zhifa_core::access::Scope;
use zhifa_core::error::Invalid;
use zhifa_core::supervision::{Severity, Thresholds};

/// A clue as a rule raises it (before it is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClue {
    /// rule id
    pub rule: String,
    /// rule version
    pub rule_version: i64,
    /// which finding of the subject
    pub finding: String,
    /// body
    pub body_id: i64,
    /// case
    pub case_id: Option<i64>,
    /// officer
    pub officer_id: Option<i64>,
    /// severity
    pub severity: Severity,
    /// what was found
    pub summary: String,
    /// the facts (canonical JSON)
    pub inputs: String,
    /// their SHA-256
    pub inputs_hash: String,
}

/// Brings the open clues of `subject` in line with `hits`; returns the number of clues raised
/// or closed as the outcome's id (0: nothing changed, and nothing was journaled).
pub(crate) async fn sync_clues(w: &mut Write<'_, '_>, subject: String, hits: Vec<NewClue>) -> Result<Outcome> {
    w.actor.district_wide("预警线索")?;
    let open: Vec<Clue> = w
        .tx
        .fetch_all(query("SELECT * FROM clues WHERE subject = $1 AND closed_at IS NULL ORDER BY id").bind(&subject))
        .await?;
    let same = |c: &Clue, h: &NewClue| c.rule == h.rule && c.finding == h.finding;
    let t = now();
    let (mut changes, mut last_seq) = (0i64, 0i64);
    for c in open.iter().filter(|c| !hits.iter().any(|h| same(c, h))) {
        last_seq = close(w, c, "resolved", None, t).await?;
        changes += 1;
    }
    for h in hits {
        let old = open.iter().find(|c| same(c, &h));
        if old.is_some_and(|c| c.inputs_hash == h.inputs_hash) {
            continue;
        }
        if let Some(c) = old {
            // The one open clue per finding is closed first (a unique index holds it).
            w.tx.execute(
                query("UPDATE clues SET closed_at = $1, close_reason = 'superseded' WHERE id = $2").bind(t).bind(c.id),
            )
            .await?;
        }
        let row: Clue = w
            .tx
            .fetch_one(
                query(
                    "INSERT INTO clues (rule, rule_version, subject, finding, body_id, case_id, officer_id, severity, \
                     summary, inputs, inputs_hash, raised_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING *",
                )
                .bind(&h.rule)
                .bind(h.rule_version)
                .bind(&subject)
                .bind(&h.finding)
                .bind(h.body_id)
                .bind(h.case_id)
                .bind(h.officer_id)
                .bind(h.severity.code())
                .bind(&h.summary)
                .bind(&h.inputs)
                .bind(&h.inputs_hash)
                .bind(t),
            )
            .await
            .map_err(|e| e.unique_as(|| "该线索已由其他进程记录".to_string()))?;
        last_seq = w.record_new(Some(row.body_id), "clue.raise", &row).await?;
        changes += 1;
        if let Some(c) = old {
            last_seq = close(w, c, "superseded", Some(row.id), t).await?;
            changes += 1;
        }
    }
    Ok(Outcome::new(changes, last_seq))
}

/// Closes a clue with its reason (the row may already carry the closing time) and journals it.
async fn close(w: &mut Write<'_, '_>, c: &Clue, reason: &str, by: Option<i64>, t: DateTime<Utc>) -> Result<i64> {
    let row: Clue =
        w.tx.fetch_one(
            query(
                "UPDATE clues SET closed_at = COALESCE(closed_at, $1), close_reason = $2, superseded_by = $3 \
                 WHERE id = $4 RETURNING *",
            )
            .bind(t)
            .bind(reason)
            .bind(by)
            .bind(c.id),
        )
        .await?;
    w.record(Some(row.body_id), "clue.close", &row).await
}

/// Sets the district's thresholds, with the reason.
pub(crate) async fn set_thresholds(w: &mut Write<'_, '_>, thresholds: Thresholds, reason: String) -> Result<Outcome> {
    w.actor.district_wide("预警设置")?;
    let mut inv = Invalid::default();
    let reason = zhifa_core::error::required_text(&mut inv, "reason", "调整理由", &reason, 1000);
    for (field, message) in thresholds.validate().err().unwrap_or_default() {
        inv.push(field, message);
    }
    inv.into_result(())?;
    let text = serde_json::to_string(&thresholds).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row: WarningSettings =
        w.tx.fetch_one(
            query("INSERT INTO warning_settings (thresholds, reason, set_by, set_at) VALUES ($1,$2,$3,$4) RETURNING *")
                .bind(&text)
                .bind(&reason)
                .bind(w.actor.user_id)
                .bind(now()),
        )
        .await?;
    let seq = w.record_new(None, "warning.settings", &row).await?;
    Ok(Outcome::new(row.id, seq))
}

/// Which clues to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ClueFilter {
    /// `open` (the default), `closed` or `all`
    pub status: Option<String>,
    /// rule id (W01 …)
    pub rule: Option<String>,
    /// `yellow` or `red`
    pub severity: Option<String>,
    /// body
    pub body_id: Option<i64>,
    /// case
    pub case_id: Option<i64>,
    /// officer
    pub officer_id: Option<i64>,
    /// at most this many (default 200, at most 1000)
    pub limit: Option<i64>,
}

/// A journal entry that may change what a warning rule finds, with the case or officer it
/// concerns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WarningEvent {
    /// journal sequence number
    pub seq: i64,
    /// the table written
    pub object_table: String,
    /// the case concerned
    pub case_id: Option<i64>,
    /// the officer concerned
    pub officer_id: Option<i64>,
    /// the account concerned (a view of a protected record)
    pub user_id: Option<i64>,
    /// for a step: its kind code
    pub step_kind: Option<String>,
}

/// One view of a protected record by an account, with the handling officers of the case the
/// record belongs to (if it belongs to one).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountView {
    /// the account
    pub user_id: i64,
    /// when
    pub at: DateTime<Utc>,
    /// the kind of record
    pub object_table: String,
    /// the record
    pub object_id: i64,
    /// the handling officers (JSON array) of the record's case
    pub case_officers: Option<String>,
}

/// The records one batch of cases is judged on: the cases, their steps in order and their
/// publication tasks.
#[derive(Debug, Default)]
pub struct CaseBatch {
    /// the cases, by id
    pub cases: Vec<crate::model::Case>,
    /// their steps, by case then number
    pub steps: Vec<crate::model::CaseStep>,
    /// their publication tasks
    pub publications: Vec<crate::model::Publication>,
}

/// Open cases: not yet closed or archived.
pub const OPEN_CASE: &str = "stage NOT IN ('closed', 'archived', 'supplementing')";

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// One subject's open clues as (rule, finding, inputs hash), for a quick comparison before a
/// sync is queued.
pub type OpenKeys = Vec<(String, String, String)>;

impl Store {
    /// The thresholds in force: the latest set, or the shipped defaults.
    pub async fn warning_thresholds(&self) -> Result<Thresholds> {
        let text: Option<String> =
            self.scalar_optional(query("SELECT thresholds FROM warning_settings ORDER BY id DESC LIMIT 1")).await?;
        match text {
            Some(t) => serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("预警设置：{e}"))),
            None => Ok(Thresholds::default()),
        }
    }

    /// Every change of the thresholds, newest first.
    pub async fn warning_settings_history(&self) -> Result<Vec<WarningSettings>> {
        self.fetch_all(query("SELECT * FROM warning_settings ORDER BY id DESC LIMIT 100")).await
    }

    /// Clues in `scope`, newest first.
    pub async fn clues(&self, scope: Scope, f: &ClueFilter) -> Result<Vec<Clue>> {
        let status = match f.status.as_deref().unwrap_or("open") {
            "open" => Some(true),
            "closed" => Some(false),
            "all" => None,
            other => return Err(Invalid::field("status", format!("状态“{other}”无效，可选：open、closed、all")).into()),
        };
        let severity = f
            .severity
            .as_deref()
            .map(Severity::parse)
            .transpose()
            .map_err(|e| Invalid::field("severity", e))?
            .map(Severity::code);
        self.fetch_all(
            query(
                "SELECT * FROM clues WHERE ($1 IS NULL OR body_id = $1) \
                 AND ($2 IS NULL OR (closed_at IS NULL) = $2) AND ($3 IS NULL OR rule = $3) \
                 AND ($4 IS NULL OR severity = $4) AND ($5 IS NULL OR case_id = $5) AND ($6 IS NULL OR officer_id = $6) \
                 AND ($7 IS NULL OR body_id = $7) ORDER BY raised_at DESC, id DESC LIMIT $8",
            )
            .bind(scope.body())
            .bind(status)
            .bind(f.rule.as_deref())
            .bind(severity)
            .bind(f.case_id)
            .bind(f.officer_id)
            .bind(f.body_id)
            .bind(f.limit.unwrap_or(200).clamp(1, 1000)),
        )
        .await
    }

    /// One clue, in `scope`.
    pub async fn clue(&self, scope: Scope, id: i64) -> Result<Option<Clue>> {
        let c: Option<Clue> = self.fetch_optional(query("SELECT * FROM clues WHERE id = $1").bind(id)).await?;
        Ok(c.filter(|c| scope.covers(c.body_id)))
    }

    /// The open clues of each of `subjects`, for comparing with what the rules find.
    pub async fn open_clue_keys(&self, subjects: &[String]) -> Result<std::collections::HashMap<String, OpenKeys>> {
        let mut out: std::collections::HashMap<String, OpenKeys> = std::collections::HashMap::new();
        for chunk in subjects.chunks(500) {
            let list = chunk.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(",");
            let rows: Vec<(String, String, String, String)> = self
                .fetch_all(crate::db::query::query_built(format!(
                    "SELECT subject, rule, finding, inputs_hash FROM clues WHERE closed_at IS NULL AND subject IN ({list})"
                )))
                .await?;
            for (s, r, f, h) in rows {
                out.entry(s).or_default().push((r, f, h));
            }
        }
        Ok(out)
    }

    /// The journal entries after `after` that may change a warning, in order, at most `limit`.
    pub async fn warning_events(&self, after: i64, limit: i64) -> Result<Vec<WarningEvent>> {
        self.fetch_all(
            query(
                "SELECT l.seq, l.object_table, \
                   CASE l.object_table WHEN 'cases' THEN l.object_id WHEN 'case_steps' THEN s.case_id \
                     WHEN 'publications' THEN p.case_id END AS case_id, \
                   CASE l.object_table WHEN 'officers' THEN l.object_id WHEN 'certificates' THEN c.officer_id \
                     WHEN 'certificate_events' THEN ce.officer_id END AS officer_id, \
                   CASE WHEN l.object_table = 'access_log' THEN l.actor_user_id END AS user_id, \
                   s.kind AS step_kind \
                 FROM change_log l \
                 LEFT JOIN case_steps s ON l.object_table = 'case_steps' AND s.id = l.object_id \
                 LEFT JOIN publications p ON l.object_table = 'publications' AND p.id = l.object_id \
                 LEFT JOIN certificates c ON l.object_table = 'certificates' AND c.id = l.object_id \
                 LEFT JOIN certificate_events e ON l.object_table = 'certificate_events' AND e.id = l.object_id \
                 LEFT JOIN certificates ce ON ce.id = e.certificate_id \
                 WHERE l.seq > $1 AND l.object_table IN ('cases', 'case_steps', 'publications', 'officers', \
                   'certificates', 'certificate_events', 'warning_settings', 'holiday_years', 'access_log') \
                 ORDER BY l.seq LIMIT $2",
            )
            .bind(after)
            .bind(limit.clamp(1, 10_000)),
        )
        .await
    }

    /// The ids of the cases after `after`, in order, at most `limit` (a full recompute walks
    /// them in pages).
    pub async fn case_ids_after(&self, after: i64, limit: i64) -> Result<Vec<i64>> {
        self.scalar_all(query("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2").bind(after).bind(limit)).await
    }

    /// The records of the cases `ids`, read in three queries.
    pub async fn case_batch(&self, ids: &[i64]) -> Result<CaseBatch> {
        if ids.is_empty() {
            return Ok(CaseBatch::default());
        }
        let list = id_list(ids);
        let built = crate::db::query::query_built;
        Ok(CaseBatch {
            cases: self.fetch_all(built(format!("SELECT * FROM cases WHERE id IN ({list}) ORDER BY id"))).await?,
            steps: self
                .fetch_all(built(format!("SELECT * FROM case_steps WHERE case_id IN ({list}) ORDER BY case_id, seq")))
                .await?,
            publications: self
                .fetch_all(built(format!("SELECT * FROM publications WHERE case_id IN ({list}) ORDER BY id")))
                .await?,
        })
    }

    /// The officers `ids` with their certificates.
    pub async fn officers_with_certificates(
        &self,
        ids: &[i64],
    ) -> Result<(Vec<crate::model::Officer>, Vec<crate::model::Certificate>)> {
        if ids.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let list = id_list(ids);
        let built = crate::db::query::query_built;
        Ok((
            self.fetch_all(built(format!("SELECT * FROM officers WHERE id IN ({list}) ORDER BY id"))).await?,
            self.fetch_all(built(format!("SELECT * FROM certificates WHERE officer_id IN ({list}) ORDER BY id")))
                .await?,
        ))
    }

    /// The handling officers (JSON arrays) of the open cases of `body`, or of every body.
    pub async fn open_case_officers(&self, body: Option<i64>) -> Result<Vec<String>> {
        self.scalar_all(
            crate::db::query::query_built(format!(
                "SELECT officer_ids FROM cases WHERE {OPEN_CASE} AND ($1 IS NULL OR body_id = $1)"
            ))
            .bind(body),
        )
        .await
    }

    /// Every view by the accounts `ids`, with the handling officers of the viewed record's case.
    pub async fn account_views(&self, ids: &[i64]) -> Result<Vec<AccountView>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(ids);
        self.fetch_all(crate::db::query::query_built(format!(
            "SELECT a.user_id, a.at, a.object_table, a.object_id, COALESCE(c1.officer_ids, c2.officer_ids) AS case_officers \
             FROM access_log a \
             LEFT JOIN documents d ON a.object_table = 'documents' AND d.id = a.object_id \
             LEFT JOIN evidence e ON a.object_table IN ('evidence', 'evidence_file') AND e.id = a.object_id \
             LEFT JOIN cases c1 ON c1.id = (CASE WHEN a.object_table = 'cases' THEN a.object_id ELSE d.case_id END) \
             LEFT JOIN cases c2 ON c2.number = e.case_number \
             WHERE a.user_id IN ({list}) ORDER BY a.id"
        )))
        .await
    }

    /// The ids of every officer.
    pub async fn officer_ids(&self) -> Result<Vec<i64>> {
        self.scalar_all(query("SELECT id FROM officers ORDER BY id")).await
    }

    /// Open clues by body and severity: (body, severity code, count).
    pub async fn open_clue_counts(&self, scope: Scope) -> Result<Vec<(i64, String, i64)>> {
        self.fetch_all(
            query(
                "SELECT body_id, severity, COUNT(*) FROM clues WHERE closed_at IS NULL AND ($1 IS NULL OR body_id = $1) \
                 GROUP BY body_id, severity ORDER BY body_id, severity",
            )
            .bind(scope.body()),
        )
        .await
    }
}
