//! The rule that looks at one enterprise (by its unified social credit code): W17, inspected
//! by a second body within days of the first (重复检查), or more often in a calendar year than
//! the district allows (频繁检查), after 国办发〔2024〕54号 on inspections of enterprises.

use super::{Hit, Severity, Thresholds, known};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// One inspection of the enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// the inspection case
    pub case_id: i64,
    /// 案件编号
    pub number: String,
    /// the inspecting body
    pub body_id: i64,
    /// the day it was registered
    pub on: NaiveDate,
}

/// The key under which an enterprise's clues are kept.
pub fn subject_key(credit_code: &str) -> String {
    format!("enterprise:{credit_code}")
}

/// What W17 finds about the enterprise `code`, `name`, on `today`, from its inspections (any
/// order).
pub fn enterprise_hits(
    code: &str,
    name: &str,
    inspections: &[Inspection],
    t: &Thresholds,
    today: NaiveDate,
) -> Vec<Hit> {
    let mut list: Vec<&Inspection> = inspections.iter().filter(|i| i.on <= today).collect();
    list.sort_by_key(|i| (i.on, i.case_id));
    let mut out = Vec::new();
    // 重复检查: the latest pair of inspections by different bodies within the window.
    let window = i64::from(t.repeat_inspection_days);
    let pair = list.iter().enumerate().rev().find_map(|(j, later)| {
        list[..j]
            .iter()
            .rev()
            .find(|earlier| earlier.body_id != later.body_id && (later.on - earlier.on).num_days() <= window)
            .map(|earlier| (*earlier, *later))
    });
    if let Some((a, b)) = pair
        && (today - b.on).num_days() <= 365
    {
        out.push(Hit {
            rule: known("W17"),
            key: "repeat".into(),
            severity: Severity::Yellow,
            body_id: b.body_id,
            case_id: Some(b.case_id),
            officer_id: None,
            summary: format!(
                "{name}（{code}）{}日内被两个机关检查：{}（{}）、{}（{}）",
                (b.on - a.on).num_days().max(1),
                a.number,
                a.on,
                b.number,
                b.on
            ),
            inputs: BTreeMap::from([
                ("first", format!("{}@{}", a.case_id, a.on)),
                ("second", format!("{}@{}", b.case_id, b.on)),
                ("days", t.repeat_inspection_days.to_string()),
            ]),
        });
    }
    // 频繁检查: this calendar year's inspections above the cap.
    let this_year: Vec<&&Inspection> = list.iter().filter(|i| i.on.year() == today.year()).collect();
    if this_year.len() > t.annual_inspection_cap as usize
        && let Some(last) = this_year.last()
    {
        out.push(Hit {
            rule: known("W17"),
            key: format!("year:{}", today.year()),
            severity: Severity::Red,
            body_id: last.body_id,
            case_id: Some(last.case_id),
            officer_id: None,
            summary: format!(
                "{name}（{code}）{}年已被检查{}次，超过年度上限{}次",
                today.year(),
                this_year.len(),
                t.annual_inspection_cap
            ),
            inputs: BTreeMap::from([
                ("cases", this_year.iter().map(|i| i.case_id.to_string()).collect::<Vec<_>>().join(",")),
                ("cap", t.annual_inspection_cap.to_string()),
            ]),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ins(case_id: i64, body_id: i64, on: &str) -> Inspection {
        Inspection { case_id, number: format!("JC-{case_id}"), body_id, on: d(on) }
    }

    fn keys(list: &[Inspection], today: &str) -> Vec<(String, Severity)> {
        enterprise_hits("91120224MA06K8QX3H", "某超市", list, &Thresholds::default(), d(today))
            .into_iter()
            .map(|h| (h.key, h.severity))
            .collect()
    }

    #[test]
    fn w17_a_second_body_within_thirty_days() {
        // Thirty days apart: a clue; thirty-one: none; the same body twice: none.
        assert_eq!(
            keys(&[ins(1, 1, "2026-03-01"), ins(2, 2, "2026-03-31")], "2026-04-01"),
            vec![("repeat".into(), Severity::Yellow)]
        );
        assert!(keys(&[ins(1, 1, "2026-03-01"), ins(2, 2, "2026-04-01")], "2026-04-02").is_empty());
        assert!(keys(&[ins(1, 1, "2026-03-01"), ins(2, 1, "2026-03-05")], "2026-04-01").is_empty());
        let h = enterprise_hits(
            "91120224MA06K8QX3H",
            "某超市",
            &[ins(1, 1, "2026-03-01"), ins(2, 2, "2026-03-31")],
            &Thresholds::default(),
            d("2026-04-01"),
        );
        assert_eq!((h[0].body_id, h[0].case_id), (2, Some(2)), "the clue goes to the second body");
    }

    #[test]
    fn w17_more_inspections_in_a_year_than_the_cap() {
        let four: Vec<_> = (1..=4).map(|i| ins(i, 1, &format!("2026-0{i}-10"))).collect();
        assert!(keys(&four, "2026-12-01").is_empty(), "at the cap");
        let mut five = four.clone();
        five.push(ins(5, 1, "2026-11-10"));
        assert_eq!(keys(&five, "2026-12-01"), vec![("year:2026".into(), Severity::Red)]);
        // A new year starts the count again.
        assert!(keys(&five, "2027-01-02").is_empty());
    }
}
