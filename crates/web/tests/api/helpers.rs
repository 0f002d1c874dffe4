//! The shared harness: a server on port 0 with the demo data, on SQLite or PostgreSQL, and a
//! signed-in client.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use zhifa_store::Store;

pub(crate) struct App {
    pub(crate) base: String,
    /// the database URL (a second process connects to it)
    pub(crate) url: String,
    pub(crate) store: Store,
    pub(crate) state: zhifa_web::AppState,
    pub(crate) _dir: Option<tempfile::TempDir>,
    pub(crate) _files: tempfile::TempDir,
}

pub(crate) const ORIGIN: &str = "zhifa.test/ledger";

pub(crate) async fn spawn(url: String, store: Store, dir: Option<tempfile::TempDir>) -> App {
    store.ensure_ledger(ORIGIN, zhifa_store::zhifa_ledger::HashAlg::Sm3).await.unwrap();
    zhifa_app::demo::load(&store).await.unwrap();
    let (base, state, files) = serve_process(&store).await;
    App { base, url, store, state, _dir: dir, _files: files }
}

/// A server on `store` with its own search index in memory (as a process of its own would be).
pub(crate) async fn serve_process(store: &Store) -> (String, zhifa_web::AppState, tempfile::TempDir) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let keys = zhifa_app::keys::LedgerKeys::from_secrets(ORIGIN, [3u8; 32], &[4u8; 32]).unwrap();
    let files = tempfile::tempdir().unwrap();
    let evidence = zhifa_store::blobs::EvidenceStore::local(&files.path().join("evidence")).unwrap();
    let app =
        zhifa_app::App::new(store.clone(), keys, evidence).with_search(zhifa_search::SearchIndex::in_memory().unwrap());
    // The first build of the index is the follower's (a search never rebuilds): done here.
    app.search_catch_up().await.unwrap();
    let state = zhifa_web::AppState::new(app, false);
    tokio::spawn(zhifa_web::serve(listener, state.clone(), std::future::pending()));
    (format!("http://{addr}"), state, files)
}

pub(crate) async fn sqlite_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    spawn(url, store, Some(dir)).await
}

pub(crate) async fn pg_app() -> Option<App> {
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
pub(crate) fn run<F: std::future::Future<Output = ()> + Send + 'static>(f: impl FnOnce() -> F + Send + 'static) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(Box::pin(f()));
}

pub(crate) struct Agent {
    pub(crate) c: Client,
    pub(crate) csrf: String,
    pub(crate) base: String,
}

impl Agent {
    pub(crate) async fn login(app: &App, user: &str) -> Agent {
        let c = Client::builder().cookie_store(true).build().unwrap();
        let r = c
            .post(format!("{}/api/v1/session", app.base))
            .json(&json!({"username": user, "password": zhifa_app::demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login {user}");
        let v: Value = r.json().await.unwrap();
        Agent { c, csrf: v["csrf_token"].as_str().unwrap().to_string(), base: app.base.clone() }
    }
    pub(crate) fn anon(app: &App) -> Agent {
        Agent { c: Client::new(), csrf: String::new(), base: app.base.clone() }
    }
    /// A GET, its JSON answer checked against the schema the OpenAPI document declares.
    pub(crate) async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self.c.get(format!("{}{path}", self.base)).send().await.unwrap();
        let s = r.status();
        let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let body = r.json().await.unwrap_or(Value::Null);
        crate::schema::check_get(path, s.as_u16(), &body, &ct);
        (s, body)
    }
    pub(crate) async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (StatusCode, Value) {
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
    pub(crate) async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, body).await
    }
    /// A page's text (any status).
    pub(crate) async fn text(&self, path: &str) -> String {
        self.c.get(format!("{}{path}", self.base)).send().await.unwrap().text().await.unwrap()
    }
}

pub(crate) async fn body_id(app: &App, name: &str) -> i64 {
    app.store.body_by_name(name).await.unwrap().unwrap().id
}

pub(crate) async fn journal_len(app: &App) -> i64 {
    app.store.table_counts().await.unwrap().into_iter().find(|(t, _)| *t == "change_log").unwrap().1
}

pub(crate) const SCJG: &str = "天津市宝坻区市场监督管理局";
pub(crate) const STHJ: &str = "天津市宝坻区生态环境局";
