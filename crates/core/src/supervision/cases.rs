//! The rules that look at one case: its statutory deadlines (W01, W02, W13, from
//! [`crate::case::deadlines`], so that a warning and the case page never disagree about a
//! date), its publications (W12), its audio-visual records (W11) and the limitation (W18).
//! W11 and W18 are also refused when a step is recorded; here they check what is stored
//! (imported files, records made before a rule was in force).

use super::{Hit, Severity, Thresholds, known};
use crate::calendar::Calendar;
use crate::case::machine::{DECIDE_LICENCE, DECIDE_PENALTY, END_MEASURE, PAY_FINE, SERVE_DECISION, handling_officers};
use crate::case::machine::{EvidenceFact, covers_av};
use crate::case::rules::{OfficerStanding, limitation_end, standing_problem};
use crate::case::{CaseFacts, CasePolicy, Deadline, Recorded, StepKind, deadlines};
use crate::case::{CaseKind, CertificateStanding};
use crate::publicity::PublicationStatus;
use crate::registry::CertificateStatus;
use chrono::{DateTime, Months, NaiveDate, Utc};
use std::collections::BTreeMap;

/// A publication task of the case, as storage holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationFact {
    /// id
    pub id: i64,
    /// status
    pub status: PublicationStatus,
    /// the last day to publish
    pub due_on: Option<NaiveDate>,
    /// when it was published
    pub published_on: Option<NaiveDate>,
    /// the last day to withdraw a changed decision
    pub withdrawal_due: Option<NaiveDate>,
    /// when it was withdrawn
    pub withdrawn_on: Option<NaiveDate>,
}

/// A case as the rules see it.
#[derive(Debug, Clone)]
pub struct CaseRecord<'a> {
    /// id
    pub id: i64,
    /// body
    pub body_id: i64,
    /// 案件编号
    pub number: &'a str,
    /// what the procedure knows of it
    pub facts: &'a CaseFacts,
    /// its steps, in order
    pub history: &'a [Recorded],
    /// its publication tasks
    pub publications: &'a [PublicationFact],
    /// its evidence (deleted items marked)
    pub evidence: &'a [EvidenceFact],
    /// the officers named on its steps (others may be in the list too)
    pub officers: &'a [OfficerHistory],
    /// the versions of its power item in the body's list
    pub item_versions: &'a [crate::case::rules::ItemVersion],
    /// its legal review (W09): None when it has no decision the review stands before
    pub review: Option<&'a ReviewRecord>,
    /// the versions of the body's discretion standards of its item, oldest first (W07)
    pub standards: &'a [StandardVersion],
}

/// What W09 needs of a case's legal review (《行政处罚法》第五十八条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    /// whether review was required, computed as the gate computes it on the day of the case's
    /// latest decision (its marks, its hearing, the body's review list in force that day)
    pub requirement: crate::review::Requirement,
    /// the review file's events with the time each was recorded, in order
    pub events: Vec<(crate::review::Event, DateTime<Utc>)>,
    /// when each step of the case's history was written to the platform (the same order): a
    /// step states when it took place, often entered afterwards, so the review file's times are
    /// compared with the time the decision was written
    pub recorded_at: Vec<DateTime<Utc>>,
}

/// One version of a body's discretion standards (行政处罚裁量基准) for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardVersion {
    /// the list's version
    pub version: i64,
    /// in force from
    pub effective_from: NaiveDate,
    /// the standards of the item in it
    pub standards: Vec<crate::lists::Standard>,
}

/// The version in force on `day`: the highest version already in force, as the review page
/// reads it.
pub fn standards_on(versions: &[StandardVersion], day: NaiveDate) -> Option<&StandardVersion> {
    versions.iter().filter(|v| v.effective_from <= day).max_by_key(|v| v.version)
}

/// A certificate with the changes of its status (to-status from its effective date), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateHistory {
    /// the certificate as stored now
    pub standing: CertificateStanding,
    /// (effective date, status from that day), in order
    pub changes: Vec<(NaiveDate, CertificateStatus)>,
}

/// An officer with the history of their certificates, as W03 and W04 need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerHistory {
    /// id
    pub id: i64,
    /// name
    pub name: String,
    /// body
    pub body_id: i64,
    /// certificates
    pub certificates: Vec<CertificateHistory>,
}

impl OfficerHistory {
    /// The officer's standing in a case of `body` on `day`: each certificate with the status it
    /// had that day (a later suspension does not make an earlier record unlawful).
    pub fn standing_on(&self, body: i64, day: NaiveDate) -> OfficerStanding {
        let certificates = self
            .certificates
            .iter()
            .map(|c| {
                let status = if c.changes.is_empty() {
                    c.standing.status
                } else {
                    c.changes.iter().rev().find(|(d, _)| *d <= day).map_or(CertificateStatus::Valid, |x| x.1)
                };
                CertificateStanding { status, ..c.standing.clone() }
            })
            .collect();
        OfficerStanding { id: self.id, name: self.name.clone(), in_body: self.body_id == body, certificates }
    }
}

/// The steps W11 looks at: on-site inspection, seizure, enforcement and the on-the-spot
/// penalty (《行政处罚法》第四十七条; seed §三(二)1). Those the case policy requires an
/// audio-visual record for are red when it is missing, the others yellow.
const AV_STEPS: &[StepKind] = &[StepKind::Inspect, StepKind::ApplyMeasure, StepKind::Enforce, StepKind::OnsiteDecision];

/// What the case-level rules find in a case on `today`.
pub fn case_hits(c: &CaseRecord, t: &Thresholds, cal: &Calendar, today: NaiveDate) -> Vec<Hit> {
    let lead = handling_officers(c.facts, c.history).first().copied();
    let hit =
        |rule: &str, key: &str, severity: Severity, summary: String, inputs: BTreeMap<&'static str, String>| Hit {
            rule: known(rule),
            key: key.to_string(),
            severity,
            body_id: c.body_id,
            case_id: Some(c.id),
            officer_id: lead,
            summary: format!("{}：{summary}", c.number),
            inputs,
        };
    // A case closed without the step a deadline waits for (撤销立案, 移送) owes it no more.
    let closed_on = c.history.iter().find(|r| r.kind == StepKind::Close).map(Recorded::date);
    let mut out = Vec::new();
    for d in deadlines(c.facts, c.history, cal, today) {
        let Some(due) = d.due else { continue };
        let done = d.done_on.or(closed_on);
        match d.what {
            DECIDE_PENALTY | DECIDE_LICENCE | END_MEASURE => {
                if let Some((severity, level, text)) = overdue_level(c.history, &d, due, done, t, today) {
                    let mut inputs = facts_of(&d, due, done);
                    inputs.insert("level", level);
                    let key = match d.what {
                        DECIDE_PENALTY => "decide",
                        DECIDE_LICENCE => "licence",
                        _ => "measure",
                    };
                    out.push(hit("W01", key, severity, format!("{}{text}（{}）", d.what, d.rule), inputs));
                }
            }
            SERVE_DECISION => {
                if let Some(text) = late(due, done, today) {
                    out.push(hit("W02", "serve", Severity::Red, format!("{}{text}", d.what), facts_of(&d, due, done)));
                }
            }
            PAY_FINE => {
                if d.done_on.is_some() || closed_on.is_some() || today <= due {
                    continue;
                }
                let months = t.enforcement_months;
                let limit = due.checked_add_months(Months::new(months)).unwrap_or(due);
                let (severity, level, text) = if today > limit {
                    (
                        Severity::Red,
                        "no_enforcement",
                        format!("罚款逾期未缴纳已超过{months}个月，未见执行或申请强制执行（缴纳期限{due}）"),
                    )
                } else {
                    (Severity::Yellow, "unpaid", format!("送达后十五日罚款仍未缴纳（缴纳期限{due}），应加处罚款并催告"))
                };
                let mut inputs = facts_of(&d, due, None);
                inputs.insert("level", level.into());
                inputs.insert("months", months.to_string());
                out.push(hit("W13", "fine", severity, text, inputs));
            }
            _ => {}
        }
    }
    for p in c.publications {
        let key = format!("publication:{}", p.id);
        if p.status != PublicationStatus::Excluded
            && let Some(due) = p.due_on
            && let Some(text) = late(due, p.published_on, today)
        {
            let inputs = BTreeMap::from([
                ("publication", p.id.to_string()),
                ("due", due.to_string()),
                ("published", p.published_on.map(|d| d.to_string()).unwrap_or_default()),
            ]);
            out.push(hit("W12", &key, Severity::Red, format!("行政执法决定公示{text}"), inputs));
        }
        if let Some(due) = p.withdrawal_due
            && let Some(text) = late(due, p.withdrawn_on, today)
        {
            let inputs = BTreeMap::from([
                ("publication", p.id.to_string()),
                ("withdrawal_due", due.to_string()),
                ("withdrawn", p.withdrawn_on.map(|d| d.to_string()).unwrap_or_default()),
            ]);
            out.push(hit(
                "W12",
                &format!("{key}:withdrawal"),
                Severity::Red,
                format!("决定已变更或撤销，公示撤回{text}"),
                inputs,
            ));
        }
    }
    let policy = CasePolicy::shipped();
    for (i, r) in c.history.iter().enumerate().filter(|(_, r)| AV_STEPS.contains(&r.kind)) {
        let day = r.date();
        let covered =
            c.evidence.iter().any(|e| e.live && e.case_number == c.number && covers_av(e.kind, e.captured_at, day));
        if !covered {
            let required = policy.av_required.contains(&r.kind);
            let inputs = BTreeMap::from([
                ("step", format!("{}:{}", i + 1, r.kind.code())),
                ("day", day.to_string()),
                ("required", required.to_string()),
            ]);
            let text = format!("{}“{}”没有当天的音像记录", day, r.kind.label());
            let severity = if required { Severity::Red } else { Severity::Yellow };
            out.push(hit("W11", &format!("step:{}", i + 1), severity, text, inputs));
        }
    }
    out.extend(
        officers_on_steps(c).into_iter().map(|(rule, key, text, inputs)| hit(rule, &key, Severity::Red, text, inputs)),
    );
    out.extend(
        hearing(c, cal).into_iter().map(|(rule, key, text, inputs)| hit(rule, &key, Severity::Red, text, inputs)),
    );
    out.extend(
        collected_on_the_spot(c)
            .into_iter()
            .map(|(rule, key, text, inputs)| hit(rule, &key, Severity::Red, text, inputs)),
    );
    if let Some((text, inputs)) = outside_the_list(c, today) {
        out.push(hit("W06", "item", Severity::Red, text, inputs));
    }
    if let Some(h) = limitation(c) {
        out.push(hit("W18", "limitation", Severity::Red, h.0, h.1));
    }
    out.extend(
        review_missing(c).into_iter().map(|(rule, key, text, inputs)| hit(rule, &key, Severity::Red, text, inputs)),
    );
    out.extend(
        fines_outside(c).into_iter().map(|(severity, key, text, inputs)| hit("W07", &key, severity, text, inputs)),
    );
    out
}

/// W09 (《行政处罚法》第五十八条): a decision the review stands before, in a case that needs
/// review, written without a review that had passed by then (an imported record, a record
/// written around the gate). The gate refuses such a decision when it is recorded; here the
/// stored records are checked.
fn review_missing(c: &CaseRecord) -> Vec<Found> {
    let Some(review) = c.review else { return Vec::new() };
    if !review.requirement.required {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, r) in c.history.iter().enumerate().filter(|(_, r)| crate::case::machine::is_decision(r.kind)) {
        let written = review.recorded_at.get(i).copied().unwrap_or(r.occurred_at);
        let before: Vec<crate::review::Event> =
            review.events.iter().filter(|(_, at)| *at <= written).map(|(e, _)| e.clone()).collect();
        let state = crate::review::state(&before);
        if matches!(state, crate::review::State::Passed { .. }) {
            continue;
        }
        let passed_later = {
            let all: Vec<crate::review::Event> = review.events.iter().map(|(e, _)| e.clone()).collect();
            matches!(crate::review::state(&all), crate::review::State::Passed { .. })
        };
        let text = format!(
            "{}作出的“{}”（{}录入）录入时法制审核{}（{}）{}",
            crate::time::display(r.occurred_at),
            crate::time::display(written),
            r.kind.label(),
            if matches!(state, crate::review::State::None) { "未送审".to_string() } else { state.label() },
            review.requirement.explanation,
            if passed_later { "，审核通过记录晚于决定录入" } else { "" }
        );
        let inputs = BTreeMap::from([
            ("step", format!("{}:{}", i + 1, r.kind.code())),
            ("decided_at", r.occurred_at.to_rfc3339()),
            ("written_at", written.to_rfc3339()),
            ("state", state.label()),
            ("events", before.len().to_string()),
            ("grounds", review.requirement.reasons.iter().map(|g| g.ground.as_str()).collect::<Vec<_>>().join(",")),
        ]);
        out.push(("W09", format!("step:{}", i + 1), text, inputs));
    }
    out
}

type FineFound = (Severity, String, String, BTreeMap<&'static str, String>);

/// W07 (《行政处罚法》第三十四条): each decided fine against the body's discretion standards of
/// the item in force on the day of the decision. The standards set out the range the penalty
/// provisions allow, divided into levels: a fine outside the whole range is outside what the
/// provisions allow (red); a penalty inside the range that lies within no level departs from the
/// standard, and without written reasons on the decision is a warning (yellow). An item without
/// standards is not judged here (the platform holds no amounts of its own for the provisions).
fn fines_outside(c: &CaseRecord) -> Vec<FineFound> {
    let mut out = Vec::new();
    for (i, r) in
        c.history.iter().enumerate().filter(|(_, r)| matches!(r.kind, StepKind::Decide | StepKind::OnsiteDecision))
    {
        let Some(p) = &r.data.penalty else { continue };
        let Some(v) = standards_on(c.standards, r.date()) else { continue };
        if v.standards.is_empty() {
            continue;
        }
        let levels: Vec<&crate::lists::Level> = v.standards.iter().flat_map(|s| s.levels.iter()).collect();
        let step = format!("{}:{}", i + 1, r.kind.code());
        let key = format!("step:{}", i + 1);
        let label = format!("{}“{}”", r.date(), r.kind.label());
        // 《行政处罚法》第三十二条: a mitigated penalty (减轻处罚) lies below the range by law.
        let mitigated = r.data.leniency == Some(crate::case::model::Leniency::Mitigated);
        let fine = p.fine_fen.filter(|_| p.has(crate::case::PenaltyKind::Fine));
        let range = fine_range(&levels);
        let below = matches!((fine, range), (Some(f), Some((Some(l), _))) if f < l);
        let above = matches!((fine, range), (Some(f), Some((_, Some(h)))) if f > h);
        if let (Some(fine), Some((low, high))) = (fine, range)
            && ((below && !mitigated) || above)
        {
            let range = crate::lists::Level {
                degree: String::new(),
                circumstances: String::new(),
                penalty_kinds: Vec::new(),
                fine_min_fen: low,
                fine_max_fen: high,
                standard: String::new(),
            }
            .fine_range()
            .unwrap_or_default();
            let inputs = BTreeMap::from([
                ("step", step),
                ("fine", fine.to_string()),
                ("low", low.map(|x| x.to_string()).unwrap_or_default()),
                ("high", high.map(|x| x.to_string()).unwrap_or_default()),
                ("standards", v.version.to_string()),
            ]);
            let text = format!(
                "{label}罚款{}元，超出处罚依据规定的幅度（本机关第{}版裁量基准载明{range}）",
                crate::case::format_yuan(fine),
                v.version
            );
            out.push((Severity::Red, key, text, inputs));
            continue;
        }
        let within = v.standards.iter().any(|s| !s.levels_admitting(p).is_empty());
        let reasoned = r.data.discretion_reason.as_deref().is_some_and(|t| !t.trim().is_empty())
            || (below && mitigated && r.data.leniency_basis.is_some());
        if !within && !reasoned {
            let inputs =
                BTreeMap::from([("step", step), ("penalty", p.describe()), ("standards", v.version.to_string())]);
            let text = format!(
                "{label}的处罚（{}）不在本机关第{}版裁量基准的任何档次内，未书面说明理由",
                p.describe(),
                v.version
            );
            out.push((Severity::Yellow, key, text, inputs));
        }
    }
    out
}

/// The whole range of fines the levels with a fine set out: (lowest minimum, highest maximum),
/// a bound None where some level leaves it open; None when no level has a fine.
fn fine_range(levels: &[&crate::lists::Level]) -> Option<(Option<i64>, Option<i64>)> {
    let fined: Vec<&&crate::lists::Level> = levels
        .iter()
        .filter(|l| {
            l.penalty_kinds.contains(&crate::case::PenaltyKind::Fine)
                || l.fine_min_fen.is_some()
                || l.fine_max_fen.is_some()
        })
        .collect();
    if fined.is_empty() {
        return None;
    }
    let low = fined.iter().map(|l| l.fine_min_fen).try_fold(i64::MAX, |m, x| x.map(|x| m.min(x)));
    let high = fined.iter().map(|l| l.fine_max_fen).try_fold(i64::MIN, |m, x| x.map(|x| m.max(x)));
    Some((low, high))
}

type Found = (&'static str, String, String, BTreeMap<&'static str, String>);

/// W03 and W04 (《行政处罚法》第四十二条；《行政强制法》第十八条): on each step, every named
/// officer of the case's body with a certificate of its domain valid that day (W04; not for
/// licensing and expropriation, whose staff need none), and on a field step at least two such
/// officers (W03).
fn officers_on_steps(c: &CaseRecord) -> Vec<Found> {
    if matches!(c.facts.kind, CaseKind::Licensing | CaseKind::Expropriation) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, r) in c.history.iter().enumerate().filter(|(_, r)| !r.data.officer_ids.is_empty()) {
        let day = r.date();
        let mut problems = Vec::new();
        let mut qualified = 0;
        for id in &r.data.officer_ids {
            match c.officers.iter().find(|o| o.id == *id) {
                Some(o) => match standing_problem(&o.standing_on(c.body_id, day), &c.facts.domain, day) {
                    None => qualified += 1,
                    Some(p) => problems.push(p),
                },
                None => problems.push(format!("执法人员{id}不在人员名录中")),
            }
        }
        let step = format!("{}:{}", i + 1, r.kind.code());
        let officers = r.data.officer_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let label = format!("{day}“{}”", r.kind.label());
        if !problems.is_empty() {
            let inputs = BTreeMap::from([
                ("step", step.clone()),
                ("officers", officers.clone()),
                ("problems", problems.join("；")),
            ]);
            out.push(("W04", format!("step:{}", i + 1), format!("{label}：{}", problems.join("；")), inputs));
        }
        if r.kind.is_field() && qualified < 2 {
            let inputs = BTreeMap::from([("step", step), ("officers", officers), ("qualified", qualified.to_string())]);
            let text = format!("{label}只有{qualified}名持当日有效证件的本机关执法人员");
            out.push(("W03", format!("step:{}", i + 1), text, inputs));
        }
    }
    out
}

/// W10 (《行政处罚法》第六十三条、第六十四条): a decision whose penalty carries the hearing right
/// while the 告知书 before it did not say so; a hearing asked for and the decision made without
/// it; a hearing held less than seven working days after its notice.
fn hearing(c: &CaseRecord, cal: &Calendar) -> Vec<Found> {
    use StepKind as S;
    let f = c.facts;
    if !f.kind.is_penalty() {
        return Vec::new();
    }
    let h = c.history;
    let mut out = Vec::new();
    if let Some(di) = h.iter().rposition(|r| r.kind == S::Decide)
        && let Some(p) = &h[di].data.penalty
        && let Some(reason) = CasePolicy::shipped().hearing_right(&f.domain, f.party_kind, p)
    {
        let notice = h[..di].iter().rposition(|r| r.kind == S::NotifyIntent);
        if notice.is_none_or(|ni| h[ni].data.hearing_right.is_none()) {
            let inputs = BTreeMap::from([("decision", format!("{}", di + 1)), ("reason", reason.clone())]);
            let text = format!("{}作出的处罚适用听证（{reason}），告知书未告知听证权利", h[di].date());
            out.push(("W10", "right".to_string(), text, inputs));
        }
        let asked = h[..di].iter().rposition(|r| r.kind == S::HearingRequest && !r.data.waived);
        if let Some(ai) = asked
            && !h[ai..di].iter().any(|r| r.kind == S::Hearing)
        {
            let inputs = BTreeMap::from([("request", format!("{}", ai + 1)), ("decision", format!("{}", di + 1))]);
            let text = format!("当事人于{}要求听证，未举行听证即于{}作出决定", h[ai].date(), h[di].date());
            out.push(("W10", "not_heard".to_string(), text, inputs));
        }
    }
    for (i, r) in h.iter().enumerate().filter(|(_, r)| r.kind == S::Hearing) {
        let Some(n) = h[..i].iter().rev().find(|x| x.kind == S::HearingNotice) else { continue };
        if let Ok(earliest) = crate::case::rules::earliest_hearing(cal, n.date())
            && r.date() < earliest
        {
            let inputs = BTreeMap::from([
                ("notice", n.date().to_string()),
                ("hearing", r.date().to_string()),
                ("earliest", earliest.to_string()),
            ]);
            let text = format!("{}通知听证，{}即举行，不足七个工作日（最早{earliest}）", n.date(), r.date());
            out.push(("W10", format!("hearing:{}", i + 1), text, inputs));
        }
    }
    out
}

/// W14 (《行政处罚法》第六十八条、第六十九条): a fine collected on the spot outside the cases the
/// law allows, checked by the same rule the procedure applies when the payment is recorded.
fn collected_on_the_spot(c: &CaseRecord) -> Vec<Found> {
    use crate::case::model::{CollectionBasis, ExecutionMethod};
    let h = c.history;
    let mut out = Vec::new();
    for (i, r) in h.iter().enumerate().filter(|(_, r)| r.kind == StepKind::Execute) {
        if r.data.method_as(ExecutionMethod::parse) != Some(ExecutionMethod::CollectedOnsite) {
            continue;
        }
        let before = &h[..i];
        let Some(fine) = crate::case::machine::decided_penalty(before).and_then(|p| p.fine_fen) else { continue };
        let onsite = before.iter().any(|x| x.kind == StepKind::OnsiteDecision);
        let basis = r.data.result_as(CollectionBasis::parse);
        if let Err(refusal) =
            crate::case::rules::check_onsite_collection(onsite, fine, basis, r.data.urgent_reason.as_deref())
        {
            let inputs = BTreeMap::from([
                ("step", format!("{}", i + 1)),
                ("fine", fine.to_string()),
                ("onsite", onsite.to_string()),
                ("basis", basis.map(|b| b.code().to_string()).unwrap_or_default()),
            ]);
            let text = format!("{}当场收缴罚款不符合法定情形：{}", r.date(), refusal.message);
            out.push(("W14", format!("step:{}", i + 1), text, inputs));
        }
    }
    out
}

/// W06 (《行政处罚法》第三十七条; 超越职权): a penalty case whose power item was not in the body's
/// list in force when the act took place, judged as the procedure judges it (on the day of the
/// decision, or today while undecided).
fn outside_the_list(c: &CaseRecord, today: NaiveDate) -> Option<(String, BTreeMap<&'static str, String>)> {
    if !c.facts.kind.is_penalty() || c.item_versions.is_empty() {
        return None;
    }
    let act = c.facts.act_date?;
    let decided = c.history.iter().rfind(|r| matches!(r.kind, StepKind::Decide | StepKind::OnsiteDecision));
    let on = decided.map_or(today, Recorded::date);
    let refusal = crate::case::rules::applicable_item(c.item_versions, act, on).err()?;
    let inputs = BTreeMap::from([
        ("act", act.to_string()),
        ("on", on.to_string()),
        (
            "versions",
            c.item_versions.iter().map(|v| format!("{}@{}", v.version, v.effective_from)).collect::<Vec<_>>().join(","),
        ),
    ]);
    Some((format!("权责清单事项不适用：{}", refusal.message), inputs))
}

/// W18 (《行政处罚法》第三十六条): a penalty case whose act was discovered (or, when the day of
/// discovery is not recorded, filed) after the limitation ended.
fn limitation(c: &CaseRecord) -> Option<(String, BTreeMap<&'static str, String>)> {
    let f = c.facts;
    if !f.kind.is_penalty() {
        return None;
    }
    let act = f.act_date?;
    let filed = c.history.iter().find(|r| r.kind == StepKind::File).map(Recorded::date);
    let found = f.discovered_on.or(filed)?;
    let end = limitation_end(act, f.act_ended, f.serious_harm);
    if found <= end {
        return None;
    }
    let years = if f.serious_harm { "五" } else { "二" };
    let text = format!(
        "违法行为{}（{}）至{}（{found}）已超过{years}年，超过追责时效仍予处理",
        if f.act_ended.is_some() { "终了之日" } else { "发生之日" },
        f.act_ended.unwrap_or(act),
        if f.discovered_on.is_some() { "发现之日" } else { "立案之日" },
    );
    Some((
        text,
        BTreeMap::from([
            ("act", act.to_string()),
            ("ended", f.act_ended.map(|d| d.to_string()).unwrap_or_default()),
            ("discovered", found.to_string()),
            ("limit", end.to_string()),
        ]),
    ))
}

/// The deadline's facts: what, its rule, the last day, and when it was met.
fn facts_of(d: &Deadline, due: NaiveDate, done: Option<NaiveDate>) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("what", d.what.to_string()),
        ("due", due.to_string()),
        ("done", done.map(|x| x.to_string()).unwrap_or_default()),
    ])
}

/// Whether something due on `due` is late on `today`: done after it, or not done and past it.
fn late(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> Option<String> {
    match done {
        Some(d) if d > due => Some(format!("逾期：期限{due}，实际{d}")),
        Some(_) => None,
        None if today > due => Some(format!("已逾期：期限{due}，至今未完成")),
        None => None,
    }
}

/// W01's level: red when late; yellow from each threshold day of the period (the thresholds are
/// days of a ninety-day period; a period of another length is scaled), counted from the day the
/// period began (立案, 受理, the measure).
fn overdue_level(
    history: &[Recorded],
    d: &Deadline,
    due: NaiveDate,
    done: Option<NaiveDate>,
    t: &Thresholds,
    today: NaiveDate,
) -> Option<(Severity, String, String)> {
    if let Some(text) = late(due, done, today) {
        return Some((Severity::Red, "overdue".into(), text));
    }
    if done.is_some() {
        return None;
    }
    let began = match d.what {
        DECIDE_PENALTY => StepKind::File,
        DECIDE_LICENCE => StepKind::Accept,
        _ => StepKind::ApplyMeasure,
    };
    let start = history.iter().rev().find(|r| r.kind == began)?.date();
    let total = (due - start).num_days();
    let elapsed = (today - start).num_days();
    let reached = t.overdue_yellow_days.iter().rev().find(|&&day| elapsed >= total * i64::from(day) / 90)?;
    let left = (due - today).num_days();
    Some((Severity::Yellow, format!("day{reached}"), format!("临近期限：已用{elapsed}日，距期限{due}还有{left}日")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::input::StepData;
    use crate::case::{CaseKind, PartyKind, Penalty, PenaltyKind};
    use crate::supervision::Severity::{Red, Yellow};
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn step(kind: StepKind, day: &str) -> Recorded {
        let n = d(day).and_hms_opt(10, 0, 0).unwrap();
        let at = crate::time::shanghai().from_local_datetime(&n).single().unwrap().to_utc();
        Recorded { kind, occurred_at: at, data: StepData { method: Some("直接送达".into()), ..Default::default() } }
    }

    fn decided(day: &str) -> Recorded {
        let mut r = step(StepKind::Decide, day);
        r.data.penalty =
            Some(Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(300_000), confiscation_fen: None });
        r
    }

    fn facts(kind: CaseKind) -> CaseFacts {
        CaseFacts {
            kind,
            domain: "市场监管".into(),
            party_kind: PartyKind::Organisation,
            officer_ids: vec![11, 12],
            act_date: None,
            act_ended: None,
            discovered_on: None,
            serious_harm: false,
            complex: false,
            persons: Vec::new(),
            hearing_required: false,
            item_versions: Vec::new(),
        }
    }

    /// Officers 11 and 12 of body 2, each with a 市场监管 certificate valid 2020-2030.
    fn officers() -> Vec<OfficerHistory> {
        [11, 12]
            .iter()
            .map(|id| OfficerHistory {
                id: *id,
                name: format!("执法人员{id}"),
                body_id: 2,
                certificates: vec![CertificateHistory {
                    standing: CertificateStanding {
                        number: format!("津{id}"),
                        domain: "市场监管".into(),
                        status: CertificateStatus::Valid,
                        valid_from: d("2020-01-01"),
                        valid_to: d("2030-12-31"),
                    },
                    changes: Vec::new(),
                }],
            })
            .collect()
    }

    fn hits_on(history: &[Recorded], publications: &[PublicationFact], today: &str) -> Vec<Hit> {
        let f = facts(CaseKind::PenaltyGeneral);
        let c = CaseRecord {
            id: 5,
            body_id: 2,
            number: "CF-1",
            facts: &f,
            history,
            publications,
            evidence: &[],
            officers: &officers(),
            item_versions: &[],
            review: None,
            standards: &[],
        };
        case_hits(&c, &Thresholds::default(), Calendar::official(), d(today))
    }

    fn only(hits: &[Hit], rule: &str) -> Vec<(Severity, String)> {
        hits.iter().filter(|h| h.rule.id == rule).map(|h| (h.severity, h.inputs["level"].clone())).collect()
    }

    /// 《行政处罚法》第六十条: filed 2026-03-02, day 90 is Sunday 05-31, so the period ends on
    /// Monday 06-01. Yellow from day 60 and day 80, red from 06-02.
    #[test]
    fn w01_art_60_yellow_at_day_60_and_80_red_the_day_after_the_period() {
        let h = vec![step(StepKind::File, "2026-03-02")];
        // due 06-01 is day 91 of the count from 03-02; 60/90 of it: day 60 on 05-01.
        assert!(only(&hits_on(&h, &[], "2026-04-30"), "W01").is_empty());
        assert_eq!(only(&hits_on(&h, &[], "2026-05-01"), "W01"), vec![(Yellow, "day60".into())]);
        assert_eq!(only(&hits_on(&h, &[], "2026-05-21"), "W01"), vec![(Yellow, "day80".into())]);
        // The last day is a Sunday moved to Monday: no red on Monday, red on Tuesday.
        assert_eq!(only(&hits_on(&h, &[], "2026-06-01"), "W01")[0].0, Yellow);
        assert_eq!(only(&hits_on(&h, &[], "2026-06-02"), "W01"), vec![(Red, "overdue".into())]);
        // Decided in time: nothing; suspended: the clock stops and nothing fires.
        let mut done = h.clone();
        done.push(decided("2026-05-20"));
        assert!(only(&hits_on(&done, &[], "2026-07-01"), "W01").is_empty());
        let mut stopped = h.clone();
        stopped.push(step(StepKind::Suspend, "2026-04-01"));
        assert!(only(&hits_on(&stopped, &[], "2026-07-01"), "W01").is_empty());
        // The level is an input: each level is a new clue, a day inside one is not.
        let a = hits_on(&h, &[], "2026-05-02");
        let b = hits_on(&h, &[], "2026-05-03");
        assert_eq!(a[0].inputs_json(), b[0].inputs_json());
    }

    /// 《行政处罚法》第六十一条: served within seven working days of the decision. Decided on
    /// Wednesday 2026-09-30, before the National Day holiday (10-01 to 10-07), the seventh
    /// working day is 10-15 (10-10, a Saturday, is a working day): calendar day 8 fires nothing.
    #[test]
    fn w02_art_61_service_counted_on_working_days_across_national_day() {
        let h = vec![step(StepKind::File, "2026-09-01"), decided("2026-09-30")];
        assert!(only_rule(&hits_on(&h, &[], "2026-10-08"), "W02").is_empty());
        let due = crate::case::rules::SERVICE.end(Calendar::official(), d("2026-09-30")).unwrap();
        assert_eq!(due, d("2026-10-15"));
        let before = due.to_string();
        let after = (due + chrono::Duration::days(1)).to_string();
        assert!(only_rule(&hits_on(&h, &[], &before), "W02").is_empty());
        assert_eq!(only_rule(&hits_on(&h, &[], &after), "W02"), vec![Red]);
        // Served late: still a finding after the service.
        let mut late = h.clone();
        late.push(step(StepKind::Serve, &after));
        assert_eq!(only_rule(&hits_on(&late, &[], "2026-12-01"), "W02"), vec![Red]);
        let mut on_time = h.clone();
        on_time.push(step(StepKind::Serve, &before));
        assert!(only_rule(&hits_on(&on_time, &[], "2026-12-01"), "W02").is_empty());
    }

    fn only_rule(hits: &[Hit], rule: &str) -> Vec<Severity> {
        hits.iter().filter(|h| h.rule.id == rule).map(|h| h.severity).collect()
    }

    /// 《行政处罚法》第六十七条、第七十二条；《行政强制法》第五十三条.
    #[test]
    fn w13_unpaid_after_fifteen_days_then_red_after_three_months() {
        let h = vec![step(StepKind::File, "2026-03-02"), decided("2026-04-01"), step(StepKind::Serve, "2026-04-02")];
        // Served 04-02 (direct): the fifteenth day is 04-17.
        assert!(only(&hits_on(&h, &[], "2026-04-17"), "W13").is_empty());
        assert_eq!(only(&hits_on(&h, &[], "2026-04-18"), "W13"), vec![(Yellow, "unpaid".into())]);
        assert_eq!(only(&hits_on(&h, &[], "2026-07-17"), "W13"), vec![(Yellow, "unpaid".into())]);
        assert_eq!(only(&hits_on(&h, &[], "2026-07-18"), "W13"), vec![(Red, "no_enforcement".into())]);
        let mut paid = h.clone();
        paid.push(step(StepKind::Execute, "2026-05-01"));
        assert!(only(&hits_on(&paid, &[], "2026-07-18"), "W13").is_empty());
    }

    /// Seed §二(三)3, 5: publication by its due day; a changed decision withdrawn by its day.
    #[test]
    fn w12_publication_and_withdrawal_on_time() {
        let h = vec![step(StepKind::File, "2026-03-02"), decided("2026-04-01")];
        let p = |status, published: Option<&str>, wdue: Option<&str>, withdrawn: Option<&str>| PublicationFact {
            id: 9,
            status,
            due_on: Some(d("2026-04-10")),
            published_on: published.map(d),
            withdrawal_due: wdue.map(d),
            withdrawn_on: withdrawn.map(d),
        };
        use PublicationStatus as P;
        assert!(only_rule(&hits_on(&h, &[p(P::Pending, None, None, None)], "2026-04-10"), "W12").is_empty());
        assert_eq!(only_rule(&hits_on(&h, &[p(P::Pending, None, None, None)], "2026-04-11"), "W12"), vec![Red]);
        assert!(only_rule(&hits_on(&h, &[p(P::Excluded, None, None, None)], "2026-05-11"), "W12").is_empty());
        assert_eq!(
            only_rule(&hits_on(&h, &[p(P::Published, Some("2026-04-13"), None, None)], "2026-05-11"), "W12"),
            vec![Red]
        );
        let changed = p(P::Published, Some("2026-04-09"), Some("2026-06-03"), None);
        assert!(only_rule(&hits_on(&h, std::slice::from_ref(&changed), "2026-06-03"), "W12").is_empty());
        assert_eq!(only_rule(&hits_on(&h, &[changed], "2026-06-04"), "W12"), vec![Red]);
        let withdrawn = p(P::Withdrawn, Some("2026-04-09"), Some("2026-06-03"), Some("2026-06-02"));
        assert!(only_rule(&hits_on(&h, &[withdrawn], "2026-07-01"), "W12").is_empty());
    }

    #[test]
    fn hits_name_the_case_body_and_lead_officer() {
        let h = vec![step(StepKind::File, "2026-03-02")];
        let hit = &hits_on(&h, &[], "2026-06-02")[0];
        assert_eq!((hit.body_id, hit.case_id, hit.officer_id), (2, Some(5), Some(11)));
        assert!(hit.summary.starts_with("CF-1："), "{}", hit.summary);
        assert_eq!(hit.inputs_json()["rule"], "W01");
    }

    fn judged(f: &CaseFacts, history: &[Recorded], evidence: &[EvidenceFact], today: &str) -> Vec<Hit> {
        judged_by(f, history, evidence, &officers(), today)
    }

    fn judged_by(
        f: &CaseFacts,
        history: &[Recorded],
        evidence: &[EvidenceFact],
        people: &[OfficerHistory],
        today: &str,
    ) -> Vec<Hit> {
        let c = CaseRecord {
            id: 5,
            body_id: 2,
            number: "CF-1",
            facts: f,
            history,
            publications: &[],
            evidence,
            officers: people,
            item_versions: &[],
            review: None,
            standards: &[],
        };
        case_hits(&c, &Thresholds::default(), Calendar::official(), d(today))
    }

    /// 《行政处罚法》第三十六条: discovered on the last day of two years is in time, the next day
    /// is not; five years where life, health or financial safety was harmed; a continuing act
    /// counts from its end; without a recorded discovery, 立案 counts.
    #[test]
    fn w18_art_36_limitation_at_two_years_and_the_day_after() {
        let mut f = facts(CaseKind::PenaltyGeneral);
        f.act_date = Some(d("2024-03-01"));
        let filed = |day: &str| vec![step(StepKind::File, day)];
        assert!(only_rule(&judged(&f, &filed("2026-03-01"), &[], "2026-03-01"), "W18").is_empty());
        assert_eq!(only_rule(&judged(&f, &filed("2026-03-02"), &[], "2026-03-02"), "W18"), vec![Red]);
        f.discovered_on = Some(d("2026-02-20"));
        assert!(
            only_rule(&judged(&f, &filed("2026-03-02"), &[], "2026-03-02"), "W18").is_empty(),
            "discovered in time"
        );
        f.discovered_on = None;
        f.serious_harm = true;
        assert!(only_rule(&judged(&f, &filed("2029-03-01"), &[], "2029-03-01"), "W18").is_empty());
        assert_eq!(only_rule(&judged(&f, &filed("2029-03-02"), &[], "2029-03-02"), "W18"), vec![Red]);
        f.serious_harm = false;
        f.act_ended = Some(d("2025-06-30"));
        assert!(only_rule(&judged(&f, &filed("2027-06-30"), &[], "2027-06-30"), "W18").is_empty());
        assert_eq!(only_rule(&judged(&f, &filed("2027-07-01"), &[], "2027-07-01"), "W18"), vec![Red]);
        // Not a penalty case: no limitation.
        let mut g = facts(CaseKind::Inspection);
        g.act_date = Some(d("2020-01-01"));
        assert!(only_rule(&judged(&g, &filed("2026-03-02"), &[], "2026-03-02"), "W18").is_empty());
    }

    /// 《行政处罚法》第六十三条、第六十四条: a hearing notified on Monday 2026-05-04 may be held
    /// from the eighth working day after it; a licence revoked without the right told is W10;
    /// a hearing asked for and skipped is W10.
    #[test]
    fn w10_art_63_64_hearing_right_and_seven_working_days() {
        let f = facts(CaseKind::PenaltyGeneral);
        let w10 = |h: &[Recorded]| -> Vec<String> {
            judged(&f, h, &[], "2026-07-01").into_iter().filter(|x| x.rule.id == "W10").map(|x| x.key).collect()
        };
        let cal = Calendar::official();
        let earliest = crate::case::rules::earliest_hearing(cal, d("2026-05-06")).unwrap();
        let before = (earliest - chrono::Duration::days(1)).to_string();
        let notice = step(StepKind::HearingNotice, "2026-05-06");
        assert!(w10(&[notice.clone(), step(StepKind::Hearing, &earliest.to_string())]).is_empty());
        assert_eq!(w10(&[notice, step(StepKind::Hearing, &before)]), vec!["hearing:2".to_string()]);
        // A licence revoked: the 告知书 must have told the hearing right.
        let revoke = Penalty { kinds: vec![PenaltyKind::RevokeLicence], fine_fen: None, confiscation_fen: None };
        let mut told = step(StepKind::NotifyIntent, "2026-05-04");
        told.data.penalty = Some(revoke.clone());
        let mut decided = step(StepKind::Decide, "2026-06-01");
        decided.data.penalty = Some(revoke.clone());
        assert_eq!(w10(&[told.clone(), decided.clone()]), vec!["right".to_string()]);
        told.data.hearing_right = Some("吊销许可证件".into());
        assert!(w10(&[told.clone(), decided.clone()]).is_empty());
        let mut asked = step(StepKind::HearingRequest, "2026-05-06");
        asked.data.waived = false;
        assert_eq!(w10(&[told.clone(), asked.clone(), decided.clone()]), vec!["not_heard".to_string()]);
        let held = step(StepKind::Hearing, "2026-05-20");
        assert!(w10(&[told, asked, held, decided]).is_empty());
    }

    /// 《行政处罚法》第三十七条: an item in force from 2026-03-01 does not cover an act of 2026-02-28;
    /// it covers one of 2026-03-01.
    #[test]
    fn w06_art_37_the_item_in_force_on_the_act_date() {
        let versions = [crate::case::rules::ItemVersion {
            id: 1,
            version: 1,
            effective_from: d("2026-03-01"),
            change_kind: crate::registry::ChangeKind::parse("立").unwrap(),
            retroactivity: None,
        }];
        let w06 = |act: &str| {
            let mut f = facts(CaseKind::PenaltyGeneral);
            f.act_date = Some(d(act));
            let people = officers();
            let h = [step(StepKind::File, "2026-04-01")];
            let c = CaseRecord {
                id: 5,
                body_id: 2,
                number: "CF-1",
                facts: &f,
                history: &h,
                publications: &[],
                evidence: &[],
                officers: &people,
                item_versions: &versions,
                review: None,
                standards: &[],
            };
            case_hits(&c, &Thresholds::default(), Calendar::official(), d("2026-04-02"))
                .iter()
                .filter(|x| x.rule.id == "W06")
                .count()
        };
        assert_eq!(w06("2026-03-01"), 0);
        assert_eq!(w06("2026-02-28"), 1);
    }

    /// 《行政处罚法》第六十八条、第六十九条: 100 yuan collected after an on-the-spot decision is
    /// lawful, 100.01 yuan is not; a general-procedure fine collected on the spot only in a
    /// remote area with the circumstances recorded.
    #[test]
    fn w14_art_68_69_collection_on_the_spot() {
        use crate::case::model::CollectionBasis;
        let fine = |fen: i64, kind: StepKind| {
            let mut r = step(kind, "2026-05-06");
            r.data.penalty =
                Some(Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(fen), confiscation_fen: None });
            r
        };
        let collected = |basis: Option<CollectionBasis>, why: Option<&str>| {
            let mut r = step(StepKind::Execute, "2026-05-06");
            r.data.method = Some("collected_onsite".into());
            r.data.result = basis.map(|b| b.code().to_string());
            r.data.urgent_reason = why.map(str::to_string);
            r
        };
        let f = facts(CaseKind::PenaltySimple);
        let w14 = |h: &[Recorded]| judged(&f, h, &[], "2026-05-07").iter().filter(|x| x.rule.id == "W14").count();
        assert_eq!(w14(&[fine(10_000, StepKind::OnsiteDecision), collected(None, None)]), 0);
        assert_eq!(w14(&[fine(10_001, StepKind::OnsiteDecision), collected(None, None)]), 1);
        assert_eq!(w14(&[fine(10_000, StepKind::Decide), collected(Some(CollectionBasis::SmallFine), None)]), 1);
        assert_eq!(w14(&[fine(500_000, StepKind::Decide), collected(Some(CollectionBasis::Remote), None)]), 1);
        let remote =
            collected(Some(CollectionBasis::Remote), Some("当事人在海岛养殖区，当地无银行网点，当事人提出当场缴纳"));
        assert_eq!(w14(&[fine(500_000, StepKind::Decide), remote]), 0);
    }

    /// 《行政处罚法》第四十二条: a field record by two officers with valid certificates is clean; one
    /// officer is W03; an officer whose certificate was suspended the day before is W04 (and W03),
    /// one suspended the day after is not.
    #[test]
    fn w03_w04_art_42_officers_with_certificates_valid_that_day() {
        let f = facts(CaseKind::PenaltyGeneral);
        let inspect = |ids: Vec<i64>| {
            let mut r = step(StepKind::Inspect, "2026-05-07");
            r.data.officer_ids = ids;
            r
        };
        let rules = |h: &[Hit]| {
            let mut v: Vec<&str> = h.iter().filter(|x| matches!(x.rule.id, "W03" | "W04")).map(|x| x.rule.id).collect();
            v.sort();
            v
        };
        let video = EvidenceFact {
            id: 1,
            case_number: "CF-1".into(),
            kind: crate::evidence::EvidenceKind::Video,
            captured_at: step(StepKind::Inspect, "2026-05-07").occurred_at,
            live: true,
        };
        let ev = [video];
        assert!(rules(&judged(&f, &[inspect(vec![11, 12])], &ev, "2026-05-08")).is_empty());
        assert_eq!(rules(&judged(&f, &[inspect(vec![11])], &ev, "2026-05-08")), ["W03"]);
        assert_eq!(rules(&judged(&f, &[inspect(vec![11, 99])], &ev, "2026-05-08")), ["W03", "W04"]);
        let suspended_on = |day: &str| {
            let mut people = officers();
            people[1].certificates[0].changes =
                vec![(d("2020-01-01"), CertificateStatus::Valid), (d(day), CertificateStatus::Suspended)];
            people
        };
        for (day, expect) in [("2026-05-07", vec!["W03", "W04"]), ("2026-05-08", vec![])] {
            let found = judged_by(&f, &[inspect(vec![11, 12])], &ev, &suspended_on(day), "2026-06-01");
            assert_eq!(rules(&found), expect, "suspended from {day}");
        }
        // Another body's officer: W04.
        let mut people = officers();
        people[1].body_id = 9;
        let found = judged_by(&f, &[inspect(vec![11, 12])], &ev, &people, "2026-06-01");
        assert!(found.iter().any(|x| x.rule.id == "W04" && x.summary.contains("不是本机关执法人员")), "{found:?}");
    }

    /// 《行政处罚法》第四十七条 and seed §三(二)1: a seizure without a video of its day is red (the
    /// policy requires one), an on-site inspection without one yellow; a video of another day
    /// or a deleted one does not count.
    #[test]
    fn w11_av_record_of_the_steps_day() {
        let f = facts(CaseKind::CompulsoryMeasure);
        let h = vec![step(StepKind::ApplyMeasure, "2026-05-06"), step(StepKind::Inspect, "2026-05-07")];
        let video = |day: &str, live: bool| EvidenceFact {
            id: 1,
            case_number: "CF-1".into(),
            kind: crate::evidence::EvidenceKind::Video,
            captured_at: step(StepKind::Inspect, day).occurred_at,
            live,
        };
        let found: Vec<(Severity, String)> = judged(&f, &h, &[], "2026-05-08")
            .iter()
            .filter(|x| x.rule.id == "W11")
            .map(|x| (x.severity, x.key.clone()))
            .collect();
        assert_eq!(found, vec![(Red, "step:1".into()), (Yellow, "step:2".into())]);
        let both = [video("2026-05-06", true), video("2026-05-07", true)];
        assert!(only_rule(&judged(&f, &h, &both, "2026-05-08"), "W11").is_empty());
        let wrong = [video("2026-05-05", true), video("2026-05-07", false)];
        assert_eq!(only_rule(&judged(&f, &h, &wrong, "2026-05-08"), "W11").len(), 2);
    }

    fn record<'a>(
        f: &'a CaseFacts,
        h: &'a [Recorded],
        people: &'a [OfficerHistory],
        review: Option<&'a ReviewRecord>,
        standards: &'a [StandardVersion],
    ) -> CaseRecord<'a> {
        CaseRecord {
            id: 5,
            body_id: 2,
            number: "CF-1",
            facts: f,
            history: h,
            publications: &[],
            evidence: &[],
            officers: people,
            item_versions: &[],
            review,
            standards,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        crate::time::shanghai().from_local_datetime(&n).single().unwrap().to_utc()
    }

    /// 《行政处罚法》第五十八条: a general-procedure penalty needs review; a passed review recorded
    /// before the decision is enough, one recorded after it (a backdated decision) or none is
    /// not; a review that was returned does not count; a case that needs none is not judged.
    #[test]
    fn w09_a_decision_needs_a_review_passed_before_it() {
        use crate::review::{Event, Outcome};
        let f = facts(CaseKind::PenaltyGeneral);
        let people = officers();
        let mut decision = decided("2026-05-20");
        decision.occurred_at = at("2026-05-20 10:00");
        let h = vec![step(StepKind::File, "2026-03-02"), decision];
        let requirement = crate::review::requirement(&crate::review::ScopeFacts {
            kind: CaseKind::PenaltyGeneral,
            power_item_code: "X",
            hearing_held: false,
            licensing_hearing: false,
            complex_case: false,
            marks: &Default::default(),
            list: &[],
        });
        assert!(requirement.required);
        let written = vec![at("2026-03-02 10:00"), at("2026-05-20 10:00")];
        let passed = |when: &str| ReviewRecord {
            requirement: requirement.clone(),
            recorded_at: written.clone(),
            events: vec![
                (Event::Submitted { version: 1 }, at("2026-05-18 09:00")),
                (Event::Reviewed { outcome: Outcome::Agree, crime_suspected: false }, at(when)),
            ],
        };
        let w09 = |r: &ReviewRecord| {
            case_hits(
                &record(&f, &h, &people, Some(r), &[]),
                &Thresholds::default(),
                Calendar::official(),
                d("2026-06-01"),
            )
            .into_iter()
            .filter(|x| x.rule.id == "W09")
            .collect::<Vec<_>>()
        };
        // Passed at the minute of the decision: in time; a minute later: not.
        assert!(w09(&passed("2026-05-20 10:00")).is_empty());
        let late = w09(&passed("2026-05-20 10:01"));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Red);
        assert!(late[0].summary.contains("审核通过记录晚于决定录入"), "{}", late[0].summary);
        assert_eq!(late[0].key, "step:2");
        // Never submitted; returned for revision.
        let none = ReviewRecord { requirement: requirement.clone(), events: vec![], recorded_at: written.clone() };
        assert!(w09(&none)[0].summary.contains("未送审"));
        let returned = ReviewRecord {
            requirement: requirement.clone(),
            recorded_at: written.clone(),
            events: vec![
                (Event::Submitted { version: 1 }, at("2026-05-18 09:00")),
                (
                    Event::Reviewed {
                        outcome: Outcome::parse("修改后重新送审").unwrap(), crime_suspected: false
                    },
                    at("2026-05-19 09:00"),
                ),
            ],
        };
        assert_eq!(w09(&returned).len(), 1);
        // Not required: nothing, whatever the file says.
        let free = ReviewRecord {
            requirement: crate::review::Requirement { required: false, ..requirement.clone() },
            events: vec![],
            recorded_at: written.clone(),
        };
        assert!(w09(&free).is_empty());
        // No decision yet: nothing.
        let open = [step(StepKind::File, "2026-03-02")];
        let r = record(&f, &open, &people, Some(&none), &[]);
        assert!(
            case_hits(&r, &Thresholds::default(), Calendar::official(), d("2026-06-01"))
                .iter()
                .all(|x| x.rule.id != "W09")
        );
    }

    fn standard(levels: Vec<(&str, i64, i64)>) -> crate::lists::Standard {
        crate::lists::Standard {
            power_item_code: "X".into(),
            violation: "经营超过保质期的食品".into(),
            violation_basis: Vec::new(),
            penalty_basis: Vec::new(),
            levels: levels
                .into_iter()
                .map(|(degree, low, high)| crate::lists::Level {
                    degree: degree.into(),
                    circumstances: String::new(),
                    penalty_kinds: vec![PenaltyKind::Fine],
                    fine_min_fen: Some(low),
                    fine_max_fen: Some(high),
                    standard: String::new(),
                })
                .collect(),
        }
    }

    /// 《行政处罚法》第三十四条: 5,000-10,000 and 10,000-50,000 yuan levels. At either end of the
    /// range nothing; a fen outside it red; a gap between levels is a departure, yellow unless
    /// reasoned; judged by the version in force on the day of the decision.
    #[test]
    fn w07_a_fine_against_the_range_and_the_levels_in_force() {
        let f = facts(CaseKind::PenaltyGeneral);
        let people = officers();
        let v1 = StandardVersion {
            version: 1,
            effective_from: d("2026-01-01"),
            standards: vec![standard(vec![("一般", 500_000, 1_000_000), ("严重", 2_000_000, 5_000_000)])],
        };
        let v2 = StandardVersion {
            version: 2,
            effective_from: d("2026-07-01"),
            standards: vec![standard(vec![("一般", 100_000, 5_000_000)])],
        };
        let versions = [v1, v2];
        let w07 = |fine: i64, day: &str, reason: Option<&str>| {
            let mut dec = decided(day);
            dec.data.penalty.as_mut().unwrap().fine_fen = Some(fine);
            dec.data.discretion_reason = reason.map(str::to_string);
            let h = [step(StepKind::File, "2026-03-02"), dec];
            case_hits(
                &record(&f, &h, &people, None, &versions),
                &Thresholds::default(),
                Calendar::official(),
                d("2026-08-01"),
            )
            .into_iter()
            .filter(|x| x.rule.id == "W07")
            .map(|x| x.severity)
            .collect::<Vec<_>>()
        };
        assert!(w07(500_000, "2026-05-20", None).is_empty());
        assert!(w07(5_000_000, "2026-05-20", None).is_empty());
        assert_eq!(w07(499_999, "2026-05-20", None), vec![Red]);
        // 《行政处罚法》第三十二条: mitigated below the range with its basis stated, nothing.
        let mut dec = decided("2026-05-20");
        dec.data.penalty.as_mut().unwrap().fine_fen = Some(300_000);
        dec.data.leniency = Some(crate::case::model::Leniency::Mitigated);
        dec.data.leniency_basis = Some("《行政处罚法》第三十二条第一项".into());
        let h = [step(StepKind::File, "2026-03-02"), dec];
        let r = record(&f, &h, &people, None, &versions);
        assert!(
            case_hits(&r, &Thresholds::default(), Calendar::official(), d("2026-08-01"))
                .iter()
                .all(|x| x.rule.id != "W07")
        );
        assert_eq!(w07(5_000_001, "2026-05-20", Some("情节特别严重")), vec![Red]);
        assert_eq!(w07(1_500_000, "2026-05-20", None), vec![Yellow]);
        assert!(w07(1_500_000, "2026-05-20", Some("当事人主动消除危害后果，但货值较大")).is_empty());
        assert!(w07(1_500_000, "2026-05-20", Some("  ")).len() == 1);
        // From 07-01 the second version is in force: the same fine is within its level; the
        // old floor is no longer the floor.
        assert!(w07(1_500_000, "2026-07-01", None).is_empty());
        assert!(w07(100_000, "2026-07-01", None).is_empty());
        assert_eq!(w07(99_999, "2026-07-01", None), vec![Red]);
        // No standards for the item: not judged.
        let h = [step(StepKind::File, "2026-03-02"), decided("2026-05-20")];
        let r = record(&f, &h, &people, None, &[]);
        assert!(
            case_hits(&r, &Thresholds::default(), Calendar::official(), d("2026-08-01"))
                .iter()
                .all(|x| x.rule.id != "W07")
        );
    }
}
