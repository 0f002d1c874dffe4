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
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use zhifa_core::access::{Action, Scope};
use zhifa_core::case::CaseKind;
use zhifa_core::case::{CertificateStanding, Recorded};
use zhifa_core::registry::PowerCategory;
use zhifa_core::supervision::accounts::{AccountRecord, ViewFact, account_hits};
use zhifa_core::supervision::bodies::{BodyRecord, ItemUse, body_hits};
use zhifa_core::supervision::cases::{CaseRecord, CertificateHistory, OfficerHistory, PublicationFact, case_hits};
use zhifa_core::supervision::enterprises::{Inspection, enterprise_hits, subject_key as enterprise_key};
use zhifa_core::supervision::officers::{OfficerRecord, officer_hits};
use zhifa_core::supervision::oversight::{NoticeRecord, notice_hits};
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
    /// One round of the follower: judges again what the journal entries since its position
    /// touched. A change of the thresholds or of the holiday schedule judges everything.
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
            let after = self.store.follower_position(FOLLOWER).await?;
            let events = self.store.warning_events(after, BATCH).await?;
            let Some(last) = events.last().map(|e| e.seq) else { break };
            if events.iter().any(|e| matches!(e.object_table.as_str(), "warning_settings" | "holiday_years")) {
                round.add(self.sweep(today).await?);
            } else {
                let cases: BTreeSet<i64> = events.iter().filter_map(|e| e.case_id).collect();
                let mut officers: BTreeSet<i64> = events.iter().filter_map(|e| e.officer_id).collect();
                // A case opened or closed changes its officers' open cases (W05).
                let opened_or_closed: Vec<i64> = events
                    .iter()
                    .filter(|e| e.object_table == "cases" || e.step_kind.as_deref() == Some("close"))
                    .filter_map(|e| e.case_id)
                    .collect();
                let t = self.store.warning_thresholds().await?;
                let ids: Vec<i64> = cases.into_iter().collect();
                let registered: BTreeSet<i64> =
                    events.iter().filter(|e| e.kind == "case.create").filter_map(|e| e.case_id).collect();
                let mut enterprises = BTreeSet::new();
                for page in ids.chunks(PAGE as usize) {
                    let batch = self.store.case_batch(page).await?;
                    for c in batch.cases.iter().filter(|c| opened_or_closed.contains(&c.id)) {
                        officers.extend(c.officer_list()?);
                    }
                    for c in batch.cases.iter().filter(|c| registered.contains(&c.id) && c.kind == CaseKind::Inspection)
                    {
                        enterprises.extend(credit_codes(&c.parties).into_iter().map(|(code, _)| code));
                    }
                    round.add(self.judge_cases(&batch, &t, today).await?);
                }
                if !enterprises.is_empty() {
                    round.add(self.judge_enterprises(Some(&enterprises), &t, today).await?);
                }
                // A body's power list changed, or a body with a W15 clue registered a case.
                let idle: BTreeSet<i64> = self
                    .store
                    .open_clue_subjects("body:")
                    .await?
                    .iter()
                    .filter_map(|k| match Subject::parse(k) {
                        Some(Subject::Body(id)) => Some(id),
                        _ => None,
                    })
                    .collect();
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
            }
            round.looked_at += events.len();
            self.store.set_follower_position(FOLLOWER, last).await?;
            if events.len() < BATCH as usize {
                break;
            }
        }
        Ok(round)
    }

    /// The full recompute: every case and every officer judged on `today`.
    pub async fn recompute_warnings(&self, today: NaiveDate) -> AppResult<WarningRound> {
        let _one = self.warnings_lock.lock().await;
        self.sweep(today).await
    }

    async fn sweep(&self, today: NaiveDate) -> AppResult<WarningRound> {
        let t = self.store.warning_thresholds().await?;
        let mut round = WarningRound::default();
        let mut after = 0;
        loop {
            let ids = self.store.case_ids_after(after, PAGE).await?;
            let Some(&last) = ids.last() else { break };
            let batch = self.store.case_batch(&ids).await?;
            let r = self.judge_cases(&batch, &t, today).await?;
            round.add(WarningRound { looked_at: ids.len(), ..r });
            after = last;
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
    async fn judge_cases(&self, batch: &CaseBatch, t: &Thresholds, today: NaiveDate) -> AppResult<WarningRound> {
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
        let bodies: Vec<i64> = batch.cases.iter().map(|c| c.body_id).collect::<BTreeSet<_>>().into_iter().collect();
        let mut items: HashMap<(i64, String), Vec<zhifa_core::case::rules::ItemVersion>> = HashMap::new();
        for p in self.store.power_items_of(&bodies).await? {
            items.entry((p.body_id, p.code.clone())).or_default().push(p.item_version());
        }
        let mut found = BTreeMap::new();
        for c in &batch.cases {
            let facts = c.facts()?;
            let record = CaseRecord {
                id: c.id,
                body_id: c.body_id,
                number: &c.number,
                facts: &facts,
                history: steps.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                publications: pubs.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                evidence: evidence.get(c.number.as_str()).map(Vec::as_slice).unwrap_or(&[]),
                officers: &people,
                item_versions: items.get(&(c.body_id, c.power_item_code.clone())).map(Vec::as_slice).unwrap_or(&[]),
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
