//! 投诉举报: complaints about enforcement, from the public form, the 12345 hotline, letters and
//! visits, handled on the official calendar to their conclusion, reply, 复查 and 复核.
//!
//! The bureau registers a complaint and routes it to the competent body (《信访工作条例》第二十二
//! 条: within 15 days); the body may object that it is not competent (第二十三条第三款: within 5
//! working days of receipt), decides whether it accepts it and tells the complainant (第二十三条:
//! within 15 days), concludes it within 60 days of acceptance, extended by at most 30 days with
//! its head's approval and the complainant told why (第三十四条), with a written opinion stating
//! the request, the facts and reasons, the opinion and its basis (第三十二条). The complainant may
//! ask the level above for 复查 within 30 days of the reply, answered within 30 days (第三十五条),
//! and for 复核 within 30 days of that, answered within 30 days (第三十六条).
//!
//! The district's own profile is shorter and configurable (the thresholds): routed within 2
//! working days, acceptance decided within 5 working days, concluded within 30 days (+20), the
//! complainant told within 7 days of the conclusion; a 12345 work order is concluded within 13
//! working days of receipt. Each deadline is the earlier of the statute's and the profile's; a
//! missed one is W19, red when the statute's own limit has passed, yellow when only the
//! profile's has. No I/O.

use super::{Hit, Severity, Thresholds, known};
use crate::calendar::{Calendar, PeriodKind};
use crate::error::{Invalid, optional_text, required_text};
use crate::registry::coded_enum;
use chrono::NaiveDate;
use std::collections::BTreeMap;

coded_enum!(
    /// Where a complaint came from (来源渠道).
    Channel, "来源渠道" {
    /// 网上投诉（门户网站，免登录）
    Portal = "portal" / "网上投诉",
    /// 12345政务服务便民热线工单
    Hotline = "hotline" / "12345热线",
    /// 来信
    Letter = "letter" / "来信",
    /// 来访
    Visit = "visit" / "来访",
    /// 上级机关、信访部门转送交办
    Transfer = "transfer" / "转送交办",
});

coded_enum!(
    /// What the complaint is about: the complainable acts (《天津市行政执法投诉办法》第八条,
    /// used as the default list).
    Category, "投诉事项" {
    /// 不履行或者拖延履行法定职责
    Inaction = "inaction" / "不履行法定职责",
    /// 违法或者不当实施行政处罚
    Penalty = "penalty" / "违法实施行政处罚",
    /// 违法实施行政强制
    Measure = "measure" / "违法实施行政强制",
    /// 违法实施行政许可
    Licensing = "licensing" / "违法实施行政许可",
    /// 违法收费、罚没
    Fee = "fee" / "违法收费",
    /// 违法或者重复检查
    Inspection = "inspection" / "违法检查",
    /// 执法时未出示执法证件
    Certificate = "certificate" / "未出示执法证件",
    /// 执法人员作风、态度
    Conduct = "conduct" / "执法作风",
    /// 其他
    Other = "other" / "其他",
});

coded_enum!(
    /// Where a complaint stands (办理状态).
    ComplaintStatus, "办理状态" {
    /// 已登记，待分派
    Received = "received" / "待分派",
    /// 已分派，待执法主体决定是否受理
    Assigned = "assigned" / "待受理",
    /// 已受理，办理中
    Accepted = "accepted" / "办理中",
    /// 不予受理（已说明理由）
    Refused = "refused" / "不予受理",
    /// 已办结，待答复投诉人
    Concluded = "concluded" / "已办结待答复",
    /// 已答复投诉人
    Answered = "answered" / "已答复",
    /// 复查中
    Reviewing = "reviewing" / "复查中",
    /// 已作出复查意见
    Reviewed = "reviewed" / "已复查",
    /// 复核中
    Rechecking = "rechecking" / "复核中",
    /// 已作出复核意见（终结）
    Rechecked = "rechecked" / "已复核",
});

coded_enum!(
    /// What the handling found (调查核实结论).
    Finding, "核实结论" {
    /// 属实
    Substantiated = "substantiated" / "属实",
    /// 部分属实
    Partly = "partly" / "部分属实",
    /// 不属实
    Unfounded = "unfounded" / "不属实",
});

coded_enum!(
    /// One act on a complaint (办理环节), each a journaled record.
    ComplaintAct, "办理环节" {
    /// 登记
    Register = "register" / "登记",
    /// 分派（转送交办）
    Assign = "assign" / "分派",
    /// 提出异议（不属本机关职权）
    Object = "object" / "提出异议",
    /// 受理并告知
    Accept = "accept" / "受理",
    /// 不予受理并告知
    Refuse = "refuse" / "不予受理",
    /// 延长办理期限（机关负责人批准）
    Extend = "extend" / "延期",
    /// 办结（出具处理意见）
    Conclude = "conclude" / "办结",
    /// 答复投诉人
    Answer = "answer" / "答复",
    /// 请求复查
    AskReview = "ask_review" / "请求复查",
    /// 复查意见
    Review = "review" / "复查意见",
    /// 请求复核
    AskRecheck = "ask_recheck" / "请求复核",
    /// 复核意见
    Recheck = "recheck" / "复核意见",
});

coded_enum!(
    /// How the complainant was told (答复方式).
    AnswerMethod, "答复方式" {
    /// 书面（邮寄或当面送达处理意见书）
    Written = "written" / "书面",
    /// 短信
    Sms = "sms" / "短信",
    /// 电话
    Phone = "phone" / "电话",
    /// 平台查询页（投诉人凭查询码查看）
    Portal = "portal" / "查询页",
});

/// The statute's limits (《信访工作条例》), in days.
pub mod statute {
    /// 第二十二条: a complaint is registered and routed within 15 days of receipt.
    pub const ROUTE_DAYS: u32 = 15;
    /// 第二十三条第三款: a body that is not competent objects within 5 working days of receipt.
    pub const OBJECT_WORKING_DAYS: u32 = 5;
    /// 第二十三条第二、三款: the body tells the complainant within 15 days whether and how it
    /// handles the complaint.
    pub const ACCEPT_DAYS: u32 = 15;
    /// 第三十四条: concluded within 60 days of acceptance …
    pub const CONCLUDE_DAYS: u32 = 60;
    /// … extended by at most 30 days with the head's approval.
    pub const EXTEND_DAYS: u32 = 30;
    /// 第三十五条、第三十六条: 复查 or 复核 is asked within 30 days of the reply …
    pub const ASK_DAYS: u32 = 30;
    /// … and answered within 30 days of the request.
    pub const ANSWER_DAYS: u32 = 30;
}

/// A tracking code (查询码): 16 characters of Crockford's base-32 in four groups (80 random
/// bits), so that guessing one is hopeless and reading one aloud is unambiguous.
pub fn tracking_code(random: [u8; 10]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 75 - 5 * i;
        out.push(ALPHABET[((bits >> shift) & 31) as usize] as char);
    }
    out
}

/// A tracking code as typed back (spaces, dashes, lower case, O for 0 and I or L for 1
/// forgiven), in its stored form; `None` when it cannot be one.
pub fn normalize_tracking_code(input: &str) -> Option<String> {
    let mut chars = Vec::with_capacity(16);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '－' | '\u{3000}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c @ ('0'..='9' | 'A'..='Z') if c != 'U' => c,
            _ => return None,
        };
        chars.push(c);
    }
    if chars.len() != 16 {
        return None;
    }
    Some(chars.chunks(4).map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// A complaint as the public form or the registering staff fill it in.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplaintInput {
    /// `portal`, `hotline`, `letter`, `visit` or `transfer` (the public form is always `portal`)
    #[serde(default)]
    pub channel: String,
    /// 12345 工单号 (for `hotline`)
    #[serde(default)]
    pub hotline_order: Option<String>,
    /// what it is about: `inaction`, `penalty`, `measure`, `licensing`, `fee`, `inspection`,
    /// `certificate`, `conduct`, `other`
    #[serde(default)]
    pub category: String,
    /// the body complained about, if the complainant knows it
    #[serde(default)]
    pub body_id: Option<i64>,
    /// 标题
    #[serde(default)]
    pub subject: String,
    /// 投诉请求、事实和理由
    #[serde(default)]
    pub content: String,
    /// 发生日期 (YYYY-MM-DD)
    #[serde(default)]
    pub happened_on: Option<String>,
    /// 发生地点
    #[serde(default)]
    pub place: Option<String>,
    /// 相关文书文号（如处罚决定书文号）
    #[serde(default)]
    pub document_number: Option<String>,
    /// 投诉人姓名（可匿名）
    #[serde(default)]
    pub name: Option<String>,
    /// 联系电话
    #[serde(default)]
    pub phone: Option<String>,
    /// 通信地址
    #[serde(default)]
    pub address: Option<String>,
    /// the date it was received, when staff register a letter or a work order received earlier
    /// (YYYY-MM-DD; today when empty; never in the future)
    #[serde(default)]
    pub received_on: Option<String>,
}

/// A checked complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintDraft {
    /// channel
    pub channel: Channel,
    /// 12345 工单号
    pub hotline_order: Option<String>,
    /// category
    pub category: Category,
    /// the body named
    pub body_id: Option<i64>,
    /// 标题
    pub subject: String,
    /// content
    pub content: String,
    /// 发生日期
    pub happened_on: Option<NaiveDate>,
    /// 地点
    pub place: Option<String>,
    /// 相关文号
    pub document_number: Option<String>,
    /// complainant's name (None: anonymous)
    pub name: Option<String>,
    /// phone
    pub phone: Option<String>,
    /// address
    pub address: Option<String>,
    /// 收到日期
    pub received_on: NaiveDate,
}

impl ComplaintInput {
    /// Checks the form against `today`; each problem names its field.
    pub fn validate(&self, today: NaiveDate) -> Result<ComplaintDraft, Invalid> {
        let mut inv = Invalid::default();
        let channel = Channel::parse(&self.channel).map_err(|e| inv.push("channel", e)).ok();
        let category = Category::parse(&self.category).map_err(|e| inv.push("category", e)).ok();
        let hotline_order = optional_text(&mut inv, "hotline_order", "12345工单号", self.hotline_order.as_deref(), 40);
        if channel == Some(Channel::Hotline) && hotline_order.is_none() {
            inv.push("hotline_order", "12345热线工单须填写工单号");
        }
        let subject = required_text(&mut inv, "subject", "标题", &self.subject, 50);
        let content = required_text(&mut inv, "content", "投诉请求、事实和理由", &self.content, 5000);
        if !content.is_empty() && content.chars().count() < 10 {
            inv.push("content", "请写明投诉请求、事实和理由（至少10个字）");
        }
        let mut date = |field: &str, label: &str, v: Option<&str>| -> Option<NaiveDate> {
            let v = v.map(str::trim).filter(|s| !s.is_empty())?;
            match crate::time::parse_date(v) {
                Ok(d) if d > today => {
                    inv.push(field, format!("{label}不能晚于今天"));
                    None
                }
                Ok(d) if d < today - chrono::Duration::days(3650) => {
                    inv.push(field, format!("{label}不能早于十年前"));
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    inv.push(field, format!("{label}：{e}"));
                    None
                }
            }
        };
        let happened_on = date("happened_on", "发生日期", self.happened_on.as_deref());
        let received_on = date("received_on", "收到日期", self.received_on.as_deref()).unwrap_or(today);
        let place = optional_text(&mut inv, "place", "发生地点", self.place.as_deref(), 200);
        let document_number =
            optional_text(&mut inv, "document_number", "相关文书文号", self.document_number.as_deref(), 60);
        let name = optional_text(&mut inv, "name", "姓名", self.name.as_deref(), 50);
        let phone = match self.phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(p) => crate::ids::parse_phone(p).map_err(|e| inv.push("phone", e)).ok(),
            None => None,
        };
        let address = optional_text(&mut inv, "address", "通信地址", self.address.as_deref(), 200);
        if let Some(b) = self.body_id
            && b <= 0
        {
            inv.push("body_id", "被投诉单位无效");
        }
        inv.into_result(())?;
        Ok(ComplaintDraft {
            channel: channel.expect("checked"),
            hotline_order,
            category: category.expect("checked"),
            body_id: self.body_id,
            subject,
            content,
            happened_on,
            place,
            document_number,
            name,
            phone,
            address,
            received_on,
        })
    }
}

/// An act on a complaint as its form fills it in (the act is in the route).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplaintActInput {
    /// `assign`: the body it is routed to
    #[serde(default)]
    pub body_id: Option<i64>,
    /// 意见、理由或处理意见（异议、不予受理、延期、办结、复查和复核意见必填）
    #[serde(default)]
    pub note: Option<String>,
    /// `extend`: days added (at most the district's limit, and 30)
    #[serde(default)]
    pub days: Option<u32>,
    /// `conclude`, `review`, `recheck`: `substantiated`, `partly` or `unfounded`
    #[serde(default)]
    pub finding: Option<String>,
    /// `conclude`: 处理依据 (laws and articles)
    #[serde(default)]
    pub basis: Option<String>,
    /// `conclude`: the case the complaint concerns
    #[serde(default)]
    pub case_id: Option<i64>,
    /// `conclude`: the officer the complaint concerns
    #[serde(default)]
    pub officer_id: Option<i64>,
    /// `answer`: `written`, `sms`, `phone` or `portal`
    #[serde(default)]
    pub method: Option<String>,
    /// `ask_review`, `ask_recheck`, `answer`: the day it happened (today when empty)
    #[serde(default)]
    pub on: Option<String>,
}

/// A checked act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAct {
    /// the act
    pub act: ComplaintAct,
    /// the body routed to
    pub body_id: Option<i64>,
    /// the note
    pub note: Option<String>,
    /// days of an extension
    pub days: Option<u32>,
    /// finding
    pub finding: Option<Finding>,
    /// basis
    pub basis: Option<String>,
    /// case
    pub case_id: Option<i64>,
    /// officer
    pub officer_id: Option<i64>,
    /// answer method
    pub method: Option<AnswerMethod>,
    /// the day it happened
    pub on: NaiveDate,
}

impl ComplaintActInput {
    /// Checks the form of `act` against `today` and the district's limits.
    pub fn validate(&self, act: ComplaintAct, today: NaiveDate, t: &Thresholds) -> Result<CheckedAct, Invalid> {
        use ComplaintAct as A;
        let mut inv = Invalid::default();
        let note = optional_text(&mut inv, "note", "意见", self.note.as_deref(), 5000);
        let needs_note = matches!(act, A::Object | A::Refuse | A::Extend | A::Conclude | A::Review | A::Recheck);
        if needs_note && note.is_none() {
            inv.push(
                "note",
                match act {
                    A::Object => "提出异议须详细说明理由（第二十三条第三款）",
                    A::Refuse => "不予受理须说明理由",
                    A::Extend => "延期须写明理由，并将告知投诉人（第三十四条）",
                    A::Conclude => "办结须写明处理意见：投诉请求、事实和理由、处理意见（第三十二条）",
                    _ => "请写明意见",
                },
            );
        }
        if act == A::Assign && self.body_id.is_none() {
            inv.push("body_id", "请选择承办的执法主体");
        }
        let days = if act == A::Extend {
            let max = t.complaint_extend_days.min(statute::EXTEND_DAYS);
            match self.days {
                Some(d) if (1..=max).contains(&d) => Some(d),
                _ => {
                    inv.push("days", format!("延长期限须为1至{max}日"));
                    None
                }
            }
        } else {
            None
        };
        let finding = if matches!(act, A::Conclude | A::Review | A::Recheck) {
            match self.finding.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(f) => Finding::parse(f).map_err(|e| inv.push("finding", e)).ok(),
                None => {
                    inv.push("finding", "请选择核实结论：属实、部分属实或不属实");
                    None
                }
            }
        } else {
            None
        };
        let basis = optional_text(&mut inv, "basis", "处理依据", self.basis.as_deref(), 1000);
        if act == A::Conclude && basis.is_none() {
            inv.push("basis", "办结须写明处理意见的法律法规依据（第三十二条）");
        }
        let method = if act == A::Answer {
            match self.method.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(m) => AnswerMethod::parse(m).map_err(|e| inv.push("method", e)).ok(),
                None => {
                    inv.push("method", "请选择答复方式");
                    None
                }
            }
        } else {
            None
        };
        let on = match self.on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => match crate::time::parse_date(s) {
                Ok(d) if d > today => {
                    inv.push("on", "日期不能晚于今天");
                    today
                }
                Ok(d) => d,
                Err(e) => {
                    inv.push("on", e);
                    today
                }
            },
            None => today,
        };
        inv.into_result(())?;
        Ok(CheckedAct {
            act,
            body_id: self.body_id.filter(|_| act == A::Assign),
            note,
            days,
            finding,
            basis: basis.filter(|_| act == A::Conclude),
            case_id: self.case_id.filter(|_| act == A::Conclude),
            officer_id: self.officer_id.filter(|_| act == A::Conclude),
            method,
            on,
        })
    }
}

/// What may be done next, from where a complaint stands (the store refuses anything else).
pub fn next_acts(status: ComplaintStatus) -> &'static [ComplaintAct] {
    use ComplaintAct as A;
    use ComplaintStatus as S;
    match status {
        S::Received => &[A::Assign],
        S::Assigned => &[A::Accept, A::Refuse, A::Object],
        S::Accepted => &[A::Extend, A::Conclude],
        S::Refused | S::Concluded => &[A::Answer],
        S::Answered => &[A::AskReview],
        S::Reviewing => &[A::Review],
        S::Reviewed => &[A::AskRecheck],
        S::Rechecking => &[A::Recheck],
        S::Rechecked => &[],
    }
}

/// The status an act leads to.
pub fn status_after(act: ComplaintAct, before: ComplaintStatus) -> ComplaintStatus {
    use ComplaintAct as A;
    use ComplaintStatus as S;
    match act {
        A::Register => S::Received,
        A::Assign => S::Assigned,
        A::Object => S::Received,
        A::Accept => S::Accepted,
        A::Refuse => S::Refused,
        A::Extend => before,
        A::Conclude => S::Concluded,
        A::Answer => S::Answered,
        A::AskReview => S::Reviewing,
        A::Review => S::Reviewed,
        A::AskRecheck => S::Rechecking,
        A::Recheck => S::Rechecked,
    }
}

/// The time limit an act meets, by the stage names of `deadlines`.
pub fn stage_of(act: ComplaintAct) -> Option<&'static str> {
    use ComplaintAct as A;
    match act {
        A::Assign => Some("route"),
        A::Accept | A::Refuse => Some("accept"),
        A::Conclude => Some("conclude"),
        A::Answer => Some("answer"),
        A::Review => Some("review"),
        A::Recheck => Some("recheck"),
        _ => None,
    }
}

/// Who does an act: the justice bureau (routing, 复查 and 复核 for the level above), the body
/// the complaint is routed to, or its head alone (an extension needs the head's approval).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// the bureau
    Bureau,
    /// the handling body's head or administrator
    Body,
    /// the handling body's head
    Head,
    /// the bureau, or the complainant with the tracking code
    BureauOrComplainant,
}

/// Who may do `act`.
pub fn actor_of(act: ComplaintAct) -> Actor {
    use ComplaintAct as A;
    match act {
        A::Register | A::Assign | A::Review | A::Recheck => Actor::Bureau,
        A::Object | A::Accept | A::Refuse | A::Conclude | A::Answer => Actor::Body,
        A::Extend => Actor::Head,
        A::AskReview | A::AskRecheck => Actor::BureauOrComplainant,
    }
}

/// The dates of a complaint's acts, as the deadlines read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintDates {
    /// the channel
    pub channel: Option<Channel>,
    /// 收到
    pub received_on: Option<NaiveDate>,
    /// 提出异议 (the bureau routes it again from this day)
    pub objected_on: Option<NaiveDate>,
    /// 分派 (the latest, after an objection)
    pub assigned_on: Option<NaiveDate>,
    /// 受理
    pub accepted_on: Option<NaiveDate>,
    /// 不予受理
    pub refused_on: Option<NaiveDate>,
    /// days of the extension
    pub extension_days: Option<u32>,
    /// 办结
    pub concluded_on: Option<NaiveDate>,
    /// 答复
    pub answered_on: Option<NaiveDate>,
    /// 请求复查
    pub review_asked_on: Option<NaiveDate>,
    /// 复查意见
    pub reviewed_on: Option<NaiveDate>,
    /// 请求复核
    pub recheck_asked_on: Option<NaiveDate>,
    /// 复核意见
    pub rechecked_on: Option<NaiveDate>,
}

/// One time limit of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ComplaintDeadline {
    /// `route`, `accept`, `conclude`, `answer`, `review`, `recheck`
    pub stage: &'static str,
    /// 环节
    pub what: &'static str,
    /// the day it ends: the earlier of the statute's and the district's
    pub due: NaiveDate,
    /// the end runs into a year whose holiday schedule is not yet published: counted with
    /// weekends only, and it may move when the schedule is imported
    pub provisional: bool,
    /// the statute's own end, when the statute sets one
    pub statutory_due: Option<NaiveDate>,
    /// the day it was done
    pub done_on: Option<NaiveDate>,
    /// the limit, as a person reads it
    pub limit: String,
    /// its basis
    pub basis: &'static str,
}

impl ComplaintDeadline {
    /// Done in time, or not yet due on `today`.
    pub fn kept(&self, today: NaiveDate) -> bool {
        self.done_on.unwrap_or(today) <= self.due
    }
    /// Past the statute's own end on `today` (or when done).
    pub fn statute_broken(&self, today: NaiveDate) -> bool {
        self.statutory_due.is_some_and(|d| self.done_on.unwrap_or(today) > d)
    }
}

/// The end of a period, and whether it is provisional: where the schedule of a year is not
/// yet published, its weekends are taken as its only rest days (and a calendar-day period is
/// not moved off a rest day), to be corrected when the schedule is imported.
fn end(cal: &Calendar, from: NaiveDate, n: u32, kind: PeriodKind) -> Option<(NaiveDate, bool)> {
    if let Ok(p) = cal.period(from, n, kind) {
        return Some((p.end, false));
    }
    let working = |d: NaiveDate| {
        cal.is_working_day(d)
            .unwrap_or(!matches!(chrono::Datelike::weekday(&d), chrono::Weekday::Sat | chrono::Weekday::Sun))
    };
    let mut d = from;
    match kind {
        PeriodKind::Working => {
            let mut left = n;
            while left > 0 {
                d = d.succ_opt()?;
                if working(d) {
                    left -= 1;
                }
            }
        }
        PeriodKind::Calendar | PeriodKind::CalendarFixed => d = d.checked_add_days(chrono::Days::new(u64::from(n)))?,
    }
    Some((d, true))
}

type End = Option<(NaiveDate, bool)>;

fn earlier(a: End, b: End) -> End {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The time limits of a complaint that have started, with their ends on the official calendar
/// (a calendar-day period ending on a rest day runs to the next working day). A period whose
/// end falls in a year whose schedule is not yet published is marked provisional.
pub fn deadlines(d: &ComplaintDates, t: &Thresholds, cal: &Calendar) -> Vec<ComplaintDeadline> {
    use PeriodKind::{Calendar as Days, Working};
    let mut out = Vec::new();
    let mut push = |stage, what, local: End, statutory: End, done_on, limit, basis| {
        if let Some((due, provisional)) = earlier(local, statutory) {
            let statutory_due = statutory.map(|s| s.0);
            out.push(ComplaintDeadline { stage, what, due, provisional, statutory_due, done_on, limit, basis });
        }
    };
    let Some(received) = d.received_on else { return out };
    // Routing: the bureau's, from receipt, or again from a body's objection.
    let from = d.objected_on.unwrap_or(received);
    push(
        "route",
        "登记分派",
        end(cal, from, t.complaint_route_working_days, Working),
        end(cal, from, statute::ROUTE_DAYS, Days),
        d.assigned_on,
        format!("收到之日起{}个工作日内（法定15日）", t.complaint_route_working_days),
        "《信访工作条例》第二十二条；本区投诉处理时限",
    );
    if let Some(assigned) = d.assigned_on {
        push(
            "accept",
            "决定是否受理并告知",
            end(cal, assigned, t.complaint_accept_working_days, Working),
            end(cal, assigned, statute::ACCEPT_DAYS, Days),
            d.accepted_on.or(d.refused_on),
            format!("收到分派之日起{}个工作日内（法定15日）", t.complaint_accept_working_days),
            "《信访工作条例》第二十三条；本区投诉处理时限",
        );
    }
    if let Some(accepted) = d.accepted_on {
        let ext = d.extension_days.unwrap_or(0);
        let mut local = end(cal, accepted, t.complaint_conclude_days + ext, Days);
        let mut limit = format!("受理之日起{}日内（法定60日）", t.complaint_conclude_days);
        if d.channel == Some(Channel::Hotline) {
            // A 12345 work order takes the shorter of its own limit and the others.
            let order = end(cal, received, t.hotline_working_days, Working)
                .and_then(|(e, p)| end(cal, e, ext, PeriodKind::CalendarFixed).map(|(e, q)| (e, p || q)));
            local = earlier(local, order);
            limit.push_str(&format!("；12345工单收到之日起{}个工作日内", t.hotline_working_days));
        }
        if ext > 0 {
            limit.push_str(&format!("；经批准延长{ext}日"));
        }
        push(
            "conclude",
            "办结",
            local,
            end(cal, accepted, statute::CONCLUDE_DAYS + ext, Days),
            d.concluded_on,
            limit,
            "《信访工作条例》第三十四条；本区投诉处理时限",
        );
    }
    if let Some(done) = d.concluded_on.or(d.refused_on) {
        push(
            "answer",
            "答复投诉人",
            end(cal, done, t.complaint_answer_days, Days),
            None,
            d.answered_on,
            format!("办结或决定不予受理之日起{}日内", t.complaint_answer_days),
            "本区投诉处理时限",
        );
    }
    if let Some(asked) = d.review_asked_on {
        push(
            "review",
            "复查意见",
            None,
            end(cal, asked, statute::ANSWER_DAYS, Days),
            d.reviewed_on,
            "收到复查请求之日起30日内".into(),
            "《信访工作条例》第三十五条",
        );
    }
    if let Some(asked) = d.recheck_asked_on {
        push(
            "recheck",
            "复核意见",
            None,
            end(cal, asked, statute::ANSWER_DAYS, Days),
            d.rechecked_on,
            "收到复核请求之日起30日内".into(),
            "《信访工作条例》第三十六条",
        );
    }
    out
}

/// The name of a stored finding code (`None` when absent or unknown).
pub fn finding_label(code: Option<&str>) -> Option<&'static str> {
    code.and_then(|f| Finding::parse(f).ok()).map(Finding::label)
}

/// The last day to ask for 复查 after the reply of `replied_on`, or for 复核 after the 复查
/// opinion: 30 days (第三十五条、第三十六条), moved off a rest day; while the schedule of its year
/// is unpublished, the plain thirtieth day (the period can only grow).
pub fn ask_until(cal: &Calendar, replied_on: NaiveDate) -> NaiveDate {
    end(cal, replied_on, statute::ASK_DAYS, PeriodKind::Calendar).map_or(replied_on, |(d, _)| d)
}

/// Whether 复查 (after the reply of `replied_on`) or 复核 (after the 复查 opinion) may still
/// be asked on `on`: within 30 days (第三十五条、第三十六条), the end moved off rest days.
pub fn may_ask(cal: &Calendar, replied_on: NaiveDate, on: NaiveDate) -> bool {
    cal.within(replied_on, statute::ASK_DAYS, PeriodKind::Calendar, on).unwrap_or(true)
}

/// Whether an objection on `on` to a routing of `assigned_on` is in time (第二十三条第三款).
pub fn may_object(cal: &Calendar, assigned_on: NaiveDate, on: NaiveDate) -> bool {
    cal.within(assigned_on, statute::OBJECT_WORKING_DAYS, PeriodKind::Working, on).unwrap_or(true)
}

/// A complaint as W19 sees it.
#[derive(Debug, Clone)]
pub struct ComplaintRecord<'a> {
    /// id
    pub id: i64,
    /// the handling body, or the bureau while unrouted
    pub body_id: i64,
    /// the case it concerns
    pub case_id: Option<i64>,
    /// the officer it concerns
    pub officer_id: Option<i64>,
    /// its tracking code
    pub code: &'a str,
    /// its dates
    pub dates: ComplaintDates,
}

/// W19: each time limit of a complaint passed with its act not done — red once the statute's
/// own limit has passed, yellow while only the district's shorter one has. The clue closes
/// when the act is done.
pub fn complaint_hits(c: &ComplaintRecord, t: &Thresholds, cal: &Calendar, today: NaiveDate) -> Vec<Hit> {
    deadlines(&c.dates, t, cal)
        .into_iter()
        .filter(|d| d.done_on.is_none() && !d.provisional && today > d.due)
        .map(|d| {
            let red = d.statute_broken(today);
            Hit {
                rule: known("W19"),
                key: d.stage.into(),
                severity: if red { Severity::Red } else { Severity::Yellow },
                body_id: c.body_id,
                case_id: c.case_id,
                officer_id: c.officer_id,
                summary: format!(
                    "投诉举报（查询码尾号{}）“{}”期限{}已过{}",
                    &c.code[c.code.len().saturating_sub(4)..],
                    d.what,
                    d.due,
                    if red { "，已超过法定时限" } else { "（本区时限）" }
                ),
                inputs: BTreeMap::from([
                    ("stage", d.stage.to_string()),
                    ("due", d.due.to_string()),
                    ("statutory", if red { "broken" } else { "kept" }.to_string()),
                ]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn record(dates: ComplaintDates) -> ComplaintRecord<'static> {
        ComplaintRecord { id: 1, body_id: 2, case_id: None, officer_id: None, code: "ABCD-EFGH-JKMN-PQRS", dates }
    }

    #[test]
    fn tracking_codes_are_sixteen_unambiguous_characters_read_back_forgivingly() {
        let c = tracking_code([0xff; 10]);
        assert_eq!(c, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(tracking_code([0; 10]), "0000-0000-0000-0000");
        let c = tracking_code([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(normalize_tracking_code(&c.to_lowercase().replace('-', " ")), Some(c.clone()));
        assert_eq!(normalize_tracking_code("oooo-iiii-llll-0000"), Some("0000-1111-1111-0000".into()));
        assert_eq!(normalize_tracking_code("ABCD-EFGH-JKMN-PQR"), None);
        assert_eq!(normalize_tracking_code("ABCD-EFGH-JKMN-PQRU"), None, "U is not in the alphabet");
        assert_eq!(normalize_tracking_code("'; DROP TABLE"), None);
    }

    /// 《信访工作条例》第二十二条: routed within 15 days; the district's 2 working days come first.
    #[test]
    fn art_22_routing_takes_the_district_limit_and_the_statute_bounds_it() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        // Received on Wednesday 30 September 2026, the eve of the National Day holiday: the two
        // working days run past it, and the statute's 15 days end on Thursday 15 October.
        let dates = ComplaintDates { received_on: Some(d("2026-09-30")), ..Default::default() };
        let dl = deadlines(&dates, &t, cal);
        let route = &dl[0];
        assert_eq!(route.stage, "route");
        assert_eq!(route.due, cal.add_working_days(d("2026-09-30"), 2).unwrap());
        assert_eq!(route.statutory_due, Some(d("2026-10-15")));
        // At the due day it is in time; the day after, W19 (yellow: the statute still holds).
        let rec = record(dates.clone());
        assert!(complaint_hits(&rec, &t, cal, route.due).is_empty());
        let h = complaint_hits(&rec, &t, cal, route.due.succ_opt().unwrap());
        assert_eq!((h[0].rule.id, h[0].severity, h[0].key.as_str()), ("W19", Severity::Yellow, "route"));
        // Past the statute's 15 days, red.
        let h = complaint_hits(&rec, &t, cal, d("2026-10-16"));
        assert_eq!(h[0].severity, Severity::Red);
        // Routed: the clue ends.
        let routed = record(ComplaintDates { assigned_on: Some(d("2026-10-16")), ..dates });
        assert!(complaint_hits(&routed, &t, cal, d("2026-10-16")).iter().all(|h| h.key != "route"));
    }

    #[test]
    fn a_calendar_period_ending_on_a_holiday_runs_to_the_next_working_day() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        // Accepted on 1 September 2026: 30 days end on 1 October, in the National Day holiday
        // (1-7 October), so the conclusion is due on the first working day after it.
        let dates = ComplaintDates {
            received_on: Some(d("2026-08-28")),
            assigned_on: Some(d("2026-08-31")),
            accepted_on: Some(d("2026-09-01")),
            ..Default::default()
        };
        let c = deadlines(&dates, &t, cal).into_iter().find(|x| x.stage == "conclude").unwrap();
        let mut first = d("2026-10-01");
        while !cal.is_working_day(first).unwrap() {
            first = first.succ_opt().unwrap();
        }
        assert_eq!(c.due, first);
        assert_eq!(c.statutory_due, Some(cal.add_calendar_days(d("2026-09-01"), 60).unwrap()));
        let rec = record(dates);
        assert!(complaint_hits(&rec, &t, cal, d("2026-10-05")).is_empty(), "a holiday is not late");
        assert_eq!(complaint_hits(&rec, &t, cal, first.succ_opt().unwrap())[0].key, "conclude");
    }

    /// 《信访工作条例》第三十四条: 60 days from acceptance, at most 30 more with the head's approval.
    #[test]
    fn art_34_an_extension_adds_its_days_to_both_limits() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        let base = ComplaintDates {
            received_on: Some(d("2026-03-02")),
            assigned_on: Some(d("2026-03-02")),
            accepted_on: Some(d("2026-03-03")),
            ..Default::default()
        };
        let plain = deadlines(&base, &t, cal).into_iter().find(|x| x.stage == "conclude").unwrap();
        let ext = ComplaintDates { extension_days: Some(20), ..base };
        let longer = deadlines(&ext, &t, cal).into_iter().find(|x| x.stage == "conclude").unwrap();
        assert_eq!(longer.due, cal.add_calendar_days(d("2026-03-03"), 50).unwrap());
        assert!(longer.due > plain.due && longer.limit.contains("延长20日"));
        assert_eq!(longer.statutory_due, Some(cal.add_calendar_days(d("2026-03-03"), 80).unwrap()));
        // The form refuses more than the district allows, and more than the statute's 30.
        let too_long = ComplaintActInput { days: Some(21), note: Some("案情复杂".into()), ..Default::default() };
        assert_eq!(too_long.validate(ComplaintAct::Extend, d("2026-03-10"), &t).unwrap_err().errors[0].field, "days");
        let wide = Thresholds { complaint_extend_days: 45, ..Thresholds::default() };
        assert!(wide.validate().is_err(), "a district cannot allow more than the statute");
    }

    #[test]
    fn a_hotline_work_order_takes_the_shorter_limit() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        let dates = ComplaintDates {
            channel: Some(Channel::Hotline),
            received_on: Some(d("2026-06-01")),
            assigned_on: Some(d("2026-06-02")),
            accepted_on: Some(d("2026-06-03")),
            ..Default::default()
        };
        let c = deadlines(&dates, &t, cal).into_iter().find(|x| x.stage == "conclude").unwrap();
        assert_eq!(c.due, cal.add_working_days(d("2026-06-01"), 13).unwrap());
        assert!(c.limit.contains("12345"));
        let letter = ComplaintDates { channel: Some(Channel::Letter), ..dates };
        let c2 = deadlines(&letter, &t, cal).into_iter().find(|x| x.stage == "conclude").unwrap();
        assert!(c2.due > c.due);
    }

    /// 《信访工作条例》第三十五条、《信访工作条例》第三十六条: 复查 and 复核 asked within 30 days and answered
    /// within 30; 《信访工作条例》第二十三条: an objection within 5 working days of receipt.
    #[test]
    fn arts_35_36_review_is_answered_in_thirty_days_and_asked_within_thirty() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        let dates = ComplaintDates {
            received_on: Some(d("2026-03-02")),
            assigned_on: Some(d("2026-03-02")),
            accepted_on: Some(d("2026-03-03")),
            concluded_on: Some(d("2026-03-20")),
            answered_on: Some(d("2026-03-23")),
            review_asked_on: Some(d("2026-04-10")),
            ..Default::default()
        };
        let r = deadlines(&dates, &t, cal).into_iter().find(|x| x.stage == "review").unwrap();
        assert_eq!(r.due, cal.add_calendar_days(d("2026-04-10"), 30).unwrap());
        assert!(complaint_hits(&record(dates.clone()), &t, cal, r.due).is_empty());
        assert_eq!(complaint_hits(&record(dates), &t, cal, r.due.succ_opt().unwrap())[0].severity, Severity::Red);
        // Thirty days after Monday 23 March is Wednesday 22 April.
        assert!(may_ask(cal, d("2026-03-23"), d("2026-04-22")));
        assert_eq!(ask_until(cal, d("2026-03-23")), d("2026-04-22"));
        assert!(!may_ask(cal, d("2026-03-23"), d("2026-04-23")));
        // Five working days after Friday 13 November 2026 is Friday 20 November.
        assert!(may_object(cal, d("2026-11-13"), d("2026-11-20")));
        assert!(!may_object(cal, d("2026-11-13"), d("2026-11-23")));
    }

    #[test]
    fn the_answer_is_due_seven_days_after_the_conclusion_and_only_the_district_sets_it() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        let dates = ComplaintDates {
            received_on: Some(d("2026-03-02")),
            assigned_on: Some(d("2026-03-02")),
            refused_on: Some(d("2026-03-04")),
            ..Default::default()
        };
        let a = deadlines(&dates, &t, cal).into_iter().find(|x| x.stage == "answer").unwrap();
        assert_eq!(a.statutory_due, None);
        let h = complaint_hits(&record(dates), &t, cal, a.due.succ_opt().unwrap());
        assert_eq!((h[0].key.as_str(), h[0].severity), ("answer", Severity::Yellow));
    }

    #[test]
    fn a_period_into_an_unpublished_year_is_provisional_and_raises_nothing() {
        let cal = Calendar::official();
        let t = Thresholds::default();
        let last = *cal.years().last().unwrap();
        let start = NaiveDate::from_ymd_opt(last, 12, 20).unwrap();
        let dates = ComplaintDates {
            received_on: Some(start),
            assigned_on: Some(start),
            accepted_on: Some(start),
            ..Default::default()
        };
        let c = deadlines(&dates, &t, cal).into_iter().find(|x| x.stage == "conclude").unwrap();
        assert!(c.provisional);
        assert_eq!(c.due, start + chrono::Duration::days(30));
        assert!(complaint_hits(&record(dates), &t, cal, c.due + chrono::Duration::days(1)).is_empty());
    }

    #[test]
    fn forms_name_their_fields() {
        let today = d("2026-12-07");
        let bad = ComplaintInput {
            channel: "fax".into(),
            category: "x".into(),
            phone: Some("123".into()),
            happened_on: Some("2027-01-01".into()),
            ..Default::default()
        };
        let fields: Vec<String> = bad.validate(today).unwrap_err().errors.iter().map(|f| f.field.clone()).collect();
        for f in ["channel", "category", "subject", "content", "phone", "happened_on"] {
            assert!(fields.contains(&f.to_string()), "{f}: {fields:?}");
        }
        let hotline = ComplaintInput {
            channel: "hotline".into(),
            category: "penalty".into(),
            subject: "罚款".into(),
            content: "对罚款决定有异议，请求复核处罚依据和金额".into(),
            ..Default::default()
        };
        assert_eq!(hotline.validate(today).unwrap_err().errors[0].field, "hotline_order");
        let ok = ComplaintInput { channel: "portal".into(), ..hotline };
        let draft = ok.validate(today).unwrap();
        assert_eq!((draft.received_on, draft.name.clone()), (today, None), "anonymous is allowed");
        let t = Thresholds::default();
        for (act, field) in [
            (ComplaintAct::Refuse, "note"),
            (ComplaintAct::Assign, "body_id"),
            (ComplaintAct::Conclude, "finding"),
            (ComplaintAct::Answer, "method"),
        ] {
            let e = ComplaintActInput::default().validate(act, today, &t).unwrap_err();
            assert!(e.errors.iter().any(|f| f.field == field), "{act:?}: {e:?}");
        }
        assert!(ComplaintActInput::default().validate(ComplaintAct::Accept, today, &t).is_ok());
    }

    #[test]
    fn the_flow_allows_only_the_next_acts() {
        use ComplaintAct as A;
        use ComplaintStatus as S;
        assert_eq!(next_acts(S::Received), &[A::Assign]);
        assert!(next_acts(S::Assigned).contains(&A::Object));
        assert_eq!(status_after(A::Object, S::Assigned), S::Received);
        assert_eq!(status_after(A::Extend, S::Accepted), S::Accepted);
        assert!(next_acts(S::Rechecked).is_empty());
        for s in ComplaintStatus::ALL {
            for a in next_acts(*s) {
                assert_ne!(*a, A::Register);
            }
        }
    }
}
