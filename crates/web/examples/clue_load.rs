//! Benchmark helper (not a test): writes that raise a warning, at a steady rate, through the
//! HTTP API. Each write files (立案) one registered case as having been filed a hundred days ago:
//! past the ninety days of 《行政处罚法》第六十条 with no decision, so the warnings follower must
//! raise a red W01 clue on it. The case ids come one per line on standard input; the account is
//! a head (机关负责人) of their body. Prints what it sent and the latency of the writes; the
//! bench script measures from the database how long each clue took after its write.
//!
//! `clue_load <base-url> <username> <password> <writes-per-second> <seconds> < ids`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (base, user, password) = (args[1].clone(), &args[2], &args[3]);
    let rate: f64 = args[4].parse().unwrap();
    let seconds: f64 = args[5].parse().unwrap();
    let ids: Vec<i64> = std::io::stdin().lock().lines().map(|l| l.unwrap().trim().parse().unwrap()).collect();
    let total = ((rate * seconds) as usize).min(ids.len());
    let client = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(256).build().unwrap();
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "sign-in: {}", r.status());
    let v: serde_json::Value = r.json().await.unwrap();
    let csrf = v["csrf_token"].as_str().expect("csrf_token").to_string();
    let filed = zhifa_core::time::shanghai_date(chrono::Utc::now()) - chrono::Duration::days(100);
    let body = serde_json::json!({"kind": "file", "occurred_at": format!("{filed} 09:00"), "content": "符合立案条件"});
    let latencies = Arc::new(tokio::sync::Mutex::new(Vec::with_capacity(total)));
    let failures = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for id in ids.into_iter().take(total) {
        tick.tick().await;
        let (client, base, csrf, body) = (client.clone(), base.clone(), csrf.clone(), body.clone());
        let (latencies, failures) = (latencies.clone(), failures.clone());
        tasks.spawn(async move {
            let t = Instant::now();
            let r = client
                .post(format!("{base}/api/v1/cases/{id}/steps"))
                .header("X-CSRF-Token", csrf)
                .json(&body)
                .send()
                .await;
            match r {
                Ok(r) if r.status().as_u16() == 201 => latencies.lock().await.push(t.elapsed().as_secs_f64() * 1000.0),
                Ok(r) => {
                    if failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < 3 {
                        eprintln!("case {id}: {} {}", r.status(), r.text().await.unwrap_or_default());
                    }
                }
                Err(e) => {
                    if failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < 3 {
                        eprintln!("case {id}: {e}");
                    }
                }
            }
        });
    }
    let sent = start.elapsed().as_secs_f64();
    while tasks.join_next().await.is_some() {}
    let mut l = latencies.lock().await.clone();
    l.sort_by(f64::total_cmp);
    println!(
        "   writes: {total} sent in {sent:.1} s ({:.0}/s), {} created, {} failed; write latency p50 {:.1} ms, p99 {:.1} ms",
        total as f64 / sent,
        l.len(),
        failures.load(std::sync::atomic::Ordering::Relaxed),
        pct(&l, 50.0),
        pct(&l, 99.0)
    );
}
