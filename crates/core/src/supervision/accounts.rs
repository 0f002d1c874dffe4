//! The rule that looks at one account: W21, an account that views, in one day, many records
//! of cases it does not handle (the justice bureau's 调阅监督 sees the pattern as a clue).

use super::{Hit, Severity, Thresholds, known};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// One journaled view of a protected record by the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewFact {
    /// the day (Asia/Shanghai)
    pub day: NaiveDate,
    /// the kind of record
    pub table: String,
    /// the record
    pub object_id: i64,
    /// the record belongs to a case the account's officer handles
    pub own: bool,
}

/// An account as the rule sees it.
#[derive(Debug, Clone)]
pub struct AccountRecord<'a> {
    /// id
    pub user_id: i64,
    /// the account's body (the clue is that body's)
    pub body_id: i64,
    /// the officer the account is, if any
    pub officer_id: Option<i64>,
    /// name
    pub name: &'a str,
    /// its views
    pub views: &'a [ViewFact],
}

/// Each day on which the account viewed more distinct records outside its own cases than the
/// threshold allows.
pub fn account_hits(a: &AccountRecord, t: &Thresholds) -> Vec<Hit> {
    let mut per_day: BTreeMap<NaiveDate, BTreeSet<(&str, i64)>> = BTreeMap::new();
    for v in a.views.iter().filter(|v| !v.own) {
        per_day.entry(v.day).or_default().insert((v.table.as_str(), v.object_id));
    }
    let limit = t.unusual_views_per_day;
    per_day
        .into_iter()
        .filter(|(_, records)| records.len() > limit as usize)
        .map(|(day, records)| Hit {
            rule: known("W21"),
            key: format!("day:{day}"),
            severity: Severity::Yellow,
            body_id: a.body_id,
            case_id: None,
            officer_id: a.officer_id,
            summary: format!(
                "{}于{day}调阅非本人承办的记录{}条，超过每日{limit}条：请核实调阅事由",
                a.name,
                records.len()
            ),
            inputs: BTreeMap::from([("day", day.to_string()), ("threshold", limit.to_string())]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn views(n: i64, day: &str, own: bool) -> Vec<ViewFact> {
        (0..n).map(|i| ViewFact { day: day.parse().unwrap(), table: "cases".into(), object_id: i, own }).collect()
    }

    fn hits(v: &[ViewFact]) -> Vec<Hit> {
        let a = AccountRecord { user_id: 4, body_id: 2, officer_id: Some(7), name: "黄晓明", views: v };
        account_hits(&a, &Thresholds::default())
    }

    #[test]
    fn w21_many_views_of_other_cases_in_one_day() {
        // 30 distinct records is the limit; the 31st raises the clue.
        assert!(hits(&views(30, "2026-12-01", false)).is_empty());
        let h = hits(&views(31, "2026-12-01", false));
        assert_eq!((h.len(), h[0].rule.id, h[0].key.as_str()), (1, "W21", "day:2026-12-01"));
        // Views of one's own cases, and the same record twice, do not count.
        let mut v = views(30, "2026-12-01", false);
        v.extend(views(40, "2026-12-01", true));
        v.extend(views(30, "2026-12-01", false));
        assert!(hits(&v).is_empty());
        // Each day stands alone.
        let mut v = views(20, "2026-12-01", false);
        v.extend(views(20, "2026-12-02", false));
        assert!(hits(&v).is_empty());
    }
}
