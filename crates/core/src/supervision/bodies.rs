//! The rule that looks at one body: W15, a body that holds inspection or penalty powers but
//! has used none of them for months (零执法), and the items of its power list unused for years
//! (休眠事项), which 国办发〔2024〕54号 asks to be reviewed.

use super::{Hit, Severity, Thresholds, known};
use chrono::{Months, NaiveDate};
use std::collections::BTreeMap;

/// One item of a body's power list in force, with when it was first in force and last used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemUse {
    /// 事项编码
    pub code: String,
    /// 事项名称
    pub name: String,
    /// an inspection or penalty power (行政检查、行政处罚)
    pub enforcing: bool,
    /// the first day any version of it was in force
    pub since: NaiveDate,
    /// the day of the last case registered under it
    pub last_used: Option<NaiveDate>,
}

/// A body as W15 sees it.
#[derive(Debug, Clone)]
pub struct BodyRecord<'a> {
    /// id
    pub id: i64,
    /// name
    pub name: &'a str,
    /// its power list in force
    pub items: &'a [ItemUse],
    /// the day of the last inspection or penalty case it registered
    pub last_enforcement: Option<NaiveDate>,
}

fn months_before(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months)).unwrap_or(d)
}

/// What W15 finds about a body on `today`.
pub fn body_hits(b: &BodyRecord, t: &Thresholds, today: NaiveDate) -> Vec<Hit> {
    let mut out = Vec::new();
    let hit = |key: &str, summary: String, inputs: BTreeMap<&'static str, String>| Hit {
        rule: known("W15"),
        key: key.into(),
        severity: Severity::Yellow,
        body_id: b.id,
        case_id: None,
        officer_id: None,
        summary,
        inputs,
    };
    // 零执法: powers held through the whole window, and no inspection or penalty in it.
    let window = months_before(today, t.idle_body_months);
    let held = b.items.iter().filter(|i| i.enforcing).map(|i| i.since).min();
    if let Some(since) = held
        && since <= window
        && b.last_enforcement.is_none_or(|d| d < window)
    {
        let last = b.last_enforcement.map(|d| d.to_string()).unwrap_or_default();
        let summary = format!(
            "{}有行政检查、行政处罚职权，{}个月内没有检查和处罚案件{}",
            b.name,
            t.idle_body_months,
            if last.is_empty() { "（从未登记）".to_string() } else { format!("（最近一次{last}）") }
        );
        out.push(hit("idle", summary, BTreeMap::from([("last", last), ("months", t.idle_body_months.to_string())])));
    }
    // 休眠事项: in force for the whole period and unused in it.
    let cutoff = months_before(today, t.dormant_item_years * 12);
    let dormant: Vec<&ItemUse> =
        b.items.iter().filter(|i| i.since <= cutoff && i.last_used.is_none_or(|d| d < cutoff)).collect();
    if !dormant.is_empty() {
        let codes: Vec<&str> = dormant.iter().map(|i| i.code.as_str()).collect();
        let shown: Vec<String> = dormant.iter().take(5).map(|i| format!("{}（{}）", i.name, i.code)).collect();
        let summary = format!(
            "{}有{}项权责事项{}年以上未使用：{}{}，建议评估调整",
            b.name,
            dormant.len(),
            t.dormant_item_years,
            shown.join("、"),
            if dormant.len() > 5 { "等" } else { "" }
        );
        out.push(hit(
            "dormant",
            summary,
            BTreeMap::from([("items", codes.join(",")), ("years", t.dormant_item_years.to_string())]),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item(code: &str, enforcing: bool, since: &str, used: Option<&str>) -> ItemUse {
        ItemUse { code: code.into(), name: format!("事项{code}"), enforcing, since: d(since), last_used: used.map(d) }
    }

    fn hits(items: &[ItemUse], last: Option<&str>, today: &str) -> Vec<(String, String)> {
        let b = BodyRecord { id: 3, name: "区某局", items, last_enforcement: last.map(d) };
        body_hits(&b, &Thresholds::default(), d(today)).into_iter().map(|h| (h.key, h.summary)).collect()
    }

    #[test]
    fn w15_a_body_idle_for_twelve_months() {
        let items = [item("CF-1", true, "2024-01-01", Some("2025-12-01"))];
        // The last penalty on 2025-12-01: twelve months later it is still within the window.
        assert!(hits(&items, Some("2025-12-01"), "2026-12-01").iter().all(|h| h.0 != "idle"));
        let h = hits(&items, Some("2025-12-01"), "2026-12-02");
        assert!(h.iter().any(|h| h.0 == "idle" && h.1.contains("最近一次2025-12-01")), "{h:?}");
        // A body whose powers are new is not idle; one with only licensing powers neither.
        let new = [item("CF-1", true, "2026-06-01", None)];
        assert!(hits(&new, None, "2026-12-02").is_empty());
        let licensing = [item("XK-1", false, "2020-01-01", Some("2026-11-01"))];
        assert!(hits(&licensing, None, "2026-12-02").iter().all(|h| h.0 != "idle"));
    }

    #[test]
    fn w15_items_unused_for_five_years() {
        let items = [
            item("CF-1", true, "2020-01-01", Some("2021-12-02")),
            item("CF-2", true, "2020-01-01", Some("2026-01-01")),
            item("JC-3", true, "2022-06-01", None),
        ];
        // Five years after 2021-12-02 is 2026-12-02: unused since then only from the day after.
        let h = hits(&items, Some("2026-01-01"), "2026-12-02");
        assert!(h.iter().all(|h| h.0 != "dormant"), "{h:?}");
        let h = hits(&items, Some("2026-01-01"), "2026-12-03");
        let dormant: Vec<_> = h.iter().filter(|h| h.0 == "dormant").collect();
        assert_eq!(dormant.len(), 1);
        assert!(dormant[0].1.contains("1项") && dormant[0].1.contains("CF-1"), "{h:?}");
    }
}
