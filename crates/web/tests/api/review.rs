//! Legal review (法制审核): the review loop, referrals, figures and the art. 58 gate.

use crate::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::json;

pub(crate) async fn art_58_review_loop_over_http_with_roles_recusal_and_other_bodies(app: App) {
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
    assert!(
        s == StatusCode::UNPROCESSABLE_ENTITY
            && e.to_string().contains("签名密码（登录密码）不正确；再输错9次，账号将暂停使用"),
        "{e}"
    );
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
    let decision = app.store.case_steps(id).await.unwrap().into_iter().find(|x| x.kind.code() == "decide").unwrap();
    assert!(decision.signature.is_some() && decision.signing_key_id.is_some(), "the head signed the decision");
    let keys = app.state.app.ledger_keys.verifier_keys();
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
    // The head changes the password: the signing key is wrapped again under the new one (the
    // same key, not a new one), and the old password opens it no more.
    let head_user = app.store.user_by_username("scjg.fzr").await.unwrap().unwrap();
    let key = app.store.signing_key(head_user.id).await.unwrap().unwrap();
    let new = "Head-Signs-2026!";
    let (s, e) = head
        .post("/api/v1/session/password", json!({"old_password": zhifa_app::demo::DEMO_PASSWORD, "new_password": new}))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    assert_eq!(app.store.signing_key(head_user.id).await.unwrap().unwrap().id, key.id);
    let who = zhifa_app::Who {
        caller: zhifa_core::access::Caller { user_id: head_user.id, role: head_user.role, body_id: head_user.body_id },
        officer_id: head_user.officer_id,
    };
    let signer = zhifa_app::accounts::open_signing_key(&app.store, &who, new).await.unwrap();
    assert!(matches!(signer.key, zhifa_store::review::SignerKey::Registered(k) if k == key.id), "the same key");
    assert!(zhifa_app::accounts::open_signing_key(&app.store, &who, zhifa_app::demo::DEMO_PASSWORD).await.is_err());
}

pub(crate) async fn referral_queue_and_figures_over_http(app: App) {
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
    // The largest year a query can carry (found by schemathesis: the server used to panic).
    let (s, e) = reviewer.get("/api/v1/review/stats?year=2147483647").await;
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

pub(crate) async fn art_58_no_path_records_a_decision_without_a_passed_review(app: App) {
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
        .form(&[("username", "scjg.fzr"), ("password", zhifa_app::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let form = c.get(format!("{}/cases/{id}/step?kind=decide", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("签名密码"), "the decision form asks for the signing password");
    // Each field says what it is at this step, where it is printed, and its limit.
    assert!(
        form.contains("认定的违法事实")
            && form.contains("将写入《行政处罚决定书》")
            && form.contains(r#"maxlength="8000""#),
        "{form}"
    );
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
            ("sign_password", zhifa_app::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("第五十八条"), "the page names the article");
    assert_eq!(journal_len(&app).await, after_opinion, "no refused decision wrote anything");
    assert!(app.store.case_steps(id).await.unwrap().iter().all(|x| x.kind.code() != "decide"));
}

/// The reviewer states the conclusion once: a passing opinion given with `record_step` records
/// the case's 法制审核 step in the same transaction; one that does not pass records none.
pub(crate) async fn art_58_a_passing_opinion_records_the_review_step_with_it(app: App) {
    let (id, _) = noticed_case(&app, false).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let url = format!("/api/v1/cases/{id}/review");
    // The first submission's form is drafted from the notice.
    let (c, _) = page_client(&app, "scjg.zf01").await;
    let form = c.get(format!("{}/cases/{id}/review", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("submission-drafted") && form.contains("给予罚款"), "{form}");
    assert_eq!(officer.signed(&format!("{url}/submissions"), submission_json()).await.0, StatusCode::CREATED);
    let steps =
        |v: &serde_json::Value| v["steps"].as_array().unwrap().iter().filter(|x| x["kind"] == "legal_review").count();
    // Not passing: the opinion only.
    let revise =
        json!({"points": points_json(false), "outcome": "修改后重新送审", "opinion": "证据不足", "record_step": true});
    assert_eq!(reviewer.signed(&format!("{url}/opinions"), revise).await.0, StatusCode::CREATED);
    let (_, c) = officer.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(steps(&c), 0, "{c}");
    let mut again = submission_json();
    again["note"] = json!("补充了询问笔录");
    assert_eq!(officer.signed(&format!("{url}/submissions"), again).await.0, StatusCode::CREATED);
    let agree = json!({"points": points_json(true), "outcome": "同意", "opinion": "事实清楚，证据充分，同意", "record_step": true});
    let (s, f) = reviewer.signed(&format!("{url}/opinions"), agree).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    let (_, c) = officer.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(steps(&c), 1, "{c}");
    assert_eq!(c["stage"], "reviewed");
    let step = c["steps"].as_array().unwrap().iter().find(|x| x["kind"] == "legal_review").unwrap().clone();
    assert_eq!(
        (step["data"]["result"].as_str(), step["data"]["content"].as_str()),
        (Some("agree"), Some("事实清楚，证据充分，同意"))
    );
}
