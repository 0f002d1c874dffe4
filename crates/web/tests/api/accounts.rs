//! Accounts managed by administrators, notifications of hand-overs, and the webhook tested
//! against a receiver started here.

use crate::prelude::*;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const SECRET: &str = "district-webhook-secret-2026";

/// A receiver on port 0 that records each request and refuses the first with 500.
async fn receiver() -> (String, Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>>) {
    let got: Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>> = Arc::default();
    let seen = got.clone();
    let hook = axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
        let seen = seen.clone();
        async move {
            let mut v = seen.lock().unwrap();
            v.push((headers, body));
            if v.len() == 1 { axum::http::StatusCode::INTERNAL_SERVER_ERROR } else { axum::http::StatusCode::OK }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().route("/hook", hook)).await.unwrap() });
    (url, got)
}

pub(crate) async fn hand_overs_notify_the_next_person_and_reach_the_webhook(app: App) {
    // What the demo data handed over is read first, without a channel connected.
    app.state.app.notify_catch_up().await.unwrap();
    let (url, got) = receiver().await;
    let mut hooked = app.state.app.clone();
    hooked.webhook = Some(zhifa_app::notify::Webhook::new(&url, SECRET).unwrap());
    assert!(zhifa_app::notify::Webhook::new(&url, "short").is_err(), "a short secret is refused");

    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let (id, number) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    let round = hooked.notify_catch_up().await.unwrap();
    assert!(round.notifications >= 1 && round.queued == 1, "{round:?}");
    assert_eq!(hooked.notify_catch_up().await.unwrap().notifications, 0, "made once");

    // In the app: the head is told, the officer (who registered it) is not.
    let (s, n) = head.get("/api/v1/notifications").await;
    assert_eq!(s, StatusCode::OK, "{n}");
    let mine: Vec<&Value> = n["items"].as_array().unwrap().iter().filter(|i| i["case_id"] == id).collect();
    assert_eq!(mine.len(), 1, "{n}");
    assert!(mine[0]["title"].as_str().unwrap().contains("立案"), "{n}");
    assert_eq!(mine[0]["href"], format!("/cases/{id}"));
    assert!(mine[0]["detail"].as_str().unwrap().contains(&number));
    assert!(n["unread"].as_i64().unwrap() >= 1);
    let (_, on) = officer.get("/api/v1/notifications").await;
    assert!(!on["items"].as_array().unwrap().iter().any(|i| i["case_id"] == id), "{on}");
    let (s, c) = head.get("/api/v1/me/counts").await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert!(c["tasks"].as_u64().unwrap() >= 1 && c["unread"].as_i64().unwrap() >= 1, "{c}");

    // The webhook: refused once, retried after its back-off, then taken.
    let now = chrono::Utc::now();
    assert_eq!(hooked.deliver_due(now).await.unwrap(), 0);
    assert_eq!(got.lock().unwrap().len(), 1);
    let admin = Agent::login(&app, "admin").await;
    let (s, log) = admin.get("/api/v1/webhook-deliveries").await;
    assert_eq!(s, StatusCode::OK, "{log}");
    let d = &log[0];
    assert!(d["status"] == "pending" && d["attempts"] == 1 && d["last_status"] == 500, "{d}");
    assert_eq!(hooked.deliver_due(now).await.unwrap(), 0, "not before its back-off");
    assert_eq!(got.lock().unwrap().len(), 1);
    assert_eq!(hooked.deliver_due(now + chrono::Duration::minutes(2)).await.unwrap(), 1);
    let (_, log) = admin.get("/api/v1/webhook-deliveries").await;
    assert!(log[0]["status"] == "delivered" && log[0]["attempts"] == 2, "{}", log[0]);
    let (s, _) = head.get("/api/v1/webhook-deliveries").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the log is the system administrator's");

    // Each request is signed over its timestamp and body, and carries what a robot shows.
    for (headers, body) in got.lock().unwrap().iter() {
        let h = |k: &str| headers.get(k).unwrap().to_str().unwrap().to_string();
        let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{}.{body}", h("x-zhifa-timestamp")).as_bytes());
        let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(h("x-zhifa-signature"), format!("sha256={expected}"));
        assert_eq!(h("x-zhifa-event"), "handover");
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["msgtype"], "text");
        assert!(v["text"]["content"].as_str().unwrap().contains(&number), "{v}");
        assert_eq!(v["case_number"], number.as_str());
        assert_eq!(v["to"][0]["role"], "head");
        assert!(v["to"][0]["link"].as_str().unwrap().ends_with(&format!("/cases/{id}")), "{v}");
    }

    // Read: the count goes.
    let (s, _) = head.post("/api/v1/notifications/read", json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, n) = head.get("/api/v1/notifications").await;
    assert_eq!(n["unread"], 0, "{n}");
    // The page lists it.
    let (c, _) = page_client(&app, "scjg.fzr").await;
    let html = c.get(format!("{}/notifications", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("我的通知") && html.contains(&number), "{html}");
}

pub(crate) async fn administrators_manage_accounts_in_their_scope(app: App) {
    let admin = Agent::login(&app, "scjg.admin").await;
    let own = body_id(&app, SCJG).await;
    let (s, out) = admin
        .post(
            "/api/v1/users",
            json!({"username": "scjg.new01", "display_name": "新同事", "password": "Temp#Pass2026x", "role": "officer", "body_id": own}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{out}");
    let uid = out["id"].as_i64().unwrap();
    let login = |user: &'static str, pw: &'static str| {
        let base = app.base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/session"))
                .json(&json!({"username": user, "password": pw}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(login("scjg.new01", "Temp#Pass2026x").await, StatusCode::OK);

    // Disabled: no sign-in; enabled again: sign-in.
    let (s, e) = admin.post(&format!("/api/v1/users/{uid}/active"), json!({"active": false})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    assert_ne!(login("scjg.new01", "Temp#Pass2026x").await, StatusCode::OK);
    admin.post(&format!("/api/v1/users/{uid}/active"), json!({"active": true})).await;
    assert_eq!(login("scjg.new01", "Temp#Pass2026x").await, StatusCode::OK);

    // Locked by failures, unlocked by the administrator.
    // (Failures from several addresses lock an account; counted here directly.)
    app.store.record_login_failure(uid, |_| Some(chrono::Duration::minutes(15))).await.unwrap();
    let row = app.store.user_by_id(uid).await.unwrap().unwrap();
    assert!(row.locked_until.is_some() && row.failed_logins >= 1);
    assert_ne!(login("scjg.new01", "Temp#Pass2026x").await, StatusCode::OK, "locked");
    let (s, _) = admin.post(&format!("/api/v1/users/{uid}/unlock"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let row = app.store.user_by_id(uid).await.unwrap().unwrap();
    assert!(row.locked_until.is_none() && row.failed_logins == 0);

    // A role within the body; not a district-wide one; not one's own.
    let (s, e) = admin.post(&format!("/api/v1/users/{uid}/role"), json!({"role": "reviewer", "body_id": own})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    assert_eq!(app.store.user_by_id(uid).await.unwrap().unwrap().role, zhifa_core::access::Role::Reviewer);
    let (s, e) = admin.post(&format!("/api/v1/users/{uid}/role"), json!({"role": "supervisor"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("系统管理员"), "{e}");
    let (s, e) = admin.post(&format!("/api/v1/users/{uid}/role"), json!({"role": "nonsense", "body_id": own})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let me = app.store.user_by_username("scjg.admin").await.unwrap().unwrap().id;
    let (s, _) = admin.post(&format!("/api/v1/users/{me}/active"), json!({"active": false})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "not one's own account");
    let (s, _) = admin.post(&format!("/api/v1/users/{me}/role"), json!({"role": "officer", "body_id": own})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // Another body's administrator does not see the account.
    let other = Agent::login(&app, "sthj.admin").await;
    for path in ["active", "unlock", "role"] {
        let (s, _) = other
            .post(&format!("/api/v1/users/{uid}/{path}"), json!({"active": false, "role": "officer", "body_id": own}))
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (s, _) = officer.post(&format!("/api/v1/users/{uid}/unlock"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The pages: the list, the account, an act through its form, and one's own account.
    let (c, csrf) = page_client(&app, "scjg.admin").await;
    let html = c.get(format!("{}/accounts", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("账号管理") && html.contains("scjg.new01") && !html.contains("sthj.zf01"), "{html}");
    let r = c
        .post(format!("{}/accounts/{uid}", app.base))
        .form(&[("_csrf", csrf.as_str()), ("action", "active"), ("active", "false")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c.get(format!("{}/accounts/{uid}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("已停用") && html.contains("重新启用"), "{html}");
    let r = c
        .post(format!("{}/accounts/{uid}", app.base))
        .form(&[("_csrf", csrf.as_str()), ("action", "reset"), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("密码至少10位"));
    let r = c
        .post(format!("{}/accounts", app.base))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "x"),
            ("display_name", "某人"),
            ("role", "officer"),
            ("password", "Temp#Pass2026x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("用户名应为3至32位") && html.contains("某人") && !html.contains("Temp#Pass2026x"), "{html}");
    let html = c.get(format!("{}/account", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("我的账号") && html.contains("有效登录") && html.contains("本次登录"), "{html}");
    let (oc, _) = page_client(&app, "scjg.zf01").await;
    let r = oc.get(format!("{}/accounts", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
