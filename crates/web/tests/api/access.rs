//! Sign-in, roles and CSRF: every route against every role, bad input on every write route.

use crate::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

pub(crate) async fn sign_in_sign_out_and_lockout(app: App) {
    let a = Agent::login(&app, "scjg.zf01").await;
    let (s, me) = a.get("/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["role_label"], "执法人员");
    let (s, _) = a.send(reqwest::Method::DELETE, "/api/v1/session", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(a.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);

    let c = Client::new();
    let try_login = |pw: &'static str| {
        let c = c.clone();
        let url = format!("{}/api/v1/session", app.base);
        async move { c.post(url).json(&json!({"username": "sthj.zf01", "password": pw})).send().await.unwrap() }
    };
    let refused = |r: reqwest::Response| async move {
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        (status, v["fields"][0]["message"].as_str().unwrap_or_default().to_string())
    };
    let refusal = |warning: &str| {
        (StatusCode::UNPROCESSABLE_ENTITY, format!("{}；{warning}", zhifa_app::accounts::SIGN_IN_REFUSED))
    };
    // Each refusal says how many tries this address has left on this name.
    for left in (0..5).rev() {
        let want = if left > 0 {
            format!("本机对该用户名再输错{left}次，须等待后才能再试")
        } else {
            "本机须等待1分钟后才能再试该用户名".to_string()
        };
        assert_eq!(refused(try_login("wrong-password").await).await, refusal(&want));
    }
    // This address now waits for this account, even with the right password, and is told
    // nothing more; the account itself is not locked for its owner elsewhere.
    assert_eq!(
        refused(try_login(zhifa_app::demo::DEMO_PASSWORD).await).await,
        refusal("本机须等待2分钟后才能再试该用户名")
    );
    let user = app.store.user_by_username("sthj.zf01").await.unwrap().unwrap();
    assert!(user.locked_until.is_none(), "one address cannot lock an account");
    // Unknown names, and an account waiting after failures from several addresses, get the
    // same answer as a wrong password.
    let r = c
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({"username": "nobody", "password": "x"}))
        .send()
        .await
        .unwrap();
    let answer = refusal("本机对该用户名再输错4次，须等待后才能再试");
    assert_eq!(refused(r).await, answer);
    for _ in 0..zhifa_app::accounts::ACCOUNT_FAILURES {
        zhifa_app::accounts::count_failure(&app.store, user.id).await.unwrap();
    }
    assert!(app.store.user_by_id(user.id).await.unwrap().unwrap().locked_until.is_some());
    let r = c
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({"username": "scjg.fzsh", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused(r).await, answer);
}

/// An account made (or reset) by an administrator: its holder must change the password at the
/// first sign-in before anything else, and above all before signing; the administrator cannot
/// sign with the password they set.
pub(crate) async fn a_password_set_by_an_administrator_is_changed_before_anything_is_signed(app: App) {
    let admin = Agent::login(&app, "scjg.admin").await;
    let body = body_id(&app, SCJG).await;
    let temporary = "Temp-Issue-2026x";
    let (s, v) = admin
        .post(
            "/api/v1/users",
            json!({"username": "scjg.kq01", "display_name": "考勤员", "password": temporary, "role": "officer", "body_id": body}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let uid = v["id"].as_i64().unwrap();
    let c = Client::builder().cookie_store(true).build().unwrap();
    let r = c
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({"username": "scjg.kq01", "password": temporary}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["user"]["must_change_password"], true, "{v}");
    let user = Agent { c, csrf: v["csrf_token"].as_str().unwrap().to_string(), base: app.base.clone() };
    // Nothing but the change: reads, writes and signing are refused.
    let (s, e) = user.get("/api/v1/officers").await;
    assert_eq!((s, e["error"].as_str()), (StatusCode::FORBIDDEN, Some("password_change")), "{e}");
    assert_eq!(user.post("/api/v1/officers", json!({})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(user.get("/api/v1/me").await.0, StatusCode::OK);
    let who = zhifa_app::Who {
        caller: zhifa_core::access::Caller {
            user_id: uid,
            role: zhifa_core::access::Role::Officer,
            body_id: Some(body),
        },
        officer_id: None,
    };
    let e = zhifa_app::accounts::open_signing_key(&app.store, &who, temporary).await.err().unwrap();
    assert!(e.to_string().contains("请先修改管理员设置的密码"), "{e}");
    let page = user.c.get(format!("{}/", app.base)).send().await.unwrap();
    assert!(page.url().path().ends_with("/account/password"), "the desk sends to the change: {}", page.url());
    // A wrong current password, a weak or unchanged new one: refused, named.
    let change = |old: &str, new: &str| json!({"old_password": old, "new_password": new});
    let (s, e) = user.post("/api/v1/session/password", change("Wrong-Pass-2026", "Mine-Only-2026!")).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("old_password")), "{e}");
    let (s, e) = user.post("/api/v1/session/password", change(temporary, "Password2026!")).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password")), "{e}");
    let (s, e) = user.post("/api/v1/session/password", change(temporary, temporary)).await;
    assert_eq!((s, e["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password")), "{e}");
    let (s, e) = user.post("/api/v1/session/password", change(temporary, "Mine-Only-2026!")).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    assert_eq!(user.get("/api/v1/officers").await.0, StatusCode::OK);
    assert!(zhifa_app::accounts::open_signing_key(&app.store, &who, "Mine-Only-2026!").await.is_ok());
    assert!(zhifa_app::accounts::open_signing_key(&app.store, &who, temporary).await.is_err());
    // The administrator resets it: every session ends, and the change is asked again.
    let (s, e) = admin.post(&format!("/api/v1/users/{uid}/password"), json!({"password": "Reset-Temp-2026y"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    assert_eq!(user.get("/api/v1/officers").await.0, StatusCode::UNAUTHORIZED);
    let row = app.store.user_by_id(uid).await.unwrap().unwrap();
    assert!(row.must_change_password);
    // Another body's administrator cannot reset it; nor can one reset one's own.
    let other = Agent::login(&app, "sthj.admin").await;
    assert_eq!(
        other.post(&format!("/api/v1/users/{uid}/password"), json!({"password": "Reset-Temp-2026z"})).await.0,
        StatusCode::NOT_FOUND
    );
    let me = app.store.user_by_username("scjg.admin").await.unwrap().unwrap().id;
    assert_eq!(
        admin.post(&format!("/api/v1/users/{me}/password"), json!({"password": "Reset-Temp-2026z"})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Each change is journaled and verifies.
    app.state.app.checkpoint_once().await.unwrap();
    let keys = app.state.app.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

/// Every API route against every demo role and a foreign body.
pub(crate) async fn authorization_matrix_every_route_every_role(app: App) {
    let own = body_id(&app, SCJG).await;
    let foreign = body_id(&app, STHJ).await;
    let officers =
        app.store.list_officers(zhifa_core::access::Scope::Body(foreign), &Default::default()).await.unwrap();
    let foreign_officer = officers[0].id;
    let own_officer =
        app.store.list_officers(zhifa_core::access::Scope::Body(own), &Default::default()).await.unwrap()[0].id;
    let foreign_cert =
        app.store.list_certificates(zhifa_core::access::Scope::Body(foreign), &Default::default()).await.unwrap()[0].id;

    let anon = Agent::anon(&app);
    for path in [
        "/api/v1/me",
        "/api/v1/bodies",
        "/api/v1/officers",
        "/api/v1/certificates",
        "/api/v1/reviewers",
        "/api/v1/users",
        "/api/v1/reviewer-ratios",
    ] {
        assert_eq!(anon.get(path).await.0, StatusCode::UNAUTHORIZED, "anonymous {path}");
    }
    assert_eq!(anon.post("/api/v1/officers", json!({})).await.0, StatusCode::UNAUTHORIZED);

    // Reads of a foreign body's internal data: 404 by id, empty or 403 by filter, for every body role.
    for user in ["scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"] {
        let a = Agent::login(&app, user).await;
        assert_eq!(a.get(&format!("/api/v1/officers/{foreign_officer}")).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(a.get(&format!("/api/v1/certificates/{foreign_cert}")).await.0, StatusCode::NOT_FOUND, "{user}");
        assert_eq!(a.get(&format!("/api/v1/officers?body_id={foreign}")).await.0, StatusCode::FORBIDDEN, "{user}");
        assert_eq!(a.get(&format!("/api/v1/certificates?body_id={foreign}")).await.0, StatusCode::FORBIDDEN, "{user}");
        let (s, list) = a.get("/api/v1/officers").await;
        assert_eq!(s, StatusCode::OK);
        assert!(list.as_array().unwrap().iter().all(|o| o["body_id"] == own), "{user} sees only own body");
        assert_eq!(a.get(&format!("/api/v1/officers/{own_officer}")).await.0, StatusCode::OK, "{user}");
        // No body role may write another body's data.
        let officer = json!({"body_id": foreign, "name": "越权", "post": "执法队员", "domains": ["生态环境"]});
        assert_eq!(a.post("/api/v1/officers", officer).await.0, StatusCode::FORBIDDEN, "{user}");
        let status = json!({"status": "暂扣", "reason": "越权", "effective_date": "2026-01-01"});
        let s = a.post(&format!("/api/v1/certificates/{foreign_cert}/status"), status).await.0;
        assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{user} status change: {s}");
        let user_body = json!({"username": "x.y", "display_name": "x", "password": "Tjbd-Zf-2026x", "role": "officer", "body_id": foreign});
        assert_eq!(
            a.post("/api/v1/users", user_body).await.0,
            StatusCode::FORBIDDEN,
            "{user} creates a foreign account"
        );
    }

    // Role capabilities on the own body.
    let officer = |n: &str| json!({"body_id": own, "name": n, "post": "执法队员", "domains": ["市场监管"]});
    for (user, expected) in [
        ("scjg.admin", StatusCode::CREATED),
        ("scjg.zf01", StatusCode::FORBIDDEN),
        ("scjg.fzsh", StatusCode::FORBIDDEN),
        ("scjg.fzr", StatusCode::FORBIDDEN),
        ("sfj.jd", StatusCode::FORBIDDEN),
        ("admin", StatusCode::CREATED),
    ] {
        let a = Agent::login(&app, user).await;
        assert_eq!(
            a.post("/api/v1/officers", officer(&format!("新{user}"))).await.0,
            expected,
            "{user} creates officer"
        );
        let s = a.get("/api/v1/users").await.0;
        let may_manage = matches!(user, "scjg.admin" | "admin");
        assert_eq!(s == StatusCode::OK, may_manage, "{user} lists users: {s}");
        let body = json!({"name": format!("{user}新主体"), "kind": "行政机关", "area": "宝坻区", "legal_basis": "依据", "reconsideration_organ": "区政府", "court": "区法院", "review_organ": "法制科"});
        let s = a.post("/api/v1/bodies", body).await.0;
        assert_eq!(s == StatusCode::CREATED, matches!(user, "admin" | "sfj.jd"), "{user} creates body: {s}");
    }

    // The justice bureau reads every body and suspends certificates; it may not edit power lists.
    let jd = Agent::login(&app, "sfj.jd").await;
    assert_eq!(jd.get(&format!("/api/v1/officers/{foreign_officer}")).await.0, StatusCode::OK);
    let (_, all) = jd.get("/api/v1/officers?limit=500").await;
    assert!(all.as_array().unwrap().len() >= 60);
    let status = json!({"status": "暂扣", "reason": "专项监督发现违规", "effective_date": "2026-11-01"});
    assert_eq!(jd.post(&format!("/api/v1/certificates/{foreign_cert}/status"), status).await.0, StatusCode::CREATED);
    let item = json!({"body_id": foreign, "code": "X-1", "name": "x", "category": "行政处罚", "legal_basis": ["行政处罚法 第五十一条"], "procedure": "一般程序", "remedy": "复议", "effective_from": "2026-01-01", "change_kind": "立", "change_reason": "x"});
    assert_eq!(jd.post("/api/v1/power-items", item).await.0, StatusCode::FORBIDDEN);
    // A body administrator may not create district-wide accounts.
    let ba = Agent::login(&app, "scjg.admin").await;
    let sup = json!({"username": "fake.sup", "display_name": "x", "password": "Tjbd-Zf-2026x", "role": "supervisor", "body_id": own});
    assert_eq!(ba.post("/api/v1/users", sup).await.0, StatusCode::FORBIDDEN);
    // Power lists are public particulars.
    assert_eq!(anon.get(&format!("/api/v1/bodies/{own}/power-items")).await.0, StatusCode::OK);
}

pub(crate) async fn writes_need_csrf_token(app: App) {
    let a = Agent::login(&app, "scjg.admin").await;
    let own = body_id(&app, SCJG).await;
    let r =
        a.c.post(format!("{}/api/v1/officers", app.base))
            .json(&json!({"body_id": own, "name": "无令牌", "post": "队员", "domains": ["市场监管"]}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "csrf");
    let r =
        a.c.post(format!("{}/api/v1/officers", app.base))
            .header("x-csrf-token", "forged")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// A NUL or another control character in any text — a JSON body, the sign-in, a query, a page
/// form — is refused with the field named (not a server error on PostgreSQL, not stored on
/// SQLite), and nothing is written.
pub(crate) async fn control_characters_in_text_are_refused_alike_on_both_backends(app: App) {
    let anon = Agent::anon(&app);
    let (s, v) = anon.post("/api/v1/session", json!({"username": "ad\u{0}min", "password": "x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["field"], "username", "{v}");
    let a = Agent::login(&app, "scjg.zf01").await;
    let before = journal_len(&app).await;
    let case = json!({"kind": "penalty_general", "power_item_code": "X", "source": "投诉举报", "domain": "市场监管",
        "facts": "事实", "officer_ids": [1], "parties": [{"name": "张\u{0}三", "id_number": "x"}]});
    let (s, v) = a.post("/api/v1/cases", case).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["fields"][0]["field"], "parties[0].name", "{v}");
    assert!(v["fields"][0]["message"].as_str().unwrap().contains("U+0000"), "{v}");
    let (s, v) = a.get("/api/v1/cases?q=%E5%BC%A0%00").await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("q")), "{v}");
    let (s, v) = a.post("/api/v1/cases", json!({"facts": "\u{1b}[31m"})).await;
    assert_eq!((s, v["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("facts")), "{v}");
    // A page form: the sign-in page, and a form of a signed-in user.
    let page = Client::new()
        .post(format!("{}/login", app.base))
        .form(&[("username", "admin\u{0}"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(journal_len(&app).await, before, "nothing written");
    // Text keeps its line breaks and tabs.
    assert!(zhifa_web::input::forbidden_char("第一行\n\t第二行\r\n").is_none());
}

pub(crate) async fn bad_input_names_fields_and_writes_nothing(app: App) {
    let a = Agent::login(&app, "scjg.admin").await;
    let own = body_id(&app, SCJG).await;
    let before = journal_len(&app).await;
    let (s, v) = a
        .post(
            "/api/v1/officers",
            json!({"body_id": own, "name": "", "id_number": "110105194912310021", "post": "队员", "domains": []}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> =
        v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, ["name", "id_number", "domains"]);
    assert!(v["fields"][1]["message"].as_str().unwrap().contains("校验位"));
    let (s, v) = a.post("/api/v1/certificates", json!({"officer_id": 1, "number": "津#1", "issuer": "某公司", "domain": "", "area": "宝坻", "valid_from": "2026-13-01", "valid_to": "2026-01-01"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> =
        v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, ["number", "issuer", "domain", "valid_from"]);
    // Malformed JSON and wrong types: 400 with a Chinese message.
    let r =
        a.c.post(format!("{}/api/v1/officers", app.base))
            .header("x-csrf-token", &a.csrf)
            .header("content-type", "application/json")
            .body("{\"body_id\": \"abc\"")
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    assert!(v["message"].as_str().unwrap().starts_with("请求格式错误"));
    let (s, v) = a.post("/api/v1/power-items", json!({"body_id": own, "code": "MS-CF-001", "name": "x", "category": "罚款", "legal_basis": ["无条文"], "procedure": "一般程序", "remedy": "复议", "effective_from": "2026-01-01", "change_kind": "立", "change_reason": "x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "category" && f["message"].as_str().unwrap().contains("行政处罚"))
    );
    let (s, v) = a.get("/api/v1/certificates?expiring_within_days=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(before, journal_len(&app).await, "nothing written");
}

pub(crate) async fn duplicate_certificate_is_409_and_oversized_body_is_413(app: App) {
    let a = Agent::login(&app, "scjg.admin").await;
    let own = body_id(&app, SCJG).await;
    let o = app.store.list_officers(zhifa_core::access::Scope::Body(own), &Default::default()).await.unwrap()[0].id;
    let before = journal_len(&app).await;
    let (s, v) = a.post("/api/v1/certificates", json!({"officer_id": o, "number": "津12011500001", "issuer": "天津市人民政府", "domain": "市场监管", "area": "宝坻区", "valid_from": "2026-01-01", "valid_to": "2030-01-01"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v["message"].as_str().unwrap().contains("津12011500001"));
    let big = "字".repeat(600_000);
    let (s, _) = a.post("/api/v1/officers", json!({"body_id": own, "name": big, "post": "x", "domains": ["x"]})).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(before, journal_len(&app).await);
}

pub(crate) async fn public_certificate_check_shows_nothing_private(app: App) {
    let anon = Agent::anon(&app);
    let (s, v) = anon.get("/api/v1/public/certificates/津12011500001").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status_label"], "有效");
    let text = v.to_string();
    assert!(!text.contains("120115197") && !text.contains("1380022"), "no identity or phone number: {text}");
    assert_eq!(anon.get("/api/v1/public/certificates/津12011599999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/public/certificates/bad!").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let page =
        reqwest::get(format!("{}/public/certificates/津12011500009", app.base)).await.unwrap().text().await.unwrap();
    assert!(page.contains("过期") && page.contains("该证件当前不能用于执法"));
}

pub(crate) async fn openapi_health_and_metrics(app: App) {
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", app.base)).await.unwrap().json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/officers",
        "/api/v1/certificates/{id}/status",
        "/api/v1/public/certificates/{number}",
        "/api/v1/session",
        "/api/v1/access-log",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    // The router and the document come from one list: every operation the server answers is
    // documented (the role table below walks them all).
    let operations: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert!(operations >= 100, "{operations} operations documented");
    assert!(paths["/api/v1/evidence"].get("post").is_some() && paths["/api/v1/evidence"].get("get").is_some());
    let h: Value = reqwest::get(format!("{}/healthz", app.base)).await.unwrap().json().await.unwrap();
    assert_eq!(h["status"], "ok");
    let r = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert!(r.headers().contains_key("x-request-id"));
    let m = reqwest::get(format!("{}/metrics", app.base)).await.unwrap().text().await.unwrap();
    assert!(m.contains("zhifa_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"), "{m}");
}

/// The full matrix: every API route, every demo role of one body (市场监管局), the district
/// roles, and anonymous callers, aimed at another body's (生态环境局) data. A caller outside the
/// allowed set must get 403 or 404; anonymous callers get 401 (public routes excepted).
pub(crate) async fn every_route_against_every_role_table(app: App) {
    use zhifa_core::access::Scope;
    let foreign = body_id(&app, STHJ).await;
    let f_officer = app.store.list_officers(Scope::Body(foreign), &Default::default()).await.unwrap()[0].id;
    let f_cert = app.store.list_certificates(Scope::Body(foreign), &Default::default()).await.unwrap()[0].id;
    let f_user = app.store.user_by_username("sthj.zf01").await.unwrap().unwrap().id;
    let last_year = zhifa_web::api::annual::last_year();
    let f_report = app
        .store
        .annual_reports(last_year, Scope::All)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.body_id == Some(foreign))
        .unwrap()
        .id;
    // A supervision document sent to the other body.
    let draft = zhifa_core::supervision::oversight::NoticeInput {
        kind: "opinion".into(),
        subject: "执法公示不及时".into(),
        facts: "部分处罚决定未按期公开".into(),
        basis: "实施方案§二(三)3".into(),
        requirement: "按期公开".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let notice = zhifa_store::supervision::NewNotice { draft, body_id: Some(foreign), clue_id: None, case_id: None };
    let f_notice = app
        .store
        .execute(&zhifa_store::write::Actor::system(), zhifa_store::Command::IssueNotice { notice: Box::new(notice) })
        .await
        .unwrap()
        .id;
    // A complaint routed to the other body.
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let draft = zhifa_core::supervision::complaints::ComplaintInput {
        channel: "letter".into(),
        category: "conduct".into(),
        subject: "执法态度".into(),
        content: "执法人员态度粗暴，请求批评教育。".into(),
        ..Default::default()
    }
    .validate(today)
    .unwrap();
    let sys = zhifa_store::write::Actor::system();
    let f_code = "ABCD-EFGH-JKMN-PQRS";
    let f_complaint = app
        .store
        .execute(
            &sys,
            zhifa_store::Command::RegisterComplaint { draft: Box::new(draft), code: f_code.into(), public: false },
        )
        .await
        .unwrap()
        .id;
    let assign =
        zhifa_core::supervision::complaints::ComplaintActInput { body_id: Some(foreign), ..Default::default() }
            .validate(zhifa_core::supervision::complaints::ComplaintAct::Assign, today, &Default::default())
            .unwrap();
    let routed = zhifa_store::Command::ActOnComplaint { id: f_complaint, act: Box::new(assign), complainant: false };
    app.store.execute(&sys, routed).await.unwrap();
    let users = ["admin", "sfj.jd", "scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"];
    use reqwest::Method as M;
    for (ui, user) in users.iter().enumerate() {
        let a = Agent::login(&app, user).await;
        let n = ui + 10;
        // (method, path, body, users allowed, public)
        let routes = role_table_routes(
            &RoleTableIds { foreign, f_officer, f_cert, f_user, f_report, f_notice, f_complaint, f_code, last_year },
            n,
        );
        for (method, path, body, allowed, public) in &routes {
            let (status, v) =
                if *method == M::GET { a.get(path).await } else { a.send(method.clone(), path, body.clone()).await };
            if allowed.contains(user) {
                assert!(status.is_success(), "{user} {method} {path}: expected success, got {status} {v}");
            } else {
                assert!(
                    status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                    "{user} {method} {path}: expected 403/404, got {status} {v}"
                );
            }
            if ui == 0 {
                let anon = Agent::anon(&app);
                let (s, _) = if *method == M::GET {
                    anon.get(path).await
                } else {
                    anon.send(method.clone(), path, body.clone()).await
                };
                if *public {
                    assert!(s.is_success(), "anonymous {method} {path}: {s}");
                } else {
                    assert_eq!(s, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
                }
            }
        }
        // Reviewer designation and certificate status on the foreign body, for completeness.
        let fresh = app
            .store
            .execute(
                &zhifa_store::write::Actor::system(),
                zhifa_store::Command::CreateOfficer(
                    zhifa_core::registry::OfficerInput {
                        body_id: foreign,
                        name: format!("审核{n}"),
                        post: "法制".into(),
                        domains: vec!["法制审核".into()],
                        legal_qualification_no: Some(format!("A2020000000{n:04}")),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                ),
            )
            .await
            .unwrap()
            .id;
        let (s, _) =
            a.post("/api/v1/reviewers", json!({"officer_id": fresh, "kind": "staff", "since": "2026-01-01"})).await;
        assert_eq!(s.is_success(), *user == "admin", "{user} designates a foreign reviewer: {s}");
    }
    // Status changes: the justice bureau and the administrator only (run after the loop, since
    // each changes the certificate).
    for (user, ok) in
        [("scjg.admin", false), ("scjg.zf01", false), ("scjg.fzsh", false), ("scjg.fzr", false), ("sfj.jd", true)]
    {
        let a = Agent::login(&app, user).await;
        let (s, v) = a
            .post(
                &format!("/api/v1/certificates/{f_cert}/status"),
                json!({"status": "暂扣", "reason": "测试", "effective_date": "2026-11-01"}),
            )
            .await;
        assert_eq!(s.is_success(), ok, "{user} suspends a foreign certificate: {s} {v}");
        assert!(ok || s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND);
    }
}

/// Every write route with invalid input: 422 naming the fields, or 400 for a malformed body;
/// nothing written.
pub(crate) async fn bad_input_on_every_write_route(app: App) {
    let a = Agent::login(&app, "admin").await;
    let own = body_id(&app, SCJG).await;
    let officer =
        app.store.list_officers(zhifa_core::access::Scope::Body(own), &Default::default()).await.unwrap()[0].id;
    let cert = app.store.certificate_by_number("津12011500001").await.unwrap().unwrap().id;
    let before = journal_len(&app).await;
    use reqwest::Method as M;
    let cases: Vec<(M, String, Value, &[&str])> = vec![
        (
            M::PUT,
            "/api/v1/warning-settings".into(),
            json!({"thresholds": {"overdue_yellow_days": [80, 60], "certificate_expiry_days": 0}, "reason": ""}),
            &["reason", "overdue_yellow_days", "certificate_expiry_days"],
        ),
        (
            M::POST,
            "/api/v1/notices".into(),
            json!({"kind": "memo", "body_id": own, "subject": " ", "reply_days": 0}),
            &["kind", "subject", "facts", "basis", "requirement", "reply_days"],
        ),
        (
            M::POST,
            "/api/v1/complaints".into(),
            json!({"channel": "fax", "category": "", "subject": "", "content": "", "phone": "1", "received_on": "2999-01-01"}),
            &["channel", "category", "subject", "content", "phone", "received_on"],
        ),
        (
            M::POST,
            "/api/v1/public/complaints".into(),
            json!({"category": "x", "subject": " ", "content": "", "happened_on": "yesterday"}),
            &["category", "subject", "content", "happened_on"],
        ),
        (
            M::POST,
            "/api/v1/evaluation/campaigns".into(),
            json!({"title": "", "period_from": "x", "period_to": "", "gap_points": 500, "conflicts": "no-bar",
                   "entropy_source": " ", "entropy_at": "soon"}),
            &[
                "title",
                "period_from",
                "period_to",
                "percent",
                "gap_points",
                "conflicts",
                "entropy_source",
                "entropy_at",
            ],
        ),
        (
            M::POST,
            "/api/v1/spotchecks".into(),
            json!({"title": " ", "item_code": "", "strata": "按星座", "percent": "0.001", "per_object": 1,
                   "conflicts": "没有竖线", "entropy_source": "", "entropy_at": "2020-01-01 10:00"}),
            &[
                "title",
                "body_id",
                "item_code",
                "strata",
                "percent",
                "per_object",
                "conflicts",
                "entropy_source",
                "entropy_at",
            ],
        ),
        (
            M::POST,
            "/api/v1/evaluation/standards".into(),
            json!({"name": "", "veto_mode": "zero", "vetoes": [], "categories": [{"code": "C1", "label": "主体", "points": 50, "items": []}]}),
            &["name", "categories"],
        ),
        (
            M::POST,
            "/api/v1/bodies".into(),
            json!({"name": "", "kind": "公司", "area": "", "legal_basis": "", "reconsideration_organ": "", "court": "", "review_organ": "", "phone": "12"}),
            &["name", "kind", "area", "legal_basis", "phone", "reconsideration_organ", "court", "review_organ"],
        ),
        (
            M::PUT,
            format!("/api/v1/bodies/{own}"),
            json!({"name": "x", "kind": "受委托组织", "area": "x", "legal_basis": "x", "reconsideration_organ": "x", "court": "x", "review_organ": "x"}),
            &["entrusting_body_id"],
        ),
        (
            M::POST,
            "/api/v1/officers".into(),
            json!({"body_id": own, "name": "x", "post": "x", "domains": ["x"], "legal_qualification_no": "中文"}),
            &["legal_qualification_no"],
        ),
        (
            M::PUT,
            format!("/api/v1/officers/{officer}"),
            json!({"body_id": own, "name": "x", "post": "", "domains": ["x"], "phone": "abc"}),
            &["post", "phone"],
        ),
        (
            M::POST,
            format!("/api/v1/officers/{officer}/training"),
            json!({"date": "2026-02-30", "title": "", "hours": -1, "exam_score": 101}),
            &["date", "title", "hours", "exam_score"],
        ),
        (
            M::POST,
            "/api/v1/certificates".into(),
            json!({"officer_id": officer, "number": "", "issuer": "天津市人民政府", "domain": "x", "area": "x", "valid_from": "2026-01-01", "valid_to": "2026-01-01"}),
            &["number", "valid_to"],
        ),
        (
            M::POST,
            format!("/api/v1/certificates/{cert}/status"),
            json!({"status": "作废", "reason": "", "effective_date": "昨天"}),
            &["status", "reason", "effective_date"],
        ),
        (
            M::POST,
            format!("/api/v1/certificates/{cert}/status"),
            json!({"status": "有效", "reason": "x", "effective_date": "2026-01-01"}),
            &["status"],
        ),
        (
            M::POST,
            "/api/v1/power-items".into(),
            json!({"body_id": own, "code": "含 空格", "name": "x", "category": "行政处罚", "legal_basis": [], "procedure": "x", "time_limit_days": 0, "remedy": "x", "effective_from": "2026-01-01", "change_kind": "改", "change_reason": "x"}),
            &["code", "legal_basis", "procedure", "time_limit_days"],
        ),
        (
            M::POST,
            "/api/v1/power-items".into(),
            json!({"body_id": own, "code": "MS-CF-001", "name": "x", "category": "行政处罚", "legal_basis": ["行政处罚法 第五十一条"], "procedure": "一般程序", "remedy": "x", "effective_from": "2026-01-01", "change_kind": "立", "change_reason": "x"}),
            &["code"],
        ),
        (
            M::POST,
            "/api/v1/reviewers".into(),
            json!({"officer_id": officer, "kind": "路人", "since": "x"}),
            &["kind", "since"],
        ),
        (
            M::POST,
            "/api/v1/users".into(),
            json!({"username": "a", "display_name": "", "password": "short", "role": "officer", "body_id": own}),
            &["username", "display_name", "password"],
        ),
        (
            M::POST,
            "/api/v1/users".into(),
            json!({"username": "abc", "display_name": "x", "password": "Tjbd-Zf-2026x", "role": "国王", "body_id": own}),
            &["role"],
        ),
        (
            M::POST,
            "/api/v1/users".into(),
            json!({"username": "abcd", "display_name": "x", "password": "Tjbd-Zf-2026x", "role": "officer"}),
            &["body_id"],
        ),
    ];
    for (method, path, body, fields) in cases {
        let (s, v) = a.send(method.clone(), &path, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{method} {path}: {v}");
        let got: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        for f in fields {
            assert!(got.contains(f), "{method} {path}: field {f} named in {got:?}");
        }
        assert!(v["fields"].as_array().unwrap().iter().all(|f| !f["message"].as_str().unwrap().is_empty()));
    }
    // Malformed bodies on every write route: 400, Chinese message.
    for path in [
        "/api/v1/bodies",
        "/api/v1/officers",
        "/api/v1/certificates",
        "/api/v1/power-items",
        "/api/v1/reviewers",
        "/api/v1/users",
        "/api/v1/session",
    ] {
        let r =
            a.c.post(format!("{}{path}", app.base))
                .header("x-csrf-token", &a.csrf)
                .header("content-type", "application/json")
                .body("{oops")
                .send()
                .await
                .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        let v: Value = r.json().await.unwrap();
        assert!(v["message"].as_str().unwrap().contains("请求格式错误"), "{path}: {v}");
    }
    assert_eq!(before, journal_len(&app).await, "nothing written");
}

/// The ids the route table aims at (another body's).
#[derive(Clone, Copy)]
pub(crate) struct RoleTableIds {
    pub(crate) foreign: i64,
    pub(crate) f_officer: i64,
    pub(crate) f_cert: i64,
    pub(crate) f_user: i64,
    pub(crate) f_report: i64,
    pub(crate) f_notice: i64,
    pub(crate) f_complaint: i64,
    pub(crate) f_code: &'static str,
    pub(crate) last_year: i32,
}

pub(crate) type RoleRoute = (reqwest::Method, String, Value, &'static [&'static str], bool);

/// The table of routes, built outside the async test (its many JSON literals would otherwise
/// all live in the test future's poll frame and overflow the stack in a debug build).
#[inline(never)]
pub(crate) fn role_table_routes(ids: &RoleTableIds, n: usize) -> Vec<RoleRoute> {
    use reqwest::Method as M;
    const ALL: &[&str] = &["admin", "sfj.jd", "scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"];
    let RoleTableIds { foreign, f_officer, f_cert, f_user, f_report, f_notice, f_complaint, f_code, last_year } = *ids;
    vec![
        (M::GET, "/api/v1/me".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/bodies".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/clues".into(), Value::Null, &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"], false),
        (M::GET, format!("/api/v1/clues?body_id={foreign}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, "/api/v1/warning-rules".into(), Value::Null, &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"], false),
        (M::GET, "/api/v1/notices".into(), Value::Null, &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"], false),
        (M::GET, "/api/v1/dashboard".into(), Value::Null, &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"], false),
        (M::GET, "/api/v1/rosters".into(), Value::Null, ALL, false),
        (M::GET, format!("/api/v1/rosters?body_id={foreign}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, "/api/v1/spotchecks".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/public/spotchecks".into(), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/dashboard?body_id={foreign}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, format!("/api/v1/notices?body_id={foreign}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, format!("/api/v1/notices/{f_notice}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, "/api/v1/complaints".into(), Value::Null, &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"], false),
        (M::GET, format!("/api/v1/complaints?body_id={foreign}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, format!("/api/v1/complaints/{f_complaint}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, format!("/api/v1/public/complaints/{f_code}"), Value::Null, ALL, true),
        (
            M::GET,
            "/api/v1/evaluation/standards".into(),
            Value::Null,
            &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"],
            false,
        ),
        (
            M::GET,
            "/api/v1/evaluation/campaigns".into(),
            Value::Null,
            &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"],
            false,
        ),
        (
            M::POST,
            "/api/v1/evaluation/standards".into(),
            serde_json::to_value(zhifa_core::supervision::evaluation::default_standard()).unwrap(),
            &["admin", "sfj.jd"],
            false,
        ),
        (M::GET, "/api/v1/evaluation/sheets".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/public/evaluation".into(), Value::Null, ALL, true),
        (
            M::GET,
            format!("/api/v1/assessment/{last_year}"),
            Value::Null,
            &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"],
            false,
        ),
        (
            M::GET,
            "/api/v1/assessment-weights".into(),
            Value::Null,
            &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"],
            false,
        ),
        (
            M::PUT,
            "/api/v1/assessment-weights".into(),
            json!({"weights": zhifa_core::supervision::assessment::Weights::default(), "reason": format!("默认权重{n}")}),
            &["admin", "sfj.jd"],
            false,
        ),
        (M::GET, "/api/v1/public/assessment".into(), Value::Null, ALL, true),
        (
            M::POST,
            format!("/api/v1/complaints/{f_complaint}/acts/object"),
            json!({"note": format!("不属本机关{n}")}),
            &["admin"],
            false,
        ),
        (
            M::POST,
            "/api/v1/complaints".into(),
            json!({"channel": "letter", "category": "conduct", "subject": format!("来信{n}"), "content": "执法人员态度粗暴，请求批评教育。"}),
            &["admin", "sfj.jd", "scjg.admin", "scjg.fzr"],
            false,
        ),
        (M::GET, format!("/api/v1/notices/{f_notice}/pdf"), Value::Null, &["admin", "sfj.jd"], false),
        (M::POST, format!("/api/v1/notices/{f_notice}/replies"), json!({"text": "已按期公开"}), &["admin"], false),
        (
            M::POST,
            "/api/v1/notices".into(),
            json!({"kind": "notice", "body_id": foreign, "subject": format!("核查{n}"), "facts": "事实", "basis": "依据", "requirement": "要求"}),
            &["admin", "sfj.jd"],
            false,
        ),
        (
            M::PUT,
            "/api/v1/warning-settings".into(),
            json!({"thresholds": {}, "reason": format!("恢复默认阈值{n}")}),
            &["admin", "sfj.jd"],
            false,
        ),
        (M::GET, format!("/api/v1/bodies/{foreign}"), Value::Null, ALL, false),
        (
            M::POST,
            "/api/v1/bodies".into(),
            json!({"name": format!("测试主体{n}"), "kind": "行政机关", "area": "宝坻区", "legal_basis": "依据", "reconsideration_organ": "区政府", "court": "区法院", "review_organ": "法制科"}),
            &["admin", "sfj.jd"],
            false,
        ),
        (
            M::PUT,
            format!("/api/v1/bodies/{foreign}"),
            json!({"name": STHJ, "kind": "行政机关", "area": "天津市宝坻区", "legal_basis": "依据", "reconsideration_organ": "区政府", "court": "区法院", "review_organ": "法制审核科"}),
            &["admin", "sfj.jd"],
            false,
        ),
        (M::GET, format!("/api/v1/bodies/{foreign}/power-items"), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/bodies/{foreign}/power-items/EE-CF-001/history"), Value::Null, ALL, true),
        (
            M::POST,
            "/api/v1/power-items".into(),
            json!({"body_id": foreign, "code": format!("T-{n}"), "name": "测试事项", "category": "行政检查", "legal_basis": ["大气污染防治法 第九十九条"], "procedure": "检查程序", "remedy": "复议", "effective_from": "2026-01-01", "change_kind": "立", "change_reason": "测试"}),
            &["admin"],
            false,
        ),
        (M::GET, "/api/v1/officers".into(), Value::Null, ALL, false),
        (
            M::POST,
            "/api/v1/officers".into(),
            json!({"body_id": foreign, "name": format!("测试{n}"), "post": "队员", "domains": ["生态环境"]}),
            &["admin"],
            false,
        ),
        (M::GET, format!("/api/v1/officers/{f_officer}"), Value::Null, &["admin", "sfj.jd"], false),
        (
            M::PUT,
            format!("/api/v1/officers/{f_officer}"),
            json!({"body_id": foreign, "name": "改名", "post": "队员", "domains": ["生态环境"]}),
            &["admin"],
            false,
        ),
        (
            M::POST,
            format!("/api/v1/officers/{f_officer}/training"),
            json!({"date": "2026-05-01", "title": "培训", "hours": 8}),
            &["admin"],
            false,
        ),
        (M::GET, "/api/v1/certificates".into(), Value::Null, ALL, false),
        (
            M::POST,
            "/api/v1/certificates".into(),
            json!({"officer_id": f_officer, "number": format!("津1201159{n:04}"), "issuer": "天津市人民政府", "domain": "生态环境", "area": "宝坻区", "valid_from": "2026-01-01", "valid_to": "2031-01-01"}),
            &["admin", "sfj.jd"],
            false,
        ),
        (M::GET, format!("/api/v1/certificates/{f_cert}"), Value::Null, &["admin", "sfj.jd"], false),
        (M::GET, "/api/v1/reviewers".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/reviewer-ratios".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/users".into(), Value::Null, &["admin", "scjg.admin"], false),
        (
            M::POST,
            "/api/v1/users".into(),
            json!({"username": format!("t.u{n}"), "display_name": "测试", "password": "Tjbd-Zf-2026x", "role": "officer", "body_id": foreign}),
            &["admin"],
            false,
        ),
        (M::POST, format!("/api/v1/users/{f_user}/revoke-sessions"), json!({}), &["admin"], false),
        (M::GET, "/api/v1/public/certificates/津12011500001".into(), Value::Null, ALL, true),
        (M::GET, "/api/v1/publications".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/publications/tracking".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/public/decisions?q=许可".into(), Value::Null, ALL, true),
        (M::GET, "/api/v1/public/decisions.csv".into(), Value::Null, ALL, true),
        (M::GET, "/api/v1/public/feed.atom".into(), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/public/bodies/{foreign}/power-items/EE-CF-001/guide"), Value::Null, ALL, true),
        (M::GET, "/api/v1/public/procedures/licensing/flowchart.svg".into(), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/public/bodies/{foreign}/officers"), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/public/bodies/{foreign}/lists/discretion"), Value::Null, ALL, true),
        (M::GET, "/api/v1/annual-reports".into(), Value::Null, ALL, false),
        (M::GET, format!("/api/v1/annual-reports/{f_report}"), Value::Null, &["admin", "sfj.jd"], false),
        (
            M::POST,
            format!("/api/v1/annual-reports/{f_report}/edits"),
            json!({"metric": "hearings", "value": "2", "reason": "测试"}),
            &["admin"],
            false,
        ),
        (M::GET, "/api/v1/public/annual-reports".into(), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/public/annual-reports/{last_year}.csv"), Value::Null, ALL, true),
        (M::GET, format!("/api/v1/public/bodies/{foreign}/lists/spot-checks"), Value::Null, ALL, true),
        (
            M::POST,
            format!("/api/v1/bodies/{foreign}/lists/discretion"),
            json!({"items": [{"power_item_code": "EE-CF-001", "violation": "超标排放", "penalty_basis": ["大气污染防治法 第九十九条"],
            "levels": [{"degree": "一般", "circumstances": "首次", "penalty_kinds": ["罚款"], "fine_min": "100000", "fine_max": "500000", "standard": "十万元以上五十万元以下罚款"}]}],
            "effective_from": format!("2030-01-{:02}", n), "reason": "测试"}),
            &["admin"],
            false,
        ),
        (
            M::GET,
            format!("/api/v1/access-log?table=officers&object_id={f_officer}"),
            Value::Null,
            &["admin", "sfj.jd"],
            false,
        ),
    ]
}
