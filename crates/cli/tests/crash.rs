//! Crash safety: the server is killed with SIGKILL at random moments during a concurrent
//! write load, 20 times. After each restart every write that was acknowledged (201) is present,
//! and at the end `zhifa verify` passes: no half-written change, no entry without its row, no
//! row without its entry, no gap in the ledger.

#![allow(clippy::unwrap_used)]

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

fn zhifa(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhifa"));
    c.arg("--data-dir").arg(data).env_remove("ZHIFA_DATABASE_URL").env("ZHIFA_LOG", "warn");
    c
}

#[test]
fn sigkill_during_concurrent_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    assert!(zhifa(dir.path()).arg("demo").output().unwrap().status.success());
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..20 {
        let mut child =
            zhifa(dir.path()).args(["serve", "--listen", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.trim().trim_start_matches("zhifa 已启动：").trim_end_matches('/').to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{line}");
        // A pseudo-random moment between 50 and 450 ms into the load.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let kill_after = std::time::Duration::from_millis(50 + seed % 400);
        let acked = acknowledged.clone();
        rt.block_on(async move {
            let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
            let r = c
                .post(format!("{base}/api/v1/session"))
                .json(&serde_json::json!({"username": "admin", "password": "Zhifa@2026demo"}))
                .send()
                .await
                .unwrap();
            let csrf = r.json::<serde_json::Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
            let mut tasks = Vec::new();
            for w in 0..4 {
                let (c, base, csrf, acked) = (c.clone(), base.clone(), csrf.clone(), acked.clone());
                tasks.push(tokio::spawn(async move {
                    for i in 0.. {
                        let title = format!("r{round}w{w}i{i}");
                        let body = serde_json::json!({"date": "2026-11-01", "title": title, "hours": 1});
                        match c
                            .post(format!("{base}/api/v1/officers/{}/training", 1 + w))
                            .header("x-csrf-token", &csrf)
                            .json(&body)
                            .send()
                            .await
                        {
                            Ok(r) if r.status() == reqwest::StatusCode::CREATED => acked.lock().unwrap().push(title),
                            Ok(r) => panic!("unexpected status {}", r.status()),
                            Err(_) => break, // the server is gone
                        }
                    }
                }));
            }
            tokio::time::sleep(kill_after).await;
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            for t in tasks {
                t.await.unwrap();
            }
        });
    }
    let acked = acknowledged.lock().unwrap().clone();
    assert!(acked.len() > 100, "the load wrote something: {}", acked.len());
    // Every acknowledged write is there.
    let present: Vec<String> = rt.block_on(async {
        let s =
            zhifa_store::Store::connect(&format!("sqlite:{}", dir.path().join("zhifa.db").display())).await.unwrap();
        s.migrate().await.unwrap();
        let mut all = Vec::new();
        for o in 1..=4 {
            all.extend(s.officer_training(o).await.unwrap().into_iter().map(|t| t.title));
        }
        s.close().await;
        all
    });
    let missing: Vec<_> = acked.iter().filter(|t| !present.contains(t)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged writes lost, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    // And the ledger and every table agree.
    assert!(zhifa(dir.path()).args(["ledger", "checkpoint"]).output().unwrap().status.success());
    let v = zhifa(dir.path()).arg("verify").output().unwrap();
    assert!(v.status.success(), "{}\n{}", String::from_utf8_lossy(&v.stdout), String::from_utf8_lossy(&v.stderr));
    eprintln!("{} acknowledged writes across 20 kills, all present; verify passed", acked.len());
}
