//! The ledger over HTTP: keys, checkpoints, proofs, and the access log.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) async fn ledger_keys_checkpoints_and_proofs(app: App) {
    use base64::Engine;
    use zhifa_store::zhifa_ledger::note::{Checkpoint, VerifierKey};
    let anon = Agent::anon(&app);
    let (s, keys) = anon.get("/api/v1/ledger/keys").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys["hash"], "sm3");
    let keys: Vec<VerifierKey> =
        keys["keys"].as_array().unwrap().iter().map(|k| VerifierKey::parse(k.as_str().unwrap()).unwrap()).collect();
    assert_eq!(keys.len(), 2);
    // No checkpoint until the checkpointer runs; then one covers every write so far.
    assert_eq!(anon.get("/api/v1/ledger/checkpoint").await.0, StatusCode::NOT_FOUND);
    app.state.app.checkpoint_once().await.unwrap().unwrap();
    let note = reqwest::get(format!("{}/api/v1/ledger/checkpoint", app.base)).await.unwrap().text().await.unwrap();
    let cp = Checkpoint::open(&note, &keys).unwrap();
    assert_eq!(cp.size, app.store.tree_size().await.unwrap());
    // A body's officer gets proofs for the own body's entries only; the supervisor for any.
    let own = body_id(&app, SCJG).await;
    let entries = app.store.ledger_entries(0, 10_000).await.unwrap();
    let own_entry = entries.iter().find(|e| e.body_id == Some(own)).unwrap().leaf_index.unwrap();
    let foreign_entry =
        entries.iter().find(|e| e.body_id.is_some() && e.body_id != Some(own)).unwrap().leaf_index.unwrap();
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (s, bundle) = officer.get(&format!("/api/v1/ledger/entries/{own_entry}/proof")).await;
    assert_eq!(s, StatusCode::OK, "{bundle}");
    assert_eq!(officer.get(&format!("/api/v1/ledger/entries/{foreign_entry}/proof")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(anon.get(&format!("/api/v1/ledger/entries/{own_entry}/proof")).await.0, StatusCode::UNAUTHORIZED);
    let b64 = |v: &Value| base64::engine::general_purpose::STANDARD.decode(v.as_str().unwrap()).unwrap();
    let cp = Checkpoint::open(bundle["checkpoint"].as_str().unwrap(), &keys).unwrap();
    let leaf = cp.hash.leaf(&b64(&bundle["entry"]));
    let proof: Vec<Vec<u8>> = bundle["proof"].as_array().unwrap().iter().map(b64).collect();
    zhifa_store::zhifa_ledger::verify_inclusion(cp.hash, own_entry as u64, cp.size, &leaf, &proof, &cp.root).unwrap();
    // A write after the checkpoint is not yet covered: 409, then covered after the next round.
    let admin = Agent::login(&app, "scjg.admin").await;
    let (s, out) = admin
        .post("/api/v1/officers", json!({"body_id": own, "name": "新增", "post": "队员", "domains": ["市场监管"]}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let last = app.store.tree_size().await.unwrap() - 1;
    assert!(out["seq"].as_i64().is_some());
    assert_eq!(admin.get(&format!("/api/v1/ledger/entries/{last}/proof")).await.0, StatusCode::CONFLICT);
    let next = app.state.app.checkpoint_once().await.unwrap().unwrap();
    assert_eq!(admin.get(&format!("/api/v1/ledger/entries/{last}/proof")).await.0, StatusCode::OK);
    // Consistency between the two checkpoints.
    let (s, c) = anon.get(&format!("/api/v1/ledger/consistency?from={}&to={}", cp.size, next.size)).await;
    assert_eq!(s, StatusCode::OK);
    let proof: Vec<Vec<u8>> = c["proof"].as_array().unwrap().iter().map(b64).collect();
    zhifa_store::zhifa_ledger::verify_consistency(cp.hash, cp.size, next.size as u64, &cp.root, &next.root, &proof)
        .unwrap();
    // Sizes the wrong way round are the asker's mistake (422, naming the field), not a 404.
    let (s, c) = anon.get(&format!("/api/v1/ledger/consistency?from={}&to={}", next.size, cp.size)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{c}");
    assert_eq!(c["fields"][0]["field"], "from", "{c}");
}

/// 调阅监督: an officer's personal record viewed through the API or a page is recorded with the
/// viewer and address; the justice bureau lists it by record and by user.
pub(crate) async fn viewing_an_officer_is_recorded_for_the_supervisor(app: App) {
    let own = body_id(&app, SCJG).await;
    let target =
        app.store.list_officers(zhifa_core::access::Scope::Body(own), &Default::default()).await.unwrap()[2].id;
    let viewer = Agent::login(&app, "scjg.zf01").await;
    assert_eq!(viewer.get(&format!("/api/v1/officers/{target}")).await.0, StatusCode::OK);
    let (c, _) = page_client(&app, "scjg.fzr").await;
    assert_eq!(c.get(format!("{}/officers/{target}", app.base)).send().await.unwrap().status(), StatusCode::OK);
    let jd = Agent::login(&app, "sfj.jd").await;
    let (s, log) = jd.get(&format!("/api/v1/access-log?table=officers&object_id={target}")).await;
    assert_eq!(s, StatusCode::OK);
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.iter().all(|e| e["ip"] == "127.0.0.1" && e["body_id"] == own));
    let zf01 = app.store.user_by_username("scjg.zf01").await.unwrap().unwrap().id;
    let (_, mine) = jd.get(&format!("/api/v1/access-log?user_id={zf01}")).await;
    assert!(mine.as_array().unwrap().iter().any(|e| e["object_id"] == target));
    assert_eq!(viewer.get("/api/v1/access-log").await.0, StatusCode::FORBIDDEN);
    assert_eq!(jd.get("/api/v1/access-log?table=officers").await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // The supervision page (调阅监督): names, the record, the body, by person and date, exported.
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let page = jd.text(&format!("/access-log?user_id={zf01}&table=officers&from={today}&to={today}&body_id=")).await;
    assert!(page.contains(&format!("执法人员档案 第{target}号")), "{page}");
    assert!(page.contains("scjg.zf01") && page.contains("天津市宝坻区市场监督管理局"), "{page}");
    assert!(!page.contains("scjg.fzr</small>"), "only the chosen person: {page}");
    let before = today - chrono::Duration::days(1);
    let none = jd.text(&format!("/access-log?user_id={zf01}&to={before}")).await;
    assert!(none.contains("没有符合条件的调阅记录"), "{none}");
    let r = jd.c.get(format!("{}/access-log?from=yesterday", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let csv = jd.text(&format!("/access-log/export.csv?table=officers&object_id={target}")).await;
    assert!(csv.starts_with('\u{feff}') && csv.contains("调阅人") && csv.contains("执法人员档案"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "a header and the two views: {csv}");
    assert_eq!(viewer.c.get(format!("{}/access-log", app.base)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}
