//! The statutory deadlines of a case from its history, each with its article, due date and whether
//! it was met.

use super::*;
use crate::calendar::Calendar;
use crate::case::model::*;
use crate::case::rules::{self, Span};
use StepKind as S;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// The deadline of the decision in a general-procedure penalty case (《行政处罚法》第六十条).
pub const DECIDE_PENALTY: &str = "作出行政处罚决定";
/// The deadline of serving the penalty decision (第六十一条).
pub const SERVE_DECISION: &str = "送达行政处罚决定书";
/// The deadline of paying a fine (第六十七条).
pub const PAY_FINE: &str = "缴纳罚款（逾期每日加处3%）";
/// The end of a seizure's period (《行政强制法》第二十五条).
pub const END_MEASURE: &str = "查封、扣押期限届满（解除或作出处理决定）";
/// The deadline of a licensing decision (《行政许可法》第四十二条).
pub const DECIDE_LICENCE: &str = "作出行政许可决定";

/// A computed deadline of a case, with the rule that sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// what must happen
    pub what: &'static str,
    /// the rule
    pub rule: &'static str,
    /// the last day, when it can be computed
    pub due: Option<NaiveDate>,
    /// why it cannot be computed (a year without a published schedule, a stopped clock)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// when it was met
    pub done_on: Option<NaiveDate>,
}

/// A deadline of a period `span` from `start`. When the period runs into a year whose
/// schedule is not published, the plain count of calendar days is given as the earliest the
/// period can end (never later than the true end, so warnings come early, not late), with a note.
pub(super) fn span_deadline(
    what: &'static str,
    rule: &'static str,
    cal: &Calendar,
    start: NaiveDate,
    span: Span,
    done_on: Option<NaiveDate>,
) -> Deadline {
    match span.end(cal, start) {
        Ok(end) => Deadline { what, rule, due: Some(end), note: None, done_on },
        Err(e) => Deadline {
            what,
            rule,
            due: Some(start + Duration::days(i64::from(span.days))),
            note: Some(format!("{e}；此处按自然日计算的最早日期提示，实际期限可能更晚")),
            done_on,
        },
    }
}

/// The deadlines a case's steps set so far, each with its rule (for the case page and the
/// deadline views).
pub fn deadlines(case: &CaseFacts, history: &[Recorded], cal: &Calendar, today: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::new();
    let done = |k: StepKind| last(history, k).map(Recorded::date);
    match case.kind {
        CaseKind::PenaltyGeneral => {
            if let Some(filed) = last(history, S::File) {
                let span = rules::DECISION.plus(suspended_days(history, today));
                let mut d =
                    span_deadline(DECIDE_PENALTY, "《行政处罚法》第六十条", cal, filed.date(), span, done(S::Decide));
                if is_suspended(history) && d.done_on.is_none() {
                    d.due = None;
                    d.note = Some("案件中止，期限暂停计算".into());
                }
                out.push(d);
            }
            if let (Some(n), Some(served)) = (last(history, S::NotifyIntent), notice_served_on(history)) {
                let since: Vec<&Recorded> = history.iter().rev().take_while(|r| r.kind != S::NotifyIntent).collect();
                let stated = since.iter().rev().find(|r| r.kind == S::Statement).map(|r| r.date());
                out.push(span_deadline(
                    "当事人陈述、申辩（自告知书送达之日起）",
                    "《行政处罚法》第四十五条",
                    cal,
                    served,
                    // The period the 告知书 stated; for a notice recorded before it was kept, the shipped setting.
                    Span {
                        days: n.data.days.unwrap_or(crate::case::CasePolicy::shipped().statement_days),
                        kind: crate::calendar::PeriodKind::Working,
                    },
                    stated,
                ));
                if n.data.hearing_right.is_some() {
                    let answered = since.iter().rev().find(|r| r.kind == S::HearingRequest);
                    out.push(span_deadline(
                        "当事人要求听证（自告知书送达之日起）",
                        "《行政处罚法》第六十四条第一项",
                        cal,
                        served,
                        rules::HEARING_REQUEST,
                        answered.map(|r| r.date()),
                    ));
                }
            }
            if let Some(p) = last(history, S::PreserveEvidence) {
                let dealt = history
                    .iter()
                    .rev()
                    .take_while(|r| r.kind != S::PreserveEvidence)
                    .find(|r| r.kind == S::HandlePreserved)
                    .map(Recorded::date);
                out.push(span_deadline(
                    "对先行登记保存的证据作出处理决定",
                    "《行政处罚法》第五十六条",
                    cal,
                    p.date(),
                    rules::PRESERVATION,
                    dealt,
                ));
            }
            if let Some(dec) = last(history, S::Decide) {
                out.push(span_deadline(
                    SERVE_DECISION,
                    "《行政处罚法》第六十一条",
                    cal,
                    dec.date(),
                    rules::SERVICE,
                    done(S::Serve),
                ));
            }
            push_payment(&mut out, history, cal);
        }
        CaseKind::PenaltySimple => push_payment(&mut out, history, cal),
        CaseKind::CompulsoryMeasure => {
            if let Some(m) = last(history, S::ApplyMeasure) {
                if m.data.urgent_reason.is_some() {
                    out.push(Deadline {
                        what: "紧急实施后补办批准手续（24小时内）",
                        rule: "《行政强制法》第十九条",
                        due: Some(crate::time::shanghai_date(m.occurred_at + Duration::hours(24))),
                        note: None,
                        done_on: done(S::ApproveMeasure).filter(|d| *d >= m.date()),
                    });
                }
                if let Some((from, span)) = measure_period(history) {
                    out.push(span_deadline(
                        END_MEASURE,
                        "《行政强制法》第二十五条",
                        cal,
                        from,
                        span,
                        done(S::ReleaseMeasure),
                    ));
                }
            }
        }
        CaseKind::CompulsoryEnforcement => {
            if let Some(dm) = last(history, S::Demand) {
                out.push(Deadline {
                    what: "催告的履行期限",
                    rule: "《行政强制法》第三十五条",
                    due: dm.data.to_date,
                    note: None,
                    done_on: done(S::EnforcementDecision).or(done(S::Close)),
                });
            }
            if let Some(p) = last(history, S::PublicNotice) {
                out.push(Deadline {
                    what: "公告限期自行拆除",
                    rule: "《行政强制法》第四十四条",
                    due: p.data.to_date,
                    note: None,
                    done_on: done(S::Enforce),
                });
            }
        }
        CaseKind::Licensing => {
            if let Some(a) = last(history, S::Apply) {
                out.push(span_deadline(
                    "一次性告知补正材料（逾期视为受理）",
                    "《行政许可法》第三十二条第一款第四项",
                    cal,
                    a.date(),
                    rules::MATERIALS_REQUEST,
                    done(S::RequestMaterials).or(done(S::Accept)).or(done(S::RefuseApplication)),
                ));
            }
            if let Some(told) = last(history, S::HearingRightNotice) {
                out.push(span_deadline(
                    "申请人、利害关系人要求听证",
                    "《行政许可法》第四十七条",
                    cal,
                    told.date(),
                    rules::LICENCE_HEARING_REQUEST,
                    done(S::HearingRequest),
                ));
            }
            if let Some(asked) = last(history, S::HearingRequest).filter(|r| !r.data.waived) {
                out.push(span_deadline(
                    "组织听证（收到申请后二十日内）",
                    "《行政许可法》第四十七条",
                    cal,
                    asked.date(),
                    rules::LICENCE_HEARING_HELD,
                    done(S::Hearing),
                ));
            }
            if last(history, S::Accept).is_some() {
                const WHAT: &str = DECIDE_LICENCE;
                const RULE: &str = "《行政许可法》第四十二条、第四十五条";
                out.push(match licence_period(cal, history) {
                    Ok(Some((from, span))) => span_deadline(WHAT, RULE, cal, from, span, done(S::LicenceDecision)),
                    Ok(None) => Deadline { what: WHAT, rule: RULE, due: None, note: None, done_on: None },
                    Err(e) => Deadline { what: WHAT, rule: RULE, due: None, note: Some(e.message), done_on: None },
                });
            }
            if let Some(dec) = last(history, S::LicenceDecision)
                && dec.data.result_as(LicenceResult::parse) == Some(LicenceResult::Grant)
            {
                out.push(span_deadline(
                    "颁发许可证件",
                    "《行政许可法》第四十四条",
                    cal,
                    dec.date(),
                    rules::LICENCE_ISSUE,
                    done(S::IssueLicence),
                ));
            }
        }
        _ => {}
    }
    out
}

pub(super) fn push_payment(out: &mut Vec<Deadline>, history: &[Recorded], cal: &Calendar) {
    let has_fine = decided_penalty(history).is_some_and(|p| p.has(PenaltyKind::Fine));
    if let (true, Some(s)) = (has_fine, last(history, S::Serve)) {
        out.push(span_deadline(
            PAY_FINE,
            "《行政处罚法》第六十七条、第七十二条",
            cal,
            served_on(s),
            rules::PAYMENT,
            last(history, S::Execute).map(Recorded::date),
        ));
    }
}
