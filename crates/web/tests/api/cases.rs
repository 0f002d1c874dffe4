//! Cases: the procedures of each kind, from registration to archive.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// `/api/v1/calendar/add`: working-day and calendar-day periods on the official schedule,
/// without sign-in; a year without a published schedule is refused, naming the field.
pub(crate) async fn calendar_arithmetic_is_offered_to_anyone(app: App) {
    let anon = Agent::anon(&app);
    let (s, p) = anon.get("/api/v1/calendar/add?from=2026-09-28&days=7&kind=working").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["end"], "2026-10-13");
    assert_eq!(p["skipped"][0]["name"], "国庆节");
    assert!(p["rule"].as_str().unwrap().contains("第八十五条"));
    let (_, p) = anon.get("/api/v1/calendar/add?from=2026-09-25&days=10&kind=calendar").await;
    assert_eq!(p["end"], "2026-10-08");
    // The longest a measure may last does not move off the holiday (强制法 art. 25).
    let (_, p) = anon.get("/api/v1/calendar/add?from=2026-09-25&days=10&kind=calendar_fixed").await;
    assert_eq!((p["end"].as_str(), p["kind"].as_str()), (Some("2026-10-05"), Some("calendar_fixed")));
    assert!(p["rule"].as_str().unwrap().contains("不顺延"), "{p}");
    let (s, e) = anon.get("/api/v1/calendar/add?from=2026-12-28&days=7").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["fields"][0]["field"], "days");
    assert!(e["fields"][0]["message"].as_str().unwrap().contains("2027年"));
    let (s, e) = anon.get("/api/v1/calendar/add?from=2026-13-01&days=7").await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("from")));
    assert_eq!(
        anon.get("/api/v1/calendar/add?from=2026-09-28&days=7&kind=lunar").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

/// Officers of 市场监管局 for case tests: the signed-in officer, a partner and a hearing chair
/// with certificates valid to 2029, and one whose certificate has expired.
pub(crate) struct CaseOfficers {
    pub(crate) me: i64,
    pub(crate) partner: i64,
    pub(crate) chair: i64,
    pub(crate) expired: i64,
}

pub(crate) async fn case_officers(app: &App) -> CaseOfficers {
    let b = body_id(app, SCJG).await;
    let me = collector(app, "scjg.zf01").await;
    let f = zhifa_store::reads::CertificateFilter { body_id: Some(b), ..Default::default() };
    let certs = app.store.list_certificates(zhifa_core::access::Scope::Body(b), &f).await.unwrap();
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let long: Vec<i64> = certs
        .iter()
        .filter(|c| c.status == "valid" && c.valid_to.to_string().starts_with("2029") && c.officer_id != me)
        .map(|c| c.officer_id)
        .collect();
    let expired = certs.iter().find(|c| c.valid_to < today).unwrap().officer_id;
    CaseOfficers { me, partner: long[0], chair: long[1], expired }
}

pub(crate) fn company() -> Value {
    json!({"name": "宝坻区某某食品店", "id_number": TARGET, "legal_representative": "王五", "address": "宝坻区南城东路12号"})
}

pub(crate) async fn new_case(officer: &Agent, kind: &str, item: &str, officers: &[i64]) -> (i64, String) {
    new_case_of(officer, kind, item, officers, company()).await
}

/// A citizen party with every kind of private data the record holds.
pub(crate) fn citizen() -> Value {
    json!({"name": "张三", "id_number": "120224198001011234", "address": "天津市宝坻区周良街道某某村12号", "phone": "13800138000"})
}

pub(crate) async fn new_case_of(
    officer: &Agent,
    kind: &str,
    item: &str,
    officers: &[i64],
    party: Value,
) -> (i64, String) {
    let (s, c) = officer
        .post(
            "/api/v1/cases",
            json!({"kind": kind, "power_item_code": item, "source": "投诉举报", "domain": "市场监管",
                   "parties": [party], "officer_ids": officers, "facts": "接群众举报，该店销售超过保质期的食品",
                   "act_date": "2026-01-10"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    (c["id"].as_i64().unwrap(), c["number"].as_str().unwrap().to_string())
}

impl Agent {
    /// Posts a signed review act: the body with the demo password as the signing password.
    pub(crate) async fn signed(&self, path: &str, mut body: Value) -> (StatusCode, Value) {
        body["sign_password"] = json!(zhifa_app::demo::DEMO_PASSWORD);
        self.post(path, body).await
    }
    pub(crate) async fn step(&self, case: i64, body: Value) -> (StatusCode, Value) {
        self.post(&format!("/api/v1/cases/{case}/steps"), body).await
    }
    pub(crate) async fn ok_step(&self, case: i64, body: Value) -> Value {
        let (s, v) = self.step(case, body.clone()).await;
        assert_eq!(s, StatusCode::CREATED, "{body} → {v}");
        v
    }
    pub(crate) async fn refused_step(&self, case: i64, body: Value, needle: &str) -> Value {
        let (s, v) = self.step(case, body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {v}");
        assert!(v.to_string().contains(needle), "expected {needle:?} in {v}");
        v
    }
}

/// A complete submission for review (送审材料).
pub(crate) fn submission_json() -> Value {
    json!({"proposal": "罚款五千元", "facts": "销售超过保质期的食品20箱", "evidence": ["现场检查笔录"],
           "legal_basis": ["《食品安全法》第一百二十四条"], "discretion": "初次违法，从轻"})
}

/// The ten points of seed §四(三)1, each answered `ok`.
pub(crate) fn points_json(ok: bool) -> Value {
    let codes =
        ["body", "officers", "procedure", "facts", "evidence", "law", "discretion", "authority", "documents", "crime"];
    Value::Array(codes.iter().map(|c| json!({"point": c, "ok": ok, "note": "见意见"})).collect())
}

/// Runs a case's review file to 同意 through the review API: the handling officer submits, a
/// reviewer of the body answers every point and agrees.
pub(crate) async fn pass_review(officer: &Agent, reviewer: &Agent, id: i64) {
    let full = submission_json();
    let (s, v) = officer.signed(&format!("/api/v1/cases/{id}/review/submissions"), full).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let opinion = json!({"points": points_json(true), "outcome": "同意", "opinion": "事实清楚，证据充分，同意"});
    let (s, v) = reviewer.signed(&format!("/api/v1/cases/{id}/review/opinions"), opinion).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

/// The review passed (同意) and recorded as the 法制审核 step at `at`.
pub(crate) async fn reviewed(app: &App, id: i64, at: &str) {
    let officer = Agent::login(app, "scjg.zf01").await;
    let reviewer = Agent::login(app, "scjg.fzsh").await;
    pass_review(&officer, &reviewer, id).await;
    reviewer
        .ok_step(id, json!({"kind": "legal_review", "occurred_at": at, "result": "同意", "content": "事实清楚"}))
        .await;
}

/// A step with a fine; a decision carries the head's signing password (the demo password).
pub(crate) fn fine_step(kind: &str, at: &str, yuan: &str) -> Value {
    let mut v = json!({"kind": kind, "occurred_at": at, "content": "销售超过保质期的食品20箱", "penalty_kinds": ["罚款"],
           "fine": yuan, "legal_basis": ["食品安全法 第一百二十四条"]});
    if kind == "decide" {
        v["sign_password"] = json!(zhifa_app::demo::DEMO_PASSWORD);
    }
    if kind == "notify_intent" {
        v["violated"] = json!(["食品安全法 第三十四条"]);
    }
    v
}

pub(crate) async fn penalty_general_case_runs_end_to_end_and_forbidden_paths_are_refused(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let (id, number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    assert!(number.contains("-CF"), "{number}");
    let before = journal_len(&app).await;
    // Decision before filing or notice: refused with art. 62, nothing written.
    head.refused_step(id, fine_step("decide", "2026-03-01 10:00", "5000"), "第六十二条").await;
    officer
        .refused_step(id, json!({"kind": "file", "occurred_at": "2026-03-02 09:00", "content": "立案"}), "机关负责人")
        .await;
    assert_eq!(journal_len(&app).await, before);
    head.ok_step(id, json!({"kind": "file", "occurred_at": "2026-03-02 09:00", "content": "符合立案条件"})).await;
    let field = |officers: Vec<i64>| {
        json!({"kind": "investigate", "occurred_at": "2026-03-03 10:00", "officer_ids": officers,
               "place": "宝坻区南城东路12号", "content": "现场检查：货架上有超过保质期的食品20箱"})
    };
    officer.refused_step(id, field(vec![o.me]), "第四十二条").await;
    officer.ok_step(id, field(vec![o.me, o.partner])).await;
    officer.ok_step(id, fine_step("notify_intent", "2026-03-10 10:00", "5000")).await;
    officer.ok_step(id, json!({"kind": "statement", "occurred_at": "2026-03-11 10:00", "waived": true})).await;
    // The 法制审核 step records the review file's conclusion: nothing submitted, nothing to record.
    reviewer
        .refused_step(
            id,
            json!({"kind": "legal_review", "occurred_at": "2026-03-12 10:00", "result": "同意", "content": "x"}),
            "尚无结论",
        )
        .await;
    head.refused_step(id, fine_step("decide", "2026-03-13 10:00", "5000"), "第五十八条").await;
    pass_review(&officer, &reviewer, id).await;
    reviewer
        .ok_step(id, json!({"kind": "legal_review", "occurred_at": "2026-03-12 10:00", "result": "同意", "content": "事实清楚，证据充分"}))
        .await;
    // Day 91 after filing on 03-02 (day 90 is Sunday 05-31, so the period ends 06-01).
    head.refused_step(id, fine_step("decide", "2026-06-02 10:00", "5000"), "第六十条").await;
    // Heavier than notified: refused (art. 45).
    head.refused_step(id, fine_step("decide", "2026-03-13 10:00", "8000"), "第四十五条").await;
    head.ok_step(id, fine_step("decide", "2026-03-13 10:00", "5000")).await;
    officer.ok_step(id, json!({"kind": "serve", "occurred_at": "2026-03-16 10:00", "method": "直接送达"})).await;
    officer
        .refused_step(
            id,
            json!({"kind": "execute", "occurred_at": "2026-03-20 10:00", "method": "自行缴纳", "amount": "4000"}),
            "第七十二条",
        )
        .await;
    officer
        .ok_step(
            id,
            json!({"kind": "execute", "occurred_at": "2026-03-20 10:00", "method": "自行缴纳", "amount": "5000"}),
        )
        .await;
    head.ok_step(
        id,
        json!({"kind": "close", "occurred_at": "2026-03-23 10:00", "result": "执行完毕", "content": "罚款已缴清"}),
    )
    .await;
    // The case file must hold every step's document before it is archived (DA/T 70).
    officer.refused_step(id, json!({"kind": "archive", "occurred_at": "2026-03-24 10:00"}), "立案审批表").await;
    let q = evidence_query(o.me, "")
        .replace("津宝市监罚〔2026〕8号", &number)
        .replace("2026-11-20%2009:30", "2026-03-03%2010:05");
    assert_eq!(officer.upload(&q, video(1024, 3)).await.0, StatusCode::CREATED);
    for kind in [
        "filing_approval",
        "penalty_notice",
        "review_opinion",
        "penalty_decision",
        "service_receipt",
        "closing_approval",
    ] {
        let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": kind})).await;
        assert_eq!(s, StatusCode::CREATED, "{kind}: {d}");
        if kind == "review_opinion" {
            // The 法制审核意见书 states the ten points, the result, the reviewer and their key.
            let text = d["blocks"].to_string();
            assert!(d["number"].as_str().is_some_and(|n| n.contains("法审")), "{d}");
            for want in
                ["重大执法决定法制审核意见书", "执法主体是否合法", "是否涉嫌犯罪", "不涉嫌", "同意", "电子签名，公钥"]
            {
                assert!(text.contains(want), "{want}: {text}");
            }
        }
    }
    let v = officer.ok_step(id, json!({"kind": "archive", "occurred_at": "2026-03-24 10:00"})).await;
    assert_eq!(v["stage"], "archived");
    assert!(v["prompts"].to_string().contains("四性检测（真实性、完整性、可用性、安全性）通过"), "{v}");
    archive_package_is_checked_exported_and_verifiable_elsewhere(&app, &officer, id).await;
    let (s, c) = officer.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(c["steps"].as_array().unwrap().len(), 10);
    assert_eq!(c["next_steps"][0]["kind"], "supplement_archive");
    assert_eq!(c["next_steps"].as_array().unwrap().len(), 1);
    assert!(c["deadlines"].as_array().unwrap().iter().all(|d| d["status"] == "met"), "{}", c["deadlines"]);
    archived_file_is_closed_until_a_reasoned_supplement(&app, &officer, &head, id, &q).await;
    // The expired certificate blocks a field step of another case.
    let (id2, _) = new_case(&officer, "penalty_general", "MS-CF-001", &[o.me, o.partner]).await;
    head.ok_step(id2, json!({"kind": "file", "content": "立案"})).await;
    let now_step =
        json!({"kind": "investigate", "officer_ids": [o.me, o.expired], "place": "宝坻区", "content": "检查"});
    officer.refused_step(id2, now_step, "过期").await;
    // Lists, search and the deadline view.
    let (_, list) = officer.get("/api/v1/cases?q=食品店").await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    let (_, list) = officer.get(&format!("/api/v1/cases?q={number}")).await;
    assert_eq!(list[0]["id"], id);
    let (_, due) = officer.get("/api/v1/deadlines?days=365").await;
    assert!(due.as_array().unwrap().iter().any(|c| c["id"] == id2), "{due}");
    let _ = o.chair;
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

pub(crate) async fn onsite_penalty_case_within_and_above_the_limit(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (id, number) = new_case(&officer, "penalty_simple", "MS-CF-002", &[o.me, o.partner]).await;
    assert!(number.contains("-JY"), "{number}");
    let onsite = |yuan: &str| {
        let mut v = fine_step("onsite_decision", "2026-03-03 10:00", yuan);
        v["officer_ids"] = json!([o.me, o.partner]);
        v["place"] = json!("宝坻区南城东路12号");
        v
    };
    // An organisation: at most 3,000 yuan on the spot (art. 51).
    officer.refused_step(id, onsite("3000.01"), "第五十一条").await;
    officer.ok_step(id, onsite("3000")).await;
    officer
        .refused_step(
            id,
            json!({"kind": "serve", "occurred_at": "2026-03-04 10:00", "method": "直接送达"}),
            "第五十二条",
        )
        .await;
    officer.ok_step(id, json!({"kind": "serve", "occurred_at": "2026-03-03 10:10", "method": "当场交付"})).await;
    officer
        .refused_step(
            id,
            json!({"kind": "execute", "occurred_at": "2026-03-03 10:20", "method": "当场收缴", "amount": "3000"}),
            "第六十八条",
        )
        .await;
    // Paid two days late: 3% a day of 3,000 yuan.
    officer
        .refused_step(
            id,
            json!({"kind": "execute", "occurred_at": "2026-03-20 10:00", "method": "自行缴纳", "amount": "3000"}),
            "3,180.00",
        )
        .await;
    officer
        .ok_step(
            id,
            json!({"kind": "execute", "occurred_at": "2026-03-20 10:00", "method": "自行缴纳", "amount": "3180"}),
        )
        .await;
}

pub(crate) async fn seizure_needs_video_and_extends_once(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let (id, number) = new_case(&officer, "compulsory_measure", "MS-QZ-001", &[o.me, o.partner]).await;
    head.ok_step(
        id,
        json!({"kind": "approve_measure", "occurred_at": "2026-03-02 16:00", "content": "同意扣押",
                           "sign_password": zhifa_app::demo::DEMO_PASSWORD}),
    )
    .await;
    let measure = |evidence: Vec<i64>| {
        json!({"kind": "apply_measure", "occurred_at": "2026-03-03 10:00", "officer_ids": [o.me, o.partner],
               "place": "宝坻区南城东路12号", "content": "现场扣押", "method": "扣押", "days": 30,
               "items": ["超过保质期的饼干 20箱"], "legal_basis": ["食品安全法 第一百一十条"],
               "party_present": true, "party_signed": true, "evidence_ids": evidence})
    };
    officer.refused_step(id, measure(vec![]), "音像").await;
    // The video of that morning, filed under this case.
    let q = evidence_query(o.me, "")
        .replace("津宝市监罚〔2026〕8号", &number)
        .replace("2026-11-20%2009:30", "2026-03-03%2010:05");
    let (s, up) = officer.upload(&q, video(4096, 9)).await;
    assert_eq!(s, StatusCode::CREATED, "{up}");
    let video_id = up["id"].as_i64().unwrap();
    officer.ok_step(id, measure(vec![video_id])).await;
    let extend = json!({"kind": "extend_measure", "occurred_at": "2026-03-30 10:00", "days": 30, "notice_given": true, "content": "案情复杂，需进一步检验"});
    head.ok_step(id, extend.clone()).await;
    let mut again = extend.clone();
    again["occurred_at"] = json!("2026-04-10 10:00");
    head.refused_step(id, again, "第二十五条").await;
    let (_, c) = officer.get(&format!("/api/v1/cases/{id}")).await;
    // Sixty days end on 05-02, in the Labour Day holiday: a seizure's limit does not move.
    assert_eq!(c["deadlines"][0]["due"], "2026-05-02", "{}", c["deadlines"]);
    officer
        .ok_step(
            id,
            json!({"kind": "release_measure", "occurred_at": "2026-04-20 10:00", "content": "检验合格，解除扣押"}),
        )
        .await;
}

pub(crate) async fn licence_application_runs_to_the_licence(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let (id, number) = new_case(&officer, "licensing", "MS-XK-001", &[o.me, o.partner]).await;
    assert!(number.contains("-XK"));
    officer
        .ok_step(id, json!({"kind": "apply", "occurred_at": "2026-03-02 10:00", "content": "申请食品经营许可"}))
        .await;
    officer
        .refused_step(
            id,
            json!({"kind": "request_materials", "occurred_at": "2026-03-10 10:00", "content": "缺少场所平面图"}),
            "第三十二条",
        )
        .await;
    officer
        .ok_step(
            id,
            json!({"kind": "request_materials", "occurred_at": "2026-03-09 10:00", "content": "缺少场所平面图"}),
        )
        .await;
    officer.ok_step(id, json!({"kind": "materials_received", "occurred_at": "2026-03-12 10:00"})).await;
    officer.ok_step(id, json!({"kind": "accept", "occurred_at": "2026-03-12 11:00"})).await;
    let decision = |at: &str| {
        json!({"kind": "licence_decision", "occurred_at": at, "result": "准予许可", "content": "符合条件",
               "legal_basis": ["行政许可法 第三十八条"], "sign_password": zhifa_app::demo::DEMO_PASSWORD})
    };
    // Twenty working days from 03-12 end on 04-10; 04-13 is late.
    head.refused_step(id, decision("2026-04-13 10:00"), "第四十二条").await;
    head.ok_step(id, decision("2026-04-10 10:00")).await;
    officer
        .refused_step(id, json!({"kind": "serve", "occurred_at": "2026-04-10 11:00", "method": "直接送达"}), "颁发")
        .await;
    officer
        .ok_step(id, json!({"kind": "issue_licence", "occurred_at": "2026-04-13 10:00", "content": "JY11201150012345"}))
        .await;
    officer.ok_step(id, json!({"kind": "serve", "occurred_at": "2026-04-13 11:00", "method": "直接送达"})).await;
    head.ok_step(
        id,
        json!({"kind": "close", "occurred_at": "2026-04-14 10:00", "result": "执行完毕", "content": "已发证"}),
    )
    .await;
}

pub(crate) async fn case_routes_against_every_role(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (id, _) = new_case(&officer, "inspection", "MS-JC-001", &[o.me, o.partner]).await;
    let other_officer = Agent::login(&app, "sthj.zf01").await;
    assert_eq!(other_officer.get(&format!("/api/v1/cases/{id}")).await.0, StatusCode::NOT_FOUND);
    assert!(other_officer.get("/api/v1/cases").await.1.as_array().unwrap().is_empty());
    let (s, _) = other_officer.step(id, json!({"kind": "start_inspection", "content": "x"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The justice bureau reads every body's cases (each view journaled) but records no step.
    let jd = Agent::login(&app, "sfj.jd").await;
    assert_eq!(jd.get(&format!("/api/v1/cases/{id}?purpose=案卷评查")).await.0, StatusCode::OK);
    assert_eq!(jd.step(id, json!({"kind": "start_inspection", "content": "x"})).await.0, StatusCode::FORBIDDEN);
    let (s, _) = jd
        .post(
            "/api/v1/cases",
            json!({"kind": "inspection", "power_item_code": "MS-JC-001", "body_id": body_id(&app, SCJG).await}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let admin = Agent::login(&app, "scjg.admin").await;
    assert_eq!(admin.get(&format!("/api/v1/cases/{id}")).await.0, StatusCode::OK);
    assert_eq!(admin.step(id, json!({"kind": "start_inspection", "content": "x"})).await.0, StatusCode::FORBIDDEN);
    let anon = Agent::anon(&app);
    assert_eq!(anon.get("/api/v1/cases").await.0, StatusCode::UNAUTHORIZED);
    // Documents and the case file: the own body reads, another body sees nothing, the justice
    // bureau reads and checks but does not issue, nobody unsigned gets anything.
    for path in [format!("/api/v1/cases/{id}/documents"), format!("/api/v1/cases/{id}/archive-reports")] {
        assert_eq!(officer.get(&path).await.0, StatusCode::OK, "{path}");
        assert_eq!(jd.get(&path).await.0, StatusCode::OK, "{path}");
        assert_eq!(other_officer.get(&path).await.0, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(anon.get(&path).await.0, StatusCode::UNAUTHORIZED, "{path}");
    }
    let issue = json!({"kind": "filing_approval"});
    assert_eq!(
        other_officer.post(&format!("/api/v1/cases/{id}/documents"), issue.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(jd.post(&format!("/api/v1/cases/{id}/documents"), issue.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(admin.post(&format!("/api/v1/cases/{id}/documents"), issue).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        other_officer.post(&format!("/api/v1/cases/{id}/archive-check"), json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    let r = anon.c.get(format!("{}/api/v1/cases/{id}/archive", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = other_officer.c.get(format!("{}/api/v1/cases/{id}/archive", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/doc-templates").await.0, StatusCode::UNAUTHORIZED);
    // An officer who is not on the case cannot record its steps.
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    reviewer.refused_step(id, json!({"kind": "start_inspection", "content": "双随机抽查"}), "执法人员").await;
    officer.ok_step(id, json!({"kind": "start_inspection", "content": "双随机抽查"})).await;
    // Bad input is named field by field.
    let (s, e) =
        officer.post("/api/v1/cases", json!({"kind": "无此类型", "parties": [{"name": "", "id_number": "123"}]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = e["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in [
        "kind",
        "power_item_code",
        "source",
        "domain",
        "parties[0].name",
        "parties[0].id_number",
        "officer_ids",
        "facts",
    ] {
        assert!(fields.contains(&f), "{f} missing in {fields:?}");
    }
}

pub(crate) async fn an_administrator_imports_a_new_years_holiday_notice(app: App) {
    let anon = Agent::anon(&app);
    let (s, _) = anon.get("/api/v1/calendar/add?from=2026-12-28&days=7").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "2027 is not published yet");
    let schedule = json!({"year": 2027, "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-03", "isOffDay": true}]});
    let body = json!({"source": "国办发明电〔2026〕12号", "schedule": schedule});
    // Only the system administrator imports.
    for user in ["sfj.jd", "scjg.admin", "scjg.zf01"] {
        assert_eq!(
            Agent::login(&app, user).await.post("/api/v1/calendar/years", body.clone()).await.0,
            StatusCode::FORBIDDEN
        );
    }
    let admin = Agent::login(&app, "admin").await;
    let before = journal_len(&app).await;
    let (s, e) =
        admin.post("/api/v1/calendar/years", json!({"source": "x", "schedule": {"year": 2027, "days": []}})).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("schedule")), "{e}");
    let (s, e) = admin.post("/api/v1/calendar/years", json!({"schedule": schedule})).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("source")), "{e}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let (s, v) = admin.post("/api/v1/calendar/years", body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["years"].as_array().unwrap().last().unwrap(), 2027);
    assert_eq!(journal_len(&app).await, before + 1, "the import is journaled");
    // 2026-12-28 + 7 working days: 29, 30, 31, (1-3 元旦), 4, 5, 6, 7 January.
    let (s, p) = anon.get("/api/v1/calendar/add?from=2026-12-28&days=7").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["end"], "2027-01-07");
    let (_, y) = anon.get("/api/v1/calendar/years").await;
    assert_eq!(y["imported"][0]["source"], "国办发明电〔2026〕12号");
}

/// A filed (03-02), investigated and notified penalty case whose party waived the statement:
/// ready for the review and the decision; one photo of the evidence when `with_evidence`.
pub(crate) async fn noticed_case(app: &App, with_evidence: bool) -> (i64, String) {
    noticed_case_of(app, with_evidence, company()).await
}

pub(crate) async fn noticed_case_of(app: &App, with_evidence: bool, party: Value) -> (i64, String) {
    let (id, number) = investigated_case_of(app, with_evidence, party).await;
    let officer = Agent::login(app, "scjg.zf01").await;
    officer.ok_step(id, fine_step("notify_intent", "2026-03-10 10:00", "5000")).await;
    officer.ok_step(id, json!({"kind": "statement", "occurred_at": "2026-03-11 10:00", "waived": true})).await;
    (id, number)
}

/// A penalty case filed on 03-02 and investigated on 03-03 (the act on 2026-01-10), with a
/// photo of the evidence when `with_evidence`.
pub(crate) async fn investigated_case_of(app: &App, with_evidence: bool, party: Value) -> (i64, String) {
    let o = case_officers(app).await;
    let officer = Agent::login(app, "scjg.zf01").await;
    let head = Agent::login(app, "scjg.fzr").await;
    let (id, number) = new_case_of(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner], party).await;
    head.ok_step(id, json!({"kind": "file", "occurred_at": "2026-03-02 09:00", "content": "符合立案条件"})).await;
    officer
        .ok_step(
            id,
            json!({"kind": "investigate", "occurred_at": "2026-03-03 10:00", "officer_ids": [o.me, o.partner],
                   "place": "宝坻区南城东路12号", "content": "现场检查：货架上有超过保质期的食品20箱"}),
        )
        .await;
    if with_evidence {
        let q = evidence_query(o.me, "")
            .replace("津宝市监罚〔2026〕8号", &number)
            .replace("2026-11-20%2009:30", "2026-03-03%2010:05")
            .replace("当事人无证经营的事实", "货架上超过保质期食品的照片");
        let (s, up) = officer.upload(&q, video(2048, 5)).await;
        assert_eq!(s, StatusCode::CREATED, "{up}");
    }
    (id, number)
}

/// [`noticed_case`], reviewed (同意) and decided on 03-13.
pub(crate) async fn decided_case(app: &App, with_evidence: bool) -> (i64, String) {
    decided_case_of(app, with_evidence, company()).await
}

pub(crate) async fn decided_case_of(app: &App, with_evidence: bool, party: Value) -> (i64, String) {
    let (id, number) = noticed_case_of(app, with_evidence, party).await;
    let head = Agent::login(app, "scjg.fzr").await;
    reviewed(app, id, "2026-03-12 10:00").await;
    head.ok_step(id, fine_step("decide", "2026-03-13 10:00", "5000")).await;
    (id, number)
}

pub(crate) async fn pdf_of(agent: &Agent, id: i64) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let r = agent.c.get(format!("{}/api/v1/documents/{id}/pdf", agent.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    (h, r.bytes().await.unwrap().to_vec())
}

/// After 归档 nothing is added to the case file — no document, no evidence, no deletion — until
/// the head records a reasoned 补充归档; what is then added is marked as that supplement, and
/// archiving again closes the file (《行政处罚法》第四十七条).
async fn archived_file_is_closed_until_a_reasoned_supplement(
    app: &App,
    officer: &Agent,
    head: &Agent,
    id: i64,
    evidence_query: &str,
) {
    let before = journal_len(app).await;
    let (s, v) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "service_receipt"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v.to_string().contains("案件已归档，案卷已封存，不能再制作送达回证"), "{v}");
    let (s, v) = officer.upload(evidence_query, video(512, 9)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v.to_string().contains("补充归档"), "{v}");
    let (_, list) =
        officer.get(&format!("/api/v1/evidence?case_number={}", evidence_query_number(evidence_query))).await;
    let ev = list.as_array().unwrap()[0]["id"].as_i64().unwrap();
    let (s, v) = officer.post(&format!("/api/v1/evidence/{ev}/deletion-requests"), json!({"reason": "误传"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    // Only the head opens a supplement, and only with its reasons.
    officer
        .refused_step(id, json!({"kind": "supplement_archive", "content": "补充当事人退回的缴款凭证"}), "机关负责人")
        .await;
    head.refused_step(id, json!({"kind": "supplement_archive"}), "补充归档的理由").await;
    assert_eq!(journal_len(app).await, before, "nothing written while the file is closed");
    let v =
        head.ok_step(id, json!({"kind": "supplement_archive", "content": "补充当事人退回的缴款凭证原件扫描件"})).await;
    assert_eq!(v["stage"], "supplementing");
    let (s, v) = officer.upload(evidence_query, video(600, 10)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let v = officer.ok_step(id, json!({"kind": "archive"})).await;
    assert_eq!(v["stage"], "archived");
    assert!(v["prompts"].to_string().contains("通过"), "{v}");
    let (_, reports) = officer.get(&format!("/api/v1/cases/{id}/archive-reports")).await;
    assert_eq!(reports[0]["occasion"], "补充归档时");
    assert_eq!(reports[0]["passed"], true, "{reports}");
    let notes = reports[0]["report"]["checks"][1]["notes"].to_string();
    assert!(notes.contains("第1次补充归档") && notes.contains("缴款凭证") && notes.contains("补充2件"), "{notes}");
    // Closed again.
    let (s, _) = officer.upload(evidence_query, video(700, 11)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // The package marks the supplement's items: the step that opened it and the evidence it added.
    let r = officer.c.get(format!("{}/api/v1/cases/{id}/archive", app.base)).send().await.unwrap();
    assert_eq!(r.headers()["x-archive-check"], "passed");
    let zip = r.bytes().await.unwrap().to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let manifest: zhifa_core::archive::Manifest = {
        use std::io::Read;
        let mut s = String::new();
        archive.by_name("manifest.json").unwrap().read_to_string(&mut s).unwrap();
        serde_json::from_str(&s).unwrap()
    };
    assert_eq!(manifest.supplements.len(), 1);
    let marked: Vec<&str> =
        manifest.items.iter().filter(|i| i.supplement == Some(1)).map(|i| i.title.as_str()).collect();
    // The supplement step, the second 归档 step and the evidence added under it.
    assert_eq!(marked.len(), 3, "{marked:?}");
    assert!(marked.iter().all(|t| t.ends_with("（第1次补充归档）")), "{marked:?}");
    assert!(marked.iter().any(|t| t.starts_with("证据")), "{marked:?}");
}

fn evidence_query_number(q: &str) -> String {
    q.split('&').find_map(|p| p.strip_prefix("case_number=")).unwrap_or_default().to_string()
}

/// Each hand-over appears on the next person's workbench without a search: the head sees the
/// case to file, the officer then the steps and the documents due, the reviewer the review.
pub(crate) async fn each_hand_over_appears_on_the_next_persons_workbench(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let (id, number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    let tasks = |v: &Value| -> Vec<(String, String)> {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["case_id"] == id)
            .map(|t| (t["kind"].as_str().unwrap().to_string(), t["title"].as_str().unwrap().to_string()))
            .collect()
    };
    let (s, w) = head.get("/api/v1/workbench").await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert!(tasks(&w).iter().any(|(k, t)| k == "step" && t.contains("立案")), "the head files it: {w}");
    let (_, w) = officer.get("/api/v1/workbench").await;
    assert!(tasks(&w).is_empty(), "nothing for the officer before filing: {w}");
    head.ok_step(id, json!({"kind": "file", "content": "符合立案条件"})).await;
    let (_, w) = officer.get("/api/v1/workbench").await;
    let mine = tasks(&w);
    assert!(mine.iter().any(|(k, t)| k == "step" && t.contains("调查取证")), "{mine:?}");
    assert!(mine.iter().any(|(k, t)| k == "document" && t.contains("立案审批表")), "{mine:?}");
    let (_, w) = head.get("/api/v1/workbench").await;
    assert!(!tasks(&w).iter().any(|(k, t)| k == "step" && t.contains("立案")), "filed: gone from the head's list");
    // Investigated and notified, the review submitted: the reviewer has it, with its time limit.
    officer
        .ok_step(
            id,
            json!({"kind": "investigate", "officer_ids": [o.me, o.partner], "place": "宝坻区南城东路12号", "content": "现场检查"}),
        )
        .await;
    let mut notice = fine_step("notify_intent", "", "5000");
    notice.as_object_mut().unwrap().remove("occurred_at");
    officer.ok_step(id, notice).await;
    let (s, _) = officer.signed(&format!("/api/v1/cases/{id}/review/submissions"), submission_json()).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, w) = reviewer.get("/api/v1/workbench").await;
    let review = w["tasks"].as_array().unwrap().iter().find(|t| t["case_id"] == id && t["kind"] == "review");
    let review = review.unwrap_or_else(|| panic!("the reviewer has it: {w}"));
    assert_eq!(tasks(&w).len(), 1, "the review only, not a 法制审核 step besides: {w}");
    assert!(review["due"].as_str().is_some() && review["href"] == format!("/cases/{id}/review"), "{review}");
    // The home page is the workbench.
    let (c, _) = page_client(&app, "scjg.fzsh").await;
    let home = c.get(format!("{}/", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("我的待办") && home.contains(&number), "{home}");
}
