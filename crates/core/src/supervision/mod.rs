//! 执法监督预警: the rules by which the justice bureau's platform raises clues (线索) from the
//! enforcement records themselves (seed §五(一)3, §五(三)2-3), each a versioned rule with its
//! basis cited. A rule looks at one subject (a case with its steps and publications, or an
//! officer with their certificates) and says what it finds: a [`Hit`] with the facts it rests
//! on. Storage keeps one open clue per rule and subject key; a hit whose facts changed replaces
//! the clue, and a subject with no hit for an open clue closes it. No I/O here.

pub mod accounts;
pub mod assessment;
pub mod bodies;
pub mod cases;
pub mod complaints;
pub mod enterprises;
pub mod evaluation;
pub mod officers;
pub mod oversight;
pub mod peers;
pub mod presence;

use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

coded_enum!(
    /// How serious a clue is: 黄 a warning (a limit is near, or a clue for a person to look at),
    /// 红 a violation found in the records.
    Severity, "预警等级" {
    /// 黄色预警
    Yellow = "yellow" / "黄色预警",
    /// 红色预警
    Red = "red" / "红色预警",
});

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Rule {
    /// W01 … W22
    pub id: &'static str,
    /// its version: a change of what it computes is a new version, and the clues it raised
    /// before keep theirs
    pub version: u32,
    /// what it finds
    pub title: &'static str,
    /// how it is computed
    pub computed_as: &'static str,
    /// the article or rule it rests on
    pub basis: &'static str,
    /// whether the platform computes it yet (the others are listed so that the catalogue is
    /// whole and the page says which are not yet live)
    pub live: bool,
}

/// The catalogue (`shared/docs/supervision.md` §2), in order.
pub const RULES: &[Rule] = &[
    Rule {
        id: "W01",
        version: 1,
        title: "案件办理超期",
        computed_as: "一般程序处罚自立案起九十日（中止期间不计，批准延长的顺延），到第六十日、第八十日黄色预警，逾期红色预警；\
                      许可自受理起二十个工作日（延长十日）；查封扣押三十日（延长三十日），其他期限按比例预警",
        basis: "《行政处罚法》第六十条；《行政许可法》第四十二条；《行政强制法》第二十五条",
        live: true,
    },
    Rule {
        id: "W02",
        version: 1,
        title: "决定书送达超期",
        computed_as: "作出处罚决定后七个工作日内未送达，或送达晚于该期限",
        basis: "《行政处罚法》第六十一条、第八十五条",
        live: true,
    },
    Rule {
        id: "W03",
        version: 1,
        title: "执法人员少于两人",
        computed_as: "现场执法记录中持当日有效证件（按证件状态变更的生效日期计）的本机关执法人员少于两人（办案程序在记录时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第四十二条；《行政强制法》第十八条",
        live: true,
    },
    Rule {
        id: "W04",
        version: 1,
        title: "无证或证件不符执法",
        computed_as: "办案环节记录的执法人员在当日没有本案执法领域的有效证件（缺失、暂扣、注销、过期），或不是本机关人员；许可、征收征用除外（办案程序在记录时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第四十二条",
        live: true,
    },
    Rule {
        id: "W05",
        version: 1,
        title: "执法证件即将到期",
        computed_as: "执法人员尚有未结案件，而其有效证件将在设定天数（默认三十日）内全部到期",
        basis: "本平台默认规则（证件管理）",
        live: true,
    },
    Rule {
        id: "W06",
        version: 1,
        title: "超出权责清单",
        computed_as: "处罚案件的权责清单事项在违法行为发生之日未施行，或此后废止、修改为不再处罚（按决定之日，未决定的按当日判断；登记和决定时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第三十七条；国办发〔2024〕54号；评查否决项“超越职权”",
        live: true,
    },
    Rule {
        id: "W07",
        version: 1,
        title: "罚款超出法定幅度或裁量基准",
        computed_as: "决定的罚款超出本机关决定之日施行的裁量基准所载该事项的罚款幅度（即处罚依据规定的幅度，红）；处罚在幅度内但不在任何裁量档次内，且决定未书面说明理由（黄）；未制定裁量基准的事项不判断",
        basis: "《行政处罚法》第三十四条",
        live: true,
    },
    Rule {
        id: "W08",
        version: 1,
        title: "同案不同罚",
        computed_as: "同一权责事项、同一裁量档次、同一年度（决定之日）的罚款不少于设定件数（默认十件）时，罚款低于第5百分位、高于第95百分位（最近秩法）或超过中位数二倍：供人工研判的线索，不单独认定违法",
        basis: "同责不同罚研判实践",
        live: true,
    },
    Rule {
        id: "W09",
        version: 1,
        title: "应审未审",
        computed_as: "须法制审核的案件（按最近一次决定之日的标记、听证情况和本机关法制审核事项清单判断），作出决定时没有已通过的审核，或审核通过的记录晚于决定（办案程序在记录时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第五十八条",
        live: true,
    },
    Rule {
        id: "W10",
        version: 1,
        title: "未告知听证权利",
        computed_as: "作出的处罚适用听证而告知书未告知听证权利；当事人要求听证而未举行听证即作出决定；通知后不足七个工作日即举行听证（办案程序在记录时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第六十三条、第六十四条",
        live: true,
    },
    Rule {
        id: "W11",
        version: 1,
        title: "缺少音像记录",
        computed_as: "现场检查、查封扣押、强制执行、当场处罚没有当天的音像记录：办案规则要求音像记录的环节为红色，其他为黄色（办案程序在记录时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第四十七条；实施方案§三(二)",
        live: true,
    },
    Rule {
        id: "W12",
        version: 1,
        title: "未按期公示或撤回",
        computed_as: "决定未在公示期限内公开；决定被变更、撤销后未在三个工作日内撤回",
        basis: "实施方案§二(三)3、5",
        live: true,
    },
    Rule {
        id: "W13",
        version: 1,
        title: "罚款未缴纳、未申请强制执行",
        computed_as: "送达后十五日仍未缴纳（黄）；加处罚款已满设定月数（默认三个月）仍未执行（红）",
        basis: "《行政处罚法》第六十七条、第七十二条；《行政强制法》第五十三条",
        live: true,
    },
    Rule {
        id: "W14",
        version: 1,
        title: "违规当场收缴罚款",
        computed_as: "当场收缴罚款不属第六十八条（当场处罚决定，一百元以下或事后难以执行并说明情况）、第六十九条（边远、水上、交通不便地区缴纳确有困难，经当事人提出并说明情况）的情形（办案程序在记录时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第六十八条、第六十九条",
        live: true,
    },
    Rule {
        id: "W15",
        version: 1,
        title: "零执法主体、休眠事项",
        computed_as: "有行政检查、行政处罚职权的机关设定月数（默认十二个月）内没有检查和处罚案件；权责事项设定年数（默认五年）以上未使用",
        basis: "国办发〔2024〕54号答问",
        live: true,
    },
    Rule {
        id: "W16",
        version: 1,
        title: "超负荷办案、时空冲突",
        computed_as: "执法人员承办的未结案件超过设定件数（默认三十件，黄）；同一执法人员在不同地点的两份现场记录开始时间相距不足设定分钟数（默认三十分钟，每份现场记录至少占用的时间，红）",
        basis: "本平台默认规则",
        live: true,
    },
    Rule {
        id: "W17",
        version: 1,
        title: "重复检查、频繁检查",
        computed_as: "同一企业（统一社会信用代码）在设定天数（默认三十日）内被两个以上机关检查（黄）；同一企业一个年度内被检查超过设定次数（默认四次）（红）",
        basis: "国办发〔2024〕54号",
        live: true,
    },
    Rule {
        id: "W18",
        version: 1,
        title: "超过追责时效",
        computed_as: "处罚案件的违法行为发生（连续或继续状态的自终了）之日起二年（涉及公民生命健康安全、金融安全且有危害后果的五年）后才发现，未记录发现日期的以立案之日计（登记时即拦截，此处复核已存记录）",
        basis: "《行政处罚法》第三十六条",
        live: true,
    },
    Rule {
        id: "W19",
        version: 1,
        title: "投诉举报办理超期",
        computed_as: "投诉举报的分派、受理、办结、答复、复查、复核任一环节超过时限未办：仅超过本区较短时限的为黄色，超过法定时限的为红色；办理后自动关闭",
        basis: "《信访工作条例》第二十二条、第二十三条、第三十四条至第三十六条；本区投诉处理时限",
        live: true,
    },
    Rule {
        id: "W20",
        version: 1,
        title: "抽查结果未公示",
        computed_as: "抽查检查结束后二十个工作日内结果未公开",
        basis: "《企业信息公示暂行条例》第六条",
        live: false,
    },
    Rule {
        id: "W21",
        version: 1,
        title: "异常调阅",
        computed_as: "同一账号一日内调阅非本人承办案件的记录（案件、证据、文书、人员档案）超过设定条数（默认三十条）",
        basis: "本平台默认规则（调阅监督）",
        live: true,
    },
    Rule {
        id: "W22",
        version: 1,
        title: "督办逾期未回复",
        computed_as: "监督通知书、监督意见书、纠正通知书的回复期限届满，执法主体未回复（红）；逾期超过十个工作日仍未回复的，提请区人民政府督办（红，升级）",
        basis: "《天津市行政执法监督规定》；实施方案§六(二)",
        live: true,
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

fn known(id: &str) -> &'static Rule {
    rule(id).expect("a rule of the catalogue")
}

/// The district's thresholds (设置): journaled when changed, the latest in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// W01: the days of a ninety-day period at which the yellow warnings come (60 and 80);
    /// other periods scale in proportion
    pub overdue_yellow_days: Vec<u32>,
    /// W05: warn this many days before an officer's last valid certificate expires
    pub certificate_expiry_days: u32,
    /// W13: months after the payment deadline within which enforcement must be sought
    pub enforcement_months: u32,
    /// W21: distinct records outside one's own cases that one account may view in a day
    pub unusual_views_per_day: u32,
    /// W16: open cases one officer may handle before it is a clue
    pub officer_open_cases: u32,
    /// W15: months without an inspection or a penalty after which a body with power items is a
    /// clue
    pub idle_body_months: u32,
    /// W15: years a power item in force may go unused
    pub dormant_item_years: u32,
    /// W16: minutes a field record is taken to occupy at least: one officer's two records at
    /// different places closer than this overlap
    pub presence_minutes: u32,
    /// W08: fines of one item, level and year needed before they are compared
    pub peer_group_min: u32,
    /// W17: days within which a second body's inspection of the same enterprise is a clue
    pub repeat_inspection_days: u32,
    /// W17: inspections of one enterprise in a calendar year, by all bodies, above which it is
    /// a clue
    pub annual_inspection_cap: u32,
    /// W19: working days within which the bureau routes a complaint (the statute: 15 days)
    pub complaint_route_working_days: u32,
    /// W19: working days within which the body decides whether it accepts a complaint (the
    /// statute: 15 days)
    pub complaint_accept_working_days: u32,
    /// W19: days from acceptance within which a complaint is concluded (the statute: 60)
    pub complaint_conclude_days: u32,
    /// W19: the longest extension the head may approve (the statute: 30 days)
    pub complaint_extend_days: u32,
    /// W19: days from the conclusion within which the complainant is told
    pub complaint_answer_days: u32,
    /// W19: working days from receipt within which a 12345 work order is concluded
    pub hotline_working_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            overdue_yellow_days: vec![60, 80],
            certificate_expiry_days: 30,
            enforcement_months: 3,
            unusual_views_per_day: 30,
            officer_open_cases: 30,
            presence_minutes: 30,
            peer_group_min: 10,
            idle_body_months: 12,
            dormant_item_years: 5,
            repeat_inspection_days: 30,
            annual_inspection_cap: 4,
            complaint_route_working_days: 2,
            complaint_accept_working_days: 5,
            complaint_conclude_days: 30,
            complaint_extend_days: 20,
            complaint_answer_days: 7,
            hotline_working_days: 13,
        }
    }
}

impl Thresholds {
    /// Checks the values; each problem names its field.
    pub fn validate(&self) -> Result<(), Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let days = &self.overdue_yellow_days;
        if days.len() > 3 || days.iter().any(|d| *d == 0 || *d >= 90) || days.windows(2).any(|w| w[0] >= w[1]) {
            problems.push((
                "overdue_yellow_days",
                "超期黄色预警的天数须为1至89之间、由小到大的不超过三个数（以九十日为基准）".into(),
            ));
        }
        if !(1..=180).contains(&self.certificate_expiry_days) {
            problems.push(("certificate_expiry_days", "证件到期预警天数须在1至180之间".into()));
        }
        if !(1..=24).contains(&self.enforcement_months) {
            problems.push(("enforcement_months", "申请强制执行的月数须在1至24之间".into()));
        }
        if !(5..=10_000).contains(&self.unusual_views_per_day) {
            problems.push(("unusual_views_per_day", "每日调阅条数的阈值须在5至10000之间".into()));
        }
        if !(1..=1000).contains(&self.officer_open_cases) {
            problems.push(("officer_open_cases", "人均未结案件的阈值须在1至1000之间".into()));
        }
        if !(5..=480).contains(&self.presence_minutes) {
            problems.push(("presence_minutes", "现场记录占用的分钟数须在5至480之间".into()));
        }
        if !(5..=1000).contains(&self.peer_group_min) {
            problems.push(("peer_group_min", "同案比较的最少件数须在5至1000之间".into()));
        }
        if !(1..=60).contains(&self.idle_body_months) {
            problems.push(("idle_body_months", "零执法的月数须在1至60之间".into()));
        }
        if !(1..=20).contains(&self.dormant_item_years) {
            problems.push(("dormant_item_years", "事项未使用的年数须在1至20之间".into()));
        }
        if !(1..=365).contains(&self.repeat_inspection_days) {
            problems.push(("repeat_inspection_days", "重复检查的天数须在1至365之间".into()));
        }
        if !(1..=100).contains(&self.annual_inspection_cap) {
            problems.push(("annual_inspection_cap", "年度检查次数上限须在1至100之间".into()));
        }
        let c = complaints::statute::CONCLUDE_DAYS;
        for (field, value, range, label) in [
            ("complaint_route_working_days", self.complaint_route_working_days, 1..=10, "投诉分派的工作日"),
            ("complaint_accept_working_days", self.complaint_accept_working_days, 1..=10, "决定受理的工作日"),
            ("complaint_conclude_days", self.complaint_conclude_days, 1..=c, "投诉办结的天数"),
            (
                "complaint_extend_days",
                self.complaint_extend_days,
                0..=complaints::statute::EXTEND_DAYS,
                "延长办理的天数",
            ),
            ("complaint_answer_days", self.complaint_answer_days, 1..=30, "答复投诉人的天数"),
            ("hotline_working_days", self.hotline_working_days, 1..=60, "12345工单办结的工作日"),
        ] {
            if !range.contains(&value) {
                problems
                    .push((field, format!("{label}须在{}至{}之间（不得长于法定时限）", range.start(), range.end())));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
}

/// What a rule looks at: one case (with its steps and publications) or one officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// a case
    Case(i64),
    /// an officer
    Officer(i64),
    /// an account
    Account(i64),
    /// a supervision document (督办)
    Notice(i64),
    /// a complaint (投诉举报)
    Complaint(i64),
    /// a body
    Body(i64),
}

impl Subject {
    /// The stored form: `case:12`, `officer:5`.
    pub fn key(self) -> String {
        match self {
            Subject::Case(id) => format!("case:{id}"),
            Subject::Officer(id) => format!("officer:{id}"),
            Subject::Account(id) => format!("account:{id}"),
            Subject::Notice(id) => format!("notice:{id}"),
            Subject::Complaint(id) => format!("complaint:{id}"),
            Subject::Body(id) => format!("body:{id}"),
        }
    }
    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<Subject> {
        let (kind, id) = s.split_once(':')?;
        let id = id.parse().ok()?;
        match kind {
            "case" => Some(Subject::Case(id)),
            "officer" => Some(Subject::Officer(id)),
            "account" => Some(Subject::Account(id)),
            "notice" => Some(Subject::Notice(id)),
            "complaint" => Some(Subject::Complaint(id)),
            "body" => Some(Subject::Body(id)),
            _ => None,
        }
    }
}

/// What a rule found about a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// the rule
    pub rule: &'static Rule,
    /// which finding of the subject (one rule may find several: each deadline, each
    /// publication); with the rule it names the clue
    pub key: String,
    /// how serious
    pub severity: Severity,
    /// the body the subject belongs to
    pub body_id: i64,
    /// the case, if the subject is one or concerns one
    pub case_id: Option<i64>,
    /// the officer concerned (a case's lead handling officer)
    pub officer_id: Option<i64>,
    /// what was found, in a sentence
    pub summary: String,
    /// the facts it rests on (named, as text): their hash decides whether a clue is new
    pub inputs: BTreeMap<&'static str, String>,
}

impl Hit {
    /// The canonical inputs as the clue stores them: the rule and its version, then the facts
    /// (keys sorted).
    pub fn inputs_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("rule".into(), self.rule.id.into());
        m.insert("version".into(), self.rule.version.into());
        m.insert("key".into(), self.key.clone().into());
        m.insert("severity".into(), self.severity.code().into());
        for (k, v) in &self.inputs {
            m.insert((*k).into(), v.clone().into());
        }
        serde_json::Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_whole_and_each_rule_cites_its_basis() {
        assert_eq!(RULES.len(), 22);
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id, format!("W{:02}", i + 1));
            assert!(!r.basis.is_empty() && !r.title.is_empty() && r.version >= 1);
        }
        assert!(RULES.iter().filter(|r| r.live).count() >= 5);
    }

    #[test]
    fn thresholds_are_checked_by_field() {
        assert!(Thresholds::default().validate().is_ok());
        let t = Thresholds { overdue_yellow_days: vec![80, 60], ..Thresholds::default() };
        assert_eq!(t.validate().unwrap_err()[0].0, "overdue_yellow_days");
        let t = Thresholds { certificate_expiry_days: 0, ..Thresholds::default() };
        assert_eq!(t.validate().unwrap_err()[0].0, "certificate_expiry_days");
        let parsed: Thresholds = serde_json::from_str(r#"{"enforcement_months": 6}"#).unwrap();
        assert_eq!(parsed.enforcement_months, 6);
        assert_eq!(parsed.overdue_yellow_days, vec![60, 80]);
        assert!(serde_json::from_str::<Thresholds>(r#"{"bogus": 1}"#).is_err());
    }

    #[test]
    fn subjects_read_back() {
        for s in [
            Subject::Case(12),
            Subject::Officer(5),
            Subject::Account(3),
            Subject::Notice(4),
            Subject::Body(6),
            Subject::Complaint(7),
        ] {
            assert_eq!(Subject::parse(&s.key()), Some(s));
        }
        assert_eq!(Subject::parse("case:x"), None);
    }
}
