//! The registry: enforcement bodies, officers, certificates, legal reviewers and power lists.
//! Input types are validated here into the `Valid*` forms that storage accepts.

use crate::error::{Invalid, optional_text, required_text};
use crate::ids::{CertificateNumber, ResidentId, parse_phone};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident, $field_label:literal { $($(#[$vm:meta])* $v:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }
        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The stored code.
            pub fn code(self) -> &'static str { match self { $($name::$v => $code),+ } }
            /// The Chinese name.
            pub fn label(self) -> &'static str { match self { $($name::$v => $label),+ } }
            /// Parses a stored code or the Chinese name.
            pub fn parse(s: &str) -> Result<Self, String> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
                    .ok_or_else(|| format!("{}“{}”无效，可选：{}", $field_label, s,
                        Self::ALL.iter().map(|v| v.label()).collect::<Vec<_>>().join("、")))
            }
        }
        /// A stored code read back (storage decodes its columns through this).
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> { Self::parse(&s) }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// The legal nature of an enforcement body (执法主体类别).
    BodyKind, "主体类别" {
    /// 行政机关
    AdministrativeOrgan = "administrative_organ" / "行政机关",
    /// 法律法规授权组织
    AuthorizedOrganization = "authorized_organization" / "法律法规授权组织",
    /// 受委托组织: acts in the name of its entrusting body.
    EntrustedOrganization = "entrusted_organization" / "受委托组织",
});

coded_enum!(
    /// Status of an enforcement certificate (执法证件状态).
    CertificateStatus, "证件状态" {
    /// 有效
    Valid = "valid" / "有效",
    /// 暂扣
    Suspended = "suspended" / "暂扣",
    /// 注销
    Revoked = "revoked" / "注销",
    /// 过期
    Expired = "expired" / "过期",
});

coded_enum!(
    /// Category of a power-list item (权责清单事项类别).
    PowerCategory, "事项类别" {
    /// 行政处罚
    Penalty = "penalty" / "行政处罚",
    /// 行政强制
    Compulsion = "compulsion" / "行政强制",
    /// 行政检查
    Inspection = "inspection" / "行政检查",
    /// 行政征收征用
    Expropriation = "expropriation" / "行政征收征用",
    /// 行政许可
    Licensing = "licensing" / "行政许可",
    /// 其他
    Other = "other" / "其他",
});

coded_enum!(
    /// The procedure a power-list item is exercised by.
    ProcedureKind, "程序类型" {
    /// 行政处罚一般程序
    PenaltyGeneral = "penalty_general" / "一般程序",
    /// 行政处罚简易程序 (当场处罚)
    PenaltySimple = "penalty_simple" / "简易程序",
    /// 行政强制措施
    CompulsoryMeasure = "compulsory_measure" / "行政强制措施",
    /// 行政强制执行
    CompulsoryEnforcement = "compulsory_enforcement" / "行政强制执行",
    /// 行政检查
    Inspection = "inspection" / "检查程序",
    /// 征收征用
    Expropriation = "expropriation" / "征收征用程序",
    /// 行政许可
    Licensing = "licensing" / "许可程序",
    /// 其他
    Other = "other" / "其他程序",
});

coded_enum!(
    /// How a power-list version came about (立改废释).
    ChangeKind, "变更类型" {
    /// 立: a new item
    Establish = "establish" / "立",
    /// 改: amended
    Amend = "amend" / "改",
    /// 废: abolished; the item is no longer in force from the effective date
    Abolish = "abolish" / "废",
    /// 释: interpreted (content clarified without a change of power)
    Interpret = "interpret" / "释",
});

coded_enum!(
    /// What an amended or abolished penalty item means for acts before it took effect
    /// (《行政处罚法》第三十七条): by default nothing (the rule in force at the act applies).
    Retroactivity, "对此前行为的效力" {
    /// 从旧：新规定不轻于旧规定，此前的行为适用行为时的规定
    None = "none" / "不溯及既往（新规定不轻于旧规定）",
    /// 从轻：新规定处罚较轻，适用于尚未作出决定的此前行为
    Lighter = "lighter" / "新规定处罚较轻，适用于此前的行为",
    /// 新规定不再认为是违法：此前的行为不再给予行政处罚
    NoLongerViolation = "no_longer_violation" / "新规定不再认为是违法，此前的行为不予处罚",
});

coded_enum!(
    /// Whether a reviewer is staff of the body or engaged from outside (seed §四(一)3).
    ReviewerKind, "审核人员类型" {
    /// 本机关工作人员
    Staff = "staff" / "本机关人员",
    /// 政府法律顾问
    LegalAdviser = "legal_adviser" / "政府法律顾问",
    /// 公职律师
    PublicLawyer = "public_lawyer" / "公职律师",
    /// 政府购买服务
    PurchasedService = "purchased_service" / "购买服务",
});

/// The day kind of a statutory time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 工作日
    Working,
    /// 自然日
    Calendar,
}

/// A reference to an article of a statute: the law's title and the article, e.g.
/// `中华人民共和国食品安全法` `第一百二十四条`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalRef {
    /// The statute's title as in the corpus (e.g. `食品安全法`).
    pub law: String,
    /// The article, `第X条`.
    pub article: String,
    /// The statute version's date as in the corpus file name, when known (`2021-04-29`).
    #[serde(default)]
    pub version: Option<String>,
}

impl LegalRef {
    /// Parses `法律名称 第X条` (or `法律名称第X条`).
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim().trim_start_matches('《');
        let pos = s.rfind('第').ok_or_else(|| format!("法律依据“{s}”应写作“法律名称 第X条”"))?;
        let (law, article) = s.split_at(pos);
        let law = law.trim().trim_end_matches('》').trim().to_string();
        let article = article.trim().to_string();
        if law.is_empty() || !article.ends_with('条') {
            return Err(format!("法律依据“{s}”应写作“法律名称 第X条”"));
        }
        Ok(Self { law, article, version: None })
    }
    /// Text form: `《食品安全法》第一百二十四条`.
    pub fn display(&self) -> String {
        format!("《{}》{}", self.law, self.article)
    }
}

/// Input for a new or changed enforcement body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BodyInput {
    /// 名称
    pub name: String,
    /// 主体类别 (code or label)
    pub kind: String,
    /// 委托机关 (for 受委托组织)
    pub entrusting_body_id: Option<i64>,
    /// 上级机关
    pub parent_id: Option<i64>,
    /// 管辖区域
    pub area: String,
    /// 职权依据
    pub legal_basis: String,
    /// 地址
    pub address: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
    /// 行政复议机关
    pub reconsideration_organ: String,
    /// 行政诉讼管辖法院
    pub court: String,
    /// 法制审核机构
    pub review_organ: String,
    /// Whether this body supervises the others (the district justice bureau).
    #[serde(default)]
    pub is_supervisor: bool,
    /// 本机关公开时限（工作日，1-7；只能缩短法定的7个和20个工作日；空为法定时限）
    #[serde(default)]
    pub publication_days: Option<i64>,
}

/// A validated body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidBody {
    /// 名称
    pub name: String,
    /// 主体类别
    pub kind: BodyKind,
    /// 委托机关
    pub entrusting_body_id: Option<i64>,
    /// 上级机关
    pub parent_id: Option<i64>,
    /// 管辖区域
    pub area: String,
    /// 职权依据
    pub legal_basis: String,
    /// 地址
    pub address: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
    /// 行政复议机关
    pub reconsideration_organ: String,
    /// 诉讼管辖法院
    pub court: String,
    /// 法制审核机构
    pub review_organ: String,
    /// supervises others
    pub is_supervisor: bool,
    /// own publication time limit (working days), shorter than the law's
    pub publication_days: Option<i64>,
}

impl BodyInput {
    /// Validates every field; all problems are reported together.
    pub fn validate(&self) -> Result<ValidBody, Invalid> {
        let mut inv = Invalid::default();
        let name = required_text(&mut inv, "name", "名称", &self.name, 100);
        let kind = inv.check("kind", BodyKind::parse(&self.kind));
        if kind == Some(BodyKind::EntrustedOrganization) && self.entrusting_body_id.is_none() {
            inv.push("entrusting_body_id", "受委托组织必须填写委托机关");
        }
        if kind.is_some() && kind != Some(BodyKind::EntrustedOrganization) && self.entrusting_body_id.is_some() {
            inv.push("entrusting_body_id", "只有受委托组织才有委托机关");
        }
        let area = required_text(&mut inv, "area", "管辖区域", &self.area, 100);
        let legal_basis = required_text(&mut inv, "legal_basis", "职权依据", &self.legal_basis, 2000);
        let address = optional_text(&mut inv, "address", "地址", self.address.as_deref(), 200);
        let phone = match self.phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(p) => inv.check("phone", parse_phone(p)),
            None => None,
        };
        let reconsideration_organ =
            required_text(&mut inv, "reconsideration_organ", "行政复议机关", &self.reconsideration_organ, 100);
        let court = required_text(&mut inv, "court", "诉讼管辖法院", &self.court, 100);
        let review_organ = required_text(&mut inv, "review_organ", "法制审核机构", &self.review_organ, 100);
        // A body may tighten the publication deadlines, never loosen them: one limit for every
        // decision, so at most the shortest statutory one (7 working days).
        if let Some(d) = self.publication_days
            && !(1..=7).contains(&d)
        {
            inv.push("publication_days", "本机关公开时限应为1至7个工作日（只能短于法定的7个、20个工作日）");
        }
        let kind = kind.unwrap_or(BodyKind::AdministrativeOrgan);
        inv.into_result(ValidBody {
            name,
            kind,
            entrusting_body_id: self.entrusting_body_id,
            parent_id: self.parent_id,
            area,
            legal_basis,
            address,
            phone,
            reconsideration_organ,
            court,
            review_organ,
            is_supervisor: self.is_supervisor,
            publication_days: self.publication_days,
        })
    }
}

/// Input for a new or changed officer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OfficerInput {
    /// 所属执法主体
    pub body_id: i64,
    /// 姓名
    pub name: String,
    /// 身份证号码 (never public)
    pub id_number: Option<String>,
    /// 岗位
    pub post: String,
    /// 执法领域
    #[serde(default)]
    pub domains: Vec<String>,
    /// 法律职业资格证书编号
    pub legal_qualification_no: Option<String>,
    /// 联系电话 (never public)
    pub phone: Option<String>,
}

/// A validated officer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidOfficer {
    /// body
    pub body_id: i64,
    /// 姓名
    pub name: String,
    /// 身份证号码
    pub id_number: Option<ResidentId>,
    /// 岗位
    pub post: String,
    /// 执法领域
    pub domains: Vec<String>,
    /// 法律职业资格证书编号
    pub legal_qualification_no: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
}

impl OfficerInput {
    /// Validates every field.
    pub fn validate(&self) -> Result<ValidOfficer, Invalid> {
        let mut inv = Invalid::default();
        if self.body_id <= 0 {
            inv.push("body_id", "请选择所属执法主体");
        }
        let name = required_text(&mut inv, "name", "姓名", &self.name, 50);
        let id_number = match self.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => inv.check("id_number", ResidentId::parse(s)),
            None => None,
        };
        let post = required_text(&mut inv, "post", "岗位", &self.post, 50);
        let mut domains: Vec<String> = Vec::new();
        for d in &self.domains {
            let d = d.trim();
            if d.is_empty() {
                continue;
            }
            if d.chars().count() > 30 {
                inv.push("domains", format!("执法领域“{d}”过长"));
            } else if !domains.iter().any(|x| x == d) {
                domains.push(d.to_string());
            }
        }
        if domains.is_empty() {
            inv.push("domains", "至少填写一个执法领域");
        }
        let legal_qualification_no =
            match self.legal_qualification_no.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(s) if s.len() < 8 || s.len() > 30 || !s.chars().all(|c| c.is_ascii_alphanumeric()) => {
                    inv.push("legal_qualification_no", "法律职业资格证书编号应为8至30位数字或字母");
                    None
                }
                Some(s) => Some(s.to_string()),
                None => None,
            };
        let phone = match self.phone.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(p) => inv.check("phone", parse_phone(p)),
            None => None,
        };
        inv.into_result(ValidOfficer {
            body_id: self.body_id,
            name,
            id_number,
            post,
            domains,
            legal_qualification_no,
            phone,
        })
    }
}

/// A training or examination record of an officer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TrainingInput {
    /// 日期 YYYY-MM-DD
    pub date: String,
    /// 培训或考试名称
    pub title: String,
    /// 学时
    pub hours: Option<i32>,
    /// 考试成绩 (0-100)
    pub exam_score: Option<i32>,
}

/// A validated training record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidTraining {
    /// date
    pub date: NaiveDate,
    /// title
    pub title: String,
    /// hours
    pub hours: Option<i32>,
    /// score
    pub exam_score: Option<i32>,
}

impl TrainingInput {
    /// Validates every field.
    pub fn validate(&self) -> Result<ValidTraining, Invalid> {
        let mut inv = Invalid::default();
        let date = inv.check("date", crate::time::parse_date(&self.date));
        let title = required_text(&mut inv, "title", "培训名称", &self.title, 100);
        if let Some(h) = self.hours
            && !(0..=1000).contains(&h)
        {
            inv.push("hours", "学时应在0至1000之间");
        }
        if let Some(s) = self.exam_score
            && !(0..=100).contains(&s)
        {
            inv.push("exam_score", "考试成绩应在0至100之间");
        }
        let date = date.unwrap_or_default();
        inv.into_result(ValidTraining { date, title, hours: self.hours, exam_score: self.exam_score })
    }
}

/// The issuers of enforcement certificates: the Tianjin municipal government, or a State
/// Council department (whose certificate is filed with the justice bureau, seed §二(二)1).
pub const TIANJIN_GOVERNMENT: &str = "天津市人民政府";

/// Input for registering a certificate.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CertificateInput {
    /// 持证人员
    pub officer_id: i64,
    /// 证件编号
    pub number: String,
    /// 发证机关
    pub issuer: String,
    /// 执法领域
    pub domain: String,
    /// 执法区域
    pub area: String,
    /// 有效期起 YYYY-MM-DD
    pub valid_from: String,
    /// 有效期至 YYYY-MM-DD
    pub valid_to: String,
}

/// A validated certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidCertificate {
    /// officer
    pub officer_id: i64,
    /// number
    pub number: CertificateNumber,
    /// issuer
    pub issuer: String,
    /// domain
    pub domain: String,
    /// area
    pub area: String,
    /// from
    pub valid_from: NaiveDate,
    /// to
    pub valid_to: NaiveDate,
}

impl CertificateInput {
    /// Validates every field.
    pub fn validate(&self) -> Result<ValidCertificate, Invalid> {
        let mut inv = Invalid::default();
        if self.officer_id <= 0 {
            inv.push("officer_id", "请选择持证人员");
        }
        let number = inv.check("number", CertificateNumber::parse(&self.number));
        let issuer = required_text(&mut inv, "issuer", "发证机关", &self.issuer, 60);
        if !issuer.is_empty() && issuer != TIANJIN_GOVERNMENT && !is_state_council_department(&issuer) {
            inv.push("issuer", "发证机关应为天津市人民政府或国务院部门");
        }
        let domain = required_text(&mut inv, "domain", "执法领域", &self.domain, 30);
        let area = required_text(&mut inv, "area", "执法区域", &self.area, 60);
        let from = inv.check("valid_from", crate::time::parse_date(&self.valid_from));
        let to = inv.check("valid_to", crate::time::parse_date(&self.valid_to));
        if let (Some(f), Some(t)) = (from, to)
            && t <= f
        {
            inv.push("valid_to", "有效期至应晚于有效期起");
        }
        match (number, from, to) {
            (Some(number), Some(valid_from), Some(valid_to)) if inv.is_empty() => {
                Ok(ValidCertificate { officer_id: self.officer_id, number, issuer, domain, area, valid_from, valid_to })
            }
            _ => Err(inv),
        }
    }
}

/// A State Council department's name: starts with 国家/中华人民共和国 or names a ministry,
/// commission, administration or bureau at national level.
fn is_state_council_department(s: &str) -> bool {
    let national = s.starts_with("国家")
        || s.starts_with("中华人民共和国")
        || s.starts_with("国务院")
        || ["部", "海关总署", "总局", "委员会", "署"].iter().any(|suffix| s.ends_with(suffix))
            && !s.contains('市')
            && !s.contains('区');
    national && !s.contains("天津")
}

/// The status an officer may act under today: a stored `有效` certificate past its end date is
/// expired.
pub fn effective_status(
    stored: CertificateStatus,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    today: NaiveDate,
) -> CertificateStatus {
    match stored {
        CertificateStatus::Valid if today > valid_to => CertificateStatus::Expired,
        CertificateStatus::Valid if today < valid_from => CertificateStatus::Suspended,
        s => s,
    }
}

/// Whether a certificate's status may change from `from` to `to`.
///
/// 注销 is final; 过期 can only be followed by 注销 (a renewed certificate is a new one);
/// 暂扣 may be lifted back to 有效.
pub fn certificate_transition(from: CertificateStatus, to: CertificateStatus) -> Result<(), String> {
    use CertificateStatus::*;
    match (from, to) {
        (a, b) if a == b => Err(format!("证件已是“{}”状态", a.label())),
        (Revoked, _) => Err("证件已注销，不能再变更状态".into()),
        (Expired, Revoked) => Ok(()),
        (Expired, _) => Err("证件已过期，只能注销；请换发新证".into()),
        (Valid | Suspended, _) => Ok(()),
    }
}

/// Input for a certificate status change.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatusChangeInput {
    /// 新状态 (code or label)
    pub status: String,
    /// 原因
    pub reason: String,
    /// 生效日期 YYYY-MM-DD
    pub effective_date: String,
}

/// A validated status change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidStatusChange {
    /// new status
    pub status: CertificateStatus,
    /// reason
    pub reason: String,
    /// date
    pub effective_date: NaiveDate,
}

impl StatusChangeInput {
    /// Validates every field.
    pub fn validate(&self) -> Result<ValidStatusChange, Invalid> {
        let mut inv = Invalid::default();
        let status = inv.check("status", CertificateStatus::parse(&self.status));
        let reason = required_text(&mut inv, "reason", "变更原因", &self.reason, 500);
        let date = inv.check("effective_date", crate::time::parse_date(&self.effective_date));
        match (status, date) {
            (Some(status), Some(effective_date)) if inv.is_empty() => {
                Ok(ValidStatusChange { status, reason, effective_date })
            }
            _ => Err(inv),
        }
    }
}

/// Input for a power-list item version.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PowerItemInput {
    /// 执法主体
    pub body_id: i64,
    /// 事项编码
    pub code: String,
    /// 事项名称
    pub name: String,
    /// 事项类别 (code or label)
    pub category: String,
    /// 法律依据, each `法律名称 第X条`
    pub legal_basis: Vec<String>,
    /// 程序类型 (code or label)
    pub procedure: String,
    /// 法定时限 in days
    pub time_limit_days: Option<i32>,
    /// whether the time limit counts working days
    #[serde(default)]
    pub time_limit_working: bool,
    /// 适用听证程序的行政许可事项（《行政许可法》第四十六条、第四十七条）
    #[serde(default)]
    pub hearing: bool,
    /// 救济途径
    pub remedy: String,
    /// 生效日期
    pub effective_from: String,
    /// 立/改/废/释
    pub change_kind: String,
    /// 变更原因
    pub change_reason: String,
    /// 受理条件（服务指南）
    #[serde(default)]
    pub conditions: String,
    /// 申请材料（服务指南），one per entry
    #[serde(default)]
    pub materials: Vec<String>,
    /// 改、废时对此前违法行为的效力（《行政处罚法》第三十七条；处罚事项填写，缺省为不溯及既往）
    #[serde(default)]
    pub retroactivity: String,
}

/// A validated power-list item version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidPowerItem {
    /// body
    pub body_id: i64,
    /// code
    pub code: String,
    /// name
    pub name: String,
    /// category
    pub category: PowerCategory,
    /// legal basis
    pub legal_basis: Vec<LegalRef>,
    /// procedure
    pub procedure: ProcedureKind,
    /// time limit (days, kind)
    pub time_limit: Option<(i32, DayKind)>,
    /// a licensing item where a hearing applies
    pub hearing: bool,
    /// remedy
    pub remedy: String,
    /// effective from
    pub effective_from: NaiveDate,
    /// change kind
    pub change_kind: ChangeKind,
    /// change reason
    pub change_reason: String,
    /// 受理条件 (empty: none stated)
    pub conditions: String,
    /// 申请材料
    pub materials: Vec<String>,
    /// what an amendment or abolition means for earlier acts (处罚法 art. 37)
    pub retroactivity: Option<Retroactivity>,
}

impl PowerItemInput {
    /// Validates every field.
    pub fn validate(&self) -> Result<ValidPowerItem, Invalid> {
        let mut inv = Invalid::default();
        if self.body_id <= 0 {
            inv.push("body_id", "请选择执法主体");
        }
        let code = required_text(&mut inv, "code", "事项编码", &self.code, 40);
        if !code.is_empty() && !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            inv.push("code", "事项编码只能包含字母、数字、“-”和“_”");
        }
        let name = required_text(&mut inv, "name", "事项名称", &self.name, 200);
        let category = inv.check("category", PowerCategory::parse(&self.category));
        let mut legal_basis = Vec::new();
        for b in self.legal_basis.iter().filter(|b| !b.trim().is_empty()) {
            if let Some(r) = inv.check("legal_basis", LegalRef::parse(b)) {
                legal_basis.push(r);
            }
        }
        if legal_basis.is_empty() && !self.legal_basis.iter().any(|b| !b.trim().is_empty()) {
            inv.push("legal_basis", "至少填写一项法律依据");
        }
        let procedure = inv.check("procedure", ProcedureKind::parse(&self.procedure));
        let time_limit = match self.time_limit_days {
            Some(d) if !(1..=3650).contains(&d) => {
                inv.push("time_limit_days", "法定时限应在1至3650日之间");
                None
            }
            Some(d) => Some((d, if self.time_limit_working { DayKind::Working } else { DayKind::Calendar })),
            None => None,
        };
        if self.hearing && category.is_some_and(|c| c != PowerCategory::Licensing) {
            inv.push("hearing", "只有行政许可事项可标记适用听证（《行政许可法》第四十六条、第四十七条）");
        }
        let remedy = required_text(&mut inv, "remedy", "救济途径", &self.remedy, 500);
        let effective_from = inv.check("effective_from", crate::time::parse_date(&self.effective_from));
        let change_kind = inv.check("change_kind", ChangeKind::parse(&self.change_kind));
        let change_reason = required_text(&mut inv, "change_reason", "变更原因", &self.change_reason, 500);
        let conditions = self.conditions.trim().to_string();
        if conditions.chars().count() > 2000 {
            inv.push("conditions", "受理条件最多2000字");
        }
        let materials: Vec<String> =
            self.materials.iter().map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
        if materials.len() > 50 || materials.iter().any(|m| m.chars().count() > 200) {
            inv.push("materials", "申请材料最多50项，每项最多200字");
        }
        let retroactivity = match self.retroactivity.trim() {
            "" => None,
            r => inv.check("retroactivity", Retroactivity::parse(r)),
        };
        if retroactivity.is_some()
            && !(matches!(change_kind, Some(ChangeKind::Amend | ChangeKind::Abolish))
                && category == Some(PowerCategory::Penalty))
        {
            inv.push(
                "retroactivity",
                "只有行政处罚事项的“改”“废”需要说明对此前违法行为的效力（《行政处罚法》第三十七条）",
            );
        }
        match (category, procedure, effective_from, change_kind) {
            (Some(category), Some(procedure), Some(effective_from), Some(change_kind)) if inv.is_empty() => {
                Ok(ValidPowerItem {
                    body_id: self.body_id,
                    code,
                    name,
                    category,
                    legal_basis,
                    procedure,
                    time_limit,
                    hearing: self.hearing,
                    remedy,
                    effective_from,
                    change_kind,
                    change_reason,
                    conditions,
                    materials,
                    retroactivity,
                })
            }
            _ => Err(inv),
        }
    }
}

/// Checks a new version against the item's latest version: 立 only for a new code, 改/废/释 only
/// for an existing item still in force, and never dated before the latest version (history is
/// never rewritten, 处罚法 art. 37 needs the version in force on any past day).
pub fn check_power_version(new: &ValidPowerItem, latest: Option<(ChangeKind, NaiveDate)>) -> Result<(), Invalid> {
    match (new.change_kind, latest) {
        (ChangeKind::Establish, Some(_)) => {
            Err(Invalid::field("code", format!("事项编码“{}”已存在，请选择“改”“废”或“释”", new.code)))
        }
        (ChangeKind::Establish, None) => Ok(()),
        (_, None) => Err(Invalid::field("change_kind", format!("事项“{}”不存在，新事项应选择“立”", new.code))),
        (_, Some((ChangeKind::Abolish, _))) => Err(Invalid::field("change_kind", "该事项已废止，不能再变更")),
        (_, Some((_, since))) if new.effective_from <= since => Err(Invalid::field(
            "effective_from",
            format!("生效日期应晚于现行版本的生效日期（{since}），历史版本不能改写"),
        )),
        _ => Ok(()),
    }
}

/// Input for designating a legal reviewer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReviewerInput {
    /// the officer (staff or engaged) record
    pub officer_id: i64,
    /// 类型 (code or label)
    pub kind: String,
    /// 开始从事法制审核的日期（2021年7月15日以后初次从事的，须有法律职业资格）
    pub since: String,
}

/// The day the revised 《行政处罚法》 took effect (2021-07-15): from then on a person who
/// starts reviewing penalty decisions must hold 法律职业资格 (art. 58 para. 2).
pub fn penalty_law_2021() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 7, 15).unwrap_or_default()
}

/// 《行政处罚法》第五十八条第二款: 行政机关中初次从事行政处罚决定法制审核的人员，应当通过国家统一
/// 法律职业资格考试取得法律职业资格. `since` is the day the person started reviewing: before the
/// article took effect they are not reviewing for the first time under it.
pub fn check_reviewer_qualification(since: NaiveDate, qualification_no: Option<&str>) -> Result<(), Invalid> {
    if since >= penalty_law_2021() && qualification_no.is_none_or(|q| q.trim().is_empty()) {
        return Err(Invalid::field(
            "officer_id",
            "初次从事法制审核的人员应当取得法律职业资格：请先在人员信息中填写其法律职业资格证书编号（依据：《行政处罚法》第五十八条第二款）",
        ));
    }
    Ok(())
}

/// The reviewer ratio of one body: reviewers against enforcement officers, with the floor of
/// 5% from the seed plan §四(一)2 (“法制审核人员不少于本单位执法人员总数的5%”).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReviewerRatio {
    /// reviewers
    pub reviewers: i64,
    /// enforcement officers
    pub officers: i64,
    /// ratio in basis points (1/100 of a percent), for display
    pub basis_points: i64,
    /// whether the 5% floor is met
    pub meets_floor: bool,
}

/// Computes the ratio with the seed plan's 5% floor (§四(一)2), exactly in integers.
pub fn reviewer_ratio(reviewers: i64, officers: i64) -> ReviewerRatio {
    let basis_points = if officers > 0 { reviewers * 10_000 / officers } else { 0 };
    // reviewers / officers >= 5/100  <=>  reviewers * 20 >= officers
    let meets_floor = officers == 0 || reviewers * 20 >= officers;
    ReviewerRatio { reviewers, officers, basis_points, meets_floor }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_plan_5_percent_floor() {
        assert!(reviewer_ratio(1, 20).meets_floor);
        assert!(!reviewer_ratio(1, 21).meets_floor);
        assert!(!reviewer_ratio(0, 1).meets_floor);
        assert!(reviewer_ratio(0, 0).meets_floor);
        assert_eq!(reviewer_ratio(1, 8).basis_points, 1250);
    }

    #[test]
    fn art_58_2_a_first_time_reviewer_holds_the_legal_qualification() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let e = check_reviewer_qualification(d("2021-07-15"), None).unwrap_err();
        assert!(e.errors[0].message.contains("第五十八条第二款"), "{e}");
        assert!(check_reviewer_qualification(d("2026-01-01"), Some(" ")).is_err());
        assert!(check_reviewer_qualification(d("2026-01-01"), Some("A20121201009001")).is_ok());
        // Reviewing since before the article took effect: not a first-time reviewer under it.
        assert!(check_reviewer_qualification(d("2019-03-01"), None).is_ok());
    }

    #[test]
    fn entrusted_organization_needs_entrusting_body() {
        let input = BodyInput {
            name: "某综合执法队".into(),
            kind: "受委托组织".into(),
            area: "宝坻区".into(),
            legal_basis: "依据".into(),
            reconsideration_organ: "宝坻区人民政府".into(),
            court: "宝坻区人民法院".into(),
            review_organ: "法制科".into(),
            ..Default::default()
        };
        let e = input.validate().unwrap_err();
        assert_eq!(e.errors[0].field, "entrusting_body_id");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let e = OfficerInput { body_id: 0, name: " ".into(), id_number: Some("123".into()), ..Default::default() }
            .validate()
            .unwrap_err();
        let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["body_id", "name", "id_number", "post", "domains"]);
    }

    #[test]
    fn certificate_dates_must_be_ordered_and_issuer_known() {
        let e = CertificateInput {
            officer_id: 1,
            number: "津12011500001".into(),
            issuer: "宝坻区司法局".into(),
            domain: "市场监管".into(),
            area: "宝坻区".into(),
            valid_from: "2026-01-01".into(),
            valid_to: "2025-01-01".into(),
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["issuer", "valid_to"]);
        assert!(is_state_council_department("生态环境部"));
        assert!(is_state_council_department("国家市场监督管理总局"));
        assert!(!is_state_council_department("天津市市场监督管理委员会"));
    }

    #[test]
    fn revoked_certificate_is_final_and_expired_only_revocable() {
        use CertificateStatus::*;
        assert!(certificate_transition(Revoked, Valid).is_err());
        assert!(certificate_transition(Expired, Valid).is_err());
        assert!(certificate_transition(Expired, Revoked).is_ok());
        assert!(certificate_transition(Suspended, Valid).is_ok());
        assert!(certificate_transition(Valid, Valid).is_err());
    }

    #[test]
    fn stored_valid_past_end_date_is_expired() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            effective_status(CertificateStatus::Valid, d("2020-01-01"), d("2026-11-25"), d("2026-11-26")),
            CertificateStatus::Expired
        );
        assert_eq!(
            effective_status(CertificateStatus::Valid, d("2020-01-01"), d("2026-11-26"), d("2026-11-26")),
            CertificateStatus::Valid
        );
    }

    #[test]
    fn legal_ref_parses_common_forms() {
        let r = LegalRef::parse("《中华人民共和国食品安全法》第一百二十四条").unwrap();
        assert_eq!(r.law, "中华人民共和国食品安全法");
        assert_eq!(r.article, "第一百二十四条");
        assert!(LegalRef::parse("食品安全法").is_err());
    }

    /// 处罚法 art. 37: the version in force on a past day must stay retrievable, so a new version
    /// may not be dated on or before the latest one.
    #[test]
    fn art37_power_list_history_is_never_rewritten() {
        let item = ValidPowerItem {
            body_id: 1,
            code: "CF-001".into(),
            name: "x".into(),
            category: PowerCategory::Penalty,
            legal_basis: vec![],
            procedure: ProcedureKind::PenaltyGeneral,
            time_limit: None,
            hearing: false,
            remedy: "复议".into(),
            effective_from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            change_kind: ChangeKind::Amend,
            change_reason: "修法".into(),
            conditions: String::new(),
            materials: Vec::new(),
            retroactivity: None,
        };
        let since = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert!(check_power_version(&item, Some((ChangeKind::Establish, since))).is_err());
        assert!(check_power_version(&item, None).is_err());
        let later = ValidPowerItem { effective_from: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(), ..item.clone() };
        assert!(check_power_version(&later, Some((ChangeKind::Establish, since))).is_ok());
        assert!(check_power_version(&later, Some((ChangeKind::Abolish, since))).is_err());
    }
}
