//! The official working-day calendar: weekends, statutory holidays and make-up working days
//! (调休) from the State Council's annual notices (`data/holidays/YYYY.json`, 2007-2026).
//!
//! Short statutory periods count working days: 《行政处罚法》第八十五条 (the 二日、三日、五日、七日
//! periods of that law exclude statutory holidays), 《行政强制法》第六十九条 (periods of ten days
//! or less), 《行政许可法》第八十二条 (all its periods). The day a period starts from is not
//! counted (the general rule of Chinese procedure law, e.g. 《民事诉讼法》第八十五条). A date in
//! a year without a published schedule is refused, never guessed.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::HashMap;

/// The years whose schedule is shipped.
const YEARS: &[(i32, &str)] = &[
    (2007, include_str!("../../../data/holidays/2007.json")),
    (2008, include_str!("../../../data/holidays/2008.json")),
    (2009, include_str!("../../../data/holidays/2009.json")),
    (2010, include_str!("../../../data/holidays/2010.json")),
    (2011, include_str!("../../../data/holidays/2011.json")),
    (2012, include_str!("../../../data/holidays/2012.json")),
    (2013, include_str!("../../../data/holidays/2013.json")),
    (2014, include_str!("../../../data/holidays/2014.json")),
    (2015, include_str!("../../../data/holidays/2015.json")),
    (2016, include_str!("../../../data/holidays/2016.json")),
    (2017, include_str!("../../../data/holidays/2017.json")),
    (2018, include_str!("../../../data/holidays/2018.json")),
    (2019, include_str!("../../../data/holidays/2019.json")),
    (2020, include_str!("../../../data/holidays/2020.json")),
    (2021, include_str!("../../../data/holidays/2021.json")),
    (2022, include_str!("../../../data/holidays/2022.json")),
    (2023, include_str!("../../../data/holidays/2023.json")),
    (2024, include_str!("../../../data/holidays/2024.json")),
    (2025, include_str!("../../../data/holidays/2025.json")),
    (2026, include_str!("../../../data/holidays/2026.json")),
];

/// A date the calendar cannot answer for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}年的节假日安排尚未公布（或未收录），无法计算工作日期限，请人工确认")]
pub struct UnknownYear(pub i32);

#[derive(serde::Deserialize)]
struct YearFile {
    year: i32,
    days: Vec<DayEntry>,
}

#[derive(serde::Deserialize)]
struct DayEntry {
    name: String,
    date: NaiveDate,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// 工作日 (Monday to Friday, or a make-up working day named after its holiday)
    Working(Option<String>),
    /// 休息日 (a weekend, or a statutory holiday named)
    Rest(Option<String>),
}

/// How a period's days are counted.
///
/// Which calendar periods move when they end on a rest day: a period **for doing something** —
/// the party's fifteen days to pay (处罚法 art. 67), the body's ninety days to decide (art. 60),
/// the sixty days of 复议 and six months of 诉讼 — ends, when its last day is a statutory
/// holiday or rest day, on the next working day (《民事诉讼法》第八十五条第三款, which
/// 《行政诉讼法》第一百零一条 applies to periods, and the common reading for administrative
/// procedure). A period that **limits how long a right is restricted** — a seizure's “不得超过
/// 三十日” and its extension (《行政强制法》第二十五条) — is no time for an act: moving its end would
/// lengthen the restriction beyond what the law allows, so it ends on its last calendar day
/// whatever the day ([`PeriodKind::CalendarFixed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// 工作日 (rest days not counted)
    Working,
    /// 自然日 (an end on a rest day moves to the next working day)
    Calendar,
    /// 自然日，届满日不顺延 (the longest a measure may last)
    CalendarFixed,
}

/// A computed period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// the day it runs from (not counted)
    pub start: NaiveDate,
    /// its length
    pub days: u32,
    /// how days are counted
    pub kind: PeriodKind,
    /// its last day
    pub end: NaiveDate,
    /// rest days passed over (working periods) or the end moved across (calendar periods),
    /// with the holiday's name where it is one
    pub skipped: Vec<(NaiveDate, Option<String>)>,
}

/// The calendar of the years it knows.
#[derive(Debug, Clone)]
pub struct Calendar {
    years: std::collections::HashSet<i32>,
    special: HashMap<NaiveDate, (bool, String)>,
}

/// One year's schedule of holidays and make-up working days, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    /// the year
    pub year: i32,
    /// (date, is a rest day, holiday name)
    pub days: Vec<(NaiveDate, bool, String)>,
}

/// Parses and checks a year's schedule in the shipped format
/// (`{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, …]}`),
/// as an administrator imports it when the State Council publishes a new year's notice.
pub fn parse_year(text: &str) -> Result<YearSchedule, String> {
    let file: YearFile = serde_json::from_str(text).map_err(|e| format!("节假日安排文件格式错误：{e}"))?;
    if !(2000..=2100).contains(&file.year) {
        return Err(format!("年份{}无效", file.year));
    }
    if file.days.is_empty() {
        return Err("节假日安排中没有任何日期".into());
    }
    let mut seen = std::collections::HashSet::new();
    let mut days = Vec::new();
    for d in file.days {
        // A notice also settles the New Year days at the end of the year before.
        let late_december = d.date.year() == file.year - 1 && d.date.month() == 12;
        if d.date.year() != file.year && !late_december {
            return Err(format!("日期{}不属于{}年", d.date, file.year));
        }
        if d.name.trim().is_empty() {
            return Err(format!("日期{}没有节日名称", d.date));
        }
        if !seen.insert(d.date) {
            return Err(format!("日期{}重复", d.date));
        }

        days.push((d.date, d.is_off_day, d.name.trim().to_string()));
    }
    if !days.iter().any(|d| d.1) {
        return Err("节假日安排中没有放假日期".into());
    }
    Ok(YearSchedule { year: file.year, days })
}

impl Calendar {
    fn build(schedules: impl IntoIterator<Item = YearSchedule>) -> Calendar {
        let mut special = HashMap::new();
        let mut years = std::collections::HashSet::new();
        for y in schedules {
            // A replaced year drops its earlier entries.
            special.retain(|d: &NaiveDate, _| d.year() != y.year);
            years.insert(y.year);
            for (date, off, name) in y.days {
                special.insert(date, (off, name));
            }
        }
        Calendar { years, special }
    }

    /// The official schedule shipped with the program.
    pub fn official() -> &'static Calendar {
        static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        // The files are part of the program (a test parses each); a year whose file did not
        // parse stays unknown rather than guessed.
        CAL.get_or_init(|| Calendar::build(YEARS.iter().filter_map(|(_, text)| parse_year(text).ok())))
    }

    /// The shipped schedule with imported years added (an imported year replaces the shipped
    /// one of the same year: the State Council has amended a year's schedule before).
    pub fn with_imported(imported: Vec<YearSchedule>) -> Calendar {
        Calendar::build(YEARS.iter().filter_map(|(_, text)| parse_year(text).ok()).chain(imported))
    }

    /// The years this calendar knows, in order.
    pub fn years(&self) -> Vec<i32> {
        let mut v: Vec<i32> = self.years.iter().copied().collect();
        v.sort_unstable();
        v
    }

    /// What kind of day `date` is.
    pub fn day(&self, date: NaiveDate) -> Result<DayKind, UnknownYear> {
        if !self.years.contains(&date.year()) {
            return Err(UnknownYear(date.year()));
        }
        Ok(match self.special.get(&date) {
            Some((true, name)) => DayKind::Rest(Some(name.clone())),
            Some((false, name)) => DayKind::Working(Some(name.clone())),
            None if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) => DayKind::Rest(None),
            None => DayKind::Working(None),
        })
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, UnknownYear> {
        Ok(matches!(self.day(date)?, DayKind::Working(_)))
    }

    /// The last day of a period of `n` working days starting from `start` (which is not
    /// counted): the `n`-th working day after it.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, UnknownYear> {
        Ok(self.period(start, n, PeriodKind::Working)?.end)
    }

    /// The last day of a period of `n` calendar days from `start` (not counted); when it falls
    /// on a rest day, the first working day after it (《民事诉讼法》第八十五条, applied alike).
    pub fn add_calendar_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, UnknownYear> {
        Ok(self.period(start, n, PeriodKind::Calendar)?.end)
    }

    /// A period with the rest days it passed over (the arithmetic shown to people).
    pub fn period(&self, start: NaiveDate, n: u32, kind: PeriodKind) -> Result<Period, UnknownYear> {
        let mut skipped = Vec::new();
        let mut d = start;
        match kind {
            PeriodKind::Working => {
                let mut left = n;
                while left > 0 {
                    d += Duration::days(1);
                    match self.day(d)? {
                        DayKind::Working(_) => left -= 1,
                        DayKind::Rest(name) => skipped.push((d, name)),
                    }
                }
            }
            PeriodKind::Calendar => {
                d += Duration::days(i64::from(n));
                while let DayKind::Rest(name) = self.day(d)? {
                    skipped.push((d, name));
                    d += Duration::days(1);
                }
            }
            PeriodKind::CalendarFixed => d += Duration::days(i64::from(n)),
        }
        Ok(Period { start, days: n, kind, end: d, skipped })
    }

    /// Whether `date` lies within a period of `n` days from `start`, i.e. `date <= end`. Unlike
    /// computing the end, this needs the schedule only up to `date`: a step taken today is
    /// known to be in time even when the period would run into a year whose schedule is not
    /// yet published.
    pub fn within(&self, start: NaiveDate, n: u32, kind: PeriodKind, date: NaiveDate) -> Result<bool, UnknownYear> {
        if date <= start {
            return Ok(true);
        }
        match kind {
            PeriodKind::Working => {
                let passed = self.working_days_between(start, date)?;
                Ok(passed < n || (passed == n && self.is_working_day(date)?))
            }
            PeriodKind::Calendar => {
                let plain_end = start + Duration::days(i64::from(n));
                let mut d = plain_end;
                // The end moves over rest days: `date` is in time while every day before it,
                // from the plain end on, is a rest day.
                while d < date {
                    if self.is_working_day(d)? {
                        return Ok(false);
                    }
                    d += Duration::days(1);
                }
                Ok(true)
            }
            PeriodKind::CalendarFixed => Ok(date <= start + Duration::days(i64::from(n))),
        }
    }

    /// Working days from `from` (not counted) up to and including `to`; 0 when `to` is not later.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, UnknownYear> {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// 星期一 … 星期日
pub fn weekday_label(d: NaiveDate) -> &'static str {
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][d.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_year_parses_and_an_imported_year_becomes_known() {
        assert_eq!(Calendar::official().years(), (2007..=2026).collect::<Vec<_>>());
        let y2027 = r#"{"year": 2027, "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "春节", "date": "2027-02-06", "isOffDay": true},
            {"name": "春节", "date": "2027-02-13", "isOffDay": false}]}"#;
        let cal = Calendar::with_imported(vec![parse_year(y2027).unwrap()]);
        assert!(cal.day(d("2027-01-01")).unwrap() == DayKind::Rest(Some("元旦".into())));
        assert!(cal.is_working_day(d("2027-02-13")).unwrap(), "a make-up Saturday");
        assert!(Calendar::official().day(d("2027-01-01")).is_err());
        // Bad files are refused with the reason.
        assert!(parse_year("{}").unwrap_err().contains("格式"));
        let wrong_year = r#"{"year": 2027, "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}]}"#;
        assert!(parse_year(wrong_year).unwrap_err().contains("不属于"));
        let twice = r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
        assert!(parse_year(twice).unwrap_err().contains("重复"));
    }

    #[test]
    fn within_agrees_with_the_computed_end_and_needs_no_later_year() {
        let cal = Calendar::official();
        let start = d("2024-01-01");
        for offset in 0..700 {
            let s = start + Duration::days(offset);
            for n in [1, 2, 5, 7, 10, 15, 20, 30, 90] {
                for kind in [PeriodKind::Working, PeriodKind::Calendar] {
                    let end = cal.period(s, n, kind).unwrap().end;
                    for probe in [end - Duration::days(1), end, end + Duration::days(1), end + Duration::days(3)] {
                        assert_eq!(cal.within(s, n, kind, probe).unwrap(), probe <= end, "{s} {n} {kind:?} {probe}");
                    }
                }
            }
        }
        // 90 days from late 2026 end in 2027 (no schedule yet), but a day in 2026 is in time.
        assert!(cal.period(d("2026-11-20"), 90, PeriodKind::Calendar).is_err());
        assert!(cal.within(d("2026-11-20"), 90, PeriodKind::Calendar, d("2026-12-30")).unwrap());
        assert!(cal.within(d("2026-12-25"), 7, PeriodKind::Working, d("2026-12-31")).unwrap());
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_shipped_year_parses_and_names_its_days() {
        for (year, text) in YEARS {
            let f: YearFile = serde_json::from_str(text).unwrap_or_else(|e| panic!("{year}: {e}"));
            assert_eq!(f.year, *year);
            assert!(
                f.days
                    .iter()
                    .all(|x| x.date.year() == *year || x.date.year() == *year + 1 || x.date.year() == *year - 1)
            );
            assert!(f.days.iter().any(|x| x.is_off_day && x.name.contains("春节")), "{year} has 春节");
        }
    }

    #[test]
    fn national_day_2026_and_its_make_up_saturday() {
        let c = Calendar::official();
        assert_eq!(c.day(d("2026-10-01")).unwrap(), DayKind::Rest(Some("国庆节".into())));
        assert!(!c.is_working_day(d("2026-10-07")).unwrap());
        // 2026-10-10 is a Saturday worked in exchange (调休).
        assert_eq!(c.day(d("2026-10-10")).unwrap(), DayKind::Working(Some("国庆节".into())));
        assert!(c.is_working_day(d("2026-11-26")).unwrap());
        assert!(!c.is_working_day(d("2026-11-28")).unwrap(), "an ordinary Saturday");
    }

    /// 行政处罚法第八十五条: a 7-working-day period from the last working day before the
    /// National Day holiday ends after it, counting the make-up Saturday.
    #[test]
    fn seven_working_days_across_national_day_2026() {
        let c = Calendar::official();
        // From Wednesday 2026-09-30: Oct 1-7 rest, 8 (Thu) 1, 9 (Fri) 2, 10 (Sat, make-up) 3,
        // 12 (Mon) 4, 13 5, 14 6, 15 7.
        assert_eq!(c.add_working_days(d("2026-09-30"), 7).unwrap(), d("2026-10-15"));
        assert_eq!(c.working_days_between(d("2026-09-30"), d("2026-10-15")).unwrap(), 7);
        // An ordinary week: Friday + 5 working days = next Friday.
        assert_eq!(c.add_working_days(d("2026-11-20"), 5).unwrap(), d("2026-11-27"));
        assert_eq!(c.add_working_days(d("2026-11-20"), 0).unwrap(), d("2026-11-20"));
    }

    #[test]
    fn a_calendar_period_ending_on_a_holiday_runs_to_the_next_working_day() {
        let c = Calendar::official();
        // 2026-09-25 + 10 days = 2026-10-05 (holiday) → 2026-10-08.
        assert_eq!(c.add_calendar_days(d("2026-09-25"), 10).unwrap(), d("2026-10-08"));
        assert_eq!(c.add_calendar_days(d("2026-11-02"), 10).unwrap(), d("2026-11-12"));
    }

    /// Table tests across Spring Festival and National Day, with their make-up working days.
    #[test]
    fn working_day_periods_across_the_2024_to_2026_holidays() {
        let c = Calendar::official();
        for (start, n, end) in [
            ("2024-02-08", 3, "2024-02-19"), // 春节 02-10..17 off, Sunday 02-18 worked
            ("2024-02-02", 1, "2024-02-04"), // Sunday 02-04 worked before 春节
            ("2024-09-27", 2, "2024-09-30"), // Sunday 09-29 worked before 国庆
            ("2024-09-30", 5, "2024-10-12"), // 国庆 10-01..07 off, Saturday 10-12 worked
            ("2025-01-24", 2, "2025-01-27"), // Sunday 01-26 worked before 春节
            ("2025-01-27", 1, "2025-02-05"), // 春节 01-28..02-04 off
            ("2025-09-30", 5, "2025-10-14"), // 国庆中秋 10-01..08 off, Saturday 10-11 worked
            ("2026-02-13", 2, "2026-02-24"), // Saturday 02-14 worked, 春节 02-15..23 off
            ("2026-09-28", 7, "2026-10-13"), // 国庆 10-01..07 off, Saturday 10-10 worked
        ] {
            assert_eq!(c.add_working_days(d(start), n).unwrap(), d(end), "{start} + {n} working days");
            assert_eq!(c.working_days_between(d(start), d(end)).unwrap(), n);
        }
        let p = c.period(d("2026-09-28"), 7, PeriodKind::Working).unwrap();
        assert_eq!(p.skipped.len(), 8, "seven holidays and one Sunday: {:?}", p.skipped);
        assert_eq!(p.skipped[0], (d("2026-10-01"), Some("国庆节".into())));
        assert!(p.skipped.contains(&(d("2026-10-11"), None)), "an ordinary Sunday");
    }

    proptest::proptest! {
        /// n working days later is a working day (n > 0), exactly n working days away, and
        /// later periods never end earlier.
        #[test]
        fn working_day_arithmetic_is_consistent(offset in 0i64..6500, n in 0u32..40) {
            let c = Calendar::official();
            let start = d("2007-01-01") + Duration::days(offset);
            let end = c.add_working_days(start, n).unwrap();
            proptest::prop_assert_eq!(c.working_days_between(start, end).unwrap(), n);
            if n > 0 {
                proptest::prop_assert!(c.is_working_day(end).unwrap());
            }
            proptest::prop_assert!(c.add_working_days(start, n + 1).unwrap() > end);
            let cal = c.add_calendar_days(start, n).unwrap();
            proptest::prop_assert!(cal >= start + Duration::days(i64::from(n)) && c.is_working_day(cal).unwrap());
        }
    }

    #[test]
    fn a_year_without_a_schedule_is_refused_not_guessed() {
        let c = Calendar::official();
        assert_eq!(c.is_working_day(d("2027-01-04")), Err(UnknownYear(2027)));
        // A period running into 2027 cannot be computed either.
        assert_eq!(c.add_working_days(d("2026-12-28"), 7), Err(UnknownYear(2027)));
        assert!(UnknownYear(2027).to_string().contains("2027年"));
        assert_eq!(c.is_working_day(d("2006-12-29")), Err(UnknownYear(2006)));
    }
}
