//! Search, service guides, window boards, lists and the annual report.

use crate::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use zhifa_store::Store;

/// The public search: words cut with jieba (every word must occur), filters, marked snippets;
/// a second process with its own connections and its own index answers with what the first
/// published or withdrew, at once.
pub(crate) async fn search_cuts_words_filters_and_every_process_serves_fresh_results(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let supervisor = Agent::login(&app, "sfj.jd").await;
    let anon = Agent::anon(&app);
    let other_store = Store::connect(&app.url).await.unwrap();
    let (other_base, _other_state, _other_files) = serve_process(&other_store).await;
    let other = Agent { c: Client::new(), csrf: String::new(), base: other_base };

    // The demo's licence, by words of its item and text, on both processes.
    for who in [&anon, &other] {
        let (s, page) = who.get("/api/v1/public/decisions?q=食品 经营许可").await;
        assert_eq!(s, StatusCode::OK, "{page}");
        // The standing licence by its text, the demo's withdrawn one only by its subject.
        assert_eq!(page["total"], 2, "{page}");
        let items = page["items"].as_array().unwrap();
        let standing = items.iter().find(|i| i["withdrawn"] == false).unwrap();
        let snippet = standing["snippet"].as_array().unwrap();
        assert!(snippet.iter().any(|p| p["hit"] == true && p["text"] == "食品"), "{page}");
    }
    let licence = page_ids(&anon.get("/api/v1/public/decisions?q=李建国").await.1);
    assert_eq!(licence.len(), 1);
    // Every word must occur; filters narrow; a bad filter is named.
    assert_eq!(anon.get("/api/v1/public/decisions?q=食品 高速公路").await.1["total"], 0);
    assert_eq!(anon.get("/api/v1/public/decisions?q=食品&category=licensing").await.1["total"], 2);
    assert_eq!(anon.get("/api/v1/public/decisions?q=食品&category=penalty").await.1["total"], 0);
    assert_eq!(anon.get("/api/v1/public/decisions?q=食品&penalty=fine").await.1["total"], 0);
    let (s, e) = anon.get("/api/v1/public/decisions?q=食品&penalty=flogging").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("penalty"), "{e}");
    // Private values are not in the index (the masked text is what was published).
    assert_eq!(anon.get("/api/v1/public/decisions?q=13612345678").await.1["total"], 0);
    assert_eq!(anon.get("/api/v1/public/decisions?q=东王庄村").await.1["total"], 0);

    // The inspection result waits: found nowhere. Published through the first process, found
    // through the second at once.
    for who in [&anon, &other] {
        assert_eq!(who.get("/api/v1/public/decisions?q=鑫源超市").await.1["total"], 0);
    }
    let (_, list) = officer.get("/api/v1/publications?status=pending").await;
    // The demo's inspection results wait; the one of 鑫源超市 is published here.
    let mut found = None;
    for task in list.as_array().unwrap().iter().filter(|p| p["category"] == "other") {
        let tid = task["id"].as_i64().unwrap();
        let (_, v) = officer.get(&format!("/api/v1/publications/{tid}")).await;
        let text = v["proposal"]["proposed"]["text"].as_str().unwrap().to_string();
        if text.contains("鑫源超市") {
            found = Some((tid, text));
        }
    }
    let (tid, text) = found.expect("the inspection task");
    let (s, v) = officer.post(&format!("/api/v1/publications/{tid}/publish"), json!({"full_text": text})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, page) = other.get("/api/v1/public/decisions?q=鑫源超市").await;
    assert_eq!(page_ids(&page), vec![tid], "{page}");
    let html =
        other.c.get(format!("{}/public/decisions?q=鑫源超市", other.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("/public/decisions/{tid}")) && html.contains("<mark>"), "{html}");

    // The licence is revoked and withdrawn through the first process: the second no longer
    // finds it by the party or the text, only the notice by its 文号.
    let lid = licence[0];
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let change = json!({"ground": "撤销", "by": "行政复议决定", "changed_on": today.to_string(), "note": "复议撤销"});
    let (s, v) = supervisor.post(&format!("/api/v1/publications/{lid}/change"), change).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = officer.post(&format!("/api/v1/publications/{lid}/withdraw"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let number = v["publication"]["doc_number"].as_str().unwrap().to_string();
    for who in [&anon, &other] {
        assert_eq!(who.get("/api/v1/public/decisions?q=李建国").await.1["total"], 0);
        assert_eq!(who.get("/api/v1/public/decisions?q=经营场所 准予许可").await.1["total"], 0);
        let (_, page) =
            who.get(&format!("/api/v1/public/decisions?q={}", zhifa_core::ids::percent_encode(&number))).await;
        assert_eq!(page_ids(&page), vec![lid], "{page}");
        assert_eq!(page["items"][0]["withdrawn"], true);
        assert!(page["items"][0].get("snippet").is_none() && page["items"][0]["full_text"].is_null(), "{page}");
    }
    // The CSV export of a search follows the index.
    let csv = other.c.get(format!("{}/api/v1/public/decisions.csv?q=鑫源超市", other.base)).send().await.unwrap();
    // Named for every client: an ASCII name first, the Chinese one as filename* (RFC 6266).
    let disposition = csv.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"decisions.csv\"; filename*=UTF-8''"), "{disposition}");
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("鑫源超市") && !csv.contains("李建国"), "{csv}");
    other_store.close().await;
}

/// 事前公开: a service guide per power-list item in force (basis, conditions, materials, time
/// limit, remedies) with the flowchart drawn from the machine's own table; public, as JSON, as a
/// page and as SVG; an item not in force is 404.
pub(crate) async fn service_guides_show_the_procedure_the_system_enforces(app: App) {
    let anon = Agent::anon(&app);
    let scjg = body_id(&app, "天津市宝坻区市场监督管理局").await;
    let (s, g) = anon.get(&format!("/api/v1/public/bodies/{scjg}/power-items/MS-XK-001/guide")).await;
    assert_eq!(s, StatusCode::OK, "{g}");
    assert_eq!(g["time_limit"], "20个工作日");
    assert!(g["materials"].as_array().unwrap().iter().any(|m| m == "申请书"), "{g}");
    assert!(g["conditions"].as_str().unwrap().contains("食品安全法"), "{g}");
    assert_eq!(g["case_kind"], "行政许可");
    // The flow is the machine's: a licence decision only once the application is accepted.
    let flow = g["flow"].as_array().unwrap();
    let accepted = flow.iter().find(|st| st["stage"] == "accepted").expect("已受理");
    assert!(accepted["steps"].as_array().unwrap().iter().any(|s| s["step"] == "licence_decision"), "{g}");
    let applied = flow.iter().find(|st| st["stage"] == "applied").expect("已申请");
    assert!(!applied["steps"].as_array().unwrap().iter().any(|s| s["step"] == "licence_decision"), "{g}");
    let svg = anon.c.get(format!("{}{}", app.base, g["flowchart"].as_str().unwrap())).send().await.unwrap();
    assert!(svg.headers()["content-type"].to_str().unwrap().starts_with("image/svg+xml"));
    let svg = svg.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("已受理") && svg.contains("许可决定"), "{svg}");
    let html = anon.text(&format!("/bodies/{scjg}/power-items/MS-XK-001/guide")).await;
    assert!(html.contains("服务指南") && html.contains("<svg") && html.contains("申请书"), "{html}");
    let body = anon.text(&format!("/bodies/{scjg}")).await;
    assert!(body.contains(&format!("/bodies/{scjg}/power-items/MS-XK-001/guide")), "the list links each guide");
    // The officers with a valid certificate: names and numbers, nothing private.
    let (s, officers) = anon.get(&format!("/api/v1/public/bodies/{scjg}/officers")).await;
    assert_eq!(s, StatusCode::OK, "{officers}");
    let list = officers.as_array().unwrap();
    assert!(!list.is_empty() && list.iter().all(|o| o["status"] == "valid"), "{officers}");
    let text = officers.to_string();
    for o in app.store.list_officers(zhifa_core::access::Scope::Body(scjg), &Default::default()).await.unwrap() {
        if let Some(id) = o.id_number {
            assert!(!text.contains(&id), "{id} in {text}");
        }
    }
    assert!(
        body.contains("执法人员") && body.contains(list[0]["number"].as_str().unwrap()),
        "the body page lists them"
    );
    let (s, _) = anon.get(&format!("/api/v1/public/bodies/{scjg}/power-items/NO-SUCH/guide")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = anon.get("/api/v1/public/procedures/flogging/flowchart.svg").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// 岗位信息公示牌 and 办件进度查询: the board names the staff, the materials, the progress query
/// and the complaint channel; the holder of a document of a case (文号 and code) sees its stage,
/// steps and deadlines, nothing of its content; a wrong code is 404 without saying which part.
pub(crate) async fn window_boards_and_the_progress_query(app: App) {
    let anon = Agent::anon(&app);
    let scjg = body_id(&app, "天津市宝坻区市场监督管理局").await;
    let board = anon.c.get(format!("{}/public/bodies/{scjg}/window", app.base)).send().await.unwrap();
    assert_eq!(board.status(), StatusCode::OK);
    let board = board.text().await.unwrap();
    for part in [
        "岗位信息公示牌",
        "在岗执法人员",
        "申请材料示范",
        "申请书",
        "办件进度查询",
        "投诉监督渠道",
        "天津市宝坻区司法局",
    ] {
        assert!(board.contains(part), "{part} missing from the board: {board}");
    }
    // The demo's licence case: its decision document and code.
    let case = app
        .store
        .case_list(zhifa_core::access::Scope::Body(scjg), &Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.kind.code() == "licensing")
        .expect("the demo licence");
    let doc = app.store.case_documents(case.id).await.unwrap().into_iter().find(|d| d.number.is_some()).unwrap();
    let (number, code) = (doc.number.clone().unwrap(), doc.verify_code.clone().unwrap());
    let path = |n: &str, c: &str| {
        format!(
            "/api/v1/public/progress?number={}&code={}",
            zhifa_core::ids::percent_encode(n),
            zhifa_core::ids::percent_encode(c)
        )
    };
    let (s, p) = anon.get(&path(&number, &code)).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["case_kind"], "行政许可");
    assert!(p["steps"].as_array().unwrap().iter().any(|s| s["step"] == "受理"), "{p}");
    let text = p.to_string();
    for private in
        [zhifa_app::demo::DEMO_APPLICANT.0, zhifa_app::demo::DEMO_APPLICANT.1, zhifa_app::demo::DEMO_APPLICANT.2]
    {
        assert!(!text.contains(private), "{private} in {text}");
    }
    let (s, _) = anon.get(&path(&number, "ZZZZZZZZ")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, e) = anon.get(&path("", "1")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("number") && e.to_string().contains("code"), "{e}");
    let html = anon
        .c
        .get(format!("{}/public/progress?number={}&code={code}", app.base, zhifa_core::ids::percent_encode(&number)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("当前阶段") && html.contains("受理"), "{html}");
}

/// 事前公开 (seed §二(一)3, 《行政处罚法》第三十四条): a body files its spot-check item list
/// and its discretion standards as versions with a reason; the public reads the version in force
/// and every version's reason; bad lists are refused naming the entry and write nothing; only
/// the body's head or administrator may file, and only for their own body.
pub(crate) async fn spot_check_lists_and_discretion_standards_are_filed_and_public(app: App) {
    let anon = Agent::anon(&app);
    let scjg = body_id(&app, SCJG).await;
    let sthj = body_id(&app, STHJ).await;
    // The demo's lists, in force since 2024.
    let (s, v) = anon.get(&format!("/api/v1/public/bodies/{scjg}/lists/discretion")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["current"]["version"], 1);
    let levels = &v["current"]["items"][0]["levels"];
    assert_eq!(levels[1]["fine_min_fen"], 5_000_000, "{v}");
    assert_eq!(levels[1]["penalty_kinds"], json!(["confiscation", "fine"]), "{v}");
    assert_eq!(v["rule"], "《行政处罚法》第三十四条");
    let (s, v) = anon.get(&format!("/api/v1/public/bodies/{scjg}/lists/spot-checks")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["current"]["items"][0]["basis"][0], "《食品安全法》第一百一十条");
    assert_eq!(anon.get(&format!("/api/v1/public/bodies/{scjg}/lists/other")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/public/bodies/999999/lists/discretion").await.0, StatusCode::NOT_FOUND);

    let head = Agent::login(&app, "scjg.fzr").await;
    let item = json!({"code": "SJ-GG-01", "name": "广告发布行为检查", "power_item_code": "MS-JC-001", "object": "广告经营者",
        "method": "网络监测", "content": "广告内容", "basis": ["食品安全法 第一百一十条"], "ratio_percent": 3, "frequency": "每半年一次"});
    let before = journal_len(&app).await;
    // Bad input: each problem named, nothing written.
    let bad = json!({"items": [item.clone(), {"code": "SJ-GG-01", "name": "", "power_item_code": "MS-CF-001", "object": "x",
        "method": "x", "content": "x", "basis": ["无条文"], "ratio_percent": 0, "frequency": "x"}],
        "effective_from": "2019-01-01", "reason": ""});
    let (s, v) = head.post(&format!("/api/v1/bodies/{scjg}/lists/spot-checks"), bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let text = v.to_string();
    for m in [
        "制定或修改理由不能为空",
        "第2项的抽查事项编码“SJ-GG-01”重复",
        "第2项缺少抽查事项名称",
        "第2项的抽查比例应为1%至100%",
        "第2项的检查依据",
    ] {
        assert!(text.contains(m), "{m}: {text}");
    }
    // The item must be the body's inspection item; the date after the version in force.
    let wrong_item = json!({"items": [item.clone(), {"code": "SJ-GG-02", "name": "n", "power_item_code": "MS-CF-001", "object": "x",
        "method": "x", "content": "x", "basis": ["食品安全法 第一百一十条"], "ratio_percent": 1, "frequency": "x"}],
        "effective_from": "2023-06-01", "reason": "增加广告检查"});
    let (s, v) = head.post(&format!("/api/v1/bodies/{scjg}/lists/spot-checks"), wrong_item).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let text = v.to_string();
    assert!(text.contains("第2项的权责事项“MS-CF-001”不是行政检查事项"), "{text}");
    assert!(text.contains("生效日期应晚于现行版本的生效日期（2024-01-01）"), "{text}");
    assert_eq!(journal_len(&app).await, before, "nothing written");

    // Version 2 takes effect in the future: the public still sees version 1, with both reasons.
    let future = (zhifa_core::time::shanghai_date(chrono::Utc::now()) + chrono::Duration::days(30)).to_string();
    let (s, v) = head
        .post(
            &format!("/api/v1/bodies/{scjg}/lists/spot-checks"),
            json!({"items": [item.clone()], "effective_from": future, "reason": "增加广告检查"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["current"]["version"], 1, "{v}");
    assert_eq!(v["versions"][0]["reason"], "增加广告检查");
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);
    assert_eq!(journal_len(&app).await, before + 1, "one ledger entry");

    // A discretion standard below its range is refused with the level named.
    let std = json!({"power_item_code": "MS-CF-003", "violation": "发布虚假广告", "penalty_basis": ["广告法 第五十五条"],
        "levels": [{"degree": "一般", "circumstances": "广告费用无法计算", "penalty_kinds": ["fine"], "fine_min": "1000000", "fine_max": "200000", "standard": "二十万元以上一百万元以下"}]});
    let (s, v) = head
        .post(
            &format!("/api/v1/bodies/{scjg}/lists/discretion"),
            json!({"items": [std], "effective_from": future, "reason": "修订"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("第1项第1阶次的罚款下限高于上限"), "{v}");

    // Roles: an officer may not file; a head may not file for another body.
    let officer = Agent::login(&app, "scjg.zf01").await;
    let ok = json!({"items": [item], "effective_from": "2031-01-01", "reason": "测试"});
    assert_eq!(
        officer.post(&format!("/api/v1/bodies/{scjg}/lists/spot-checks"), ok.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let s = head.post(&format!("/api/v1/bodies/{sthj}/lists/spot-checks"), ok).await.0;
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");

    // The body page shows both lists.
    let html = anon.text(&format!("/bodies/{scjg}")).await;
    for m in [
        "“双随机”抽查事项清单",
        "食品经营者经营条件和经营过程检查",
        "行政处罚裁量基准",
        "罚款50,000.00元至80,000.00元",
        "增加广告检查",
    ] {
        assert!(html.contains(m), "{m}");
    }
    // The versions are in the ledger and verify.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let report = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// 行政执法统计年报 (seed §二(三)6) over HTTP: a body corrects its draft with reasons, is
/// refused publication until the 复议/诉讼 totals are confirmed, publishes; the public sees
/// only published reports (JSON, CSV, XLSX, a page with SVG charts); the district's report waits
/// for every body; roles and bodies are checked.
pub(crate) async fn annual_reports_are_corrected_published_and_downloaded(app: App) {
    use chrono::Datelike;
    let anon = Agent::anon(&app);
    // Last year's reports, published by the demo: the district's figures are the bodies' sum.
    let last = zhifa_web::api::annual::last_year();
    let (s, years) = anon.get("/api/v1/public/annual-reports").await;
    assert_eq!(s, StatusCode::OK);
    assert!(years.as_array().unwrap().contains(&json!(last)), "{years}");
    let (s, y) = anon.get(&format!("/api/v1/public/annual-reports/{last}")).await;
    assert_eq!(s, StatusCode::OK, "{y}");
    let fines = |r: &Value| {
        r["figures"].as_array().unwrap().iter().find(|f| f["key"] == "penalty.fines").unwrap()["value"]
            .as_i64()
            .unwrap()
    };
    let bodies = y["bodies"].as_array().unwrap();
    assert!(bodies.len() >= 2);
    assert_eq!(fines(&y["district"]), bodies.iter().map(fines).sum::<i64>());
    assert_eq!(y["due_on"], format!("{}-01-31", last + 1));
    let csv = anon.c.get(format!("{}/api/v1/public/annual-reports/{last}.csv", app.base)).send().await.unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let head = csv.lines().next().unwrap();
    assert!(head.contains("指标") && head.contains("全区（汇总）") && head.contains(SCJG), "{head}");
    assert!(csv.lines().any(|l| l.starts_with("行政复议和行政诉讼,纠错率,%")), "{csv}");
    let xlsx = anon.c.get(format!("{}/api/v1/public/annual-reports/{last}.xlsx", app.base)).send().await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let xlsx = xlsx.bytes().await.unwrap().to_vec();
    assert_eq!(&xlsx[..2], b"PK", "a zip (Office Open XML) file");
    spreadsheet_rates_are_numbers(&app, last).await;
    let page = anon.text(&format!("/public/reports/{last}")).await;
    assert!(
        page.contains("<svg") && page.contains("全区汇总") && page.contains("纠错率"),
        "charts drawn on the server"
    );
    assert_eq!(
        anon.get("/api/v1/public/annual-reports/2001").await.0,
        StatusCode::OK,
        "a year without reports is empty"
    );
    assert_eq!(anon.get("/api/v1/public/annual-reports/abc").await.0, StatusCode::NOT_FOUND);

    // This year's reports can't be drafted before the year is over.
    let sup = Agent::login(&app, "sfj.jd").await;
    let this_year = zhifa_core::time::shanghai_date(chrono::Utc::now()).year();
    let (s, v) = sup.post("/api/v1/annual-reports/draft", json!({"year": this_year})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("年度尚未结束"), "{v}");
    let officer = Agent::login(&app, "scjg.zf01").await;
    assert_eq!(officer.post("/api/v1/annual-reports/draft", json!({"year": last})).await.0, StatusCode::FORBIDDEN);
    // Drafted as on 1 January (what the server's round does then).
    let new_year = chrono::NaiveDate::from_ymd_opt(this_year + 1, 1, 1).unwrap();
    app.state.app.draft_due_annual_reports(new_year).await;
    let scjg = body_id(&app, SCJG).await;
    let admin = Agent::login(&app, "scjg.admin").await;
    // A body's staff see the district's figures as the public does: every body's sum.
    let (_, last_list) = admin.get(&format!("/api/v1/annual-reports?year={last}")).await;
    let staff_district = last_list.as_array().unwrap().iter().find(|r| r["body_id"].is_null()).unwrap().clone();
    assert_eq!(fines(&staff_district), fines(&y["district"]), "{staff_district}");
    let (s, list) = admin.get(&format!("/api/v1/annual-reports?year={this_year}")).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "its own and the district's: {list:?}");
    let mine = list.iter().find(|r| r["body_id"] == scjg).unwrap();
    let id = mine["id"].as_i64().unwrap();
    assert_eq!(mine["status"], "draft");
    assert_eq!(mine["due_on"], format!("{}-01-31", this_year + 1));
    assert_eq!(mine["unconfirmed"].as_array().unwrap().len(), 2);
    let counted = |r: &Value, k: &str| {
        r["figures"].as_array().unwrap().iter().find(|f| f["key"] == k).unwrap()["value"].as_i64().unwrap()
    };
    assert!(counted(mine, "cases.licensing") >= 1, "the demo's licence case of this year is counted");

    // Bad corrections name the field and write nothing.
    let before = journal_len(&app).await;
    let (s, v) = admin
        .post(
            &format!("/api/v1/annual-reports/{id}/edits"),
            json!({"metric": "penalty.fines", "value": "12.345", "reason": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"value") && fields.contains(&"reason"), "{v}");
    let (s, v) = admin
        .post(&format!("/api/v1/annual-reports/{id}/edits"), json!({"metric": "x", "value": "1", "reason": "r"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("指标“x”不存在"));
    let (s, v) = admin.post(&format!("/api/v1/annual-reports/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("须依复议决定书、裁判文书核实填报"), "{v}");
    assert_eq!(journal_len(&app).await, before);

    // The officer may not correct; the head and the administrator may.
    let e = json!({"metric": "reconsideration.total", "value": "2", "reason": "据区政府复议决定书统计"});
    assert_eq!(officer.post(&format!("/api/v1/annual-reports/{id}/edits"), e.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        sup.post(&format!("/api/v1/annual-reports/{id}/edits"), e.clone()).await.0,
        StatusCode::FORBIDDEN,
        "the justice bureau does not write a body's figures"
    );
    let head = Agent::login(&app, "scjg.fzr").await;
    assert_eq!(head.post(&format!("/api/v1/annual-reports/{id}/edits"), e).await.0, StatusCode::CREATED);
    let (s, v) = admin
        .post(
            &format!("/api/v1/annual-reports/{id}/edits"),
            json!({"metric": "litigation.total", "value": "０", "reason": "本年度无行政诉讼"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = admin
        .post(
            &format!("/api/v1/annual-reports/{id}/edits"),
            json!({"metric": "penalty.fines", "value": "1,500.50", "reason": "补录纸质案卷（经办人手机13812345678）"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(counted(&v, "penalty.fines"), 150_050);
    assert_eq!(v["edits"].as_array().unwrap().len(), 3);
    assert_eq!(v["correction_rate"], "0.0%");
    // Drafts are not public; the district waits for every body.
    let (_, y) = anon.get(&format!("/api/v1/public/annual-reports/{this_year}")).await;
    assert!(y["bodies"].as_array().unwrap().is_empty() && y["district"].is_null(), "{y}");
    let (s, v) = admin.post(&format!("/api/v1/annual-reports/{id}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "published");
    assert_eq!(spreadsheet_rates_are_numbers(&app, this_year).await, 1, "the body's 0.0%");
    let district = list.iter().find(|r| r["body_id"].is_null()).unwrap()["id"].as_i64().unwrap();
    assert_eq!(
        admin.post(&format!("/api/v1/annual-reports/{district}/publish"), json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = sup.post(&format!("/api/v1/annual-reports/{district}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v.to_string().contains("个执法主体的年报未公开"), "{v}");
    let (_, y) = anon.get(&format!("/api/v1/public/annual-reports/{this_year}")).await;
    assert_eq!(y["bodies"].as_array().unwrap().len(), 1, "{y}");
    assert_eq!(fines(&y["bodies"][0]), 150_050);
    let reasons = y["bodies"][0]["edits"].to_string();
    assert!(
        reasons.contains("补录纸质案卷") && !reasons.contains("13812345678"),
        "a reason is masked like any published text: {reasons}"
    );
    // Another body's report is not found; its own page renders with the correction form.
    let other = app.store.annual_reports(this_year, zhifa_core::access::Scope::All).await.unwrap();
    let sthj = body_id(&app, STHJ).await;
    let foreign = other.iter().find(|r| r.body_id == Some(sthj)).unwrap().id;
    assert_eq!(admin.get(&format!("/api/v1/annual-reports/{foreign}")).await.0, StatusCode::NOT_FOUND);
    let page = admin.text(&format!("/annual-reports/{id}")).await;
    assert!(page.contains("更正记录") && page.contains("补录纸质案卷") && page.contains("已公开"), "{page}");
    let list_page = admin.text(&format!("/annual-reports?year={this_year}")).await;
    assert!(list_page.contains(SCJG) && !list_page.contains(STHJ), "only its own and the district's");
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let report = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// The year's public spreadsheet: rates are numbers shown as percentages, never text a
/// spreadsheet cannot compute with. Returns how many rates it holds.
async fn spreadsheet_rates_are_numbers(app: &App, year: i32) -> usize {
    let anon = Agent::anon(app);
    let csv = anon.text(&format!("/api/v1/public/annual-reports/{year}.csv")).await;
    let r = anon.c.get(format!("{}/api/v1/public/annual-reports/{year}.xlsx", app.base)).send().await.unwrap();
    let xlsx = r.bytes().await.unwrap().to_vec();
    // Rates are numbers shown as percentages, never text a spreadsheet cannot compute with.
    let part = |name: &str| {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(xlsx.clone())).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let strings = part("xl/sharedStrings.xml");
    let text_rate = strings.split("<t>").skip(1).filter_map(|t| t.split("</t>").next()).find(|t| {
        t.strip_suffix('%').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
    });
    assert!(text_rate.is_none(), "a rate stored as text: {text_rate:?}");
    let sheet = part("xl/worksheets/sheet1.xml");
    let rates: Vec<f64> = csv
        .lines()
        .find(|l| l.starts_with("行政复议和行政诉讼,纠错率,%"))
        .unwrap()
        .split(',')
        .skip(3)
        .filter_map(|v| v.strip_suffix('%')?.parse::<f64>().ok())
        .collect();
    let n = rates.len();
    for r in rates {
        let v = r / 100.0;
        assert!(
            sheet
                .split("<v>")
                .skip(1)
                .filter_map(|x| x.split("</v>").next()?.parse::<f64>().ok())
                .any(|x| (x - v).abs() < 1e-9),
            "the rate {r}% as the number {v}"
        );
    }
    assert!(part("xl/styles.xml").contains("0.0%"), "the percentage format");
    n
}
