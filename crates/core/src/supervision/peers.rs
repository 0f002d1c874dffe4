//! W08 同案不同罚: the fines decided for the same power item, at the same level of the discretion
//! standard, in the same year, compared with each other. A fine below the fifth percentile or
//! above the ninety-fifth of its peers, or over twice their median, is a clue for a person to
//! look at — never a finding of a violation by itself (the practice of 同责不同罚 review).
//!
//! A group is judged whole: one subject per item and year, one hit per case. Only the case's own
//! facts (its level, its fine, the side it falls on) are the clue's inputs, so that a clue is not
//! raised again each time a peer is added; the figures it was compared with are in its summary.

use super::{Hit, Severity, Thresholds, known};
use std::collections::BTreeMap;

/// The subject of a group: `fines:2026:MS-CF-001`.
pub fn subject_key(item_code: &str, year: i32) -> String {
    format!("fines:{year}:{item_code}")
}

/// A decided fine as W08 sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidedFine {
    /// case
    pub case_id: i64,
    /// its body
    pub body_id: i64,
    /// 案件编号
    pub number: String,
    /// the lead handling officer
    pub officer_id: Option<i64>,
    /// the level (违法程度) of the body's discretion standard the penalty lies within, or empty
    /// where the item has no standard or the penalty lies within no level
    pub level: String,
    /// the fine (fen)
    pub fine_fen: i64,
}

/// The level (违法程度) of the standards in force on `day` that `penalty` lies within: the first
/// admitting level of the first standard that has one; empty when none does.
pub fn level_of(
    versions: &[super::cases::StandardVersion],
    day: chrono::NaiveDate,
    penalty: &crate::case::Penalty,
) -> String {
    super::cases::standards_on(versions, day)
        .and_then(|v| v.standards.iter().find_map(|s| s.levels_admitting(penalty).first().map(|l| l.degree.clone())))
        .unwrap_or_default()
}

/// The value at the nearest rank `pct` (1-99) of `sorted` (ascending, not empty).
fn nearest_rank(sorted: &[i64], pct: usize) -> i64 {
    let n = sorted.len();
    let rank = (pct * n).div_ceil(100).clamp(1, n);
    sorted[rank - 1]
}

/// The median of `sorted` (ascending, not empty); of an even count, the mean of the middle two
/// (rounded down to the fen).
fn median(sorted: &[i64]) -> i64 {
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2 }
}

/// What W08 finds in the fines of one item and year: each fine against the distribution of its
/// level (itself included), when the level has at least `t.peer_group_min` fines. Percentiles by
/// nearest rank: with twenty fines or fewer P5 and P95 are the least and the greatest, and only
/// twice the median can fire.
pub fn peer_hits(item_code: &str, year: i32, fines: &[DecidedFine], t: &Thresholds) -> Vec<Hit> {
    let mut levels: BTreeMap<&str, Vec<&DecidedFine>> = BTreeMap::new();
    for f in fines {
        levels.entry(f.level.as_str()).or_default().push(f);
    }
    let mut out = Vec::new();
    for (level, group) in levels {
        if group.len() < t.peer_group_min as usize {
            continue;
        }
        let mut all: Vec<i64> = group.iter().map(|f| f.fine_fen).collect();
        all.sort_unstable();
        let (p5, p95, mid) = (nearest_rank(&all, 5), nearest_rank(&all, 95), median(&all));
        for f in group {
            let side = if f.fine_fen < p5 {
                "low"
            } else if f.fine_fen > p95 {
                "high"
            } else if f.fine_fen > mid.saturating_mul(2) {
                "double"
            } else {
                continue;
            };
            let yuan = crate::case::format_yuan;
            let level_text = if level.is_empty() { String::new() } else { format!("“{level}”档次") };
            let summary = format!(
                "{}：罚款{}元，{}（同一事项{level_text}{year}年共{}件：P5 {}元，P95 {}元，中位数{}元）；供人工研判，不单独认定违法",
                f.number,
                yuan(f.fine_fen),
                match side {
                    "low" => "低于同类案件第5百分位",
                    "high" => "高于同类案件第95百分位",
                    _ => "超过同类案件中位数二倍",
                },
                all.len(),
                yuan(p5),
                yuan(p95),
                yuan(mid),
            );
            out.push(Hit {
                rule: known("W08"),
                key: format!("case:{}", f.case_id),
                severity: Severity::Yellow,
                body_id: f.body_id,
                case_id: Some(f.case_id),
                officer_id: f.officer_id,
                summary,
                inputs: BTreeMap::from([
                    ("item", item_code.to_string()),
                    ("year", year.to_string()),
                    ("level", level.to_string()),
                    ("fine", f.fine_fen.to_string()),
                    ("side", side.to_string()),
                ]),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fines(values: &[i64], level: &str) -> Vec<DecidedFine> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| DecidedFine {
                case_id: i as i64 + 1,
                body_id: 2,
                number: format!("CF-{}", i + 1),
                officer_id: Some(11),
                level: level.into(),
                fine_fen: *v,
            })
            .collect()
    }

    fn flagged(f: &[DecidedFine], t: &Thresholds) -> Vec<(i64, String)> {
        peer_hits("X", 2026, f, t).iter().map(|h| (h.case_id.unwrap(), h.inputs["side"].clone())).collect()
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<i64> = (1..=20).collect();
        assert_eq!(nearest_rank(&v, 5), 1);
        assert_eq!(nearest_rank(&v, 95), 19);
        assert_eq!(median(&v), 10);
        assert_eq!(median(&[1, 2, 3]), 2);
        let w: Vec<i64> = (1..=21).collect();
        assert_eq!(nearest_rank(&w, 5), 2);
        assert_eq!(nearest_rank(&w, 95), 20);
    }

    /// Eleven fines of one level: one at exactly twice the median is not flagged, a fen more is;
    /// with twenty-one, one below P5 or above P95 is; a level with fewer fines than the setting
    /// is not judged; other levels are other groups.
    #[test]
    fn w08_outside_the_peers_or_over_twice_their_median() {
        let t = Thresholds { peer_group_min: 10, ..Thresholds::default() };
        let base = [100_000; 10];
        let with = |x: i64, n: usize| {
            let mut v = vec![100_000; n];
            v.push(x);
            v
        };
        assert!(flagged(&fines(&with(200_000, 10), "一般"), &t).is_empty());
        assert_eq!(flagged(&fines(&with(200_001, 10), "一般"), &t), vec![(11, "double".into())]);
        // Eleven: P5 is the least, so a low fine is not outside it; twenty-one: it is.
        assert!(flagged(&fines(&with(99_999, 10), "一般"), &t).is_empty());
        assert_eq!(flagged(&fines(&with(99_999, 20), "一般"), &t), vec![(21, "low".into())]);
        assert_eq!(flagged(&fines(&with(100_001, 20), "一般"), &t), vec![(21, "high".into())]);
        // Nine fines only: not judged.
        assert!(flagged(&fines(&with(900_000, 8), "一般"), &t).is_empty());
        // Levels apart: the 900,000 fine of the 严重 level is not compared with the 一般 ones.
        let mut all = fines(&base, "一般");
        all.push(DecidedFine { case_id: 99, level: "严重".into(), fine_fen: 900_000, ..all[0].clone() });
        assert!(flagged(&all, &t).is_empty());
        // Spread evenly, the ends fall outside P5 and P95.
        let spread: Vec<i64> = (1..=20).map(|i| i * 10_000).chain([1_000_000]).collect();
        let hits = peer_hits("X", 2026, &fines(&spread, ""), &t);
        let sides: Vec<(i64, &str)> = hits.iter().map(|h| (h.case_id.unwrap(), h.inputs["side"].as_str())).collect();
        assert_eq!(sides, vec![(1, "low"), (21, "high")]);
        assert!(hits[1].summary.contains("供人工研判"));
        assert_eq!(hits[1].severity, Severity::Yellow);
    }
}
