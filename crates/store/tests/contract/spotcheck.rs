//! 双随机一公开: a body's roster of inspection objects is stored whole as a new version with the
//! root of its lines, every object journaled; another body's actor cannot write it.

use crate::prelude::*;
use zhifa_core::access::Scope;
use zhifa_core::spotcheck::{COLUMNS, parse_roster, roster_root};
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

/// A roster of `n` objects read through the domain's table reader.
pub(crate) fn roster(n: usize, area: &str) -> Vec<zhifa_core::spotcheck::RosterObject> {
    let header: Vec<String> = COLUMNS.iter().map(|(_, h)| h.to_string()).collect();
    let rows: Vec<Vec<String>> = (0..n)
        .map(|i| {
            let first17 = format!("91120224MA{:07}", i);
            let code = format!("{first17}{}", zhifa_core::ids::credit_code_check_char(&first17).unwrap());
            vec![code, format!("对象{i}"), "企业".into(), "批发零售".into(), area.into(), "B".into(), "否".into()]
        })
        .collect();
    parse_roster(&header, &rows).unwrap()
}

/// Imports a roster of `n` objects for `body` as the system; returns the version's id.
pub(crate) async fn import_roster(s: &Store, body: i64, n: usize) -> i64 {
    let cmd =
        Command::ImportRoster {
            body_id: body, source: "名录.csv".into(), note: None, objects: roster(n, "宝平街道")
        };
    s.execute(&Actor::system(), cmd).await.unwrap().id
}

pub(crate) async fn rosters_are_versions_with_the_root_of_their_lines(s: Store) {
    let (b, _, _) = setup(&s).await;
    let first = import_roster(&s, b, 3).await;
    let objects = roster(5, "口东街道");
    let cmd = Command::ImportRoster {
        body_id: b,
        source: " 名录2.xlsx ".into(),
        note: Some("第二季度更新".into()),
        objects: objects.clone(),
    };
    let second = s.execute(&Actor::system(), cmd).await.unwrap().id;
    let list = s.object_rosters(Scope::All, Some(b)).await.unwrap();
    assert_eq!(list.iter().map(|r| (r.id, r.version)).collect::<Vec<_>>(), [(second, 2), (first, 1)]);
    let r = &list[0];
    assert_eq!((r.objects, r.source.as_str()), (5, "名录2.xlsx"));
    assert_eq!(r.root, zhifa_core::draw::hex(&roster_root(&objects)));
    let rows = s.roster_objects(second, 0, 100).await.unwrap();
    let read: Vec<_> = rows.iter().map(|r| r.object()).collect();
    assert_eq!(read, objects, "stored as read, in credit-code order");
    assert_eq!(s.roster_objects(second, 3, 100).await.unwrap().len(), 2);
    // Another body's actor is refused and nothing is written; a body's scope sees its own only.
    let other = Actor { user_id: None, scope: Scope::Body(b + 1000) };
    let cmd = Command::ImportRoster { body_id: b, source: "x.csv".into(), note: None, objects: roster(1, "") };
    assert!(matches!(s.execute(&other, cmd).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.object_rosters(Scope::All, Some(b)).await.unwrap().len(), 2);
    assert!(s.object_rosters(Scope::Body(b + 1000), None).await.unwrap().is_empty());
    assert!(s.object_roster(Scope::Body(b + 1000), first).await.unwrap().is_none());
    // An empty roster or a missing file name names its field.
    let cmd = Command::ImportRoster { body_id: b, source: " ".into(), note: None, objects: Vec::new() };
    match s.execute(&Actor::system(), cmd).await {
        Err(StoreError::Invalid(i)) => {
            let fields: Vec<&str> = i.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["source", "file"]);
        }
        other => panic!("{other:?}"),
    }
}

fn task_input(title: &str, entropy_in_ms: i64) -> zhifa_core::spotcheck::TaskInput {
    zhifa_core::spotcheck::TaskInput {
        title: title.into(),
        item_code: "SJ-1".into(),
        strata: "area".into(),
        count: Some(2),
        entropy_source: "drand 某轮".into(),
        entropy_at: (chrono::Utc::now() + chrono::Duration::milliseconds(entropy_in_ms)).to_rfc3339(),
        ..Default::default()
    }
}

/// A spot check of body `b` (which has the item `SJ-1` on its list and two certified officers)
/// announced, refused before its checkpoint, drawn once; its bundle verifies. Returns the task.
pub(crate) async fn spotcheck_round_trip(s: &Store, b: i64, keys: &crate::ledger::Keys) -> i64 {
    import_roster(s, b, 12).await;
    let draft = task_input("双随机抽查", 1200).check(Some(b), chrono::Utc::now()).unwrap();
    let id = s.execute(&Actor::system(), Command::AnnounceSpotcheck { draft: Box::new(draft) }).await.unwrap().id;
    // Not before a checkpoint covers the announcement: refused, nothing written.
    let r = s.execute(&Actor::system(), Command::DrawSpotcheck { id, entropy: "ab12".into() }).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    s.execute(&Actor::system(), Command::DrawSpotcheck { id, entropy: "AB12".into() }).await.unwrap();
    let r = s.execute(&Actor::system(), Command::DrawSpotcheck { id, entropy: "AB12".into() }).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "drawn once: {r:?}");
    let picks = s.spotcheck_picks(id).await.unwrap();
    assert_eq!(picks.len(), 2, "one stratum (宝平街道), two drawn");
    for p in &picks {
        let ins: Vec<zhifa_core::spotcheck::PickedInspector> = serde_json::from_str(&p.inspectors).unwrap();
        assert_eq!(ins.len(), 2);
        assert!(ins.iter().all(|i| i.body_id == b));
    }
    let t = s.spotcheck_task(id).await.unwrap().unwrap();
    let bundle = s.spotcheck_bundle(&t).await.unwrap();
    let report = zhifa_core::draw::bundle::verify(&bundle, &keys.verifiers());
    assert!(report.complete(), "{report:#?}");
    id
}

/// 回避, the checkpoint's time and the re-announcement: a task whose announcement was only
/// checkpointed once its entropy was public is refused; re-announced with a reason and new
/// future entropy, it draws; a 回避 pair is never drawn.
pub(crate) async fn a_draw_needs_its_announcement_signed_before_the_entropy(s: Store) {
    let (b, _, _) = setup(&s).await;
    let keys = crate::ledger::Keys::new(&s);
    let o2 = s.execute(&Actor::system(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    let o3 = s.execute(&Actor::system(), Command::CreateOfficer(officer(b, "王芳"))).await.unwrap().id;
    for (x, n) in [(o2, "津12011500002"), (o3, "津12011500003")] {
        s.execute(&Actor::system(), Command::CreateCertificate(cert(x, n, "2024-01-01", "2030-12-31"))).await.unwrap();
    }
    s.execute(&Actor::system(), crate::cases::inspection_item(b)).await.unwrap();
    let spot = serde_json::json!([{"code": "SJ-1", "name": "抽查", "power_item_code": "JC-1", "object": "经营者", "method": "现场检查",
        "content": "证照", "basis": ["食品安全法 第一百一十条"], "ratio_percent": 5, "frequency": "每年一次"}]);
    let (list, reason) = zhifa_core::lists::validate(zhifa_core::lists::ListKind::SpotCheck, spot, "制定").unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let file = Command::FileBodyList { body_id: zhifa_core::ids::BodyId(b), list, effective_from: on, reason };
    s.execute(&Actor::system(), file).await.unwrap();
    let objects = roster(8, "宝平街道");
    let cmd = Command::ImportRoster { body_id: b, source: "名录.csv".into(), note: None, objects: objects.clone() };
    s.execute(&Actor::system(), cmd).await.unwrap();
    // 回避: every object with 津12011500001.
    let mut input = task_input("回避", 300);
    input.count = Some(8);
    input.conflicts = objects.iter().map(|o| format!("{}|津12011500001", o.credit_code)).collect::<Vec<_>>().join("\n");
    let draft = input.check(Some(b), chrono::Utc::now()).unwrap();
    let id = s.execute(&Actor::system(), Command::AnnounceSpotcheck { draft: Box::new(draft) }).await.unwrap().id;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    let before = s.tree_size().await.unwrap();
    match s.execute(&Actor::system(), Command::DrawSpotcheck { id, entropy: "1 2 3".into() }).await {
        Err(StoreError::Invalid(i)) => assert!(i.errors[0].message.contains("晚于"), "{i:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.tree_size().await.unwrap(), before, "nothing written");
    // Re-announced: a reason and entropy still to come.
    let at = chrono::Utc::now() + chrono::Duration::milliseconds(800);
    let past = Command::ReannounceSpotcheck {
        id,
        reason: " ".into(),
        entropy_source: "下一期".into(),
        entropy_at: chrono::Utc::now() - chrono::Duration::seconds(1),
    };
    match s.execute(&Actor::system(), past).await {
        Err(StoreError::Invalid(i)) => {
            let f: Vec<&str> = i.errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(f, ["reason", "entropy_at"]);
        }
        other => panic!("{other:?}"),
    }
    let again = Command::ReannounceSpotcheck {
        id,
        reason: "检查点签署晚于随机源公布".into(),
        entropy_source: "下一期".into(),
        entropy_at: at,
    };
    s.execute(&Actor::system(), again).await.unwrap();
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    s.execute(&Actor::system(), Command::DrawSpotcheck { id, entropy: "1 2 3".into() }).await.unwrap();
    let picks = s.spotcheck_picks(id).await.unwrap();
    assert_eq!(picks.len(), 8);
    for p in &picks {
        assert!(!p.inspectors.contains("津12011500001") && !p.reserves.contains("津12011500001"), "{p:?}");
    }
    let t = s.spotcheck_task(id).await.unwrap().unwrap();
    assert_eq!(t.announcements, 2);
    let report = zhifa_core::draw::bundle::verify(&s.spotcheck_bundle(&t).await.unwrap(), &keys.verifiers());
    assert!(report.complete(), "{report:#?}");
    // 国办发〔2024〕54号: with a yearly cap of one inspection, the eight drawn (their
    // inspections pending) are left out of the next draw, and the announcement says why.
    let mut th = s.warning_thresholds().await.unwrap();
    th.annual_inspection_cap = 1;
    let set = Command::SetWarningThresholds { thresholds: th, reason: "每年至多检查一次".into() };
    s.execute(&Actor::system(), set).await.unwrap();
    let draft = task_input("第二批", 60_000).check(Some(b), chrono::Utc::now()).unwrap();
    match s.execute(&Actor::system(), Command::AnnounceSpotcheck { draft: Box::new(draft) }).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "roster_id", "{i:?}"),
        other => panic!("{other:?}"),
    }
    let cmd =
        Command::ImportRoster {
            body_id: b, source: "名录.csv".into(), note: None, objects: roster(10, "宝平街道")
        };
    s.execute(&Actor::system(), cmd).await.unwrap();
    let draft = task_input("第二批", 60_000).check(Some(b), chrono::Utc::now()).unwrap();
    let id = s.execute(&Actor::system(), Command::AnnounceSpotcheck { draft: Box::new(draft) }).await.unwrap().id;
    let t = s.spotcheck_task(id).await.unwrap().unwrap();
    assert_eq!(t.excluded.lines().count(), 8, "{}", t.excluded);
    assert!(t.excluded.contains("达到年度检查上限1次"));
    assert_eq!(t.lines().objects.len(), 2);
    let r = s.verify(&keys.verifiers(), None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}
