//! 驾驶舱: the justice bureau's dashboard over the district, or one body's for its head and
//! administrator. The figures are read in a few aggregate queries, one read at a time, and kept:
//! a reader takes the kept figures when they were read after the reader's own latest write in
//! this process and are at most [`FRESH`] old; figures up to [`STALE`] old are served while a
//! read runs in the background; otherwise the reader waits for a read that began after it came.
//! So many people opening it at once, even while cases are being written, cost one read, and
//! nobody sees figures older than what they themselves have written.

use crate::error::AppResult;
use crate::{App, Who};
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};
use utoipa::ToSchema;
use zhifa_core::access::{Action, Scope};
use zhifa_store::dashboard::DashboardFigures;

/// How long figures are served without a new read.
pub const FRESH: Duration = Duration::from_secs(5);
/// How long figures are served while a new read runs in the background.
pub const STALE: Duration = Duration::from_secs(60);

/// The dashboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dashboard {
    /// the body it is scoped to (none: the whole district)
    pub body_id: Option<i64>,
    /// 数据时间（北京时间）
    pub as_of: String,
    /// the figures
    pub figures: DashboardFigures,
    /// 法制审核待办
    pub reviews: DueCounts,
    /// 待公开、待撤回
    pub publications: DueCounts,
}

/// Things waiting, and how many of them are past their limit.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct DueCounts {
    /// waiting
    pub due: usize,
    /// past their limit
    pub overdue: usize,
}

/// The figures kept per scope: (commits of this process when read, when read, the dashboard).
pub(crate) type DashboardCache =
    std::sync::Mutex<std::collections::HashMap<Option<i64>, (u64, Instant, Arc<Dashboard>)>>;

impl App {
    /// The dashboard of `body_id` (the caller's own body for a body's head or administrator;
    /// the district or one body for the justice bureau).
    pub async fn dashboard(&self, who: &Who, body_id: Option<i64>) -> AppResult<Arc<Dashboard>> {
        let body = body_id.or(who.caller.body_id.filter(|_| !who.caller.role.is_district_wide()));
        who.require(Action::ReadWarnings, body.or(who.caller.body_id))?;
        let scope = match body {
            Some(b) => Scope::Body(b),
            None => who.caller.scope(),
        };
        if let Scope::Body(b) = scope
            && !who.caller.scope().covers(b)
        {
            return Err(crate::AppError::Forbidden);
        }
        let key = scope.body();
        // Figures read at this commit count or later include all the caller wrote here.
        let need = self.store.watch.written_by(who.caller.user_id);
        let cached = |since: u64, age: Duration| -> Option<Arc<Dashboard>> {
            let cache = self.dashboard_cache.lock().ok()?;
            let (c, at, d) = cache.get(&key)?;
            (*c >= since && at.elapsed() < age).then(|| d.clone())
        };
        if let Some(d) = cached(need, FRESH) {
            return Ok(d);
        }
        if let Some(d) = cached(need, STALE) {
            // Served as they are; one read in the background brings them up to date.
            if let Ok(one) = self.dashboard_refresh.clone().try_lock_owned() {
                let app = self.clone();
                tokio::spawn(async move {
                    let _one = one;
                    if let Err(e) = app.read_dashboard(scope).await {
                        tracing::warn!(error = %e, "dashboard: the background read failed");
                    }
                });
            }
            return Ok(d);
        }
        // One read at a time: those who waited take figures read after they came.
        let came = self.store.watch.commits();
        let _one = self.dashboard_refresh.lock().await;
        if let Some(d) = cached(came.max(need), FRESH) {
            return Ok(d);
        }
        self.read_dashboard(scope).await
    }

    /// Reads the figures of `scope` and keeps them.
    async fn read_dashboard(&self, scope: Scope) -> AppResult<Arc<Dashboard>> {
        let key = scope.body();
        let commits = self.store.watch.commits();
        let now = chrono::Utc::now();
        let today = zhifa_core::time::shanghai_date(now);
        let figures = self.store.dashboard_figures(scope, today, now).await?;
        let queue = self.store.review_queue(scope, 10_000).await?;
        let reviews = DueCounts { due: queue.len(), overdue: queue.iter().filter(|q| q.overdue).count() };
        let tracking = self.store.publication_tracking(scope, &self.store.calendar(), today).await?;
        let publications =
            DueCounts { due: tracking.items.len(), overdue: tracking.items.iter().filter(|i| i.overdue).count() };
        let d =
            Arc::new(Dashboard { body_id: key, as_of: zhifa_core::time::display(now), figures, reviews, publications });
        if let Ok(mut cache) = self.dashboard_cache.lock() {
            cache.insert(key, (commits, Instant::now(), d.clone()));
        }
        Ok(d)
    }
}
