//! Evidence: a collector of the body, deletion by two approvals leaving a tombstone.

use crate::prelude::*;
use zhifa_core::access::{Role, Scope};
use zhifa_core::ids::BodyId;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

/// A case of body `b` handled by `o` and a second officer, for evidence to belong to: its number.
pub(crate) async fn evidence_case(s: &Store, b: i64, o: i64) -> String {
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "赵证"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011509901", "2024-01-01", "2030-12-31"))).await.unwrap();
    s.execute(&sys(), inspection_item(b)).await.unwrap();
    let id = s.execute(&sys(), new_case(b, "inspection", "JC-1", vec![o, o2])).await.unwrap().id;
    s.case(Scope::All, id).await.unwrap().unwrap().number
}

pub(crate) fn add_evidence(body_id: i64, officer: i64, case_number: &str, digest: &str) -> Command {
    let meta = zhifa_core::evidence::EvidenceInput {
        case_number: Some(case_number.into()),
        captured_at: Some("2026-03-01 10:00".into()),
        capture_place: Some("宝坻区南城路1号".into()),
        collector_officer_id: Some(officer.to_string()),
        proof_object: Some("经营场所现状".into()),
        device_id: Some("DSJ-1".into()),
        format: Some("jpg".into()),
        target: Some("91350100M000100Y43".into()),
        ..Default::default()
    }
    .validate(chrono::Utc::now())
    .unwrap();
    Command::AddEvidence {
        body_id: BodyId(body_id),
        meta: Box::new(meta),
        sm3: digest.repeat(32),
        sha256: "cd".repeat(32),
        size: 1234,
    }
}

pub(crate) async fn user(s: &Store, name: &str, role: Role, body: Option<i64>) -> i64 {
    let cmd = Command::CreateUser {
        username: name.into(),
        display_name: name.into(),
        password_hash: "h".into(),
        role,
        body_id: body.map(BodyId),
        officer_id: None,
        must_change_password: false,
    };
    s.execute(&sys(), cmd).await.unwrap().id
}

pub(crate) async fn evidence_needs_a_collector_of_its_body(s: Store) {
    let (b, o, _) = setup(&s).await;
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区城市管理委员会"))).await.unwrap().id;
    let number = evidence_case(&s, b, o).await;
    let before = s.tree_size().await.unwrap();
    match s.execute(&sys(), add_evidence(other, o, &number, "ab")).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "collector_officer_id"),
        r => panic!("{r:?}"),
    }
    // An officer of another body may not file evidence here either.
    let actor = Actor { user_id: None, scope: Scope::Body(other) };
    assert!(matches!(s.execute(&actor, add_evidence(b, o, &number, "ab")).await, Err(StoreError::NotFound(_))));
    // Nor under a number that is no case of the body: nothing is left orphaned.
    for wrong in ["津宝市监罚〔2026〕1号", number.replace("JC", "CF").as_str()] {
        match s.execute(&sys(), add_evidence(b, o, wrong, "ab")).await {
            Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "case_number", "{wrong}"),
            r => panic!("{wrong}: {r:?}"),
        }
    }
    assert_eq!(s.tree_size().await.unwrap(), before, "nothing was journaled");
    let id = s.execute(&sys(), add_evidence(b, o, &number, "ab")).await.unwrap().id;
    let e = s.evidence(Scope::Body(b), id).await.unwrap().unwrap();
    assert_eq!(
        (e.kind.code(), e.target_id.as_deref(), e.status.code()),
        ("photo", Some("91350100M000100Y43"), "active")
    );
    assert!(s.evidence(Scope::Body(other), id).await.unwrap().is_none(), "another body does not see it");
    let filter =
        zhifa_store::reads::EvidenceFilter { target_id: Some("91350100M000100Y43".into()), ..Default::default() };
    assert_eq!(s.evidence_list(Scope::All, &filter).await.unwrap().len(), 1);
}

pub(crate) async fn evidence_deletion_takes_a_head_and_a_supervisor_and_leaves_a_tombstone(s: Store) {
    let (b, o, _) = setup(&s).await;
    let officer = user(&s, "officer", Role::Officer, Some(b)).await;
    let head = user(&s, "head", Role::Head, Some(b)).await;
    let mut bureau = body("宝坻区司法局");
    bureau.is_supervisor = true;
    let bureau = s.execute(&sys(), Command::CreateBody(bureau)).await.unwrap().id;
    let supervisor = user(&s, "sup", Role::Supervisor, Some(bureau)).await;
    let as_user = |id: i64, scope: Scope| Actor { user_id: Some(id), scope };
    let number = evidence_case(&s, b, o).await;
    let ev = s.execute(&as_user(officer, Scope::Body(b)), add_evidence(b, o, &number, "ef")).await.unwrap().id;
    let ask = |reason: &str| Command::RequestEvidenceDeletion { evidence_id: ev, reason: reason.into() };
    match s.execute(&as_user(officer, Scope::Body(b)), ask("  ")).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "reason"),
        r => panic!("{r:?}"),
    }
    let req = s.execute(&as_user(officer, Scope::Body(b)), ask("拍摄对象错误")).await.unwrap().id;
    assert!(matches!(
        s.execute(&as_user(officer, Scope::Body(b)), ask("再次申请")).await,
        Err(StoreError::Conflict(_))
    ));
    let decide = |role: Role, approve: bool| Command::DecideEvidenceDeletion { request_id: req, role, approve };
    // The requester cannot approve; an officer cannot approve.
    assert!(matches!(
        s.execute(&as_user(officer, Scope::Body(b)), decide(Role::Head, true)).await,
        Err(StoreError::Invalid(_))
    ));
    s.execute(&as_user(head, Scope::Body(b)), decide(Role::Head, true)).await.unwrap();
    assert!(matches!(
        s.execute(&as_user(head, Scope::Body(b)), decide(Role::Head, true)).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        s.evidence(Scope::All, ev).await.unwrap().unwrap().status.code(),
        "active",
        "one approval deletes nothing"
    );
    assert!(s.blob_is_live(&"ef".repeat(32)).await.unwrap());
    s.execute(&as_user(supervisor, Scope::All), decide(Role::Supervisor, true)).await.unwrap();
    let e = s.evidence(Scope::All, ev).await.unwrap().unwrap();
    assert_eq!(e.status.code(), "deleted");
    assert_eq!(e.sm3, "ef".repeat(32), "the tombstone keeps the digests");
    assert!(!s.blob_is_live(&"ef".repeat(32)).await.unwrap());
    let d = &s.evidence_deletions(Scope::Body(b), Some(ev)).await.unwrap()[0];
    assert_eq!(
        (d.status.code(), d.head_approved_by, d.supervisor_approved_by),
        ("approved", Some(head), Some(supervisor))
    );
    let log = s.recent_changes(Scope::All, 100).await.unwrap();
    assert!(log.iter().any(|e| e.kind == "evidence.tombstone"));
    assert!(log.iter().any(|e| e.kind == "evidence.create"), "the ledger still holds what was there");
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
    // Erasing the tombstoned row is still caught.
    s.execute_raw_for_tests("DELETE FROM evidence_deletions").await.unwrap();
    s.execute_raw_for_tests("DELETE FROM evidence").await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 evidence 第 1 行已不存在");
}
