//! The upgrade fixture maker (issue 17).

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

/// Makes the upgrade fixture (issue 17): a database written by this release, with the demo, a
/// general-procedure penalty case taken from registration to archive (evidence, documents,
/// legal review, decision, archive report) and a decision published, on SQLite and PostgreSQL.
/// Ignored by the test run; `ZHIFA_MAKE_UPGRADE_FIXTURE` names the output folder (see
/// `scripts/make-upgrade-fixture`); later releases test that they migrate and verify it.
#[test]
#[ignore = "makes the upgrade fixture; run by scripts/make-upgrade-fixture"]
pub(crate) fn make_upgrade_fixture() {
    let out = std::env::var("ZHIFA_MAKE_UPGRADE_FIXTURE").expect("ZHIFA_MAKE_UPGRADE_FIXTURE names the output folder");
    let out = std::path::PathBuf::from(out);
    run(move || async move {
        let sqlite = Box::pin(sqlite_app()).await;
        Box::pin(fixture_flows(&sqlite)).await;
        let dir = out.join("sqlite");
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("zhifa.db");
        let _ = std::fs::remove_file(&db);
        sqlite.store.execute_raw_for_tests(&format!("VACUUM INTO '{}'", db.display())).await.unwrap();
        fixture_files(&sqlite, &dir).await;
        if let Some(pg) = Box::pin(pg_app()).await {
            Box::pin(fixture_flows(&pg)).await;
            let dir = out.join("postgres");
            std::fs::create_dir_all(&dir).unwrap();
            let schema = pg.url.rsplit("search_path%3D").next().unwrap().to_string();
            std::fs::write(dir.join("schema.txt"), schema).unwrap();
            fixture_files(&pg, &dir).await;
        }
    });
}

pub(crate) async fn fixture_flows(app: &App) {
    Box::pin(penalty_general_case_runs_end_to_end_and_forbidden_paths_are_refused(App {
        base: app.base.clone(),
        url: app.url.clone(),
        store: app.store.clone(),
        state: app.state.clone(),
        _dir: None,
        _files: tempfile::tempdir().unwrap(),
    }))
    .await;
    let officer = Agent::login(app, "scjg.zf01").await;
    let (id, _) = decided_case_of(app, true, citizen()).await;
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (_, list) = officer.get("/api/v1/publications?status=pending").await;
    let pid = list.as_array().unwrap().iter().find(|p| p["case_id"] == id).unwrap()["id"].as_i64().unwrap();
    let (_, v) = officer.get(&format!("/api/v1/publications/{pid}")).await;
    let proposed = v["proposal"]["proposed"]["text"].as_str().unwrap().to_string();
    let (s, v) = officer.post(&format!("/api/v1/publications/{pid}/publish"), json!({"full_text": proposed})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

/// The evidence files, the latest signed checkpoint and the figures a restored copy must show.
pub(crate) async fn fixture_files(app: &App, dir: &std::path::Path) {
    pub(crate) fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    let evidence = dir.join("evidence");
    let _ = std::fs::remove_dir_all(&evidence);
    copy(&app._files.path().join("evidence"), &evidence);
    let cp = app.store.latest_checkpoint().await.unwrap().unwrap();
    std::fs::write(dir.join("checkpoint.txt"), &cp.note).unwrap();
    let mut counts = serde_json::Map::new();
    for (t, n) in app.store.table_counts().await.unwrap() {
        counts.insert(t.to_string(), json!(n));
    }
    let expect = json!({"tree_size": cp.size, "rows": counts});
    std::fs::write(dir.join("expect.json"), serde_json::to_string_pretty(&expect).unwrap()).unwrap();
}
