//! HTTP tests against the real server on port 0, with the demo data, on SQLite always and on
//! PostgreSQL when `ZHIFA_TEST_POSTGRES_URL` is set (CI sets it; under `CI=true` it is required).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use zhifa_store::Store;

struct App {
    base: String,
    /// the database URL (a second process connects to it)
    url: String,
    store: Store,
    state: zhifa_web::AppState,
    _dir: Option<tempfile::TempDir>,
    _files: tempfile::TempDir,
}

const ORIGIN: &str = "zhifa.test/ledger";

async fn spawn(url: String, store: Store, dir: Option<tempfile::TempDir>) -> App {
    store.ensure_ledger(ORIGIN, zhifa_store::zhifa_ledger::HashAlg::Sm3).await.unwrap();
    zhifa_web::demo::load(&store).await.unwrap();
    let (base, state, files) = serve_process(&store).await;
    App { base, url, store, state, _dir: dir, _files: files }
}

/// A server on `store` with its own search index in memory (as a process of its own would be).
async fn serve_process(store: &Store) -> (String, zhifa_web::AppState, tempfile::TempDir) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let keys = zhifa_web::ledger_keys::LedgerKeys::from_secrets(ORIGIN, [3u8; 32], &[4u8; 32]).unwrap();
    let files = tempfile::tempdir().unwrap();
    let evidence = zhifa_store::blobs::EvidenceStore::local(&files.path().join("evidence")).unwrap();
    let state = zhifa_web::AppState::new(store.clone(), false, keys, evidence)
        .with_search(zhifa_search::SearchIndex::in_memory().unwrap());
    // The first build of the index is the follower's (a search never rebuilds): done here.
    state.search_catch_up().await.unwrap();
    tokio::spawn(zhifa_web::serve(listener, state.clone(), std::future::pending()));
    (format!("http://{addr}"), state, files)
}

async fn sqlite_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    spawn(url, store, Some(dir)).await
}

async fn pg_app() -> Option<App> {
    let Ok(base) = std::env::var("ZHIFA_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI=true requires ZHIFA_TEST_POSTGRES_URL");
        eprintln!("ZHIFA_TEST_POSTGRES_URL not set: PostgreSQL HTTP test skipped");
        return None;
    };
    let schema = format!("h_{}", rand::random::<u64>());
    let admin = Store::connect(&base).await.unwrap();
    admin.execute_raw_for_tests(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    Some(spawn(url, store, None).await)
}

/// Runs a test scenario on a multi-threaded runtime (default thread stacks; the scenario's
/// future on the heap).
fn run<F: std::future::Future<Output = ()> + Send + 'static>(f: impl FnOnce() -> F + Send + 'static) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(Box::pin(f()));
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[test] fn $name() { super::run(|| async { super::$name(super::sqlite_app().await).await }) } )* }
        mod postgres { $( #[test] fn $name() { super::run(|| async { if let Some(a) = super::pg_app().await { super::$name(a).await } }) } )* }
    };
}

both!(
    sign_in_sign_out_and_lockout,
    authorization_matrix_every_route_every_role,
    writes_need_csrf_token,
    bad_input_names_fields_and_writes_nothing,
    duplicate_certificate_is_409_and_oversized_body_is_413,
    public_certificate_check_shows_nothing_private,
    openapi_health_and_metrics,
    pages_render_for_each_role,
    page_forms_keep_values_name_fields_and_write,
    every_route_against_every_role_table,
    bad_input_on_every_write_route,
    ledger_keys_checkpoints_and_proofs,
    viewing_an_officer_is_recorded_for_the_supervisor,
    evidence_upload_view_dossier_and_two_approval_deletion,
    evidence_uploads_refused_leave_nothing_and_verify_rehashes_files,
    evidence_routes_against_every_role,
    an_upload_cut_off_midway_leaves_nothing,
    evidence_pages_list_ask_for_a_purpose_and_delete_with_two_approvals,
    calendar_arithmetic_is_offered_to_anyone,
    penalty_general_case_runs_end_to_end_and_forbidden_paths_are_refused,
    art_58_review_loop_over_http_with_roles_recusal_and_other_bodies,
    art_58_no_path_records_a_decision_without_a_passed_review,
    referral_queue_and_figures_over_http,
    onsite_penalty_case_within_and_above_the_limit,
    seizure_needs_video_and_extends_once,
    licence_application_runs_to_the_licence,
    case_routes_against_every_role,
    an_administrator_imports_a_new_years_holiday_notice,
    documents_are_filled_checked_numbered_rendered_and_verifiable,
    adapted_templates_are_filed_and_used_only_once_approved,
    decisions_are_published_redacted_withdrawn_and_expire,
    the_public_portal_shows_no_private_data,
    search_cuts_words_filters_and_every_process_serves_fresh_results,
    service_guides_show_the_procedure_the_system_enforces,
    window_boards_and_the_progress_query,
    spot_check_lists_and_discretion_standards_are_filed_and_public,
    annual_reports_are_corrected_published_and_downloaded,
);

struct Agent {
    c: Client,
    csrf: String,
    base: String,
}

impl Agent {
    async fn login(app: &App, user: &str) -> Agent {
        let c = Client::builder().cookie_store(true).build().unwrap();
        let r = c
            .post(format!("{}/api/v1/session", app.base))
            .json(&json!({"username": user, "password": zhifa_web::demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login {user}");
        let v: Value = r.json().await.unwrap();
        Agent { c, csrf: v["csrf_token"].as_str().unwrap().to_string(), base: app.base.clone() }
    }
    fn anon(app: &App) -> Agent {
        Agent { c: Client::new(), csrf: String::new(), base: app.base.clone() }
    }
    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self.c.get(format!("{}{path}", self.base)).send().await.unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .c
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, body).await
    }
    /// A page's text (any status).
    async fn text(&self, path: &str) -> String {
        self.c.get(format!("{}{path}", self.base)).send().await.unwrap().text().await.unwrap()
    }
}

async fn body_id(app: &App, name: &str) -> i64 {
    app.store.body_by_name(name).await.unwrap().unwrap().id
}

async fn journal_len(app: &App) -> i64 {
    app.store.table_counts().await.unwrap().into_iter().find(|(t, _)| *t == "change_log").unwrap().1
}

const SCJG: &str = "天津市宝坻区市场监督管理局";
const STHJ: &str = "天津市宝坻区生态环境局";

async fn sign_in_sign_out_and_lockout(app: App) {
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
    for _ in 0..5 {
        let r = try_login("wrong-password").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["fields"][0]["message"], "用户名或密码错误");
    }
    // Locked now, even with the right password.
    assert_eq!(try_login(zhifa_web::demo::DEMO_PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // Unknown names get the same answer as wrong passwords.
    let r = c
        .post(format!("{}/api/v1/session", app.base))
        .json(&json!({"username": "nobody", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Every API route against every demo role and a foreign body.
async fn authorization_matrix_every_route_every_role(app: App) {
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
        let user_body = json!({"username": "x.y", "display_name": "x", "password": "Abcdefgh-123", "role": "officer", "body_id": foreign});
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
    let sup = json!({"username": "fake.sup", "display_name": "x", "password": "Abcdefgh-123", "role": "supervisor", "body_id": own});
    assert_eq!(ba.post("/api/v1/users", sup).await.0, StatusCode::FORBIDDEN);
    // Power lists are public particulars.
    assert_eq!(anon.get(&format!("/api/v1/bodies/{own}/power-items")).await.0, StatusCode::OK);
}

async fn writes_need_csrf_token(app: App) {
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

async fn bad_input_names_fields_and_writes_nothing(app: App) {
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

async fn duplicate_certificate_is_409_and_oversized_body_is_413(app: App) {
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

async fn public_certificate_check_shows_nothing_private(app: App) {
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

async fn openapi_health_and_metrics(app: App) {
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

async fn pages_render_for_each_role(app: App) {
    for user in ["admin", "sfj.jd", "scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"] {
        let c = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = c
            .post(format!("{}/login", app.base))
            .form(&[("username", user), ("password", zhifa_web::demo::DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{user}");
        let scjg = format!("/bodies/{}", body_id(&app, SCJG).await);
        for path in [
            "/",
            "/officers",
            "/certificates",
            "/certificates?expiring=90",
            "/bodies",
            scjg.as_str(),
            "/laws",
            "/public/certificates",
            "/cases",
            "/cases?q=食品&open=true",
            "/deadlines",
            "/review",
            "/review?year=2025",
        ] {
            let r = c.get(format!("{}{path}", app.base)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{user} {path}");
            let html = r.text().await.unwrap();
            assert!(html.contains("退出"), "{user} {path} signed in");
        }
        // A form post without the CSRF token is refused.
        let r = c.post(format!("{}/logout", app.base)).form(&[("x", "y")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let c = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = c.get(format!("{}/officers", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c
        .post(format!("{}/login", app.base))
        .form(&[("username", "admin"), ("password", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("用户名或密码错误"));
}

async fn page_client(app: &App, user: &str) -> (Client, String) {
    let c = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = c
        .post(format!("{}/login", app.base))
        .form(&[("username", user), ("password", zhifa_web::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c.get(format!("{}/officers", app.base)).send().await.unwrap().text().await.unwrap();
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (c, csrf)
}

async fn page_forms_keep_values_name_fields_and_write(app: App) {
    let own = body_id(&app, SCJG).await.to_string();
    let (c, csrf) = page_client(&app, "scjg.admin").await;
    let html = c.get(format!("{}/officers/new", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("新增执法人员") && html.contains(SCJG) && !html.contains(STHJ),
        "only the own body is offered"
    );
    let before = journal_len(&app).await;
    let bad = [
        ("_csrf", csrf.as_str()),
        ("body_id", own.as_str()),
        ("name", "王<script>"),
        ("id_number", "110105194912310021"),
        ("post", "执法队员"),
        ("domains", ""),
    ];
    let r = c.post(format!("{}/officers/new", app.base)).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("身份证号码校验位错误") && html.contains("至少填写一个执法领域"));
    assert!(html.contains("王&lt;script&gt;") && !html.contains("王<script>"), "values kept and escaped");
    assert_eq!(before, journal_len(&app).await);
    let good = [
        ("_csrf", csrf.as_str()),
        ("body_id", own.as_str()),
        ("name", "王新"),
        ("id_number", "11010519491231002X"),
        ("post", "执法队员"),
        ("domains", "市场监管、广告"),
    ];
    let r = c.post(format!("{}/officers/new", app.base)).form(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let html = c.get(format!("{}{loc}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("王新") && html.contains("市场监管、广告"));
    // Without the token nothing is written.
    let r = c.post(format!("{}/officers/new", app.base)).form(&good[1..]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // An officer may not open the form.
    let (oc, _) = page_client(&app, "scjg.zf01").await;
    assert_eq!(oc.get(format!("{}/officers/new", app.base)).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // The justice bureau suspends a certificate through its page; the history shows it.
    let cert = app.store.certificate_by_number("津12011500001").await.unwrap().unwrap().id;
    let (jc, jcsrf) = page_client(&app, "sfj.jd").await;
    let r = jc
        .post(format!("{}/certificates/{cert}/status", app.base))
        .form(&[
            ("_csrf", jcsrf.as_str()),
            ("status", "suspended"),
            ("reason", "专项检查发现违规"),
            ("effective_date", "2026-11-20"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = jc.get(format!("{}/certificates/{cert}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("专项检查发现违规") && html.contains("有效 → 暂扣"), "history shown");
    let r = jc
        .post(format!("{}/certificates/{cert}/status", app.base))
        .form(&[
            ("_csrf", jcsrf.as_str()),
            ("status", "suspended"),
            ("reason", "再次"),
            ("effective_date", "2026-11-21"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("证件已是“暂扣”状态"));
    // The body admin sees the certificate but has no status form.
    let html = c.get(format!("{}/certificates/{cert}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("暂扣") && !html.contains("变更证件状态"));

    // Power-list history (立改废释) with links to the statute article.
    let html =
        c.get(format!("{}/bodies/{own}/power-items/MS-CF-003", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("第1版") && html.contains("第2版") && html.contains("事项名称明确包括互联网广告"));
    assert!(html.contains("/laws/"));
    let law =
        reqwest::get(format!("{}/laws/%E5%B9%BF%E5%91%8A%E6%B3%95", app.base)).await.unwrap().text().await.unwrap();
    assert!(law.contains("id=\"第五十五条\""));
}

/// The full matrix: every API route, every demo role of one body (市场监管局), the district
/// roles, and anonymous callers, aimed at another body's (生态环境局) data. A caller outside the
/// allowed set must get 403 or 404; anonymous callers get 401 (public routes excepted).
async fn every_route_against_every_role_table(app: App) {
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
    let users = ["admin", "sfj.jd", "scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"];
    use reqwest::Method as M;
    for (ui, user) in users.iter().enumerate() {
        let a = Agent::login(&app, user).await;
        let n = ui + 10;
        // (method, path, body, users allowed, public)
        let routes = role_table_routes(&RoleTableIds { foreign, f_officer, f_cert, f_user, f_report, last_year }, n);
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
async fn bad_input_on_every_write_route(app: App) {
    let a = Agent::login(&app, "admin").await;
    let own = body_id(&app, SCJG).await;
    let officer =
        app.store.list_officers(zhifa_core::access::Scope::Body(own), &Default::default()).await.unwrap()[0].id;
    let cert = app.store.certificate_by_number("津12011500001").await.unwrap().unwrap().id;
    let before = journal_len(&app).await;
    use reqwest::Method as M;
    let cases: Vec<(M, String, Value, &[&str])> = vec![
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
            json!({"username": "abc", "display_name": "x", "password": "Abcdefgh-123", "role": "国王", "body_id": own}),
            &["role"],
        ),
        (
            M::POST,
            "/api/v1/users".into(),
            json!({"username": "abcd", "display_name": "x", "password": "Abcdefgh-123", "role": "officer"}),
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

async fn ledger_keys_checkpoints_and_proofs(app: App) {
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
    app.state.checkpoint_once().await.unwrap().unwrap();
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
    let next = app.state.checkpoint_once().await.unwrap().unwrap();
    assert_eq!(admin.get(&format!("/api/v1/ledger/entries/{last}/proof")).await.0, StatusCode::OK);
    // Consistency between the two checkpoints.
    let (s, c) = anon.get(&format!("/api/v1/ledger/consistency?from={}&to={}", cp.size, next.size)).await;
    assert_eq!(s, StatusCode::OK);
    let proof: Vec<Vec<u8>> = c["proof"].as_array().unwrap().iter().map(b64).collect();
    zhifa_store::zhifa_ledger::verify_consistency(cp.hash, cp.size, next.size as u64, &cp.root, &next.root, &proof)
        .unwrap();
}

/// 调阅监督: an officer's personal record viewed through the API or a page is recorded with the
/// viewer and address; the justice bureau lists it by record and by user.
async fn viewing_an_officer_is_recorded_for_the_supervisor(app: App) {
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
}

const TARGET: &str = "91350100M000100Y43";

fn evidence_query(collector: i64, extra: &str) -> String {
    let q = format!(
        "case_number=津宝市监罚〔2026〕8号&captured_at=2026-11-20 09:30&capture_place=宝坻区南城东路12号&collector_officer_id={collector}\
         &proof_object=当事人无证经营的事实&device_id=DSJ-0012&format=mp4&file_name=现场.mp4&target={TARGET}&target_name=某商贸公司{extra}"
    );
    q.replace(' ', "%20")
}

impl Agent {
    async fn upload(&self, query: &str, data: Vec<u8>) -> (StatusCode, Value) {
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

fn video(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(13).wrapping_add(seed)).collect()
}

fn sm3_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sm3::Sm3::digest(data))
}

async fn collector(app: &App, user: &str) -> i64 {
    app.store.user_by_username(user).await.unwrap().unwrap().officer_id.unwrap()
}

async fn evidence_upload_view_dossier_and_two_approval_deletion(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    // Larger than the 1 MiB limit of JSON bodies: files stream past it.
    let data = video(3 * 1024 * 1024 + 7, 1);
    let digest = sm3_hex(&data);
    let (s, up) = officer.upload(&evidence_query(me, &format!("&device_sm3={digest}")), data.clone()).await;
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
    assert!(app.state.evidence.list_all().await.unwrap().is_empty(), "the file is gone");
    app.state.checkpoint_once().await.unwrap();
    let keys = app.state.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

async fn evidence_uploads_refused_leave_nothing_and_verify_rehashes_files(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let before = journal_len(&app).await;
    // Each missing required field is named.
    for field in
        ["case_number", "captured_at", "capture_place", "collector_officer_id", "proof_object", "device_id", "format"]
    {
        let q: Vec<&str> =
            evidence_query(me, "").leak().split('&').filter(|p| !p.starts_with(&format!("{field}="))).collect();
        let (s, e) = officer.upload(&q.join("&"), video(1000, 2)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(e["fields"][0]["field"], field, "{e}");
    }
    // A device digest that does not match: refused, named.
    let (s, e) = officer.upload(&evidence_query(me, &format!("&device_sm3={}", "0".repeat(64))), video(5000, 3)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["fields"][0]["field"], "device_sm3");
    // A collector of another body; an empty file.
    let other = collector(&app, "sthj.zf01").await;
    assert_eq!(officer.upload(&evidence_query(other, ""), video(10, 4)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(officer.upload(&evidence_query(me, ""), Vec::new()).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    // Without the CSRF header nothing is read.
    let r = officer
        .c
        .post(format!("{}/api/v1/evidence?{}", app.base, evidence_query(me, "")))
        .body(video(10, 5))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Other roles may not upload.
    assert_eq!(
        Agent::login(&app, "sfj.jd").await.upload(&evidence_query(me, ""), video(10, 6)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(journal_len(&app).await, before, "nothing journaled");
    assert!(app.state.evidence.list_all().await.unwrap().is_empty(), "no file left behind");
    // Two good uploads; then one file is altered and the other removed behind the system.
    let (a, b) = (video(20_000, 7), video(30_000, 8));
    assert_eq!(officer.upload(&evidence_query(me, ""), a.clone()).await.0, StatusCode::CREATED);
    assert_eq!(officer.upload(&evidence_query(me, ""), b.clone()).await.0, StatusCode::CREATED);
    let none = |_: &str, _: u64, _: u64| {};
    let (n, problems) = app.store.verify_evidence_files(&app.state.evidence, &none).await.unwrap();
    assert_eq!((n, problems.len()), (2, 0), "{problems:?}");
    let path = |d: &str| app._files.path().join("evidence/sm3").join(&d[..2]).join(d);
    let mut bytes = std::fs::read(path(&sm3_hex(&a))).unwrap();
    bytes[12_345] ^= 1;
    std::fs::write(path(&sm3_hex(&a)), bytes).unwrap();
    std::fs::remove_file(path(&sm3_hex(&b))).unwrap();
    let (_, problems) = app.store.verify_evidence_files(&app.state.evidence, &none).await.unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("文件被改动")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("文件被删除")), "{problems:?}");
}

/// Who may do what with evidence: only officers upload; the case's own people view without a
/// purpose, everyone else states one; only heads and supervisors decide deletions.
async fn evidence_routes_against_every_role(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let (s, up) = officer.upload(&evidence_query(me, ""), video(100, 9)).await;
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
        let (s, _) =
            a.upload(&format!("{}&body_id={}", evidence_query(me, ""), body_id(&app, SCJG).await), video(10, 10)).await;
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
async fn an_upload_cut_off_midway_leaves_nothing(app: App) {
    use tokio::io::AsyncWriteExt;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let cookie = {
        // The session cookie the agent holds, for a hand-written request.
        let r = Client::new()
            .post(format!("{}/api/v1/session", app.base))
            .json(&json!({"username": "scjg.zf01", "password": zhifa_web::demo::DEMO_PASSWORD}))
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
        evidence_query(me, ""),
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
        if app.state.evidence.list_all().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app.state.evidence.list_all().await.unwrap().is_empty(), "no staged or stored file remains");
    assert_eq!(journal_len(&app).await, before, "nothing journaled");
    let (_, list) = officer.get("/api/v1/evidence").await;
    assert_eq!(list.as_array().unwrap().len(), 0);
}

/// The evidence pages: list, the purpose prompt, and deletion through the page forms.
async fn evidence_pages_list_ask_for_a_purpose_and_delete_with_two_approvals(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let me = collector(&app, "scjg.zf01").await;
    let (_, up) = officer.upload(&evidence_query(me, ""), video(2048, 12)).await;
    let id = up["id"].as_i64().unwrap();
    let (c, csrf) = page_client(&app, "scjg.zf01").await;
    let list = c.get(format!("{}/evidence", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("津宝市监罚〔2026〕8号") && list.contains("上传证据"), "{list}");
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
    assert_eq!(e.status, "deleted");
    // Without the CSRF token the form does nothing.
    let r =
        c.post(format!("{}/evidence/{id}/deletion-request", app.base)).form(&[("reason", "x")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// `/api/v1/calendar/add`: working-day and calendar-day periods on the official schedule,
/// without sign-in; a year without a published schedule is refused, naming the field.
async fn calendar_arithmetic_is_offered_to_anyone(app: App) {
    let anon = Agent::anon(&app);
    let (s, p) = anon.get("/api/v1/calendar/add?from=2026-09-28&days=7&kind=working").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["end"], "2026-10-13");
    assert_eq!(p["skipped"][0]["name"], "国庆节");
    assert!(p["rule"].as_str().unwrap().contains("第八十五条"));
    let (_, p) = anon.get("/api/v1/calendar/add?from=2026-09-25&days=10&kind=calendar").await;
    assert_eq!(p["end"], "2026-10-08");
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
struct CaseOfficers {
    me: i64,
    partner: i64,
    chair: i64,
    expired: i64,
}

async fn case_officers(app: &App) -> CaseOfficers {
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

fn company() -> Value {
    json!({"name": "宝坻区某某食品店", "id_number": TARGET, "legal_representative": "王五", "address": "宝坻区南城东路12号"})
}

async fn new_case(officer: &Agent, kind: &str, item: &str, officers: &[i64]) -> (i64, String) {
    new_case_of(officer, kind, item, officers, company()).await
}

/// A citizen party with every kind of private data the record holds.
fn citizen() -> Value {
    json!({"name": "张三", "id_number": "120224198001011234", "address": "天津市宝坻区周良街道某某村12号", "phone": "13800138000"})
}

async fn new_case_of(officer: &Agent, kind: &str, item: &str, officers: &[i64], party: Value) -> (i64, String) {
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
    async fn signed(&self, path: &str, mut body: Value) -> (StatusCode, Value) {
        body["sign_password"] = json!(zhifa_web::demo::DEMO_PASSWORD);
        self.post(path, body).await
    }
    async fn step(&self, case: i64, body: Value) -> (StatusCode, Value) {
        self.post(&format!("/api/v1/cases/{case}/steps"), body).await
    }
    async fn ok_step(&self, case: i64, body: Value) -> Value {
        let (s, v) = self.step(case, body.clone()).await;
        assert_eq!(s, StatusCode::CREATED, "{body} → {v}");
        v
    }
    async fn refused_step(&self, case: i64, body: Value, needle: &str) -> Value {
        let (s, v) = self.step(case, body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {v}");
        assert!(v.to_string().contains(needle), "expected {needle:?} in {v}");
        v
    }
}

/// A complete submission for review (送审材料).
fn submission_json() -> Value {
    json!({"proposal": "罚款五千元", "facts": "销售超过保质期的食品20箱", "evidence": ["现场检查笔录"],
           "legal_basis": ["《食品安全法》第一百二十四条"], "discretion": "初次违法，从轻"})
}

/// The ten points of seed §四(三)1, each answered `ok`.
fn points_json(ok: bool) -> Value {
    let codes =
        ["body", "officers", "procedure", "facts", "evidence", "law", "discretion", "authority", "documents", "crime"];
    Value::Array(codes.iter().map(|c| json!({"point": c, "ok": ok, "note": "见意见"})).collect())
}

/// Runs a case's review file to 同意 through the review API: the handling officer submits, a
/// reviewer of the body answers every point and agrees.
async fn pass_review(officer: &Agent, reviewer: &Agent, id: i64) {
    let full = submission_json();
    let (s, v) = officer.signed(&format!("/api/v1/cases/{id}/review/submissions"), full).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let opinion = json!({"points": points_json(true), "outcome": "同意", "opinion": "事实清楚，证据充分，同意"});
    let (s, v) = reviewer.signed(&format!("/api/v1/cases/{id}/review/opinions"), opinion).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

/// A step with a fine; a decision carries the head's signing password (the demo password).
fn fine_step(kind: &str, at: &str, yuan: &str) -> Value {
    let mut v = json!({"kind": kind, "occurred_at": at, "content": "销售超过保质期的食品20箱", "penalty_kinds": ["罚款"],
           "fine": yuan, "legal_basis": ["食品安全法 第一百二十四条"]});
    if kind == "decide" {
        v["sign_password"] = json!(zhifa_web::demo::DEMO_PASSWORD);
    }
    v
}

async fn penalty_general_case_runs_end_to_end_and_forbidden_paths_are_refused(app: App) {
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
    assert!(c["next_steps"].as_array().unwrap().is_empty());
    assert!(c["deadlines"].as_array().unwrap().iter().all(|d| d["status"] == "met"), "{}", c["deadlines"]);
    // The expired certificate blocks a field step of another case.
    let (id2, _) = new_case(&officer, "penalty_general", "MS-CF-001", &[o.me, o.expired]).await;
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
    app.state.checkpoint_once().await.unwrap();
    let keys = app.state.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

async fn onsite_penalty_case_within_and_above_the_limit(app: App) {
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

async fn seizure_needs_video_and_extends_once(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let (id, number) = new_case(&officer, "compulsory_measure", "MS-QZ-001", &[o.me, o.partner]).await;
    head.ok_step(
        id,
        json!({"kind": "approve_measure", "occurred_at": "2026-03-02 16:00", "content": "同意扣押",
                           "sign_password": zhifa_web::demo::DEMO_PASSWORD}),
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
    assert_eq!(c["deadlines"][0]["due"], "2026-05-06", "{}", c["deadlines"]);
    officer
        .ok_step(
            id,
            json!({"kind": "release_measure", "occurred_at": "2026-04-20 10:00", "content": "检验合格，解除扣押"}),
        )
        .await;
}

async fn licence_application_runs_to_the_licence(app: App) {
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
               "legal_basis": ["行政许可法 第三十八条"], "sign_password": zhifa_web::demo::DEMO_PASSWORD})
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

async fn case_routes_against_every_role(app: App) {
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

async fn an_administrator_imports_a_new_years_holiday_notice(app: App) {
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
async fn noticed_case(app: &App, with_evidence: bool) -> (i64, String) {
    noticed_case_of(app, with_evidence, company()).await
}

async fn noticed_case_of(app: &App, with_evidence: bool, party: Value) -> (i64, String) {
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
    officer.ok_step(id, fine_step("notify_intent", "2026-03-10 10:00", "5000")).await;
    officer.ok_step(id, json!({"kind": "statement", "occurred_at": "2026-03-11 10:00", "waived": true})).await;
    (id, number)
}

/// [`noticed_case`], reviewed (同意) and decided on 03-13.
async fn decided_case(app: &App, with_evidence: bool) -> (i64, String) {
    decided_case_of(app, with_evidence, company()).await
}

async fn decided_case_of(app: &App, with_evidence: bool, party: Value) -> (i64, String) {
    let (id, number) = noticed_case_of(app, with_evidence, party).await;
    let officer = Agent::login(app, "scjg.zf01").await;
    let head = Agent::login(app, "scjg.fzr").await;
    let reviewer = Agent::login(app, "scjg.fzsh").await;
    pass_review(&officer, &reviewer, id).await;
    reviewer
        .ok_step(
            id,
            json!({"kind": "legal_review", "occurred_at": "2026-03-12 10:00", "result": "同意", "content": "事实清楚"}),
        )
        .await;
    head.ok_step(id, fine_step("decide", "2026-03-13 10:00", "5000")).await;
    (id, number)
}

async fn pdf_of(agent: &Agent, id: i64) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let r = agent.c.get(format!("{}/api/v1/documents/{id}/pdf", agent.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    (h, r.bytes().await.unwrap().to_vec())
}

/// 行政处罚决定书: refused while an element of art. 59 is missing (no evidence), then issued
/// with its number, its PDF served with the SM3 recorded in the ledger, never twice for one
/// decision; other kinds number separately; other bodies cannot see it; `verify` notices a
/// changed PDF.
async fn documents_are_filled_checked_numbered_rendered_and_verifiable(app: App) {
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
    for want in
        ["宝坻区某某食品店", "宝坻区南城东路12号", "罚款5,000.00元", "天津市宝坻区人民政府", "六个月", "（印章）"]
    {
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
    app.state.checkpoint_once().await.unwrap();
    let keys = app.state.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
    let (n, problems) = app.store.verify_document_files(&|_, _, _| {}).await.unwrap();
    // Three issued here and the demo's licence decision.
    assert_eq!((n, problems.len()), (4, 0));
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

async fn other_body_officer(app: &App) -> Agent {
    let users = app.store.list_users(zhifa_core::access::Scope::All).await.unwrap();
    let b = body_id(app, SCJG).await;
    let u = users.iter().find(|u| u.role == "officer" && u.body_id.is_some_and(|x| x != b)).unwrap();
    Agent::login(app, &u.username).await
}

/// A body adapts a template and files it; until the justice bureau approves it the standard
/// version is used; an adapted 行政处罚决定书 that drops the remedies cannot even be filed;
/// only a supervisor decides, once.
async fn adapted_templates_are_filed_and_used_only_once_approved(app: App) {
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
fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
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

/// The archived case's package: checked at archiving, exported as a zip whose every item is
/// proven in the ledger, checked again by anyone with the public keys (here, and through the
/// import check of the API); a changed record, a missing document or other keys are found.
async fn archive_package_is_checked_exported_and_verifiable_elsewhere(app: &App, officer: &Agent, id: i64) {
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
    let keys = app.state.ledger_keys.verifier_keys();
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
    let other =
        zhifa_web::ledger_keys::LedgerKeys::from_secrets(ORIGIN, [9u8; 32], &[8u8; 32]).unwrap().verifier_keys();
    let report = zhifa_store::archive::check_reader(std::io::Cursor::new(zip), &other, "测试").unwrap();
    assert!(!report.checks[0].passed && report.checks[0].findings[0].contains("签名"), "{report:?}");
}

async fn art_58_review_loop_over_http_with_roles_recusal_and_other_bodies(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let foreign = Agent::login(&app, "sthj.fzr").await;
    let (id, _) = noticed_case(&app, false).await;
    let base = format!("/api/v1/cases/{id}/review");
    let (s, f) = officer.get(&base).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!((f["requirement"]["required"].as_bool(), f["state"]["state"].as_str()), (Some(true), Some("none")));
    assert!(f["requirement"]["explanation"].as_str().unwrap().contains("一般程序行政处罚决定"), "{f}");
    // The review sees the item's discretion standard: a 5,000 yuan fine lies below its every level
    // (《食品安全法》第一百二十四条: 五万元以上).
    assert_eq!(f["discretion"]["proposed"], "罚款5,000.00元", "{f}");
    assert_eq!(f["discretion"]["departs"], true, "{f}");
    assert_eq!(f["discretion"]["standards"][0]["levels"][0]["degree"], "一般");
    let full = submission_json();
    let before = journal_len(&app).await;
    let (s, e) = officer.signed(&format!("{base}/submissions"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("证据清单") && e.to_string().contains("裁量理由"), "{e}");
    assert_eq!(reviewer.signed(&format!("{base}/submissions"), full.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(foreign.signed(&format!("{base}/submissions"), full.clone()).await.0, StatusCode::NOT_FOUND);
    // Each act is signed by its actor with their password: without it, or with a wrong one, refused.
    let (s, e) = officer.post(&format!("{base}/submissions"), full.clone()).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && e.to_string().contains("sign_password"), "{e}");
    let mut wrong = full.clone();
    wrong["sign_password"] = json!("Wrong@Password1");
    let (s, e) = officer.post(&format!("{base}/submissions"), wrong).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && e.to_string().contains("签名密码（登录密码）不正确"), "{e}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let (s, f) = officer.signed(&format!("{base}/submissions"), full.clone()).await;
    assert_eq!((s, f["state"]["state"].as_str()), (StatusCode::CREATED, Some("pending")), "{f}");
    assert!(f["events"][0]["signature"].as_str().is_some_and(|x| x.len() == 128), "{f}");
    let opinion =
        |outcome: &str, ok: bool| json!({"points": points_json(ok), "outcome": outcome, "opinion": "审核意见"});
    assert_eq!(officer.signed(&format!("{base}/opinions"), opinion("同意", true)).await.0, StatusCode::FORBIDDEN);
    let (s, e) = reviewer.signed(&format!("{base}/opinions"), opinion("同意", false)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("不能同意"), "{e}");
    let (s, f) = reviewer.signed(&format!("{base}/opinions"), opinion("修改后重新送审", false)).await;
    assert_eq!((s, f["state"]["state"].as_str()), (StatusCode::CREATED, Some("returned")), "{f}");
    let (s, e) = officer.signed(&format!("{base}/submissions"), full.clone()).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && e.to_string().contains("修改"), "{e}");
    let mut second = full.clone();
    second["note"] = json!("补充询问笔录");
    assert_eq!(officer.signed(&format!("{base}/submissions"), second).await.0, StatusCode::CREATED);
    assert_eq!(reviewer.signed(&format!("{base}/opinions"), opinion("不同意", false)).await.0, StatusCode::CREATED);
    let objection = json!({"reasons": "事实清楚，证据充分", "basis": "《行政处罚法》第五十七条"});
    assert_eq!(officer.signed(&format!("{base}/objections"), objection).await.0, StatusCode::CREATED);
    let (s, f) = reviewer.signed(&format!("{base}/negotiations"), json!({"agreed": false, "note": "未达成一致"})).await;
    assert_eq!((s, f["state"]["state"].as_str()), (StatusCode::CREATED, Some("escalated")), "{f}");
    let ruling = json!({"side": "handling", "reasons": "证据充分，采纳承办机构意见"});
    assert_eq!(officer.signed(&format!("{base}/rulings"), ruling.clone()).await.0, StatusCode::FORBIDDEN);
    let (s, f) = head.signed(&format!("{base}/rulings"), ruling).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!((f["state"]["state"].as_str(), f["state"]["by_head"].as_bool()), (Some("passed"), Some(true)), "{f}");
    assert_eq!(f["events"].as_array().unwrap().len(), 7);
    assert!(f["events"].as_array().unwrap().iter().all(|e| e["signature"].is_string()), "every act signed");
    // The head's ruling lets the decision be made; the head signs it; the whole trail verifies.
    reviewer
        .ok_step(
            id,
            json!({"kind": "legal_review", "occurred_at": "2026-03-12 10:00", "result": "同意", "content": "经负责人处理"}),
        )
        .await;
    let mut unsigned = fine_step("decide", "2026-03-13 10:00", "5000");
    unsigned.as_object_mut().unwrap().remove("sign_password");
    head.refused_step(id, unsigned, "签名密码").await;
    let v = head.ok_step(id, fine_step("decide", "2026-03-13 10:00", "5000")).await;
    assert_eq!(v["stage"].as_str(), Some("decided"), "{v}");
    let decision = app.store.case_steps(id).await.unwrap().into_iter().find(|x| x.kind == "decide").unwrap();
    assert!(decision.signature.is_some() && decision.signing_key_id.is_some(), "the head signed the decision");
    let keys = app.state.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
    // A decision's signature swapped behind the ledger is named by verify.
    let other = zhifa_store::zhifa_ledger::personal::sign(&[5; 32], b"x");
    app.store
        .execute_raw_for_tests(&format!("UPDATE case_steps SET signature = '{other}' WHERE id = {}", decision.id))
        .await
        .unwrap();
    let problems = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems;
    assert!(problems.iter().any(|p| p.contains("办案环节") && p.contains("个人签名无效")), "{problems:?}");
    app.store
        .execute_raw_for_tests(&format!(
            "UPDATE case_steps SET signature = '{}' WHERE id = {}",
            decision.signature.clone().unwrap(),
            decision.id
        ))
        .await
        .unwrap();
    assert_eq!(f["submissions"].as_array().unwrap().len(), 2);
    // Marks only grow; the body's review list names its own items.
    let (s, f) =
        officer.post(&format!("{base}/marks"), json!({"major_rights": true, "reason": "涉及吊销许可证"})).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert!(f["requirement"]["reasons"].to_string().contains("major_rights"), "{f}");
    let (s, _) = officer.post(&format!("{base}/marks"), json!({"reason": "取消"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, me) = head.get("/api/v1/me").await;
    let body = me["body_id"].as_i64().unwrap();
    let list = json!({"items": [{"power_item_code": "MS-CF-002", "description": "较大数额罚款"}],
                      "effective_from": "2026-01-01", "reason": "制定本机关清单"});
    assert_eq!(
        officer.post(&format!("/api/v1/bodies/{body}/review-list"), list.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = head.post(&format!("/api/v1/bodies/{body}/review-list"), list).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(foreign.get(&format!("/api/v1/bodies/{body}/review-list")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(Agent::anon(&app).get(&base).await.0, StatusCode::UNAUTHORIZED);
}

async fn referral_queue_and_figures_over_http(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let foreign = Agent::login(&app, "sthj.fzr").await;
    let (id, number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    let base = format!("/api/v1/cases/{id}/review");
    assert_eq!(officer.signed(&format!("{base}/submissions"), submission_json()).await.0, StatusCode::CREATED);
    let (s, q) = reviewer.get("/api/v1/review/queue?waiting=review").await;
    assert_eq!(s, StatusCode::OK, "{q}");
    let item = q.as_array().unwrap().iter().find(|i| i["case_id"] == json!(id)).cloned().expect("in the queue");
    assert_eq!((item["case_number"].as_str(), item["overdue"].as_bool()), (Some(number.as_str()), Some(false)));
    assert!(item["due"].is_string(), "{item}");
    let (_, q) = foreign.get("/api/v1/review/queue").await;
    assert!(q.as_array().unwrap().iter().all(|i| i["case_id"] != json!(id)), "another body does not see it");
    assert_eq!(Agent::anon(&app).get("/api/v1/review/queue").await.0, StatusCode::UNAUTHORIZED);

    // The reviewer finds a suspected crime: the file waits for the referral.
    let mut points = points_json(true);
    points[9] = json!({"point": "crime", "ok": false, "note": "涉案货值达到刑事立案追诉标准"});
    let opinion = json!({"points": points, "outcome": "不同意", "opinion": "涉嫌生产、销售不符合安全标准的食品罪，应移送公安机关"});
    assert_eq!(reviewer.signed(&format!("{base}/opinions"), opinion).await.0, StatusCode::CREATED);
    let (_, q) = officer.get("/api/v1/review/queue?waiting=referral").await;
    assert!(q.as_array().unwrap().iter().any(|i| i["case_id"] == json!(id)), "{q}");
    let referral = json!({"organ": "天津市公安局宝坻分局", "approved_on": "2026-11-02", "referred_on": "2026-11-02",
        "materials": ["涉嫌犯罪案件移送书", "涉嫌犯罪案件情况的调查报告"]});
    assert_eq!(reviewer.signed(&format!("{base}/referral"), referral.clone()).await.0, StatusCode::FORBIDDEN);
    let before = journal_len(&app).await;
    let (s, e) = officer.signed(&format!("{base}/referral"), referral.clone()).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && e.to_string().contains("涉案物品清单"), "{e}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let mut full = referral.clone();
    full["materials"].as_array_mut().unwrap().push(json!("涉案物品清单"));
    assert_eq!(officer.signed(&format!("{base}/referral"), full).await.0, StatusCode::CREATED);
    let receipt = json!({"received_on": "2026-11-02", "signed_by": "宝坻分局值班民警"});
    assert_eq!(officer.signed(&format!("{base}/referral/receipt"), receipt).await.0, StatusCode::CREATED);
    let follow = json!({"result": "filed", "on": "2026-11-04", "note": "立案决定书 宝公立字〔2026〕88号"});
    let (s, f) = officer.signed(&format!("{base}/referral/follow-ups"), follow).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["referral_label"], json!("已移送：公安机关已立案"));
    // The figures of the year; a year out of range is named.
    let (s, st) = reviewer.get("/api/v1/review/stats").await;
    assert_eq!(s, StatusCode::OK, "{st}");
    let mine = &st.as_array().unwrap()[0]["stats"];
    assert!(mine["referred"].as_i64() >= Some(1) && mine["crimes_flagged"].as_i64() >= Some(1), "{st}");
    let (s, e) = reviewer.get("/api/v1/review/stats?year=1999").await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && e.to_string().contains("year"), "{e}");
    // The supervisor sees why each case was or was not reviewed.
    let (inspection, _) = new_case(&officer, "inspection", "MS-JC-001", &[o.me, o.partner]).await;
    let supervisor = Agent::login(&app, "sfj.jd").await;
    let (s, v) = supervisor.get("/api/v1/review/scope?limit=200").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let find = |id: i64| v.as_array().unwrap().iter().find(|i| i["case_id"] == json!(id)).cloned().unwrap();
    let (p, i) = (find(id), find(inspection));
    assert!(
        p["requirement"]["required"] == json!(true)
            && p["requirement"]["explanation"].to_string().contains("一般程序行政处罚决定"),
        "{p}"
    );
    assert!(
        i["requirement"]["required"] == json!(false) && i["requirement"]["explanation"].to_string().contains("检查"),
        "{i}"
    );
    assert!(v.as_array().unwrap().iter().all(|x| x["anomaly"] == json!(false)), "no decision without review");
    let (_, only) = supervisor.get("/api/v1/review/scope?required=false&limit=200").await;
    assert!(only.as_array().unwrap().iter().all(|x| x["requirement"]["required"] == json!(false)), "{only}");
    // A later mark asks for the heads' collective discussion.
    let (s, f) = officer.post(&format!("{base}/marks"), json!({"collective": true, "reason": "情节严重"})).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["requirement"]["discussion"], json!(true));
}

async fn art_58_no_path_records_a_decision_without_a_passed_review(app: App) {
    let (id, _) = noticed_case(&app, false).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let decide = || fine_step("decide", "2026-03-13 10:00", "5000");
    let before = journal_len(&app).await;
    head.refused_step(id, decide(), "未经法制审核").await;
    assert_eq!(
        officer.signed(&format!("/api/v1/cases/{id}/review/submissions"), submission_json()).await.0,
        StatusCode::CREATED
    );
    let after_submit = journal_len(&app).await;
    assert!(after_submit > before);
    head.refused_step(id, decide(), "尚在法制审核中").await;
    let opinion = json!({"points": points_json(false), "outcome": "不同意", "opinion": "证据不足"});
    assert_eq!(reviewer.signed(&format!("/api/v1/cases/{id}/review/opinions"), opinion).await.0, StatusCode::CREATED);
    let after_opinion = journal_len(&app).await;
    head.refused_step(id, decide(), "不同意").await;
    // A forged 法制审核 step cannot stand in for the review file.
    reviewer
        .refused_step(
            id,
            json!({"kind": "legal_review", "occurred_at": "2026-03-12 10:00", "result": "同意", "content": "同意"}),
            "审核结论应与审核意见一致",
        )
        .await;
    // The page's form goes through the same check.
    let c = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    c.post(format!("{}/login", app.base))
        .form(&[("username", "scjg.fzr"), ("password", zhifa_web::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let form = c.get(format!("{}/cases/{id}/step?kind=decide", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("签名密码"), "the decision form asks for the signing password");
    let csrf = form.split("name=\"_csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
    let r = c
        .post(format!("{}/cases/{id}/steps", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "decide"),
            ("occurred_at", "2026-03-13T10:00"),
            ("content", "销售超过保质期的食品20箱"),
            ("penalty_kinds", "fine"),
            ("fine", "5000"),
            ("legal_basis", "食品安全法 第一百二十四条"),
            ("sign_password", zhifa_web::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("第五十八条"), "the page names the article");
    assert_eq!(journal_len(&app).await, after_opinion, "no refused decision wrote anything");
    assert!(app.store.case_steps(id).await.unwrap().iter().all(|x| x.kind != "decide"));
}

/// 行政执法公示: a decision starts its task with the 7-working-day deadline; publishing waits
/// for the decision document; the publisher confirms the redacted text (the original is
/// refused); the public list and page show it without private data, with its ledger leaf; the
/// justice bureau registers a revocation by 复议, the body withdraws it and the public then sees
/// only why; an expired publication leaves the public view.
async fn decisions_are_published_redacted_withdrawn_and_expire(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let supervisor = Agent::login(&app, "sfj.jd").await;
    let foreign = Agent::login(&app, "sthj.zf01").await;
    let anon = Agent::anon(&app);
    // The body may not loosen the deadline (8 > 7 working days); nothing written.
    let b = body_id(&app, SCJG).await;
    let admin = Agent::login(&app, "admin").await;
    let (_, mut body) = admin.get(&format!("/api/v1/bodies/{b}")).await;
    body["publication_days"] = json!(8);
    let (s, e) = admin.send(reqwest::Method::PUT, &format!("/api/v1/bodies/{b}"), body.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("publication_days"), "{e}");
    // It may tighten it: five working days.
    body["publication_days"] = json!(5);
    let (s, e) = admin.send(reqwest::Method::PUT, &format!("/api/v1/bodies/{b}"), body.clone()).await;
    assert!(s.is_success(), "{e}");
    let (id, _) = decided_case_of(&app, true, citizen()).await;
    let (s, list) = officer.get("/api/v1/publications?status=pending").await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let task = list.as_array().unwrap().iter().find(|p| p["case_id"] == id).unwrap().clone();
    let pid = task["id"].as_i64().unwrap();
    // Decided Fri 2026-03-13: the body's five working days end Fri 03-20 (the law's seven: Tue 03-24).
    assert_eq!((task["category"].as_str(), task["due_on"].as_str()), (Some("penalty"), Some("2026-03-20")), "{task}");
    let (s, _) = foreign.get(&format!("/api/v1/publications/{pid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "another body sees nothing");
    let (s, v) = reviewer.get(&format!("/api/v1/publications/{pid}")).await;
    assert!(s == StatusCode::OK && v["proposal"].is_null(), "a reviewer reads the task, not the proposal: {v}");
    let publish = format!("/api/v1/publications/{pid}/publish");
    let (s, e) = officer.post(&publish, json!({"full_text": "x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("行政处罚决定书"), "the decision document comes first: {e}");
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    // The document carries its check: 文号 and verification code (also as a QR code on the PDF).
    let code = d["verify_code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 8, "{d}");
    let number = d["number"].as_str().unwrap().to_string();
    assert!(d["blocks"].to_string().contains(&code), "the code is printed on the document");
    let (s, ok) = doc_check(&anon, &number, &code).await;
    assert_eq!(s, StatusCode::OK, "{ok}");
    assert_eq!(
        (ok["document"]["pdf_sm3"].clone(), ok["document"]["stands"].clone()),
        (d["pdf_sm3"].clone(), json!(true))
    );
    assert!(!ok.to_string().contains("120224198001011234") && !ok.to_string().contains("张三"), "{ok}");
    let (s, _) = doc_check(&anon, &number, &code.to_lowercase()).await;
    assert_eq!(s, StatusCode::OK, "the code is read in either case");
    let first = if code.starts_with('A') { "B" } else { "A" };
    let wrong = format!("{first}{}", &code[1..]);
    assert_eq!(doc_check(&anon, &number, &wrong).await.0, StatusCode::NOT_FOUND);
    let (s, e) = doc_check(&anon, "", "12").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("number") && e.to_string().contains("code"), "{e}");
    let (_, v) = officer.get(&format!("/api/v1/publications/{pid}")).await;
    let original = v["proposal"]["original"].as_str().unwrap().to_string();
    let proposed = v["proposal"]["proposed"]["text"].as_str().unwrap().to_string();
    assert!(original.contains("120224198001011234") && original.contains("周良街道某某村12号"), "{original}");
    assert!(!proposed.contains("120224198001011234") && !proposed.contains("周良街道"), "{proposed}");
    assert!(proposed.contains("张三") && proposed.contains("天津市宝坻区***"), "{proposed}");
    assert!(!proposed.contains(&code), "the verification code stays the addressee's");
    let kinds: Vec<&str> =
        v["proposal"]["proposed"]["spans"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"id_number") && kinds.contains(&"address"), "{kinds:?}");
    // The page shows both side by side, each masked piece marked with its reason.
    let page = officer.text(&format!("/publications/{pid}")).await;
    assert!(page.contains("去标识化核对") && page.contains("<mark class=\"del\" title=\"公民身份号码"), "{page}");
    assert!(page.contains("id=\"form-publish\"") && page.contains("天津市宝坻区***"), "{page}");
    let form = [("_csrf", officer.csrf.as_str()), ("action", "withhold"), ("ground", "privacy"), ("note", "")];
    let r = officer.c.post(format!("{}/publications/{pid}", app.base)).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不予公开的具体理由"), "the withhold form names its field");
    // The original, or the proposal with an identity number typed back in, is refused.
    let before = journal_len(&app).await;
    for text in [original.clone(), format!("{proposed}\n当事人身份证号120224 19800101 1234")] {
        let (s, e) = officer.post(&publish, json!({"full_text": text})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.to_string().contains("公民身份号码") && e.to_string().contains("full_text"), "{e}");
    }
    let (s, _) = reviewer.post(&publish, json!({"full_text": proposed})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a reviewer does not publish");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let (s, v) = officer.post(&publish, json!({"full_text": proposed})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let p = &v["publication"];
    assert_eq!(p["status"], "published");
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    assert_eq!(p["published_on"], today.to_string());
    // A fine of ¥5,000 on a citizen: three months (第十三条).
    let three = today.checked_add_months(chrono::Months::new(3)).unwrap();
    assert_eq!(p["expires_on"], three.to_string());
    assert_eq!(p["content_sm3"].as_str().unwrap(), zhifa_store::documents::sm3_hex(proposed.trim().as_bytes()));
    let (s, _) = officer.post(&publish, json!({"full_text": proposed})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "published once");

    // The public: no sign-in, found by the party's name and by the 文号, nothing private.
    let (s, page) = anon.get("/api/v1/public/decisions?q=%E5%BC%A0%E4%B8%89").await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let item = page["items"].as_array().unwrap().iter().find(|i| i["id"] == pid).unwrap().clone();
    assert_eq!(item["doc_number"], d["number"]);
    let (_, one) = anon.get(&format!("/api/v1/public/decisions/{pid}")).await;
    assert_eq!(one["full_text"].as_str().unwrap(), proposed.trim());
    assert!(one["leaf_index"].as_i64().is_some(), "{one}");
    for j in [page.to_string(), one.to_string()] {
        for private in ["120224198001011234", "周良街道", "13800138000"] {
            assert!(!j.contains(private), "{private} in {j}");
        }
    }
    let html = anon.text(&format!("/public/decisions/{pid}")).await;
    assert!(html.contains(p["content_sm3"].as_str().unwrap()) && html.contains("张三"), "{html}");
    // Its ledger proof, once a checkpoint covers it; a decision not public has none.
    app.state.checkpoint_once().await.unwrap();
    let (s, proof) = anon.get(&format!("/api/v1/public/decisions/{pid}/proof")).await;
    assert_eq!(s, StatusCode::OK, "{proof}");
    assert_eq!(proof["content_sm3"], p["content_sm3"]);
    assert_eq!(proof["proof"]["index"].as_i64(), one["leaf_index"].as_i64(), "{proof}");
    assert!(proof["proof"]["checkpoint"].as_str().unwrap().contains(ORIGIN), "{proof}");
    assert!(html.contains(&format!("/api/v1/public/decisions/{pid}/proof")), "the page links the proof");
    let html = anon.text("/public/decisions?q=%E5%BC%A0%E4%B8%89").await;
    assert!(html.contains(&format!("/public/decisions/{pid}")), "{html}");
    // Open data: CSV (with a BOM for spreadsheets) and the Atom feed.
    let csv =
        anon.c.get(format!("{}/api/v1/public/decisions.csv?q=%E5%BC%A0%E4%B8%89", app.base)).send().await.unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with('\u{feff}') && csv.contains(d["number"].as_str().unwrap()) && csv.contains("公示中"),
        "{csv}"
    );
    let feed = anon.text("/api/v1/public/feed.atom").await;
    assert!(feed.contains(&format!("/public/decisions/{pid}#published")), "{feed}");
    for text in [&csv, &feed] {
        assert!(!text.contains("120224198001011234") && !text.contains("周良街道"), "{text}");
    }
    let (s, e) = anon.get("/api/v1/public/decisions?from=2026-13-01").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("from"), "{e}");

    // The justice bureau (复议机关) registers the revocation; the body must withdraw within
    // three working days.
    let change = json!({"ground": "撤销", "by": "行政复议决定", "changed_on": today.to_string(),
                        "note": "宝坻区人民政府行政复议决定书津宝政复决〔2026〕1号撤销原处罚决定"});
    let (s, e) = supervisor
        .post(&format!("/api/v1/publications/{pid}/change"), json!({"ground": "x", "changed_on": "2026-02-30"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(["ground", "by", "changed_on"].iter().all(|f| e.to_string().contains(f)), "{e}");
    let (s, v) = supervisor.post(&format!("/api/v1/publications/{pid}/change"), change.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["publication"]["status"], "published");
    let due = zhifa_core::publicity::withdrawal_due(zhifa_core::calendar::Calendar::official(), today).ok();
    assert_eq!(v["publication"]["withdrawal_due"], json!(due.map(|d| d.to_string())));
    let (_, after) = doc_check(&anon, &number, &code).await;
    assert_eq!(after["document"]["stands"], false);
    assert!(after["document"]["standing"].as_str().unwrap().contains("撤销"), "{after}");
    let (_, t) = officer.get("/api/v1/publications/tracking").await;
    assert!(t["items"].as_array().unwrap().iter().any(|i| i["id"] == pid && i["what"] == "待撤回"), "{t}");
    let (s, _) = supervisor.post(&format!("/api/v1/publications/{pid}/withdraw"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the body withdraws its own publication");
    let (s, v) = officer.post(&format!("/api/v1/publications/{pid}/withdraw"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["publication"]["status"], "withdrawn");
    let (_, one) = anon.get(&format!("/api/v1/public/decisions/{pid}")).await;
    assert_eq!(one["withdrawn"], true);
    assert!(one["full_text"].is_null() && one["party"].is_null(), "{one}");
    assert!(one["withdrawal_note"].as_str().unwrap().contains("津宝政复决"), "{one}");
    assert!(one["withdrawal_ground"].as_str().unwrap().contains("撤销"), "{one}");
    let html = anon.text(&format!("/public/decisions/{pid}")).await;
    assert!(html.contains("撤回") && html.contains("津宝政复决") && !html.contains("fulltext"), "{html}");
    let feed = anon.text("/api/v1/public/feed.atom").await;
    assert!(feed.contains(&format!("/public/decisions/{pid}#withdrawn")) && feed.contains("撤回："), "{feed}");
    let (_, page) = anon.get("/api/v1/public/decisions?q=%E5%BC%A0%E4%B8%89").await;
    assert!(page["items"].as_array().unwrap().iter().all(|i| i["id"] != pid), "withdrawn: not found by the party");
    // The end of the period: gone from the public view (the day is moved, not the clock).
    app.store
        .execute_raw_for_tests(&format!("UPDATE publications SET expires_on = '{today}' WHERE id = {pid}"))
        .await
        .unwrap();
    let (s, _) = anon.get(&format!("/api/v1/public/decisions/{pid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// Crawls every public page (following links from the portal, without signing in) and every
/// public API answer of the demo data set: no identity number, mobile or private landline, bank
/// account or e-mail appears (the bodies' own telephones are public), nor any private value of
/// the demo's records (the applicant's number, address and telephone; the officers' numbers).
async fn the_public_portal_shows_no_private_data(app: App) {
    use zhifa_core::redact::{Context, Kind, find};
    let c = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let bodies = app.store.list_bodies().await.unwrap();
    let public: Vec<String> = bodies.iter().flat_map(|b| [b.phone.clone(), b.address.clone()]).flatten().collect();
    let ctx = Context { public, ..Default::default() };
    let (name, id, address, phone) = zhifa_web::demo::DEMO_APPLICANT;
    let mut private: Vec<String> = vec![id.into(), address.into(), phone.into(), "东王庄村".into()];
    let officers = app.store.list_officers(zhifa_core::access::Scope::All, &Default::default()).await.unwrap();
    private.extend(officers.iter().filter_map(|o| o.id_number.clone()));
    let certs = app.store.list_certificates(zhifa_core::access::Scope::All, &Default::default()).await.unwrap();
    let mut queue: Vec<String> = vec!["/public".into(), "/public/decisions".into(), "/api/v1/public/decisions".into()];
    for b in &bodies {
        queue.push(format!("/api/v1/bodies/{}/power-items", b.id));
    }
    for cert in certs.iter().take(20) {
        queue.push(format!("/api/v1/public/certificates/{}", cert.number));
        queue.push(format!("/public/certificates/{}", cert.number));
    }
    let (_, page) = Agent::anon(&app).get("/api/v1/public/decisions?limit=100").await;
    for item in page["items"].as_array().unwrap() {
        queue.push(format!("/api/v1/public/decisions/{}", item["id"]));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut decision_pages = 0;
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) || seen.len() > 400 {
            continue;
        }
        let r = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status == StatusCode::OK, "{path}: {status}");
        let leaks: Vec<String> = find(&text, &ctx)
            .into_iter()
            .filter(|s| {
                matches!(s.kind, Kind::IdNumber | Kind::Mobile | Kind::Landline | Kind::BankAccount | Kind::Email)
            })
            .map(|s| format!("{:?}: {}", s.kind, text.chars().skip(s.start).take(s.end - s.start).collect::<String>()))
            .collect();
        assert!(leaks.is_empty(), "{path} shows {leaks:?}");
        for p in &private {
            assert!(!text.contains(p.as_str()), "{path} shows the private value {p}");
        }
        if path.starts_with("/public/decisions/") {
            decision_pages += 1;
            assert!(text.contains(name) || text.contains("撤回") || text.contains("鑫源"), "{path}");
        }
        // Follow the links of a page (not the statutes, the sign-in page or static files).
        let mut rest = text.as_str();
        while let Some(i) = rest.find("href=\"/") {
            rest = &rest[i + 6..];
            let end = rest.find('"').unwrap_or(rest.len());
            let link = rest[..end].replace("&amp;", "&");
            if !(link.starts_with("/laws") || link.starts_with("/login") || link.starts_with("/static")) {
                queue.push(link);
            }
        }
    }
    assert!(decision_pages >= 1, "the crawl reached a published decision: {seen:?}");
    assert!(seen.iter().any(|p| p.starts_with("/bodies/")), "the crawl reached the bodies' pages: {seen:?}");
}

/// The public check of a document.
async fn doc_check(a: &Agent, number: &str, code: &str) -> (StatusCode, Value) {
    a.get(&format!("/api/v1/public/documents/check?number={}&code={code}", zhifa_core::ids::percent_encode(number)))
        .await
}

/// The ids of a public page.
fn page_ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().map(|a| a.iter().filter_map(|i| i["id"].as_i64()).collect()).unwrap_or_default()
}

/// The public search: words cut with jieba (every word must occur), filters, marked snippets;
/// a second process with its own connections and its own index answers with what the first
/// published or withdrew, at once.
async fn search_cuts_words_filters_and_every_process_serves_fresh_results(app: App) {
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
        assert_eq!(page["total"], 1, "{page}");
        let snippet = page["items"][0]["snippet"].as_array().unwrap();
        assert!(snippet.iter().any(|p| p["hit"] == true && p["text"] == "食品"), "{page}");
    }
    let licence = page_ids(&anon.get("/api/v1/public/decisions?q=李建国").await.1);
    assert_eq!(licence.len(), 1);
    // Every word must occur; filters narrow; a bad filter is named.
    assert_eq!(anon.get("/api/v1/public/decisions?q=食品 高速公路").await.1["total"], 0);
    assert_eq!(anon.get("/api/v1/public/decisions?q=食品&category=licensing").await.1["total"], 1);
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
    let task = list.as_array().unwrap().iter().find(|p| p["category"] == "other").expect("the inspection task").clone();
    let tid = task["id"].as_i64().unwrap();
    let (_, v) = officer.get(&format!("/api/v1/publications/{tid}")).await;
    let text = v["proposal"]["proposed"]["text"].as_str().unwrap().to_string();
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
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("鑫源超市") && !csv.contains("李建国"), "{csv}");
    other_store.close().await;
}

/// 事前公开: a service guide per power-list item in force (basis, conditions, materials, time
/// limit, remedies) with the flowchart drawn from the machine's own table; public, as JSON, as a
/// page and as SVG; an item not in force is 404.
async fn service_guides_show_the_procedure_the_system_enforces(app: App) {
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
async fn window_boards_and_the_progress_query(app: App) {
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
        .find(|c| c.kind == "licensing")
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
        [zhifa_web::demo::DEMO_APPLICANT.0, zhifa_web::demo::DEMO_APPLICANT.1, zhifa_web::demo::DEMO_APPLICANT.2]
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
async fn spot_check_lists_and_discretion_standards_are_filed_and_public(app: App) {
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
    app.state.checkpoint_once().await.unwrap();
    let keys = app.state.ledger_keys.verifier_keys();
    let report = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// 行政执法统计年报 (seed §二(三)6) over HTTP: a body corrects its draft with reasons, is
/// refused publication until the 复议/诉讼 totals are confirmed, publishes; the public sees
/// only published reports (JSON, CSV, XLSX, a page with SVG charts); the district's report waits
/// for every body; roles and bodies are checked.
async fn annual_reports_are_corrected_published_and_downloaded(app: App) {
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
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK", "a zip (Office Open XML) file");
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
    app.state.draft_due_annual_reports(new_year).await;
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
    app.state.checkpoint_once().await.unwrap();
    let keys = app.state.ledger_keys.verifier_keys();
    let report = app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// The ids the route table aims at (another body's).
#[derive(Clone, Copy)]
struct RoleTableIds {
    foreign: i64,
    f_officer: i64,
    f_cert: i64,
    f_user: i64,
    f_report: i64,
    last_year: i32,
}

type RoleRoute = (reqwest::Method, String, Value, &'static [&'static str], bool);

/// The table of routes, built outside the async test (its many JSON literals would otherwise
/// all live in the test future's poll frame and overflow the stack in a debug build).
#[inline(never)]
fn role_table_routes(ids: &RoleTableIds, n: usize) -> Vec<RoleRoute> {
    use reqwest::Method as M;
    const ALL: &[&str] = &["admin", "sfj.jd", "scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"];
    let RoleTableIds { foreign, f_officer, f_cert, f_user, f_report, last_year } = *ids;
    vec![
        (M::GET, "/api/v1/me".into(), Value::Null, ALL, false),
        (M::GET, "/api/v1/bodies".into(), Value::Null, ALL, false),
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
            json!({"username": format!("t.u{n}"), "display_name": "测试", "password": "Abcdefgh-123", "role": "officer", "body_id": foreign}),
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

/// Makes the upgrade fixture (issue 17): a database written by this release, with the demo, a
/// general-procedure penalty case taken from registration to archive (evidence, documents,
/// legal review, decision, archive report) and a decision published, on SQLite and PostgreSQL.
/// Runs only when `ZHIFA_MAKE_UPGRADE_FIXTURE` names the output folder (see
/// `scripts/make-upgrade-fixture`); later releases test that they migrate and verify it.
#[test]
fn make_upgrade_fixture() {
    let Ok(out) = std::env::var("ZHIFA_MAKE_UPGRADE_FIXTURE") else { return };
    let out = std::path::PathBuf::from(out);
    run(move || async move {
        let sqlite = Box::pin(sqlite_app()).await;
        Box::pin(fixture_flows(&sqlite)).await;
        let dir = out.join("sqlite");
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("zhifa.db");
        let _ = std::fs::remove_file(&db);
        sqlite.store.execute_raw_for_tests(&format!("VACUUM INTO '{}'", db.display())).await.unwrap();
        fixture_files(&sqlite, &dir).await;
        if let Some(pg) = Box::pin(pg_app()).await {
            Box::pin(fixture_flows(&pg)).await;
            let dir = out.join("postgres");
            std::fs::create_dir_all(&dir).unwrap();
            let schema = pg.url.rsplit("search_path%3D").next().unwrap().to_string();
            std::fs::write(dir.join("schema.txt"), schema).unwrap();
            fixture_files(&pg, &dir).await;
        }
    });
}

async fn fixture_flows(app: &App) {
    Box::pin(penalty_general_case_runs_end_to_end_and_forbidden_paths_are_refused(App {
        base: app.base.clone(),
        url: app.url.clone(),
        store: app.store.clone(),
        state: app.state.clone(),
        _dir: None,
        _files: tempfile::tempdir().unwrap(),
    }))
    .await;
    let officer = Agent::login(app, "scjg.zf01").await;
    let (id, _) = decided_case_of(app, true, citizen()).await;
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (_, list) = officer.get("/api/v1/publications?status=pending").await;
    let pid = list.as_array().unwrap().iter().find(|p| p["case_id"] == id).unwrap()["id"].as_i64().unwrap();
    let (_, v) = officer.get(&format!("/api/v1/publications/{pid}")).await;
    let proposed = v["proposal"]["proposed"]["text"].as_str().unwrap().to_string();
    let (s, v) = officer.post(&format!("/api/v1/publications/{pid}/publish"), json!({"full_text": proposed})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    app.state.checkpoint_once().await.unwrap();
    let keys = app.state.ledger_keys.verifier_keys();
    assert!(app.store.verify(&keys, None, &|_, _, _| {}).await.unwrap().problems.is_empty());
}

/// The evidence files, the latest signed checkpoint and the figures a restored copy must show.
async fn fixture_files(app: &App, dir: &std::path::Path) {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    let evidence = dir.join("evidence");
    let _ = std::fs::remove_dir_all(&evidence);
    copy(&app._files.path().join("evidence"), &evidence);
    let cp = app.store.latest_checkpoint().await.unwrap().unwrap();
    std::fs::write(dir.join("checkpoint.txt"), &cp.note).unwrap();
    let mut counts = serde_json::Map::new();
    for (t, n) in app.store.table_counts().await.unwrap() {
        counts.insert(t.to_string(), json!(n));
    }
    let expect = json!({"tree_size": cp.size, "rows": counts});
    std::fs::write(dir.join("expect.json"), serde_json::to_string_pretty(&expect).unwrap()).unwrap();
}
