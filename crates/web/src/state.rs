//! Shared state of every request.

use crate::auth::{AddressLimiter, SessionCache};
use crate::metrics::Metrics;
use std::sync::Arc;
use zhifa_app::App;

/// State shared by handlers: the installation (storage, evidence files, keys, search), the
/// templates, the session cache, metrics.
#[derive(Clone)]
pub struct AppState {
    /// the installation the use cases run on
    pub app: App,
    /// templates
    pub templates: Arc<minijinja::Environment<'static>>,
    /// recently validated sessions
    pub sessions: Arc<SessionCache>,
    /// failed sign-ins per client address
    pub login_limiter: Arc<AddressLimiter>,
    /// submissions of the public complaint form per client address
    pub form_limiter: Arc<crate::auth::FormLimiter>,
    /// request counters
    pub metrics: Arc<Metrics>,
    /// set the `Secure` flag on cookies (behind TLS)
    pub secure_cookies: bool,
    /// each person's workbench counts, briefly, for the menu
    pub task_counts: Arc<TaskCounts>,
}

/// The menu's to-do counts per account, kept [`TaskCounts::TTL`] and only while this process
/// has written nothing since (the workbench itself is always read fresh).
#[derive(Default)]
pub struct TaskCounts(std::sync::Mutex<std::collections::HashMap<i64, Counted>>);

/// When counts were taken, the process's commit count then, and the counts (to-do, overdue).
type Counted = (std::time::Instant, u64, (usize, usize));

impl TaskCounts {
    /// How long counts are kept.
    pub const TTL: std::time::Duration = std::time::Duration::from_secs(20);
    /// The counts of `user`, if fresh: taken within the TTL and with no commit since
    /// (`commits` is the process's commit count now).
    pub fn get(&self, user: i64, commits: u64) -> Option<(usize, usize)> {
        let m = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        m.get(&user).filter(|(at, seen, _)| at.elapsed() < Self::TTL && *seen == commits).map(|(_, _, c)| *c)
    }
    /// Keeps the counts of `user`, taken when the process had made `commits` commits.
    pub fn put(&self, user: i64, commits: u64, counts: (usize, usize)) {
        let mut m = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if m.len() > 10_000 {
            m.retain(|_, (at, _, _)| at.elapsed() < Self::TTL);
        }
        m.insert(user, (std::time::Instant::now(), commits, counts));
    }
}

impl AppState {
    /// The web state over `app`.
    pub fn new(app: App, secure_cookies: bool) -> Self {
        AppState {
            app,
            templates: Arc::new(crate::pages::templates()),
            sessions: Arc::new(SessionCache::default()),
            login_limiter: Arc::new(AddressLimiter::default()),
            form_limiter: Arc::new(crate::auth::FormLimiter::default()),
            metrics: Arc::new(Metrics::default()),
            secure_cookies,
            task_counts: Arc::new(TaskCounts::default()),
        }
    }

    /// The checkpointer of [`App::run_checkpointer`], its lags counted in this process's
    /// metrics. Runs until `stop`.
    pub async fn run_checkpointer(self, interval: std::time::Duration, stop: impl std::future::Future<Output = ()>) {
        let metrics = self.metrics.clone();
        self.app.run_checkpointer(interval, move |lags| metrics.checkpoint_lags(lags), stop).await
    }
}
