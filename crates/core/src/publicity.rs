//! 行政执法公示 rules on dates and on what is published, free of I/O: the publication deadline of
//! a decision (seed §二(三)3, 国办发〔2018〕118号: 行政许可 and 行政处罚 within 7 working days, other
//! decisions within 20, a body may only shorten them), the withdrawal deadline (3 working days,
//! 《市场监督管理行政处罚信息公示规定》第十一条), when a publication leaves the public view (第十三条)
//! and which decisions are not published at all (第二条第二款; seed §二(三); 政府信息公开条例 art. 15).

use crate::calendar::{Calendar, PeriodKind};
use crate::case::rules::Refusal;
use chrono::{Months, NaiveDate};

/// The rule of the publication deadlines.
pub const DEADLINE_RULE: &str = "实施方案§二(三)3（国办发〔2018〕118号）";
/// The rule of withdrawal.
pub const WITHDRAWAL_RULE: &str = "《市场监督管理行政处罚信息公示规定》第十一条";
/// The rule of the publication period.
pub const PERIOD_RULE: &str = "《市场监督管理行政处罚信息公示规定》第十三条";

/// What kind of decision is published, for its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// 行政许可
    Licensing,
    /// 行政处罚
    Penalty,
    /// 其他行政执法决定（强制、征收、检查结果等）
    Other,
}

impl Category {
    /// The statutory deadline in working days.
    pub fn working_days(self) -> u32 {
        match self {
            Category::Licensing | Category::Penalty => 7,
            Category::Other => 20,
        }
    }
}

/// The last day to publish a decision made on `decided_on`: the statutory working days, or a
/// body's own shorter limit (a longer one is refused: a body may tighten the rule, never
/// loosen it).
pub fn publication_due(
    cal: &Calendar,
    decided_on: NaiveDate,
    category: Category,
    body_days: Option<u32>,
) -> Result<NaiveDate, Refusal> {
    let law = category.working_days();
    let days = match body_days {
        Some(d) if d > law => {
            return Err(Refusal::new(
                "publication_days",
                DEADLINE_RULE,
                format!("本机关规定的公开时限（{d}个工作日）长于法定的{law}个工作日：只能缩短，不能延长"),
            ));
        }
        Some(0) => {
            return Err(Refusal::new("publication_days", DEADLINE_RULE, "公开时限至少为1个工作日"));
        }
        Some(d) => d,
        None => law,
    };
    cal.period(decided_on, days, PeriodKind::Working).map(|p| p.end).map_err(crate::case::rules::unknown_year)
}

/// The last day to withdraw a publication whose decision was revoked, changed, confirmed
/// unlawful or void on `changed_on`.
pub fn withdrawal_due(cal: &Calendar, changed_on: NaiveDate) -> Result<NaiveDate, Refusal> {
    cal.period(changed_on, 3, PeriodKind::Working).map(|p| p.end).map_err(crate::case::rules::unknown_year)
}

/// What decides how long a publication stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weight {
    /// the only penalty is 通报批评, or a fine not above the provincial "较低数额" (and no other)
    pub light: bool,
    /// the last day of a restriction on business or practice the decision imposes, if any
    pub restricted_until: Option<NaiveDate>,
}

/// The first day a publication made on `published_on` is no longer shown: three months for a
/// light penalty, three years otherwise, or the end of a longer restriction (第十三条).
pub fn expires_on(published_on: NaiveDate, w: Weight) -> NaiveDate {
    let add = |m: u32| published_on.checked_add_months(Months::new(m)).unwrap_or(published_on);
    let base = add(if w.light { 3 } else { 36 });
    // 限制开展生产经营活动、限制从业超过三年的，公示期按照实际限制期限执行.
    match w.restricted_until {
        Some(r) if r > add(36) => r,
        _ => base,
    }
}

/// Why a decision is not published, if it is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Exclusions {
    /// the only penalty is a warning
    pub warning_only: bool,
    /// the party is a minor
    pub minor: bool,
    /// the case turns on state secrets
    pub state_secret: bool,
    /// the case turns on personal privacy (or trade secrets) and no overriding public interest
    pub privacy: bool,
}

/// `Ok` when the decision is published; otherwise the reason, recorded with the decision.
pub fn publishable(x: Exclusions) -> Result<(), Refusal> {
    let (rule, why) = if x.warning_only {
        ("《市场监督管理行政处罚信息公示规定》第二条第二款", "仅受到警告行政处罚的不予公示")
    } else if x.minor {
        ("《中华人民共和国未成年人保护法》第一百零三条", "当事人为未成年人，不予公开")
    } else if x.state_secret {
        ("《中华人民共和国政府信息公开条例》第十四条", "涉及国家秘密，不予公开")
    } else if x.privacy {
        ("《中华人民共和国政府信息公开条例》第十五条", "涉及个人隐私或者商业秘密，不予公开")
    } else {
        return Ok(());
    };
    Err(Refusal::new("publication", rule, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    #[test]
    fn seed_2_3_3_seven_working_days_across_spring_festival_2026_with_make_up_days() {
        let cal = Calendar::official();
        // Decided Thu 02-12: 13 (Fri), 14 (Sat, make-up workday), 15-23 off, 24, 25, 26, 27,
        // 28 (Sat, make-up workday) is the seventh.
        assert_eq!(publication_due(cal, d("2026-02-12"), Category::Penalty, None).unwrap(), d("2026-02-28"));
        // A body may shorten the limit, never lengthen it.
        assert_eq!(publication_due(cal, d("2026-02-12"), Category::Licensing, Some(2)).unwrap(), d("2026-02-14"));
        let r = publication_due(cal, d("2026-02-12"), Category::Penalty, Some(10)).unwrap_err();
        assert!(r.message.contains("只能缩短"), "{r}");
    }

    #[test]
    fn seed_2_3_3_twenty_working_days_across_national_day_2025() {
        let cal = Calendar::official();
        // Decided Fri 2025-09-26: 09-28 (Sun, make-up), 29, 30, then 10-01..08 off, 09, 10,
        // 11 (Sat, make-up), and on: the twentieth is Thu 10-30.
        assert_eq!(publication_due(cal, d("2025-09-26"), Category::Other, None).unwrap(), d("2025-10-30"));
    }

    #[test]
    fn art_11_withdrawal_within_three_working_days_across_national_day_2026() {
        let cal = Calendar::official();
        // Revoked Wed 2026-09-30: 10-01..07 off; 08, 09, 10 (Sat, make-up workday).
        assert_eq!(withdrawal_due(cal, d("2026-09-30")).unwrap(), d("2026-10-10"));
    }

    #[test]
    fn art_13_publications_expire_after_three_months_three_years_or_the_restriction() {
        let light = Weight { light: true, restricted_until: None };
        assert_eq!(expires_on(d("2026-03-01"), light), d("2026-06-01"));
        assert_eq!(expires_on(d("2026-03-01"), Weight::default()), d("2029-03-01"));
        let restricted = Weight { light: false, restricted_until: Some(d("2031-05-01")) };
        assert_eq!(expires_on(d("2026-03-01"), restricted), d("2031-05-01"));
        // 11-30 plus three months is the end of February.
        assert_eq!(expires_on(d("2025-11-30"), light), d("2026-02-28"));
    }

    #[test]
    fn art_2_warnings_minors_secrets_and_privacy_are_not_published() {
        assert!(publishable(Exclusions::default()).is_ok());
        let r = publishable(Exclusions { warning_only: true, ..Default::default() }).unwrap_err();
        assert!(r.rule.contains("第二条") && r.message.contains("警告"), "{r}");
        assert!(
            publishable(Exclusions { minor: true, ..Default::default() }).unwrap_err().message.contains("未成年人")
        );
        assert!(publishable(Exclusions { privacy: true, ..Default::default() }).unwrap_err().rule.contains("第十五条"));
    }
}
