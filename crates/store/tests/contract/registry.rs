//! The registry: bodies, certificates, power lists, reviewers, sessions, batches.

use crate::prelude::*;
use chrono::Duration;
use zhifa_core::access::{Role, Scope};
use zhifa_core::ids::{BodyId, OfficerId, UserId};
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

pub(crate) async fn duplicate_body_name_is_a_conflict(s: Store) {
    s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap();
    let e = s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(ref m) if m.contains("已存在")), "{e:?}");
}

pub(crate) async fn bad_reference_writes_nothing(s: Store) {
    let before = counts(&s).await;
    let mut b = body("某受委托组织");
    b.kind = BodyKind::EntrustedOrganization;
    b.entrusting_body_id = Some(999);
    let e = s.execute(&sys(), Command::CreateBody(b)).await.unwrap_err();
    match e {
        StoreError::Invalid(i) => assert_eq!(i.errors[0].field, "entrusting_body_id"),
        other => panic!("{other:?}"),
    }
    let e = s.execute(&sys(), Command::CreateOfficer(officer(999, "李四"))).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    assert_eq!(before, counts(&s).await);
}

pub(crate) async fn body_scope_is_enforced_on_reads_and_writes(s: Store) {
    let (a, oa, ca) = setup(&s).await;
    let b = s.execute(&sys(), Command::CreateBody(body("宝坻区交通运输局"))).await.unwrap().id;
    let ob = s.execute(&sys(), Command::CreateOfficer(officer(b, "王五"))).await.unwrap().id;
    let actor_a = Actor { user_id: None, scope: Scope::Body(a) };
    let before = counts(&s).await;
    assert!(matches!(
        s.execute(&actor_a, Command::CreateOfficer(officer(b, "赵六"))).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.execute(&actor_a, Command::CreateCertificate(cert(ob, "津12011599999", "2024-01-01", "2030-01-01"))).await,
        Err(StoreError::NotFound(_))
    ));
    // moving one's own officer into another body is a write to that body
    assert!(matches!(
        s.execute(&actor_a, Command::UpdateOfficer { id: OfficerId(oa), officer: officer(b, "张明") }).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(before, counts(&s).await);
    assert!(s.get_officer(Scope::Body(a), ob).await.unwrap().is_none());
    assert!(s.get_officer(Scope::Body(a), oa).await.unwrap().is_some());
    assert!(s.get_certificate(Scope::Body(b), ca).await.unwrap().is_none());
    let list = s.list_officers(Scope::Body(a), &Default::default()).await.unwrap();
    assert!(list.iter().all(|o| o.body_id == a) && list.len() == 1);
    // asking for a foreign body through the filter still yields only the scope
    let f = zhifa_store::reads::OfficerFilter { body_id: Some(b), ..Default::default() };
    assert!(s.list_officers(Scope::Body(a), &f).await.unwrap().is_empty());
    assert_eq!(s.list_officers(Scope::All, &Default::default()).await.unwrap().len(), 2);
}

pub(crate) async fn duplicate_certificate_number_is_a_conflict_and_writes_nothing(s: Store) {
    let (_, o, _) = setup(&s).await;
    let before = counts(&s).await;
    let e = s
        .execute(&sys(), Command::CreateCertificate(cert(o, "津12011500001", "2025-01-01", "2031-01-01")))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(ref m) if m.contains("津12011500001")), "{e:?}");
    assert_eq!(before, counts(&s).await);
}

pub(crate) async fn certificate_status_history_and_final_revocation(s: Store) {
    let (_, _, c) = setup(&s).await;
    let change = |status: &str| {
        StatusChangeInput {
            status: status.into(),
            reason: "违反持证执法规定".into(),
            effective_date: "2026-03-01".into(),
        }
        .validate()
        .unwrap()
    };
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("暂扣") }).await.unwrap();
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("有效") }).await.unwrap();
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("注销") }).await.unwrap();
    let e = s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("有效") }).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].message.contains("已注销")), "{e:?}");
    let (cert, events) = s.get_certificate(Scope::All, c).await.unwrap().unwrap();
    assert_eq!(cert.status.code(), "revoked");
    let path: Vec<_> = events.iter().map(|e| e.to_status.as_str()).collect();
    assert_eq!(path, ["valid", "suspended", "valid", "revoked"]);
    assert_eq!(events[1].reason, "违反持证执法规定");
}

pub(crate) async fn public_certificate_check_shows_effective_status_only(s: Store) {
    let (_, o, _) = setup(&s).await;
    s.execute(&sys(), Command::CreateCertificate(cert(o, "津12011500002", "2020-01-01", "2026-06-30"))).await.unwrap();
    let p = s.public_certificate("津12011500002", d("2026-07-01")).await.unwrap().unwrap();
    assert_eq!(p.status_label, "过期");
    assert_eq!(p.holder, "张明");
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains("id_number") && !json.contains("phone"));
    assert!(s.public_certificate("津00000000000", d("2026-07-01")).await.unwrap().is_none());
}

pub(crate) async fn art37_power_list_versions_in_force_by_date(s: Store) {
    let (b, _, _) = setup(&s).await;
    let item = |kind: &str, from: &str, name: &str| {
        PowerItemInput {
            body_id: b,
            code: "330217001000".into(),
            name: name.into(),
            category: "行政处罚".into(),
            legal_basis: vec!["《中华人民共和国食品安全法》第一百二十四条".into()],
            procedure: "一般程序".into(),
            time_limit_days: Some(90),
            time_limit_working: false,
            hearing: false,
            remedy: "行政复议或行政诉讼".into(),
            effective_from: from.into(),
            change_kind: kind.into(),
            change_reason: "依法调整".into(),
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    s.execute(&sys(), Command::AddPowerItemVersion(item("立", "2020-01-01", "旧名称"))).await.unwrap();
    s.execute(&sys(), Command::AddPowerItemVersion(item("改", "2022-01-01", "新名称"))).await.unwrap();
    let e = s.execute(&sys(), Command::AddPowerItemVersion(item("改", "2021-06-01", "改写历史"))).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].field == "effective_from"), "{e:?}");
    s.execute(&sys(), Command::AddPowerItemVersion(item("废", "2025-01-01", "新名称"))).await.unwrap();
    assert_eq!(s.power_items_in_force(b, d("2019-12-31")).await.unwrap().len(), 0);
    assert_eq!(s.power_items_in_force(b, d("2021-01-01")).await.unwrap()[0].name, "旧名称");
    assert_eq!(s.power_items_in_force(b, d("2023-01-01")).await.unwrap()[0].name, "新名称");
    assert_eq!(s.power_items_in_force(b, d("2025-01-01")).await.unwrap().len(), 0);
    let h = s.power_item_history(b, "330217001000").await.unwrap();
    assert_eq!(h.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(h[0].legal_refs()[0].article, "第一百二十四条");
}

pub(crate) async fn reviewer_ratio_5_percent_floor(s: Store) {
    let (b, o, _) = setup(&s).await;
    for i in 0..20 {
        s.execute(&sys(), Command::CreateOfficer(officer(b, &format!("队员{i}")))).await.unwrap();
    }
    let r = s.reviewer_ratios(Scope::All).await.unwrap();
    assert_eq!((r[0].officers, r[0].reviewers, r[0].meets_floor), (21, 0, false));
    // 《行政处罚法》第五十八条第二款: a first-time reviewer without the legal qualification is
    // refused, nothing written.
    match s
        .execute(
            &sys(),
            Command::DesignateReviewer { officer_id: OfficerId(o), kind: ReviewerKind::Staff, since: d("2025-01-01") },
        )
        .await
    {
        Err(StoreError::Invalid(i)) => assert!(i.errors[0].message.contains("第五十八条第二款"), "{i}"),
        r => panic!("{r:?}"),
    }
    assert_eq!(s.reviewer_ratios(Scope::All).await.unwrap()[0].reviewers, 0);
    let mut q = officer(b, "有资格者");
    q.legal_qualification_no = Some("A20180000000001".into());
    let qualified = s.execute(&sys(), Command::CreateOfficer(q)).await.unwrap().id;
    s.execute(
        &sys(),
        Command::DesignateReviewer {
            officer_id: OfficerId(qualified),
            kind: ReviewerKind::Staff,
            since: d("2025-01-01"),
        },
    )
    .await
    .unwrap();
    // Reviewing since before the article took effect.
    s.execute(
        &sys(),
        Command::DesignateReviewer { officer_id: OfficerId(o), kind: ReviewerKind::Staff, since: d("2020-01-01") },
    )
    .await
    .unwrap();
    let r = s.reviewer_ratios(Scope::Body(b)).await.unwrap();
    assert_eq!((r[0].officers, r[0].reviewers, r[0].meets_floor), (20, 2, true));
    let e = s
        .execute(
            &sys(),
            Command::DesignateReviewer { officer_id: OfficerId(o), kind: ReviewerKind::Staff, since: d("2020-01-01") },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)));
}

pub(crate) async fn sessions_revocation_and_login_lockout(s: Store) {
    let (b, _, _) = setup(&s).await;
    let uid = s
        .execute(
            &sys(),
            Command::CreateUser {
                username: "zhang".into(),
                display_name: "张明".into(),
                password_hash: "$argon2id$x".into(),
                role: Role::Officer,
                body_id: Some(BodyId(b)),
                officer_id: None,
                must_change_password: false,
            },
        )
        .await
        .unwrap()
        .id;
    s.create_session("h1", uid, "csrf", Duration::hours(8), Some("127.0.0.1")).await.unwrap();
    assert!(s.live_session("h1").await.unwrap().is_some());
    s.revoke_session("h1").await.unwrap();
    assert!(s.live_session("h1").await.unwrap().is_none());
    s.create_session("h2", uid, "csrf", Duration::hours(8), None).await.unwrap();
    s.execute(&sys(), Command::SetUserActive { id: UserId(uid), active: false }).await.unwrap();
    assert!(s.live_session("h2").await.unwrap().is_none());
    let wait = |n: i32| (n >= 5).then(|| Duration::minutes(1));
    for i in 1..=4 {
        assert_eq!(s.record_login_failure(uid, wait).await.unwrap(), i);
    }
    assert!(s.user_by_id(uid).await.unwrap().unwrap().locked_until.is_none());
    assert_eq!(s.record_login_failure(uid, wait).await.unwrap(), 5);
    assert!(s.user_by_id(uid).await.unwrap().unwrap().locked_until.is_some());
    s.record_login_success(uid).await.unwrap();
    assert_eq!(s.user_by_id(uid).await.unwrap().unwrap().failed_logins, 0);
    let e = s
        .execute(
            &sys(),
            Command::CreateUser {
                username: "x".into(),
                display_name: "x".into(),
                password_hash: "h".into(),
                role: Role::Officer,
                body_id: None,
                officer_id: None,
                must_change_password: false,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].field == "body_id"));
}

pub(crate) async fn roles_change_and_locks_lift_within_scope_and_journaled(s: Store) {
    let (b, o, _) = setup(&s).await;
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap().id;
    let user = |name: &str, officer: Option<i64>| Command::CreateUser {
        username: name.into(),
        display_name: name.into(),
        password_hash: "$argon2id$x".into(),
        role: Role::Officer,
        body_id: Some(BodyId(b)),
        officer_id: officer.map(OfficerId),
        must_change_password: false,
    };
    let uid = s.execute(&sys(), user("li", None)).await.unwrap().id;
    s.create_session("r1", uid, "csrf", Duration::hours(8), None).await.unwrap();
    let body_admin = Actor { user_id: None, scope: Scope::Body(b) };
    let set = |role: Role, body_id: Option<i64>, officer_id: Option<i64>| Command::SetUserRole {
        id: UserId(uid),
        role,
        body_id: body_id.map(BodyId),
        officer_id: officer_id.map(OfficerId),
    };
    s.execute(&body_admin, set(Role::Reviewer, Some(b), Some(o))).await.unwrap();
    let row = s.user_by_id(uid).await.unwrap().unwrap();
    assert_eq!((row.role, row.officer_id), (Role::Reviewer, Some(o)));
    assert!(s.live_session("r1").await.unwrap().is_none(), "its sessions end");
    // Not into another body, not without a body, not a second account of one officer.
    let e = s.execute(&body_admin, set(Role::Officer, Some(other), None)).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e}");
    let e = s.execute(&body_admin, set(Role::Officer, None, None)).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].field == "body_id"), "{e}");
    let second = s.execute(&sys(), user("wang", None)).await.unwrap().id;
    let e = s
        .execute(
            &sys(),
            Command::SetUserRole {
                id: UserId(second),
                role: Role::Officer,
                body_id: Some(BodyId(b)),
                officer_id: Some(OfficerId(o)),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");
    // An account of another body is not reached.
    let outsider = Actor { user_id: None, scope: Scope::Body(other) };
    let e = s.execute(&outsider, Command::UnlockUser { id: UserId(uid) }).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e}");
    // Unlocked.
    s.record_login_failure(uid, |_| Some(Duration::minutes(5))).await.unwrap();
    let before = s.journal_seq().await.unwrap();
    s.execute(&body_admin, Command::UnlockUser { id: UserId(uid) }).await.unwrap();
    let row = s.user_by_id(uid).await.unwrap().unwrap();
    assert!(row.locked_until.is_none() && row.failed_logins == 0);
    assert_eq!(s.journal_seq().await.unwrap(), before + 1, "one journal entry");
}

pub(crate) async fn notifications_and_deliveries_are_made_once(s: Store) {
    use zhifa_store::notify::{Attempt, NewNotification};
    let (b, _, _) = setup(&s).await;
    let uid = s
        .execute(
            &sys(),
            Command::CreateUser {
                username: "zhao".into(),
                display_name: "赵".into(),
                password_hash: "$argon2id$x".into(),
                role: Role::Head,
                body_id: Some(BodyId(b)),
                officer_id: None,
                must_change_password: false,
            },
        )
        .await
        .unwrap()
        .id;
    assert_eq!(s.active_users_of(b, Role::Head).await.unwrap().len(), 1);
    let n = NewNotification {
        user_id: uid,
        source_seq: 7,
        body_id: Some(b),
        case_id: None,
        title: "待办：立案".into(),
        detail: "案号".into(),
        href: "/cases/1".into(),
        at: chrono::Utc::now(),
    };
    assert_eq!(s.add_notifications(&[n.clone(), n.clone()]).await.unwrap(), 1, "once per person and entry");
    assert_eq!(s.unread_notifications(uid).await.unwrap(), 1);
    s.mark_notifications_read(uid, None).await.unwrap();
    assert_eq!(s.unread_notifications(uid).await.unwrap(), 0);
    assert_eq!(s.follower_position("t").await.unwrap(), 0);
    s.set_follower_position("t", 5).await.unwrap();
    s.set_follower_position("t", 3).await.unwrap();
    assert_eq!(s.follower_position("t").await.unwrap(), 5, "never back");
    assert_eq!(s.enqueue_delivery(7, "handover", "{}").await.unwrap(), 1);
    assert_eq!(s.enqueue_delivery(7, "handover", "{}").await.unwrap(), 0, "once per entry");
    let now = chrono::Utc::now() + Duration::seconds(1);
    let mine = s.claim_due_deliveries(now, now + Duration::seconds(60), 10).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert!(s.claim_due_deliveries(now, now + Duration::seconds(60), 10).await.unwrap().is_empty(), "claimed");
    let retry = now + Duration::minutes(1);
    let failed = Attempt::Failed { status: Some(503), error: "忙".into(), retry_at: Some(retry) };
    s.record_delivery_attempt(mine[0].id, now, &failed).await.unwrap();
    let later = retry + Duration::seconds(1);
    let again = s.claim_due_deliveries(later, later + Duration::seconds(60), 10).await.unwrap();
    assert_eq!(again.len(), 1);
    s.record_delivery_attempt(again[0].id, later, &Attempt::Delivered { status: 200 }).await.unwrap();
    let log = s.deliveries(10).await.unwrap();
    assert_eq!((log[0].status.as_str(), log[0].attempts, log[0].last_status), ("delivered", 2, Some(200)));
}

pub(crate) async fn a_batch_is_all_or_nothing(s: Store) {
    let (b, o, _) = setup(&s).await;
    let before = counts(&s).await;
    let cmds = vec![
        Command::CreateOfficer(officer(b, "甲")),
        Command::CreateCertificate(cert(o, "津12011500077", "2025-01-01", "2030-01-01")),
        Command::CreateCertificate(cert(o, "津12011500001", "2025-01-01", "2030-01-01")),
    ];
    let (index, e) = s.execute_batch(&sys(), cmds, |_| {}).await.unwrap_err();
    assert_eq!(index, 2);
    assert!(matches!(e, StoreError::Conflict(_)));
    assert_eq!(before, counts(&s).await, "the first two were rolled back");
    let done = std::sync::atomic::AtomicUsize::new(0);
    let cmds = vec![Command::CreateOfficer(officer(b, "乙")), Command::CreateOfficer(officer(b, "丙"))];
    let outs = s.execute_batch(&sys(), cmds, |n| done.store(n, std::sync::atomic::Ordering::SeqCst)).await.unwrap();
    assert_eq!(outs.len(), 2);
    assert_eq!(done.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert!(outs[1].seq > outs[0].seq);
}

/// One account per officer: a second login bound to the same person is refused on the one
/// write path (the API, the pages and `zhifa admin` all go through it), and nothing is written.
pub(crate) async fn an_officer_has_at_most_one_account(s: Store) {
    let (b, o, _) = setup(&s).await;
    let user = |name: &str, officer: Option<i64>| Command::CreateUser {
        username: name.into(),
        display_name: "张明".into(),
        password_hash: "$argon2id$x".into(),
        role: Role::Officer,
        body_id: Some(BodyId(b)),
        officer_id: officer.map(OfficerId),
        must_change_password: false,
    };
    s.execute(&sys(), user("zhang", Some(o))).await.unwrap();
    let before = counts(&s).await;
    let e = s.execute(&sys(), user("zhang2", Some(o))).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(ref m) if m.contains("张明") && m.contains("zhang")), "{e:?}");
    assert_eq!(counts(&s).await, before, "nothing written");
    // An account of no officer (an administrator's) is not limited.
    s.execute(&sys(), user("clerk1", None)).await.unwrap();
    s.execute(&sys(), user("clerk2", None)).await.unwrap();
}
