//! 案卷评查 over HTTP: a campaign announced with its rosters' roots and an entropy source not yet
//! public, drawn once it is (and only then), re-run by anyone from what was announced, two
//! reviewers of other bodies per file with a third where they differ by more than the gap, and
//! the results published.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn closed_case(app: &App, day: u32) -> String {
    let head = Agent::login(app, "scjg.fzr").await;
    let (id, number) = investigated_case_of(app, false, citizen()).await;
    head.ok_step(
        id,
        json!({"kind": "close", "occurred_at": format!("2026-03-{day:02} 11:00"), "result": "不予行政处罚",
               "content": "违法事实不成立"}),
    )
    .await;
    number
}

fn drawn_people(check: &Value, case: &str) -> (Vec<String>, Option<String>) {
    let c = check["outcome"]["chosen"].as_array().unwrap().iter().find(|c| c["key"] == case).unwrap();
    let people = c["people"].as_array().unwrap().iter().map(|p| p["person"].as_str().unwrap().to_owned()).collect();
    let reserve = c["reserves"].as_array().unwrap().first().map(|p| p["person"].as_str().unwrap().to_owned());
    (people, reserve)
}

async fn submit(app: &App, user: &str, case: &str, deductions: Value) -> Value {
    let a = Agent::login(app, user).await;
    let (_, tasks) = a.get("/api/v1/evaluation/sheets").await;
    let task = tasks.as_array().unwrap().iter().find(|t| t["case_number"] == case).unwrap_or_else(|| panic!("{tasks}"));
    let id = task["sheet_id"].as_i64().unwrap();
    let (s, view) = a.get(&format!("/api/v1/evaluation/sheets/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{view}");
    assert_eq!(view["case"]["number"], case);
    let (s, v) = a
        .post(&format!("/api/v1/evaluation/sheets/{id}"), json!({"deductions": deductions, "comment": "评查意见"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // A sheet is final once submitted.
    let (s, _) = a.post(&format!("/api/v1/evaluation/sheets/{id}"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    json!({"id": id})
}

/// A 评查 campaign whose draw re-runs identically from what was announced and never assigns a
/// reviewer to their own body's file; a gap beyond the limit calls the third reviewer in.
pub(crate) async fn a_campaign_draws_verifiably_crosses_bodies_and_settles_each_file(app: App) {
    let a = closed_case(&app, 10).await;
    let b = closed_case(&app, 12).await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(3)).to_rfc3339();
    let input = json!({
        "title": "2026年3月行政处罚案卷评查", "period_from": "2026-03-01", "period_to": "2026-03-31",
        "count": 5, "cap": 0, "gap_points": 10,
        "entropy_source": "2026年3月某期福利彩票开奖号码", "entropy_at": soon,
    });
    // Only the bureau announces; the entropy must not be public yet.
    let (s, _) = officer.post("/api/v1/evaluation/campaigns", input.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let mut past = input.clone();
    past["entropy_at"] = json!("2026-01-01 10:00");
    past["period_to"] = json!("2026-02-01");
    let (s, v) = bureau.post("/api/v1/evaluation/campaigns", past).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("entropy_at") && v.to_string().contains("period_to"), "{v}");
    let (s, v) = bureau.post("/api/v1/evaluation/campaigns", input).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (_, c) = bureau.get(&format!("/api/v1/evaluation/campaigns/{id}")).await;
    assert_eq!(c["campaign"]["status"], "announced");
    let roster = c["campaign"]["files_roster"].as_str().unwrap();
    assert!(roster.contains(&a) && roster.contains(&b), "{roster}");
    assert_eq!(c["campaign"]["files_root"].as_str().unwrap().len(), 64);
    // Not before the entropy is public.
    let (s, v) =
        bureau.post(&format!("/api/v1/evaluation/campaigns/{id}/draw"), json!({"entropy": "03 17 22 / 05"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("尚未公布"), "{v}");
    tokio::time::sleep(std::time::Duration::from_millis(3200)).await;
    let (s, v) =
        bureau.post(&format!("/api/v1/evaluation/campaigns/{id}/draw"), json!({"entropy": "03 17 22 / 05"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, _) = bureau.post(&format!("/api/v1/evaluation/campaigns/{id}/draw"), json!({"entropy": "1 2 3"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "a second draw needs a new announcement");
    // Anyone re-runs the draw from what was announced.
    let (s, check) = Agent::anon(&app).get(&format!("/api/v1/public/evaluation/{id}/draw")).await;
    assert_eq!(s, StatusCode::OK, "{check}");
    assert_eq!(
        (&check["roots_match"], &check["prk_match"], &check["assignments_match"]),
        (&json!(true), &json!(true), &json!(true))
    );
    let (_, c) = bureau.get(&format!("/api/v1/evaluation/campaigns/{id}")).await;
    assert_eq!(c["campaign"]["entropy"], "3.17.22./5./");
    let files = c["files"].as_array().unwrap();
    assert!(files.len() >= 2, "{c}");
    for f in files {
        let sheets = f["sheets"].as_array().unwrap();
        assert_eq!(sheets.len(), 2);
        for s in sheets {
            assert_ne!(s["sheet"]["reviewer_body_id"], f["file"]["body_id"], "交叉评查: never one's own body");
        }
    }
    // File a: 100 and 80 differ by more than 10 points: the reserve decides.
    let (people, reserve) = drawn_people(&check, &a);
    submit(&app, &people[0], &a, json!([])).await;
    submit(
        &app,
        &people[1],
        &a,
        json!([{"code": "C2.3", "points": 100, "reason": "证据不足以证明违法事实不成立"},
               {"code": "C3.2", "points": 100, "reason": "定性依据不充分"}]),
    )
    .await;
    let (_, c) = bureau.get(&format!("/api/v1/evaluation/campaigns/{id}")).await;
    let fa = c["files"].as_array().unwrap().iter().find(|f| f["file"]["case_number"] == a).unwrap().clone();
    assert_eq!(fa["file"]["status"], "needs_third", "{fa}");
    let reserve = reserve.expect("a reserve reviewer");
    submit(&app, &reserve, &a, json!([{"code": "C6.2", "points": 20, "reason": "文书格式不规范"}])).await;
    // File b: within the gap, the mean.
    let (people, _) = drawn_people(&check, &b);
    submit(&app, &people[0], &b, json!([])).await;
    submit(&app, &people[1], &b, json!([{"code": "C2.2", "points": 30, "reason": "笔录缺少签名"}, {"code": "C6.2", "points": 20, "reason": "格式"}])).await;
    // Any other files drawn score in full.
    for f in c["files"].as_array().unwrap() {
        let n = f["file"]["case_number"].as_str().unwrap();
        if n != a && n != b {
            let (people, _) = drawn_people(&check, n);
            for p in &people {
                submit(&app, p, n, json!([])).await;
            }
        }
    }
    let (_, c) = bureau.get(&format!("/api/v1/evaluation/campaigns/{id}")).await;
    let total = |n: &str| {
        c["files"].as_array().unwrap().iter().find(|f| f["file"]["case_number"] == n).unwrap()["file"]["total"].clone()
    };
    assert_eq!(total(&a), json!(980), "the third reviewer's score");
    assert_eq!(total(&b), json!(975), "the mean of 100 and 95");
    // Not public until published.
    let (s, _) = Agent::anon(&app).get(&format!("/api/v1/public/evaluation/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = bureau.post(&format!("/api/v1/evaluation/campaigns/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, p) = Agent::anon(&app).get(&format!("/api/v1/public/evaluation/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert!(p["files"].as_array().unwrap().is_empty(), "the public sees the summary per body, not the sheets");
    let scjg = p["bodies"].as_array().unwrap().iter().find(|r| r["body_name"] == SCJG).unwrap();
    assert_eq!(scjg["grade_label"], "优秀", "{scjg}");
    // The reviewers' readings of the case files are in the access log with the campaign as purpose.
    let (_, log) = bureau.get("/api/v1/access-log").await;
    assert!(log.to_string().contains("案卷评查（评查-"), "{log}");
    // Every write is journaled: verify finds nothing amiss.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}

/// 考核评议: the year's table for the bureau and, for a body's head, the own line only; each
/// count opens exactly its rows; the weights are checked and journaled with their reason; a
/// published table reads the same on the portal.
pub(crate) async fn the_yearly_assessment_opens_its_rows_and_is_published(app: App) {
    let year = chrono::Datelike::year(&zhifa_core::time::shanghai_date(chrono::Utc::now()));
    let bureau = Agent::login(&app, "sfj.jd").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let scjg = body_id(&app, SCJG).await;
    let (s, t) = bureau.get(&format!("/api/v1/assessment/{year}")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let lines = t["lines"].as_array().unwrap();
    assert!(lines.len() > 1 && lines.iter().all(|l| l["body_name"] != "天津市宝坻区司法局"), "{t}");
    let mine = lines.iter().find(|l| l["body_id"] == scjg).unwrap();
    let cert = mine["cells"].as_array().unwrap().iter().find(|c| c["code"] == "certificates").unwrap();
    let (s, rows) = bureau.get(&format!("/api/v1/assessment/{year}/rows?body_id={scjg}&indicator=certificates")).await;
    assert_eq!(s, StatusCode::OK, "{rows}");
    assert_eq!(rows.as_array().unwrap().len() as i64, cert["denominator"].as_i64().unwrap(), "the count is its rows");
    let (_, own) = head.get(&format!("/api/v1/assessment/{year}")).await;
    assert_eq!(own["lines"].as_array().unwrap().len(), 1, "{own}");
    assert_eq!(own["lines"][0]["rank"], mine["rank"], "the own rank among all");
    let (s, _) = head.get(&format!("/api/v1/assessment/{year}/rows?body_id={}&indicator=certificates", scjg + 1)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(officer.get(&format!("/api/v1/assessment/{year}")).await.0, StatusCode::FORBIDDEN);
    let (s, v) = bureau.get("/api/v1/assessment/1999").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    // Weights: checked, journaled with the reason.
    let mut w = serde_json::Map::new();
    for i in zhifa_core::supervision::assessment::Indicator::ALL {
        w.insert(i.code().into(), json!(10));
    }
    w.insert("certificates".into(), json!(30));
    let (s, v) = bureau
        .send(reqwest::Method::PUT, "/api/v1/assessment-weights", json!({"weights": {"weights": w}, "reason": "持证"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("合计应为100"), "{v}");
    w.insert("certificates".into(), json!(10));
    w.insert("on_time".into(), json!(5));
    w.insert("overdue".into(), json!(15));
    let (s, v) = bureau
        .send(
            reqwest::Method::PUT,
            "/api/v1/assessment-weights",
            json!({"weights": {"weights": w}, "reason": "突出超期问题"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = head
        .send(reqwest::Method::PUT, "/api/v1/assessment-weights", json!({"weights": {"weights": w}, "reason": "x"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, t) = bureau.get(&format!("/api/v1/assessment/{year}")).await;
    assert_eq!(t["indicators"][2]["weight"], 15, "{t}");
    // Published as computed; the portal shows it.
    let (s, v) = bureau.post(&format!("/api/v1/assessment/{year}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (_, list) = Agent::anon(&app).get("/api/v1/public/assessment").await;
    assert_eq!(list[0]["id"], id, "{list}");
    let page = Agent::anon(&app).text(&format!("/public/assessment/{id}")).await;
    assert!(page.contains(SCJG) && page.contains(&format!("{year}年度")), "{page}");
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}
