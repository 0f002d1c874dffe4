//! Evidence: uploads, the dossier, verification of files, two-approval deletion.

use crate::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

pub(crate) const TARGET: &str = "91350100M000100Y43";

/// A registered case of the market-supervision body, for evidence to belong to: its number.
pub(crate) async fn evidence_case(app: &App) -> String {
    let o = case_officers(app).await;
    let officer = Agent::login(app, "scjg.zf01").await;
    new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await.1
}

/// The upload query for a case `number`.
pub(crate) fn evidence_query_in(number: &str, collector: i64, extra: &str) -> String {
    evidence_query(collector, extra).replace("津宝市监罚〔2026〕8号", number)
}

pub(crate) fn evidence_query(collector: i64, extra: &str) -> String {
    let q = format!(
        "case_number=津宝市监罚〔2026〕8号&captured_at=2026-11-20 09:30&capture_place=宝坻区南城东路12号&collector_officer_id={collector}\
         &proof_object=当事人无证经营的事实&device_id=DSJ-0012&format=mp4&file_name=现场.mp4&target={TARGET}&target_name=某商贸公司{extra}"
    );
    q.replace(' ', "%20")
}

impl Agent {
    pub(crate) async fn upload(&self, query: &str, data: Vec<u8>) -> (StatusCode, Value) {
        let r = self
            .c
            .post(format!("{}/api/v1/evidence?{query}", self.base))
            .header("x-csrf-token", &self.csrf)
            .header("content-type", "video/mp4")
            .body(data)
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
}

pub(crate) fn video(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(13).wrapping_add(seed)).collect()
}

pub(crate) fn sm3_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sm3::Sm3::digest(data))
}

pub(crate) async fn collector(app: &App, user: &str) -> i64 {
    app.store.user_by_username(user).await.unwrap().unwrap().officer_id.unwrap()
}

pub(crate) async fn evidence_upload_view_dossier_and_two_approval_deletion(app: App) {
    let number = evidence_case(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    // Larger than the 1 MiB limit of JSON bodies: files stream past it.
    let data = video(3 * 1024 * 1024 + 7, 1);
    let digest = sm3_hex(&data);
    let (s, up) = officer.upload(&evidence_query_in(&number, me, &format!("&device_sm3={digest}")), data.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{up}");
    assert_eq!(up["sm3"], digest.as_str());
    let id = up["id"].as_i64().unwrap();
    // The collector sees it without stating a purpose; the record says who, where, what.
    let (s, d) = officer.get(&format!("/api/v1/evidence/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["evidence"]["proof_object"], "当事人无证经营的事实");
    assert_eq!(d["evidence"]["device_hash_checked"], true);
    // Another body's officer does not see it at all.
    let foreign = Agent::login(&app, "sthj.zf01").await;
    assert_eq!(foreign.get(&format!("/api/v1/evidence/{id}")).await.0, StatusCode::NOT_FOUND);
    // The justice bureau must say why.
    let jd = Agent::login(&app, "sfj.jd").await;
    let (s, e) = jd.get(&format!("/api/v1/evidence/{id}")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["fields"][0]["field"], "purpose", "{e}");
    let why = "purpose=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E6%A1%88%E4%BB%B6%E8%B0%83%E5%8D%B7"; // 行政复议案件调卷
    let r = jd.c.get(format!("{}/api/v1/evidence/{id}/file?{why}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-content-sm3"], digest.as_str());
    assert_eq!(r.bytes().await.unwrap().to_vec(), data, "the file comes back byte for byte");
    let (_, log) = jd.get(&format!("/api/v1/access-log?table=evidence_file&object_id={id}")).await;
    assert_eq!(log[0]["purpose"], "行政复议案件调卷", "{log}");
    // A player reads it in parts: 206 with the bytes asked for; only the part from the start is
    // recorded as a viewing; a range past the end is 416; inline only for media.
    let file = format!("{}/api/v1/evidence/{id}/file", app.base);
    let r = officer.c.get(format!("{file}?inline=true")).header("range", "bytes=0-99").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.headers()["content-range"], format!("bytes 0-99/{}", data.len()).as_str());
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("inline"));
    assert_eq!(r.bytes().await.unwrap().to_vec(), data[..100].to_vec());
    let views = |log: &serde_json::Value| log.as_array().unwrap().len();
    let (_, before) = jd.get(&format!("/api/v1/access-log?table=evidence_file&object_id={id}")).await;
    let r = officer.c.get(&file).header("range", "bytes=1000-").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.bytes().await.unwrap().to_vec(), data[1000..].to_vec());
    let (_, after) = jd.get(&format!("/api/v1/access-log?table=evidence_file&object_id={id}")).await;
    assert_eq!(views(&before), views(&after), "a later part is not another viewing");
    let r = officer.c.get(&file).header("range", format!("bytes={}-", data.len())).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    let r = jd.c.get(&file).header("range", "bytes=1000-").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a later part still needs the purpose");
    // The dossier of one target gathers its evidence; each item shown is an access.
    assert_eq!(jd.get(&format!("/api/v1/targets/{TARGET}")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, dossier) = jd.get(&format!("/api/v1/targets/{TARGET}?{why}")).await;
    assert_eq!(s, StatusCode::OK, "{dossier}");
    assert_eq!(dossier["kind"], "organisation");
    assert_eq!(dossier["evidence"].as_array().unwrap().len(), 1);
    assert_eq!(jd.get("/api/v1/targets/123456").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, log) = jd.get(&format!("/api/v1/access-log?table=evidence&object_id={id}")).await;
    assert_eq!(log.as_array().unwrap().len(), 2, "the collector's view and the dossier: {log}");
    // Deletion: asked by the officer, approved by the head and the justice bureau.
    let (s, req) =
        officer.post(&format!("/api/v1/evidence/{id}/deletion-requests"), json!({"reason": "误拍无关画面"})).await;
    assert_eq!(s, StatusCode::CREATED, "{req}");
    let req = req["id"].as_i64().unwrap();
    let decide = format!("/api/v1/evidence-deletions/{req}/decision");
    assert_eq!(officer.post(&decide, json!({"approve": true})).await.0, StatusCode::FORBIDDEN);
    let head = Agent::login(&app, "scjg.fzr").await;
    assert_eq!(head.post(&decide, json!({"approve": true})).await.0, StatusCode::CREATED);
    assert_eq!(
        officer.get(&format!("/api/v1/evidence/{id}/file")).await.0,
        StatusCode::OK,
        "one approval deletes nothing"
    );
    assert_eq!(jd.post(&decide, json!({"approve": true})).await.0, StatusCode::CREATED);
    let (s, gone) = officer.get(&format!("/api/v1/evidence/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(gone["evidence"]["status"], "deleted");
    assert_eq!(gone["evidence"]["sm3"], digest.as_str(), "the tombstone keeps the digest");
    assert_eq!(officer.get(&format!("/api/v1/evidence/{id}/file")).await.0, StatusCode::CONFLICT);
    assert!(app.state.app.evidence.list_all().await.unwrap().is_empty(), "the file is gone");
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

pub(crate) async fn evidence_uploads_refused_leave_nothing_and_verify_rehashes_files(app: App) {
    let number = evidence_case(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let before = journal_len(&app).await;
    // Each missing required field is named.
    for field in
        ["case_number", "captured_at", "capture_place", "collector_officer_id", "proof_object", "device_id", "format"]
    {
        let q: Vec<&str> = evidence_query_in(&number, me, "")
            .leak()
            .split('&')
            .filter(|p| !p.starts_with(&format!("{field}=")))
            .collect();
        let (s, e) = officer.upload(&q.join("&"), video(1000, 2)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(e["fields"][0]["field"], field, "{e}");
    }
    // A device digest that does not match: refused, named.
    let (s, e) = officer
        .upload(&evidence_query_in(&number, me, &format!("&device_sm3={}", "0".repeat(64))), video(5000, 3))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["fields"][0]["field"], "device_sm3");
    // A collector of another body; an empty file.
    let other = collector(&app, "sthj.zf01").await;
    assert_eq!(
        officer.upload(&evidence_query_in(&number, other, ""), video(10, 4)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        officer.upload(&evidence_query_in(&number, me, ""), Vec::new()).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A number that is no case of the uploader's body: refused, the field named, nothing orphaned.
    let (s, e) = officer.upload(&evidence_query_in("津宝市监罚〔2026〕8号", me, ""), video(10, 4)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("case_number") && e.to_string().contains("本机关没有编号"), "{e}");
    // Without the CSRF header nothing is read.
    let r = officer
        .c
        .post(format!("{}/api/v1/evidence?{}", app.base, evidence_query_in(&number, me, "")))
        .body(video(10, 5))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Other roles may not upload.
    assert_eq!(
        Agent::login(&app, "sfj.jd").await.upload(&evidence_query_in(&number, me, ""), video(10, 6)).await.0,
        StatusCode::FORBIDDEN
    );
    // Refused by the write after the bytes were stored: a collector no longer on duty (the
    // status is read in the write transaction).
    let body = app.store.get_officer(zhifa_core::access::Scope::All, me).await.unwrap().unwrap().body_id;
    let officers = app.store.list_officers(zhifa_core::access::Scope::Body(body), &Default::default()).await.unwrap();
    let gone = officers.iter().find(|o| o.id != me && o.active).unwrap().id;
    app.store.execute_raw_for_tests(&format!("UPDATE officers SET active = FALSE WHERE id = {gone}")).await.unwrap();
    let (s, e) = officer.upload(&evidence_query_in(&number, gone, ""), video(8000, 9)).await;
    app.store.execute_raw_for_tests(&format!("UPDATE officers SET active = TRUE WHERE id = {gone}")).await.unwrap();
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("collector_officer_id")));
    assert_eq!(journal_len(&app).await, before, "nothing journaled");
    assert!(app.state.app.evidence.list_all().await.unwrap().is_empty(), "no file left behind");
    // Two good uploads; then one file is altered and the other removed behind the system.
    let (a, b) = (video(20_000, 7), video(30_000, 8));
    assert_eq!(officer.upload(&evidence_query_in(&number, me, ""), a.clone()).await.0, StatusCode::CREATED);
    assert_eq!(officer.upload(&evidence_query_in(&number, me, ""), b.clone()).await.0, StatusCode::CREATED);
    let none = |_: &str, _: u64, _: u64| {};
    let (n, problems) = app.store.verify_evidence_files(&app.state.app.evidence, &none).await.unwrap();
    assert_eq!((n, problems.len()), (2, 0), "{problems:?}");
    let path = |d: &str| app._files.path().join("evidence/sm3").join(&d[..2]).join(d);
    let mut bytes = std::fs::read(path(&sm3_hex(&a))).unwrap();
    bytes[12_345] ^= 1;
    std::fs::write(path(&sm3_hex(&a)), bytes).unwrap();
    std::fs::remove_file(path(&sm3_hex(&b))).unwrap();
    let (_, problems) = app.store.verify_evidence_files(&app.state.app.evidence, &none).await.unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("文件被改动")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("文件被删除")), "{problems:?}");
}

/// Who may do what with evidence: only officers upload; the case's own people view without a
/// purpose, everyone else states one; only heads and supervisors decide deletions.
pub(crate) async fn evidence_routes_against_every_role(app: App) {
    let number = evidence_case(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let (s, up) = officer.upload(&evidence_query_in(&number, me, ""), video(100, 9)).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = up["id"].as_i64().unwrap();
    let why = "purpose=%E6%A1%88%E5%8D%B7%E8%AF%84%E6%9F%A5%E6%8A%BD%E6%A3%80"; // 案卷评查抽检
    // (user, may upload, sees it, needs a purpose)
    let table = [
        ("admin", true, true, true),
        ("sfj.jd", false, true, true),
        ("scjg.admin", false, true, true),
        ("scjg.fzsh", false, true, false),
        ("scjg.fzr", false, true, false),
        ("sthj.zf01", true, false, true),
    ];
    for (user, upload, sees, purpose) in table {
        let a = Agent::login(&app, user).await;
        let (s, _) = a
            .upload(
                &format!("{}&body_id={}", evidence_query_in(&number, me, ""), body_id(&app, SCJG).await),
                video(10, 10),
            )
            .await;
        let expected = match (upload, sees) {
            (true, true) => StatusCode::CREATED,
            (true, false) => StatusCode::FORBIDDEN,
            _ => StatusCode::FORBIDDEN,
        };
        assert_eq!(s, expected, "{user} upload");
        let (s, _) = a.get(&format!("/api/v1/evidence/{id}")).await;
        let expected = if !sees {
            StatusCode::NOT_FOUND
        } else if purpose {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        assert_eq!(s, expected, "{user} view without purpose");
        if sees {
            assert_eq!(
                a.get(&format!("/api/v1/evidence/{id}?{why}")).await.0,
                StatusCode::OK,
                "{user} view with purpose"
            );
        }
    }
    assert_eq!(Agent::anon(&app).get(&format!("/api/v1/evidence/{id}")).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(Agent::anon(&app).get("/api/v1/evidence").await.0, StatusCode::UNAUTHORIZED);
}

/// A client that disconnects halfway through a file leaves no row, no entry and no file.
pub(crate) async fn an_upload_cut_off_midway_leaves_nothing(app: App) {
    let number = evidence_case(&app).await;
    use tokio::io::AsyncWriteExt;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let cookie = {
        // The session cookie the agent holds, for a hand-written request.
        let r = Client::new()
            .post(format!("{}/api/v1/session", app.base))
            .json(&json!({"username": "scjg.zf01", "password": zhifa_app::demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        let c = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        let v: Value = r.json().await.unwrap();
        (c, v["csrf_token"].as_str().unwrap().to_string())
    };
    let before = journal_len(&app).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/evidence?{} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\nContent-Type: video/mp4\r\nContent-Length: 10000000\r\n\r\n",
        evidence_query_in(&number, me, ""),
        cookie.0,
        cookie.1
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&video(3_000_000, 11)).await.unwrap();
    tcp.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(tcp);
    // The server notices the broken body and cleans up.
    for _ in 0..50 {
        if app.state.app.evidence.list_all().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app.state.app.evidence.list_all().await.unwrap().is_empty(), "no staged or stored file remains");
    assert_eq!(journal_len(&app).await, before, "nothing journaled");
    let (_, list) = officer.get("/api/v1/evidence").await;
    assert_eq!(list.as_array().unwrap().len(), 0);
}

/// The evidence pages: list, the purpose prompt, and deletion through the page forms.
pub(crate) async fn evidence_pages_list_ask_for_a_purpose_and_delete_with_two_approvals(app: App) {
    let number = evidence_case(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let (_, up) = officer.upload(&evidence_query_in(&number, me, ""), video(2048, 12)).await;
    let id = up["id"].as_i64().unwrap();
    let (c, csrf) = page_client(&app, "scjg.zf01").await;
    let list = c.get(format!("{}/evidence", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(list.contains(&number) && list.contains("上传证据"), "{list}");
    let item = c.get(format!("{}/evidence/{id}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(item.contains("当事人无证经营的事实") && item.contains("申请删除"));
    let r = c
        .post(format!("{}/evidence/{id}/deletion-request", app.base))
        .form(&[("_csrf", csrf.as_str()), ("reason", "误拍无关画面")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let request = app.store.evidence_deletions(zhifa_core::access::Scope::All, Some(id)).await.unwrap()[0].id;
    // The head approves from the item page; the supervisor is first asked why.
    let (head, head_csrf) = page_client(&app, "scjg.fzr").await;
    let r = head
        .post(format!("{}/evidence-deletions/{request}/decision", app.base))
        .form(&[("_csrf", head_csrf.as_str()), ("approve", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (jd, jd_csrf) = page_client(&app, "sfj.jd").await;
    let ask = jd.get(format!("{}/evidence/{id}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(ask.contains("调阅事由") && !ask.contains("当事人无证经营的事实"), "{ask}");
    let short = jd.get(format!("{}/evidence/{id}?purpose=%E7%9C%8B", app.base)).send().await.unwrap();
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = jd
        .post(format!("{}/evidence-deletions/{request}/decision", app.base))
        .form(&[("_csrf", jd_csrf.as_str()), ("approve", "1"), ("purpose", "删除审批")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let e = app.store.evidence(zhifa_core::access::Scope::All, id).await.unwrap().unwrap();
    assert_eq!(e.status.code(), "deleted");
    // Without the CSRF token the form does nothing.
    let r =
        c.post(format!("{}/evidence/{id}/deletion-request", app.base)).form(&[("reason", "x")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
