//! Prometheus text metrics: request counts by route and status, a latency histogram, and the
//! delay from an acknowledged write to the checkpoint covering it (a summary).

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

/// Counters kept in memory per process.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<([u64; BUCKETS.len()], u64, f64)>,
    /// (seconds from acknowledgement to covering checkpoint, writes), the most recent groups
    lags: Mutex<std::collections::VecDeque<(f64, u64)>>,
    /// every write's delay added up, and the writes, since the process started (the summary's
    /// `_sum` and `_count`)
    lag_totals: Mutex<(f64, u64)>,
}

/// Groups whose checkpoint delay is kept for the quantiles.
const LAG_WINDOW: usize = 20_000;

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, secs: f64) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((method.to_string(), route.to_string(), status)).or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            for (i, b) in BUCKETS.iter().enumerate() {
                if secs <= *b {
                    l.0[i] += 1;
                }
            }
            l.1 += 1;
            l.2 += secs;
        }
    }

    /// Records, per acknowledged group of writes, the time until a checkpoint covered it.
    pub fn checkpoint_lags(&self, lags: &[(std::time::Duration, u64)]) {
        if let Ok(mut t) = self.lag_totals.lock() {
            for (d, n) in lags {
                t.0 += d.as_secs_f64() * *n as f64;
                t.1 += n;
            }
        }
        if let Ok(mut l) = self.lags.lock() {
            for (d, n) in lags {
                if l.len() >= LAG_WINDOW {
                    l.pop_front();
                }
                l.push_back((d.as_secs_f64(), *n));
            }
        }
    }

    /// Weighted quantiles of the checkpoint delay: (q, seconds), and the writes counted.
    pub fn checkpoint_lag_quantiles(&self) -> (Vec<(f64, f64)>, u64) {
        let Ok(l) = self.lags.lock() else { return (Vec::new(), 0) };
        let mut v: Vec<(f64, u64)> = l.iter().copied().collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: u64 = v.iter().map(|x| x.1).sum();
        let mut out = Vec::new();
        for q in [0.5, 0.99, 1.0] {
            let want = (q * total as f64).ceil() as u64;
            let mut seen = 0;
            for (secs, n) in &v {
                seen += n;
                if seen >= want.max(1) {
                    out.push((q, *secs));
                    break;
                }
            }
        }
        (out, total)
    }

    /// The exposition text.
    pub fn render(&self, backend: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# HELP zhifa_info Build and storage backend.\n# TYPE zhifa_info gauge");
        let _ = writeln!(out, "zhifa_info{{version=\"{}\",backend=\"{backend}\"}} 1", env!("CARGO_PKG_VERSION"));
        let _ = writeln!(
            out,
            "# HELP zhifa_http_requests_total HTTP requests by route and status.\n# TYPE zhifa_http_requests_total counter"
        );
        if let Ok(m) = self.requests.lock() {
            for ((method, route, status), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "zhifa_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP zhifa_http_request_duration_seconds Request latency.\n# TYPE zhifa_http_request_duration_seconds histogram"
        );
        if let Ok(l) = self.latency.lock() {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(out, "zhifa_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}", l.0[i]);
            }
            let _ = writeln!(out, "zhifa_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}", l.1);
            let _ = writeln!(out, "zhifa_http_request_duration_seconds_sum {}", l.2);
            let _ = writeln!(out, "zhifa_http_request_duration_seconds_count {}", l.1);
        }
        let (qs, _) = self.checkpoint_lag_quantiles();
        let _ = writeln!(
            out,
            "# HELP zhifa_checkpoint_delay_seconds Time from an acknowledged write to the signed checkpoint covering it (recent writes).\n# TYPE zhifa_checkpoint_delay_seconds summary"
        );
        for (q, secs) in qs {
            let _ = writeln!(out, "zhifa_checkpoint_delay_seconds{{quantile=\"{q}\"}} {secs:.6}");
        }
        let (sum, count) = self.lag_totals.lock().map(|t| *t).unwrap_or_default();
        let _ = writeln!(out, "zhifa_checkpoint_delay_seconds_sum {sum:.6}");
        let _ = writeln!(out, "zhifa_checkpoint_delay_seconds_count {count}");
        out
    }
}

/// Middleware recording each request.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let resp = next.run(req).await;
    state.metrics.record(&method, &route, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkpoint_delay_summary_has_its_sum_and_count_over_every_write() {
        let m = Metrics::default();
        m.checkpoint_lags(&[(std::time::Duration::from_millis(500), 4), (std::time::Duration::from_secs(1), 1)]);
        m.checkpoint_lags(&[(std::time::Duration::from_millis(250), 2)]);
        let text = m.render("sqlite");
        assert!(text.contains("zhifa_checkpoint_delay_seconds_sum 3.500000"), "{text}");
        assert!(text.contains("zhifa_checkpoint_delay_seconds_count 7"), "{text}");
        assert!(text.contains("zhifa_checkpoint_delay_seconds{quantile=\"0.5\"}"), "{text}");
    }
}
