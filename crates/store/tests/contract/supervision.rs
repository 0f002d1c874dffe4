//! The warnings' clues and thresholds: a clue is raised once per finding and facts, replaced
//! when its facts change, closed when its finding is gone; never deleted, every act journaled.

use crate::prelude::*;
use zhifa_core::access::Role;
use zhifa_core::access::Scope;
use zhifa_core::supervision::oversight::{
    ClueAct, ConcludeInput, NoticeDraft, NoticeInput, NoticeStatus, ReplyInput, Route,
};
use zhifa_core::supervision::{Severity, Thresholds};
use zhifa_store::supervision::{ClueFilter, NewClue, NewNotice, NoticeFilter};
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

pub(crate) fn clue(body: i64, officer: i64, hash: &str) -> NewClue {
    NewClue {
        rule: "W05".into(),
        rule_version: 1,
        finding: "certificate".into(),
        body_id: body,
        case_id: None,
        officer_id: Some(officer),
        severity: Severity::Yellow,
        summary: "张明的执法证件将于2026-12-31到期".into(),
        inputs: format!(r#"{{"valid_to":"{hash}"}}"#),
        inputs_hash: hash.into(),
    }
}

pub(crate) async fn clues_are_raised_once_replaced_when_facts_change_and_closed_when_gone(s: Store) {
    let (b, o, _) = setup(&s).await;
    let subject = format!("officer:{o}");
    let sync = |hits: Vec<NewClue>| Command::SyncClues { subject: subject.clone(), hits };
    let first = s.execute(&sys(), sync(vec![clue(b, o, "h1")])).await.unwrap();
    assert_eq!(first.id, 1, "one clue raised");
    // The same facts again: nothing changes, nothing is journaled.
    let seq = s.journal_seq().await.unwrap();
    assert_eq!(s.execute(&sys(), sync(vec![clue(b, o, "h1")])).await.unwrap().id, 0);
    assert_eq!(s.journal_seq().await.unwrap(), seq);
    // Changed facts: the old clue closes as superseded, pointing at the new one.
    assert_eq!(s.execute(&sys(), sync(vec![clue(b, o, "h2")])).await.unwrap().id, 2);
    let all = ClueFilter { status: Some("all".into()), ..Default::default() };
    let rows = s.clues(Scope::All, &all).await.unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let (new, old) = (&rows[0], &rows[1]);
    assert_eq!((old.close_reason.as_deref(), old.superseded_by), (Some("superseded"), Some(new.id)));
    assert!(new.closed_at.is_none() && new.inputs_hash == "h2");
    // Gone: closed as resolved; the rows stay.
    assert_eq!(s.execute(&sys(), sync(vec![])).await.unwrap().id, 1);
    let open = s.clues(Scope::All, &ClueFilter::default()).await.unwrap();
    assert!(open.is_empty());
    let closed =
        s.clues(Scope::All, &ClueFilter { status: Some("closed".into()), ..Default::default() }).await.unwrap();
    assert_eq!(closed.len(), 2);
    assert_eq!(closed[0].close_reason.as_deref(), Some("resolved"));
    // raise, raise + close, close: four entries in all, each a clue row's state.
    assert_eq!(s.journal_seq().await.unwrap(), seq + 3);
    // A body's scope never reaches the clues; another body sees none of them.
    let body_actor = Actor { user_id: None, scope: Scope::Body(b) };
    assert!(matches!(s.execute(&body_actor, sync(vec![clue(b, o, "h3")])).await, Err(StoreError::NotFound(_))));
    assert!(s.clues(Scope::Body(b + 100), &all).await.unwrap().is_empty());
    assert_eq!(s.clues(Scope::Body(b), &all).await.unwrap().len(), 2);
    // A bad filter names its field.
    let bad = ClueFilter { severity: Some("purple".into()), ..Default::default() };
    match s.clues(Scope::All, &bad).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "severity"),
        other => panic!("{other:?}"),
    }
}

pub(crate) async fn thresholds_are_journaled_with_their_reason(s: Store) {
    assert_eq!(s.warning_thresholds().await.unwrap(), Thresholds::default());
    let bad = Thresholds { certificate_expiry_days: 0, ..Thresholds::default() };
    let cmd = Command::SetWarningThresholds { thresholds: bad, reason: "".into() };
    match s.execute(&sys(), cmd).await {
        Err(StoreError::Invalid(i)) => {
            let fields: Vec<_> = i.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["reason", "certificate_expiry_days"]);
        }
        other => panic!("{other:?}"),
    }
    let t = Thresholds { enforcement_months: 6, ..Thresholds::default() };
    let cmd = Command::SetWarningThresholds { thresholds: t.clone(), reason: "执行期限按本区规定".into() };
    s.execute(&sys(), cmd).await.unwrap();
    assert_eq!(s.warning_thresholds().await.unwrap(), t);
    assert_eq!(s.warning_settings_history().await.unwrap()[0].reason, "执行期限按本区规定");
}

fn draft(kind: &str, days: u32) -> NoticeDraft {
    NoticeInput {
        kind: kind.into(),
        subject: "执法人员证件到期仍承办案件".into(),
        facts: "张明的执法证件即将到期，仍承办未结案件。".into(),
        basis: "《行政处罚法》第四十二条".into(),
        requirement: "及时办理换证，到期前调整承办人员。".into(),
        reply_days: Some(days),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// The justice bureau's body, registered once.
pub(crate) async fn bureau(s: &Store) -> i64 {
    if let Some(b) = s.body_by_name("宝坻区司法局").await.unwrap() {
        return b.id;
    }
    let mut bureau = body("宝坻区司法局");
    bureau.is_supervisor = true;
    s.execute(&sys(), Command::CreateBody(bureau)).await.unwrap().id
}

/// A notice issued to `body` without a clue, replied to, sent back, replied again and closed
/// (by the installation itself); returns its id.
pub(crate) async fn notice_round_trip(s: &Store, body: i64) -> i64 {
    bureau(s).await;
    let issue = NewNotice { draft: draft("notice", 10), body_id: Some(body), clue_id: None, case_id: None };
    let id = s.execute(&sys(), Command::IssueNotice { notice: Box::new(issue) }).await.unwrap().id;
    let reply = |text: &str| Command::ReplyNotice {
        notice_id: id,
        reply: ReplyInput { text: text.into(), ..Default::default() },
    };
    let verdict = |accept: bool| Command::ConcludeNotice {
        notice_id: id,
        verdict: ConcludeInput { accept, note: Some("未附换证材料".into()), reply_days: Some(5) },
    };
    s.execute(&sys(), reply("已安排换证")).await.unwrap();
    s.execute(&sys(), verdict(false)).await.unwrap();
    s.execute(&sys(), reply("已换证，附新证件")).await.unwrap();
    s.execute(&sys(), verdict(true)).await.unwrap();
    id
}

pub(crate) async fn supervision_notices_are_numbered_answered_sent_back_and_closed(s: Store) {
    let (b, o, _) = setup(&s).await;
    let bureau = bureau(&s).await;
    let sup = user(&s, "sup", Role::Supervisor, Some(bureau)).await;
    let head = user(&s, "head", Role::Head, Some(b)).await;
    let as_sup = Actor { user_id: Some(sup), scope: Scope::All };
    let as_head = Actor { user_id: Some(head), scope: Scope::Body(b) };
    let subject = format!("officer:{o}");
    s.execute(&sys(), Command::SyncClues { subject, hits: vec![clue(b, o, "h1")] }).await.unwrap();
    let c = s.clues(Scope::All, &ClueFilter::default()).await.unwrap().remove(0);
    let act = |act: ClueAct, route: Option<Route>, note: Option<&str>| Command::ActOnClue {
        clue_id: c.id,
        act,
        route,
        note: note.map(str::to_string),
    };
    let field = |r: Result<zhifa_store::write::Outcome, StoreError>| match r {
        Err(StoreError::Invalid(i)) => i.errors[0].field.clone(),
        other => panic!("{other:?}"),
    };
    // Bad acts name their field; a body cannot act on a clue.
    assert_eq!(field(s.execute(&as_sup, act(ClueAct::Route, None, None)).await), "route");
    assert_eq!(field(s.execute(&as_sup, act(ClueAct::Dismiss, None, Some("  "))).await), "note");
    let r = s.execute(&as_head, act(ClueAct::Route, Some(Route::Simple), None)).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    s.execute(&as_sup, act(ClueAct::Route, Some(Route::General), Some("立案监督"))).await.unwrap();

    // A correction notice on the clue: the body is the clue's; numbered per issuer, year, kind.
    let on_clue = |kind: &str| NewNotice { draft: draft(kind, 5), body_id: None, clue_id: Some(c.id), case_id: None };
    let id = s.execute(&as_sup, Command::IssueNotice { notice: Box::new(on_clue("correction")) }).await.unwrap().id;
    let n = s.notice(Scope::All, id).await.unwrap().unwrap();
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let year = chrono::Datelike::year(&today);
    assert_eq!(n.number, format!("{bureau:03}执监纠〔{year}〕1号"));
    assert_eq!((n.body_id, n.clue_id, n.status, n.round), (b, Some(c.id), NoticeStatus::Issued, 1));
    assert_eq!(n.deadline, s.calendar().add_working_days(today, 5).unwrap());
    assert!(n.content.contains("纠正通知书") && n.content.contains(&format!("线索{}", c.id)), "{}", n.content);
    let second = s.execute(&as_sup, Command::IssueNotice { notice: Box::new(on_clue("correction")) }).await.unwrap();
    assert_eq!(s.notice(Scope::All, second.id).await.unwrap().unwrap().seq, 2);
    let opinion = s.execute(&as_sup, Command::IssueNotice { notice: Box::new(on_clue("opinion")) }).await.unwrap();
    assert_eq!(s.notice(Scope::All, opinion.id).await.unwrap().unwrap().seq, 1, "numbered per kind");
    // A body does not issue; a document to the bureau itself or without a body is refused.
    let r = s.execute(&as_head, Command::IssueNotice { notice: Box::new(on_clue("notice")) }).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    let to = |body: Option<i64>| NewNotice { draft: draft("notice", 5), body_id: body, clue_id: None, case_id: None };
    assert_eq!(field(s.execute(&as_sup, Command::IssueNotice { notice: Box::new(to(Some(bureau))) }).await), "body_id");
    assert_eq!(field(s.execute(&as_sup, Command::IssueNotice { notice: Box::new(to(None)) }).await), "body_id");
    // Once a document is issued on it, the clue cannot be dismissed.
    let r = s.execute(&as_sup, act(ClueAct::Dismiss, None, Some("不属实"))).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    let acts: Vec<ClueAct> = s.clue_actions(c.id).await.unwrap().iter().map(|a| a.act).collect();
    assert_eq!(acts, [ClueAct::Route, ClueAct::Notice, ClueAct::Notice, ClueAct::Notice]);

    // The body replies: another body cannot, an empty reply or another body's evidence is refused.
    let reply = |text: &str, evidence: Vec<i64>| Command::ReplyNotice {
        notice_id: id,
        reply: ReplyInput { text: text.into(), evidence_ids: evidence, document_ids: vec![] },
    };
    let other = Actor { user_id: Some(head), scope: Scope::Body(b + 100) };
    assert!(matches!(s.execute(&other, reply("已整改", vec![])).await, Err(StoreError::NotFound(_))));
    assert_eq!(field(s.execute(&as_head, reply(" ", vec![])).await), "text");
    assert_eq!(field(s.execute(&as_head, reply("已整改", vec![99_999])).await), "evidence_ids");
    let verdict = |accept: bool, note: Option<&str>| Command::ConcludeNotice {
        notice_id: id,
        verdict: ConcludeInput { accept, note: note.map(str::to_string), reply_days: Some(3) },
    };
    let r = s.execute(&as_sup, verdict(true, None)).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "nothing to review yet: {r:?}");
    s.execute(&as_head, reply("已调整承办人员", vec![])).await.unwrap();
    assert!(matches!(s.execute(&as_head, reply("再报", vec![])).await, Err(StoreError::Conflict(_))));
    // Sent back with reasons: a new round with a new deadline.
    assert_eq!(field(s.execute(&as_sup, verdict(false, None)).await), "note");
    assert!(matches!(s.execute(&as_head, verdict(true, None)).await, Err(StoreError::NotFound(_))));
    s.execute(&as_sup, verdict(false, Some("未附证明材料"))).await.unwrap();
    let n = s.notice(Scope::All, id).await.unwrap().unwrap();
    assert_eq!((n.status, n.round), (NoticeStatus::Issued, 2));
    assert_eq!(n.deadline, s.calendar().add_working_days(today, 3).unwrap());
    s.execute(&as_head, reply("已调整承办人员，附调整通知", vec![])).await.unwrap();
    s.execute(&as_sup, verdict(true, Some("同意办结"))).await.unwrap();
    let n = s.notice(Scope::All, id).await.unwrap().unwrap();
    assert!(n.status == NoticeStatus::Closed && n.closed_at.is_some());
    let replies = s.notice_replies(id).await.unwrap();
    let verdicts: Vec<_> = replies.iter().map(|r| (r.round, r.verdict.as_deref(), r.late)).collect();
    assert_eq!(verdicts, [(1, Some("returned"), false), (2, Some("accepted"), false)]);
    assert!(matches!(s.execute(&as_head, reply("再报", vec![])).await, Err(StoreError::Conflict(_))));
    // What each side lists.
    let mine = s.notices(Scope::Body(b), &NoticeFilter::default()).await.unwrap();
    assert_eq!(mine.len(), 3);
    assert!(s.notices(Scope::Body(b + 100), &NoticeFilter::default()).await.unwrap().is_empty());
    let closed = NoticeFilter { status: Some("closed".into()), ..Default::default() };
    assert_eq!(s.notices(Scope::All, &closed).await.unwrap().len(), 1);
    let bad = NoticeFilter { status: Some("lost".into()), ..Default::default() };
    assert!(matches!(s.notices(Scope::All, &bad).await, Err(StoreError::Invalid(_))));
    // The PDF is drawn from the journaled text.
    let pdf = s.notice_pdf(&n).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

/// A complaint from the public form through routing, acceptance, extension, conclusion, the
/// reply, the complainant's 复查 and its answer; returns its id.
pub(crate) async fn complaint_round_trip(s: &Store, body: i64) -> i64 {
    use zhifa_core::supervision::complaints::{ComplaintAct as A, ComplaintActInput, ComplaintInput};
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let draft = ComplaintInput {
        channel: "portal".into(),
        category: "penalty".into(),
        body_id: Some(body),
        subject: "罚款未出具收据".into(),
        content: "缴纳罚款后执法人员未出具罚款收据。".into(),
        name: Some("李某".into()),
        phone: Some("13800001111".into()),
        ..Default::default()
    }
    .validate(today)
    .unwrap();
    let code = format!("TEST-{:04}-0000-0000", body % 10_000);
    let register = Command::RegisterComplaint { draft: Box::new(draft), code, public: true };
    let id = s.execute(&sys(), register).await.unwrap().id;
    let t = Thresholds::default();
    let act = |a: A, input: ComplaintActInput, complainant: bool| Command::ActOnComplaint {
        id,
        act: Box::new(input.validate(a, today, &t).unwrap()),
        complainant,
    };
    let note = |n: &str| ComplaintActInput { note: Some(n.into()), ..Default::default() };
    s.execute(&sys(), act(A::Assign, ComplaintActInput { body_id: Some(body), ..Default::default() }, false))
        .await
        .unwrap();
    s.execute(&sys(), act(A::Accept, ComplaintActInput::default(), false)).await.unwrap();
    let extend = ComplaintActInput { days: Some(10), note: Some("需调取视频".into()), ..Default::default() };
    s.execute(&sys(), act(A::Extend, extend, false)).await.unwrap();
    let conclude = ComplaintActInput {
        finding: Some("substantiated".into()),
        basis: Some("《行政处罚法》第七十条".into()),
        ..note("未出具收据属实，已补开并责令改正。")
    };
    s.execute(&sys(), act(A::Conclude, conclude, false)).await.unwrap();
    let answer = ComplaintActInput { method: Some("sms".into()), ..Default::default() };
    s.execute(&sys(), act(A::Answer, answer, false)).await.unwrap();
    s.execute(&sys(), act(A::AskReview, ComplaintActInput::default(), true)).await.unwrap();
    let review = ComplaintActInput { finding: Some("substantiated".into()), ..note("维持原处理意见。") };
    s.execute(&sys(), act(A::Review, review, false)).await.unwrap();
    id
}

pub(crate) async fn complaints_follow_their_acts_in_order_and_keep_every_act(s: Store) {
    use zhifa_core::supervision::complaints::{ComplaintAct as A, ComplaintActInput};
    let (b, _, _) = setup(&s).await;
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap().id;
    let id = complaint_round_trip(&s, b).await;
    let c = s.complaint(Scope::All, id).await.unwrap().unwrap();
    assert_eq!(c.status.code(), "reviewed");
    assert_eq!(c.extension_days, Some(10));
    let acts: Vec<&str> = s.complaint_acts(id).await.unwrap().iter().map(|a| a.act.code()).collect::<Vec<_>>();
    assert_eq!(acts, ["register", "assign", "accept", "extend", "conclude", "answer", "ask_review", "review"]);
    // Another body reaches neither the complaint nor its acts.
    assert!(s.complaint(Scope::Body(other), id).await.unwrap().is_none());
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let t = Thresholds::default();
    let as_other = Actor { user_id: None, scope: Scope::Body(other) };
    let again = ComplaintActInput { note: Some("x".into()), finding: Some("partly".into()), ..Default::default() }
        .validate(A::Recheck, today, &t)
        .unwrap();
    let r =
        s.execute(&as_other, Command::ActOnComplaint { id, act: Box::new(again.clone()), complainant: false }).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    // Out of order: a second review is refused, and nothing is written.
    let before = s.complaint_acts(id).await.unwrap().len();
    let review =
        ComplaintActInput { note: Some("再次复查".into()), finding: Some("partly".into()), ..Default::default() }
            .validate(A::Review, today, &t)
            .unwrap();
    let r = s.execute(&sys(), Command::ActOnComplaint { id, act: Box::new(review), complainant: false }).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    // The complainant may ask only for 复查 or 复核.
    let r = s.execute(&sys(), Command::ActOnComplaint { id, act: Box::new(again), complainant: true }).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    assert_eq!(s.complaint_acts(id).await.unwrap().len(), before);
    // The particulars never travel with the complaint's JSON.
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains("13800001111") && !json.contains("李某"), "{json}");
}

/// An inspection case of `item` by `officers`, inspected, concluded and closed today.
pub(crate) async fn closed_inspection(s: &Store, b: i64, officers: [i64; 2], item: &str) -> i64 {
    let case = s.execute(&sys(), new_case(b, "inspection", item, officers.to_vec())).await.unwrap().id;
    s.execute(&sys(), step(case, "start_inspection", Role::Officer, Some(officers[0]), |_| {})).await.unwrap();
    s.execute(
        &sys(),
        step(case, "inspect", Role::Officer, Some(officers[0]), |i| {
            i.officer_ids = officers.to_vec();
            i.place = Some("宝坻区南城东路12号".into());
            i.party_present = Some(true);
            i.party_signed = Some(true);
        }),
    )
    .await
    .unwrap();
    s.execute(
        &sys(),
        step(case, "inspection_result", Role::Officer, Some(officers[0]), |i| i.result = Some("未发现问题".into())),
    )
    .await
    .unwrap();
    s.execute(&sys(), step(case, "close", Role::Head, None, |i| i.result = Some("执行完毕".into()))).await.unwrap();
    case
}

/// 考核评议: each body's counts are the rows each indicator counts, grouped; the year bounds them.
pub(crate) async fn assessment_counts_are_their_rows_grouped(s: Store) {
    use zhifa_core::supervision::assessment::{Count, Indicator as I};
    let (b, o, _) = setup(&s).await;
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    let o3 = s.execute(&sys(), Command::CreateOfficer(officer(b, "赵刚"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o3, "津12011500003", "2020-01-01", "2026-06-30"))).await.unwrap();
    s.execute(&sys(), inspection_item(b)).await.unwrap();
    let case = closed_inspection(&s, b, [o, o2], "JC-1").await;
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let year = chrono::Datelike::year(&today);
    let counts = s.assessment_counts(year, today).await.unwrap();
    let mine = &counts[&b];
    let c = |n, d| Count { numerator: n, denominator: d };
    assert_eq!(mine[&I::Certificates], c(2, 3), "o3's certificate expired in June");
    assert_eq!(mine[&I::OnTime], c(1, 1));
    assert_eq!(mine[&I::Overdue], c(0, 1));
    assert_eq!(mine[&I::Inspections], c(1, 1));
    assert!(!mine.contains_key(&I::Complaints));
    let rows = s.assessment_rows(year, today, Some(I::OnTime), Some(b)).await.unwrap();
    assert_eq!((rows.len(), rows[0].id, rows[0].table), (1, case, "cases"));
    // Another year counts none of it but the officers.
    let before = s.assessment_counts(year - 1, today).await.unwrap();
    assert!(!before[&b].contains_key(&I::OnTime));
    assert_eq!(before[&b][&I::Certificates], c(3, 3), "all three held a valid certificate at the end of last year");
}

/// 案卷评查 through the one write path: an inspection case closed, a campaign announced with a
/// reviewer of another body, checkpointed before its entropy, drawn, both sheets submitted and
/// the file settled, the results published. Returns the campaign's id.
pub(crate) async fn evaluation_round_trip(s: &Store, b: i64, officers: [i64; 2], keys: &crate::ledger::Keys) -> i64 {
    use zhifa_core::supervision::evaluation::{CampaignInput, Sheet};
    closed_inspection(s, b, officers, "X-1").await;
    let mut reviewers = Vec::new();
    for (i, name) in ["宝坻区生态环境局（评查）", "宝坻区城市管理委员会（评查）"].iter().enumerate()
    {
        let other = s.execute(&sys(), Command::CreateBody(body(name))).await.unwrap().id;
        let u = s
            .execute(
                &sys(),
                Command::CreateUser {
                    username: format!("pc.fzsh{i}"),
                    display_name: "评查人员".into(),
                    password_hash: "h".into(),
                    role: Role::Reviewer,
                    body_id: Some(zhifa_core::ids::BodyId(other)),
                    officer_id: None,
                    must_change_password: false,
                },
            )
            .await
            .unwrap()
            .id;
        reviewers.push(u);
    }
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let input = CampaignInput {
        title: "行政检查案卷评查".into(),
        period_from: (today - chrono::Days::new(1)).to_string(),
        period_to: (today + chrono::Days::new(1)).to_string(),
        kinds: vec!["inspection".into()],
        standard_id: None,
        percent: Some(100),
        count: None,
        cap: 0,
        gap_points: None,
        reviewer_ids: reviewers.clone(),
        conflicts: String::new(),
        entropy_source: "drand 某轮".into(),
        entropy_at: (chrono::Utc::now() + chrono::Duration::milliseconds(1500)).to_rfc3339(),
    };
    let draft = input.check(chrono::Utc::now()).unwrap();
    let id = s.execute(&sys(), Command::AnnounceCampaign { draft: Box::new(draft) }).await.unwrap().id;
    // Drawn before the announcement is under a checkpoint: refused, nothing written.
    let r = s.execute(&sys(), Command::DrawCampaign { id, entropy: "ab12".into() }).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    s.execute(&sys(), Command::DrawCampaign { id, entropy: "AB12".into() }).await.unwrap();
    let sheets = s.evaluation_sheets(id).await.unwrap();
    assert_eq!(sheets.len(), 2);
    for sh in &sheets {
        assert_ne!(sh.reviewer_body_id, Some(b), "交叉评查");
        let me = Actor { user_id: Some(sh.reviewer_id), scope: Scope::Body(sh.reviewer_body_id.unwrap()) };
        // Only the drawn reviewer submits.
        let other = Actor { user_id: Some(sh.reviewer_id + 1000), scope: Scope::All };
        let r = s.execute(&other, Command::SubmitEvaluationSheet { id: sh.id, sheet: Box::default() }).await;
        assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
        s.execute(&me, Command::SubmitEvaluationSheet { id: sh.id, sheet: Box::new(Sheet::default()) }).await.unwrap();
    }
    let files = s.evaluation_files(id).await.unwrap();
    assert_eq!((files[0].total, files[0].grade.as_deref()), (Some(1000), Some("excellent")));
    s.execute(&sys(), Command::PublishCampaign { id }).await.unwrap();
    id
}
