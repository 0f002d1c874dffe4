//! 双随机一公开 over HTTP: a body's roster of inspection objects is uploaded as a table, checked
//! row by row, and stored whole or not at all.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;

fn code(i: usize) -> String {
    let first17 = format!("91120224MA{:07}", i);
    format!("{first17}{}", zhifa_core::ids::credit_code_check_char(&first17).unwrap())
}

async fn upload(a: &Agent, query: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let r =
        a.c.post(format!("{}/api/v1/rosters?{query}", a.base))
            .header("x-csrf-token", &a.csrf)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn a_roster_is_imported_whole_or_not_at_all(app: App) {
    let head = Agent::login(&app, "scjg.fzr").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let (scjg, sthj) = (body_id(&app, SCJG).await, body_id(&app, STHJ).await);
    let mut csv = String::from("统一社会信用代码,名称,类型,行业,所属区域,信用风险分类,经营异常\n");
    for i in 0..30 {
        csv.push_str(&format!("{},对象{i},企业,餐饮服务,宝平街道,{},否\n", code(i), ["A", "B", "C", "D"][i % 4]));
    }
    // One bad row: nothing is stored, and the row and column are named.
    let bad = format!("{csv}{},坏对象,公司,,,,\n", code(99));
    let before = journal_len(&app).await;
    let (s, v) = upload(&head, "source=名录.csv", bad.into_bytes()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["field"], "file", "{v}");
    assert!(v["fields"][0]["message"].as_str().unwrap().contains("第32行“类型”列"), "{v}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let (s, v) = upload(&head, "source=名录.pdf", b"x".to_vec()).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("file")), "{v}");

    // The whole table: a new version of the head's body.
    let (s, v) = upload(&head, "source=名录.csv&note=年度名录", csv.clone().into_bytes()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (s, r) = officer.get(&format!("/api/v1/rosters/{id}?limit=10&offset=25")).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!((r["roster"]["objects"].as_i64(), r["roster"]["body_id"].as_i64()), (Some(30), Some(scjg)));
    // The demo's roster is version 1.
    assert_eq!(r["roster"]["version"], 2);
    assert_eq!(r["objects"].as_array().unwrap().len(), 5);
    assert_eq!(r["objects"][0]["credit_code"], code(25));

    // Roles and bodies: an officer may read but not import; another body's roster is not found;
    // the bureau reads every body's and must name the body to import.
    assert_eq!(upload(&officer, "source=名录.csv", csv.clone().into_bytes()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        upload(&head, &format!("source=名录.csv&body_id={sthj}"), csv.clone().into_bytes()).await.0,
        StatusCode::FORBIDDEN
    );
    let other = Agent::login(&app, "sthj.zf01").await;
    assert_eq!(other.get(&format!("/api/v1/rosters/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(other.get("/api/v1/rosters").await.1.as_array().map(Vec::len), Some(0));
    let (s, list) = bureau.get("/api/v1/rosters").await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 2), "{list}");
    let (s, v) = upload(&bureau, "source=名录.csv", csv.clone().into_bytes()).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body_id")), "{v}");
    assert_eq!(
        upload(&bureau, &format!("source=名录.csv&body_id={scjg}"), csv.into_bytes()).await.0,
        StatusCode::FORBIDDEN
    );

    // The pages: the versions with the import form for the head, a version's objects.
    let (c, _) = page_client(&app, "scjg.fzr").await;
    let html = c.get(format!("{}/rosters", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("导入名录") && html.contains(&format!("/rosters/{id}")), "{html}");
    let html = c.get(format!("{}/rosters/{id}?offset=20", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&code(20)) && html.contains("第 21–30 个，共 30 个"), "{html}");
    let (c, _) = page_client(&app, "scjg.zf01").await;
    let html = c.get(format!("{}/rosters", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("第2版") && !html.contains("导入名录"), "{html}");
}

fn announce_input(title: &str, entropy_at: &str) -> Value {
    serde_json::json!({
        "title": title, "item_code": "SJ-SP-01", "strata": "risk", "percent": "10",
        "per_object": 2, "reserves": 1, "cap": 0,
        "entropy_source": "中国福利彩票“双色球”下一期开奖号码", "entropy_at": entropy_at,
    })
}

/// 双随机: a task is announced (public at once, under a signed checkpoint) before its entropy
/// exists; it is drawn only once the entropy is public and only once; anyone re-runs it from the
/// bundle, a changed line or result fails the re-run, an enterprise checks itself by its credit
/// code, and 回避 pairs are never drawn.
pub(crate) async fn a_spot_check_is_announced_first_drawn_once_and_re_run_by_anyone(app: App) {
    use zhifa_core::draw::bundle;
    let head = Agent::login(&app, "scjg.fzr").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let other_head = Agent::login(&app, "sthj.fzr").await;
    let scjg = body_id(&app, SCJG).await;
    let soon = |s: i64| (chrono::Utc::now() + chrono::Duration::seconds(s)).to_rfc3339();

    // Bad input: each field named, nothing written.
    let before = journal_len(&app).await;
    let mut bad = announce_input("", "2026-01-01 10:00");
    bad["item_code"] = serde_json::json!("不存在");
    bad["strata"] = serde_json::json!("按星座分层");
    let (s, v) = head.post("/api/v1/spotchecks", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    for f in ["title", "strata", "entropy_at"] {
        assert!(v.to_string().contains(&format!("\"{f}\"")), "{f}: {v}");
    }
    let mut bad = announce_input("第一批", &soon(600));
    bad["item_code"] = serde_json::json!("不存在");
    let (s, v) = head.post("/api/v1/spotchecks", bad).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("item_code")), "{v}");
    let mut bad = announce_input("第一批", &soon(600));
    bad["cap"] = serde_json::json!(1);
    let (s, v) = head.post("/api/v1/spotchecks", bad).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("cap")), "{v}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    // Only the body's head or administrator announces, for their own body.
    assert_eq!(officer.post("/api/v1/spotchecks", announce_input("x", &soon(600))).await.0, StatusCode::FORBIDDEN);
    let mut foreign = announce_input("x", &soon(600));
    foreign["body_id"] = serde_json::json!(scjg);
    assert_eq!(other_head.post("/api/v1/spotchecks", foreign).await.0, StatusCode::FORBIDDEN);

    // A first task tells the inspectors; the second names a 回避 pair of them.
    let (s, v) = head.post("/api/v1/spotchecks", announce_input("2026年第一批", &soon(600))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, first) = head.get(&format!("/api/v1/spotchecks/{}", v["id"])).await;
    let people: Vec<String> =
        first["task"]["people_roster"].as_str().unwrap().lines().map(|l| l.split('|').next().unwrap().into()).collect();
    let objects: Vec<String> = first["task"]["objects_roster"]
        .as_str()
        .unwrap()
        .lines()
        .map(|l| l.split('|').next().unwrap().into())
        .collect();
    assert!(people.len() >= 2 && objects.len() == 60, "{first}");
    let mut input = announce_input("2026年第二批", &soon(4));
    input["conflicts"] = serde_json::json!("没有此企业|JZ0");
    let (s, v) = head.post("/api/v1/spotchecks", input.clone()).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("conflicts")), "{v}");
    let conflicts: Vec<String> = objects.iter().map(|o| format!("{o}|{}", people[0])).collect();
    input["conflicts"] = serde_json::json!(conflicts.join("\n"));
    input["entropy_at"] = serde_json::json!(soon(4));
    let (s, v) = head.post("/api/v1/spotchecks", input).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();

    // Public at once, rosters in the bundle; the bundle proves the announcement already.
    let anon = Agent::anon(&app);
    let (s, p) = anon.get(&format!("/api/v1/public/spotchecks/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!((p["task"]["status"].as_str(), p["task"]["objects_roster"].as_str()), (Some("announced"), Some("")));
    assert!(p["checkpointed_at"].is_string(), "{p}");
    let (_, keys) = anon.get("/api/v1/ledger/keys").await;
    let keys: Vec<zhifa_store::zhifa_ledger::note::VerifierKey> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| zhifa_store::zhifa_ledger::note::VerifierKey::parse(k.as_str().unwrap()).unwrap())
        .collect();
    let (_, b) = anon.get(&format!("/api/v1/public/spotchecks/{id}/bundle")).await;
    let b: bundle::Bundle = serde_json::from_value(b).unwrap();
    let r = bundle::verify(&b, &keys);
    assert!(r.passed() && b.result.is_none(), "{r:#?}");

    // Not before the entropy is public; then once.
    let draw = |e: &str| serde_json::json!({ "entropy": e });
    let (s, v) = head.post(&format!("/api/v1/spotchecks/{id}/draw"), draw("03 11 17 24 29 32 / 08")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("尚未公布"), "{v}");
    assert_eq!(officer.post(&format!("/api/v1/spotchecks/{id}/draw"), draw("1")).await.0, StatusCode::FORBIDDEN);
    tokio::time::sleep(std::time::Duration::from_millis(4200)).await;
    let (s, v) = head.post(&format!("/api/v1/spotchecks/{id}/draw"), draw("03 11 17 24 29 32 / 08")).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, _) = head.post(&format!("/api/v1/spotchecks/{id}/draw"), draw("1 2 3")).await;
    assert_eq!(s, StatusCode::CONFLICT, "a second draw needs a new task");
    let re = serde_json::json!({ "reason": "改期", "entropy_source": "下一期", "entropy_at": soon(600) });
    assert_eq!(head.post(&format!("/api/v1/spotchecks/{id}/reannounce"), re).await.0, StatusCode::CONFLICT);

    // The draw: per stratum ⌈N/10⌉, two inspectors each, the 回避 pairs never drawn.
    let (_, v) = head.get(&format!("/api/v1/spotchecks/{id}")).await;
    assert_eq!(v["task"]["entropy"], "3.11.17.24.29.32./8./");
    let strata = v["strata"].as_array().unwrap();
    let k: u64 = strata.iter().map(|s| s["k"].as_u64().unwrap()).sum();
    for s in strata {
        assert_eq!(s["k"].as_u64().unwrap(), s["n"].as_u64().unwrap().div_ceil(10), "{s}");
    }
    let picks = v["picks"].as_array().unwrap();
    assert_eq!(picks.len() as u64, k);
    for p in picks {
        let ins = p["inspectors"].as_array().unwrap();
        assert_eq!(ins.len(), 2, "{p}");
        assert!(!p["pick"]["name"].as_str().unwrap().is_empty());
        for i in ins.iter().chain(p["reserves"].as_array().unwrap()) {
            assert_eq!(i["body_id"].as_i64(), Some(scjg));
            assert_ne!(i["certificate"].as_str(), Some(people[0].as_str()), "a 回避 pair drawn: {p}");
        }
    }

    // Anyone re-runs it: the platform's own check, and the bundle offline.
    let (_, report) = anon.get(&format!("/api/v1/public/spotchecks/{id}/verify")).await;
    assert!(report["checks"].as_array().unwrap().iter().all(|c| c["ok"] == true), "{report}");
    let (_, b) = anon.get(&format!("/api/v1/public/spotchecks/{id}/bundle")).await;
    let b: bundle::Bundle = serde_json::from_value(b).unwrap();
    assert!(bundle::verify(&b, &keys).complete(), "{:#?}", bundle::verify(&b, &keys));
    // A roster line changed after the announcement, or a result, fails.
    let mut changed = b.clone();
    changed.lines.objects[0] = changed.lines.objects[0].replace("|A", "|B").replace("|C", "|D");
    let r = bundle::verify(&changed, &keys);
    assert!(!r.passed() && format!("{r:?}").contains("默克尔根"), "{r:#?}");
    let mut changed = b.clone();
    changed.result.as_mut().unwrap().chosen.swap(0, 1);
    assert!(!bundle::verify(&changed, &keys).passed());
    let mut changed = b.clone();
    changed.entropy.public_at = changed.announcement.as_ref().unwrap().checkpointed_at;
    assert!(!bundle::verify(&changed, &keys).passed(), "a checkpoint not before the entropy");

    // An enterprise checks itself.
    let drawn = picks[0]["pick"]["credit_code"].as_str().unwrap();
    let (_, own) = anon.get(&format!("/api/v1/public/spotchecks/{id}/objects/{drawn}")).await;
    assert_eq!((own["drawn"].as_bool(), own["proof_ok"].as_bool()), (Some(true), Some(true)), "{own}");
    assert!(own["score"].as_str().unwrap() <= own["cutoff"].as_str().unwrap());
    let (_, own) = anon.get(&format!("/api/v1/public/spotchecks/{id}/objects/{}", code(777))).await;
    assert!(own["line"].is_null() && own["drawn"] == false, "{own}");

    // The inspection of a drawn object: a 行政检查 case with the drawn inspectors, once.
    let pick = picks[0]["pick"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/spotcheck-picks/{pick}/case");
    let (s, v) = head.post(&path, serde_json::json!({"legal_representative": " "})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("legal_representative"), "{v}");
    assert_eq!(
        other_head.post(&path, serde_json::json!({"legal_representative": "张三"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = head.post(&path, serde_json::json!({"legal_representative": "张三"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let case_id = v["id"].as_i64().unwrap();
    let c = app.store.case(zhifa_core::access::Scope::All, case_id).await.unwrap().unwrap();
    assert_eq!((c.kind.code(), c.source.code()), ("inspection", "random_check"), "{c:?}");
    assert!(c.party_names.contains(drawn), "{c:?}");
    let drawn_officers: Vec<i64> =
        picks[0]["inspectors"].as_array().unwrap().iter().map(|i| i["officer_id"].as_i64().unwrap()).collect();
    let mut case_officers: Vec<i64> = serde_json::from_str(&c.officer_ids).unwrap();
    let mut drawn_officers = drawn_officers;
    case_officers.sort_unstable();
    drawn_officers.sort_unstable();
    assert_eq!(case_officers, drawn_officers);
    assert_eq!(head.post(&path, serde_json::json!({"legal_representative": "张三"})).await.0, StatusCode::CONFLICT);
    let (_, v) = head.get(&format!("/api/v1/spotchecks/{id}")).await;
    assert_eq!(v["picks"][0]["pick"]["case_id"].as_i64(), Some(case_id));

    // Another body's staff do not see it; the public page shows the verdict; verify holds.
    let stranger = Agent::login(&app, "sthj.zf01").await;
    assert_eq!(stranger.get(&format!("/api/v1/spotchecks/{id}")).await.0, StatusCode::NOT_FOUND);
    let html = anon.text(&format!("/public/spotchecks/{id}?code={drawn}")).await;
    assert!(html.contains("各项核验通过") && html.contains("被抽中") && html.contains(drawn), "{html}");
    let (c, _) = page_client(&app, "scjg.fzr").await;
    let html = c.get(format!("{}/spotchecks/{id}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("已抽取并公示") && html.contains(drawn), "{html}");
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}
