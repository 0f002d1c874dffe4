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
    /// request counters
    pub metrics: Arc<Metrics>,
    /// set the `Secure` flag on cookies (behind TLS)
    pub secure_cookies: bool,
}

impl AppState {
    /// The web state over `app`.
    pub fn new(app: App, secure_cookies: bool) -> Self {
        AppState {
            app,
            templates: Arc::new(crate::pages::templates()),
            sessions: Arc::new(SessionCache::default()),
            login_limiter: Arc::new(AddressLimiter::default()),
            metrics: Arc::new(Metrics::default()),
            secure_cookies,
        }
    }

    /// The checkpointer of [`App::run_checkpointer`], its lags counted in this process's
    /// metrics. Runs until `stop`.
    pub async fn run_checkpointer(self, interval: std::time::Duration, stop: impl std::future::Future<Output = ()>) {
        let metrics = self.metrics.clone();
        self.app.run_checkpointer(interval, move |lags| metrics.checkpoint_lags(lags), stop).await
    }
}
