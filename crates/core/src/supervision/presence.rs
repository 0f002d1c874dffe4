//! W16, impossible presence (时空冲突): the same officer named on two field records at different
//! places at overlapping times. A field record states when it began and where, not how long it
//! took: each is taken to occupy at least the district's setting (`presence_minutes`, thirty by
//! default), so two records of one officer at different places that began less than that apart
//! overlap. Places are compared as written, without spaces and punctuation; a record without a
//! place is not judged.
//!
//! Steps are never changed once recorded, so a conflict found stays found; one clue per pair
//! of records, on the later one's case (subject `presence:<earlier step>:<later step>`).

use super::{Hit, Severity, Thresholds, known};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A field record as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRecord {
    /// step id
    pub step_id: i64,
    /// case
    pub case_id: i64,
    /// the case's body
    pub body_id: i64,
    /// 案件编号
    pub number: String,
    /// what the step was (Chinese)
    pub what: String,
    /// when it began
    pub at: DateTime<Utc>,
    /// where, as written
    pub place: String,
    /// the officers named on it
    pub officers: Vec<i64>,
}

/// The subject of a pair of records (ordered by id).
pub fn subject_key(a: i64, b: i64) -> String {
    format!("presence:{}:{}", a.min(b), a.max(b))
}

/// A place as compared: without whitespace and punctuation, ASCII letters folded.
pub fn place_key(place: &str) -> String {
    place
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。、；：（）【】“”‘’《》—－·".contains(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The conflicts among `records` (any order) whose pairs include at least one of `of` (every
/// pair when `of` is None): subject key → the hit.
pub fn presence_hits(records: &[FieldRecord], of: Option<&[i64]>, t: &Thresholds) -> BTreeMap<String, Vec<Hit>> {
    let window = chrono::Duration::minutes(i64::from(t.presence_minutes));
    let mut sorted: Vec<&FieldRecord> = records.iter().filter(|r| !place_key(&r.place).is_empty()).collect();
    sorted.sort_by_key(|r| (r.at, r.step_id));
    let mut out = BTreeMap::new();
    for (j, later) in sorted.iter().enumerate() {
        for earlier in sorted[..j].iter().rev() {
            if later.at - earlier.at >= window {
                break;
            }
            if of.is_some_and(|ids| !ids.contains(&later.step_id) && !ids.contains(&earlier.step_id)) {
                continue;
            }
            let shared: Vec<i64> = later.officers.iter().copied().filter(|o| earlier.officers.contains(o)).collect();
            if shared.is_empty() || place_key(&later.place) == place_key(&earlier.place) {
                continue;
            }
            let minutes = (later.at - earlier.at).num_minutes();
            let summary = format!(
                "执法人员{}于{}在“{}”（{}{}），{}分钟后于{}在“{}”（{}{}），不可能同时在场",
                shared.iter().map(i64::to_string).collect::<Vec<_>>().join("、"),
                crate::time::display(earlier.at),
                earlier.place,
                earlier.number,
                earlier.what,
                minutes,
                crate::time::display(later.at),
                later.place,
                later.number,
                later.what,
            );
            let hit = Hit {
                rule: known("W16"),
                key: "presence".into(),
                severity: Severity::Red,
                body_id: later.body_id,
                case_id: Some(later.case_id),
                officer_id: shared.first().copied(),
                summary,
                inputs: BTreeMap::from([
                    ("steps", format!("{},{}", earlier.step_id, later.step_id)),
                    ("officers", shared.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
                    ("places", format!("{}|{}", earlier.place, later.place)),
                    ("minutes", minutes.to_string()),
                ]),
            };
            out.insert(subject_key(earlier.step_id, later.step_id), vec![hit]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rec(id: i64, time: &str, place: &str, officers: &[i64]) -> FieldRecord {
        let n = chrono::NaiveDateTime::parse_from_str(&format!("2026-05-06 {time}"), "%Y-%m-%d %H:%M").unwrap();
        FieldRecord {
            step_id: id,
            case_id: id * 10,
            body_id: 2,
            number: format!("CF-{id}"),
            what: "现场检查".into(),
            at: crate::time::shanghai().from_local_datetime(&n).single().unwrap().to_utc(),
            place: place.into(),
            officers: officers.to_vec(),
        }
    }

    /// Thirty minutes by default: 29 apart at two places is a conflict, 30 is not; the same
    /// place written differently is one place; another officer is no conflict.
    #[test]
    fn w16_one_officer_at_two_places_at_once() {
        let t = Thresholds::default();
        assert_eq!(t.presence_minutes, 30);
        let a = rec(1, "09:00", "和平路12号鑫源超市", &[11, 12]);
        let near = rec(2, "09:29", "解放路3号", &[12, 13]);
        let found = presence_hits(&[near.clone(), a.clone()], None, &t);
        assert_eq!(found.len(), 1);
        let h = &found["presence:1:2"][0];
        assert_eq!((h.case_id, h.officer_id, h.severity), (Some(20), Some(12), Severity::Red));
        assert_eq!(h.inputs["minutes"], "29");
        assert!(presence_hits(&[a.clone(), rec(2, "09:30", "解放路3号", &[12])], None, &t).is_empty());
        assert!(presence_hits(&[a.clone(), rec(2, "09:10", "和平路 12 号鑫源超市。", &[12])], None, &t).is_empty());
        assert!(presence_hits(&[a.clone(), rec(2, "09:10", "解放路3号", &[13])], None, &t).is_empty());
        assert!(presence_hits(&[a.clone(), rec(2, "09:10", "", &[12])], None, &t).is_empty());
        // Only the pairs of the records asked about.
        let c = rec(3, "09:05", "南京路1号", &[11]);
        assert_eq!(presence_hits(&[a.clone(), near.clone(), c.clone()], Some(&[2]), &t).len(), 1);
        assert_eq!(presence_hits(&[a.clone(), near, c], None, &t).len(), 2);
        // A longer setting widens the window.
        let t = Thresholds { presence_minutes: 60, ..Thresholds::default() };
        assert_eq!(presence_hits(&[a, rec(2, "09:59", "解放路3号", &[11])], None, &t).len(), 1);
    }
}
