//! Periods on the calendar used by the guards and the deadlines: days excluded while a case is
//! suspended, measure and licence periods, and how a late step is worded.

use super::*;
use crate::calendar::Calendar;
use crate::case::model::*;
use crate::case::rules::{self, Refusal, Span, unknown_year};
use StepKind as S;
use chrono::{Duration, NaiveDate};

pub(super) fn excluded_calendar_days(history: &[Recorded]) -> u32 {
    history
        .iter()
        .filter(|r| r.kind == S::ExcludePeriod)
        .filter_map(|r| Some((r.data.to_date? - r.data.from_date?).num_days() + 1))
        .map(|n| u32::try_from(n).unwrap_or(0))
        .sum()
}

pub(super) fn excluded_working_days(cal: &Calendar, history: &[Recorded]) -> Result<u32, Refusal> {
    let mut n = 0;
    for r in history.iter().filter(|r| r.kind == S::ExcludePeriod) {
        if let (Some(f), Some(t)) = (r.data.from_date, r.data.to_date) {
            n += cal.working_days_between(f - Duration::days(1), t).map_err(unknown_year)?;
        }
    }
    Ok(n)
}

/// The day a recorded service counts as made (公告送达: thirty days after the notice,
/// 《民事诉讼法》第九十五条).
pub fn served_on(r: &Recorded) -> NaiveDate {
    rules::served_on(r.data.method_as(ServiceMethod::parse), r.date())
}

/// The day the 告知书 of the latest notice was served, when its service is recorded: the periods
/// of 陈述申辩 (《行政处罚法》第四十五条) and of asking for a hearing (第六十四条第一项) run from it.
pub fn notice_served_on(history: &[Recorded]) -> Option<NaiveDate> {
    notice_service(history).map(served_on)
}

/// The recorded service of the latest notice's 告知书, if any.
pub(super) fn notice_service(history: &[Recorded]) -> Option<&Recorded> {
    let ni = last_index(history, S::NotifyIntent)?;
    history[ni..].iter().find(|r| r.kind == S::ServeNotice)
}

/// The decision a penalty case carries (general or on the spot).
pub fn decided_penalty(history: &[Recorded]) -> Option<&Penalty> {
    history.iter().rev().find(|r| matches!(r.kind, S::Decide | S::OnsiteDecision)).and_then(|r| r.data.penalty.as_ref())
}

/// The end of a compulsory measure (《行政强制法》第二十五条).
pub fn measure_end(cal: &Calendar, history: &[Recorded]) -> Result<Option<NaiveDate>, Refusal> {
    match measure_period(history) {
        Some((from, span)) => span.end(cal, from).map(Some).map_err(unknown_year),
        None => Ok(None),
    }
}

/// The day a licence application counts as accepted: the day materials arrived when they were
/// not asked for within five working days (《行政许可法》第三十二条第一款第四项).
pub fn effective_acceptance(cal: &Calendar, history: &[Recorded]) -> Result<Option<NaiveDate>, Refusal> {
    let (Some(apply), Some(accept)) = (last(history, S::Apply), last(history, S::Accept)) else { return Ok(None) };
    if last(history, S::RequestMaterials).is_none()
        && late(cal, apply.date(), rules::MATERIALS_REQUEST, accept.date())?.is_some()
    {
        return Ok(Some(apply.date()));
    }
    Ok(Some(accept.date()))
}

/// The licence decision period: from the effective acceptance, twenty working days plus the
/// approved extension and the excluded working days (《行政许可法》第四十二条、第四十五条).
pub(super) fn licence_period(cal: &Calendar, history: &[Recorded]) -> Result<Option<(NaiveDate, Span)>, Refusal> {
    let Some(accepted) = effective_acceptance(cal, history)? else { return Ok(None) };
    let ext: u32 = history.iter().filter(|r| r.kind == S::ExtendDecision).filter_map(|r| r.data.days).sum();
    let excluded = excluded_working_days(cal, history)?;
    Ok(Some((accepted, rules::LICENCE_DECISION.plus(ext + excluded))))
}

/// The licence decision deadline (《行政许可法》第四十二条、第四十五条).
pub fn licence_deadline(cal: &Calendar, history: &[Recorded]) -> Result<Option<NaiveDate>, Refusal> {
    match licence_period(cal, history)? {
        Some((from, span)) => span.end(cal, from).map(Some).map_err(unknown_year),
        None => Ok(None),
    }
}

/// The seizure period: from the measure, its days plus the extension and the excluded
/// (testing) days (《行政强制法》第二十五条).
pub(super) fn measure_period(history: &[Recorded]) -> Option<(NaiveDate, Span)> {
    let applied = last(history, S::ApplyMeasure)?;
    let ext: u32 = history.iter().filter(|r| r.kind == S::ExtendMeasure).filter_map(|r| r.data.days).sum();
    let days = applied.data.days.unwrap_or(rules::SEIZURE_MAX) + ext + excluded_calendar_days(history);
    // The longest a seizure may last does not move off a holiday (see `PeriodKind`).
    Some((applied.date(), Span { days, kind: crate::calendar::PeriodKind::CalendarFixed }))
}

pub(super) fn refuse(field: &'static str, rule: &'static str, msg: impl Into<String>) -> Result<(), Refusal> {
    Err(Refusal::new(field, rule, msg))
}

/// `Some(last day)` when `date` is past the period `span` from `start`, `None` when in time.
/// Deciding needs the schedule only up to `date` ([`Calendar::within`]).
pub(super) fn late(
    cal: &Calendar,
    start: NaiveDate,
    span: Span,
    date: NaiveDate,
) -> Result<Option<NaiveDate>, Refusal> {
    if cal.within(start, span.days, span.kind, date).map_err(unknown_year)? {
        return Ok(None);
    }
    span.end(cal, start).map(Some).map_err(unknown_year)
}

/// The last day of a period for a message, or why it cannot be given.
pub(super) fn end_text(cal: &Calendar, start: NaiveDate, span: Span) -> String {
    span.end(cal, start).map_or_else(|e| format!("期限跨入节假日安排未公布的年份：{e}"), |d| d.to_string())
}
