//! The justice bureau's warnings over HTTP: clues raised from the records as they are written,
//! never repeated, closed when the condition ends, reopened when it returns; thresholds
//! changed with a reason; each route checks role and body.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn days_ago(n: i64) -> String {
    let d = zhifa_core::time::shanghai_date(chrono::Utc::now()) - chrono::Duration::days(n);
    format!("{d} 09:00")
}

fn clues_of(v: &Value, case: i64) -> Vec<Value> {
    v.as_array().unwrap().iter().filter(|c| c["case_id"] == case).cloned().collect()
}

pub(crate) async fn warnings_are_raised_as_records_are_written_and_close_themselves(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let engine = app.state.app.clone();
    // The demo data judged; the follower at the end of the journal.
    engine.warnings_catch_up(today).await.unwrap();
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let other = Agent::login(&app, "sthj.admin").await;

    // Filed 65 days ago: the W01 yellow warning of day 60 (《行政处罚法》第六十条).
    let (a, number_a) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(a, json!({"kind": "file", "occurred_at": days_ago(65), "content": "符合立案条件"})).await;
    // Filed 120 days ago and never decided: red.
    let (b, _) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(b, json!({"kind": "file", "occurred_at": days_ago(120), "content": "符合立案条件"})).await;
    let round = engine.warnings_catch_up(today).await.unwrap();
    assert!(round.changes >= 2, "{round:?}");
    assert_eq!(engine.warnings_catch_up(today).await.unwrap().changes, 0, "a clue does not repeat");
    assert_eq!(engine.recompute_warnings(today).await.unwrap().changes, 0, "nor in the full recompute");

    let (s, v) = bureau.get(&format!("/api/v1/clues?case_id={a}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let ca = clues_of(&v, a);
    assert_eq!(ca.len(), 1, "{v}");
    assert!(ca[0]["rule"] == "W01" && ca[0]["severity"] == "yellow", "{}", ca[0]);
    assert!(ca[0]["summary"].as_str().unwrap().contains(&number_a), "{}", ca[0]);
    assert_eq!(ca[0]["officer_id"], o.me);
    let first = ca[0]["id"].as_i64().unwrap();
    let (_, v) = bureau.get(&format!("/api/v1/clues?case_id={b}&severity=red")).await;
    assert_eq!(clues_of(&v, b).len(), 1, "{v}");
    assert_eq!(clues_of(&v, b)[0]["rule"], "W01");

    // The body's head sees its own body's clues; an officer none; another body not these.
    let (s, v) = head.get(&format!("/api/v1/clues/{first}")).await;
    assert_eq!((s, v["id"].as_i64()), (StatusCode::OK, Some(first)));
    let (s, _) = officer.get("/api/v1/clues").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = other.get("/api/v1/clues?status=all").await;
    assert_eq!(s, StatusCode::OK);
    assert!(clues_of(&v, a).is_empty() && clues_of(&v, b).is_empty(), "{v}");
    let (s, _) = other.get(&format!("/api/v1/clues/{first}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = bureau.get("/api/v1/clues?status=maybe").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    // The bureau moves the yellow warning to day 70: the clue's condition ends and it closes,
    // kept and journaled; moved back, a new clue is raised.
    let (s, v) =
        head.send(reqwest::Method::PUT, "/api/v1/warning-settings", json!({"thresholds": {}, "reason": "x"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let set = |days: Value, reason: &str| json!({"thresholds": {"overdue_yellow_days": days}, "reason": reason});
    let (s, v) = bureau.send(reqwest::Method::PUT, "/api/v1/warning-settings", set(json!([70, 85]), "试行调整")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get(&format!("/api/v1/clues/{first}")).await;
    assert_eq!(v["close_reason"], "resolved", "{v}");
    assert!(v["closed_at"].is_string());
    let (_, v) = bureau.get(&format!("/api/v1/clues?case_id={a}")).await;
    assert!(clues_of(&v, a).is_empty(), "{v}");
    let (s, _) = bureau.send(reqwest::Method::PUT, "/api/v1/warning-settings", set(json!([60, 80]), "恢复")).await;
    assert_eq!(s, StatusCode::OK);
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get(&format!("/api/v1/clues?case_id={a}&status=all")).await;
    let all = clues_of(&v, a);
    assert_eq!(all.len(), 2, "{v}");
    assert!(all[0]["closed_at"].is_null() && all[0]["id"].as_i64().unwrap() > first);
    let (_, cat) = bureau.get("/api/v1/warning-rules").await;
    assert_eq!(cat["rules"].as_array().unwrap().len(), zhifa_core::supervision::RULES.len());
    assert_eq!(cat["thresholds"]["overdue_yellow_days"], json!([60, 80]));
    assert_eq!(cat["history"][0]["reason"], "恢复");

    // The pages.
    let list = bureau.text("/warnings").await;
    assert!(list.contains(&number_a) && list.contains("W01 案件办理超期"), "{list}");
    let item = bureau.text(&format!("/warnings/{first}")).await;
    assert!(item.contains("情形已消除") && item.contains("《行政处罚法》第六十条"), "{item}");
    let rules = bureau.text("/warnings/rules").await;
    assert!(rules.contains("W20") && rules.contains("保存阈值"), "{rules}");
    assert!(!head.text("/warnings/rules").await.contains("保存阈值"), "only the bureau changes them");

    // Every clue and setting is journaled: verify finds nothing amiss.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}

/// The justice bureau's case list: by body (with the body named), overdue only, exported.
pub(crate) async fn the_bureau_lists_cases_by_body_and_overdue_and_exports_them(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let (scjg, sthj) = (body_id(&app, SCJG).await, body_id(&app, STHJ).await);
    let (late, number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(late, json!({"kind": "file", "occurred_at": days_ago(120), "content": "符合立案条件"})).await;
    let (fresh, _) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;

    let (s, v) = bureau.get(&format!("/api/v1/cases?body_id={scjg}&overdue=true&limit=200")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let rows = v.as_array().unwrap();
    assert!(rows.iter().any(|c| c["id"] == late), "{v}");
    assert!(!rows.iter().any(|c| c["id"] == fresh), "{v}");
    assert!(rows.iter().all(|c| c["body_id"] == scjg && c["overdue"] == true), "{v}");
    // With words searched (the search table on PostgreSQL holds no deadlines).
    let (s, v) = bureau.get("/api/v1/cases?q=某某食品店&overdue=true&limit=200").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let rows = v.as_array().unwrap();
    assert!(rows.iter().any(|c| c["id"] == late) && !rows.iter().any(|c| c["id"] == fresh), "{v}");
    let (_, v) = bureau.get(&format!("/api/v1/cases?body_id={sthj}&limit=200")).await;
    assert!(v.as_array().unwrap().iter().all(|c| c["body_id"] == sthj), "{v}");
    let (s, _) = officer.get(&format!("/api/v1/cases?body_id={sthj}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "another body's list is refused");

    // The page: the body is a filter and a column; an empty choice is "all".
    let page = bureau.text("/cases?body_id=&overdue=true&q=").await;
    assert!(page.contains(&number) && page.contains("天津市宝坻区市场监督管理局 ·"), "{page}");
    assert!(page.contains("export.csv?overdue=true"), "the export keeps the filters");
    let csv = bureau.text(&format!("/cases/export.csv?overdue=true&body_id={scjg}")).await;
    assert!(csv.starts_with('\u{feff}') && csv.contains("案件编号,执法主体"), "{csv}");
    assert!(csv.contains(&number) && csv.lines().skip(1).all(|l| l.ends_with(",是")), "{csv}");
    let own = officer.text("/cases").await;
    assert!(!own.contains("name=\"body_id\""), "a body's officer has no body filter");
}

/// W21: an account viewing, in one day, more records of cases it does not handle than the
/// district allows is a clue for the bureau (调阅监督); views of its own cases do not count.
pub(crate) async fn many_views_of_other_cases_in_a_day_raise_a_clue(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let engine = app.state.app.clone();
    engine.warnings_catch_up(today).await.unwrap();
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let set = json!({"thresholds": {"unusual_views_per_day": 5}, "reason": "试点：从严监测调阅"});
    let (s, v) = bureau.send(reqwest::Method::PUT, "/api/v1/warning-settings", set).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await.0);
    }
    // The officer handles them all: viewing them twice is no clue.
    for id in ids.iter().chain(&ids) {
        assert_eq!(officer.get(&format!("/api/v1/cases/{id}?purpose=办理本案")).await.0, StatusCode::OK);
    }
    // The reviewer handles none: five are allowed, the sixth raises the clue.
    for id in &ids[..5] {
        assert_eq!(reviewer.get(&format!("/api/v1/cases/{id}?purpose=了解案情")).await.0, StatusCode::OK);
    }
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get("/api/v1/clues?rule=W21").await;
    assert!(v.as_array().unwrap().is_empty(), "{v}");
    assert_eq!(reviewer.get(&format!("/api/v1/cases/{}?purpose=了解案情", ids[5])).await.0, StatusCode::OK);
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get("/api/v1/clues?rule=W21").await;
    let clues = v.as_array().unwrap();
    assert_eq!(clues.len(), 1, "{v}");
    let fzsh = app.store.user_by_username("scjg.fzsh").await.unwrap().unwrap().id;
    assert_eq!(clues[0]["subject"], format!("account:{fzsh}"));
    assert!(clues[0]["summary"].as_str().unwrap().contains("6条"), "{}", clues[0]);
    assert_eq!(clues[0]["body_id"], body_id(&app, SCJG).await);
    // A further view the same day does not raise it again.
    assert_eq!(reviewer.get(&format!("/api/v1/cases/{}?purpose=了解案情", ids[0])).await.0, StatusCode::OK);
    assert_eq!(engine.warnings_catch_up(today).await.unwrap().changes, 0);
}

/// 督办 over HTTP: the bureau routes a clue and issues a 纠正通知书 on it; the body sees it on its
/// workbench; a reply not made in time raises W22, one level up ten working days later; the
/// reply closes it; a reply sent back opens a new round; the accepted one closes the matter.
/// Roles and bodies are checked on every route, and everything is journaled.
pub(crate) async fn the_bureau_acts_on_a_clue_and_a_late_reply_escalates(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let engine = app.state.app.clone();
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let other = Agent::login(&app, "sthj.admin").await;
    let scjg = body_id(&app, SCJG).await;
    let (case, number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(case, json!({"kind": "file", "occurred_at": days_ago(120), "content": "符合立案条件"})).await;
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get(&format!("/api/v1/clues?case_id={case}")).await;
    let clue = clues_of(&v, case)[0]["id"].as_i64().unwrap();

    // Routing: the bureau only; a dismissal says why.
    let act = |body: Value| (format!("/api/v1/clues/{clue}/actions"), body);
    let (path, body) = act(json!({"act": "route", "route": "general", "note": "立案监督"}));
    assert_eq!(head.post(&path, body.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(other.post(&path, body.clone()).await.0, StatusCode::NOT_FOUND);
    let (s, v) = bureau.post(&path, body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = bureau.post(&path, json!({"act": "dismiss"})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("note")), "{v}");
    let (s, v) = bureau.post(&path, json!({"act": "route", "route": "fast"})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("route")), "{v}");

    // A 纠正通知书 on the clue: numbered, the reply deadline in working days.
    let notice = json!({"kind": "correction", "clue_id": clue, "subject": "案件超期未作出决定",
        "facts": format!("{number}立案已逾九十日未作出处罚决定。"), "basis": "《行政处罚法》第六十条",
        "requirement": "立即依法作出处理决定，并说明超期原因。", "reply_days": 3});
    assert_eq!(head.post("/api/v1/notices", notice.clone()).await.0, StatusCode::FORBIDDEN);
    let (s, v) = bureau.post("/api/v1/notices", json!({"kind": "memo", "subject": ""})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = bureau.post("/api/v1/notices", notice).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (s, n) = bureau.get(&format!("/api/v1/notices/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{n}");
    let deadline: chrono::NaiveDate = n["notice"]["deadline"].as_str().unwrap().parse().unwrap();
    assert_eq!(deadline, app.store.calendar().add_working_days(today, 3).unwrap());
    assert_eq!((n["notice"]["body_id"].as_i64(), n["notice"]["case_id"].as_i64()), (Some(scjg), Some(case)));
    let doc_number = n["notice"]["number"].as_str().unwrap().to_string();
    assert!(doc_number.contains("执监纠〔"), "{doc_number}");
    assert_eq!(n["status_label"], "待回复");
    // Another body's administrator does not find it; an officer may not read it.
    assert_eq!(other.get(&format!("/api/v1/notices/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(officer.get(&format!("/api/v1/notices/{id}")).await.0, StatusCode::FORBIDDEN);
    let (_, mine) = other.get("/api/v1/notices").await;
    assert!(mine.as_array().unwrap().iter().all(|x| x["id"] != id), "{mine}");
    let (_, acts) = bureau.get(&format!("/api/v1/clues/{clue}/actions")).await;
    let acts: Vec<&str> = acts.as_array().unwrap().iter().map(|a| a["act"].as_str().unwrap()).collect();
    assert_eq!(acts, ["route", "notice"]);
    // The body's head finds it on the workbench, with its deadline.
    let (_, w) = head.get("/api/v1/workbench").await;
    let task = w["tasks"].as_array().unwrap().iter().find(|t| t["href"] == format!("/notices/{id}")).cloned();
    let task = task.unwrap_or_else(|| panic!("{w}"));
    assert_eq!(
        (task["kind"].as_str(), task["due"].as_str()),
        (Some("supervision"), Some(deadline.to_string().as_str()))
    );

    // Days pass without a reply: W22, then one level up after ten more working days.
    let w22 = |v: &Value| -> Vec<Value> {
        v.as_array().unwrap().iter().filter(|c| c["subject"] == format!("notice:{id}")).cloned().collect()
    };
    let late = deadline + chrono::Duration::days(1);
    engine.recompute_warnings(deadline).await.unwrap();
    let (_, v) = bureau.get("/api/v1/clues?rule=W22").await;
    assert!(w22(&v).is_empty(), "in time on the deadline itself: {v}");
    engine.recompute_warnings(late).await.unwrap();
    let (_, v) = bureau.get("/api/v1/clues?rule=W22").await;
    let first = w22(&v);
    assert_eq!((first.len(), first[0]["severity"].as_str()), (1, Some("red")), "{v}");
    assert_eq!(first[0]["body_id"], scjg);
    let much_later = app.store.calendar().add_working_days(deadline, 11).unwrap();
    engine.recompute_warnings(much_later).await.unwrap();
    let (_, v) = bureau.get("/api/v1/clues?rule=W22").await;
    let up = w22(&v);
    assert_eq!(up.len(), 1, "{v}");
    assert!(up[0]["summary"].as_str().unwrap().contains("提请区人民政府督办"), "{}", up[0]);
    assert_ne!(up[0]["id"], first[0]["id"], "the escalation replaces the first clue");
    let (_, bw) = bureau.get("/api/v1/workbench").await;
    assert!(bw["tasks"].as_array().unwrap().iter().all(|t| t["href"] != format!("/notices/{id}")), "not overdue today");

    // The reply: only the body's head or administrator; it closes W22.
    let reply = format!("/api/v1/notices/{id}/replies");
    assert_eq!(bureau.post(&reply, json!({"text": "已整改"})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(other.post(&reply, json!({"text": "已整改"})).await.0, StatusCode::NOT_FOUND);
    let (s, v) = head.post(&reply, json!({"text": " "})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("text")), "{v}");
    let (s, v) = head.post(&reply, json!({"text": "已作出处罚决定", "evidence_ids": [987_654]})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("evidence_ids")), "{v}");
    let (s, v) = head.post(&reply, json!({"text": "已于本周作出处罚决定，超期系当事人下落不明所致"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(head.post(&reply, json!({"text": "再报"})).await.0, StatusCode::CONFLICT);
    engine.warnings_catch_up(much_later).await.unwrap();
    let (_, v) = bureau.get(&format!("/api/v1/clues/{}", up[0]["id"])).await;
    assert_eq!(v["close_reason"], "resolved", "{v}");
    let (_, bw) = bureau.get("/api/v1/workbench").await;
    let review = bw["tasks"].as_array().unwrap().iter().find(|t| t["href"] == format!("/notices/{id}")).cloned();
    assert_eq!(review.map(|t| t["kind"].clone()), Some(json!("supervision_review")), "{bw}");

    // Sent back with reasons, a second round; then accepted and closed.
    let verdict = format!("/api/v1/notices/{id}/verdict");
    assert_eq!(head.post(&verdict, json!({"accept": true})).await.0, StatusCode::FORBIDDEN);
    let (s, v) = bureau.post(&verdict, json!({"accept": false})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("note")), "{v}");
    let (s, v) = bureau.post(&verdict, json!({"accept": false, "note": "未附处罚决定书", "reply_days": 2})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, n) = bureau.get(&format!("/api/v1/notices/{id}")).await;
    assert_eq!((n["notice"]["round"].as_i64(), n["notice"]["status"].as_str()), (Some(2), Some("issued")));
    let (s, _) = head.post(&reply, json!({"text": "附处罚决定书", "document_ids": []})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = bureau.post(&verdict, json!({"accept": true, "note": "同意办结"})).await;
    assert_eq!(s, StatusCode::OK);
    let (_, n) = bureau.get(&format!("/api/v1/notices/{id}")).await;
    assert_eq!(n["notice"]["status"], "closed");
    let rounds: Vec<_> = n["replies"].as_array().unwrap().iter().map(|r| r["verdict"].clone()).collect();
    assert_eq!(rounds, [json!("returned"), json!("accepted")]);
    assert_eq!(bureau.post(&verdict, json!({"accept": true})).await.0, StatusCode::CONFLICT);

    // The pages and the PDF.
    let list = bureau.text("/notices").await;
    assert!(list.contains(&doc_number) && list.contains("已办结"), "{list}");
    let page = head.text(&format!("/notices/{id}")).await;
    assert!(page.contains("纠正通知书") && page.contains("未附处罚决定书") && page.contains("认可，办结"), "{page}");
    let clue_page = bureau.text(&format!("/warnings/{clue}")).await;
    assert!(clue_page.contains("分流处置：一般程序") && clue_page.contains(&doc_number), "{clue_page}");
    assert_eq!(Agent::anon(&app).get(&format!("/api/v1/notices/{id}/pdf")).await.0, StatusCode::UNAUTHORIZED);
    let (c, csrf) = page_client(&app, "sfj.jd").await;
    let r = c.get(format!("{}/notices/{id}/pdf", app.base)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let form = c.get(format!("{}/notices/new?clue_id={clue}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("《行政处罚法》第六十条"), "the form starts from the clue: {form}");
    let r = c
        .post(format!("{}/notices", app.base))
        .form(&[("_csrf", csrf.as_str()), ("kind", "notice"), ("body_id", &scjg.to_string()), ("subject", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let back = r.text().await.unwrap();
    assert!(back.contains("事由不能为空") && back.contains("aria-invalid"), "{back}");

    // Everything journaled.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}

/// W17: an enterprise inspected more often in a year than the district allows is a clue,
/// raised when the cap is lowered (the sweep) and followed as inspections are registered.
pub(crate) async fn inspections_of_one_enterprise_above_the_cap_raise_a_clue(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let engine = app.state.app.clone();
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let code = company()["id_number"].as_str().unwrap().to_string();
    let subject = format!("enterprise:{code}");
    let mine = |v: &Value| -> Vec<Value> {
        v.as_array().unwrap().iter().filter(|c| c["subject"] == subject).cloned().collect()
    };
    engine.warnings_catch_up(today).await.unwrap();
    for _ in 0..2 {
        new_case(&officer, "inspection", "MS-JC-001", &[o.me, o.partner]).await;
    }
    let set = json!({"thresholds": {"annual_inspection_cap": 1}, "reason": "试点：从严控制涉企检查"});
    let (s, v) = bureau.send(reqwest::Method::PUT, "/api/v1/warning-settings", set).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get("/api/v1/clues?rule=W17").await;
    let found = mine(&v);
    let cap = found.iter().find(|c| c["finding"].as_str().unwrap().starts_with("year:")).cloned();
    let cap = cap.unwrap_or_else(|| panic!("{v}"));
    assert_eq!(cap["severity"], "red");
    assert!(cap["summary"].as_str().unwrap().contains("超过年度上限1次"), "{cap}");
    // One more inspection: the follower replaces the clue with the new count.
    let (third, _) = new_case(&officer, "inspection", "MS-JC-001", &[o.me, o.partner]).await;
    engine.warnings_catch_up(today).await.unwrap();
    let (_, v) = bureau.get(&format!("/api/v1/clues/{}", cap["id"])).await;
    assert_eq!(v["close_reason"], "superseded", "{v}");
    let (_, v) = bureau.get("/api/v1/clues?rule=W17").await;
    let now = mine(&v).into_iter().find(|c| c["finding"] == cap["finding"]).unwrap();
    assert_eq!(now["case_id"], third);
    let (s, _) = bureau
        .send(reqwest::Method::PUT, "/api/v1/warning-settings", json!({"thresholds": {}, "reason": "恢复"}))
        .await;
    assert_eq!(s, StatusCode::OK);
}

/// 驾驶舱: each figure equals the rows its link opens; a body's head sees only the own body;
/// an officer none; another body's figures are refused.
pub(crate) async fn the_dashboard_counts_what_its_links_list(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let bureau = Agent::login(&app, "sfj.jd").await;
    let (scjg, sthj) = (body_id(&app, SCJG).await, body_id(&app, STHJ).await);
    let (late, _) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(late, json!({"kind": "file", "occurred_at": days_ago(120), "content": "符合立案条件"})).await;
    app.state.app.warnings_catch_up(today).await.unwrap();

    let (s, d) = bureau.get("/api/v1/dashboard").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let f = &d["figures"];
    // Open cases of the body in the stage 已立案 equal the case list with those filters.
    let filed = f["open_cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["body_id"] == scjg && c["stage"] == "filed")
        .map(|c| c["count"].as_i64().unwrap())
        .unwrap_or_else(|| panic!("{d}"));
    let (_, rows) = bureau.get(&format!("/api/v1/cases?body_id={scjg}&stage=filed&open=true&limit=200")).await;
    assert_eq!(rows.as_array().unwrap().len() as i64, filed, "{rows}");
    let overdue = f["overdue_cases"].as_array().unwrap().iter().find(|c| c["body_id"] == scjg).unwrap()["count"]
        .as_i64()
        .unwrap();
    let (_, rows) = bureau.get(&format!("/api/v1/cases?body_id={scjg}&overdue=true&limit=200")).await;
    assert_eq!(rows.as_array().unwrap().len() as i64, overdue, "{rows}");
    // Open clues of W01, red, equal the warnings list.
    let w01 = f["clues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "W01" && c["severity"] == "red")
        .map(|c| c["count"].as_i64().unwrap())
        .unwrap_or_else(|| panic!("{d}"));
    let (_, rows) = bureau.get("/api/v1/clues?rule=W01&severity=red&limit=1000").await;
    assert_eq!(rows.as_array().unwrap().len() as i64, w01);
    let month = f["months"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(month["month"], format!("{}", today.format("%Y-%m")));
    assert!(month["registered"].as_i64().unwrap() >= 1, "{month}");
    assert_eq!(f["months"].as_array().unwrap().len(), 12);

    // Kept figures are never older than the reader's own writes: a notice the bureau issues
    // counts at once, though the figures were read a moment ago.
    let awaiting = f["notices"]["awaiting"].as_i64().unwrap();
    let clue = rows.as_array().unwrap().iter().find(|c| c["case_id"] == late).unwrap()["id"].as_i64().unwrap();
    let notice = json!({"kind": "correction", "clue_id": clue, "subject": "案件超期未作出决定",
        "facts": "立案已逾九十日未作出处罚决定。", "basis": "《行政处罚法》第六十条",
        "requirement": "立即依法作出处理决定。", "reply_days": 3});
    assert_eq!(bureau.post("/api/v1/notices", notice).await.0, StatusCode::CREATED);
    let (_, d) = bureau.get("/api/v1/dashboard").await;
    assert_eq!(d["figures"]["notices"]["awaiting"].as_i64(), Some(awaiting + 1), "{d}");

    // The head: the own body only, whatever is asked; an officer: refused.
    let (s, own) = head.get("/api/v1/dashboard").await;
    assert_eq!((s, own["body_id"].as_i64()), (StatusCode::OK, Some(scjg)), "{own}");
    assert!(own["figures"]["open_cases"].as_array().unwrap().iter().all(|c| c["body_id"] == scjg), "{own}");
    assert_eq!(head.get(&format!("/api/v1/dashboard?body_id={sthj}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(officer.get("/api/v1/dashboard").await.0, StatusCode::FORBIDDEN);
    let (s, one) = bureau.get(&format!("/api/v1/dashboard?body_id={sthj}")).await;
    assert_eq!((s, one["body_id"].as_i64()), (StatusCode::OK, Some(sthj)));
    assert!(one["figures"]["open_cases"].as_array().unwrap().iter().all(|c| c["body_id"] == sthj));

    // The page: the charts are SVG drawn on the server, the numbers link to their rows.
    let page = bureau.text("/dashboard").await;
    assert!(page.contains("<svg") && page.contains("未结案件（按执法主体）"), "{page}");
    assert!(page.contains("stage=filed") && page.contains("overdue=true"), "{page}");
    assert!(head.text("/dashboard").await.contains("执法监督驾驶舱："));

    // Every list exports as CSV and as a workbook, with the list's filters.
    let csv = bureau.text("/warnings/export.csv?rule=W01&severity=red").await;
    assert!(csv.starts_with('\u{feff}') && csv.contains("线索编号,等级,规则"), "{csv}");
    assert_eq!(csv.lines().count() as i64, w01 + 1, "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.contains(",W01,")), "{csv}");
    let (c, _) = page_client(&app, "sfj.jd").await;
    for path in [
        "/warnings/export.xlsx?severity=red",
        "/notices/export.xlsx",
        "/cases/export.xlsx?overdue=true",
        "/access-log/export.xlsx",
    ] {
        let r = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"), "{path}");
        assert!(r.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"), "{path}");
        assert!(r.bytes().await.unwrap().starts_with(b"PK"), "{path}: a zip container");
    }
    let (c, _) = page_client(&app, "scjg.zf01").await;
    let r = c.get(format!("{}/warnings/export.csv", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "an officer exports no clues");
}

/// W07, W08, W09 and W16's impossible presence from the records as they are written: a fine
/// below the range of the item's discretion standard (the demo's 50,000-100,000 yuan for
/// MS-CF-002) without 减轻处罚; a fine over twice the median of its peers once the group is large
/// enough; a review passed before the decision is no W09; one officer at two places twenty
/// minutes apart. None repeats in the follower or the full recompute.
pub(crate) async fn fines_and_field_records_are_judged_against_the_standard_their_peers_and_the_clock(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let engine = app.state.app.clone();
    engine.warnings_catch_up(today).await.unwrap();
    let bureau = Agent::login(&app, "sfj.jd").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let o = case_officers(&app).await;
    let set_peers = |n: u32, reason: &'static str| {
        bureau.send(
            reqwest::Method::PUT,
            "/api/v1/warning-settings",
            json!({"thresholds": {"peer_group_min": n}, "reason": reason}),
        )
    };
    let (s, v) = set_peers(4, "试点").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("peer_group_min"), "{v}");
    let (s, v) = set_peers(5, "试点：同案不同罚五件起比较").await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let mut peers = Vec::new();
    for _ in 0..4 {
        peers.push(decided_case(&app, false).await.0);
    }
    // A fifth, noticed and decided at 12,000 yuan: over twice the median of 5,000.
    let (high, _) = investigated_case_of(&app, false, company()).await;
    officer.ok_step(high, fine_step("notify_intent", "2026-03-10 10:00", "12000")).await;
    officer.ok_step(high, json!({"kind": "statement", "occurred_at": "2026-03-11 10:00", "waived": true})).await;
    reviewed(&app, high, "2026-03-12 10:00").await;
    head.ok_step(high, fine_step("decide", "2026-03-13 10:00", "12000")).await;
    // Another case whose officers were, twenty minutes after the others' inspection, elsewhere.
    let (away, away_number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(away, json!({"kind": "file", "occurred_at": "2026-03-02 09:00", "content": "符合立案条件"})).await;
    officer
        .ok_step(
            away,
            json!({"kind": "investigate", "occurred_at": "2026-03-03 10:20", "officer_ids": [o.me, o.partner],
                   "place": "宝坻区钰华街道广场路3号", "content": "现场检查"}),
        )
        .await;
    // Reasons for a departure from the standard belong to a notice or a decision only.
    officer
        .refused_step(
            away,
            json!({"kind": "inquire", "occurred_at": "2026-03-04 10:00", "officer_ids": [o.me, o.partner],
                   "place": "本局询问室", "interviewee": "王五", "items": ["问：", "答："], "discretion_reason": "情节轻微"}),
            "discretion_reason",
        )
        .await;
    let round = engine.warnings_catch_up(today).await.unwrap();
    assert!(round.changes > 0, "{round:?}");
    assert_eq!(engine.warnings_catch_up(today).await.unwrap().changes, 0, "a clue does not repeat");
    assert_eq!(engine.recompute_warnings(today).await.unwrap().changes, 0, "nor in the full recompute");

    let clues = |rule: &'static str, case: i64| {
        let bureau = &bureau;
        async move {
            let (s, v) = bureau.get(&format!("/api/v1/clues?case_id={case}&rule={rule}")).await;
            assert_eq!(s, StatusCode::OK, "{v}");
            clues_of(&v, case)
        }
    };
    // W07: 5,000 yuan is below the 50,000 yuan floor of the standard in force.
    let w07 = clues("W07", peers[0]).await;
    assert_eq!(w07.len(), 1, "{w07:?}");
    assert_eq!(w07[0]["severity"], "red");
    assert!(w07[0]["summary"].as_str().unwrap().contains("超出处罚依据规定的幅度"), "{}", w07[0]);
    // W09: each was reviewed (同意) the day before its decision.
    assert!(clues("W09", peers[0]).await.is_empty());
    assert!(clues("W09", high).await.is_empty());
    // W08: only the fine over twice the median.
    let w08 = clues("W08", high).await;
    assert_eq!(w08.len(), 1, "{w08:?}");
    assert_eq!(w08[0]["severity"], "yellow");
    assert!(w08[0]["summary"].as_str().unwrap().contains("超过同类案件中位数二倍"), "{}", w08[0]);
    assert!(clues("W08", peers[0]).await.is_empty());
    // W16: the later record's case carries one clue per earlier record it cannot coexist with.
    let w16 = clues("W16", away).await;
    assert_eq!(w16.len(), 5, "{w16:?}");
    assert!(w16.iter().all(|c| c["severity"] == "red"), "{w16:?}");
    let text = w16[0]["summary"].as_str().unwrap();
    assert!(text.contains(&away_number) && text.contains("20分钟") && text.contains("不可能同时在场"), "{text}");
    assert!(clues("W16", peers[0]).await.is_empty());

    // The body revises its standard from 2026-01-01 with a first level from 3,000 yuan: the
    // decisions of March are judged again under it and W07 closes itself.
    let scjg = body_id(&app, SCJG).await;
    let std = json!({"power_item_code": "MS-CF-002", "violation": "经营污染物质含量超标的食品",
        "penalty_basis": ["食品安全法 第一百二十四条"],
        "levels": [{"degree": "减轻", "circumstances": "货值金额较小，主动消除危害后果", "penalty_kinds": ["fine"],
                    "fine_min": "3000", "fine_max": "50000", "standard": "三千元以上五万元以下罚款"},
                   {"degree": "一般", "circumstances": "货值金额不足一万元", "penalty_kinds": ["fine"],
                    "fine_min": "50000", "fine_max": "100000", "standard": "五万元以上十万元以下罚款"}]});
    let (s, v) = head
        .post(
            &format!("/api/v1/bodies/{scjg}/lists/discretion"),
            json!({"items": [std], "effective_from": "2026-01-01", "reason": "依据本区减轻处罚清单修订"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    engine.warnings_catch_up(today).await.unwrap();
    assert!(clues("W07", peers[0]).await.is_empty());
    let (_, v) = bureau.get(&format!("/api/v1/clues?case_id={}&rule=W07&status=all", peers[0])).await;
    assert_eq!(clues_of(&v, peers[0])[0]["close_reason"], "resolved", "{v}");

    // A wider setting closes nothing and raises nothing new here; raising the group size closes W08.
    let (s, _) = set_peers(50, "恢复").await;
    assert_eq!(s, StatusCode::OK);
    engine.warnings_catch_up(today).await.unwrap();
    assert!(clues("W08", high).await.is_empty());
    assert_eq!(clues("W16", away).await.len(), 5);

    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}
