//! 行政执法公示 rules on dates and on what is published, free of I/O: the publication deadline of
//! a decision (seed §二(三)3, 国办发〔2018〕118号: 行政许可 and 行政处罚 within 7 working days, other
//! decisions within 20, a body may only shorten them), the withdrawal deadline (3 working days,
//! 《市场监督管理行政处罚信息公示规定》第十一条), when a publication leaves the public view (第十三条)
//! and which decisions are not published at all (第二条第二款; seed §二(三); 政府信息公开条例 art. 15).

use crate::calendar::{Calendar, PeriodKind};
use crate::case::rules::Refusal;
use crate::case::{CaseKind, Party, PartyKind, PenaltyKind, StepData, StepKind};
use crate::redact::{Context, Kind};
use crate::registry::coded_enum;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// The rule of the publication deadlines.
pub const DEADLINE_RULE: &str = "实施方案§二(三)3（国办发〔2018〕118号）";
/// The rule of withdrawal.
pub const WITHDRAWAL_RULE: &str = "《市场监督管理行政处罚信息公示规定》第十一条";
/// The rule of the publication period.
pub const PERIOD_RULE: &str = "《市场监督管理行政处罚信息公示规定》第十三条";

crate::registry::coded_enum!(
    /// Where the publication of a decision stands.
    PublicationStatus, "公开状态" {
    /// 待公开
    Pending = "pending" / "待公开",
    /// 不予公开
    Excluded = "excluded" / "不予公开",
    /// 已公开
    Published = "published" / "已公开",
    /// 已撤回
    Withdrawn = "withdrawn" / "已撤回",
});

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
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Category::Licensing => "licensing",
            Category::Penalty => "penalty",
            Category::Other => "other",
        }
    }
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Category::Licensing => "行政许可",
            Category::Penalty => "行政处罚",
            Category::Other => "其他行政执法决定",
        }
    }
    /// Parses a stored code.
    pub fn parse(s: &str) -> Result<Self, String> {
        [Category::Licensing, Category::Penalty, Category::Other]
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or_else(|| format!("未知公开类别“{s}”"))
    }
    /// The statutory deadline in working days.
    pub fn working_days(self) -> u32 {
        match self {
            Category::Licensing | Category::Penalty => 7,
            Category::Other => 20,
        }
    }
}

/// A category is written as its stored code.
impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A stored category read back (storage decodes its column through this).
impl TryFrom<String> for Category {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
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
        STATE_SECRET
    } else if x.privacy {
        PRIVACY
    } else {
        return Ok(());
    };
    Err(Refusal::new("publication", rule, why))
}

coded_enum!(
    /// How a published decision changed (第十一条), which makes its publication be withdrawn.
    ChangeGround, "撤回事由" {
    /// 变更
    Changed = "changed" / "变更",
    /// 撤销
    Revoked = "revoked" / "撤销",
    /// 确认违法
    Unlawful = "unlawful" / "确认违法",
    /// 确认无效
    Void = "void" / "确认无效",
});

coded_enum!(
    /// Who changed the decision.
    ChangeBy, "作出机关" {
    /// 行政复议决定
    Reconsideration = "reconsideration" / "行政复议决定",
    /// 人民法院裁判
    Litigation = "litigation" / "人民法院生效裁判",
    /// 本机关自行纠正
    Body = "body" / "本机关自行纠正",
});

coded_enum!(
    /// Why a publisher keeps a decision from publication (the automatic grounds — warning only,
    /// minors, simple procedure — are found by [`task_for`]).
    Withheld, "不予公开理由" {
    /// 涉及国家秘密
    StateSecret = "state_secret" / "涉及国家秘密",
    /// 涉及个人隐私或者商业秘密
    Privacy = "privacy" / "涉及个人隐私或者商业秘密",
});

impl Withheld {
    /// The rule and its wording.
    pub fn refusal(self) -> Refusal {
        let (rule, why) = match self {
            Withheld::StateSecret => STATE_SECRET,
            Withheld::Privacy => PRIVACY,
        };
        Refusal::new("publication", rule, why)
    }
}

/// 涉及国家秘密的不予公开.
const STATE_SECRET: (&str, &str) = ("《中华人民共和国政府信息公开条例》第十四条", "涉及国家秘密，不予公开");
/// 涉及个人隐私或商业秘密的不予公开.
const PRIVACY: (&str, &str) = ("《中华人民共和国政府信息公开条例》第十五条", "涉及个人隐私或者商业秘密，不予公开");

/// The decisions that are published: which recorded step starts a publication task, and under
/// which category (seed §二(三)3: 行政许可、行政处罚 and the other enforcement decisions —
/// compulsory measures and enforcement, expropriation, inspection results).
pub fn category_of(step: StepKind) -> Option<Category> {
    use StepKind as S;
    match step {
        S::Decide | S::OnsiteDecision => Some(Category::Penalty),
        S::LicenceDecision => Some(Category::Licensing),
        S::ApplyMeasure | S::EnforcementDecision | S::CompensationDecision | S::InspectionResult => {
            Some(Category::Other)
        }
        _ => None,
    }
}

/// The kinds of penalty a decision imposed, as codes joined by commas (`warning,fine`), for
/// the public filter by 处罚种类; `None` for a decision without a penalty.
pub fn penalty_codes(data: &StepData) -> Option<String> {
    let p = data.penalty.as_ref().filter(|p| !p.kinds.is_empty())?;
    Some(p.kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(","))
}

/// The highest fine (fen) that counts as a 较低数额罚款 for 第十三条: set by the province
/// (第十三条第二款); the project's default is ¥10,000 for a citizen and ¥100,000 for an
/// organisation.
pub fn low_fine_fen(kind: PartyKind) -> i64 {
    match kind {
        PartyKind::Person => 1_000_000,
        PartyKind::Organisation => 10_000_000,
    }
}

/// A recorded decision, as the publication rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// the case's kind
    pub case_kind: CaseKind,
    /// the decision step's kind
    pub step: StepKind,
    /// what the step recorded
    pub data: &'a StepData,
    /// the case's parties
    pub parties: &'a [Party],
    /// the decision's date (Asia/Shanghai)
    pub decided_on: NaiveDate,
}

/// The publication task a decision starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// its category (and so its deadline)
    pub category: Category,
    /// why it is not published, when it is not (recorded with the task)
    pub excluded: Option<Refusal>,
    /// how long it stays once published
    pub weight: Weight,
}

/// Whether a citizen with identity number `id` was under eighteen on `on` (an identifier
/// without a readable birth date counts as an adult).
pub fn minor_on(id: &str, on: NaiveDate) -> bool {
    let birth = id.get(6..14).and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
    match birth {
        Some(b) => {
            let years = on.year() - b.year() - i32::from((on.month(), on.day()) < (b.month(), b.day()));
            years < 18
        }
        None => false,
    }
}

/// The task a recorded decision starts, or `None` when the step is not a published decision.
pub fn task_for(d: &Decision<'_>) -> Option<Task> {
    let category = category_of(d.step)?;
    let penalty = d.data.penalty.as_ref();
    let kinds = penalty.map(|p| p.kinds.as_slice()).unwrap_or_default();
    let minor = d.parties.iter().any(|p| p.kind == PartyKind::Person && minor_on(&p.id_number, d.decided_on));
    let excluded = if d.step == StepKind::OnsiteDecision || d.case_kind == CaseKind::PenaltySimple {
        Some(Refusal::new(
            "publication",
            "《市场监督管理行政处罚信息公示规定》第二条第一款",
            "适用简易程序当场作出的行政处罚决定不在公示范围（公示适用普通程序作出的行政处罚决定）",
        ))
    } else {
        publishable(Exclusions {
            warning_only: category == Category::Penalty && kinds == [PenaltyKind::Warning],
            minor,
            ..Default::default()
        })
        .err()
    };
    let small = |p: &crate::case::Penalty| {
        let kind = d.parties.first().map_or(PartyKind::Person, |p| p.kind);
        p.fine_fen.is_none_or(|f| f <= low_fine_fen(kind))
    };
    let light = category == Category::Penalty
        && penalty.is_some_and(|p| {
            !p.kinds.is_empty()
                && p.kinds
                    .iter()
                    .all(|k| matches!(k, PenaltyKind::Criticism | PenaltyKind::Fine | PenaltyKind::Warning))
                && small(p)
        });
    Some(Task { category, excluded, weight: Weight { light, restricted_until: None } })
}

/// The 公示摘要 of a decision (第四条: 文号, the party, the violation, the penalty, the body and the
/// date), before redaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// 当事人 (a citizen by name only; an organisation with its credit code and representative)
    pub party: String,
    /// 违法行为类型或事项
    pub subject: String,
    /// 法律依据
    pub legal_basis: String,
    /// 处理结果
    pub conclusion: String,
}

/// The summary of a decision; `subject` is the power-list item's name.
pub fn summary(d: &Decision<'_>, subject: &str) -> Summary {
    let party = d
        .parties
        .iter()
        .map(|p| match p.kind {
            PartyKind::Person => p.name.clone(),
            PartyKind::Organisation => {
                let rep = p
                    .legal_representative
                    .as_deref()
                    .map(|r| format!("，法定代表人（负责人）：{r}"))
                    .unwrap_or_default();
                format!("{}（统一社会信用代码：{}{rep}）", p.name, p.id_number)
            }
        })
        .collect::<Vec<_>>()
        .join("；");
    let legal_basis = d.data.legal_basis.iter().map(crate::registry::LegalRef::display).collect::<Vec<_>>().join("、");
    let conclusion = match (d.data.penalty.as_ref(), d.data.result.as_deref()) {
        (Some(p), _) if !p.kinds.is_empty() => p.describe(),
        (_, Some(r)) => crate::case::result_label(d.step, r),
        _ => d.data.content.clone().unwrap_or_default().chars().take(200).collect(),
    };
    Summary { party, subject: subject.to_string(), legal_basis, conclusion }
}

/// What the redaction engine is told about a decision's case: the parties' names (published per
/// the rule) and their representatives; a citizen party's identity number, address and
/// telephone as private wherever they appear, and every party's telephone; the body's own
/// name, address and telephone as public.
pub fn redaction_context(parties: &[Party], body_public: &[String]) -> Context {
    let mut ctx = Context {
        public: body_public.iter().filter(|s| !s.trim().is_empty()).cloned().collect(),
        ..Default::default()
    };
    for p in parties {
        ctx.party_names.push(p.name.clone());
        if let Some(r) = &p.legal_representative {
            ctx.party_names.push(r.clone());
        }
        if p.kind == PartyKind::Person {
            ctx.private.push((Kind::IdNumber, p.id_number.clone()));
            if let Some(a) = &p.address {
                ctx.private.push((Kind::Address, a.clone()));
            }
        }
        if let Some(ph) = &p.phone {
            ctx.private.push((if ph.starts_with('1') { Kind::Mobile } else { Kind::Landline }, ph.clone()));
        }
    }
    ctx
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

    fn person(name: &str, id: &str) -> Party {
        Party {
            kind: PartyKind::Person,
            name: name.into(),
            id_number: id.into(),
            legal_representative: None,
            address: Some("天津市宝坻区周良街道某某村12号".into()),
            phone: Some("13800138000".into()),
        }
    }

    fn decided(kinds: Vec<PenaltyKind>, fine: Option<i64>) -> StepData {
        StepData {
            penalty: Some(crate::case::Penalty { kinds, fine_fen: fine, confiscation_fen: None }),
            ..Default::default()
        }
    }

    #[test]
    fn penalty_codes_name_each_kind_in_order() {
        let data = decided(vec![PenaltyKind::Warning, PenaltyKind::Fine], Some(20_000));
        assert_eq!(penalty_codes(&data).as_deref(), Some("warning,fine"));
        assert_eq!(penalty_codes(&decided(vec![], None)), None);
        assert_eq!(penalty_codes(&StepData::default()), None);
    }

    #[test]
    fn which_decisions_start_a_task_and_which_are_not_published() {
        let adult = [person("张三", "120224198001011234")];
        let fine = decided(vec![PenaltyKind::Fine], Some(500_000));
        let d = |step, data, parties| Decision {
            case_kind: CaseKind::PenaltyGeneral,
            step,
            data,
            parties,
            decided_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        let t = task_for(&d(StepKind::Decide, &fine, &adult)).unwrap();
        assert_eq!((t.category, t.excluded.is_none(), t.weight.light), (Category::Penalty, true, true));
        // A fine above the low amount stays three years.
        let big = decided(vec![PenaltyKind::Fine], Some(2_000_000));
        assert!(!task_for(&d(StepKind::Decide, &big, &adult)).unwrap().weight.light);
        // 第二条第二款: warning only.
        let warn = decided(vec![PenaltyKind::Warning], None);
        assert!(task_for(&d(StepKind::Decide, &warn, &adult)).unwrap().excluded.unwrap().message.contains("警告"));
        // A party of seventeen on the decision's day: not published; eighteen that day: published.
        let minor = [person("李小", "120224200803031234")];
        assert!(task_for(&d(StepKind::Decide, &fine, &minor)).unwrap().excluded.unwrap().message.contains("未成年人"));
        let adult_today = [person("李小", "120224200803021234")];
        assert!(task_for(&d(StepKind::Decide, &fine, &adult_today)).unwrap().excluded.is_none());
        // 当场处罚 (simple procedure): outside the rule's scope.
        assert!(
            task_for(&d(StepKind::OnsiteDecision, &fine, &adult)).unwrap().excluded.unwrap().rule.contains("第二条")
        );
        // Other decisions: 20 working days; steps that decide nothing start no task.
        let none = StepData::default();
        assert_eq!(task_for(&d(StepKind::EnforcementDecision, &none, &adult)).unwrap().category, Category::Other);
        assert_eq!(task_for(&d(StepKind::LicenceDecision, &none, &adult)).unwrap().category, Category::Licensing);
        assert!(task_for(&d(StepKind::Serve, &none, &adult)).is_none());
        assert!(task_for(&d(StepKind::LegalReview, &none, &adult)).is_none());
    }

    #[test]
    fn art_4_summary_and_the_redaction_context_of_a_decision() {
        let mut org = person("宝坻区某某食品店", "92120224MA05XXXX1X");
        org.kind = PartyKind::Organisation;
        org.legal_representative = Some("王五".into());
        let parties = [person("张三", "120224198001011234"), org];
        let data = decided(vec![PenaltyKind::Fine, PenaltyKind::Confiscation], Some(500_000));
        let dec = Decision {
            case_kind: CaseKind::PenaltyGeneral,
            step: StepKind::Decide,
            data: &data,
            parties: &parties,
            decided_on: d("2026-03-02"),
        };
        let s = summary(&dec, "经营超过保质期的食品");
        assert_eq!(
            s.party,
            "张三；宝坻区某某食品店（统一社会信用代码：92120224MA05XXXX1X，法定代表人（负责人）：王五）"
        );
        assert!(s.conclusion.starts_with("罚款5,000.00元"), "{s:?}");
        let ctx = redaction_context(&parties, &["022-29241234".into()]);
        assert!(ctx.party_names.contains(&"王五".to_string()));
        let r = crate::redact::redact(
            "当事人张三，住所（地址）：天津市宝坻区周良街道某某村12号，身份证号120224198001011234，联系电话13800138000；本机关电话022-29241234。",
            &ctx,
        );
        assert_eq!(
            r.text,
            "当事人张三，住所（地址）：天津市宝坻区***，身份证号******************，联系电话138****8000；本机关电话022-29241234。"
        );
    }
}
