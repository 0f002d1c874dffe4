//! Publication of decisions and the public portal.

use crate::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// 行政执法公示: a decision starts its task with the 7-working-day deadline; publishing waits
/// for the decision document; the publisher confirms the redacted text (the original is
/// refused); the public list and page show it without private data, with its ledger leaf; the
/// justice bureau registers a revocation by 复议, the body withdraws it and the public then sees
/// only why; an expired publication leaves the public view.
pub(crate) async fn decisions_are_published_redacted_withdrawn_and_expire(app: App) {
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
    // A number typed back with invisible characters between its digits is found all the same;
    // any number so broken is refused with its place.
    let hidden = [
        (format!("{proposed}\n当事人手机138\u{200B}0013\u{00AD}8000"), "手机号码"),
        (format!("{proposed}\n另处罚款5\u{200B}000元"), "不可见字符"),
    ];
    for (text, named) in hidden {
        let (s, e) = officer.post(&publish, json!({"full_text": text})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(e.to_string().contains(named) && e.to_string().contains("full_text"), "{e}");
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
    app.state.app.checkpoint_once().await.unwrap();
    let (s, proof) = anon.get(&format!("/api/v1/public/decisions/{pid}/proof")).await;
    assert_eq!(s, StatusCode::OK, "{proof}");
    assert_eq!(proof["text_sm3"], p["content_sm3"]);
    assert_eq!(proof["index"].as_i64(), one["leaf_index"].as_i64(), "{proof}");
    assert!(proof["checkpoint"].as_str().unwrap().contains(ORIGIN), "{proof}");
    // The record the entry commits to holds the text's SM3 and nothing internal.
    let record: Value = serde_json::from_str(proof["record"].as_str().unwrap()).unwrap();
    assert_eq!((record["act"].as_str(), &record["text_sm3"]), (Some("publish"), &p["content_sm3"]), "{record}");
    assert!(record.get("case_id").is_none() && record.get("due_on").is_none(), "{record}");
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
pub(crate) async fn the_public_portal_shows_no_private_data(app: App) {
    use zhifa_core::redact::{Context, Kind, find};
    // Every public record under a signed checkpoint: each proof the pages link is there.
    app.state.app.checkpoint_once().await.unwrap();
    let c = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let bodies = app.store.list_bodies().await.unwrap();
    let public: Vec<String> = bodies.iter().flat_map(|b| [b.phone.clone(), b.address.clone()]).flatten().collect();
    let ctx = Context { public, ..Default::default() };
    let (name, id, address, phone) = zhifa_app::demo::DEMO_APPLICANT;
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
pub(crate) async fn doc_check(a: &Agent, number: &str, code: &str) -> (StatusCode, Value) {
    a.get(&format!("/api/v1/public/documents/check?number={}&code={code}", zhifa_core::ids::percent_encode(number)))
        .await
}

/// The ids of a public page.
pub(crate) fn page_ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().map(|a| a.iter().filter_map(|i| i["id"].as_i64()).collect()).unwrap_or_default()
}

/// Facts typed (or pasted) with private data in every disguise the redaction engine reads
/// through: invisible characters and other spaces between digit groups, other scripts' digits,
/// Chinese numerals, look-alike letters, dots, `(at)`; and the data found by evidence: a
/// witness's name and home address, a doctor's name and a diagnosis, a QQ number, a plate.
const DISGUISED_FACTS: &str = "经查，当事人销售超过保质期的食品20箱。证人马国强称其于当日购买，\
联系电话139\u{200B}1234\u{00AD}5678，另留手机١٣٩١٢٣٤٥٦٧٨、一三九一二三四五六七八、l39l2345678、139.1234.5678、\
139\u{00A0}1234\u{2009}5678、139\u{3000}1234\u{3000}5678，身份证号１２０２２４\u{2060}19900307\u{200B}3456，\
邮箱ma.guoqiang(at)example(dot)com，QQ号593318207，驾驶号牌为津A12345的小型轿车前来。\
证人马国强现居河北省廊坊市广阳区新华路88号。经周文静医生诊断，证人马国强患有腰椎间盘突出。";

/// What must not be on any public output, in the form detection reads (digits plain).
const DISGUISED_VALUES: [&str; 9] = [
    "13912345678",
    "120224199003073456",
    "ma.guoqiang",
    "马国强",
    "周文静",
    "新华路88号",
    "腰椎间盘突出",
    "593318207",
    "A12345",
];

/// A decided case whose decision states [`DISGUISED_FACTS`], its decision document made: the
/// publication task's id and its proposal (original and proposed texts).
async fn disguised_decision(app: &App, officer: &Agent) -> (i64, String, String) {
    let (id, _) = noticed_case_of(app, true, citizen()).await;
    let head = Agent::login(app, "scjg.fzr").await;
    let reviewer = Agent::login(app, "scjg.fzsh").await;
    pass_review(officer, &reviewer, id).await;
    reviewer
        .ok_step(
            id,
            json!({"kind": "legal_review", "occurred_at": "2026-03-12 10:00", "result": "同意", "content": "事实清楚"}),
        )
        .await;
    let mut decide = fine_step("decide", "2026-03-13 10:00", "5000");
    decide["content"] = json!(DISGUISED_FACTS);
    head.ok_step(id, decide).await;
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (_, list) = officer.get("/api/v1/publications?status=pending").await;
    let task = list.as_array().unwrap().iter().find(|p| p["case_id"] == id).unwrap().clone();
    let pid = task["id"].as_i64().unwrap();
    let (_, v) = officer.get(&format!("/api/v1/publications/{pid}")).await;
    let original = v["proposal"]["original"].as_str().unwrap().to_string();
    let proposed = v["proposal"]["proposed"]["text"].as_str().unwrap().to_string();
    assert!(original.contains("139\u{200B}1234"), "the document states the facts as typed: {original}");
    (pid, original, proposed)
}

/// Whether a public output shows any of [`DISGUISED_VALUES`], read as detection reads it.
fn shown(text: &str) -> Vec<&'static str> {
    let plain = zhifa_core::redact::normal::normalise(text).text();
    let digits_only: String = plain.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    DISGUISED_VALUES.into_iter().filter(|v| plain.contains(v) || digits_only.contains(v)).collect()
}

pub(crate) async fn disguised_private_data_reaches_no_public_output(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    // Through the API: the text as typed is refused, the proposal is published.
    let (api_pid, original, proposed) = disguised_decision(&app, &officer).await;
    assert!(shown(&proposed).is_empty(), "the proposal shows {:?}: {proposed}", shown(&proposed));
    let publish = format!("/api/v1/publications/{api_pid}/publish");
    let (s, e) = officer.post(&publish, json!({"full_text": original})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("full_text"), "{e}");
    let (s, v) = officer.post(&publish, json!({"full_text": proposed})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Through the page: the same.
    let (page_pid, original, proposed) = disguised_decision(&app, &officer).await;
    let form = |text: &str| {
        [("_csrf", officer.csrf.clone()), ("action", "publish".to_string()), ("full_text", text.to_string())]
    };
    let url = format!("{}/publications/{page_pid}", app.base);
    let r = officer.c.post(&url).form(&form(&original)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "the text as typed is refused on the page");
    assert!(r.text().await.unwrap().contains("个人信息"), "the refusal says why");
    let r = officer.c.post(&url).form(&form(&proposed)).send().await.unwrap();
    assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
    let (_, one) = Agent::anon(&app).get(&format!("/api/v1/public/decisions/{page_pid}")).await;
    assert_eq!(one["full_text"].as_str().unwrap(), proposed.trim(), "published from the page");
    // Every public output: pages, JSON, CSV, Atom, search, the proofs (under a checkpoint).
    app.state.app.checkpoint_once().await.unwrap();
    let anon = Agent::anon(&app);
    let mut outputs = Vec::new();
    for pid in [api_pid, page_pid] {
        outputs.push(format!("/public/decisions/{pid}"));
        outputs.push(format!("/api/v1/public/decisions/{pid}"));
        outputs.push(format!("/api/v1/public/decisions/{pid}/proof"));
    }
    for q in ["", "?q=%E9%A3%9F%E5%93%81", "?limit=100"] {
        outputs.push(format!("/public/decisions{q}"));
        outputs.push(format!("/api/v1/public/decisions{q}"));
        outputs.push(format!("/api/v1/public/decisions.csv{q}"));
    }
    outputs.push("/api/v1/public/feed.atom".into());
    outputs.push("/public".into());
    for path in outputs {
        let r = anon.c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let text = r.text().await.unwrap();
        assert!(shown(&text).is_empty(), "{path} shows {:?}", shown(&text));
        assert!(!text.contains('\u{200B}') && !text.contains('\u{2060}'), "{path} carries invisible characters");
    }
}
