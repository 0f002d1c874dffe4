//! Cases in storage: rows to the domain's view of them, the commands that create a case and
//! record a step (run inside the one write path, [`crate::Store::execute`]), and the reads.

use crate::db::now;
use crate::db::query::{Query, Tx, query, query_built};
use crate::journal::{Write, in_scope};
use crate::model::{Case, CaseStep};
use crate::model::{Certificate, Evidence, Officer};
use crate::publicity::create_task;
use crate::registry::body_exists;
use crate::review::{load_review, sign_act};
use crate::write::{Outcome, StepRecorded};
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use zhifa_core::Invalid;
use zhifa_core::access::Scope;
use zhifa_core::calendar::Calendar;
use zhifa_core::case::{CaseFacts, Party, PartyKind, Recorded, StepData, machine};

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl Case {
    /// The parties.
    pub fn party_list(&self) -> Result<Vec<Party>> {
        serde_json::from_str(&self.parties).map_err(corrupt)
    }
    /// The handling officers.
    pub fn officer_list(&self) -> Result<Vec<i64>> {
        serde_json::from_str(&self.officer_ids).map_err(corrupt)
    }
    /// What the procedure machine needs to know about the case.
    pub fn facts(&self) -> Result<CaseFacts> {
        let parties = self.party_list()?;
        Ok(CaseFacts {
            kind: self.kind,
            domain: self.domain.clone(),
            party_kind: if parties.iter().any(|p| p.kind == PartyKind::Person) {
                PartyKind::Person
            } else {
                PartyKind::Organisation
            },
            officer_ids: self.officer_list()?,
            act_date: self.act_date,
            act_ended: self.act_ended,
            discovered_on: self.discovered_on,
            serious_harm: self.serious_harm,
            complex: self.complex,
            persons: parties
                .iter()
                .filter(|p| p.kind == PartyKind::Person)
                .map(|p| zhifa_core::case::rules::PersonFact {
                    name: p.name.clone(),
                    born: zhifa_core::ids::ResidentId::parse(&p.id_number).ok().map(|id| id.birth_date()),
                })
                .collect(),
            // The power item's flag, read where the machine needs it (`record_step`).
            hearing_required: false,
            item_versions: Vec::new(),
        })
    }
}

impl CaseStep {
    /// The step as the procedure machine sees it.
    pub fn recorded(&self) -> Result<Recorded> {
        Ok(Recorded { kind: self.kind, occurred_at: self.occurred_at, data: self.step_data()? })
    }
    /// What the step recorded.
    pub fn step_data(&self) -> Result<StepData> {
        serde_json::from_str(&self.data).map_err(corrupt)
    }
}

/// The earliest deadline not yet met, with what it is for (kept on the case row for lists and
/// the deadline views).
pub fn next_due(
    cal: &Calendar,
    facts: &CaseFacts,
    history: &[Recorded],
    today: NaiveDate,
) -> Option<(NaiveDate, String)> {
    machine::deadlines(facts, history, cal, today)
        .into_iter()
        .filter(|d| d.done_on.is_none())
        .filter_map(|d| d.due.map(|due| (due, d.what.to_string())))
        .min()
}

/// Loads a case for a change, failing with `NotFound` (nothing revealed) outside the actor's
/// scope.
pub(crate) async fn case_in_scope(w: &mut Write<'_, '_>, case_id: i64) -> Result<Case> {
    let case: Case =
        w.tx.fetch_optional(query("SELECT * FROM cases WHERE id = $1").bind(case_id))
            .await?
            .ok_or(StoreError::NotFound("案件"))?;
    in_scope(w.actor, case.body_id, "案件")?;
    Ok(case)
}

/// The steps of a case in order, read in the open transaction.
pub(crate) async fn steps_of(tx: &mut Tx<'_>, case_id: i64) -> Result<Vec<CaseStep>> {
    tx.fetch_all(query("SELECT * FROM case_steps WHERE case_id = $1 ORDER BY seq").bind(case_id)).await
}

/// Creates a case inside the write path (stage 待立案; the steps follow).
pub(crate) async fn create_case(
    w: &mut Write<'_, '_>,
    body_id: i64,
    c: &zhifa_core::case::ValidCase,
) -> Result<Outcome> {
    in_scope(w.actor, body_id, "执法主体")?;
    body_exists(w.tx, body_id).await?;
    let t = now();
    let today = zhifa_core::time::shanghai_date(t);
    let item: Option<crate::model::PowerItem> = w.tx.fetch_optional(query("SELECT p.* FROM power_items p WHERE p.body_id = $1 AND p.code = $2 AND p.effective_from <= $3 \
             AND p.version = (SELECT MAX(q.version) FROM power_items q WHERE q.body_id = p.body_id AND q.code = p.code AND q.effective_from <= $3)").bind(body_id).bind(&c.power_item_code).bind(today)).await?;
    let item = match item {
        Some(i) if i.change_kind != zhifa_core::registry::ChangeKind::Abolish => i,
        Some(_) => {
            return Err(
                Invalid::field("power_item_code", format!("事项“{}”已废止，不能据此办案", c.power_item_code)).into()
            );
        }
        None => {
            return Err(Invalid::field(
                "power_item_code",
                format!("本机关权责清单中没有现行有效的事项“{}”", c.power_item_code),
            )
            .into());
        }
    };
    let procedure = item.procedure_kind;
    if !c.kind.fits(procedure) {
        return Err(Invalid::field(
            "kind",
            format!("事项“{}”按{}办理，不能登记为{}", item.name, procedure.label(), c.kind.label()),
        )
        .into());
    }
    let mut registered = Vec::new();
    for id in &c.officer_ids {
        match standing(w.tx, *id, body_id).await? {
            Some((o, s)) if o.body_id == body_id && o.active => {
                registered.push(zhifa_core::case::machine::RegisteredOfficer { standing: s, id_number: o.id_number });
            }
            Some((o, _)) if o.body_id == body_id => {
                return Err(Invalid::field("officer_ids", format!("{}已不在岗", o.name)).into());
            }
            _ => return Err(Invalid::field("officer_ids", format!("执法人员{id}不是本机关执法人员")).into()),
        }
    }
    zhifa_core::case::machine::check_registration(c, &registered, today)
        .map_err(|r| StoreError::Invalid(r.into_invalid()))?;
    // 《行政处罚法》第三十七条: a penalty case applies the version in force at the act, or a
    // lighter one in force since; registration names which and why.
    let (item, item_basis) = match (c.kind.is_penalty(), c.act_date) {
        (true, Some(act)) => {
            let versions = item_versions(w.tx, body_id, &c.power_item_code).await?;
            let facts: Vec<_> = versions.iter().map(item_version).collect();
            let applied = zhifa_core::case::rules::applicable_item(&facts, act, today)
                .map_err(|r| StoreError::Invalid(r.into_invalid()))?;
            let chosen = versions.into_iter().find(|v| v.id == applied.id).unwrap_or(item);
            let basis: Vec<zhifa_core::registry::LegalRef> =
                serde_json::from_str(&chosen.legal_basis).unwrap_or_default();
            let note = zhifa_core::case::rules::basis_versions_note(&basis, act);
            let reason = match note {
                Some(n) => format!("{}；{n}", applied.reason),
                None => applied.reason,
            };
            (chosen, Some(reason))
        }
        _ => (item, None),
    };
    let year = i64::from(chrono::Datelike::year(&today));
    let seq: i64 =
        w.tx.scalar(
            query(
                "INSERT INTO case_counters (body_id, year, next_seq) VALUES ($1, $2, 2) \
             ON CONFLICT (body_id, year) DO UPDATE SET next_seq = case_counters.next_seq + 1 RETURNING next_seq - 1",
            )
            .bind(body_id)
            .bind(year),
        )
        .await?;
    let number = zhifa_core::case::case_number(body_id, chrono::Datelike::year(&today), c.kind, seq);
    let parties = serde_json::to_string(&c.parties).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let officers = serde_json::to_string(&c.officer_ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let names = c.parties.iter().map(|p| format!("{} {}", p.name, p.id_number)).collect::<Vec<_>>().join("；");
    let row: crate::model::Case = w.tx.fetch_one(query("INSERT INTO cases (body_id, number, kind, power_item_id, power_item_code, power_item_name, source, domain, facts, parties, party_names, \
             officer_ids, act_date, act_ended, discovered_on, serious_harm, complex, stage, suspended, filed_on, next_due, next_due_what, step_count, \
             created_by, created_at, updated_at, item_basis) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,FALSE,NULL,NULL,NULL,0,$19,$20,$20,$21) RETURNING *").bind(body_id).bind(&number).bind(c.kind.code()).bind(item.id).bind(&item.code).bind(&item.name).bind(c.source.code()).bind(&c.domain).bind(&c.facts).bind(&parties).bind(&names).bind(&officers).bind(c.act_date).bind(c.act_ended).bind(c.discovered_on).bind(c.serious_harm).bind(c.complex).bind(zhifa_core::case::Stage::Registered.code()).bind(w.actor.user_id).bind(t).bind(&item_basis)).await
            .map_err(|e| e.unique_as(|| format!("案件编号“{number}”已存在")))?;
    let id = row.id;
    let seq = w.record_new(Some(body_id), "case.create", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// Every version of a body's power item, oldest first.
async fn item_versions(
    tx: &mut crate::db::query::Tx<'_>,
    body_id: i64,
    code: &str,
) -> Result<Vec<crate::model::PowerItem>> {
    tx.fetch_all(
        query("SELECT * FROM power_items WHERE body_id = $1 AND code = $2 ORDER BY version").bind(body_id).bind(code),
    )
    .await
}

/// A stored version as the rule of 《行政处罚法》第三十七条 reads it.
fn item_version(v: &crate::model::PowerItem) -> zhifa_core::case::rules::ItemVersion {
    v.item_version()
}

impl crate::model::PowerItem {
    /// This version as the rule of 《行政处罚法》第三十七条 reads it.
    pub fn item_version(&self) -> zhifa_core::case::rules::ItemVersion {
        zhifa_core::case::rules::ItemVersion {
            id: self.id,
            version: self.version,
            effective_from: self.effective_from,
            change_kind: self.change_kind,
            retroactivity: self
                .retroactivity
                .as_deref()
                .and_then(|r| zhifa_core::registry::Retroactivity::parse(r).ok()),
        }
    }
}

/// An officer with their standing in a body (belonging, certificates), or `None` when there is
/// no such officer.
async fn standing(
    tx: &mut crate::db::query::Tx<'_>,
    id: i64,
    body_id: i64,
) -> Result<Option<(Officer, zhifa_core::case::OfficerStanding)>> {
    let o: Option<Officer> = tx.fetch_optional(query("SELECT * FROM officers WHERE id = $1").bind(id)).await?;
    let Some(o) = o else { return Ok(None) };
    let certs: Vec<Certificate> =
        tx.fetch_all(query("SELECT * FROM certificates WHERE officer_id = $1 ORDER BY id").bind(id)).await?;
    let s = zhifa_core::case::OfficerStanding {
        id: o.id,
        name: o.name.clone(),
        in_body: o.body_id == body_id && o.active,
        certificates: certs
            .iter()
            .map(|c| zhifa_core::case::CertificateStanding {
                number: c.number.clone(),
                domain: c.domain.clone(),
                status: c.stored_status(),
                valid_from: c.valid_from,
                valid_to: c.valid_to,
            })
            .collect(),
    };
    Ok(Some((o, s)))
}

/// Records a step inside the write path after the procedure machine accepted it.
pub(crate) async fn record_step(
    w: &mut Write<'_, '_>,
    case_id: i64,
    mut step: zhifa_core::case::ValidStep,
    role: zhifa_core::access::Role,
    caller_officer: Option<i64>,
    calendar: std::sync::Arc<Calendar>,
    signer: Option<crate::review::Signer>,
) -> Result<Outcome> {
    let case = crate::cases::case_in_scope(w, case_id).await?;
    let steps = crate::cases::steps_of(w.tx, case_id).await?;
    let history = steps.iter().map(crate::model::CaseStep::recorded).collect::<Result<Vec<_>>>()?;
    let mut facts = case.facts()?;
    // 《行政许可法》第四十六条: whether the item must be heard is the power item's.
    if case.kind == zhifa_core::case::CaseKind::Licensing {
        facts.hearing_required =
            w.tx.scalar_optional(query("SELECT hearing FROM power_items WHERE id = $1").bind(case.power_item_id))
                .await?
                .unwrap_or(false);
    }
    // 《行政处罚法》第三十七条: a penalty is decided under the rule the act's day or a lighter later one.
    if matches!(step.kind, zhifa_core::case::StepKind::Decide | zhifa_core::case::StepKind::OnsiteDecision) {
        let versions = item_versions(w.tx, case.body_id, &case.power_item_code).await?;
        facts.item_versions = versions.iter().map(item_version).collect();
    }
    let mut standings = Vec::new();
    let d = &step.data;
    for id in d.officer_ids.iter().chain(d.chair_officer_id.iter()).chain(d.substitute_ids.iter()) {
        let Some((_, s)) = standing(w.tx, *id, case.body_id).await? else {
            let field = if d.substitute_ids.contains(id) { "substitute_ids" } else { "officer_ids" };
            return Err(Invalid::field(field, format!("执法人员{id}不存在")).into());
        };
        standings.push(s);
    }
    let mut evidence = Vec::new();
    for id in &step.data.evidence_ids {
        let e: Option<Evidence> = w
            .tx
            .fetch_optional(query("SELECT * FROM evidence WHERE id = $1 AND body_id = $2").bind(id).bind(case.body_id))
            .await?;
        if let Some(e) = e {
            evidence.push(zhifa_core::case::EvidenceFact {
                id: e.id,
                kind: e.kind,
                case_number: e.case_number,
                captured_at: e.captured_at,
                live: e.status == zhifa_core::evidence::EvidenceStatus::Active,
            });
        }
    }
    // Only archiving looks at the case file's documents.
    let kinds: Vec<String> = if step.kind == zhifa_core::case::StepKind::Archive {
        w.tx.scalar_all(query("SELECT kind FROM documents WHERE case_id = $1").bind(case_id)).await?
    } else {
        Vec::new()
    };
    let documents: Vec<zhifa_core::doc::DocKind> =
        kinds.iter().map(|k| zhifa_core::doc::DocKind::parse(k).map_err(StoreError::Corrupt)).collect::<Result<_>>()?;
    // The art. 58 gate reads the review file, loaded in this transaction.
    let review = if zhifa_core::case::machine::review_gated(step.kind) {
        let on = zhifa_core::time::shanghai_date(step.occurred_at);
        let (rows, _, requirement, _) = load_review(w.tx, &case, &steps, on).await?;
        let events = rows.iter().map(crate::model::ReviewEvent::core).collect::<Result<Vec<_>>>()?;
        Some(zhifa_core::review::ReviewGate { requirement, events })
    } else {
        None
    };
    let t = now();
    let ctx = zhifa_core::case::StepContext {
        review: review.as_ref(),
        now: t,
        role,
        caller_officer_id: caller_officer,
        calendar: &calendar,
        policy: zhifa_core::case::CasePolicy::shipped(),
        case_number: &case.number,
        officers: &standings,
        evidence: &evidence,
        documents: &documents,
    };
    let accepted = zhifa_core::case::check_step(&facts, &history, &mut step, &ctx)
        .map_err(|r| StoreError::Invalid(r.into_invalid()))?;
    let data = serde_json::to_string(&step.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let n = case.step_count + 1;
    // Who decided signs the decision (seed §四(四)2).
    let signed = if zhifa_core::case::machine::is_decision(step.kind) {
        let sm3 = crate::documents::sm3_hex(data.as_bytes());
        sign_act(w, signer, "case_steps", case_id, n, &sm3).await?
    } else {
        None
    };
    let row: crate::model::CaseStep = w.tx.fetch_one(query("INSERT INTO case_steps (case_id, seq, kind, occurred_at, data, stage_after, recorded_by, recorded_at, signing_key_id, signature) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *").bind(case_id).bind(n).bind(step.kind.code()).bind(step.occurred_at).bind(&data).bind(accepted.stage.code()).bind(w.actor.user_id).bind(t).bind(signed.as_ref().map(|s| s.0)).bind(signed.map(|s| s.1))).await
            .map_err(|e| e.unique_as(|| "该案件同时有其他环节写入，请刷新后重试".to_string()))?;
    let step_id = row.id;
    let seq = w.record_new(Some(case.body_id), "case.step", &row).await?;
    let recorded = StepRecorded { stage: accepted.stage, prompts: step.data.notes.clone() };
    let mut all = history;
    all.push(zhifa_core::case::Recorded { kind: step.kind, occurred_at: step.occurred_at, data: step.data });
    let today = zhifa_core::time::shanghai_date(t);
    let due = crate::cases::next_due(&calendar, &facts, &all, today);
    // A recusal changes who handles the case (《行政处罚法》第四十三条).
    let officers = serde_json::to_string(&zhifa_core::case::machine::handling_officers(&facts, &all))
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let updated: crate::model::Case = w.tx.fetch_optional(query("UPDATE cases SET stage = $1, suspended = $2, filed_on = $3, next_due = $4, next_due_what = $5, step_count = $6, updated_at = $7, officer_ids = $10 \
             WHERE id = $8 AND step_count = $9 RETURNING *").bind(accepted.stage.code()).bind(zhifa_core::case::machine::is_suspended(&all)).bind(zhifa_core::case::machine::filed_on(&all)).bind(due.as_ref().map(|d| d.0)).bind(due.map(|d| d.1)).bind(n).bind(t).bind(case_id).bind(case.step_count).bind(&officers)).await?
            .ok_or_else(|| StoreError::Conflict("该案件同时有其他环节写入，请刷新后重试".into()))?;
    w.record(Some(case.body_id), "case.update", &updated).await?;
    // A decision that is published starts its publication task (seed §二(三)3).
    let last = all.last().ok_or_else(|| StoreError::Corrupt("empty history".into()))?;
    create_task(w, &case, step_id, last.kind, &last.data, last.occurred_at, &calendar).await?;
    Ok(Outcome { id: step_id, seq, step: Some(recorded) })
}

/// Filters for the case list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// text: case number, party name or identifier, power item (substring)
    pub q: Option<String>,
    /// stage code
    pub stage: Option<String>,
    /// kind code
    pub kind: Option<String>,
    /// open cases only (not closed or archived)
    pub open_only: bool,
    /// one body (for the district's accounts)
    pub body_id: Option<i64>,
    /// open cases whose nearest deadline is before this day (overdue on it)
    pub overdue_on: Option<NaiveDate>,
    /// page size (1-200, default 50)
    pub limit: Option<i64>,
    /// offset
    pub offset: Option<i64>,
}

/// A value bound to a built query.
enum Arg {
    I(i64),
    S(String),
    D(NaiveDate),
}

/// WHERE conditions built from the filters given, with numbered placeholders: `{}` in a
/// condition is its argument's placeholder, `{0}` the same one again.
#[derive(Default)]
struct Conditions {
    parts: Vec<String>,
    args: Vec<Arg>,
    tail: String,
}

impl Conditions {
    fn push(&mut self, cond: &str, arg: Arg) {
        self.args.push(arg);
        let n = format!("${}", self.args.len());
        self.parts.push(cond.replace("{0}", &n).replace("{}", &n));
    }
    fn fixed(&mut self, cond: &str) {
        self.parts.push(cond.to_string());
    }
    fn push_limit(&mut self, limit: i64, offset: i64) {
        self.args.push(Arg::I(limit));
        self.args.push(Arg::I(offset));
        self.tail = format!("LIMIT ${} OFFSET ${}", self.args.len() - 1, self.args.len());
    }
    fn where_sql(&self) -> String {
        if self.parts.is_empty() { String::new() } else { format!(" WHERE {}", self.parts.join(" AND ")) }
    }
}

/// Binds the built conditions' arguments, in order, to a query.
fn with_args(mut q: Query, args: Vec<Arg>) -> Query {
    for a in args {
        match a {
            Arg::I(v) => q.push(v),
            Arg::S(v) => q.push(v),
            Arg::D(v) => q.push(v),
        }
    }
    q
}

/// Whether `q` is a whole case number (`002-2026-CF00012`): then it is looked up exactly.
fn is_case_number(q: &str) -> bool {
    let b = q.as_bytes();
    b.len() == 16
        && b[..3].iter().all(u8::is_ascii_digit)
        && b[3] == b'-'
        && b[4..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'-'
        && b[9..11].iter().all(u8::is_ascii_uppercase)
        && b[11..].iter().all(u8::is_ascii_digit)
}

/// Escapes `%`, `_` and `\` for a LIKE pattern.
fn like_pattern(q: &str) -> String {
    let mut s = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

impl Store {
    /// One case within scope.
    pub async fn case(&self, scope: Scope, id: i64) -> Result<Option<Case>> {
        self.fetch_optional(
            query("SELECT * FROM cases WHERE id = $1 AND ($2 IS NULL OR body_id = $2)").bind(id).bind(scope.body()),
        )
        .await
    }

    /// One case by its number, within scope.
    pub async fn case_by_number(&self, scope: Scope, number: &str) -> Result<Option<Case>> {
        self.fetch_optional(
            query("SELECT * FROM cases WHERE number = $1 AND ($2 IS NULL OR body_id = $2)")
                .bind(number.trim())
                .bind(scope.body()),
        )
        .await
    }

    /// The steps of a case, in order.
    pub async fn case_steps(&self, case_id: i64) -> Result<Vec<CaseStep>> {
        self.fetch_all(query("SELECT * FROM case_steps WHERE case_id = $1 ORDER BY seq").bind(case_id)).await
    }

    /// The imported holiday years in force (the latest import of each year).
    pub async fn imported_holiday_years(&self) -> Result<Vec<crate::model::HolidayYear>> {
        self.fetch_all(query("SELECT h.* FROM holiday_years h WHERE h.id = (SELECT MAX(g.id) FROM holiday_years g WHERE g.year = h.year) ORDER BY h.year")).await
    }

    /// Puts the shipped calendar with the years imported into this database in force for this
    /// store (every server process reloads it); returns the years known.
    pub async fn install_calendar(&self) -> Result<Vec<i32>> {
        let mut imported = Vec::new();
        for y in self.imported_holiday_years().await? {
            imported.push(zhifa_core::calendar::parse_year(&y.schedule).map_err(StoreError::Corrupt)?);
        }
        let cal = Calendar::with_imported(imported);
        let years = cal.years();
        *self.calendar.write().unwrap_or_else(std::sync::PoisonError::into_inner) = std::sync::Arc::new(cal);
        Ok(years)
    }

    /// The working-day calendar in force.
    pub fn calendar(&self) -> std::sync::Arc<Calendar> {
        self.calendar.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Cases within scope: the list most recently changed first; a search (`q`) newest
    /// registered first, so that the index yields the page's rows in order and stops there,
    /// however many cases match. Only the conditions given are put into the query (an `$n IS
    /// NULL OR …` condition would keep the planner off the indexes).
    pub async fn case_list(&self, scope: Scope, f: &CaseFilter) -> Result<Vec<Case>> {
        let q = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let sqlite = matches!(self.backend, crate::db::Backend::Sqlite(_));
        let mut w = Conditions::default();
        let mut from = "cases";
        let mut order = if q.is_some() { "id DESC" } else { "updated_at DESC, id DESC" };
        if let Some(q) = q {
            if is_case_number(q) {
                w.push("number = {}", Arg::S(q.to_string()));
            } else if let Ok(p) = zhifa_core::evidence::Target::parse(q) {
                // A whole identity number or credit code: looked up exactly.
                if sqlite {
                    w.push(
                        "id IN (SELECT case_id FROM case_party_ids WHERE id_number = {})",
                        Arg::S(p.as_str().into()),
                    );
                } else {
                    let doc = serde_json::json!([{ "id_number": p.as_str() }]).to_string();
                    w.push("parties::jsonb @> CAST({} AS jsonb)", Arg::S(doc));
                }
            } else if q.chars().count() >= 3 && sqlite {
                // The trigram index yields matching case ids newest first: the cases are read
                // in that order until the page is full. A trigram phrase matches exactly the
                // rows whose text contains it (ASCII case folded, as LIKE does).
                from = "case_search JOIN cases ON cases.id = case_search.rowid";
                order = "case_search.rowid DESC";
                w.push("case_search MATCH {}", Arg::S(format!("\"{}\"", q.replace('"', "\"\""))));
            } else if sqlite {
                let cond = "(number LIKE {} ESCAPE '\\' OR party_names LIKE {0} ESCAPE '\\' OR power_item_name LIKE {0} ESCAPE '\\')";
                w.push(cond, Arg::S(like_pattern(q)));
            } else {
                // The narrow search table (migration 0010): its trigram index or a walk of the
                // body's newest cases gives the page's ids; then their rows are read.
                from = "case_search";
                order = "case_id DESC";
                w.push("text LIKE {} ESCAPE '\\'", Arg::S(like_pattern(q)));
            }
        }
        if let Some(b) = scope.body() {
            w.push("body_id = {}", Arg::I(b));
        }
        if let Some(s) = &f.stage {
            w.push("stage = {}", Arg::S(s.clone()));
        }
        if let Some(k) = &f.kind {
            w.push("kind = {}", Arg::S(k.clone()));
        }
        if f.open_only {
            w.fixed("stage NOT IN ('closed', 'archived')");
        }
        if let Some(b) = f.body_id {
            w.push("body_id = {}", Arg::I(b));
        }
        if let Some(day) = f.overdue_on {
            // The narrow search table holds no deadlines: the condition reads them from the cases.
            let id = if from == "case_search" { "case_id" } else { "cases.id" };
            let cond =
                format!("{id} IN (SELECT id FROM cases WHERE next_due < {{}} AND stage NOT IN ('closed', 'archived'))");
            w.push(&cond, Arg::D(day));
        }
        w.push_limit(f.limit.unwrap_or(50).clamp(1, 200), f.offset.unwrap_or(0).max(0));
        if from == "case_search" {
            let sql = format!("SELECT case_id FROM case_search{} ORDER BY {order} {}", w.where_sql(), w.tail);
            let ids: Vec<i64> = self.scalar_all(with_args(query_built(sql), w.args)).await?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let sql = format!("SELECT * FROM cases WHERE id IN ({list}) ORDER BY id DESC");
            return self.fetch_all(query_built(sql)).await;
        }
        let sql = format!("SELECT cases.* FROM {from}{} ORDER BY {order} {}", w.where_sql(), w.tail);
        self.fetch_all(with_args(query_built(sql), w.args)).await
    }

    /// The cases within scope whose file is not closed by 归档 (their procedure may still wait
    /// for someone), the earliest deadline first, then the longest untouched.
    pub async fn cases_not_archived(&self, scope: Scope, limit: i64) -> Result<Vec<Case>> {
        let mut w = Conditions::default();
        if let Some(b) = scope.body() {
            w.push("body_id = {}", Arg::I(b));
        }
        w.fixed("stage <> 'archived'");
        w.push_limit(limit.clamp(1, 2000), 0);
        let sql = format!(
            "SELECT * FROM cases{} ORDER BY CASE WHEN next_due IS NULL THEN 1 ELSE 0 END, next_due, updated_at, id {}",
            w.where_sql(),
            w.tail
        );
        self.fetch_all(with_args(query_built(sql), w.args)).await
    }

    /// Open cases within scope with a deadline on or before `until`, earliest first (the
    /// deadline view; overdue ones come first); with `officer`, only the cases they handle
    /// (filtered in the query, before the limit).
    pub async fn cases_due(
        &self,
        scope: Scope,
        officer: Option<i64>,
        until: NaiveDate,
        limit: i64,
    ) -> Result<Vec<Case>> {
        let mut w = Conditions::default();
        if let Some(b) = scope.body() {
            w.push("body_id = {}", Arg::I(b));
        }
        if let Some(o) = officer {
            let cond = match self.backend {
                crate::db::Backend::Sqlite(_) => "EXISTS (SELECT 1 FROM json_each(officer_ids) WHERE value = {})",
                crate::db::Backend::Postgres(_) => "officer_ids::jsonb @> to_jsonb(CAST({} AS BIGINT))",
            };
            w.push(cond, Arg::I(o));
        }
        w.fixed("next_due IS NOT NULL");
        w.push("next_due <= {}", Arg::D(until));
        w.fixed("stage NOT IN ('closed', 'archived')");
        w.push_limit(limit.clamp(1, 1000), 0);
        let sql = format!("SELECT * FROM cases{} ORDER BY next_due, id {}", w.where_sql(), w.tail);
        self.fetch_all(with_args(query_built(sql), w.args)).await
    }
}

pub(crate) async fn import_holidays(
    w: &mut Write<'_, '_>,
    year: i32,
    schedule: String,
    source: String,
) -> Result<Outcome> {
    w.actor.district_wide("节假日安排")?;
    let mut inv = Invalid::default();
    let source = zhifa_core::error::required_text(&mut inv, "source", "通知文号或标题", &source, 200);
    inv.into_result(())?;
    let row: crate::model::HolidayYear = w.tx.fetch_one(query("INSERT INTO holiday_years (year, schedule, source, imported_by, imported_at) VALUES ($1,$2,$3,$4,$5) RETURNING *").bind(i64::from(year)).bind(&schedule).bind(&source).bind(w.actor.user_id).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(None, "calendar.import", &row).await?;
    Ok(Outcome::new(id, seq))
}
