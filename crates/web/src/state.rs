//! Shared state of every request.

use crate::auth::{AddressLimiter, SessionCache};
use crate::metrics::Metrics;
use std::sync::Arc;
use zhifa_store::Store;

/// State shared by handlers: storage, evidence files, templates, the session cache, metrics.
#[derive(Clone)]
pub struct AppState {
    /// storage
    pub store: Store,
    /// templates
    pub templates: Arc<minijinja::Environment<'static>>,
    /// recently validated sessions
    pub sessions: Arc<SessionCache>,
    /// failed sign-ins per client address
    pub login_limiter: Arc<AddressLimiter>,
    /// request counters
    pub metrics: Arc<Metrics>,
    /// set the `Secure` flag on cookies (behind TLS)
    pub secure_cookies: bool,
    /// the ledger's checkpoint signers
    pub ledger_keys: crate::ledger_keys::LedgerKeys,
    /// where evidence files live
    pub evidence: zhifa_store::blobs::EvidenceStore,
    /// the largest evidence file accepted
    pub max_evidence_bytes: u64,
    /// this process's search index of published decisions (none: words are matched in the
    /// database)
    pub search: Option<Arc<crate::search::Search>>,
    /// the last year whose annual reports this process saw drafted
    pub reports_drafted: Arc<std::sync::atomic::AtomicI32>,
}

/// Default largest evidence file: 16 GiB (hours of body-camera video).
pub const DEFAULT_MAX_EVIDENCE_BYTES: u64 = 16 << 30;

impl AppState {
    /// Builds the state for `store` (whose ledger is initialized) with its checkpoint keys.
    pub fn new(
        store: Store,
        secure_cookies: bool,
        ledger_keys: crate::ledger_keys::LedgerKeys,
        evidence: zhifa_store::blobs::EvidenceStore,
    ) -> Self {
        AppState {
            store,
            templates: Arc::new(crate::pages::templates()),
            sessions: Arc::new(SessionCache::default()),
            login_limiter: Arc::new(AddressLimiter::default()),
            metrics: Arc::new(Metrics::default()),
            secure_cookies,
            ledger_keys,
            evidence,
            max_evidence_bytes: DEFAULT_MAX_EVIDENCE_BYTES,
            search: None,
            reports_drafted: Arc::new(std::sync::atomic::AtomicI32::new(0)),
        }
    }

    /// One round of the checkpointer: signs a checkpoint if the tree grew. Tests call it
    /// directly; the server runs it in [`AppState::run_checkpointer`].
    pub async fn checkpoint_once(
        &self,
    ) -> Result<Option<zhifa_store::ledger::StoredCheckpoint>, zhifa_store::StoreError> {
        self.store.checkpoint(&self.ledger_keys.signers()).await
    }

    /// Group commit of checkpoints, bounded by time and by count: one checkpoint covers all
    /// entries written since the last, signed every `interval` or as soon as the store's
    /// checkpoint batch of entries is waiting, whichever comes first. Records, for every write
    /// this process acknowledged, the time until a checkpoint covered it. Runs until `stop`.
    pub async fn run_checkpointer(self, interval: std::time::Duration, stop: impl std::future::Future<Output = ()>) {
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
                Ok(Some(cp)) => self.metrics.checkpoint_lags(&watch.checkpointed(cp.size as u64)),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "checkpoint failed"),
            }
        }
    }

    /// Drafts last year's statistics reports once the year is over (seed §二(三)6), as the
    /// installation itself, where a body was registered before the year ended; once per process
    /// and year (another process having drafted them is
    /// the same as drafting them). The checkpointer's rounds call it.
    pub async fn draft_due_annual_reports(&self, today: chrono::NaiveDate) {
        use chrono::Datelike;
        use std::sync::atomic::Ordering;
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
}
