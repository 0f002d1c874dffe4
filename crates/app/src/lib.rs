//! zhifa's use cases: what a person or the installation does, each over several store calls.
//! Every use case takes a [`Who`], checks the access policy itself and returns an [`AppError`];
//! the web (`zhifa-web`) and the command line (`zhifa`) are adapters that parse, call one use
//! case and show its answer. The rules stay in `zhifa-core`, storage in `zhifa-store`.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod accounts;
pub mod archive;
pub mod assessment;
pub mod cases;
pub mod complaints;
pub mod dashboard;
pub mod demo;
pub mod documents;
pub mod error;
pub mod evaluation;
pub mod evidence;
pub mod keys;
pub mod notify;
pub mod oversight;
pub mod review;
pub mod search;
pub mod spotcheck;
pub mod table;
pub mod warnings;
pub mod who;
pub mod workbench;

pub use error::{AppError, AppResult};
pub use who::Who;

use keys::LedgerKeys;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;
use zhifa_store::Store;
use zhifa_store::blobs::EvidenceStore;

/// Default largest evidence file: 16 GiB (hours of body-camera video).
pub const DEFAULT_MAX_EVIDENCE_BYTES: u64 = 16 << 30;

/// One installation as the use cases see it: storage, evidence files, the ledger's keys and
/// this process's search index. Cheap to clone; several processes may share the database.
#[derive(Clone)]
pub struct App {
    /// storage
    pub store: Store,
    /// where evidence files live
    pub evidence: EvidenceStore,
    /// the ledger's checkpoint signers
    pub ledger_keys: LedgerKeys,
    /// the largest evidence file accepted
    pub max_evidence_bytes: u64,
    /// this process's search index of published decisions (none: words are matched in the
    /// database)
    pub search: Option<Arc<search::Search>>,
    /// the last year whose annual reports this process saw drafted
    reports_drafted: Arc<AtomicI32>,
    /// the district's outbound channel for hand-overs, if connected
    pub webhook: Option<notify::Webhook>,
    /// one round of the notification follower at a time in this process
    notify_lock: Arc<tokio::sync::Mutex<()>>,
    /// one round of the warnings follower or sweep at a time in this process
    warnings_lock: Arc<tokio::sync::Mutex<()>>,
    /// How far this process's warnings follower has read the journal (stored in the background).
    warnings_seq: Arc<warnings::Position>,
    /// the dashboards' figures, kept a few seconds
    dashboard_cache: Arc<dashboard::DashboardCache>,
    dashboard_refresh: Arc<tokio::sync::Mutex<()>>,
    /// drawn tasks' bundles and their verification, computed once (a drawn task never changes)
    drawn: Arc<spotcheck::DrawnCache>,
}

impl App {
    /// The installation over `store` (whose ledger is initialized) with its checkpoint keys.
    pub fn new(store: Store, ledger_keys: LedgerKeys, evidence: EvidenceStore) -> Self {
        App {
            store,
            evidence,
            ledger_keys,
            max_evidence_bytes: DEFAULT_MAX_EVIDENCE_BYTES,
            search: None,
            reports_drafted: Arc::new(AtomicI32::new(0)),
            webhook: None,
            notify_lock: Arc::new(tokio::sync::Mutex::new(())),
            warnings_lock: Arc::new(tokio::sync::Mutex::new(())),
            warnings_seq: Arc::default(),
            drawn: Arc::default(),
            dashboard_cache: Arc::default(),
            dashboard_refresh: Arc::default(),
        }
    }

    /// Uses `index` for the public search (see [`App::run_search_follower`]).
    pub fn with_search(mut self, index: zhifa_search::SearchIndex) -> Self {
        self.search = Some(Arc::new(search::Search::new(index)));
        self
    }

    /// Connects the district's outbound channel for hand-overs (see [`notify`]).
    pub fn with_webhook(mut self, hook: notify::Webhook) -> Self {
        self.webhook = Some(hook);
        self
    }

    /// One round of the checkpointer: signs a checkpoint if the tree grew. Tests call it
    /// directly; the server runs it in [`App::run_checkpointer`].
    pub async fn checkpoint_once(&self) -> AppResult<Option<zhifa_store::ledger::StoredCheckpoint>> {
        Ok(self.store.checkpoint(&self.ledger_keys.signers()).await?)
    }

    /// Group commit of checkpoints, bounded by time and by count: one checkpoint covers all
    /// entries written since the last, signed every `interval` or as soon as the store's
    /// checkpoint batch of entries is waiting, whichever comes first. `lags` is told, for every
    /// write this process acknowledged, the time until a checkpoint covered it. Each round also
    /// drafts the annual reports once they are due. Runs until `stop`.
    pub async fn run_checkpointer(
        self,
        interval: Duration,
        lags: impl Fn(&[(Duration, u64)]),
        stop: impl std::future::Future<Output = ()>,
    ) {
        let mut stop = std::pin::pin!(stop);
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let watch = self.store.watch.clone();
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = tick.tick() => {}
                _ = watch.batch_full() => {}
            }
            self.draft_due_annual_reports(zhifa_core::time::shanghai_date(chrono::Utc::now())).await;
            match self.checkpoint_once().await {
                Ok(Some(cp)) => lags(&watch.checkpointed(cp.size as u64)),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "checkpoint failed"),
            }
        }
    }

    /// Drafts last year's statistics reports once the year is over (seed §二(三)6), as the
    /// installation itself, where a body was registered before the year ended; once per process
    /// and year (another process having drafted them is the same as drafting them). The
    /// checkpointer's rounds call it.
    pub async fn draft_due_annual_reports(&self, today: chrono::NaiveDate) {
        use chrono::Datelike;
        let year = today.year() - 1;
        if self.reports_drafted.load(Ordering::Relaxed) >= year {
            return;
        }
        // An installation set up after the year has no report of it to draft (nor to be late with).
        let year_end =
            zhifa_core::time::shanghai_midnight(chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(today));
        match self.store.list_bodies().await {
            Ok(bodies) if !bodies.iter().any(|b| b.created_at < year_end) => {
                self.reports_drafted.store(year, Ordering::Relaxed);
                return;
            }
            Ok(_) => {}
            Err(e) => return tracing::error!(error = %e, year, "drafting the annual reports failed"),
        }
        let cmd = zhifa_store::Command::DraftAnnualReports { year, today };
        match self.store.execute(&zhifa_store::write::Actor::system(), cmd).await {
            Ok(_) => tracing::info!(year, "annual statistics reports drafted"),
            Err(zhifa_store::StoreError::Conflict(_)) => {}
            Err(e) => return tracing::error!(error = %e, year, "drafting the annual reports failed"),
        }
        self.reports_drafted.store(year, Ordering::Relaxed);
    }

    /// Keeps the calendar in force current: the shipped years plus those imported, read again
    /// every `interval`, so that an import through one server reaches the others. Runs until
    /// its task is aborted.
    pub async fn run_calendar_refresher(self, interval: Duration) {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Err(e) = self.store.install_calendar().await {
                tracing::error!(error = %e, "calendar refresh failed");
            }
        }
    }

    /// Brings the search index up to the journal once (tests call it; the server runs the
    /// follower).
    pub async fn search_catch_up(&self) -> AppResult<usize> {
        match &self.search {
            Some(s) => Ok(s.catch_up(&self.store).await?),
            None => Ok(0),
        }
    }

    /// Follows the journal: a round every `interval`, and at once after a write of this
    /// process, so that a decision published through any process is found through every one.
    /// Runs until `stop`.
    pub async fn run_search_follower(self, interval: Duration, stop: impl std::future::Future<Output = ()>) {
        let Some(search) = self.search.clone() else { return };
        let mut stop = std::pin::pin!(stop);
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let watch = self.store.watch.clone();
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = tick.tick() => {}
                _ = watch.changed() => {}
            }
            match search.catch_up(&self.store).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(publications = n, "search index followed the journal"),
                Err(e) => tracing::error!(error = %e, "search index: following the journal failed"),
            }
        }
    }
}
