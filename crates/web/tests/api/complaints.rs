//! 投诉举报 over HTTP: the public form to the conclusion and 复查, the time limits met and missed
//! (W19), who may do what, and what the public never sees.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn w19(v: &Value, id: i64) -> Vec<Value> {
    v.as_array().unwrap().iter().filter(|c| c["subject"] == format!("complaint:{id}")).cloned().collect()
}

fn deadline(v: &Value, stage: &str) -> Value {
    v["deadlines"].as_array().unwrap().iter().find(|d| d["stage"] == stage).cloned().unwrap_or_else(|| panic!("{v}"))
}

/// A complaint through the public form to its conclusion, reply and 复查; the limits on the
/// official calendar, W19 raised when one is missed and closed when the act is done; roles,
/// bodies and the complainant's privacy on every route; everything journaled.
pub(crate) async fn a_complaint_from_the_public_form_to_its_conclusion(app: App) {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let cal = app.store.calendar();
    let engine = app.state.app.clone();
    engine.warnings_catch_up(today).await.unwrap();
    let public = Agent::anon(&app);
    let bureau = Agent::login(&app, "sfj.jd").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let admin = Agent::login(&app, "scjg.admin").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let other = Agent::login(&app, "sthj.admin").await;
    let scjg = body_id(&app, SCJG).await;
    let sthj = body_id(&app, STHJ).await;

    // The public form: no sign-in; bad input names its fields and writes nothing.
    let before = journal_len(&app).await;
    let (s, v) = public
        .post("/api/v1/public/complaints", json!({"category": "bribe", "subject": "", "content": "短", "phone": "12"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["category", "subject", "content", "phone"] {
        assert!(fields.contains(&f), "{f}: {v}");
    }
    assert_eq!(before, journal_len(&app).await, "nothing written");
    let form = json!({"category": "certificate", "body_id": scjg, "subject": "检查时未出示执法证件",
        "content": "两名执法人员到店检查，未出示执法证件即要求停业整改，请求核查处理。",
        "name": "王某某", "phone": "13912345678", "address": "宝坻区某街道某号", "channel": "hotline"});
    let (s, r) = public.post("/api/v1/public/complaints", form).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let id = r["id"].as_i64().unwrap();
    let code = r["tracking_code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 19, "{code}");
    // Typed back in lower case without dashes, it is found; the public sees no particulars.
    let (s, t) = public.get(&format!("/api/v1/public/complaints/{}", code.to_lowercase().replace('-', ""))).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "received");
    let text = t.to_string();
    for private in ["王某某", "13912345678", "某街道", "两名执法人员"] {
        assert!(!text.contains(private), "{private} in {t}");
    }
    let page = public.text(&format!("/public/complaints/track?code={code}")).await;
    assert!(page.contains("待分派") && !page.contains("13912345678"), "{page}");
    assert_eq!(public.get("/api/v1/public/complaints/0000-0000-0000-0000").await.0, StatusCode::NOT_FOUND);
    assert_eq!(public.get("/api/v1/public/complaints/nonsense").await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // The bureau sees it with the complainant; the channel of the public form is always 网上.
    let (s, v) = bureau.get(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["complaint"]["channel"].as_str(), v["complainant"]["phone"].as_str()),
        (Some("portal"), Some("13912345678"))
    );
    assert!(v["complaint"].get("complainant_phone").is_none(), "particulars travel only in `complainant`");
    assert_eq!(v["can"], json!(["assign"]));
    // Seeing the particulars is in the access log (调阅).
    let (_, log) = bureau.get(&format!("/api/v1/access-log?table=complaints&object_id={id}")).await;
    assert!(log.to_string().contains("查看投诉人信息"), "{log}");
    let route = deadline(&v, "route");
    assert_eq!(route["due"], cal.add_working_days(today, 2).unwrap().to_string());
    assert_eq!(route["statutory_due"], cal.add_calendar_days(today, 15).unwrap().to_string());
    // It waits on the bureau's workbench with the routing limit, without particulars.
    let task =
        |w: &Value| w["tasks"].as_array().unwrap().iter().find(|t| t["href"] == format!("/complaints/{id}")).cloned();
    let (_, w) = bureau.get("/api/v1/workbench").await;
    let t = task(&w).unwrap_or_else(|| panic!("{w}"));
    assert_eq!((t["kind"].as_str(), t["due"].as_str()), (Some("complaint"), route["due"].as_str()), "{t}");
    assert!(!t.to_string().contains("13912345678"), "{t}");
    assert!(task(&head.get("/api/v1/workbench").await.1).is_none(), "not the body's before routing");
    // Before routing, the named body does not see it, nor does anybody else's.
    assert_eq!(head.get(&format!("/api/v1/complaints/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(officer.get(&format!("/api/v1/complaints/{id}")).await.0, StatusCode::NOT_FOUND);

    // W19 at the district's limit (yellow), then past the statute's (red); routing ends it.
    let due: chrono::NaiveDate = route["due"].as_str().unwrap().parse().unwrap();
    engine.recompute_warnings(due).await.unwrap();
    let (_, clues) = bureau.get("/api/v1/clues?rule=W19").await;
    assert!(w19(&clues, id).is_empty(), "in time on the last day: {clues}");
    engine.recompute_warnings(due + chrono::Duration::days(1)).await.unwrap();
    let (_, clues) = bureau.get("/api/v1/clues?rule=W19").await;
    let found = w19(&clues, id);
    assert_eq!((found.len(), found[0]["severity"].as_str()), (1, Some("yellow")), "{clues}");
    let statutory: chrono::NaiveDate = route["statutory_due"].as_str().unwrap().parse().unwrap();
    engine.recompute_warnings(statutory + chrono::Duration::days(1)).await.unwrap();
    let (_, clues) = bureau.get("/api/v1/clues?rule=W19").await;
    assert_eq!(w19(&clues, id)[0]["severity"], "red", "{clues}");
    assert_eq!(engine.recompute_warnings(statutory + chrono::Duration::days(1)).await.unwrap().changes, 0, "no repeat");

    // Routing: the bureau only, to an enforcement body.
    let act = |a: &str| format!("/api/v1/complaints/{id}/acts/{a}");
    assert_eq!(head.post(&act("assign"), json!({"body_id": scjg})).await.0, StatusCode::NOT_FOUND);
    let (s, v) = bureau.post(&act("assign"), json!({})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body_id")), "{v}");
    let (s, v) = bureau.post(&act("assign"), json!({"body_id": sthj})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    engine.warnings_catch_up(today).await.unwrap();
    let (_, clues) = bureau.get("/api/v1/clues?rule=W19").await;
    assert!(w19(&clues, id).is_empty(), "the routing closed the clue: {clues}");
    // The wrong body objects within five working days, with reasons; the bureau routes again.
    let (s, v) = other.post(&act("object"), json!({})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("note")), "{v}");
    let (s, v) = other.post(&act("object"), json!({"note": "执法证件事项属市场监管部门"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(other.get(&format!("/api/v1/complaints/{id}")).await.0, StatusCode::NOT_FOUND, "no longer its own");
    assert_eq!(bureau.post(&act("assign"), json!({"body_id": scjg})).await.0, StatusCode::CREATED);

    // Now it waits on the body's workbench (the acceptance decision), no longer on the bureau's.
    let (_, w) = head.get("/api/v1/workbench").await;
    assert!(task(&w).is_some_and(|t| t["title"].as_str().unwrap().starts_with("受理")), "{w}");
    assert!(task(&bureau.get("/api/v1/workbench").await.1).is_none());
    assert!(task(&officer.get("/api/v1/workbench").await.1).is_none(), "officers are not given complaints");
    // The body: an officer may not touch it; the head and the administrator may.
    assert_eq!(officer.post(&act("accept"), json!({})).await.0, StatusCode::FORBIDDEN);
    let (s, v) = admin.get(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complainant"]["name"], "王某某");
    assert_eq!(admin.post(&act("accept"), json!({})).await.0, StatusCode::CREATED);
    // Only the head extends, once, within the district's limit.
    assert_eq!(
        admin.post(&act("extend"), json!({"days": 10, "note": "需调取执法记录仪视频"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = head.post(&act("extend"), json!({"days": 40, "note": "需调取执法记录仪视频"})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("days")), "{v}");
    assert_eq!(
        head.post(&act("extend"), json!({"days": 10, "note": "需调取执法记录仪视频"})).await.0,
        StatusCode::CREATED
    );
    assert_eq!(head.post(&act("extend"), json!({"days": 5, "note": "再延"})).await.0, StatusCode::CONFLICT);
    let (_, v) = head.get(&format!("/api/v1/complaints/{id}")).await;
    let conclude = deadline(&v, "conclude");
    assert!(conclude["limit"].as_str().unwrap().contains("延长10日"), "{conclude}");
    // Out of order: answering before concluding is refused.
    assert_eq!(head.post(&act("answer"), json!({"method": "sms"})).await.0, StatusCode::CONFLICT);
    let (s, v) = head.post(&act("conclude"), json!({"finding": "substantiated"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"note") && fields.contains(&"basis"), "{v}");
    let (s, v) = head
        .post(
            &act("conclude"),
            json!({"finding": "substantiated", "note": "经调取执法记录仪视频核实，执法人员未出示证件属实，已责令改正并通报批评。",
                "basis": "《行政处罚法》第五十五条", "officer_id": 999_999}),
        )
        .await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("officer_id")), "{v}");
    let conclude_body = json!({"finding": "substantiated", "note": "经调取执法记录仪视频核实，执法人员未出示证件属实，已责令改正并通报批评。",
        "basis": "《行政处罚法》第五十五条"});
    assert_eq!(head.post(&act("conclude"), conclude_body).await.0, StatusCode::CREATED);
    // Until answered, the public does not see the opinion.
    let (_, t) = public.get(&format!("/api/v1/public/complaints/{code}")).await;
    assert!(t["opinion"].is_null(), "{t}");
    assert_eq!(head.post(&act("answer"), json!({"method": "portal"})).await.0, StatusCode::CREATED);
    let (_, t) = public.get(&format!("/api/v1/public/complaints/{code}")).await;
    assert_eq!((t["status"].as_str(), t["finding_label"].as_str()), (Some("answered"), Some("属实")), "{t}");
    assert!(t["opinion"].as_str().unwrap().contains("已责令改正"), "{t}");
    let states: Vec<&str> = t["deadlines"].as_array().unwrap().iter().map(|d| d["state"].as_str().unwrap()).collect();
    assert!(states.iter().all(|s| *s == "done" || *s == "late"), "{t}");
    // Thirty days, moved off a rest day (taken as it stands while next year's schedule is unknown).
    let until = cal.add_calendar_days(today, 30).unwrap_or(today + chrono::Duration::days(30));
    assert_eq!(t["may_ask_review_until"], until.to_string());

    // The complainant asks for 复查 with the code; the bureau answers within 30 days.
    let (s, v) = public.post(&format!("/api/v1/public/complaints/{code}/requests"), json!({"act": "review"})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("act")), "{v}");
    let (s, v) = public.post(&format!("/api/v1/public/complaints/{code}/requests"), json!({"act": "ask_review"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        public.post(&format!("/api/v1/public/complaints/{code}/requests"), json!({"act": "ask_review"})).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        head.post(&act("review"), json!({"finding": "substantiated", "note": "维持"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = bureau
        .post(&act("review"), json!({"finding": "substantiated", "note": "原处理意见事实清楚，予以维持。"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, v) = bureau.get(&format!("/api/v1/complaints/{id}")).await;
    let acts: Vec<&str> = v["acts"].as_array().unwrap().iter().map(|a| a["act"]["act"].as_str().unwrap()).collect();
    assert_eq!(
        acts,
        ["register", "assign", "object", "assign", "accept", "extend", "conclude", "answer", "ask_review", "review"]
    );
    assert_eq!(v["acts"][1]["act"]["late"], false, "routed the day it came");

    // A 12345 work order registered by the bureau, received 25 working days ago and never
    // routed: late on both limits at once, and its conclusion limit is the work order's.
    let received = {
        let mut d = today;
        let mut n = 0;
        while n < 25 {
            d -= chrono::Duration::days(1);
            if cal.is_working_day(d).unwrap() {
                n += 1;
            }
        }
        d
    };
    let (s, v) = bureau
        .post(
            "/api/v1/complaints",
            json!({"channel": "hotline", "category": "inaction", "subject": "举报无证经营无人处理",
                "content": "多次举报某店无证经营，至今无人处理，请求查处。", "received_on": received.to_string()}),
        )
        .await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("hotline_order")), "{v}");
    let (s, v) = bureau
        .post(
            "/api/v1/complaints",
            json!({"channel": "hotline", "hotline_order": "GD2026120001", "category": "inaction", "subject": "举报无证经营无人处理",
                "content": "多次举报某店无证经营，至今无人处理，请求查处。", "received_on": received.to_string()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let late_id = v["id"].as_i64().unwrap();
    engine.warnings_catch_up(today).await.unwrap();
    let (_, clues) = bureau.get("/api/v1/clues?rule=W19").await;
    let found = w19(&clues, late_id);
    assert_eq!((found.len(), found[0]["severity"].as_str()), (1, Some("red")), "{clues}");
    let late_act = |a: &str| format!("/api/v1/complaints/{late_id}/acts/{a}");
    assert_eq!(bureau.post(&late_act("assign"), json!({"body_id": scjg})).await.0, StatusCode::CREATED);
    assert_eq!(head.post(&late_act("accept"), json!({})).await.0, StatusCode::CREATED);
    let (_, v) = head.get(&format!("/api/v1/complaints/{late_id}")).await;
    assert_eq!(v["acts"][1]["act"]["late"], true, "{v}");
    let conclude = deadline(&v, "conclude");
    assert_eq!(conclude["due"], cal.add_working_days(received, 13).unwrap().to_string(), "{conclude}");
    assert_eq!(conclude["state"], "overdue");
    engine.warnings_catch_up(today).await.unwrap();
    let (_, clues) = bureau.get("/api/v1/clues?rule=W19").await;
    let found = w19(&clues, late_id);
    assert_eq!((found.len(), found[0]["finding"].as_str()), (1, Some("conclude")), "{clues}");
    // A body registers a letter it received itself: routed to it at once.
    let (s, v) = admin
        .post(
            "/api/v1/complaints",
            json!({"channel": "letter", "category": "conduct", "subject": "执法态度粗暴", "content": "执法人员态度粗暴，请求批评教育。"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, v) = admin.get(&format!("/api/v1/complaints/{}", v["id"])).await;
    assert_eq!((v["complaint"]["body_id"].as_i64(), v["complaint"]["status"].as_str()), (Some(scjg), Some("assigned")));
    assert_eq!(
        admin.post("/api/v1/complaints", json!({"channel": "portal", "category": "other", "subject": "x", "content": "网上投诉不由工作人员代填写"})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The body's list holds its own only; the export carries no particulars.
    let (_, mine) = other.get("/api/v1/complaints").await;
    assert!(mine.as_array().unwrap().iter().all(|c| c["body_id"] == sthj), "{mine}");
    let csv = bureau.text("/complaints/export.csv").await;
    assert!(csv.contains(&code) && !csv.contains("13912345678") && !csv.contains("王某某"), "{csv}");

    // Every act is journaled: verify finds nothing amiss.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    let r = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}

/// The public form page: submitted without sign-in, the code shown once; a robot's hidden field
/// is refused; one address may not flood the queue.
pub(crate) async fn the_public_complaint_page_gives_a_code_and_refuses_a_flood(app: App) {
    let public = Agent::anon(&app);
    let page = public.text("/public/complaints/new").await;
    assert!(page.contains("投诉举报") && page.contains("name=\"website\""), "{page}");
    let form = [
        ("category", "penalty"),
        ("subject", "罚款没有出具票据"),
        ("content", "缴纳罚款后执法人员未出具财政部门统一制发的罚款收据。"),
        ("name", ""),
        ("website", ""),
    ];
    let r = public.c.post(format!("{}/public/complaints/new", public.base)).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("tracking-code") && html.contains("查询办理进度"), "{html}");
    let mut robot = form;
    robot[4] = ("website", "http://spam.example");
    let r = public.c.post(format!("{}/public/complaints/new", public.base)).form(&robot).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let bad = [("category", ""), ("subject", ""), ("content", "")];
    let r = public.c.post(format!("{}/public/complaints/new", public.base)).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("aria-invalid"));
    // The hour's share of one address (the first two counted above).
    let mut last = StatusCode::OK;
    for _ in 0..12 {
        last =
            public.c.post(format!("{}/public/complaints/new", public.base)).form(&form).send().await.unwrap().status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}
