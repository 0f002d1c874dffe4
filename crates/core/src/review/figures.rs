//! The review queue and the figures: what waits on whom, the review time limit, and the statistics
//! of a body's files.

use super::*;
pub use crate::case::model::ReviewResult as Outcome;
use serde::Serialize;

/// Who a review file is waiting for, and for what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// the body's reviewers: an opinion on the version submitted
    Review,
    /// the body's reviewers: the negotiation on the handling unit's objection
    Negotiation,
    /// the agency head: the disagreement
    Ruling,
    /// the handling unit: revise and resubmit, or object
    Revision,
    /// the handling unit or the head: refer the suspected crime
    Referral,
}

impl Waiting {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Waiting::Review => "待审核",
            Waiting::Negotiation => "待协商",
            Waiting::Ruling => "待负责人处理",
            Waiting::Revision => "待修改后重新送审或提出异议",
            Waiting::Referral => "涉嫌犯罪待移送",
        }
    }
}

/// What a review file waits for, if anything.
pub fn waiting(events: &[Event]) -> Option<Waiting> {
    if referral(events) == Referral::Flagged {
        return Some(Waiting::Referral);
    }
    match state(events) {
        State::Pending { .. } => Some(Waiting::Review),
        State::Objected { .. } => Some(Waiting::Negotiation),
        State::Escalated { .. } => Some(Waiting::Ruling),
        State::Returned { .. } | State::Upheld { .. } => Some(Waiting::Revision),
        State::None | State::Passed { .. } => None,
    }
}

/// The review time limit's last day for a version submitted on `submitted` (a date in
/// Asia/Shanghai), `days` working days on the official calendar.
pub fn review_due(
    cal: &crate::calendar::Calendar,
    submitted: chrono::NaiveDate,
    days: u32,
) -> Result<chrono::NaiveDate, crate::calendar::UnknownYear> {
    crate::case::rules::review_period(days).end(cal, submitted)
}

/// An event with its time, as the statistics read it.
#[derive(Debug, Clone)]
pub struct Timed {
    /// the event
    pub event: Event,
    /// when (UTC)
    pub at: chrono::DateTime<chrono::Utc>,
    /// for a submission: the last day of its review time limit (None when the year's
    /// schedule is unknown)
    pub due: Option<chrono::NaiveDate>,
}

/// A body's review figures (seed §四; issue: reviews, pass rate, revision rounds, time to
/// review, disagreements escalated).
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// cases with at least one submission
    pub cases: i64,
    /// submissions (every version)
    pub submissions: i64,
    /// opinions given
    pub reviews: i64,
    /// opinions 同意
    pub agreed: i64,
    /// 同意 among opinions, per cent (one decimal)
    pub pass_rate: Option<f64>,
    /// cases whose first version was agreed, per cent
    pub first_pass_rate: Option<f64>,
    /// versions per reviewed case, on average (one decimal)
    pub rounds: Option<f64>,
    /// median hours from submission to opinion (one decimal)
    pub median_hours: Option<f64>,
    /// opinions given after the time limit
    pub late: i64,
    /// versions still waiting past the time limit
    pub overdue: i64,
    /// versions waiting for an opinion
    pub pending: i64,
    /// objections by the handling unit
    pub objections: i64,
    /// negotiations without agreement, escalated to the head
    pub escalated: i64,
    /// the head's rulings for the handling unit
    pub ruled_for_handling: i64,
    /// opinions finding a suspected crime
    pub crimes_flagged: i64,
    /// referrals made
    pub referred: i64,
}

pub(super) fn pct(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| (n as f64 * 1000.0 / d as f64).round() / 10.0)
}

/// The figures over the review files of a body (each file's events in order), on `today`.
pub fn stats(files: &[Vec<Timed>], today: chrono::NaiveDate) -> Stats {
    let mut s = Stats::default();
    let mut hours: Vec<f64> = Vec::new();
    let (mut reviewed_cases, mut first_pass, mut versions_of_reviewed) = (0i64, 0i64, 0i64);
    for file in files.iter().filter(|f| !f.is_empty()) {
        s.cases += 1;
        let mut open: Option<&Timed> = None;
        let mut versions = 0;
        let mut first: Option<bool> = None;
        for t in file {
            match &t.event {
                Event::Submitted { .. } => {
                    s.submissions += 1;
                    versions += 1;
                    open = Some(t);
                }
                Event::Reviewed { outcome, crime_suspected } => {
                    s.reviews += 1;
                    let agreed = *outcome == Outcome::Agree;
                    s.agreed += i64::from(agreed);
                    s.crimes_flagged += i64::from(*crime_suspected);
                    first.get_or_insert(agreed);
                    if let Some(sub) = open.take() {
                        hours.push((t.at - sub.at).num_minutes() as f64 / 60.0);
                        if sub.due.is_some_and(|d| crate::time::shanghai_date(t.at) > d) {
                            s.late += 1;
                        }
                    }
                }
                Event::Objected => s.objections += 1,
                Event::Negotiated { agreed: false } => s.escalated += 1,
                Event::Ruled { side: Side::Handling } => s.ruled_for_handling += 1,
                Event::Referred => s.referred += 1,
                _ => {}
            }
        }
        if let Some(sub) = open {
            s.pending += 1;
            s.overdue += i64::from(sub.due.is_some_and(|d| today > d));
        }
        if let Some(f) = first {
            reviewed_cases += 1;
            first_pass += i64::from(f);
            versions_of_reviewed += versions;
        }
    }
    s.pass_rate = pct(s.agreed, s.reviews);
    s.first_pass_rate = pct(first_pass, reviewed_cases);
    s.rounds =
        (reviewed_cases > 0).then(|| (versions_of_reviewed as f64 * 10.0 / reviewed_cases as f64).round() / 10.0);
    hours.sort_by(f64::total_cmp);
    s.median_hours = match hours.len() {
        0 => None,
        n if n % 2 == 1 => Some(hours[n / 2]),
        n => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
    }
    .map(|h| (h * 10.0).round() / 10.0);
    s
}
