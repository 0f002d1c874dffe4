//! 执法监督预警: the warning rules of `zhifa_core::supervision` applied to the records, as the
//! journal grows and as days pass.
//!
//! A follower, like the search index's and the notifications', reads the journal after its
//! stored position and judges again every case and officer an entry touched; a sweep judges
//! every case and officer (the full recompute), so that a limit reached by the passing of a day
//! raises its clue without any write. Both compare what the rules find with the subject's open
//! clues and queue a `SyncClues` only where they differ, so that a round is idempotent and
//! several processes may run it at once (the command compares again inside its transaction).

use crate::error::AppResult;
use crate::{App, Who};
use chrono::Datelike;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use zhifa_core::access::{Action, Scope};
use zhifa_core::case::CaseKind;
use zhifa_core::case::{CertificateStanding, Recorded};
use zhifa_core::registry::PowerCategory;
use zhifa_core::supervision::accounts::{AccountRecord, ViewFact, account_hits};
use zhifa_core::supervision::bodies::{BodyRecord, ItemUse, body_hits};
use zhifa_core::supervision::cases::{
    CaseRecord, CertificateHistory, OfficerHistory, PublicationFact, StandardVersion, case_hits,
};
use zhifa_core::supervision::enterprises::{Inspection, enterprise_hits, subject_key as enterprise_key};
use zhifa_core::supervision::officers::{OfficerRecord, officer_hits};
use zhifa_core::supervision::oversight::{NoticeRecord, notice_hits};
use zhifa_core::supervision::peers::{DecidedFine, level_of, peer_hits, subject_key as peers_key};
use zhifa_core::supervision::presence::{FieldRecord, presence_hits};
use zhifa_core::supervision::{Hit, Subject, Thresholds};
use zhifa_store::model::{Clue, SupervisionNotice, UserRow};
use zhifa_store::supervision::{CaseBatch, ClueFilter, NewClue};
use zhifa_store::write::{Actor, Command, Outcome};

/// The follower's name in `follower_positions`.
const FOLLOWER: &str = "warnings";
/// Journal entries read in one round.
const BATCH: i64 = 2_000;
/// Cases judged together.
const PAGE: i64 = 500;

/// The follower's position in this process. Storing it is a write outside the group committer:
/// on SQLite it waits for the database's one write lock behind the committer's groups, which
/// under a burst of writes takes seconds. A round therefore goes on from the position it holds
/// here and stores it in the background, one store at a time (the stored position never moves
/// back, so a store that lags or is skipped only makes a restarted follower judge again what it
/// had judged: rounds are idempotent).
#[derive(Debug, Default)]
pub(crate) struct Position {
    seq: std::sync::atomic::AtomicI64,
    storing: std::sync::atomic::AtomicBool,
}

/// What a round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WarningRound {
    /// journal entries read (follower) or cases judged (sweep)
    pub looked_at: usize,
    /// subjects whose clues changed
    pub synced: usize,
    /// clues raised or closed
    pub changes: i64,
}

impl WarningRound {
    fn add(&mut self, other: WarningRound) {
        self.looked_at += other.looked_at;
        self.synced += other.synced;
        self.changes += other.changes;
    }
}

/// The parties of a case (its stored JSON) that are enterprises: (credit code, name).
fn credit_codes(parties: &str) -> Vec<(String, String)> {
    let list: Vec<serde_json::Value> = serde_json::from_str(parties).unwrap_or_default();
    list.iter()
        .filter_map(|p| {
            let code = zhifa_core::ids::CreditCode::parse(p["id_number"].as_str()?).ok()?;
            Some((code.as_str().to_string(), p["name"].as_str().unwrap_or_default().to_string()))
        })
        .collect()
}

/// The step kinds of a decision with a penalty (W08).
const FINE_KINDS: &[&str] = &["decide", "onsite_decision"];

/// The codes of the field steps (W16).
fn field_codes() -> Vec<&'static str> {
    zhifa_core::case::StepKind::ALL.iter().filter(|k| k.is_field()).map(|k| k.code()).collect()
}

fn is_field_code(code: &str) -> bool {
    zhifa_core::case::StepKind::parse(code).is_ok_and(|k| k.is_field())
}

fn shanghai_year(at: chrono::DateTime<chrono::Utc>) -> i32 {
    zhifa_core::time::shanghai_date(at).year()
}

fn year_start(year: i32) -> chrono::DateTime<chrono::Utc> {
    zhifa_core::time::shanghai_midnight(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default())
}

/// The field records of `rows` as W16 reads them.
fn field_records(rows: &[zhifa_store::supervision::StepRow]) -> AppResult<Vec<FieldRecord>> {
    rows.iter()
        .map(|r| {
            let data: zhifa_core::case::StepData =
                serde_json::from_str(&r.data).map_err(|e| crate::AppError::Internal(e.to_string()))?;
            let kind = zhifa_core::case::StepKind::parse(&r.kind).map_err(crate::AppError::Internal)?;
            Ok(FieldRecord {
                step_id: r.id,
                case_id: r.case_id,
                body_id: r.body_id,
                number: r.number.clone(),
                what: kind.label().to_string(),
                at: r.occurred_at,
                place: data.place.unwrap_or_default(),
                officers: data.officer_ids,
            })
        })
        .collect()
}

/// The discretion standards of each body, every version: body → (version, in force from, its
/// standards).
type BodyStandards = HashMap<i64, Vec<(i64, NaiveDate, Vec<zhifa_core::lists::Standard>)>>;

fn standard_versions(lists: &[zhifa_store::model::BodyList]) -> AppResult<BodyStandards> {
    let mut out: BodyStandards = HashMap::new();
    for l in lists {
        let all: Vec<zhifa_core::lists::Standard> =
            serde_json::from_str(&l.items).map_err(|e| crate::AppError::Internal(e.to_string()))?;
        out.entry(l.body_id).or_default().push((l.version, l.effective_from, all));
    }
    Ok(out)
}

/// What cases are judged against besides their own records: the power items (W06) and the
/// discretion standards (W07, W08) of their bodies, every version, read once per body for a
/// round or a sweep.
#[derive(Default)]
struct BodyRules {
    loaded: BTreeSet<i64>,
    items: HashMap<(i64, String), Vec<zhifa_core::case::rules::ItemVersion>>,
    standards: BodyStandards,
}

/// The versions of a body's standards for one item (a version without the item has none).
fn item_standards(all: &BodyStandards, body: i64, item: &str) -> Vec<StandardVersion> {
    all.get(&body)
        .map(|versions| {
            versions
                .iter()
                .map(|(version, from, standards)| StandardVersion {
                    version: *version,
                    effective_from: *from,
                    standards: standards.iter().filter(|s| s.power_item_code == item).cloned().collect(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The stored form of a hit.
fn new_clue(h: &Hit) -> AppResult<NewClue> {
    let inputs = h.inputs_json();
    Ok(NewClue {
        rule: h.rule.id.to_string(),
        rule_version: i64::from(h.rule.version),
        finding: h.key.clone(),
        body_id: h.body_id,
        case_id: h.case_id,
        officer_id: h.officer_id,
        severity: h.severity,
        summary: h.summary.clone(),
        inputs: serde_json::to_string(&inputs).map_err(|e| crate::AppError::Internal(e.to_string()))?,
        inputs_hash: zhifa_store::write::content_hash(&inputs)?,
    })
}

impl App {
    /// Reads the power items and discretion standards of those of `bodies` not read yet.
    async fn load_body_rules(&self, rules: &mut BodyRules, bodies: impl IntoIterator<Item = i64>) -> AppResult<()> {
        let missing: Vec<i64> =
            bodies.into_iter().filter(|b| !rules.loaded.contains(b)).collect::<BTreeSet<_>>().into_iter().collect();
        if missing.is_empty() {
            return Ok(());
        }
        for p in self.store.power_items_of(&missing).await? {
            rules.items.entry((p.body_id, p.code.clone())).or_default().push(p.item_version());
        }
        rules.standards.extend(standard_versions(&self.store.discretion_lists(&missing).await?)?);
        rules.loaded.extend(missing);
        Ok(())
    }

    /// One round of the follower: judges again what the journal entries since its position
    /// touched. A change of the thresholds, the holiday schedule, a body's discretion standards
    /// or its review list judges everything.
    pub async fn warnings_catch_up(&self, today: NaiveDate) -> AppResult<WarningRound> {
        let _one = self.warnings_lock.lock().await;
        self.follow(today).await
    }

    /// Catches up before a list is read, unless a round is already running in this process
    /// (a sweep may take a while: the list then shows what is stored).
    pub async fn warnings_fresh(&self) -> AppResult<()> {
        let Ok(_one) = self.warnings_lock.try_lock() else { return Ok(()) };
        self.follow(zhifa_core::time::shanghai_date(chrono::Utc::now())).await?;
        Ok(())
    }

    async fn follow(&self, today: NaiveDate) -> AppResult<WarningRound> {
        let mut round = WarningRound::default();
        loop {
            let began = std::time::Instant::now();
            let after = self
                .store
                .follower_position(FOLLOWER)
                .await?
                .max(self.warnings_seq.seq.load(std::sync::atomic::Ordering::Acquire));
            let events = self.store.warning_events(after, BATCH).await?;
            let read = began.elapsed();
            let Some(last) = events.last().map(|e| e.seq) else { break };
            // The settings, the calendar, and a body's discretion standards (W07, W08) or review
            // list (W09), which may take effect on past days: everything is judged again.
            if events.iter().any(|e| {
                matches!(e.object_table.as_str(), "warning_settings" | "holiday_years" | "body_lists" | "review_lists")
            }) {
                round.add(self.sweep(today).await?);
            } else {
                let cases: BTreeSet<i64> = events.iter().filter_map(|e| e.case_id).collect();
                let mut officers: BTreeSet<i64> = events.iter().filter_map(|e| e.officer_id).collect();
                // A case opened, closed, archived or reopened for a supplement, or an officer
                // recused, changes its officers' open cases (W05, W16).
                let opened_or_closed: Vec<i64> = events
                    .iter()
                    .filter(|e| {
                        e.kind == "case.create"
                            || matches!(
                                e.step_kind.as_deref(),
                                Some("close" | "archive" | "supplement_archive" | "recusal")
                            )
                    })
                    .filter_map(|e| e.case_id)
                    .collect();
                let t = self.store.warning_thresholds().await?;
                let ids: Vec<i64> = cases.into_iter().collect();
                let registered: BTreeSet<i64> =
                    events.iter().filter(|e| e.kind == "case.create").filter_map(|e| e.case_id).collect();
                let mut enterprises = BTreeSet::new();
                let decided: BTreeSet<i64> = events
                    .iter()
                    .filter(|e| e.step_kind.as_deref().is_some_and(|k| FINE_KINDS.contains(&k)))
                    .filter_map(|e| e.case_id)
                    .collect();
                let mut groups: BTreeSet<(String, i32)> = BTreeSet::new();
                let field: Vec<i64> = events
                    .iter()
                    .filter(|e| e.step_kind.as_deref().is_some_and(is_field_code))
                    .filter_map(|e| e.step_id)
                    .collect();
                let mut field_at: Vec<chrono::DateTime<chrono::Utc>> = Vec::new();
                let mut rules = BodyRules::default();
                for page in ids.chunks(PAGE as usize) {
                    let batch = self.store.case_batch(page).await?;
                    for st in &batch.steps {
                        if decided.contains(&st.case_id)
                            && FINE_KINDS.contains(&st.kind.code())
                            && let Some(c) = batch.cases.iter().find(|c| c.id == st.case_id)
                        {
                            groups.insert((c.power_item_code.clone(), shanghai_year(st.occurred_at)));
                        }
                        if field.contains(&st.id) {
                            field_at.push(st.occurred_at);
                        }
                    }
                    for c in batch.cases.iter().filter(|c| opened_or_closed.contains(&c.id)) {
                        officers.extend(c.officer_list()?);
                    }
                    for c in batch.cases.iter().filter(|c| registered.contains(&c.id) && c.kind == CaseKind::Inspection)
                    {
                        enterprises.extend(credit_codes(&c.parties).into_iter().map(|(code, _)| code));
                    }
                    round.add(self.judge_cases(&batch, &mut rules, &t, today).await?);
                }
                let judged = began.elapsed();
                if !enterprises.is_empty() {
                    round.add(self.judge_enterprises(Some(&enterprises), &t, today).await?);
                }
                for (item, year) in &groups {
                    round.add(self.judge_peers(Some(item), *year, &mut rules, &t).await?);
                }
                if !field.is_empty() {
                    round.add(self.judge_presence(&field, &field_at, &t).await?);
                }
                // A body's power list changed, or a body with a W15 clue registered a case.
                let registering: BTreeSet<i64> =
                    events.iter().filter(|e| e.kind == "case.create").filter_map(|e| e.body_id).collect();
                let keys: Vec<String> = registering.iter().map(|b| Subject::Body(*b).key()).collect();
                let idle: BTreeSet<i64> = if keys.is_empty() {
                    BTreeSet::new()
                } else {
                    self.store
                        .open_clue_keys(&keys)
                        .await?
                        .keys()
                        .filter_map(|k| match Subject::parse(k) {
                            Some(Subject::Body(id)) => Some(id),
                            _ => None,
                        })
                        .collect()
                };
                let bodies: Vec<i64> = events
                    .iter()
                    .filter(|e| {
                        e.object_table == "power_items"
                            || (e.kind == "case.create" && e.body_id.is_some_and(|b| idle.contains(&b)))
                    })
                    .filter_map(|e| e.body_id)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                if !bodies.is_empty() {
                    round.add(self.judge_bodies(Some(&bodies), &t, today).await?);
                }
                let officers: Vec<i64> = officers.into_iter().collect();
                round.add(self.judge_officers(&officers, &t, today, None).await?);
                let accounts: Vec<i64> =
                    events.iter().filter_map(|e| e.user_id).collect::<BTreeSet<_>>().into_iter().collect();
                if !accounts.is_empty() {
                    let users = self.store.user_rows(Scope::All).await?;
                    round.add(self.judge_accounts(&users, &accounts, &t).await?);
                }
                let notices: Vec<i64> =
                    events.iter().filter_map(|e| e.notice_id).collect::<BTreeSet<_>>().into_iter().collect();
                if !notices.is_empty() {
                    let rows = self.store.notices_by_id(&notices).await?;
                    round.add(self.judge_notices(&rows, today).await?);
                }
                let complaints: Vec<i64> =
                    events.iter().filter_map(|e| e.complaint_id).collect::<BTreeSet<_>>().into_iter().collect();
                if !complaints.is_empty() {
                    let rows = self.store.complaints_by_id(&complaints).await?;
                    round.add(self.judge_complaints(&rows, &t, today).await?);
                }
                tracing::debug!(
                    events = events.len(),
                    cases = ids.len(),
                    read_ms = read.as_millis() as u64,
                    cases_ms = (judged - read).as_millis() as u64,
                    total_ms = began.elapsed().as_millis() as u64,
                    "warnings: a round of the follower"
                );
            }
            round.looked_at += events.len();
            self.keep_position(last);
            if events.len() < BATCH as usize {
                break;
            }
        }
        Ok(round)
    }

    /// Holds `seq` as this process's position and stores it in the background; a store under
    /// way carries it.
    fn keep_position(&self, seq: i64) {
        use std::sync::atomic::Ordering;
        self.warnings_seq.seq.fetch_max(seq, Ordering::AcqRel);
        if self.warnings_seq.storing.swap(true, Ordering::AcqRel) {
            return;
        }
        let (store, position) = (self.store.clone(), self.warnings_seq.clone());
        tokio::spawn(async move {
            // Until the stored position is the one held: rounds that ended meanwhile are carried.
            let mut stored = 0;
            loop {
                let seq = position.seq.load(Ordering::Acquire);
                if seq <= stored {
                    break;
                }
                if let Err(e) = store.set_follower_position(FOLLOWER, seq).await {
                    tracing::warn!(error = %e, "warnings: storing the follower's position failed");
                    break;
                }
                stored = seq;
            }
            position.storing.store(false, Ordering::Release);
        });
    }

    /// The full recompute: every case and every officer judged on `today`.
    pub async fn recompute_warnings(&self, today: NaiveDate) -> AppResult<WarningRound> {
        let _one = self.warnings_lock.lock().await;
        self.sweep(today).await
    }

    async fn sweep(&self, today: NaiveDate) -> AppResult<WarningRound> {
        // Everything journaled up to here is judged by the sweep: the follower goes on after it.
        let head = self.store.journal_seq().await?;
        let t = self.store.warning_thresholds().await?;
        let mut round = WarningRound::default();
        let mut rules = BodyRules::default();
        // The next page is read while this one is judged.
        let read = |ids: Vec<i64>| {
            let store = self.store.clone();
            tokio::spawn(async move { store.case_batch(&ids).await })
        };
        let mut ids = self.store.case_ids_after(0, PAGE).await?;
        let mut next = read(ids.clone());
        while let Some(&last) = ids.last() {
            let batch = next.await.map_err(|e| crate::AppError::Internal(e.to_string()))??;
            let following = self.store.case_ids_after(last, PAGE).await?;
            next = read(following.clone());
            let r = self.judge_cases(&batch, &mut rules, &t, today).await?;
            round.add(WarningRound { looked_at: ids.len(), ..r });
            ids = following;
        }
        let open = self.open_cases_per_officer(None).await?;
        let officers = self.store.officer_ids().await?;
        for page in officers.chunks(PAGE as usize) {
            round.add(self.judge_officers(page, &t, today, Some(&open)).await?);
        }
        let users = self.store.user_rows(Scope::All).await?;
        let accounts: Vec<i64> = users.iter().map(|u| u.id).collect();
        for page in accounts.chunks(PAGE as usize) {
            round.add(self.judge_accounts(&users, page, &t).await?);
        }
        round.add(self.judge_bodies(None, &t, today).await?);
        round.add(self.judge_enterprises(None, &t, today).await?);
        round.add(self.sweep_peers(&mut rules, &t, today).await?);
        round.add(self.sweep_presence(&t).await?);
        let waiting = self.store.notices_awaiting_reply().await?;
        round.add(self.judge_notices(&waiting, today).await?);
        round.add(self.close_answered_notices(today).await?);
        // Complaints with something to do, and those settled since their clue was raised.
        let mut complaints = self.store.open_complaints().await?;
        let settled: Vec<i64> = self
            .store
            .open_clue_subjects("complaint:")
            .await?
            .iter()
            .filter_map(|k| match Subject::parse(k) {
                Some(Subject::Complaint(id)) => Some(id),
                _ => None,
            })
            .filter(|id| !complaints.iter().any(|c| c.id == *id))
            .collect();
        complaints.extend(self.store.complaints_by_id(&settled).await?);
        round.add(self.judge_complaints(&complaints, &t, today).await?);
        self.warnings_seq.seq.fetch_max(head, std::sync::atomic::Ordering::AcqRel);
        self.store.set_follower_position(FOLLOWER, head).await?;
        Ok(round)
    }

    /// Judges complaints by their time limits (W19); an unrouted one is the bureau's.
    async fn judge_complaints(
        &self,
        rows: &[zhifa_store::model::Complaint],
        t: &Thresholds,
        today: NaiveDate,
    ) -> AppResult<WarningRound> {
        use zhifa_core::supervision::complaints::{ComplaintRecord, complaint_hits};
        let cal = self.store.calendar();
        let bureau = self.store.supervisor_body_id().await?;
        let mut found = BTreeMap::new();
        for c in rows {
            let Some(body_id) = c.body_id.or(bureau) else { continue };
            let record = ComplaintRecord {
                id: c.id,
                body_id,
                case_id: c.case_id,
                officer_id: c.officer_id,
                code: &c.tracking_code,
                dates: c.dates(),
            };
            found.insert(Subject::Complaint(c.id).key(), complaint_hits(&record, t, &cal, today));
        }
        self.sync(found).await
    }

    /// Judges a batch of cases and syncs those whose clues differ from the findings.
    async fn judge_cases(
        &self,
        batch: &CaseBatch,
        rules: &mut BodyRules,
        t: &Thresholds,
        today: NaiveDate,
    ) -> AppResult<WarningRound> {
        let cal = self.store.calendar();
        let mut steps: HashMap<i64, Vec<Recorded>> = HashMap::new();
        for s in &batch.steps {
            steps.entry(s.case_id).or_default().push(s.recorded()?);
        }
        let mut pubs: HashMap<i64, Vec<PublicationFact>> = HashMap::new();
        for p in &batch.publications {
            pubs.entry(p.case_id).or_default().push(PublicationFact {
                id: p.id,
                status: p.status,
                due_on: p.due_on,
                published_on: p.published_on,
                withdrawal_due: p.withdrawal_due,
                withdrawn_on: p.withdrawn_at.map(zhifa_core::time::shanghai_date),
            });
        }
        let mut evidence: HashMap<&str, Vec<zhifa_core::case::EvidenceFact>> = HashMap::new();
        for e in &batch.evidence {
            evidence.entry(e.case_number.as_str()).or_default().push(e.clone());
        }
        let people = self.officer_histories(&steps).await?;
        self.load_body_rules(rules, batch.cases.iter().map(|c| c.body_id)).await?;
        let reviews = self.store.case_reviews(batch).await?;
        let mut found = BTreeMap::new();
        for c in &batch.cases {
            let facts = c.facts()?;
            let mine = item_standards(&rules.standards, c.body_id, &c.power_item_code);
            let record = CaseRecord {
                id: c.id,
                body_id: c.body_id,
                number: &c.number,
                facts: &facts,
                history: steps.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                publications: pubs.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                evidence: evidence.get(c.number.as_str()).map(Vec::as_slice).unwrap_or(&[]),
                officers: &people,
                item_versions: rules
                    .items
                    .get(&(c.body_id, c.power_item_code.clone()))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
                review: reviews.get(&c.id),
                standards: &mine,
            };
            found.insert(Subject::Case(c.id).key(), case_hits(&record, t, &cal, today));
        }
        self.sync(found).await
    }

    /// The officers named on `steps`, with the history of their certificates (W03, W04).
    async fn officer_histories(&self, steps: &HashMap<i64, Vec<Recorded>>) -> AppResult<Vec<OfficerHistory>> {
        let ids: BTreeSet<i64> = steps.values().flatten().flat_map(|r| r.data.officer_ids.iter().copied()).collect();
        let ids: Vec<i64> = ids.into_iter().collect();
        let (officers, certificates) = self.store.officers_with_certificates(&ids).await?;
        let cert_ids: Vec<i64> = certificates.iter().map(|c| c.id).collect();
        let mut changes: HashMap<i64, Vec<(NaiveDate, zhifa_core::registry::CertificateStatus)>> = HashMap::new();
        for e in self.store.certificate_changes(&cert_ids).await? {
            if let Ok(st) = zhifa_core::registry::CertificateStatus::parse(&e.to_status) {
                changes.entry(e.certificate_id).or_default().push((e.effective_date, st));
            }
        }
        Ok(officers
            .iter()
            .map(|o| OfficerHistory {
                id: o.id,
                name: o.name.clone(),
                body_id: o.body_id,
                certificates: certificates
                    .iter()
                    .filter(|c| c.officer_id == o.id)
                    .map(|c| CertificateHistory {
                        standing: CertificateStanding {
                            number: c.number.clone(),
                            domain: c.domain.clone(),
                            status: c.stored_status(),
                            valid_from: c.valid_from,
                            valid_to: c.valid_to,
                        },
                        changes: changes.remove(&c.id).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Judges officers; `open` gives each officer's open cases when the caller counted them
    /// already.
    async fn judge_officers(
        &self,
        ids: &[i64],
        t: &Thresholds,
        today: NaiveDate,
        open: Option<&HashMap<i64, u32>>,
    ) -> AppResult<WarningRound> {
        if ids.is_empty() {
            return Ok(WarningRound::default());
        }
        let (officers, certificates) = self.store.officers_with_certificates(ids).await?;
        let counted;
        let open = match open {
            Some(o) => o,
            None => {
                let mut all = HashMap::new();
                let bodies: BTreeSet<i64> = officers.iter().map(|o| o.body_id).collect();
                for b in bodies {
                    all.extend(self.open_cases_per_officer(Some(b)).await?);
                }
                counted = all;
                &counted
            }
        };
        let mut found = BTreeMap::new();
        for o in &officers {
            let certs: Vec<CertificateStanding> = certificates
                .iter()
                .filter(|c| c.officer_id == o.id)
                .map(|c| CertificateStanding {
                    number: c.number.clone(),
                    domain: c.domain.clone(),
                    status: c.stored_status(),
                    valid_from: c.valid_from,
                    valid_to: c.valid_to,
                })
                .collect();
            let record = OfficerRecord {
                id: o.id,
                body_id: o.body_id,
                name: &o.name,
                certificates: &certs,
                open_cases: open.get(&o.id).copied().unwrap_or(0),
            };
            found.insert(Subject::Officer(o.id).key(), officer_hits(&record, t, today));
        }
        self.sync(found).await
    }

    /// Judges the accounts `ids` (of `all`, read once by the caller) by their views of
    /// protected records (W21). An account without a body (the system administrator's) has no
    /// body to hold its clue and is not judged.
    async fn judge_accounts(&self, all: &[UserRow], ids: &[i64], t: &Thresholds) -> AppResult<WarningRound> {
        if ids.is_empty() {
            return Ok(WarningRound::default());
        }
        let users: Vec<&UserRow> = all.iter().filter(|u| ids.contains(&u.id)).collect();
        let mut views: HashMap<i64, Vec<ViewFact>> = HashMap::new();
        let officer_of: HashMap<i64, Option<i64>> = users.iter().map(|u| (u.id, u.officer_id)).collect();
        for v in self.store.account_views(ids).await? {
            let handlers: Vec<i64> =
                v.case_officers.as_deref().and_then(|o| serde_json::from_str(o).ok()).unwrap_or_default();
            let own = officer_of.get(&v.user_id).copied().flatten().is_some_and(|o| handlers.contains(&o));
            views.entry(v.user_id).or_default().push(ViewFact {
                day: zhifa_core::time::shanghai_date(v.at),
                table: v.object_table,
                object_id: v.object_id,
                own,
            });
        }
        let mut found = BTreeMap::new();
        for u in users {
            let Some(body_id) = u.body_id else { continue };
            let record = AccountRecord {
                user_id: u.id,
                body_id,
                officer_id: u.officer_id,
                name: &u.display_name,
                views: views.get(&u.id).map(Vec::as_slice).unwrap_or(&[]),
            };
            found.insert(Subject::Account(u.id).key(), account_hits(&record, t));
        }
        self.sync(found).await
    }

    /// Judges bodies by their use of their powers (W15): `ids`, or every body.
    async fn judge_bodies(&self, ids: Option<&[i64]>, t: &Thresholds, today: NaiveDate) -> AppResult<WarningRound> {
        let mut found = BTreeMap::new();
        for a in self.store.body_activity(ids, today).await? {
            let items: Vec<ItemUse> = a
                .items
                .iter()
                .map(|(p, since, last)| ItemUse {
                    code: p.code.clone(),
                    name: p.name.clone(),
                    enforcing: matches!(p.category, PowerCategory::Inspection | PowerCategory::Penalty),
                    since: *since,
                    last_used: last.map(zhifa_core::time::shanghai_date),
                })
                .collect();
            let record = BodyRecord {
                id: a.body.id,
                name: &a.body.name,
                items: &items,
                last_enforcement: a.last_enforcement.map(zhifa_core::time::shanghai_date),
            };
            found.insert(Subject::Body(a.body.id).key(), body_hits(&record, t, today));
        }
        self.sync(found).await
    }

    /// Judges enterprises by their inspections (W17): those of `codes`, or every enterprise
    /// inspected within the window and every one with an open clue.
    async fn judge_enterprises(
        &self,
        codes: Option<&BTreeSet<String>>,
        t: &Thresholds,
        today: NaiveDate,
    ) -> AppResult<WarningRound> {
        let from = today - chrono::Duration::days(365 + i64::from(t.repeat_inspection_days));
        let from = zhifa_core::time::shanghai_midnight(from);
        let mut seen: BTreeMap<String, (String, Vec<Inspection>)> = BTreeMap::new();
        for row in self.store.inspections_since(from).await? {
            for (code, name) in credit_codes(&row.parties) {
                if codes.is_some_and(|c| !c.contains(&code)) {
                    continue;
                }
                let entry = seen.entry(code).or_insert_with(|| (name, Vec::new()));
                entry.1.push(Inspection {
                    case_id: row.id,
                    number: row.number.clone(),
                    body_id: row.body_id,
                    on: zhifa_core::time::shanghai_date(row.created_at),
                });
            }
        }
        let mut found = BTreeMap::new();
        if codes.is_none() {
            for key in self.store.open_clue_subjects("enterprise:").await? {
                found.insert(key, Vec::new());
            }
        }
        for (code, (name, list)) in &seen {
            found.insert(enterprise_key(code), enterprise_hits(code, name, list, t, today));
        }
        self.sync(found).await
    }

    /// Judges the decided fines of one power item (every item when None) in one year against
    /// their peers (W08).
    async fn judge_peers(
        &self,
        item: Option<&str>,
        year: i32,
        rules: &mut BodyRules,
        t: &Thresholds,
    ) -> AppResult<WarningRound> {
        let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year + 1, 1, 1))
        else {
            return Ok(WarningRound::default());
        };
        let (from, to) = (zhifa_core::time::shanghai_midnight(from), zhifa_core::time::shanghai_midnight(to));
        let rows = self.store.decisions_between(item, from, to).await?;
        self.judge_peer_rows(&rows, item, year, rules, t).await
    }

    /// W08 over `rows`, the decisions of one item (every item when None) in one year.
    async fn judge_peer_rows(
        &self,
        rows: &[zhifa_store::supervision::StepRow],
        item: Option<&str>,
        year: i32,
        rules: &mut BodyRules,
        t: &Thresholds,
    ) -> AppResult<WarningRound> {
        self.load_body_rules(rules, rows.iter().map(|r| r.body_id)).await?;
        // The latest decision of each case with a fine.
        let mut latest: BTreeMap<i64, (&zhifa_store::supervision::StepRow, zhifa_core::case::StepData)> =
            BTreeMap::new();
        for r in rows {
            let data: zhifa_core::case::StepData =
                serde_json::from_str(&r.data).map_err(|e| crate::AppError::Internal(e.to_string()))?;
            latest.insert(r.case_id, (r, data));
        }
        let mut by_item: BTreeMap<&str, Vec<DecidedFine>> = BTreeMap::new();
        for (r, data) in latest.values() {
            let Some(p) = data.penalty.as_ref() else { continue };
            let Some(fine) = p.fine_fen.filter(|_| p.has(zhifa_core::case::PenaltyKind::Fine)) else { continue };
            let mine = item_standards(&rules.standards, r.body_id, &r.power_item_code);
            let officers: Vec<i64> = serde_json::from_str(&r.officer_ids).unwrap_or_default();
            by_item.entry(r.power_item_code.as_str()).or_default().push(DecidedFine {
                case_id: r.case_id,
                body_id: r.body_id,
                number: r.number.clone(),
                officer_id: officers.first().copied(),
                level: level_of(&mine, zhifa_core::time::shanghai_date(r.occurred_at), p),
                fine_fen: fine,
            });
        }
        let mut found = BTreeMap::new();
        if let Some(code) = item {
            found.insert(peers_key(code, year), Vec::new());
        }
        for (code, fines) in &by_item {
            found.insert(peers_key(code, year), peer_hits(code, year, fines, t));
        }
        self.sync(found).await
    }

    /// W08 over every year with decisions; a group's clues whose year or item has no fines any
    /// more close.
    async fn sweep_peers(&self, rules: &mut BodyRules, t: &Thresholds, today: NaiveDate) -> AppResult<WarningRound> {
        let mut round = WarningRound::default();
        let Some(first) = self.store.first_step_at().await? else { return Ok(round) };
        let mut stale: BTreeSet<String> = self.store.open_clue_subjects("fines:").await?.into_iter().collect();
        for year in shanghai_year(first)..=today.year() {
            let rows = self.store.decisions_between(None, year_start(year), year_start(year + 1)).await?;
            for code in rows.iter().map(|r| r.power_item_code.as_str()).collect::<BTreeSet<_>>() {
                stale.remove(&peers_key(code, year));
            }
            round.add(self.judge_peer_rows(&rows, None, year, rules, t).await?);
        }
        let closed: BTreeMap<String, Vec<Hit>> = stale.into_iter().map(|k| (k, Vec::new())).collect();
        round.add(self.sync(closed).await?);
        Ok(round)
    }

    /// Judges the field records `steps` (made at `at`) against the field records around them
    /// (W16, impossible presence).
    async fn judge_presence(
        &self,
        steps: &[i64],
        at: &[chrono::DateTime<chrono::Utc>],
        t: &Thresholds,
    ) -> AppResult<WarningRound> {
        let window = chrono::Duration::minutes(i64::from(t.presence_minutes));
        let mut times = at.to_vec();
        times.sort_unstable();
        // Each run of records closer than two windows is read at once.
        let mut spans: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> = Vec::new();
        for t in times {
            match spans.last_mut() {
                Some((_, end)) if t - window <= *end => *end = t + window,
                _ => spans.push((t - window, t + window)),
            }
        }
        let mut found = BTreeMap::new();
        for (from, to) in spans {
            let rows = self.store.field_steps_between(&field_codes(), from, to).await?;
            found.extend(presence_hits(&field_records(&rows)?, Some(steps), t));
        }
        self.sync(found).await
    }

    /// W16's impossible presence over every field record, a week at a time (each week read with
    /// the window before it); a pair no longer found (a longer or shorter setting) closes.
    async fn sweep_presence(&self, t: &Thresholds) -> AppResult<WarningRound> {
        let mut round = WarningRound::default();
        let Some(mut from) = self.store.first_step_at().await? else { return Ok(round) };
        let window = chrono::Duration::minutes(i64::from(t.presence_minutes));
        let week = chrono::Duration::days(7);
        let now = chrono::Utc::now() + chrono::Duration::days(1);
        let mut stale: BTreeSet<String> = self.store.open_clue_subjects("presence:").await?.into_iter().collect();
        let mut found: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
        while from < now {
            let rows = self.store.field_steps_between(&field_codes(), from - window, from + week).await?;
            let records = field_records(&rows)?;
            let inside: Vec<i64> = records.iter().filter(|r| r.at >= from).map(|r| r.step_id).collect();
            for (key, hits) in presence_hits(&records, Some(&inside), t) {
                stale.remove(&key);
                found.insert(key, hits);
            }
            if found.len() > PAGE as usize {
                round.add(self.sync(std::mem::take(&mut found)).await?);
            }
            from += week;
        }
        found.extend(stale.into_iter().map(|k| (k, Vec::new())));
        round.add(self.sync(found).await?);
        Ok(round)
    }

    /// Judges supervision documents by their reply deadlines (W22).
    async fn judge_notices(&self, rows: &[SupervisionNotice], today: NaiveDate) -> AppResult<WarningRound> {
        let cal = self.store.calendar();
        let mut found = BTreeMap::new();
        for n in rows {
            let record = NoticeRecord {
                id: n.id,
                body_id: n.body_id,
                case_id: n.case_id,
                number: &n.number,
                kind: n.kind,
                status: n.status,
                deadline: n.deadline,
            };
            found.insert(Subject::Notice(n.id).key(), notice_hits(&record, &cal, today));
        }
        self.sync(found).await
    }

    /// The sweep judges only documents still waiting; one answered since (whose change the
    /// follower may not have seen, on another process) closes its clue here.
    async fn close_answered_notices(&self, today: NaiveDate) -> AppResult<WarningRound> {
        let keys = self.store.open_clue_subjects("notice:").await?;
        let ids: Vec<i64> = keys
            .iter()
            .filter_map(|k| match Subject::parse(k) {
                Some(Subject::Notice(id)) => Some(id),
                _ => None,
            })
            .collect();
        let rows = self.store.notices_by_id(&ids).await?;
        let answered: Vec<SupervisionNotice> =
            rows.into_iter().filter(|n| n.status != zhifa_core::supervision::oversight::NoticeStatus::Issued).collect();
        self.judge_notices(&answered, today).await
    }

    /// How many open cases each officer handles (in `body`, or everywhere).
    async fn open_cases_per_officer(&self, body: Option<i64>) -> AppResult<HashMap<i64, u32>> {
        let mut open: HashMap<i64, u32> = HashMap::new();
        for list in self.store.open_case_officers(body).await? {
            let ids: Vec<i64> = serde_json::from_str(&list).unwrap_or_default();
            for id in ids {
                *open.entry(id).or_default() += 1;
            }
        }
        Ok(open)
    }

    /// Queues a sync for each subject whose findings differ from its open clues.
    async fn sync(&self, found: BTreeMap<String, Vec<Hit>>) -> AppResult<WarningRound> {
        let subjects: Vec<String> = found.keys().cloned().collect();
        let open = self.store.open_clue_keys(&subjects).await?;
        let mut round = WarningRound::default();
        let mut pending = tokio::task::JoinSet::new();
        for (subject, hits) in found {
            let clues = hits.iter().map(new_clue).collect::<AppResult<Vec<_>>>()?;
            let mut now: Vec<(String, String, String)> =
                clues.iter().map(|c| (c.rule.clone(), c.finding.clone(), c.inputs_hash.clone())).collect();
            let mut had = open.get(&subject).cloned().unwrap_or_default();
            now.sort();
            had.sort();
            if now == had {
                continue;
            }
            let store = self.store.clone();
            pending.spawn(
                async move { store.execute(&Actor::system(), Command::SyncClues { subject, hits: clues }).await },
            );
        }
        // Queued together, they share group commits.
        while let Some(r) = pending.join_next().await {
            let o: Outcome = r.map_err(|e| crate::AppError::Internal(e.to_string()))??;
            round.synced += 1;
            round.changes += o.id;
        }
        Ok(round)
    }

    /// Follows the journal every `interval` and at once after a write of this process, and
    /// sweeps every case at start and once a day after midnight (Asia/Shanghai), when limits
    /// are reached by the date alone. Runs until `stop`.
    pub async fn run_warnings(self, interval: std::time::Duration, stop: impl std::future::Future<Output = ()>) {
        let mut stop = std::pin::pin!(stop);
        let watch = self.store.watch.clone();
        let mut swept: Option<NaiveDate> = None;
        loop {
            let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
            if swept != Some(today) {
                match self.recompute_warnings(today).await {
                    Ok(r) => {
                        tracing::info!(cases = r.looked_at, changes = r.changes, "warnings recomputed");
                        swept = Some(today);
                    }
                    Err(e) => tracing::error!(error = %e, "warnings: the recompute failed"),
                }
            }
            match self.warnings_catch_up(today).await {
                Ok(r) if r.changes > 0 => tracing::debug!(?r, "warnings followed the journal"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "warnings: following the journal failed"),
            }
            tokio::select! {
                _ = &mut stop => break,
                _ = tokio::time::sleep(interval) => {}
                _ = watch.changed() => {}
            }
        }
    }

    /// The clues the caller may see: the justice bureau and the system administrator all; a
    /// body's head and administrator their own body's.
    pub async fn clues(&self, who: &Who, filter: &ClueFilter) -> AppResult<Vec<Clue>> {
        who.require(Action::ReadWarnings, filter.body_id.or(who.caller.body_id))?;
        self.warnings_fresh().await?;
        Ok(self.store.clues(who.caller.scope(), filter).await?)
    }

    /// One clue, with the rule's catalogue entry.
    pub async fn clue(&self, who: &Who, id: i64) -> AppResult<Clue> {
        let c = self.store.clue(who.caller.scope(), id).await?.ok_or(crate::AppError::NotFound("预警线索"))?;
        who.require(Action::ReadWarnings, Some(c.body_id))?;
        Ok(c)
    }

    /// Changes the district's thresholds (the justice bureau), with the reason; the follower
    /// then judges everything again.
    pub async fn set_warning_thresholds(
        &self,
        who: &Who,
        thresholds: Thresholds,
        reason: String,
    ) -> AppResult<Outcome> {
        who.require(Action::SetWarnings, None)?;
        Ok(self.store.execute(&who.actor(), Command::SetWarningThresholds { thresholds, reason }).await?)
    }
}
