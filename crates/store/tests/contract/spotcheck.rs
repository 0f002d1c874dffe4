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
