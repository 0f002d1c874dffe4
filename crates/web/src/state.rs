//! Shared state of every request.

use crate::auth::{AddressLimiter, SessionCache};
use crate::metrics::Metrics;
use std::sync::Arc;
use zhifa_store::Store;

/// State shared by handlers: storage, templates, the session cache and metrics.
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
}

impl AppState {
    /// Builds the state for `store`.
    pub fn new(store: Store, secure_cookies: bool) -> Self {
        AppState {
            store,
            templates: Arc::new(crate::pages::templates()),
            sessions: Arc::new(SessionCache::default()),
            login_limiter: Arc::new(AddressLimiter::default()),
            metrics: Arc::new(Metrics::default()),
            secure_cookies,
        }
    }
}
