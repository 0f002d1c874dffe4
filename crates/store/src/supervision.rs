//! 执法监督预警的存储: the clues the warning rules raise and the district's thresholds, both
//! journaled. [`sync_clues`] brings one subject's open clues in line with what the rules find
//! now, in one savepoint: a finding with the same facts leaves its clue as it is (a clue
//! never repeats), changed facts close the clue as `superseded` and raise a new one, and a
//! finding that is gone closes its clue as `resolved`. Nothing is ever deleted.

use crate::db::now;
use crate::db::query::query;
use crate::journal::Write;
use crate::model::{Clue, ClueAction, NoticeReply, SupervisionNotice, WarningSettings};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use utoipa::{IntoParams, ToSchema};
use zhifa_core::access::Scope;
use zhifa_core::calendar::Calendar;
use zhifa_core::error::Invalid;
use zhifa_core::supervision::oversight::{
    ClueAct, ConcludeInput, NoticeDraft, NoticeStatus, NoticeText, ReplyInput, Route, notice_markup, reply_deadline,
};
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
    /// the supervision document concerned
    pub notice_id: Option<i64>,
    /// the complaint concerned
    pub complaint_id: Option<i64>,
    /// the body the entry was journaled for
    pub body_id: Option<i64>,
    /// what the entry records (`case.create` …)
    pub kind: String,
    /// for a step: its kind code
    pub step_kind: Option<String>,
    /// for a step: its id
    pub step_id: Option<i64>,
}

/// A step with its case's number, body, power item and officers (W08 reads the decisions, W16
/// the field records).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    /// step id
    pub id: i64,
    /// case
    pub case_id: i64,
    /// the case's body
    pub body_id: i64,
    /// 案件编号
    pub number: String,
    /// the case's power item
    pub power_item_code: String,
    /// the case's officers (JSON)
    pub officer_ids: String,
    /// step kind code
    pub kind: String,
    /// when
    pub occurred_at: DateTime<Utc>,
    /// the step's data (JSON)
    pub data: String,
}

/// The columns of a [`StepRow`].
const STEP_ROW: &str = "SELECT s.id, s.case_id, c.body_id, c.number, c.power_item_code, c.officer_ids, s.kind, \
                        s.occurred_at, s.data FROM case_steps s JOIN cases c ON c.id = s.case_id";

/// The step kinds of a decision with a penalty (W08).
const FINE_STEPS: &str = "('decide', 'onsite_decision')";

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

/// The records one batch of cases is judged on: the cases, their steps in order, their
/// publication tasks and their evidence.
#[derive(Debug, Default)]
pub struct CaseBatch {
    /// the cases, by id
    pub cases: Vec<crate::model::Case>,
    /// their steps, by case then number
    pub steps: Vec<crate::model::CaseStep>,
    /// their publication tasks
    pub publications: Vec<crate::model::Publication>,
    /// their evidence, by case number
    pub evidence: Vec<zhifa_core::case::EvidenceFact>,
}

/// A body with what W15 looks at.
#[derive(Debug, Clone)]
pub struct BodyActivity {
    /// the body
    pub body: crate::model::Body,
    /// its power items in force, each with the first day it was in force and when a case was
    /// last registered under it
    pub items: Vec<(crate::model::PowerItem, NaiveDate, Option<DateTime<Utc>>)>,
    /// when it last registered an inspection or penalty case
    pub last_enforcement: Option<DateTime<Utc>>,
}

/// An inspection case as W17 reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InspectionRow {
    /// id
    pub id: i64,
    /// 案件编号
    pub number: String,
    /// the inspecting body
    pub body_id: i64,
    /// the parties (JSON)
    pub parties: String,
    /// registered
    pub created_at: DateTime<Utc>,
}

/// Open cases: not yet closed or archived.
pub const OPEN_CASE: &str = "stage NOT IN ('closed', 'archived', 'supplementing')";

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// One subject's open clues as (rule, finding, inputs hash), for a quick comparison before a
/// sync is queued.
pub type OpenKeys = Vec<(String, String, String)>;

/// The latest warning settings' text.
pub(crate) const THRESHOLDS: &str = "SELECT thresholds FROM warning_settings ORDER BY id DESC LIMIT 1";

/// The thresholds of the latest settings' text, or the shipped defaults when none were set.
pub(crate) fn thresholds_of(text: Option<String>) -> Result<Thresholds> {
    match text {
        Some(t) => serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("预警设置：{e}"))),
        None => Ok(Thresholds::default()),
    }
}

/// The justice bureau's body (the supervising body): the first one registered as such.
pub(crate) const BUREAU: &str = "SELECT * FROM bodies WHERE is_supervisor ORDER BY id LIMIT 1";

/// The enforcement body `id` named in `field`: it exists, and is not the bureau itself (then
/// `bureau` says why).
pub(crate) async fn enforcement_body(
    w: &mut Write<'_, '_>,
    id: i64,
    field: &str,
    bureau: &str,
) -> Result<crate::model::Body> {
    let body: Option<crate::model::Body> =
        w.tx.fetch_optional(query("SELECT * FROM bodies WHERE id = $1").bind(id)).await?;
    match body {
        None => Err(Invalid::field(field, "执法主体不存在").into()),
        Some(b) if b.is_supervisor => Err(Invalid::field(field, bureau).into()),
        Some(b) => Ok(b),
    }
}

impl Store {
    /// The thresholds in force: the latest set, or the shipped defaults.
    pub async fn warning_thresholds(&self) -> Result<Thresholds> {
        thresholds_of(self.scalar_optional(query(THRESHOLDS)).await?)
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
                     WHEN 'publications' THEN p.case_id WHEN 'evidence' THEN evc.id END AS case_id, \
                   CASE l.object_table WHEN 'officers' THEN l.object_id WHEN 'certificates' THEN c.officer_id \
                     WHEN 'certificate_events' THEN ce.officer_id END AS officer_id, \
                   CASE WHEN l.object_table = 'access_log' THEN l.actor_user_id END AS user_id, \
                   CASE WHEN l.object_table = 'supervision_notices' THEN l.object_id END AS notice_id, \
                   CASE WHEN l.object_table = 'complaints' THEN l.object_id END AS complaint_id, \
                   l.body_id, l.kind, \
                   s.kind AS step_kind, \
                   CASE WHEN l.object_table = 'case_steps' THEN l.object_id END AS step_id \
                 FROM change_log l \
                 LEFT JOIN case_steps s ON l.object_table = 'case_steps' AND s.id = l.object_id \
                 LEFT JOIN publications p ON l.object_table = 'publications' AND p.id = l.object_id \
                 LEFT JOIN evidence ev ON l.object_table = 'evidence' AND ev.id = l.object_id \
                 LEFT JOIN cases evc ON evc.number = ev.case_number AND evc.body_id = ev.body_id \
                 LEFT JOIN certificates c ON l.object_table = 'certificates' AND c.id = l.object_id \
                 LEFT JOIN certificate_events e ON l.object_table = 'certificate_events' AND e.id = l.object_id \
                 LEFT JOIN certificates ce ON ce.id = e.certificate_id \
                 WHERE l.seq > $1 AND l.object_table IN ('cases', 'case_steps', 'publications', 'evidence', 'officers', \
                   'certificates', 'certificate_events', 'warning_settings', 'holiday_years', 'access_log', \
                   'supervision_notices', 'power_items', 'complaints', 'body_lists', 'review_lists') \
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

    /// The records of the cases `ids`, read in four queries.
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
            evidence: self
                .fetch_all::<crate::model::Evidence>(built(format!(
                    "SELECT e.* FROM evidence e JOIN cases c ON c.number = e.case_number AND c.body_id = e.body_id \
                     WHERE c.id IN ({list}) ORDER BY e.id"
                )))
                .await?
                .into_iter()
                .map(|e| zhifa_core::case::EvidenceFact {
                    id: e.id,
                    kind: e.kind,
                    case_number: e.case_number,
                    captured_at: e.captured_at,
                    live: e.status == zhifa_core::evidence::EvidenceStatus::Active,
                })
                .collect(),
        })
    }

    /// What W09 needs of the decided cases of `batch`: for each case with a decision the review
    /// stands before, the requirement on the day of its latest decision (computed as the gate
    /// computes it: the marks recorded by then, its hearing, the body's review list in force that
    /// day) and the review file's events with their times.
    pub async fn case_reviews(
        &self,
        batch: &CaseBatch,
    ) -> Result<HashMap<i64, zhifa_core::supervision::cases::ReviewRecord>> {
        use zhifa_core::case::machine::is_decision;
        let mut decided: HashMap<i64, DateTime<Utc>> = HashMap::new();
        for st in batch.steps.iter().filter(|st| is_decision(st.kind)) {
            decided.insert(st.case_id, st.occurred_at);
        }
        if decided.is_empty() {
            return Ok(HashMap::new());
        }
        let mut ids: Vec<i64> = decided.keys().copied().collect();
        ids.sort_unstable();
        let list = id_list(&ids);
        let cases: Vec<&crate::model::Case> = batch.cases.iter().filter(|c| decided.contains_key(&c.id)).collect();
        let bodies: BTreeSet<i64> = cases.iter().map(|c| c.body_id).collect();
        let items: BTreeSet<i64> = cases.iter().map(|c| c.power_item_id).collect();
        let built = crate::db::query::query_built;
        let events: Vec<crate::model::ReviewEvent> = self
            .fetch_all(built(format!("SELECT * FROM review_events WHERE case_id IN ({list}) ORDER BY case_id, seq")))
            .await?;
        let marks: Vec<(i64, String, DateTime<Utc>)> = self
            .fetch_all(built(format!(
                "SELECT case_id, marks, created_at FROM review_marks WHERE case_id IN ({list}) ORDER BY id"
            )))
            .await?;
        let lists: Vec<crate::model::ReviewList> = self
            .fetch_all(built(format!(
                "SELECT * FROM review_lists WHERE body_id IN ({}) ORDER BY version",
                id_list(&bodies.into_iter().collect::<Vec<_>>())
            )))
            .await?;
        let hearing: HashMap<i64, bool> = self
            .fetch_all::<(i64, bool)>(built(format!(
                "SELECT id, hearing FROM power_items WHERE id IN ({})",
                id_list(&items.into_iter().collect::<Vec<_>>())
            )))
            .await?
            .into_iter()
            .collect();
        let mut out = HashMap::new();
        for c in cases {
            let at = decided[&c.id];
            let day = zhifa_core::time::shanghai_date(at);
            let m = match marks.iter().rev().find(|(id, _, when)| *id == c.id && *when <= at) {
                Some((_, m, _)) => serde_json::from_str(m).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                None => zhifa_core::review::Marks::default(),
            };
            let in_force =
                lists.iter().filter(|l| l.body_id == c.body_id && l.effective_from <= day).max_by_key(|l| l.version);
            let items = match in_force {
                Some(l) => l.item_list()?,
                None => Vec::new(),
            };
            let steps: Vec<crate::model::CaseStep> =
                batch.steps.iter().filter(|st| st.case_id == c.id).cloned().collect();
            let requirement = crate::review::requirement_of(
                c,
                &steps,
                &m,
                &items,
                hearing.get(&c.power_item_id).copied().unwrap_or(false),
            )?;
            let events = events
                .iter()
                .filter(|e| e.case_id == c.id)
                .map(|e| Ok((e.core()?, e.created_at)))
                .collect::<Result<Vec<_>>>()?;
            let recorded_at = steps.iter().map(|st| st.recorded_at).collect();
            out.insert(c.id, zhifa_core::supervision::cases::ReviewRecord { requirement, events, recorded_at });
        }
        Ok(out)
    }

    /// Every version of the discretion standards (裁量基准) of the bodies `ids`, by body and
    /// version.
    pub async fn discretion_lists(&self, ids: &[i64]) -> Result<Vec<crate::model::BodyList>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_all(crate::db::query::query_built(format!(
            "SELECT * FROM body_lists WHERE kind = 'discretion' AND body_id IN ({}) ORDER BY body_id, version",
            id_list(ids)
        )))
        .await
    }

    /// The decisions with a penalty of the power item `item` (every item when None) made in
    /// `[from, to)`, by case and step (W08).
    pub async fn decisions_between(
        &self,
        item: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<StepRow>> {
        let built = crate::db::query::query_built;
        let q = match item {
            Some(code) => built(format!(
                "{STEP_ROW} WHERE c.power_item_code = $1 AND s.kind IN {FINE_STEPS} AND s.occurred_at >= $2 \
                 AND s.occurred_at < $3 ORDER BY s.case_id, s.seq"
            ))
            .bind(code),
            None => built(format!(
                "{STEP_ROW} WHERE s.kind IN {FINE_STEPS} AND s.occurred_at >= $1 AND s.occurred_at < $2 \
                 ORDER BY s.case_id, s.seq"
            )),
        };
        self.fetch_all(q.bind(from).bind(to)).await
    }

    /// The field records (kinds `kinds`) made in `[from, to)`, by time (W16).
    pub async fn field_steps_between(
        &self,
        kinds: &[&str],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<StepRow>> {
        let kinds = kinds.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ");
        self.fetch_all(
            crate::db::query::query_built(format!(
                "{STEP_ROW} WHERE s.kind IN ({kinds}) AND s.occurred_at >= $1 AND s.occurred_at < $2 \
                 ORDER BY s.occurred_at, s.id"
            ))
            .bind(from)
            .bind(to),
        )
        .await
    }

    /// The time of the earliest step, if any (the full recompute of W16 walks from it).
    pub async fn first_step_at(&self) -> Result<Option<DateTime<Utc>>> {
        self.scalar_optional(query("SELECT occurred_at FROM case_steps ORDER BY occurred_at LIMIT 1")).await
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

    /// Every version of every power item of the bodies `ids`.
    pub async fn power_items_of(&self, ids: &[i64]) -> Result<Vec<crate::model::PowerItem>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_all(crate::db::query::query_built(format!(
            "SELECT * FROM power_items WHERE body_id IN ({}) ORDER BY body_id, code, version",
            id_list(ids)
        )))
        .await
    }

    /// The status changes of the certificates `ids`, in order of effect.
    pub async fn certificate_changes(&self, ids: &[i64]) -> Result<Vec<crate::model::CertificateEvent>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_all(crate::db::query::query_built(format!(
            "SELECT * FROM certificate_events WHERE certificate_id IN ({}) ORDER BY certificate_id, effective_date, id",
            id_list(ids)
        )))
        .await
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

    /// The bodies `ids` (every enforcement body when `None`) with their power lists in force on
    /// `today`, when each item was first in force and last used, and their last inspection or
    /// penalty case.
    pub async fn body_activity(&self, ids: Option<&[i64]>, today: NaiveDate) -> Result<Vec<BodyActivity>> {
        let bodies: Vec<crate::model::Body> = self
            .list_bodies()
            .await?
            .into_iter()
            .filter(|b| !b.is_supervisor && ids.is_none_or(|ids| ids.contains(&b.id)))
            .collect();
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(&bodies.iter().map(|b| b.id).collect::<Vec<_>>());
        let built = crate::db::query::query_built;
        let first: Vec<(i64, String, NaiveDate)> = self
            .fetch_all(built(format!(
                "SELECT body_id, code, MIN(effective_from) FROM power_items WHERE body_id IN ({list}) GROUP BY body_id, code"
            )))
            .await?;
        let used: Vec<(i64, String, DateTime<Utc>)> = self
            .fetch_all(built(format!(
                "SELECT body_id, power_item_code, MAX(created_at) FROM cases WHERE body_id IN ({list}) \
                 GROUP BY body_id, power_item_code"
            )))
            .await?;
        let enforced: Vec<(i64, DateTime<Utc>)> = self
            .fetch_all(built(format!(
                "SELECT body_id, MAX(created_at) FROM cases WHERE kind IN ('inspection', 'penalty_general', 'penalty_simple') \
                 AND body_id IN ({list}) GROUP BY body_id"
            )))
            .await?;
        let mut out = Vec::new();
        for b in bodies {
            let items = self
                .power_items_in_force(b.id, today)
                .await?
                .into_iter()
                .map(|p| {
                    let since = first.iter().find(|f| f.0 == b.id && f.1 == p.code).map_or(p.effective_from, |f| f.2);
                    let last = used.iter().find(|u| u.0 == b.id && u.1 == p.code).map(|u| u.2);
                    (p, since, last)
                })
                .collect();
            let last_enforcement = enforced.iter().find(|e| e.0 == b.id).map(|e| e.1);
            out.push(BodyActivity { body: b, items, last_enforcement });
        }
        Ok(out)
    }

    /// The inspection cases registered since `from`: (id, number, body, parties JSON, registered).
    pub async fn inspections_since(&self, from: DateTime<Utc>) -> Result<Vec<InspectionRow>> {
        self.fetch_all(
            query(
                "SELECT id, number, body_id, parties, created_at FROM cases WHERE kind = 'inspection' AND created_at >= $1 \
                 ORDER BY created_at, id",
            )
            .bind(from),
        )
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

/// 督办 on a clue that can still be acted on: not replaced by a newer clue, not dismissed.
async fn actionable_clue(w: &mut Write<'_, '_>, clue_id: i64) -> Result<Clue> {
    let c: Clue =
        w.tx.fetch_optional(query("SELECT * FROM clues WHERE id = $1").bind(clue_id))
            .await?
            .ok_or(StoreError::NotFound("预警线索"))?;
    if let Some(next) = c.superseded_by {
        return Err(StoreError::Conflict(format!("该线索的事实已变化，由线索{next}接续，请处置新线索")));
    }
    let dismissed: Option<i64> =
        w.tx.scalar_optional(query("SELECT id FROM clue_actions WHERE clue_id = $1 AND act = 'dismiss'").bind(clue_id))
            .await?;
    if dismissed.is_some() {
        return Err(StoreError::Conflict("该线索已决定不予处理".into()));
    }
    Ok(c)
}

async fn record_act(
    w: &mut Write<'_, '_>,
    clue: &Clue,
    act: ClueAct,
    route: Option<Route>,
    note: Option<&str>,
    notice_id: Option<i64>,
) -> Result<(i64, i64)> {
    let row: ClueAction =
        w.tx.fetch_one(
            query(
                "INSERT INTO clue_actions (clue_id, act, route, note, notice_id, acted_by, acted_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *",
            )
            .bind(clue.id)
            .bind(act.code())
            .bind(route.map(Route::code))
            .bind(note)
            .bind(notice_id)
            .bind(w.actor.user_id)
            .bind(now()),
        )
        .await?;
    let seq = w.record_new(Some(clue.body_id), "clue.act", &row).await?;
    Ok((row.id, seq))
}

/// Routes a clue (一般 / 简易 / 预警) or dismisses it with reasons (the justice bureau).
pub(crate) async fn act_on_clue(
    w: &mut Write<'_, '_>,
    clue_id: i64,
    act: ClueAct,
    route: Option<Route>,
    note: Option<String>,
) -> Result<Outcome> {
    w.actor.district_wide("预警线索")?;
    let note = zhifa_core::supervision::oversight::act_note(act, note.as_deref())?;
    match (act, route) {
        (ClueAct::Route, None) => {
            return Err(Invalid::field("route", "请选择处置方式：一般程序、简易程序或预警提示").into());
        }
        (ClueAct::Notice, _) => return Err(Invalid::field("act", "制发监督文书请使用制发功能").into()),
        _ => {}
    }
    let clue = actionable_clue(w, clue_id).await?;
    if act == ClueAct::Dismiss {
        let issued: Option<String> = w
            .tx
            .scalar_optional(query("SELECT number FROM supervision_notices WHERE clue_id = $1 LIMIT 1").bind(clue_id))
            .await?;
        if let Some(n) = issued {
            return Err(StoreError::Conflict(format!("该线索已制发监督文书（{n}），不能再决定不予处理")));
        }
    }
    let route = route.filter(|_| act == ClueAct::Route);
    let (id, seq) = record_act(w, &clue, act, route, note.as_deref(), None).await?;
    Ok(Outcome::new(id, seq))
}

/// A supervision document to issue: its checked content and what it is sent about.
#[derive(Debug, Clone)]
pub struct NewNotice {
    /// the checked content
    pub draft: NoticeDraft,
    /// the body, when not issued on a clue
    pub body_id: Option<i64>,
    /// the clue it rests on
    pub clue_id: Option<i64>,
    /// the case, when not issued on a clue
    pub case_id: Option<i64>,
}

/// Issues a supervision document (the justice bureau): numbers it per year and kind, computes
/// its reply deadline on the official calendar, composes its text, and records it with the
/// clue's act in one savepoint.
pub(crate) async fn issue_notice(w: &mut Write<'_, '_>, n: NewNotice, cal: &Calendar) -> Result<Outcome> {
    w.actor.district_wide("监督文书")?;
    let issued_at = now();
    let issued_on = zhifa_core::time::shanghai_date(issued_at);
    let deadline = reply_deadline(cal, issued_on, n.draft.reply_days)?;
    let clue = match n.clue_id {
        Some(id) => Some(actionable_clue(w, id).await?),
        None => None,
    };
    let (body_id, case_id) = match &clue {
        Some(c) => (c.body_id, c.case_id),
        None => (n.body_id.ok_or_else(|| Invalid::field("body_id", "请选择被监督的执法主体"))?, n.case_id),
    };
    let body = enforcement_body(w, body_id, "body_id", "监督文书发给被监督的执法主体，不能发给监督机关本身").await?;
    if let Some(cid) = case_id {
        let owner: Option<i64> =
            w.tx.scalar_optional(query("SELECT body_id FROM cases WHERE id = $1").bind(cid)).await?;
        if owner != Some(body_id) {
            return Err(Invalid::field("case_id", "该案件不属于被监督的执法主体").into());
        }
    }
    let issuer: crate::model::Body =
        w.tx.fetch_optional(query(BUREAU))
            .await?
            .ok_or_else(|| StoreError::Conflict("尚未登记司法局（监督机关），不能制发监督文书".into()))?;
    let year = chrono::Datelike::year(&issued_on);
    let kind = n.draft.kind;
    let seq: i64 = w
        .tx
        .scalar(
            query(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM supervision_notices WHERE issuer_body_id = $1 AND year = $2 AND kind = $3",
            )
            .bind(issuer.id)
            .bind(i64::from(year))
            .bind(kind.code()),
        )
        .await?;
    let number = zhifa_core::doc::doc_number(issuer.id, kind.word(), year, seq);
    let clue_label = clue.as_ref().map(|c| {
        let title = zhifa_core::supervision::rule(&c.rule).map(|r| r.title).unwrap_or("");
        format!("{} {}，线索{}", c.rule, title, c.id)
    });
    let content = notice_markup(&NoticeText {
        draft: &n.draft,
        number: &number,
        to_body: &body.name,
        from_body: &issuer.name,
        clue: clue_label.as_deref(),
        issued_on,
        deadline,
    });
    let d = &n.draft;
    let row: SupervisionNotice = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO supervision_notices (kind, number, year, seq, issuer_body_id, body_id, clue_id, case_id, subject, \
                 facts, basis, requirement, reply_days, deadline, round, content, content_sha256, status, issued_by, issued_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,1,$15,$16,'issued',$17,$18) RETURNING *",
            )
            .bind(kind.code())
            .bind(&number)
            .bind(i64::from(year))
            .bind(seq)
            .bind(issuer.id)
            .bind(body_id)
            .bind(clue.as_ref().map(|c| c.id))
            .bind(case_id)
            .bind(&d.subject)
            .bind(&d.facts)
            .bind(&d.basis)
            .bind(&d.requirement)
            .bind(i64::from(d.reply_days))
            .bind(deadline)
            .bind(&content)
            .bind(crate::documents::sha256_hex(content.as_bytes()))
            .bind(w.actor.user_id)
            .bind(issued_at),
        )
        .await
        .map_err(|e| e.unique_as(|| format!("文号{number}已被占用，请重试")))?;
    let mut seq_no = w.record_new(Some(body_id), "notice.issue", &row).await?;
    if let Some(c) = &clue {
        seq_no = record_act(w, c, ClueAct::Notice, None, None, Some(row.id)).await?.1;
    }
    Ok(Outcome::new(row.id, seq_no))
}

async fn notice_row(w: &mut Write<'_, '_>, id: i64) -> Result<SupervisionNotice> {
    w.tx.fetch_optional(query("SELECT * FROM supervision_notices WHERE id = $1").bind(id))
        .await?
        .ok_or(StoreError::NotFound("监督文书"))
}

/// A body's reply to a supervision document: what it did, with its own evidence and documents
/// that show it. Late replies are taken and marked late.
pub(crate) async fn reply_notice(w: &mut Write<'_, '_>, notice_id: i64, reply: ReplyInput) -> Result<Outcome> {
    let n = notice_row(w, notice_id).await?;
    w.actor.in_scope(n.body_id, "监督文书")?;
    let reply = reply.validate()?;
    match n.status {
        NoticeStatus::Issued => {}
        NoticeStatus::Replied => return Err(StoreError::Conflict("本轮已回复，待司法局审查".into())),
        NoticeStatus::Closed => return Err(StoreError::Conflict("该监督文书已办结".into())),
    }
    for id in &reply.evidence_ids {
        let body: Option<i64> =
            w.tx.scalar_optional(query("SELECT body_id FROM evidence WHERE id = $1 AND status = 'active'").bind(id))
                .await?;
        if body != Some(n.body_id) {
            return Err(Invalid::field("evidence_ids", format!("证据{id}不存在或不属于本机关")).into());
        }
    }
    for id in &reply.document_ids {
        let body: Option<i64> =
            w.tx.scalar_optional(query("SELECT body_id FROM documents WHERE id = $1").bind(id)).await?;
        if body != Some(n.body_id) {
            return Err(Invalid::field("document_ids", format!("文书{id}不存在或不属于本机关")).into());
        }
    }
    let t = now();
    let late = zhifa_core::time::shanghai_date(t) > n.deadline;
    let json = |ids: &[i64]| serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let row: NoticeReply = w
        .tx
        .fetch_one(
            query(
                "INSERT INTO notice_replies (notice_id, round, text, evidence_ids, document_ids, late, replied_by, replied_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *",
            )
            .bind(n.id)
            .bind(n.round)
            .bind(&reply.text)
            .bind(json(&reply.evidence_ids))
            .bind(json(&reply.document_ids))
            .bind(late)
            .bind(w.actor.user_id)
            .bind(t),
        )
        .await
        .map_err(|e| e.unique_as(|| "本轮已回复".to_string()))?;
    w.record_new(Some(n.body_id), "notice.reply", &row).await?;
    let updated: SupervisionNotice =
        w.tx.fetch_one(query("UPDATE supervision_notices SET status = 'replied' WHERE id = $1 RETURNING *").bind(n.id))
            .await?;
    let seq = w.record(Some(n.body_id), "notice.replied", &updated).await?;
    Ok(Outcome::new(row.id, seq))
}

/// The bureau's verdict on a reply: accepted (the matter is closed) or sent back with reasons
/// and a new reply period (the next round).
pub(crate) async fn conclude_notice(
    w: &mut Write<'_, '_>,
    notice_id: i64,
    verdict: ConcludeInput,
    cal: &Calendar,
) -> Result<Outcome> {
    w.actor.district_wide("监督文书")?;
    let (note, days) = verdict.validate()?;
    let n = notice_row(w, notice_id).await?;
    if n.status != NoticeStatus::Replied {
        return Err(StoreError::Conflict(match n.status {
            NoticeStatus::Issued => "执法主体尚未回复，不能审查".into(),
            _ => "该监督文书已办结".into(),
        }));
    }
    let t = now();
    let reply: NoticeReply =
        w.tx.fetch_one(
            query(
                "UPDATE notice_replies SET verdict = $1, verdict_note = $2, verdict_by = $3, verdict_at = $4 \
                 WHERE notice_id = $5 AND round = $6 RETURNING *",
            )
            .bind(if verdict.accept { "accepted" } else { "returned" })
            .bind(&note)
            .bind(w.actor.user_id)
            .bind(t)
            .bind(n.id)
            .bind(n.round),
        )
        .await?;
    w.record(Some(n.body_id), "notice.verdict", &reply).await?;
    let updated: SupervisionNotice = if verdict.accept {
        w.tx.fetch_one(
            query("UPDATE supervision_notices SET status = 'closed', closed_at = $1 WHERE id = $2 RETURNING *")
                .bind(t)
                .bind(n.id),
        )
        .await?
    } else {
        let deadline = reply_deadline(cal, zhifa_core::time::shanghai_date(t), days)?;
        w.tx.fetch_one(
            query(
                "UPDATE supervision_notices SET status = 'issued', round = round + 1, deadline = $1 WHERE id = $2 RETURNING *",
            )
            .bind(deadline)
            .bind(n.id),
        )
        .await?
    };
    let seq =
        w.record(Some(n.body_id), if verdict.accept { "notice.close" } else { "notice.return" }, &updated).await?;
    Ok(Outcome::new(n.id, seq))
}

/// Which supervision documents to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct NoticeFilter {
    /// `issued`（待回复）, `replied`（待审查）, `closed`（已办结）; all when empty
    pub status: Option<String>,
    /// only those past their reply deadline and not replied
    pub overdue: Option<bool>,
    /// body
    pub body_id: Option<i64>,
    /// clue
    pub clue_id: Option<i64>,
    /// case
    pub case_id: Option<i64>,
    /// at most this many (default 200, at most 1000)
    pub limit: Option<i64>,
}

impl Store {
    /// Supervision documents in `scope`, newest first.
    pub async fn notices(&self, scope: Scope, f: &NoticeFilter) -> Result<Vec<SupervisionNotice>> {
        let status = f
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(NoticeStatus::parse)
            .transpose()
            .map_err(|e| Invalid::field("status", e))?;
        let today = zhifa_core::time::shanghai_date(now());
        let overdue = f.overdue.unwrap_or(false).then_some(today);
        self.fetch_all(
            query(
                "SELECT * FROM supervision_notices WHERE ($1 IS NULL OR body_id = $1) AND ($2 IS NULL OR status = $2) \
                 AND ($3 IS NULL OR (status = 'issued' AND deadline < $3)) AND ($4 IS NULL OR body_id = $4) \
                 AND ($5 IS NULL OR clue_id = $5) AND ($6 IS NULL OR case_id = $6) ORDER BY issued_at DESC, id DESC LIMIT $7",
            )
            .bind(scope.body())
            .bind(status.map(NoticeStatus::code))
            .bind(overdue)
            .bind(f.body_id)
            .bind(f.clue_id)
            .bind(f.case_id)
            .bind(f.limit.unwrap_or(200).clamp(1, 1000)),
        )
        .await
    }

    /// One supervision document, in `scope`.
    pub async fn notice(&self, scope: Scope, id: i64) -> Result<Option<SupervisionNotice>> {
        let n: Option<SupervisionNotice> =
            self.fetch_optional(query("SELECT * FROM supervision_notices WHERE id = $1").bind(id)).await?;
        Ok(n.filter(|n| scope.covers(n.body_id)))
    }

    /// The replies to a supervision document, in order.
    pub async fn notice_replies(&self, notice_id: i64) -> Result<Vec<NoticeReply>> {
        self.fetch_all(query("SELECT * FROM notice_replies WHERE notice_id = $1 ORDER BY round").bind(notice_id)).await
    }

    /// The bureau's acts on a clue, in order.
    pub async fn clue_actions(&self, clue_id: i64) -> Result<Vec<ClueAction>> {
        self.fetch_all(query("SELECT * FROM clue_actions WHERE clue_id = $1 ORDER BY id").bind(clue_id)).await
    }

    /// A supervision document's PDF, drawn from its journaled text (the renderer is a pure
    /// function of it): refused if the text no longer matches its digest.
    pub async fn notice_pdf(&self, n: &SupervisionNotice) -> Result<Vec<u8>> {
        if crate::documents::sha256_hex(n.content.as_bytes()) != n.content_sha256 {
            return Err(StoreError::Corrupt(format!("监督文书{}的正文与登记的摘要不一致，可能被改动", n.number)));
        }
        let blocks = zhifa_core::doc::layout::parse(&n.content);
        let local = n.issued_at.with_timezone(&zhifa_core::time::shanghai());
        let meta = zhifa_pdf::Meta {
            title: format!("{}（{}）", n.kind.label(), n.number),
            author: "行政执法监督".into(),
            subject: n.subject.clone(),
            created: Some((
                chrono::Datelike::year(&local) as u16,
                chrono::Datelike::month(&local) as u8,
                chrono::Datelike::day(&local) as u8,
                chrono::Timelike::hour(&local) as u8,
                chrono::Timelike::minute(&local) as u8,
            )),
            qr: None,
        };
        let pdf = tokio::task::spawn_blocking(move || zhifa_pdf::render(&blocks, &meta))
            .await
            .map_err(|e| StoreError::Corrupt(format!("PDF: {e}")))?
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(pdf.bytes)
    }

    /// The supervision documents waiting for a reply (W22 judges them as days pass).
    pub async fn notices_awaiting_reply(&self) -> Result<Vec<SupervisionNotice>> {
        self.fetch_all(query("SELECT * FROM supervision_notices WHERE status = 'issued' ORDER BY id")).await
    }

    /// The subjects, starting with `prefix`, that have an open clue.
    pub async fn open_clue_subjects(&self, prefix: &str) -> Result<Vec<String>> {
        self.scalar_all(
            query("SELECT DISTINCT subject FROM clues WHERE closed_at IS NULL AND subject LIKE $1 ORDER BY subject")
                .bind(format!("{prefix}%")),
        )
        .await
    }

    /// The supervision documents `ids`.
    pub async fn notices_by_id(&self, ids: &[i64]) -> Result<Vec<SupervisionNotice>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_all(crate::db::query::query_built(format!(
            "SELECT * FROM supervision_notices WHERE id IN ({}) ORDER BY id",
            id_list(ids)
        )))
        .await
    }
}
