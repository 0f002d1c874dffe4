//! Case and step input as it arrives, validated field by field into the forms storage accepts.

use super::model::*;
use super::rules;
use crate::error::{Invalid, optional_text, required_text};
use crate::evidence::{Target, parse_instant};
use crate::registry::LegalRef;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A party as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PartyInput {
    /// 姓名或名称
    pub name: String,
    /// 公民身份号码或统一社会信用代码
    pub id_number: String,
    /// 法定代表人或负责人（组织必填）
    pub legal_representative: Option<String>,
    /// 住所或地址
    pub address: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
}

/// A new case as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CaseInput {
    /// 案件类型 (code or label)
    pub kind: String,
    /// 权责清单事项编码
    pub power_item_code: String,
    /// 案件来源 (code or label)
    pub source: String,
    /// 执法领域（须与执法证件的执法领域一致）
    pub domain: String,
    /// 当事人
    #[serde(default)]
    pub parties: Vec<PartyInput>,
    /// 承办执法人员（至少两名）
    #[serde(default)]
    pub officer_ids: Vec<i64>,
    /// 案情摘要
    pub facts: String,
    /// 违法行为发生日期 YYYY-MM-DD（行政处罚必填）
    pub act_date: Option<String>,
    /// 违法行为有连续或者继续状态的，终了日期
    pub act_ended: Option<String>,
    /// 发现日期（默认为立案日期）
    pub discovered_on: Option<String>,
    /// 涉及公民生命健康安全、金融安全且有危害后果（《行政处罚法》第三十六条）
    #[serde(default)]
    pub serious_harm: bool,
    /// 情节复杂或者重大违法行为，须集体讨论（第五十七条）
    #[serde(default)]
    pub complex: bool,
}

/// A validated new case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidCase {
    /// kind
    pub kind: CaseKind,
    /// power item code
    pub power_item_code: String,
    /// source
    pub source: CaseSource,
    /// domain
    pub domain: String,
    /// parties
    pub parties: Vec<Party>,
    /// handling officers
    pub officer_ids: Vec<i64>,
    /// facts
    pub facts: String,
    /// when the act happened
    pub act_date: Option<NaiveDate>,
    /// when a continuing act ended
    pub act_ended: Option<NaiveDate>,
    /// when it was discovered
    pub discovered_on: Option<NaiveDate>,
    /// serious harm (five-year limitation)
    pub serious_harm: bool,
    /// needs collective discussion
    pub complex: bool,
}

fn optional_date(inv: &mut Invalid, field: &str, v: Option<&str>) -> Option<NaiveDate> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    inv.check(field, crate::time::parse_date(v))
}

impl PartyInput {
    fn validate(&self, inv: &mut Invalid, i: usize) -> Option<Party> {
        let f = |name: &str| format!("parties[{i}].{name}");
        let name = required_text(inv, &f("name"), "当事人姓名或名称", &self.name, 200);
        let target = inv.check(&f("id_number"), Target::parse(&self.id_number));
        let rep =
            optional_text(inv, &f("legal_representative"), "法定代表人", self.legal_representative.as_deref(), 50);
        let address = optional_text(inv, &f("address"), "地址", self.address.as_deref(), 200);
        let phone = match self.phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(p) => inv.check(&f("phone"), crate::ids::parse_phone(p)),
            None => None,
        };
        let target = target?;
        let kind = PartyKind::of(&target);
        if kind == PartyKind::Organisation && rep.is_none() {
            inv.push(&f("legal_representative"), "当事人为法人或其他组织时，应填写法定代表人或负责人");
        }
        Some(Party { kind, name, id_number: target.as_str().to_string(), legal_representative: rep, address, phone })
    }
}

impl CaseInput {
    /// Validates every field. `today` is the date in Asia/Shanghai.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidCase, Invalid> {
        let mut inv = Invalid::default();
        let kind = inv.check("kind", CaseKind::parse(&self.kind));
        let power_item_code = required_text(&mut inv, "power_item_code", "权责清单事项", &self.power_item_code, 40);
        let source = inv.check("source", CaseSource::parse(&self.source));
        let domain = required_text(&mut inv, "domain", "执法领域", &self.domain, 30);
        if self.parties.is_empty() {
            inv.push("parties", "至少填写一名当事人");
        } else if self.parties.len() > 50 {
            inv.push("parties", "当事人不能超过50名");
        }
        let parties: Vec<Party> =
            self.parties.iter().enumerate().filter_map(|(i, p)| p.validate(&mut inv, i)).collect();
        let mut seen = std::collections::HashSet::new();
        if parties.iter().any(|p| !seen.insert(p.id_number.clone())) {
            inv.push("parties", "同一当事人不能重复填写");
        }
        let mut officer_ids = self.officer_ids.clone();
        officer_ids.sort_unstable();
        officer_ids.dedup();
        if officer_ids.iter().any(|id| *id <= 0) {
            inv.push("officer_ids", "执法人员编号无效");
        }
        if officer_ids.len() < 2 {
            inv.push("officer_ids", "承办执法人员不得少于两人（《行政处罚法》第四十二条）");
        }
        let facts = required_text(&mut inv, "facts", "案情摘要", &self.facts, 4000);
        let act_date = optional_date(&mut inv, "act_date", self.act_date.as_deref());
        let act_ended = optional_date(&mut inv, "act_ended", self.act_ended.as_deref());
        let discovered_on = optional_date(&mut inv, "discovered_on", self.discovered_on.as_deref());
        if kind.is_some_and(CaseKind::is_penalty) && act_date.is_none() && self.act_date.is_none() {
            inv.push("act_date", "行政处罚案件应填写违法行为发生日期（用于核对第三十六条追责时效）");
        }
        for (field, d) in [("act_date", act_date), ("act_ended", act_ended), ("discovered_on", discovered_on)] {
            if d.is_some_and(|d| d > today) {
                inv.push(field, "日期不能晚于今天");
            }
        }
        if let (Some(a), Some(e)) = (act_date, act_ended)
            && e < a
        {
            inv.push("act_ended", "终了日期不能早于违法行为发生日期");
        }
        if let (Some(a), Some(d)) = (act_date, discovered_on)
            && d < a
        {
            inv.push("discovered_on", "发现日期不能早于违法行为发生日期");
        }
        match (kind, source) {
            (Some(kind), Some(source)) if inv.is_empty() => Ok(ValidCase {
                kind,
                power_item_code,
                source,
                domain,
                parties,
                officer_ids,
                facts,
                act_date,
                act_ended,
                discovered_on,
                serious_harm: self.serious_harm,
                complex: self.complex,
            }),
            _ => Err(inv),
        }
    }
}

/// A step as typed. Which fields a step needs depends on its kind; [`StepInput::validate`]
/// names each one that is missing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StepInput {
    /// 环节 (code or label)
    pub kind: String,
    /// 发生时间（北京时间 YYYY-MM-DD HH:MM，缺省为当前时间）
    pub occurred_at: Option<String>,
    /// 参与的执法人员
    #[serde(default)]
    pub officer_ids: Vec<i64>,
    /// 内容：笔录、事实、理由、意见等
    pub content: Option<String>,
    /// 地点
    pub place: Option<String>,
    /// 处罚种类 (codes or labels)
    #[serde(default)]
    pub penalty_kinds: Vec<String>,
    /// 罚款金额（元）
    pub fine: Option<String>,
    /// 没收金额或价值（元）
    pub confiscation: Option<String>,
    /// 法律依据，每项“法律名称 第X条”
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// 方式：送达方式、执行方式、强制措施种类、强制执行方式或不计入期限的事项
    pub method: Option<String>,
    /// 结论：审核结论、检查结论、许可决定或结案情形
    pub result: Option<String>,
    /// 当事人是否到场
    pub party_present: Option<bool>,
    /// 当事人是否签名
    pub party_signed: Option<bool>,
    /// 见证人（当事人不到场或拒绝签名时）
    pub witness: Option<String>,
    /// 关联证据（证据库编号）
    #[serde(default)]
    pub evidence_ids: Vec<i64>,
    /// 紧急情况说明（《行政强制法》第十九条、第四十三条）
    pub urgent_reason: Option<String>,
    /// 天数：强制措施期限、延长天数
    pub days: Option<i64>,
    /// 起始日期 YYYY-MM-DD（不计入期限的期间）
    pub from_date: Option<String>,
    /// 截止日期 YYYY-MM-DD：期间结束、履行期限、听证日期
    pub to_date: Option<String>,
    /// 缴纳金额（元）
    pub amount: Option<String>,
    /// 当事人放弃陈述申辩
    pub waived: Option<bool>,
    /// 已书面告知当事人
    pub notice_given: Option<bool>,
    /// 当事人同意电子送达
    pub consent_electronic: Option<bool>,
    /// 听证主持人（执法人员编号）
    pub chair_officer_id: Option<i64>,
    /// 物品清单（每项一行）；集体讨论的参加人员（每人一行：姓名、职务）
    #[serde(default)]
    pub items: Vec<String>,
    /// 从宽处罚：从轻处罚、减轻处罚（告知、决定环节；未成年人应当从宽，《行政处罚法》第三十条）
    pub leniency: Option<String>,
    /// 当事人责任能力（调查、告知、决定、结案环节认定，《行政处罚法》第三十一条）
    pub capacity: Option<String>,
    /// 接替回避人员的执法人员（回避决定）
    #[serde(default)]
    pub substitute_ids: Vec<i64>,
    /// 违反的法律条款，每项“法律名称 第X条”（告知、决定环节；与处罚依据分列）
    #[serde(default)]
    pub violated: Vec<String>,
    /// 被询问人（姓名、身份，询问环节）
    pub interviewee: Option<String>,
    /// 偏离裁量基准的理由（告知、决定环节：处罚不在本机关裁量基准任何档次内时书面说明）
    pub discretion_reason: Option<String>,
}

/// What a step recorded, as stored (JSON) with the step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepData {
    /// officers present
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officer_ids: Vec<i64>,
    /// text
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// place
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// penalty
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<Penalty>,
    /// legal basis
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalRef>,
    /// method code
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// result code
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// party present
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_present: Option<bool>,
    /// party signed
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub party_signed: bool,
    /// witness
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<String>,
    /// evidence
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_ids: Vec<i64>,
    /// urgency
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent_reason: Option<String>,
    /// days
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// from
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_date: Option<NaiveDate>,
    /// to
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_date: Option<NaiveDate>,
    /// amount paid
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_fen: Option<i64>,
    /// statement waived
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub waived: bool,
    /// written notice given
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notice_given: bool,
    /// consent to e-service
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consent_electronic: bool,
    /// hearing chair
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_officer_id: Option<i64>,
    /// item list
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Whether the party has the right to a hearing (computed at the notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing_right: Option<String>,
    /// Prompts the system gave when the step was recorded (kept with the record).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// leniency given (从轻、减轻)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leniency: Option<Leniency>,
    /// why the leniency is given, as the law states it (filled by the machine: 未成年人 …)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leniency_basis: Option<String>,
    /// the party's capacity as found
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// the provisions the act violated (as distinct from the penalty's basis)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violated: Vec<LegalRef>,
    /// who was questioned (询问)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewee: Option<String>,
    /// the written reasons for a penalty outside every level of the body's discretion standard
    /// (告知、决定; W07 looks for them)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretion_reason: Option<String>,
    /// which version of the power item the decision applied and why (《行政处罚法》第三十七条; filled
    /// by the machine)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_basis: Option<String>,
    /// officers who take over from those recused (回避决定)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substitute_ids: Vec<i64>,
    /// the document a service delivered (filled by the machine at 送达: the decision, the 告知书)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub served_document: Option<crate::doc::DocKind>,
}

impl StepData {
    /// Parses the method code as `T`.
    pub fn method_as<T>(&self, parse: fn(&str) -> Result<T, String>) -> Option<T> {
        self.method.as_deref().and_then(|m| parse(m).ok())
    }
    /// Parses the result code as `T`.
    pub fn result_as<T>(&self, parse: fn(&str) -> Result<T, String>) -> Option<T> {
        self.result.as_deref().and_then(|m| parse(m).ok())
    }
}

/// A validated step.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidStep {
    /// kind
    pub kind: StepKind,
    /// when it happened
    pub occurred_at: DateTime<Utc>,
    /// what it recorded
    pub data: StepData,
}

/// How far in the future a step's time may lie (clocks drift).
const CLOCK_SKEW_MINUTES: i64 = 10;

fn need_text(inv: &mut Invalid, field: &str, label: &str, v: Option<&str>, max: usize) -> Option<String> {
    let t = required_text(inv, field, label, v.unwrap_or(""), max);
    (!t.is_empty()).then_some(t)
}

fn coded<T: Copy>(
    inv: &mut Invalid,
    field: &str,
    label: &str,
    v: Option<&str>,
    parse: fn(&str) -> Result<T, String>,
    code: fn(T) -> &'static str,
) -> Option<String> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            inv.push(field, format!("请选择{label}"));
            None
        }
        Some(s) => inv.check(field, parse(s)).map(|t| code(t).to_string()),
    }
}

impl StepInput {
    /// Validates the fields this kind of step needs. `now` is the current instant.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidStep, Invalid> {
        let mut inv = Invalid::default();
        let Some(kind) = inv.check("kind", StepKind::parse(&self.kind)) else { return Err(inv) };
        use StepKind as S;
        let occurred_at = match self.occurred_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now,
            Some(s) => match parse_instant(s) {
                Ok(t) if t > now + Duration::minutes(CLOCK_SKEW_MINUTES) => {
                    inv.push("occurred_at", "发生时间不能晚于当前时间");
                    now
                }
                Ok(t) => t,
                Err(e) => {
                    inv.push("occurred_at", e);
                    now
                }
            },
        };
        let mut d = StepData::default();
        let mut officers = self.officer_ids.clone();
        officers.sort_unstable();
        officers.dedup();
        if officers.iter().any(|id| *id <= 0) {
            inv.push("officer_ids", "执法人员编号无效");
        }
        if kind.is_field() && officers.len() < 2 {
            inv.push(
                "officer_ids",
                format!(
                    "“{}”须由两名以上执法人员进行（《行政处罚法》第四十二条、《行政强制法》第十八条）",
                    kind.label()
                ),
            );
        }
        d.officer_ids = officers;

        // The text every step but a few bookkeeping ones must carry.
        let content_label = kind.content_label(self.waived == Some(true));
        d.content = match content_label {
            Some(label) => need_text(&mut inv, "content", label, self.content.as_deref(), super::model::CONTENT_MAX),
            None => optional_text(&mut inv, "content", "内容", self.content.as_deref(), super::model::CONTENT_MAX),
        };
        d.place = if kind.is_field() {
            need_text(&mut inv, "place", "地点", self.place.as_deref(), 200)
        } else {
            optional_text(&mut inv, "place", "地点", self.place.as_deref(), 200)
        };

        if matches!(kind, S::NotifyIntent | S::Decide | S::OnsiteDecision) {
            d.penalty = self.penalty(&mut inv);
            for b in self.violated.iter().filter(|b| !b.trim().is_empty()) {
                if let Some(r) = inv.check("violated", LegalRef::parse(b)) {
                    d.violated.push(r);
                }
            }
            // The 告知书 states the provision violated apart from the penalty's basis
            // (《行政处罚法》第四十四条: 事实、理由、依据); the decision takes the notice's when it
            // gives none.
            if kind == S::NotifyIntent && d.violated.is_empty() && !self.violated.iter().any(|b| !b.trim().is_empty()) {
                inv.push("violated", "请填写违反的法律条款（法律名称 第X条），与处罚依据分列");
            }
        } else if self.violated.iter().any(|b| !b.trim().is_empty()) {
            inv.push("violated", format!("“{}”环节不填写违反的法律条款", kind.label()));
        }
        d.discretion_reason = if matches!(kind, S::NotifyIntent | S::Decide | S::OnsiteDecision) {
            optional_text(&mut inv, "discretion_reason", "偏离裁量基准的理由", self.discretion_reason.as_deref(), 2000)
        } else {
            if self.discretion_reason.as_deref().is_some_and(|r| !r.trim().is_empty()) {
                inv.push("discretion_reason", format!("“{}”环节不填写偏离裁量基准的理由", kind.label()));
            }
            None
        };
        d.interviewee = if kind == S::Inquire {
            need_text(&mut inv, "interviewee", "被询问人（姓名、身份）", self.interviewee.as_deref(), 200)
        } else {
            optional_text(&mut inv, "interviewee", "被询问人", self.interviewee.as_deref(), 200)
        };
        if matches!(
            kind,
            S::NotifyIntent
                | S::Decide
                | S::OnsiteDecision
                | S::ApplyMeasure
                | S::EnforcementDecision
                | S::CompensationDecision
                | S::LicenceDecision
                | S::StartExpropriation
        ) {
            for b in self.legal_basis.iter().filter(|b| !b.trim().is_empty()) {
                if let Some(r) = inv.check("legal_basis", LegalRef::parse(b)) {
                    d.legal_basis.push(r);
                }
            }
            if d.legal_basis.is_empty() && !self.legal_basis.iter().any(|b| !b.trim().is_empty()) {
                inv.push("legal_basis", "至少填写一项法律依据（法律名称 第X条）");
            }
        }

        let m = self.method.as_deref();
        d.method = match kind {
            S::Serve | S::ServeNotice => {
                coded(&mut inv, "method", "送达方式", m, ServiceMethod::parse, ServiceMethod::code)
            }
            S::Execute => coded(&mut inv, "method", "执行方式", m, ExecutionMethod::parse, ExecutionMethod::code),
            S::ApplyMeasure => coded(&mut inv, "method", "强制措施种类", m, MeasureKind::parse, MeasureKind::code),
            S::EnforcementDecision => {
                coded(&mut inv, "method", "强制执行方式", m, EnforcementKind::parse, EnforcementKind::code)
            }
            S::ExcludePeriod => {
                coded(&mut inv, "method", "不计入期限的事项", m, ExcludedKind::parse, ExcludedKind::code)
            }
            S::Recusal => coded(&mut inv, "method", "回避的提出", m, RecusalSource::parse, RecusalSource::code),
            _ => None,
        };
        let r = self.result.as_deref();
        d.result = match kind {
            S::LegalReview => coded(&mut inv, "result", "审核结论", r, ReviewResult::parse, ReviewResult::code),
            S::CollectiveDiscussion => {
                coded(&mut inv, "result", "讨论结论", r, DiscussionConclusion::parse, DiscussionConclusion::code)
            }
            S::InspectionResult => {
                coded(&mut inv, "result", "检查结论", r, InspectionConclusion::parse, InspectionConclusion::code)
            }
            S::LicenceDecision => coded(&mut inv, "result", "许可决定", r, LicenceResult::parse, LicenceResult::code),
            S::Close => coded(&mut inv, "result", "结案情形", r, CloseOutcome::parse, CloseOutcome::code),
            S::RefuseFiling => coded(&mut inv, "result", "不予立案理由", r, FilingRefusal::parse, FilingRefusal::code),
            S::Recusal => coded(&mut inv, "result", "回避决定", r, RecusalResult::parse, RecusalResult::code),
            S::Execute if r.is_some_and(|r| !r.trim().is_empty()) => {
                coded(&mut inv, "result", "当场收缴依据", r, CollectionBasis::parse, CollectionBasis::code)
            }
            _ => None,
        };

        d.party_present = self.party_present;
        d.party_signed = self.party_signed == Some(true);
        d.witness = optional_text(&mut inv, "witness", "见证人", self.witness.as_deref(), 100);
        d.evidence_ids = self.evidence_ids.clone();
        d.evidence_ids.sort_unstable();
        d.evidence_ids.dedup();
        d.urgent_reason = optional_text(&mut inv, "urgent_reason", "紧急情况说明", self.urgent_reason.as_deref(), 1000);
        d.waived = self.waived == Some(true);
        d.notice_given = self.notice_given == Some(true);
        d.consent_electronic = self.consent_electronic == Some(true);
        d.chair_officer_id = self.chair_officer_id;
        d.items = self.items.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        if d.items.iter().any(|s| s.chars().count() > 500) || d.items.len() > 500 {
            inv.push("items", "清单过长：每项不超过500字，最多500项");
        }

        d.days = match (kind, self.days) {
            (S::ApplyMeasure | S::ExtendMeasure | S::ExtendDecision, None) => {
                inv.push("days", "请填写天数");
                None
            }
            (_, Some(n)) if !(1..=3650).contains(&n) => {
                inv.push("days", "天数应在1至3650之间");
                None
            }
            (_, n) => n.and_then(|n| u32::try_from(n).ok()),
        };
        d.from_date = optional_date(&mut inv, "from_date", self.from_date.as_deref());
        d.to_date = optional_date(&mut inv, "to_date", self.to_date.as_deref());
        let need_to = match kind {
            S::Demand => Some("履行期限"),
            S::HearingNotice => Some("听证日期"),
            S::ExcludePeriod => Some("期间结束日期"),
            S::PublicNotice => Some("公告限期"),
            _ => None,
        };
        if let Some(label) = need_to
            && d.to_date.is_none()
            && self.to_date.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            inv.push("to_date", format!("请填写{label}"));
        }
        if kind == S::ExcludePeriod
            && d.from_date.is_none()
            && self.from_date.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            inv.push("from_date", "请填写期间开始日期");
        }
        if let (Some(f), Some(t)) = (d.from_date, d.to_date)
            && t < f
        {
            inv.push("to_date", "结束日期不能早于开始日期");
        }
        d.amount_fen = match self.amount.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(a) => inv.check("amount", parse_yuan(a)),
            None => None,
        };
        if kind == S::HearingRightNotice && d.items.is_empty() {
            inv.push("items", "请逐行填写被告知听证权利的申请人、利害关系人");
        }
        if kind == S::Inquire {
            let asked = d.items.iter().any(|l| l.starts_with('问'));
            let answered = d.items.iter().any(|l| l.starts_with('答'));
            if let Some(bad) = d.items.iter().find(|l| !(l.starts_with('问') || l.starts_with('答'))) {
                inv.push("items", format!("询问笔录逐问逐答：每行以“问：”或“答：”开头（“{bad}”）"));
            } else if !(asked && answered) {
                inv.push("items", "请逐行记录询问的问题和回答（以“问：”“答：”开头）");
            }
        }
        if kind == S::CollectiveDiscussion && d.items.len() < rules::DISCUSSION_MIN_PARTICIPANTS {
            inv.push(
                "items",
                format!("请逐行填写参加集体讨论的人员（姓名、职务），不少于{}人", rules::DISCUSSION_MIN_PARTICIPANTS),
            );
        }
        let lenient_step = matches!(kind, S::NotifyIntent | S::Decide | S::OnsiteDecision);
        d.leniency = match self.leniency.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(_) if !lenient_step => {
                inv.push("leniency", format!("“{}”环节不记录从宽处罚，请在告知或决定环节填写", kind.label()));
                None
            }
            Some(l) => inv.check("leniency", Leniency::parse(l)),
            None => None,
        };
        d.capacity = match self.capacity.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(_) if !(lenient_step || matches!(kind, S::Investigate | S::Close)) => {
                inv.push(
                    "capacity",
                    format!("“{}”环节不认定责任能力，请在调查、告知、决定或结案环节填写", kind.label()),
                );
                None
            }
            Some(c) => inv.check("capacity", Capacity::parse(c)),
            None => None,
        };
        let mut subs = self.substitute_ids.clone();
        subs.sort_unstable();
        subs.dedup();
        if subs.iter().any(|id| *id <= 0) {
            inv.push("substitute_ids", "执法人员编号无效");
        }
        if !subs.is_empty() && kind != S::Recusal {
            inv.push("substitute_ids", "只有回避决定可以指定接替的执法人员");
        }
        d.substitute_ids = subs;
        if kind == S::Recusal && d.officer_ids.is_empty() {
            inv.push("officer_ids", "请选择申请回避或者被申请回避的执法人员");
        }
        if kind == S::Hearing && d.chair_officer_id.is_none() {
            inv.push("chair_officer_id", "请填写听证主持人");
        }
        inv.into_result(ValidStep { kind, occurred_at, data: d })
    }

    fn penalty(&self, inv: &mut Invalid) -> Option<Penalty> {
        let mut kinds = Vec::new();
        for k in self.penalty_kinds.iter().filter(|k| !k.trim().is_empty()) {
            if let Some(k) = inv.check("penalty_kinds", PenaltyKind::parse(k))
                && !kinds.contains(&k)
            {
                kinds.push(k);
            }
        }
        if kinds.is_empty() && !self.penalty_kinds.iter().any(|k| !k.trim().is_empty()) {
            inv.push("penalty_kinds", "请选择处罚种类");
        }
        let amount = |inv: &mut Invalid, field: &str, v: Option<&str>| match v.map(str::trim).filter(|s| !s.is_empty())
        {
            Some(a) => inv.check(field, parse_yuan(a)).filter(|f| {
                if *f <= 0 {
                    inv.push(field, "金额应大于零");
                }
                *f > 0
            }),
            None => None,
        };
        let fine_fen = amount(inv, "fine", self.fine.as_deref());
        let confiscation_fen = amount(inv, "confiscation", self.confiscation.as_deref());
        if kinds.contains(&PenaltyKind::Fine)
            && fine_fen.is_none()
            && self.fine.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            inv.push("fine", "处罚种类含罚款时应填写罚款金额");
        }
        if !kinds.contains(&PenaltyKind::Fine) && fine_fen.is_some() {
            inv.push("penalty_kinds", "填写了罚款金额，处罚种类应包含罚款");
        }
        if !kinds.contains(&PenaltyKind::Confiscation) && confiscation_fen.is_some() {
            inv.push("penalty_kinds", "填写了没收金额，处罚种类应包含没收");
        }
        Some(Penalty { kinds, fine_fen, confiscation_fen })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).single().unwrap()
    }

    #[test]
    fn art_42_a_case_needs_two_officers() {
        let c = CaseInput {
            kind: "penalty_general".into(),
            power_item_code: "MS-CF-001".into(),
            source: "投诉举报".into(),
            domain: "市场监管".into(),
            parties: vec![PartyInput {
                name: "张三".into(),
                id_number: "11010519491231002X".into(),
                ..Default::default()
            }],
            officer_ids: vec![5, 5],
            facts: "无证经营".into(),
            act_date: Some("2026-10-01".into()),
            ..Default::default()
        };
        let e = c.validate(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).unwrap_err();
        assert!(e.errors.iter().any(|e| e.field == "officer_ids" && e.message.contains("第四十二条")));
    }

    #[test]
    fn organisation_party_needs_a_legal_representative() {
        let c = CaseInput {
            kind: "行政许可".into(),
            power_item_code: "X".into(),
            source: "依申请".into(),
            domain: "市场监管".into(),
            parties: vec![PartyInput {
                name: "某公司".into(),
                id_number: "91120224MA05XXXX0K".into(),
                ..Default::default()
            }],
            officer_ids: vec![1, 2],
            facts: "申请食品经营许可".into(),
            ..Default::default()
        };
        let e = c.validate(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).unwrap_err();
        assert!(e.errors.iter().any(|e| e.field.starts_with("parties[0]")), "{e}");
    }

    #[test]
    fn step_fields_are_named_per_kind() {
        let s = StepInput { kind: "decide".into(), ..Default::default() };
        let e = s.validate(now()).unwrap_err();
        let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"content") && fields.contains(&"penalty_kinds") && fields.contains(&"legal_basis"));
        let s = StepInput { kind: "investigate".into(), officer_ids: vec![3], ..Default::default() };
        let e = s.validate(now()).unwrap_err();
        assert!(e.errors.iter().any(|e| e.field == "officer_ids" && e.message.contains("两名")));
        let s = StepInput { kind: "无此环节".into(), ..Default::default() };
        assert_eq!(s.validate(now()).unwrap_err().errors[0].field, "kind");
    }

    #[test]
    fn future_step_time_is_refused() {
        let s = StepInput {
            kind: "statement".into(),
            waived: Some(true),
            occurred_at: Some("2026-11-21 09:00".into()),
            ..Default::default()
        };
        assert_eq!(s.validate(now()).unwrap_err().errors[0].field, "occurred_at");
    }

    #[test]
    fn fine_amount_and_kind_agree() {
        let s = StepInput {
            kind: "notify_intent".into(),
            content: Some("事实".into()),
            legal_basis: vec!["食品安全法 第一百二十二条".into()],
            penalty_kinds: vec!["警告".into()],
            fine: Some("500".into()),
            ..Default::default()
        };
        let e = s.validate(now()).unwrap_err();
        assert!(e.errors.iter().any(|e| e.field == "penalty_kinds"));
    }
}
