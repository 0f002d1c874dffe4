//! Benchmark helper (not a test): appends N journaled training records to an existing data
//! folder's SQLite database (one made by `zhifa demo`), in transactions of 10,000, so that
//! `zhifa verify` can be timed on a large ledger.
//!
//! `cargo run --release -p zhifa-store --example fill_ledger -- <data-dir> <entries>`

#![allow(clippy::unwrap_used)]

use zhifa_core::registry::TrainingInput;
use zhifa_store::write::Actor;
use zhifa_store::zhifa_ledger::HashAlg;
use zhifa_store::{Command, Store};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, n): (&str, usize) = (&args[1], args[2].parse().unwrap());
    let store = Store::connect(&format!("sqlite:{dir}/zhifa.db")).await.unwrap();
    store.migrate().await.unwrap();
    store.ensure_ledger("zhifa/ledger", HashAlg::Sm3).await.unwrap();
    let officers = store.list_officers(zhifa_core::access::Scope::All, &Default::default()).await.unwrap();
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < n {
        let batch: Vec<Command> = (done..(done + 10_000).min(n))
            .map(|i| Command::AddTraining {
                officer_id: zhifa_core::ids::OfficerId(officers[i % officers.len()].id),
                training: TrainingInput {
                    date: "2026-11-01".into(),
                    title: format!("执法业务培训第{i}期"),
                    hours: Some(4),
                    exam_score: Some(90),
                }
                .validate()
                .unwrap(),
            })
            .collect();
        done += batch.len();
        store.execute_batch(&Actor::system(), batch, |_| {}).await.map_err(|(i, e)| format!("{i}: {e}")).unwrap();
        eprint!("\r{done}/{n}");
    }
    eprintln!(
        "\nappended {n} entries in {:.1}s; tree size {}",
        start.elapsed().as_secs_f64(),
        store.tree_size().await.unwrap()
    );
    store.close().await;
}
