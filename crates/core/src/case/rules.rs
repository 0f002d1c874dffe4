//! The statutory rules of case handling, one function per rule, each citing its article.
//! The procedure machine ([`super::machine`]) calls them; so do the deadline views.

use super::model::{Capacity, Leniency, PartyKind, Penalty, PenaltyKind, ServiceMethod, format_yuan};
use crate::calendar::{Calendar, DayKind, PeriodKind, UnknownYear};
use crate::registry::{CertificateStatus, effective_status};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use serde::Serialize;

/// A step the law forbids: the rule that forbids it and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}（依据：{rule}）")]
pub struct Refusal {
    /// The input field the refusal is about (`kind` when it is the step itself).
    pub field: &'static str,
    /// The statute and article, e.g. `《行政处罚法》第六十条`.
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Refusal {
    /// A refusal about a field.
    pub fn new(field: &'static str, rule: &'static str, message: impl Into<String>) -> Self {
        Self { field, rule, message: message.into() }
    }
    /// The refusal as a field error for forms and the API.
    pub fn into_invalid(self) -> crate::Invalid {
        let msg = self.to_string();
        crate::Invalid::field(self.field, msg)
    }
}

/// A statutory period: its length and how its days are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// days
    pub days: u32,
    /// working or calendar days
    pub kind: PeriodKind,
}

impl Span {
    /// The period lengthened by `extra` days (extensions, suspensions, excluded periods).
    pub fn plus(self, extra: u32) -> Span {
        Span { days: self.days + extra, ..self }
    }
    /// Its last day from `start`.
    pub fn end(self, cal: &Calendar, start: NaiveDate) -> Result<NaiveDate, UnknownYear> {
        cal.period(start, self.days, self.kind).map(|p| p.end)
    }
}

const fn working(days: u32) -> Span {
    Span { days, kind: PeriodKind::Working }
}
const fn calendar(days: u32) -> Span {
    Span { days, kind: PeriodKind::Calendar }
}

/// 《行政处罚法》第六十条: ninety days from 立案 to the decision (calendar days).
pub const DECISION: Span = calendar(90);
/// 《行政处罚法》第六十一条、第八十五条: service within seven working days.
pub const SERVICE: Span = working(7);
/// 《行政处罚法》第六十七条第三款: payment within fifteen (calendar) days of service.
pub const PAYMENT: Span = calendar(15);
/// 《行政处罚法》第六十四条第一项、第八十五条: the party asks for a hearing within five working days.
pub const HEARING_REQUEST: Span = working(5);
/// 《行政处罚法》第六十四条第二项、第八十五条: the hearing is notified seven working days ahead.
pub const HEARING_NOTICE: Span = working(7);
/// 《行政处罚法》第五十六条、第八十五条: preserved evidence is dealt with within seven working days.
pub const PRESERVATION: Span = working(7);
/// 《行政强制法》第二十五条: a seizure lasts at most thirty days (longer than ten: calendar days,
/// 第六十九条) and may be extended once by at most thirty.
pub const SEIZURE_MAX: u32 = 30;
/// 《行政许可法》第三十二条第一款第四项、第八十二条: missing materials are asked for within five working days.
pub const MATERIALS_REQUEST: Span = working(5);
/// 《行政许可法》第四十二条、第八十二条: the decision within twenty working days of acceptance …
pub const LICENCE_DECISION: Span = working(20);
/// … extended once by at most ten with the head's approval.
pub const LICENCE_EXTENSION_MAX: u32 = 10;
/// 《行政许可法》第四十七条、第八十二条: the applicant and interested parties ask for a hearing
/// within five working days of being told of the right …
pub const LICENCE_HEARING_REQUEST: Span = working(5);
/// … and the body holds it within twenty (working) days of the request.
pub const LICENCE_HEARING_HELD: Span = working(20);
/// 《行政许可法》第四十四条: the licence is issued within ten working days of the decision.
pub const LICENCE_ISSUE: Span = working(10);

/// 《行政处罚法》第五十七条第二款: a complex or serious case is decided by the heads' collective
/// discussion. The law does not fix a quorum; the project's default asks for at least three
/// participants, the presiding head among them.
pub const DISCUSSION_MIN_PARTICIPANTS: usize = 3;
/// 实施方案§四(四)1 leaves the review time limit (审核的时限) to each body; a body that has not
/// set one gets five working days (the project's default).
pub const REVIEW_DEFAULT_DAYS: u32 = 5;

/// The review time limit of `days` working days.
pub const fn review_period(days: u32) -> Span {
    working(days)
}

/// A calendar year without a published schedule: the period cannot be computed and the
/// step is refused until someone confirms the dates (never guessed).
pub fn unknown_year(e: UnknownYear) -> Refusal {
    Refusal::new(
        "occurred_at",
        "《行政处罚法》第八十五条、《行政强制法》第六十九条、《行政许可法》第八十二条",
        e.to_string(),
    )
}

/// The same calendar date `years` later (29 February → 28 February).
fn plus_years(d: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() + years, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(d.year() + years, d.month(), 28))
        .unwrap_or(d)
}

pub(crate) const ART_36: &str = "《行政处罚法》第三十六条";

/// 《行政处罚法》第三十六条: no penalty when the act was not discovered within two years (five
/// where citizens' life, health or financial safety was harmed); a continuing act counts from
/// the day it ended. Returns the last day on which discovery still allows a penalty.
pub fn limitation_end(act: NaiveDate, ended: Option<NaiveDate>, serious_harm: bool) -> NaiveDate {
    let from = ended.map_or(act, |e| e.max(act));
    plus_years(from, if serious_harm { 5 } else { 2 })
}

/// 《行政处罚法》第三十七条.
pub const ART_37: &str = "《行政处罚法》第三十七条";

/// A version of a power item, as the rule of the law at the time of the act needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemVersion {
    /// row id of the version
    pub id: i64,
    /// version number
    pub version: i32,
    /// in force from
    pub effective_from: NaiveDate,
    /// 立改废释
    pub change_kind: crate::registry::ChangeKind,
    /// what an amendment or abolition means for earlier acts
    pub retroactivity: Option<crate::registry::Retroactivity>,
}

/// The version a case applies, and why (shown on the case and kept with the decision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedItem {
    /// row id of the version
    pub id: i64,
    /// version number
    pub version: i32,
    /// why this version
    pub reason: String,
    /// a version later than the act's (lighter)
    pub later: bool,
}

/// 《行政处罚法》第三十七条: an act is judged by the rule in force when it took place; if by `on`
/// (registration, the decision) the rule was amended to be lighter, the new one applies, and if
/// it no longer makes the act a violation, no penalty is given. The body states, when it files an
/// amended or abolished version, which of these the change is (`Retroactivity`; by default
/// neither: the old rule stands for earlier acts).
pub fn applicable_item(versions: &[ItemVersion], act: NaiveDate, on: NaiveDate) -> Result<AppliedItem, Refusal> {
    use crate::registry::{ChangeKind, Retroactivity};
    let mut sorted: Vec<&ItemVersion> = versions.iter().collect();
    sorted.sort_by_key(|v| v.version);
    let Some(at_act) = sorted.iter().rev().find(|v| v.effective_from <= act) else {
        let first = sorted.first().map_or_else(String::new, |v| format!("（自{}起施行）", v.effective_from));
        return Err(Refusal::new(
            "act_date",
            ART_37,
            format!("违法行为发生时（{act}）该事项尚未施行{first}，不能依据行为后施行的规定给予行政处罚"),
        ));
    };
    if at_act.change_kind == ChangeKind::Abolish {
        return Err(Refusal::new(
            "act_date",
            ART_37,
            format!("违法行为发生时（{act}）该事项已于{}废止，不能据此给予行政处罚", at_act.effective_from),
        ));
    }
    let mut applied = AppliedItem {
        id: at_act.id,
        version: at_act.version,
        reason: format!(
            "适用违法行为发生时（{act}）施行的第{}版（{}起施行）（{ART_37}）",
            at_act.version, at_act.effective_from
        ),
        later: false,
    };
    for v in sorted.iter().filter(|v| v.effective_from > act && v.effective_from <= on) {
        match v.retroactivity {
            Some(Retroactivity::NoLongerViolation) => {
                return Err(Refusal::new(
                    "power_item_code",
                    ART_37,
                    format!(
                        "违法行为发生后，该事项第{}版（{}起施行）{}，新规定不再认为是违法，不予行政处罚",
                        v.version,
                        v.effective_from,
                        if v.change_kind == ChangeKind::Abolish { "已废止" } else { "已修改" }
                    ),
                ));
            }
            Some(Retroactivity::Lighter) if v.change_kind != ChangeKind::Abolish => {
                applied = AppliedItem {
                    id: v.id,
                    version: v.version,
                    reason: format!(
                        "违法行为发生于{act}，其后施行的第{}版（{}起施行）处罚较轻，依照{ART_37}适用新规定（从旧兼从轻）",
                        v.version, v.effective_from
                    ),
                    later: true,
                };
            }
            _ => {}
        }
    }
    Ok(applied)
}

/// 《行政处罚法》第三十七条 for the legal basis: the statutes of an item's basis whose text the
/// platform holds in a version dated after the act — the article in force at the act may read
/// otherwise and must be checked. Returns a sentence naming them, or `None`.
pub fn basis_versions_note(basis: &[crate::registry::LegalRef], act: NaiveDate) -> Option<String> {
    let mut later: Vec<String> = Vec::new();
    for b in basis {
        if let Some(s) = crate::laws::find(&b.law)
            && let Ok(v) = NaiveDate::parse_from_str(s.version, "%Y-%m-%d")
            && v > act
        {
            let t = format!("《{}》（{}版本）", s.name, s.version);
            if !later.contains(&t) {
                later.push(t);
            }
        }
    }
    (!later.is_empty()).then(|| {
        format!(
            "法律依据{}晚于违法行为发生日（{act}），应核对行为时施行的条文；修改后的规定处罚较轻的适用新规定（{ART_37}）",
            later.join("、")
        )
    })
}

/// Checks the limitation of 第三十六条 at 立案.
pub fn check_limitation(
    act: NaiveDate,
    ended: Option<NaiveDate>,
    serious_harm: bool,
    discovered: NaiveDate,
) -> Result<(), Refusal> {
    let end = limitation_end(act, ended, serious_harm);
    if discovered > end {
        let years = if serious_harm { "五" } else { "二" };
        return Err(Refusal::new(
            "act_date",
            ART_36,
            format!(
                "违法行为{}（{}）至发现之日（{discovered}）已超过{years}年，不再给予行政处罚，不能立案",
                if ended.is_some() { "终了之日" } else { "发生之日" },
                ended.unwrap_or(act)
            ),
        ));
    }
    Ok(())
}

/// 《行政处罚法》第五十一条: a penalty decided on the spot is a warning, or a fine of at most
/// 200 yuan for a citizen or 3,000 yuan for an organisation, and nothing else.
pub fn check_simple_procedure(party: PartyKind, p: &Penalty) -> Result<(), Refusal> {
    const RULE: &str = "《行政处罚法》第五十一条";
    if let Some(k) = p.kinds.iter().find(|k| !matches!(k, PenaltyKind::Warning | PenaltyKind::Fine)) {
        return Err(Refusal::new(
            "penalty_kinds",
            RULE,
            format!("简易程序只能当场给予警告或者罚款，不能给予“{}”，应适用一般程序", k.label()),
        ));
    }
    let limit = match party {
        PartyKind::Person => 20_000,
        PartyKind::Organisation => 300_000,
    };
    if let Some(f) = p.fine_fen
        && f > limit
    {
        return Err(Refusal::new(
            "fine",
            RULE,
            format!(
                "简易程序对{}的罚款不能超过{}元，拟罚款{}元，应适用一般程序",
                party.label(),
                format_yuan(limit),
                format_yuan(f)
            ),
        ));
    }
    Ok(())
}

/// 《行政强制法》第四十四条: the day a demolition may begin — after the public notice's period
/// and after the statutory periods for 复议 (sixty days, 《行政复议法》第二十条) and 诉讼 (six
/// months, 《行政诉讼法》第四十六条) have run from the day the party received the decision. Both
/// are periods for an act: an end on a rest day moves to the next working day. Returns the last
/// day of the longest of them (demolition may begin the day after).
pub fn demolition_waits_until(
    cal: &Calendar,
    notice_until: NaiveDate,
    decision_received: NaiveDate,
) -> Result<NaiveDate, UnknownYear> {
    Ok(notice_until.max(remedy_periods_end(cal, decision_received)?))
}

/// The last day of the periods to seek 复议 (sixty days, 《行政复议法》第二十条) and to sue (six
/// months, 《行政诉讼法》第四十六条) against a decision received on `received`, each moved off a
/// rest day: before it, no demolition (《行政强制法》第四十四条) and no application to the court
/// (第五十三条).
pub fn remedy_periods_end(cal: &Calendar, received: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    let reconsideration = calendar(60).end(cal, received)?;
    let mut litigation = received.checked_add_months(chrono::Months::new(6)).unwrap_or(received);
    while !cal.is_working_day(litigation)? {
        litigation += Duration::days(1);
    }
    Ok(reconsideration.max(litigation))
}

const ART_68_69: &str = "《行政处罚法》第六十八条、第六十九条";

/// 《行政处罚法》第六十八条、第六十九条: a fine is collected on the spot only (1) for a decision
/// made on the spot under art. 51, when it is at most 100 yuan or collecting it later would be
/// hard (the circumstances recorded), or (2) in a remote, water or poorly connected area where
/// paying at a bank or electronically is really difficult, at the party's request (any
/// decision; the circumstances recorded) — never simply because the amount is small. Without a
/// basis given, a fine of at most 100 yuan decided on the spot is taken as (1).
pub fn check_onsite_collection(
    onsite_decision: bool,
    fine_fen: i64,
    basis: Option<super::model::CollectionBasis>,
    circumstances: Option<&str>,
) -> Result<(), Refusal> {
    use super::model::CollectionBasis as B;
    let stated = circumstances.is_some_and(|c| !c.trim().is_empty());
    let on_spot_only = || {
        Refusal::new(
            "result",
            ART_68_69,
            "依照第五十一条当场作出的处罚决定才能以第六十八条当场收缴；普通程序作出的罚款决定，只有在边远、水上、交通不便地区缴纳确有困难并经当事人提出的，才能当场收缴（第六十九条）",
        )
    };
    match basis {
        None if onsite_decision && fine_fen <= 10_000 => Ok(()),
        None => Err(Refusal::new("result", ART_68_69, "请选择当场收缴的依据（第六十八条或第六十九条的情形）")),
        Some(B::SmallFine) if !onsite_decision => Err(on_spot_only()),
        Some(B::SmallFine) if fine_fen > 10_000 => Err(Refusal::new(
            "result",
            ART_68_69,
            format!("罚款{}元超过一百元，不属于第六十八条第一项的情形", format_yuan(fine_fen)),
        )),
        Some(B::HardLater) if !onsite_decision => Err(on_spot_only()),
        Some(B::HardLater | B::Remote) if !stated => Err(Refusal::new(
            "urgent_reason",
            ART_68_69,
            "请说明情况：不当场收缴事后难以执行的事由，或者边远、水上、交通不便地区缴纳确有困难及当事人提出的经过",
        )),
        Some(_) => Ok(()),
    }
}

/// 《行政处罚法》第七十二条第一款第一项: 3% of the fine per day of late payment, never more than
/// the fine. `due` is the last day of the payment period; days after it are late.
pub fn late_charge(fine_fen: i64, due: NaiveDate, paid_on: NaiveDate) -> i64 {
    let days = (paid_on - due).num_days().max(0);
    let charge = i128::from(fine_fen) * 3 * i128::from(days) / 100;
    i64::try_from(charge).unwrap_or(i64::MAX).min(fine_fen)
}

/// 《行政处罚法》第六十七条第三款: the fine is paid within fifteen days of receiving the
/// decision (a calendar-day period; an end on a rest day moves to the next working day).
pub fn payment_due(cal: &Calendar, served: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    PAYMENT.end(cal, served)
}

/// 《民事诉讼法》第九十五条 (applied to service by 《行政处罚法》第六十一条): a document served by
/// public notice counts as served thirty days after the notice was given.
pub const PUBLIC_SERVICE_DAYS: i64 = 30;

/// The day a document counts as served: the day of service, or for 公告送达 the day thirty days
/// after the notice (《民事诉讼法》第九十五条, 《行政处罚法》第六十一条); the periods that run
/// from service (陈述申辩, 听证, 缴纳, 复议, 诉讼) start from it.
pub fn served_on(method: Option<ServiceMethod>, date: NaiveDate) -> NaiveDate {
    match method {
        Some(ServiceMethod::Public) => date + Duration::days(PUBLIC_SERVICE_DAYS),
        _ => date,
    }
}

/// 《行政处罚法》第六十一条: a decision not delivered on the spot is served within seven days
/// (working days, 第八十五条).
pub fn service_deadline(cal: &Calendar, decided: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    SERVICE.end(cal, decided)
}

/// 《行政处罚法》第六十条: decide within ninety days of 立案; days during which the case was
/// suspended are not counted.
pub fn decision_deadline(cal: &Calendar, filed: NaiveDate, suspended_days: u32) -> Result<NaiveDate, UnknownYear> {
    DECISION.plus(suspended_days).end(cal, filed)
}

/// 《行政处罚法》第六十四条第一项: the party asks for a hearing within five (working) days of
/// the notice.
pub fn hearing_request_deadline(cal: &Calendar, notified: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    HEARING_REQUEST.end(cal, notified)
}

/// 《行政处罚法》第六十四条第二项: the party is told of the hearing seven (working) days before;
/// the earliest day the hearing may be held.
pub fn earliest_hearing(cal: &Calendar, notice: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    Ok(HEARING_NOTICE.end(cal, notice)? + Duration::days(1))
}

/// 《行政强制法》第二十五条: the last day of a seizure of `days` (≤ 30) from `from`, extended by
/// `extension` days and by the excluded (testing) days. 30 days is longer than ten, so
/// calendar days (第六十九条); the longest a seizure may last does not move off a holiday
/// ([`PeriodKind::CalendarFixed`]).
pub fn measure_end(
    cal: &Calendar,
    from: NaiveDate,
    days: u32,
    extension: u32,
    excluded: u32,
) -> Result<NaiveDate, UnknownYear> {
    cal.period(from, days + extension + excluded, PeriodKind::CalendarFixed).map(|p| p.end)
}

/// 《行政许可法》第三十二条第一款第四项: incomplete materials are asked for all at once within
/// five (working) days of receipt.
pub fn materials_request_deadline(cal: &Calendar, received: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    MATERIALS_REQUEST.end(cal, received)
}

/// 《行政许可法》第四十二条、第四十五条: decide within twenty working days of acceptance, plus an
/// approved extension of at most ten, plus the excluded working days (hearing, testing, expert
/// review).
pub fn licence_decision_deadline(
    cal: &Calendar,
    accepted: NaiveDate,
    extension: u32,
    excluded: u32,
) -> Result<NaiveDate, UnknownYear> {
    LICENCE_DECISION.plus(extension + excluded).end(cal, accepted)
}

/// 《行政许可法》第四十四条: the licence is issued within ten working days of the decision.
pub fn licence_issue_deadline(cal: &Calendar, decided: NaiveDate) -> Result<NaiveDate, UnknownYear> {
    LICENCE_ISSUE.end(cal, decided)
}

/// A certificate as storage knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateStanding {
    /// number
    pub number: String,
    /// 执法领域
    pub domain: String,
    /// stored status
    pub status: CertificateStatus,
    /// valid from
    pub valid_from: NaiveDate,
    /// valid to
    pub valid_to: NaiveDate,
}

/// An officer with their certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerStanding {
    /// officer id
    pub id: i64,
    /// name
    pub name: String,
    /// whether the officer belongs to the case's body
    pub in_body: bool,
    /// certificates
    pub certificates: Vec<CertificateStanding>,
}

/// 《行政处罚法》第四十二条、《行政强制法》第十八条第二项: a field step is done by at least two
/// officers, each holding a certificate that is valid on the day and covers the case's domain
/// (an expired or suspended certificate does not count).
pub fn check_field_officers(officers: &[OfficerStanding], domain: &str, on: NaiveDate) -> Result<(), Refusal> {
    const RULE: &str = "《行政处罚法》第四十二条、《行政强制法》第十八条";
    let mut problems = Vec::new();
    let mut qualified = 0;
    for o in officers {
        match standing_problem(o, domain, on) {
            None => qualified += 1,
            Some(p) => problems.push(p),
        }
    }
    if qualified >= 2 && problems.is_empty() {
        return Ok(());
    }
    let detail = if problems.is_empty() { String::new() } else { format!("：{}", problems.join("；")) };
    Err(Refusal::new(
        "officer_ids",
        RULE,
        format!("须由两名以上持有效执法证件（{domain}）的本机关执法人员进行，现有{qualified}名符合{detail}"),
    ))
}

/// What keeps an officer from acting in a case of `domain` on `on`: not of the body, or no
/// certificate covering the domain valid that day (《行政处罚法》第四十二条).
pub fn standing_problem(o: &OfficerStanding, domain: &str, on: NaiveDate) -> Option<String> {
    if !o.in_body {
        return Some(format!("{}不是本机关执法人员", o.name));
    }
    let covering: Vec<_> = o.certificates.iter().filter(|c| c.domain == domain || c.domain == "综合执法").collect();
    if covering.iter().any(|c| effective_status(c.status, c.valid_from, c.valid_to, on) == CertificateStatus::Valid) {
        return None;
    }
    Some(match covering.first() {
        Some(c) => format!(
            "{}的执法证件（{}）{}",
            o.name,
            c.number,
            effective_status(c.status, c.valid_from, c.valid_to, on).label()
        ),
        None => format!("{}没有“{domain}”领域的执法证件", o.name),
    })
}

/// 《行政处罚法》第四十三条第一款: an officer who is a party to the case, or a close relative of
/// one, or has another interest in it, withdraws. The record can show the first (the officer's
/// identity number is a party's); the rest is declared and decided by a 回避决定.
pub const ART_43: &str = "《行政处罚法》第四十三条";

/// 《行政强制法》第四十三条: no enforcement at night or on a statutory holiday unless urgent.
/// Returns why the moment is forbidden, if it is.
pub fn enforcement_time_forbidden(
    cal: &Calendar,
    at: DateTime<Utc>,
    night_from: u32,
    night_until: u32,
) -> Result<Option<String>, UnknownYear> {
    let local = at.with_timezone(&crate::time::shanghai());
    let h = local.hour();
    let night =
        if night_from > night_until { h >= night_from || h < night_until } else { h >= night_from && h < night_until };
    if night {
        return Ok(Some(format!("{}时属于夜间（{night_from}时至次日{night_until}时）", h)));
    }
    Ok(match cal.day(local.date_naive())? {
        DayKind::Rest(Some(name)) => Some(format!("{}是法定节假日（{name}）", local.date_naive())),
        _ => None,
    })
}

/// 《行政处罚法》第四十五条第二款: the decision may not be heavier than the notice because the
/// party argued; anything heavier needs a new notice. Returns what is heavier.
pub fn heavier_than_notified(notified: &Penalty, decided: &Penalty) -> Option<String> {
    if let Some(k) = decided.kinds.iter().find(|k| !notified.kinds.contains(k)) {
        return Some(format!("决定增加了告知书中没有的处罚种类“{}”", k.label()));
    }
    if decided.fine_fen.unwrap_or(0) > notified.fine_fen.unwrap_or(0) {
        return Some(format!(
            "决定罚款{}元高于告知的{}元",
            format_yuan(decided.fine_fen.unwrap_or(0)),
            format_yuan(notified.fine_fen.unwrap_or(0))
        ));
    }
    if decided.confiscation_fen.unwrap_or(0) > notified.confiscation_fen.unwrap_or(0) {
        return Some("决定没收数额高于告知的数额".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn cal() -> &'static Calendar {
        Calendar::official()
    }

    #[test]
    fn art_36_two_years_five_with_harm_continuing_from_end() {
        assert!(check_limitation(d("2024-03-01"), None, false, d("2026-03-01")).is_ok());
        let e = check_limitation(d("2024-03-01"), None, false, d("2026-03-02")).unwrap_err();
        assert_eq!(e.rule, ART_36);
        assert!(check_limitation(d("2022-03-01"), None, true, d("2026-03-02")).is_ok());
        assert!(check_limitation(d("2021-03-01"), None, true, d("2026-03-02")).is_err());
        // A continuing act counts from the day it ended.
        assert!(check_limitation(d("2020-01-01"), Some(d("2025-06-30")), false, d("2026-11-20")).is_ok());
        // 29 February.
        assert_eq!(limitation_end(d("2024-02-29"), None, false), d("2026-02-28"));
    }

    #[test]
    fn art_51_simple_procedure_limits() {
        let fine = |f| Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(f), confiscation_fen: None };
        assert!(check_simple_procedure(PartyKind::Person, &fine(20_000)).is_ok());
        let e = check_simple_procedure(PartyKind::Person, &fine(20_001)).unwrap_err();
        assert!(e.rule.contains("第五十一条") && e.message.contains("200.00"));
        assert!(check_simple_procedure(PartyKind::Organisation, &fine(300_000)).is_ok());
        assert!(check_simple_procedure(PartyKind::Organisation, &fine(300_001)).is_err());
        let warn = Penalty { kinds: vec![PenaltyKind::Warning], ..Default::default() };
        assert!(check_simple_procedure(PartyKind::Person, &warn).is_ok());
        let conf = Penalty { kinds: vec![PenaltyKind::Confiscation], confiscation_fen: Some(100), fine_fen: None };
        assert!(check_simple_procedure(PartyKind::Person, &conf).is_err());
    }

    #[test]
    fn art_72_late_charge_three_percent_capped_at_the_fine() {
        let due = d("2026-03-16");
        assert_eq!(late_charge(100_000, due, d("2026-03-16")), 0);
        assert_eq!(late_charge(100_000, due, d("2026-03-17")), 3_000);
        assert_eq!(late_charge(100_000, due, d("2026-03-26")), 30_000);
        // 34 days would be 102%: capped at the fine.
        assert_eq!(late_charge(100_000, due, d("2026-04-19")), 100_000);
        assert_eq!(late_charge(100_000, due, d("2027-04-19")), 100_000);
        assert_eq!(late_charge(33, due, d("2026-03-17")), 0);
    }

    #[test]
    fn art_67_payment_within_fifteen_days() {
        // Served 2026-09-20: the 15th day is 10-05 inside National Day; moves to 10-08.
        assert_eq!(payment_due(cal(), d("2026-09-20")).unwrap(), d("2026-10-08"));
        assert_eq!(payment_due(cal(), d("2026-03-02")).unwrap(), d("2026-03-17"));
    }

    #[test]
    fn art_61_service_within_seven_working_days() {
        // Decided on 2026-09-25 (中秋): 28, 29, 30 Sept; the holiday to 10-07; 8, 9, the make-up
        // Saturday 10, and Monday 12.
        assert_eq!(service_deadline(cal(), d("2026-09-25")).unwrap(), d("2026-10-12"));
    }

    #[test]
    fn art_60_ninety_days_from_filing_plus_suspensions() {
        assert_eq!(decision_deadline(cal(), d("2026-01-05"), 0).unwrap(), d("2026-04-07"));
        assert_eq!(decision_deadline(cal(), d("2026-01-05"), 10).unwrap(), d("2026-04-15"));
        assert!(decision_deadline(cal(), d("2026-11-01"), 0).is_err(), "2027 has no published schedule");
    }

    #[test]
    fn art_64_hearing_request_and_notice_periods() {
        assert_eq!(hearing_request_deadline(cal(), d("2026-09-30")).unwrap(), d("2026-10-13"));
        assert_eq!(earliest_hearing(cal(), d("2026-06-01")).unwrap(), d("2026-06-11"));
    }

    #[test]
    fn art_25_seizure_thirty_days_plus_extension_and_testing() {
        assert_eq!(measure_end(cal(), d("2026-03-02"), 30, 0, 0).unwrap(), d("2026-04-01"));
        // 05-01 is Labour Day: the seizure's limit stays there.
        assert_eq!(measure_end(cal(), d("2026-03-02"), 30, 30, 0).unwrap(), d("2026-05-01"));
        // Five testing days not counted: 04-06, in the Qingming holiday, where it stays.
        assert_eq!(measure_end(cal(), d("2026-03-02"), 30, 0, 5).unwrap(), d("2026-04-06"));
    }

    #[test]
    fn licensing_art_32_42_44_working_day_periods() {
        assert_eq!(materials_request_deadline(cal(), d("2026-09-28")).unwrap(), d("2026-10-10"));
        assert_eq!(licence_decision_deadline(cal(), d("2026-03-02"), 0, 0).unwrap(), d("2026-03-30"));
        assert_eq!(licence_decision_deadline(cal(), d("2026-03-02"), 10, 0).unwrap(), d("2026-04-14"));
        assert_eq!(licence_issue_deadline(cal(), d("2026-09-25")).unwrap(), d("2026-10-15"));
    }

    fn officer(id: i64, status: CertificateStatus, to: &str) -> OfficerStanding {
        OfficerStanding {
            id,
            name: format!("执法员{id}"),
            in_body: true,
            certificates: vec![CertificateStanding {
                number: format!("津1201150000{id}"),
                domain: "市场监管".into(),
                status,
                valid_from: d("2024-01-01"),
                valid_to: d(to),
            }],
        }
    }

    #[test]
    fn art_42_two_officers_with_valid_certificates() {
        let on = d("2026-11-20");
        let ok =
            [officer(1, CertificateStatus::Valid, "2029-01-01"), officer(2, CertificateStatus::Valid, "2029-01-01")];
        assert!(check_field_officers(&ok, "市场监管", on).is_ok());
        let e = check_field_officers(&ok[..1], "市场监管", on).unwrap_err();
        assert!(e.rule.contains("第四十二条"));
        let expired =
            [officer(1, CertificateStatus::Valid, "2029-01-01"), officer(2, CertificateStatus::Valid, "2026-11-19")];
        let e = check_field_officers(&expired, "市场监管", on).unwrap_err();
        assert!(e.message.contains("过期"), "{e}");
        let suspended = [
            officer(1, CertificateStatus::Valid, "2029-01-01"),
            officer(2, CertificateStatus::Suspended, "2029-01-01"),
        ];
        assert!(check_field_officers(&suspended, "市场监管", on).unwrap_err().message.contains("暂扣"));
        assert!(check_field_officers(&ok, "生态环境", on).unwrap_err().message.contains("没有“生态环境”"));
    }

    #[test]
    fn art_43_no_enforcement_at_night_or_on_holidays() {
        let at = |y, m, dd, h| crate::time::shanghai().with_ymd_and_hms(y, m, dd, h, 0, 0).single().unwrap().to_utc();
        assert!(enforcement_time_forbidden(cal(), at(2026, 11, 20, 10), 22, 6).unwrap().is_none());
        assert!(enforcement_time_forbidden(cal(), at(2026, 11, 20, 23), 22, 6).unwrap().is_some());
        assert!(enforcement_time_forbidden(cal(), at(2026, 11, 20, 5), 22, 6).unwrap().is_some());
        assert!(enforcement_time_forbidden(cal(), at(2026, 10, 2, 10), 22, 6).unwrap().unwrap().contains("国庆"));
        // An ordinary weekend is not a statutory holiday.
        assert!(enforcement_time_forbidden(cal(), at(2026, 11, 21, 10), 22, 6).unwrap().is_none());
    }

    #[test]
    fn art_45_no_heavier_penalty_than_notified() {
        let n = Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(500_000), confiscation_fen: None };
        let same = n.clone();
        assert!(heavier_than_notified(&n, &same).is_none());
        let more = Penalty { fine_fen: Some(500_001), ..n.clone() };
        assert!(heavier_than_notified(&n, &more).is_some());
        let extra = Penalty { kinds: vec![PenaltyKind::Fine, PenaltyKind::Warning], ..n.clone() };
        assert!(heavier_than_notified(&n, &extra).is_some());
        let less = Penalty { fine_fen: Some(100_000), ..n.clone() };
        assert!(heavier_than_notified(&n, &less).is_none());
    }
}

/// 《行政处罚法》第三十条: minors.
pub const ART_30: &str = "《行政处罚法》第三十条";
/// 《行政处罚法》第三十一条: mental illness and intellectual disability.
pub const ART_31: &str = "《行政处罚法》第三十一条";

/// A natural party as the rules of responsibility see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFact {
    /// 姓名
    pub name: String,
    /// the birth date the identity number states, if it states one
    pub born: Option<NaiveDate>,
}

/// Full years of age (周岁) on `on`: a year is completed on the day after the birthday
/// (最高人民法院《关于审理未成年人刑事案件具体应用法律若干问题的解释》第二条, the reading applied to
/// the ages of 《行政处罚法》第三十条). Born on 29 February, one is a year older on 1 March.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) <= (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0)
}

/// What the law says of a party's responsibility, for a step that proposes or imposes a penalty:
/// the basis of the leniency it must or may carry, and prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Responsibility {
    /// why the penalty is lenient, as the law states it (recorded and printed in the decision)
    pub leniency_basis: Option<String>,
    /// advice that does not block
    pub prompts: Vec<String>,
}

/// 《行政处罚法》第三十条、第三十一条: no penalty for a party under fourteen at the time of the act
/// (the guardian is ordered to supervise) or one who could not recognise or control the act;
/// a party of fourteen to eighteen at the time of the act must be penalised leniently (从轻或者减轻);
/// one whose capacity was impaired but not lost may be. `act` is the day of the act (its
/// start: the age at the time the act was done); `capacity` the latest finding.
pub fn check_responsibility(
    persons: &[PersonFact],
    act: Option<NaiveDate>,
    capacity: Option<Capacity>,
    leniency: Option<Leniency>,
) -> Result<Responsibility, Refusal> {
    let mut out = Responsibility::default();
    let mut bases = Vec::new();
    if capacity == Some(Capacity::None) {
        return Err(Refusal::new(
            "capacity",
            ART_31,
            "当事人在不能辨认或者不能控制自己行为时有违法行为，不予行政处罚，应当责令其监护人严加看管和治疗；请以“不予行政处罚”结案",
        ));
    }
    for p in persons {
        let Some(born) = p.born else { continue };
        let Some(act) = act else {
            out.prompts
                .push(format!("案件未登记违法行为发生日期，无法核对当事人{}在行为时的年龄（{}）", p.name, ART_30));
            continue;
        };
        let age = age_on(born, act);
        if age < 14 {
            return Err(Refusal::new(
                "penalty_kinds",
                ART_30,
                format!(
                    "当事人{}（{}出生）在违法行为发生时（{}）不满十四周岁，不予行政处罚，应当责令其监护人加以管教；请以“不予行政处罚”结案",
                    p.name, born, act
                ),
            ));
        }
        if age < 18 {
            if leniency.is_none() {
                return Err(Refusal::new(
                    "leniency",
                    ART_30,
                    format!(
                        "当事人{}（{}出生）在违法行为发生时（{}）已满十四周岁不满十八周岁，应当从轻或者减轻行政处罚：请选择从轻处罚或减轻处罚",
                        p.name, born, act
                    ),
                ));
            }
            bases.push(format!("当事人{}在违法行为发生时已满十四周岁不满十八周岁（{}）", p.name, ART_30));
        }
    }
    if capacity == Some(Capacity::Limited) {
        if leniency.is_some() {
            bases.push(format!("当事人系尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人（{ART_31}）"));
        } else {
            out.prompts.push(format!(
                "当事人系尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人，可以从轻或者减轻行政处罚（{ART_31}）"
            ));
        }
    }
    if !bases.is_empty() {
        out.leniency_basis = Some(bases.join("；"));
    }
    Ok(out)
}
