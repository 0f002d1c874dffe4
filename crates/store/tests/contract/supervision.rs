//! The warnings' clues and thresholds: a clue is raised once per finding and facts, replaced
//! when its facts change, closed when its finding is gone; never deleted, every act journaled.

use crate::prelude::*;
use zhifa_core::access::Scope;
use zhifa_core::supervision::{Severity, Thresholds};
use zhifa_store::supervision::{ClueFilter, NewClue};
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
