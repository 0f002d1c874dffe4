//! Time conventions: instants are stored in UTC and shown in Asia/Shanghai; dates of legal
//! periods are calendar dates in Asia/Shanghai.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Asia/Shanghai has been UTC+8 without daylight saving since 1991.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| unreachable!("8 hours is a valid offset"))
}

/// The calendar date in Asia/Shanghai of an instant.
pub fn shanghai_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&shanghai()).date_naive()
}

/// The instant a calendar date begins in Asia/Shanghai.
pub fn shanghai_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_local_timezone(shanghai())
        .single()
        .map_or_else(|| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(), |t| t.with_timezone(&Utc))
}

/// An instant shown to people: `2026-11-27 06:34` in Asia/Shanghai.
pub fn display(at: DateTime<Utc>) -> String {
    at.with_timezone(&shanghai()).format("%Y-%m-%d %H:%M").to_string()
}

/// Parses a calendar date `YYYY-MM-DD` with a Chinese error.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("日期“{}”格式应为 YYYY-MM-DD", s.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn late_utc_evening_is_next_day_in_shanghai() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 22, 0, 0).single().unwrap();
        assert_eq!(shanghai_date(at), NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(display(at), "2026-11-27 06:00");
    }

    #[test]
    fn bad_date_is_named() {
        assert!(parse_date("2026/1/1").unwrap_err().contains("2026/1/1"));
    }
}
