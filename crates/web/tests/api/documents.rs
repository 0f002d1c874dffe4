//! Documents and templates; the archive package.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// 行政处罚决定书: refused while an element of art. 59 is missing (no evidence), then issued
/// with its number, its PDF served with the SM3 recorded in the ledger, never twice for one
/// decision; other kinds number separately; other bodies cannot see it; `verify` notices a
/// changed PDF.
pub(crate) async fn documents_are_filled_checked_numbered_rendered_and_verifiable(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (bare, _) = decided_case(&app, false).await;
    let before = journal_len(&app).await;
    let (s, e) = officer.post(&format!("/api/v1/cases/{bare}/documents"), json!({"kind": "行政处罚决定书"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("第五十九条") && e.to_string().contains("（二）证据"), "{e}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    // A document whose step is not recorded yet is refused, naming the step.
    let (s, e) = officer.post(&format!("/api/v1/cases/{bare}/documents"), json!({"kind": "送达回证"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("送达"), "{e}");

    let (id, _) = decided_case(&app, true).await;
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let b = body_id(&app, SCJG).await;
    let year = chrono::Datelike::year(&zhifa_core::time::shanghai_date(chrono::Utc::now()));
    assert_eq!(d["number"], format!("{b:03}罚决〔{year}〕1号"));
    let text = d["blocks"].to_string();
    for want in [
        "宝坻区某某食品店",
        "宝坻区南城东路12号",
        "罚款5,000.00元",
        "天津市宝坻区人民政府",
        "六个月",
        "（印章）",
        // 《市场监督管理行政处罚信息公示规定》第八条: the party is told of the publication.
        "本行政处罚决定信息将依法向社会公示",
        // 《行政处罚法》第五十九条第一款第二项: the provision violated, apart from the basis.
        "违反了《食品安全法》第三十四条的规定",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // The decision belongs to this case.
    assert_eq!(d["case_id"], id);
    let doc = d["id"].as_i64().unwrap();
    let (h, pdf) = pdf_of(&officer, doc).await;
    assert_eq!(h["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(h["x-content-sm3"].to_str().unwrap(), sm3_hex(&pdf));
    assert_eq!(d["pdf_sm3"], sm3_hex(&pdf));
    // Once per decision.
    let (s, e) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    // The notice is numbered in its own series.
    let (s, n) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_notice"})).await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    assert_eq!(n["number"], format!("{b:03}罚告〔{year}〕1号"));
    let (s, f) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "filing_approval"})).await;
    assert_eq!((s, &f["number"]), (StatusCode::CREATED, &Value::Null), "{f}");
    let (_, list) = officer.get(&format!("/api/v1/cases/{id}/documents")).await;
    assert_eq!(list["documents"].as_array().unwrap().len(), 3);
    let opt = list["options"].as_array().unwrap().iter().find(|o| o["kind"] == "penalty_decision").unwrap().clone();
    assert_eq!(
        (opt["ready"].as_bool(), opt["required"].as_bool(), opt["issued"].as_i64()),
        (Some(true), Some(true), Some(1))
    );
    // A reviewer reads but does not issue; another body's officer sees nothing.
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    assert_eq!(reviewer.get(&format!("/api/v1/documents/{doc}")).await.0, StatusCode::OK);
    assert_eq!(
        reviewer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "service_receipt"})).await.0,
        StatusCode::FORBIDDEN
    );
    let other = other_body_officer(&app).await;
    assert_eq!(other.get(&format!("/api/v1/documents/{doc}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        other.c.get(format!("{}/api/v1/documents/{doc}/pdf", app.base)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // The ledger holds the document; a changed PDF is found by verify.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
    let (n, problems) = app.store.verify_document_files(&|_, _, _| {}).await.unwrap();
    // Three issued here and the demo's two licence decisions.
    assert_eq!((n, problems.len()), (5, 0));
    let mut bad = pdf.clone();
    let last = bad.len() - 10;
    bad[last] ^= 1;
    app.store
        .execute_raw_for_tests_bytes("UPDATE document_files SET pdf = $1 WHERE document_id = $2", &bad, doc)
        .await
        .unwrap();
    let (_, problems) = app.store.verify_document_files(&|_, _, _| {}).await.unwrap();
    assert!(problems[0].contains(&format!("文书 {doc}")), "{problems:?}");
    let r = officer.c.get(format!("{}/api/v1/documents/{doc}/pdf", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

pub(crate) async fn other_body_officer(app: &App) -> Agent {
    let users = app.store.list_users(zhifa_core::access::Scope::All).await.unwrap();
    let b = body_id(app, SCJG).await;
    let u = users.iter().find(|u| u.role.code() == "officer" && u.body_id.is_some_and(|x| x != b)).unwrap();
    Agent::login(app, &u.username).await
}

/// A body adapts a template and files it; until the justice bureau approves it the standard
/// version is used; an adapted 行政处罚决定书 that drops the remedies cannot even be filed;
/// only a supervisor decides, once.
pub(crate) async fn adapted_templates_are_filed_and_used_only_once_approved(app: App) {
    let head = Agent::login(&app, "scjg.fzr").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let jd = Agent::login(&app, "sfj.jd").await;
    let (_, std) = head.get("/api/v1/doc-templates/standard/filing_approval").await;
    let adapted = std["content"]
        .as_str()
        .unwrap()
        .replace("机关负责人意见：同意立案。", "机关负责人意见：同意立案（本局调整版）。");
    let (s, e) =
        head.post("/api/v1/doc-templates", json!({"kind": "filing_approval", "content": adapted, "note": ""})).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("note")), "{e}");
    let (_, dec) = head.get("/api/v1/doc-templates/standard/penalty_decision").await;
    let dropped: String =
        dec["content"].as_str().unwrap().lines().filter(|l| !l.contains("行政复议")).collect::<Vec<_>>().join("\n");
    let (s, e) = head
        .post("/api/v1/doc-templates", json!({"kind": "penalty_decision", "content": dropped, "note": "删去救济途径"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("（五）"), "{e}");
    let (s, e) = head
        .post(
            "/api/v1/doc-templates",
            json!({"kind": "filing_approval", "content": "# 标题\n{{ case.numbr }}", "note": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("第2行"), "{e}");
    assert_eq!(
        officer
            .post("/api/v1/doc-templates", json!({"kind": "filing_approval", "content": adapted, "note": "x"}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (s, t) = head
        .post(
            "/api/v1/doc-templates",
            json!({"kind": "filing_approval", "content": adapted, "note": "负责人意见注明调整版"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!((t["status"].as_str(), t["version"].as_i64()), (Some("filed"), Some(1)));
    let tid = t["id"].as_i64().unwrap();
    // Not yet approved: the standard version is used.
    let (case1, _) = decided_case(&app, true).await;
    let (_, d1) = officer.post(&format!("/api/v1/cases/{case1}/documents"), json!({"kind": "filing_approval"})).await;
    assert!(!d1["blocks"].to_string().contains("本局调整版"), "{d1}");
    assert_eq!(d1["template"], "标准模板第1版");
    // The head cannot approve the own filing; the supervisor sees it in the queue and approves.
    assert_eq!(
        head.post(&format!("/api/v1/doc-templates/{tid}/decision"), json!({"approve": true})).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, queue) = jd.get("/api/v1/doc-templates?status=filed").await;
    assert!(queue["versions"].as_array().unwrap().iter().any(|v| v["id"] == tid), "{queue}");
    let (s, v) =
        jd.post(&format!("/api/v1/doc-templates/{tid}/decision"), json!({"approve": true, "note": "同意备案"})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("approved")), "{v}");
    let (s, _) =
        jd.post(&format!("/api/v1/doc-templates/{tid}/decision"), json!({"approve": false, "note": "再审"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (case2, _) = decided_case(&app, true).await;
    let (_, d2) = officer.post(&format!("/api/v1/cases/{case2}/documents"), json!({"kind": "filing_approval"})).await;
    assert!(d2["blocks"].to_string().contains("本局调整版"), "{d2}");
    assert_eq!(d2["template"], "本机关调整模板第1版（已备案）");
    // Another body does not see this body's versions.
    let other = other_body_officer(&app).await;
    let (_, lib) = other.get("/api/v1/doc-templates").await;
    assert!(lib["versions"].as_array().unwrap().is_empty(), "{lib}");
    assert_eq!(lib["standard"].as_array().unwrap().len(), 18);
}

/// Rewrites a package: `edit` may change or drop any file (by name).
pub(crate) fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if let Some(data) = edit(&name, data) {
            out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// Edits a package as a forger would: the files changed by `edit` (by name; `None` drops it),
/// and the manifest's items rewritten to match (digests, sizes, renumbered without gaps).
fn forge(zip: &[u8], edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let mut m: zhifa_core::archive::Manifest = {
        let mut s = String::new();
        archive.by_name("manifest.json").unwrap().read_to_string(&mut s).unwrap();
        serde_json::from_str(&s).unwrap()
    };
    let mut kept = Vec::new();
    for mut item in m.items.clone() {
        let mut data = Vec::new();
        archive.by_name(&item.path).unwrap().read_to_end(&mut data).unwrap();
        if let Some(new) = edit(&item.path, data) {
            item.size = new.len() as u64;
            item.sm3 = sm3_hex(&new);
            item.sha256 = zhifa_store::documents::sha256_hex(&new);
            item.no = kept.len() as u32 + 1;
            kept.push(item);
        }
    }
    m.items = kept;
    let manifest = serde_json::to_vec_pretty(&m).unwrap();
    rewrite_zip(zip, |name, data| match name {
        "manifest.json" => Some(manifest.clone()),
        other => edit(other, data),
    })
}

/// The three coordinated edits (DA/T 70): a document removed, the access log emptied, the cover
/// altered — each with the manifest rewritten to match — are refused offline and by the API,
/// and each is named.
async fn coordinated_edits_are_refused_and_named(app: &App, officer: &Agent, zip: &[u8]) {
    let keys = app.state.app.ledger_keys.verifier_keys();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "a document removed",
            forge(zip, |name, data| (!name.contains("行政处罚决定书")).then_some(data)),
            "行政处罚决定书.pdf）不在案卷包中：被删除",
        ),
        (
            "the access log emptied",
            forge(zip, |name, data| Some(if name.ends_with("调阅记录.json") { b"[]".to_vec() } else { data })),
            "调阅记录",
        ),
        (
            "the cover altered",
            forge(zip, |name, data| {
                Some(if name.contains("封面及卷内目录") {
                    let mut d = data;
                    let at = d.len() - 6;
                    d.splice(at..at, b"% forged\n".iter().copied());
                    d
                } else {
                    data
                })
            }),
            "第1件“封面及卷内目录”与封存登记的摘要不符",
        ),
    ];
    for (what, forged, named) in cases {
        let report = zhifa_store::archive::check_reader(std::io::Cursor::new(forged.clone()), &keys, "测试").unwrap();
        assert!(!report.passed, "{what} passed: {report:?}");
        let findings: Vec<&String> = report.checks.iter().flat_map(|c| &c.findings).collect();
        assert!(findings.iter().any(|f| f.contains(named)), "{what}: {named} not named in {findings:?}");
        assert!(findings.iter().any(|f| f.contains("清单被改动")), "{what}: {findings:?}");
        let r = officer
            .c
            .post(format!("{}/api/v1/archives/check", app.base))
            .header("x-csrf-token", &officer.csrf)
            .body(forged)
            .send()
            .await
            .unwrap();
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["passed"], false, "{what}: {v}");
        assert!(v.to_string().contains(named), "{what}: {v}");
    }
}

/// The archived case's package: checked at archiving, exported as a zip whose every item is
/// proven in the ledger, checked again by anyone with the public keys (here, and through the
/// import check of the API); a changed record, a missing document or other keys are found.
pub(crate) async fn archive_package_is_checked_exported_and_verifiable_elsewhere(app: &App, officer: &Agent, id: i64) {
    let (s, reports) = officer.get(&format!("/api/v1/cases/{id}/archive-reports")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (reports[0]["occasion"].as_str(), reports[0]["passed"].as_bool()),
        (Some("归档时"), Some(true)),
        "{reports}"
    );
    let r = officer.c.get(format!("{}/api/v1/cases/{id}/archive", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-archive-check"], "passed");
    let sm3 = r.headers()["x-content-sm3"].to_str().unwrap().to_string();
    let zip = r.bytes().await.unwrap().to_vec();
    assert_eq!(sm3_hex(&zip), sm3);
    let keys = app.state.app.ledger_keys.verifier_keys();
    let report = zhifa_store::archive::check_reader(std::io::Cursor::new(zip.clone()), &keys, "测试").unwrap();
    assert!(report.passed, "{report:?}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.clone())).unwrap();
    let manifest: zhifa_core::archive::Manifest = {
        use std::io::Read;
        let mut s = String::new();
        archive.by_name("manifest.json").unwrap().read_to_string(&mut s).unwrap();
        serde_json::from_str(&s).unwrap()
    };
    let count = |c: zhifa_core::archive::Category| manifest.items.iter().filter(|i| i.category == c).count();
    use zhifa_core::archive::Category as C;
    assert_eq!((count(C::Cover), count(C::Document), count(C::Evidence), count(C::Access)), (1, 6, 1, 1));
    assert_eq!(count(C::Record), 1 + manifest.steps.len());
    assert!(archive.by_name("report.json").is_ok());
    // The API checks a package brought in, with this installation's keys.
    let r = officer
        .c
        .post(format!("{}/api/v1/archives/check", app.base))
        .header("x-csrf-token", &officer.csrf)
        .body(zip.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["passed"], true, "{v}");
    assert!(v["report"]["checks"][0]["notes"].to_string().contains("逐字节一致"), "compared with the export: {v}");
    coordinated_edits_are_refused_and_named(app, officer, &zip).await;
    // A changed record is found (authenticity), naming the item.
    let changed = rewrite_zip(&zip, |name, data| {
        Some(if name.ends_with("案件.json") {
            String::from_utf8(data).unwrap().replace("超过保质期", "过期").into_bytes()
        } else {
            data
        })
    });
    let report = zhifa_store::archive::check_reader(std::io::Cursor::new(changed), &keys, "测试").unwrap();
    let authenticity = &report.checks[0];
    assert!(!authenticity.passed && authenticity.findings.iter().any(|f| f.contains("案件登记信息")), "{report:?}");
    // A document removed is found (integrity).
    let removed = rewrite_zip(&zip, |name, data| (!name.contains("行政处罚决定书")).then_some(data));
    let report = zhifa_store::archive::check_reader(std::io::Cursor::new(removed), &keys, "测试").unwrap();
    assert!(!report.checks[1].passed && report.checks[1].findings.iter().any(|f| f.contains("缺失")), "{report:?}");
    // Keys of another ledger do not open the checkpoint.
    let other = zhifa_app::keys::LedgerKeys::from_secrets(ORIGIN, [9u8; 32], &[8u8; 32]).unwrap().verifier_keys();
    let report = zhifa_store::archive::check_reader(std::io::Cursor::new(zip), &other, "测试").unwrap();
    assert!(!report.checks[0].passed && report.checks[0].findings[0].contains("签名"), "{report:?}");
}
