//! The rules that look at one officer: W05, a certificate about to lapse while the officer
//! still has cases open; W16, more open cases than one person can handle.

use super::{Hit, Severity, Thresholds, known};
use crate::case::CertificateStanding;
use crate::registry::{CertificateStatus, effective_status};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An officer as the rules see them.
#[derive(Debug, Clone)]
pub struct OfficerRecord<'a> {
    /// id
    pub id: i64,
    /// body
    pub body_id: i64,
    /// name
    pub name: &'a str,
    /// certificates
    pub certificates: &'a [CertificateStanding],
    /// cases not yet closed that the officer handles
    pub open_cases: u32,
}

/// What the officer-level rules find on `today`.
pub fn officer_hits(o: &OfficerRecord, t: &Thresholds, today: NaiveDate) -> Vec<Hit> {
    if o.open_cases == 0 {
        return Vec::new();
    }
    let mut out = certificate(o, t, today);
    if o.open_cases > t.officer_open_cases {
        out.push(Hit {
            rule: known("W16"),
            key: "load".into(),
            severity: Severity::Yellow,
            body_id: o.body_id,
            case_id: None,
            officer_id: Some(o.id),
            summary: format!("{}承办未结案件{}件，超过设定的{}件", o.name, o.open_cases, t.officer_open_cases),
            inputs: BTreeMap::from([
                ("open_cases", o.open_cases.to_string()),
                ("threshold", t.officer_open_cases.to_string()),
            ]),
        });
    }
    out
}

/// W05.
fn certificate(o: &OfficerRecord, t: &Thresholds, today: NaiveDate) -> Vec<Hit> {
    let last_valid = o
        .certificates
        .iter()
        .filter(|c| effective_status(c.status, c.valid_from, c.valid_to, today) == CertificateStatus::Valid)
        .max_by_key(|c| c.valid_to);
    let (severity, level, summary, until) = match last_valid {
        None => (
            Severity::Red,
            "none",
            format!("{}已无有效执法证件，仍承办{}件未结案件", o.name, o.open_cases),
            String::new(),
        ),
        Some(c) if (c.valid_to - today).num_days() <= i64::from(t.certificate_expiry_days) => (
            Severity::Yellow,
            "expiring",
            format!(
                "{}的执法证件（{}）将于{}到期（还有{}日），仍承办{}件未结案件",
                o.name,
                c.number,
                c.valid_to,
                (c.valid_to - today).num_days(),
                o.open_cases
            ),
            c.valid_to.to_string(),
        ),
        Some(_) => return Vec::new(),
    };
    vec![Hit {
        rule: known("W05"),
        key: "certificate".into(),
        severity,
        body_id: o.body_id,
        case_id: None,
        officer_id: Some(o.id),
        summary,
        inputs: BTreeMap::from([
            ("level", level.to_string()),
            ("valid_to", until),
            ("days", t.certificate_expiry_days.to_string()),
        ]),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cert(to: &str, status: CertificateStatus) -> CertificateStanding {
        CertificateStanding {
            number: "12010001".into(),
            domain: "市场监管".into(),
            status,
            valid_from: d("2021-01-01"),
            valid_to: d(to),
        }
    }

    fn hits(certs: &[CertificateStanding], open: u32, today: &str) -> Vec<Hit> {
        let o = OfficerRecord { id: 7, body_id: 1, name: "王明", certificates: certs, open_cases: open };
        officer_hits(&o, &Thresholds::default(), d(today))
    }

    #[test]
    fn w05_warns_thirty_days_before_the_last_certificate_lapses() {
        let c = [cert("2026-12-31", CertificateStatus::Valid)];
        // 31 days before: nothing; 30 days before: yellow.
        assert!(hits(&c, 2, "2026-11-30").is_empty());
        let h = hits(&c, 2, "2026-12-01");
        assert_eq!((h[0].rule.id, h[0].severity), ("W05", Severity::Yellow));
        assert_eq!(h[0].officer_id, Some(7));
        // After it lapsed: red.
        assert_eq!(hits(&c, 2, "2027-01-01")[0].severity, Severity::Red);
        // No open cases: no clue.
        assert!(hits(&c, 0, "2026-12-20").is_empty());
    }

    #[test]
    fn w05_a_renewed_certificate_or_a_suspended_one() {
        let renewed = [cert("2026-12-31", CertificateStatus::Valid), cert("2031-12-31", CertificateStatus::Valid)];
        assert!(hits(&renewed, 1, "2026-12-20").is_empty());
        let suspended = [cert("2031-12-31", CertificateStatus::Suspended)];
        assert_eq!(hits(&suspended, 1, "2026-12-20")[0].severity, Severity::Red);
    }

    #[test]
    fn w16_more_open_cases_than_the_threshold() {
        let c = [cert("2031-12-31", CertificateStatus::Valid)];
        assert!(hits(&c, 30, "2026-12-20").is_empty(), "at the threshold");
        let h = hits(&c, 31, "2026-12-20");
        assert_eq!((h.len(), h[0].rule.id, h[0].severity), (1, "W16", Severity::Yellow));
        assert_eq!(h[0].inputs["open_cases"], "31");
    }
}
