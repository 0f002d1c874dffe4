//! Statutory rules of case handling exercised over HTTP: each scenario names its article.

use crate::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A citizen party born on `born` (YYYYMMDD), with a valid identity number.
fn citizen_born(name: &str, born: &str) -> Value {
    let first17 = format!("120224{born}123");
    let check = zhifa_core::ids::resident_id_check_char(&first17).unwrap();
    json!({"name": name, "id_number": format!("{first17}{check}"), "address": "天津市宝坻区周良街道某某村12号",
           "phone": "13800138000"})
}

/// Filed and investigated, act on 2026-01-10, with a photo of the evidence.
async fn investigated(app: &App, party: Value) -> i64 {
    investigated_case_of(app, true, party).await.0
}

/// 《行政处罚法》第三十条: a party of sixteen at the act is penalised leniently, and the decision
/// says why; one of thirteen is not penalised and the case closes without a penalty.
pub(crate) async fn art_30_minors_are_not_penalised_or_penalised_leniently(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let id = investigated(&app, citizen_born("王小红", "20090601")).await;
    let before = journal_len(&app).await;
    let v = officer.refused_step(id, fine_step("notify_intent", "2026-03-10 10:00", "2000"), "第三十条").await;
    assert!(v.to_string().contains("leniency") && v.to_string().contains("已满十四周岁不满十八周岁"), "{v}");
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let mut notice = fine_step("notify_intent", "2026-03-10 10:00", "2000");
    notice["leniency"] = json!("从轻处罚");
    officer.ok_step(id, notice).await;
    officer.ok_step(id, json!({"kind": "statement", "occurred_at": "2026-03-11 10:00", "waived": true})).await;
    reviewed(&app, id, "2026-03-12 10:00").await;
    head.refused_step(id, fine_step("decide", "2026-03-13 10:00", "1000"), "第三十条").await;
    let mut decide = fine_step("decide", "2026-03-13 10:00", "1000");
    decide["leniency"] = json!("mitigated");
    head.ok_step(id, decide).await;
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_decision"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let text = d["blocks"].to_string();
    for want in [
        "当事人王小红在违法行为发生时已满十四周岁不满十八周岁",
        "第三十条",
        "依法对当事人减轻处罚",
        "当事人放弃陈述、申辩",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(!text.contains("提出了陈述、申辩意见"), "a waived statement is not recited as made: {text}");
    assert!(!text.contains("向社会公示"), "a minor's decision is not published, so not announced: {text}");
    // 《行政处罚法》第五十九条第一款第六项: the decision bears the day it was made, not the day printed.
    let today = zhifa_core::doc::context::cn_date(zhifa_core::time::shanghai_date(chrono::Utc::now()));
    assert!(text.contains("2026年3月13日") && (today == "2026年3月13日" || !text.contains(&today)), "{text}");

    // Thirteen at the act (fourteen only on 2026-01-11): no penalty; the case closes so.
    let id = investigated(&app, citizen_born("李小明", "20120110")).await;
    let mut notice = fine_step("notify_intent", "2026-03-10 10:00", "2000");
    notice["leniency"] = json!("从轻处罚");
    let v = officer.refused_step(id, notice, "不满十四周岁").await;
    assert!(v.to_string().contains("监护人"), "{v}");
    head.ok_step(
        id,
        json!({"kind": "close", "occurred_at": "2026-03-10 11:00", "result": "不予行政处罚",
                            "content": "当事人行为时不满十四周岁，责令其监护人加以管教"}),
    )
    .await;
}

/// 《行政处罚法》第三十一条: capacity found at investigation decides whether a penalty is given.
pub(crate) async fn art_31_capacity_is_a_recorded_finding_with_its_effect(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let o = case_officers(&app).await;
    let id = investigated(&app, citizen()).await;
    officer
        .ok_step(
            id,
            json!({"kind": "investigate", "occurred_at": "2026-03-04 10:00", "officer_ids": [o.me, o.partner],
                   "place": "宝坻区南城东路12号", "content": "调取精神疾病司法鉴定意见书", "capacity": "none"}),
        )
        .await;
    let v = officer.refused_step(id, fine_step("notify_intent", "2026-03-10 10:00", "2000"), "第三十一条").await;
    assert!(v.to_string().contains("capacity"), "{v}");
    // A capacity on a step that finds none is refused, naming the field.
    let (s, v) = officer
        .step(id, json!({"kind": "suspend", "occurred_at": "2026-03-10 10:00", "content": "鉴定", "capacity": "none"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v.to_string().contains("capacity"), "{v}");
}

/// 《行政处罚法》第六十四条第一项、第六项: the hearing window runs from the notice whatever is
/// recorded meanwhile, waiving the statement is not waiving the hearing, and a party absent from
/// the hearing has waived it: the case goes on to a decision.
pub(crate) async fn art_64_hearing_rights_are_not_closed_early_and_a_no_show_ends_the_hearing(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let id = investigated(&app, citizen()).await;
    let notice = officer.ok_step(id, fine_step("notify_intent", "2026-03-10 10:00", "20000")).await;
    assert!(notice.to_string().contains("听证"), "{notice}");
    officer.ok_step(id, json!({"kind": "serve_notice", "occurred_at": "2026-03-10 10:30", "method": "直接送达"})).await;
    officer.ok_step(id, json!({"kind": "statement", "occurred_at": "2026-03-11 10:00", "waived": true})).await;
    reviewed(&app, id, "2026-03-12 10:00").await;
    head.refused_step(id, fine_step("decide", "2026-03-13 10:00", "20000"), "第六十四条第一项").await;
    officer
        .ok_step(id, json!({"kind": "hearing_request", "occurred_at": "2026-03-17 10:00", "content": "书面申请听证"}))
        .await;
    officer
        .ok_step(
            id,
            json!({"kind": "hearing_notice", "occurred_at": "2026-03-17 11:00", "to_date": "2026-03-27",
                   "place": "本局听证室", "content": "听证通知书已送达"}),
        )
        .await;
    let held = officer
        .ok_step(
            id,
            json!({"kind": "hearing", "occurred_at": "2026-03-27 10:00", "chair_officer_id": o.chair,
                   "party_present": false, "content": "当事人经书面通知，无正当理由未到场"}),
        )
        .await;
    assert!(held.to_string().contains("第六十四条第六项"), "{held}");
    head.ok_step(id, fine_step("decide", "2026-03-31 10:00", "20000")).await;
}

/// 《行政许可法》第四十二条: an extension of the licensing period is told to the applicant with
/// its reason.
pub(crate) async fn licensing_art_42_an_extension_is_told_with_its_reason(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let (id, _) = new_case(&officer, "licensing", "MS-XK-001", &[o.me, o.partner]).await;
    officer
        .ok_step(id, json!({"kind": "apply", "occurred_at": "2026-03-02 10:00", "content": "申请食品经营许可"}))
        .await;
    officer.ok_step(id, json!({"kind": "accept", "occurred_at": "2026-03-03 11:00"})).await;
    let extend = json!({"kind": "extend_decision", "occurred_at": "2026-03-20 10:00", "days": 10,
                        "content": "需现场核查，经负责人批准延长十日"});
    let v = head.refused_step(id, extend.clone(), "第四十二条").await;
    assert!(v.to_string().contains("notice_given"), "{v}");
    let mut told = extend;
    told["notice_given"] = json!(true);
    head.ok_step(id, told).await;
}

/// 《行政处罚法》第五十六条: 先行登记保存 with the head's approval, then a handling decision.
pub(crate) async fn art_56_preservation_is_approved_and_handled(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let id = investigated(&app, citizen()).await;
    let preserve = json!({"kind": "preserve_evidence", "occurred_at": "2026-03-04 10:00", "officer_ids": [o.me, o.partner],
                          "place": "宝坻区南城东路12号", "items": ["过期酸奶 20箱"], "party_present": true,
                          "party_signed": true, "content": "对涉案食品先行登记保存"});
    let before = journal_len(&app).await;
    let v = officer.refused_step(id, preserve.clone(), "第五十六条").await;
    assert!(v.to_string().contains("urgent_reason"), "{v}");
    assert_eq!(journal_len(&app).await, before);
    // Approval is the head's.
    officer
        .refused_step(
            id,
            json!({"kind": "approve_preservation", "occurred_at": "2026-03-04 09:30", "content": "同意"}),
            "负责人",
        )
        .await;
    head.ok_step(
        id,
        json!({"kind": "approve_preservation", "occurred_at": "2026-03-04 09:30", "content": "同意先行登记保存"}),
    )
    .await;
    officer.ok_step(id, preserve).await;
    let (_, case) = officer.get(&format!("/api/v1/cases/{id}")).await;
    assert!(case.to_string().contains("对先行登记保存的证据作出处理决定"), "{case}");
    head.ok_step(
        id,
        json!({"kind": "handle_preserved", "occurred_at": "2026-03-10 10:00", "content": "依法解除登记保存"}),
    )
    .await;
}

/// 《行政处罚法》第六十八条、第六十九条: a general-procedure fine is never collected on the spot
/// because it is small; only in a remote area at the party's request, the circumstances stated.
pub(crate) async fn art_68_69_on_the_spot_collection_needs_its_statutory_case(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (id, _) = decided_case(&app, true).await;
    officer.ok_step(id, json!({"kind": "serve", "occurred_at": "2026-03-16 10:00", "method": "直接送达"})).await;
    let collect = json!({"kind": "execute", "occurred_at": "2026-03-17 10:00", "method": "当场收缴",
                         "result": "small_fine", "amount": "5000"});
    let v = officer.refused_step(id, collect.clone(), "第六十九条").await;
    assert!(v.to_string().contains("第五十一条"), "{v}");
    let mut remote = collect;
    remote["result"] = json!("remote");
    officer.refused_step(id, remote.clone(), "请说明情况").await;
    remote["urgent_reason"] = json!("当事人居住在海岛渔村，无银行网点，书面提出当场缴纳");
    officer.ok_step(id, remote).await;
}

/// Every kind of step has a form that renders (the fields this issue added among them: 从宽处罚,
/// 责任能力, 放弃听证, 当场收缴依据, 收到限期拆除决定之日).
pub(crate) async fn every_step_form_renders(app: App) {
    let id = investigated(&app, citizen()).await;
    // One photo in the case: a form with evidence lists it to choose.
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (_, case) = officer.get(&format!("/api/v1/cases/{id}")).await;
    let me = collector(&app, "scjg.zf01").await;
    let q = evidence_query_in(case["number"].as_str().unwrap(), me, "").replace("format=mp4", "format=jpg");
    let (s, up) = officer.upload(&q, video(64, 1)).await;
    assert_eq!(s, StatusCode::CREATED, "{up}");
    let photo = up["id"].as_i64().unwrap();
    let mut rendered = std::collections::BTreeSet::new();
    for user in ["scjg.zf01", "scjg.fzr"] {
        let (c, _) = page_client(&app, user).await;
        for kind in zhifa_core::case::StepKind::ALL {
            let r = c.get(format!("{}/cases/{id}/step?kind={}", app.base, kind.code())).send().await.unwrap();
            let status = r.status();
            let html = r.text().await.unwrap();
            assert!(status == StatusCode::OK || status.is_client_error(), "{kind:?} as {user}: {status} {html}");
            if status == StatusCode::OK {
                rendered.insert(kind.code());
                for f in kind.fields() {
                    assert!(html.contains(&format!("name=\"{f}\"")), "{kind:?}: the form has no {f}");
                }
                if kind.fields().contains(&"evidence_ids") {
                    let choice = format!("name=\"evidence_ids\" value=\"{photo}\"");
                    assert!(html.contains(&choice), "{kind:?}: the case's evidence is offered to choose");
                }
            }
        }
    }
    for k in ["notify_intent", "decide", "hearing_request", "hearing", "execute", "public_notice", "preserve_evidence"]
    {
        assert!(rendered.contains(k), "{k} not rendered: {rendered:?}");
    }
}

/// 《行政强制法》第五十三条、第五十四条: the court is asked to enforce a fine only after the periods
/// of 复议 and 诉讼 have run, and ten days after a 催告书.
pub(crate) async fn enforcement_art_53_54_court_enforcement_waits_for_remedies_and_a_demand(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let (id, _) = decided_case(&app, true).await;
    officer.ok_step(id, json!({"kind": "serve", "occurred_at": "2026-03-16 10:00", "method": "直接送达"})).await;
    let court = |at: &str| json!({"kind": "execute", "occurred_at": at, "method": "申请法院强制执行", "content": "申请强制执行"});
    officer.refused_step(id, court("2026-09-16 10:00"), "第五十三条").await;
    officer.refused_step(id, court("2026-09-17 10:00"), "催告").await;
    officer
        .ok_step(id, json!({"kind": "demand", "occurred_at": "2026-09-17 10:00", "to_date": "2026-09-24", "content": "催告履行罚款"}))
        .await;
    officer.refused_step(id, court("2026-10-08 10:00"), "第五十四条").await;
    officer.ok_step(id, court("2026-10-09 10:00")).await;
}

/// 《行政处罚法》第四十四条、第四十五条、第六十四条第一项: the periods of 陈述申辩 and 听证 run from
/// the 告知书's service, which is recorded; its 送达回证 names the 告知书 with its number
/// (《民事诉讼法》第八十七条 as applied by 第六十一条).
pub(crate) async fn art_45_periods_run_from_the_service_of_the_notice_and_the_receipt_names_it(app: App) {
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let id = investigated(&app, citizen()).await;
    officer.ok_step(id, fine_step("notify_intent", "2026-03-10 10:00", "2000")).await;
    reviewed(&app, id, "2026-03-11 10:00").await;
    let before = journal_len(&app).await;
    head.refused_step(id, fine_step("decide", "2026-03-30 10:00", "2000"), "尚未送达").await;
    assert_eq!(journal_len(&app).await, before, "nothing written");
    let served = officer
        .ok_step(id, json!({"kind": "serve_notice", "occurred_at": "2026-03-13 15:00", "method": "邮寄送达"}))
        .await;
    assert!(served["prompts"].to_string().contains("尚未在系统中制作"), "{served}");
    // The receipt must name the 告知书 and its number: not before the 告知书 is made.
    let receipt = json!({"kind": "service_receipt", "step_id": served["id"]});
    let (s, e) = officer.post(&format!("/api/v1/cases/{id}/documents"), receipt.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("行政处罚事先告知书"), "{e}");
    let (s, n) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_notice"})).await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    let (s, r) = officer.post(&format!("/api/v1/cases/{id}/documents"), receipt).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let text = r["blocks"].to_string();
    let number = n["number"].as_str().unwrap();
    assert!(text.contains("《行政处罚事先告知书》") && text.contains(number) && text.contains("邮寄送达"), "{text}");
    // Served on Friday 03-13: five working days end on 03-20; the decision waits for them.
    let (_, c) = officer.get(&format!("/api/v1/cases/{id}")).await;
    assert!(c.to_string().contains("2026-03-20"), "the deadline is shown: {c}");
    head.refused_step(id, fine_step("decide", "2026-03-20 16:00", "2000"), "2026-03-20").await;
    head.ok_step(id, fine_step("decide", "2026-03-23 09:00", "2000")).await;
}

/// 《行政处罚法》第三十六条、第四十二条、第四十三条、第五十四条: registration already checks the
/// limitation and the handling officers' certificates; a registered case that cannot proceed is
/// not filed, with its reason; the head decides a recusal and the recused officer leaves the case.
pub(crate) async fn art_43_54_registration_checks_refusal_to_file_and_recusal(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let register = |officers: Vec<i64>, act_date: &str| {
        json!({"kind": "penalty_general", "power_item_code": "MS-CF-002", "source": "投诉举报", "domain": "市场监管",
               "parties": [company()], "officer_ids": officers, "facts": "接群众举报，该店销售超过保质期的食品",
               "act_date": act_date})
    };
    let before = journal_len(&app).await;
    let (s, e) = officer.post("/api/v1/cases", register(vec![o.me, o.expired], "2026-01-10")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("第四十二条") && e.to_string().contains("过期"), "{e}");
    let (s, e) = officer.post("/api/v1/cases", register(vec![o.me, o.partner], "2020-01-10")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("第三十六条") && e.to_string().contains("act_date"), "{e}");
    assert_eq!(journal_len(&app).await, before, "nothing written");

    // 不予立案, with its reason: the case closes at 待立案.
    let (id, _) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.refused_step(
        id,
        json!({"kind": "refuse_filing", "result": "limitation", "content": "超过时效"}),
        "第三十六条",
    )
    .await;
    let v = head
        .ok_step(
            id,
            json!({"kind": "refuse_filing", "result": "no_jurisdiction", "content": "违法行为发生地在外区，已告知举报人"}),
        )
        .await;
    assert_eq!(v["stage"], "closed", "{v}");

    // Recusal: the head decides; the recused officer leaves, the substitute takes over.
    let (id, _) = new_case(&officer, "penalty_general", "MS-CF-002", &[o.me, o.partner]).await;
    head.ok_step(id, json!({"kind": "file", "occurred_at": "2026-03-02 09:00", "content": "符合立案条件"})).await;
    let recusal = |subs: Vec<i64>| {
        json!({"kind": "recusal", "occurred_at": "2026-03-02 10:00", "officer_ids": [o.partner], "method": "当事人申请回避",
               "result": "决定回避", "substitute_ids": subs, "content": "当事人称该执法人员与其有利害关系，经核实属实"})
    };
    officer.refused_step(id, recusal(vec![o.chair]), "负责人").await;
    head.refused_step(id, recusal(vec![]), "接替").await;
    // A substitute whose certificate has expired by the day of the decision (now) is none.
    let mut expired = recusal(vec![o.expired]);
    expired["occurred_at"] = Value::Null;
    head.refused_step(id, expired, "过期").await;
    head.ok_step(id, recusal(vec![o.chair])).await;
    let (_, c) = officer.get(&format!("/api/v1/cases/{id}")).await;
    let ids: Vec<i64> = c["officers"].as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&o.chair) && !ids.contains(&o.partner), "{c}");
    let field = |officers: Vec<i64>| {
        json!({"kind": "investigate", "occurred_at": "2026-03-03 10:00", "officer_ids": officers,
               "place": "宝坻区南城东路12号", "content": "现场检查"})
    };
    officer.refused_step(id, field(vec![o.me, o.partner]), "第四十三条").await;
    officer.ok_step(id, field(vec![o.me, o.chair])).await;
}

/// 《行政处罚法》第四十四条、第五十五条: the 告知书 and the 决定书 state the provision violated
/// apart from the penalty's basis; a 询问笔录 is made only from a recorded 询问 with its questions
/// and answers.
pub(crate) async fn art_44_55_documents_state_the_record(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let id = investigated(&app, citizen()).await;
    // No 询问 recorded (only a 现场检查): no 询问笔录.
    let (s, e) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "inquiry_record"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("询问"), "{e}");
    let mut ask = json!({"kind": "inquire", "occurred_at": "2026-03-04 10:00", "officer_ids": [o.me, o.partner],
        "place": "本局询问室", "interviewee": "李四（当事人店员）", "items": ["问：这批食品从哪里进货？", "进货单在柜台"]});
    officer.refused_step(id, ask.clone(), "问：").await;
    ask["items"] = json!(["问：这批食品从哪里进货？", "答：从批发市场进货，进货单在柜台。"]);
    officer.ok_step(id, ask).await;
    let (s, d) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "inquiry_record"})).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let text = d["blocks"].to_string();
    assert!(text.contains("李四（当事人店员）") && text.contains("答：从批发市场进货"), "{text}");
    // The notice without the provision violated is refused, naming the field.
    let mut notice = fine_step("notify_intent", "2026-03-10 10:00", "2000");
    notice["violated"] = json!([]);
    officer.refused_step(id, notice, "violated").await;
    officer.ok_step(id, fine_step("notify_intent", "2026-03-10 10:00", "2000")).await;
    let (s, n) = officer.post(&format!("/api/v1/cases/{id}/documents"), json!({"kind": "penalty_notice"})).await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    let text = n["blocks"].to_string();
    assert!(
        text.contains("违反了《食品安全法》第三十四条的规定") && text.contains("依据《食品安全法》第一百二十四条"),
        "{text}"
    );
}

/// 《行政许可法》第四十五条至第四十八条: the applicant and interested parties are told of their right
/// to a hearing before the decision, have five days to ask, the hearing is held within twenty days
/// and notified seven days ahead by a chair who did not review the application, and the decision
/// is made on its record.
pub(crate) async fn licensing_art_46_48_hearings(app: App) {
    let o = case_officers(&app).await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let head = Agent::login(&app, "scjg.fzr").await;
    let reviewer = Agent::login(&app, "scjg.fzsh").await;
    let (id, _) = new_case(&officer, "licensing", "MS-XK-001", &[o.me, o.partner]).await;
    officer
        .ok_step(id, json!({"kind": "apply", "occurred_at": "2026-03-02 10:00", "content": "申请食品经营许可"}))
        .await;
    officer.ok_step(id, json!({"kind": "accept", "occurred_at": "2026-03-02 11:00"})).await;
    officer.refused_step(id, json!({"kind": "hearing_request", "occurred_at": "2026-03-03 09:00"}), "第四十七条").await;
    officer
        .ok_step(
            id,
            json!({"kind": "hearing_right_notice", "occurred_at": "2026-03-03 10:00",
                   "items": ["申请人宝坻区某某食品店", "利害关系人相邻住户王某"], "content": "书面告知听证权利"}),
        )
        .await;
    let mut decide = json!({"kind": "licence_decision", "occurred_at": "2026-03-10 10:00", "result": "准予许可",
        "legal_basis": ["行政许可法 第三十八条"], "content": "符合条件",
        "sign_password": zhifa_app::demo::DEMO_PASSWORD});
    head.refused_step(id, decide.clone(), "2026-03-10").await;
    let asked = officer
        .ok_step(
            id,
            json!({"kind": "hearing_request", "occurred_at": "2026-03-10 16:00", "content": "王某书面申请听证"}),
        )
        .await;
    assert!(asked["prompts"].to_string().contains("第四十五条"), "{asked}");
    decide["occurred_at"] = json!("2026-03-11 10:00");
    head.refused_step(id, decide.clone(), "第四十八条").await;
    let notice = |to: &str| {
        json!({"kind": "hearing_notice", "occurred_at": "2026-03-11 10:00", "to_date": to, "place": "本局听证室",
               "content": "听证通知已送达申请人、利害关系人"})
    };
    officer.refused_step(id, notice("2026-04-09"), "2026-04-08").await;
    officer.ok_step(id, notice("2026-04-08")).await;
    let hearing = |chair: i64| {
        json!({"kind": "hearing", "occurred_at": "2026-04-08 10:00", "chair_officer_id": chair, "party_signed": true,
               "content": "审查人员提出审查意见及证据，申请人、利害关系人申辩、质证"})
    };
    officer.refused_step(id, hearing(o.me), "主持").await;
    officer.ok_step(id, hearing(o.chair)).await;
    officer
        .ok_step(
            id,
            json!({"kind": "exclude_period", "occurred_at": "2026-04-08 12:00", "method": "听证", "from_date": "2026-03-10",
                   "to_date": "2026-04-08", "notice_given": true, "content": "听证所需时间，已书面告知申请人"}),
        )
        .await;
    pass_review(&officer, &reviewer, id).await;
    decide["occurred_at"] = json!("2026-04-09 10:00");
    let v = head.ok_step(id, decide).await;
    assert!(v["prompts"].to_string().contains("根据听证笔录"), "{v}");
}

/// 《行政处罚法》第三十七条: a case applies the item version in force at the act, or a later one
/// the body marked as lighter; an item not yet in force at the act gives no penalty. The case
/// shows which version applied and why.
pub(crate) async fn art_37_the_law_at_the_time_of_the_act(app: App) {
    let o = case_officers(&app).await;
    let admin = Agent::login(&app, "scjg.admin").await;
    let officer = Agent::login(&app, "scjg.zf01").await;
    let b = body_id(&app, SCJG).await;
    let item = |change: &str, from: &str, retro: &str| {
        json!({"body_id": b, "code": "MS-CF-937", "name": "对销售不符合标签规定食品的行政处罚", "category": "行政处罚",
               "legal_basis": ["食品安全法 第一百二十五条"], "procedure": "一般程序", "remedy": "复议或诉讼",
               "effective_from": from, "change_kind": change, "change_reason": "修订", "retroactivity": retro})
    };
    let (s, e) = admin.post("/api/v1/power-items", item("立", "2025-01-01", "lighter")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("retroactivity"), "{e}");
    for (change, from, retro) in [("立", "2025-01-01", ""), ("改", "2026-02-01", "lighter")] {
        let (s, v) = admin.post("/api/v1/power-items", item(change, from, retro)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let register = |act: &str| {
        json!({"kind": "penalty_general", "power_item_code": "MS-CF-937", "source": "投诉举报", "domain": "市场监管",
               "parties": [company()], "officer_ids": [o.me, o.partner], "facts": "销售标签不符合规定的预包装食品",
               "act_date": act})
    };
    // Before the item was in force: no penalty under it.
    let (s, e) = officer.post("/api/v1/cases", register("2024-12-31")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.to_string().contains("第三十七条") && e.to_string().contains("尚未施行"), "{e}");
    // An act under version 1, the lighter version 2 in force since: version 2 applies, and says why.
    let (s, c) = officer.post("/api/v1/cases", register("2026-01-10")).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, v) = officer.get(&format!("/api/v1/cases/{}", c["id"])).await;
    let basis = v["item_basis"].as_str().unwrap_or_default();
    assert!(basis.contains("第2版") && basis.contains("从旧兼从轻"), "{v}");
    // An act after the amendment takes it as the rule of its day.
    let (s, c) = officer.post("/api/v1/cases", register("2026-03-01")).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, v) = officer.get(&format!("/api/v1/cases/{}", c["id"])).await;
    assert!(v["item_basis"].as_str().is_some_and(|b| b.contains("违法行为发生时") && b.contains("第2版")), "{v}");
}

/// 《行政强制法》第三十五条、第三十七条、第四十三条、第四十四条 over HTTP: a 城管 demolition is
/// decided after the 催告's period, announced with the day the party received the order, and
/// carried out only by day, after the notice's period and after the periods for 复议 and 诉讼 have
/// run, with its video.
pub(crate) async fn enforcement_art_44_demolition_waits_for_the_notice_and_the_remedy_periods(app: App) {
    let b = body_id(&app, "天津市宝坻区城市管理委员会").await;
    let me = collector(&app, "cgw.zf01").await;
    let f = zhifa_store::reads::CertificateFilter { body_id: Some(b), ..Default::default() };
    let certs = app.store.list_certificates(zhifa_core::access::Scope::Body(b), &f).await.unwrap();
    let partner = certs
        .iter()
        .find(|c| c.status == "valid" && c.valid_to.to_string().as_str() >= "2028" && c.officer_id != me)
        .unwrap()
        .officer_id;
    let officer = Agent::login(&app, "cgw.zf01").await;
    let head = Agent::login(&app, "cgw.fzr").await;
    let reviewer = Agent::login(&app, "cgw.fzsh").await;
    let (s, c) = officer
        .post(
            "/api/v1/cases",
            json!({"kind": "compulsory_enforcement", "power_item_code": "CG-QZ-001", "source": "检查发现", "domain": "城市管理",
                   "parties": [citizen()], "officer_ids": [me, partner],
                   "facts": "当事人未取得建设工程规划许可证搭建的违法建设，限期拆除决定送达后逾期未拆除"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (id, number) = (c["id"].as_i64().unwrap(), c["number"].as_str().unwrap().to_string());
    officer
        .ok_step(id, json!({"kind": "demand", "occurred_at": "2026-03-02 10:00", "to_date": "2026-03-12", "content": "催告当事人自行拆除"}))
        .await;
    pass_review(&officer, &reviewer, id).await;
    let decide = |at: &str| {
        json!({"kind": "enforcement_decision", "occurred_at": at, "method": "强制拆除", "content": "决定强制拆除",
               "legal_basis": ["行政强制法 第四十四条"], "sign_password": zhifa_app::demo::DEMO_PASSWORD})
    };
    head.refused_step(id, decide("2026-03-12 10:00"), "第三十七条").await;
    head.ok_step(id, decide("2026-03-13 10:00")).await;
    officer.ok_step(id, json!({"kind": "serve", "occurred_at": "2026-03-13 11:00", "method": "直接送达"})).await;
    let notice = |from: Option<&str>, at: &str| {
        let mut v =
            json!({"kind": "public_notice", "occurred_at": at, "to_date": "2026-03-30", "content": "公告限期自行拆除"});
        if let Some(f) = from {
            v["from_date"] = json!(f);
        }
        v
    };
    officer.refused_step(id, notice(None, "2026-03-20 11:00"), "from_date").await;
    // The order was received on 2025-10-15: six months run to 2026-04-15.
    officer.ok_step(id, notice(Some("2025-10-15"), "2026-03-20 11:00")).await;
    for day in ["2026-03-31", "2026-04-16"] {
        let q = evidence_query(me, "")
            .replace("津宝市监罚〔2026〕8号", &number)
            .replace("2026-11-20%2009:30", &format!("{day}%2010:05"));
        assert_eq!(officer.upload(&q, video(1024, 7)).await.0, StatusCode::CREATED);
    }
    let (_, list) = officer.get(&format!("/api/v1/evidence?case_number={number}")).await;
    let ids: Vec<i64> = list.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    let enforce = |at: &str| {
        json!({"kind": "enforce", "occurred_at": at, "officer_ids": [me, partner], "place": "宝坻区周良街道某某村12号",
               "party_present": true, "content": "依法强制拆除违法建设", "evidence_ids": ids})
    };
    officer.refused_step(id, enforce("2026-03-31 10:00"), "2026-04-15").await;
    // At night, even after the periods: refused (第四十三条).
    officer.refused_step(id, enforce("2026-04-16 23:00"), "第四十三条").await;
    let v = officer.ok_step(id, enforce("2026-04-16 10:00")).await;
    assert!(v["prompts"].to_string().contains("未申请行政复议"), "{v}");
}
