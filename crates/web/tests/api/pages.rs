//! The Chinese pages for each role, and forms that keep what was typed.

use crate::prelude::*;
use reqwest::{Client, StatusCode};

pub(crate) async fn pages_render_for_each_role(app: App) {
    for user in ["admin", "sfj.jd", "scjg.admin", "scjg.zf01", "scjg.fzsh", "scjg.fzr"] {
        let c = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = c
            .post(format!("{}/login", app.base))
            .form(&[("username", user), ("password", zhifa_app::demo::DEMO_PASSWORD)])
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

pub(crate) async fn page_client(app: &App, user: &str) -> (Client, String) {
    let c = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = c
        .post(format!("{}/login", app.base))
        .form(&[("username", user), ("password", zhifa_app::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c.get(format!("{}/officers", app.base)).send().await.unwrap().text().await.unwrap();
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (c, csrf)
}

pub(crate) async fn page_forms_keep_values_name_fields_and_write(app: App) {
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

/// Errors the framework answers itself are in Chinese: an error page for pages, the JSON error
/// body under `/api/` (an unknown path, an address that does not parse, a body over the limit);
/// and there is a favicon.
pub(crate) async fn framework_errors_are_chinese_pages_and_bodies(app: App) {
    let (c, _) = page_client(&app, "scjg.zf01").await;
    let get = |path: &str| c.get(format!("{}{path}", app.base)).send();
    for (path, status, want) in [
        ("/no-such-page", StatusCode::NOT_FOUND, "没有这个页面"),
        ("/cases/abc", StatusCode::BAD_REQUEST, "格式不正确"),
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains(want) && !html.contains("Invalid URL"), "{path}: {html}");
    }
    let r = get("/api/v1/no-such-route").await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "not_found", "{v}");
    let r = get("/api/v1/cases/abc").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(v["message"].as_str().unwrap().contains("格式不正确"), "{v}");
    // Over the body limit: 413 in Chinese, naming the limit. The server answers before reading
    // the whole body and closes the connection, so this one is not kept for the next request
    // (which would otherwise race the close and fail as an incomplete message).
    let big = "字".repeat(zhifa_web::MAX_BODY_BYTES / 2);
    let r = c
        .post(format!("{}/cases", app.base))
        .header("connection", "close")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("facts={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = r.text().await.unwrap();
    assert!(html.contains("1MB") && html.contains("后退"), "{html}");
    let r = get("/favicon.ico").await.unwrap();
    assert_eq!((r.status(), r.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "image/x-icon"));
    // Pages and JSON are sent gzip-compressed to a browser that accepts it, and only then.
    for path in ["/cases", "/api/v1/cases"] {
        let plain = get(path).await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{path}");
        let plain = plain.bytes().await.unwrap();
        let r = c.get(format!("{}{path}", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["content-encoding"], "gzip", "{path}");
        let zipped = r.bytes().await.unwrap();
        assert_eq!(zipped[..2], [0x1f, 0x8b], "{path}");
        assert!(plain.len() < 1024 || zipped.len() * 2 < plain.len(), "{path}: {} → {}", plain.len(), zipped.len());
    }
}
