//! What a template can use: the body, the case, its parties and officers, the step the
//! document is made from, earlier steps by kind, the evidence, and the document itself. The
//! names below are the template variables (documented for bodies adapting a template on the
//! template page); every value is text, already formatted for print.

use crate::case::{Party, PartyKind, Penalty, StepData, StepKind, format_yuan};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// The document being made.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocInfo {
    /// 文书名称
    pub title: String,
    /// 文号 (empty for records and forms)
    pub number: String,
    /// 制作日期, `2026年11月27日`
    pub date: String,
}

/// The enforcement body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BodyInfo {
    /// 名称
    pub name: String,
    /// 地址
    pub address: String,
    /// 电话
    pub phone: String,
    /// 行政复议机关
    pub reconsideration_organ: String,
    /// 行政诉讼管辖法院
    pub court: String,
}

/// The case.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseInfo {
    /// 案件编号
    pub number: String,
    /// 案件类别
    pub kind: String,
    /// 案件来源
    pub source: String,
    /// 权责清单事项
    pub power_item: String,
    /// 事项编码
    pub power_item_code: String,
    /// 执法领域
    pub domain: String,
    /// 案情（登记时）
    pub facts: String,
    /// 违法行为发生日期
    pub act_date: String,
    /// 立案日期
    pub filed_on: String,
}

/// A party.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartyInfo {
    /// 公民 / 法人或其他组织
    pub kind: String,
    /// 姓名或名称
    pub name: String,
    /// 公民身份号码 / 统一社会信用代码
    pub id_label: String,
    /// the number
    pub id_number: String,
    /// 法定代表人或负责人
    pub legal_representative: String,
    /// 住所或地址
    pub address: String,
    /// 联系电话
    pub phone: String,
}

impl From<&Party> for PartyInfo {
    fn from(p: &Party) -> Self {
        PartyInfo {
            kind: p.kind.label().to_string(),
            name: p.name.clone(),
            id_label: match p.kind {
                PartyKind::Person => "公民身份号码",
                PartyKind::Organisation => "统一社会信用代码",
            }
            .to_string(),
            id_number: p.id_number.clone(),
            legal_representative: p.legal_representative.clone().unwrap_or_default(),
            address: p.address.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
        }
    }
}

/// An officer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OfficerInfo {
    /// 姓名
    pub name: String,
    /// 执法证号
    pub certificate: String,
}

/// A recorded step, formatted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StepInfo {
    /// 环节名称
    pub kind: String,
    /// 日期 `2026年11月27日`
    pub date: String,
    /// 时间 `2026年11月27日 09:30`
    pub time: String,
    /// 地点
    pub place: String,
    /// 内容（笔录正文、事实、理由等）
    pub content: String,
    /// 处罚内容，如 `警告；罚款3,000.00元`
    pub penalty: String,
    /// 罚款（元）
    pub fine: String,
    /// 没收金额（元）
    pub confiscation: String,
    /// 法律依据，每条一项
    pub legal_basis: Vec<String>,
    /// 法律依据，连写
    pub legal_basis_text: String,
    /// 违反的法律条款
    pub violated: Vec<String>,
    /// 违反的法律条款，以顿号连接
    pub violated_text: String,
    /// 被询问人
    pub interviewee: String,
    /// 方式（送达方式、执行方式、强制措施种类等）
    pub method: String,
    /// 结果（审查、检查、许可结论等）
    pub result: String,
    /// 清单（物品、材料）
    pub items: Vec<String>,
    /// 起始日期
    pub from: String,
    /// 截止日期
    pub to: String,
    /// 天数
    pub days: String,
    /// 见证人
    pub witness: String,
    /// 在场执法人员
    pub officers: Vec<OfficerInfo>,
    /// 当事人是否在场 `是` / `否`
    pub party_present: String,
    /// 当事人是否签名 `是` / `否`
    pub party_signed: String,
    /// 紧急情况说明
    pub urgent_reason: String,
    /// 金额（元）
    pub amount: String,
    /// 听证权利（事先告知时确定）
    pub hearing_right: String,
    /// 当事人放弃陈述、申辩（陈述申辩环节）
    pub waived: bool,
    /// 从宽处罚：从轻处罚、减轻处罚
    pub leniency: String,
    /// 从宽处罚的法定情节（未成年人、限制责任能力）
    pub leniency_basis: String,
    /// 责任能力的认定
    pub capacity: String,
}

/// An evidence item of the case.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceInfo {
    /// 证据名称
    pub title: String,
    /// 种类
    pub kind: String,
    /// 采集时间
    pub captured: String,
    /// SM3 摘要（前 16 位）
    pub digest: String,
}

/// One point of the reviewer's checklist, as printed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewPointInfo {
    /// 审核要点
    pub label: String,
    /// 符合 / 不符合（涉嫌犯罪一项：不涉嫌 / 涉嫌）
    pub result: String,
    /// 意见
    pub note: String,
}

/// The review the 法制审核意见书 states: the version reviewed, the opinion on it and who gave it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewInfo {
    /// 须经审核的理由
    pub reasons: String,
    /// 送审版本
    pub version: String,
    /// 送审日期
    pub submitted_on: String,
    /// 送审人
    pub submitted_by: String,
    /// 拟作出的决定
    pub proposal: String,
    /// 案件事实
    pub facts: String,
    /// 证据清单
    pub evidence: Vec<String>,
    /// 法律依据
    pub legal_basis: Vec<String>,
    /// 裁量理由
    pub discretion: String,
    /// 审核要点，逐项
    pub points: Vec<ReviewPointInfo>,
    /// 审核结论
    pub outcome: String,
    /// 审核意见
    pub opinion: String,
    /// 审核人员
    pub reviewer: String,
    /// 审核日期
    pub reviewed_on: String,
    /// 电子签名（审核人员公钥指纹）
    pub signature: String,
    /// 此前各轮（版本、结论、日期）
    pub rounds: Vec<String>,
}

/// Everything a template can use.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocContext {
    /// the document
    pub doc: DocInfo,
    /// the body
    pub body: BodyInfo,
    /// the case
    pub case: CaseInfo,
    /// every party
    pub parties: Vec<PartyInfo>,
    /// the first party
    pub party: PartyInfo,
    /// the handling officers
    pub officers: Vec<OfficerInfo>,
    /// the step the document is made from
    pub step: StepInfo,
    /// the latest step of each kind so far, by step code (`notify_intent`, `statement`, …)
    pub steps: BTreeMap<String, StepInfo>,
    /// the case's evidence
    pub evidence: Vec<EvidenceInfo>,
    /// the legal review (filled for the 法制审核意见书)
    pub review: ReviewInfo,
    /// the document a 送达回证 is for: its title and number (empty for other kinds)
    pub served: DocInfo,
    /// what the decision tells the party of its publication (empty when it is not published):
    /// 《市场监督管理行政处罚信息公示规定》第八条, seed §二(三)
    pub publication: String,
}

/// The sentence a decision that will be published tells its party (《市场监督管理行政处罚信息公示规定》
/// 第八条: at service the party is told in writing that the decision will be published).
pub const PUBLICATION_NOTICE: &str = "本行政处罚决定信息将依法向社会公示。";

/// `2026年11月27日`.
pub fn cn_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Formats a recorded step for print; `officer` names an officer by id.
pub fn step_info(
    kind: StepKind,
    occurred_at: DateTime<Utc>,
    data: &StepData,
    officer: &dyn Fn(i64) -> OfficerInfo,
) -> StepInfo {
    let local = occurred_at.with_timezone(&crate::time::shanghai());
    let yes_no = |b: bool| if b { "是" } else { "否" }.to_string();
    let penalty = data.penalty.as_ref();
    let legal_basis: Vec<String> = data.legal_basis.iter().map(crate::registry::LegalRef::display).collect();
    let violated: Vec<String> = data.violated.iter().map(crate::registry::LegalRef::display).collect();
    StepInfo {
        kind: kind.label().to_string(),
        date: cn_date(local.date_naive()),
        time: format!("{} {}", cn_date(local.date_naive()), local.format("%H:%M")),
        place: data.place.clone().unwrap_or_default(),
        content: data.content.clone().unwrap_or_default(),
        penalty: penalty.map(Penalty::describe).unwrap_or_default(),
        fine: penalty.and_then(|p| p.fine_fen).map(format_yuan).unwrap_or_default(),
        confiscation: penalty.and_then(|p| p.confiscation_fen).map(format_yuan).unwrap_or_default(),
        legal_basis_text: legal_basis.join("、"),
        violated_text: violated.join("、"),
        violated,
        interviewee: data.interviewee.clone().unwrap_or_default(),
        legal_basis,
        method: data.method.as_deref().map(|m| crate::case::method_label(kind, m)).unwrap_or_default(),
        result: data.result.as_deref().map(|m| crate::case::result_label(kind, m)).unwrap_or_default(),
        items: data.items.clone(),
        from: data.from_date.map(cn_date).unwrap_or_default(),
        to: data.to_date.map(cn_date).unwrap_or_default(),
        days: data.days.map(|d| d.to_string()).unwrap_or_default(),
        witness: data.witness.clone().unwrap_or_default(),
        officers: data.officer_ids.iter().map(|id| officer(*id)).collect(),
        party_present: data.party_present.map(yes_no).unwrap_or_default(),
        party_signed: yes_no(data.party_signed),
        urgent_reason: data.urgent_reason.clone().unwrap_or_default(),
        amount: data.amount_fen.map(format_yuan).unwrap_or_default(),
        hearing_right: data.hearing_right.clone().unwrap_or_default(),
        waived: data.waived,
        leniency: data.leniency.map(|l| l.label().to_string()).unwrap_or_default(),
        leniency_basis: data.leniency_basis.clone().unwrap_or_default(),
        capacity: data.capacity.map(|c| c.label().to_string()).unwrap_or_default(),
    }
}
