//! Prometheus text metrics: request counts by route and status, and a latency histogram.

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
}

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
