//! Filling a template: a MiniJinja template whose output is the layout markup of
//! [`super::layout`]. Values are escaped on the way in (they cannot make markup), a misspelt
//! variable is an error (not an empty gap in a legal document), and the result is checked for
//! the elements the law requires of the document.

use super::DocKind;
use super::context::{DocContext, EvidenceInfo, OfficerInfo, PartyInfo, StepInfo};
use super::layout::{Block, escape_value, parse, plain_text};
use crate::case::Refusal;
use minijinja::{Environment, UndefinedBehavior, Value};

/// A filled document.
#[derive(Debug, Clone)]
pub struct Filled {
    /// the markup the template produced
    pub markup: String,
    /// the blocks
    pub blocks: Vec<Block>,
    /// plain text (checks, search)
    pub text: String,
}

const ART_59: &str = "《行政处罚法》第五十九条";
/// The longest template accepted (characters).
pub const TEMPLATE_MAX: usize = 20_000;

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_recursion_limit(32);
    env.set_formatter(|out, _state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let s = match value.as_str() {
            Some(s) => escape_value(s),
            None => escape_value(&value.to_string()),
        };
        out.write_str(&s).map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
    });
    env
}

fn template_error(e: &minijinja::Error) -> Refusal {
    let at = e.line().map(|l| format!("第{l}行：")).unwrap_or_default();
    let detail = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    Refusal::new("content", "文书模板", format!("模板{at}{detail}"))
}

/// Fills `template` (the body's approved version or the standard one) with `ctx`, and checks
/// what the law requires of a document of `kind`.
pub fn fill(kind: DocKind, template: &str, ctx: &DocContext) -> Result<Filled, Refusal> {
    let env = environment();
    let markup = env.render_str(template, Value::from(minijinja::value::Serde(ctx))).map_err(|e| template_error(&e))?;
    let blocks = parse(&markup);
    let text = plain_text(&blocks);
    if !blocks.iter().any(|b| matches!(b, Block::Title { .. })) {
        return Err(Refusal::new("content", "文书模板", "文书没有标题（以“# ”开头的一行）"));
    }
    if kind == DocKind::PenaltyDecision {
        check_penalty_decision(ctx, &text)?;
    }
    if kind == DocKind::ServiceReceipt {
        check_service_receipt(ctx, &text)?;
    }
    Ok(Filled { markup, blocks, text })
}

/// The elements of art. 59 a 行政处罚决定书 lacks, each with its item; checked both on the case
/// data (something to say) and on the text (the template says it).
pub fn penalty_decision_gaps(ctx: &DocContext, text: &str) -> Vec<String> {
    let has = |s: &str| !s.trim().is_empty() && text.contains(s.trim());
    let mut gaps = Vec::new();
    let parties = if ctx.parties.is_empty() { std::slice::from_ref(&ctx.party) } else { &ctx.parties[..] };
    for p in parties {
        if !has(&p.name) {
            gaps.push(format!(
                "（一）当事人的姓名或者名称{}",
                if p.name.is_empty() { String::new() } else { format!("“{}”", p.name) }
            ));
        }
        if !has(&p.address) {
            gaps.push(format!("（一）当事人{}的地址", p.name));
        }
    }
    let facts = if ctx.step.content.trim().is_empty() { &ctx.case.facts } else { &ctx.step.content };
    let facts_head: String = facts.trim().chars().take(12).collect::<String>().replace('\n', "");
    if facts_head.is_empty() || !text.replace('\n', "").contains(&facts_head) {
        gaps.push("（二）违反法律、法规、规章的事实".into());
    }
    if ctx.evidence.is_empty() || !ctx.evidence.iter().any(|e| has(&e.title)) {
        gaps.push("（二）证据（本案尚无登记的证据，或文书未列明证据）".into());
    }
    if !has(&ctx.step.penalty) {
        gaps.push("（三）行政处罚的种类".into());
    }
    if ctx.step.legal_basis.is_empty() || !ctx.step.legal_basis.iter().all(|b| has(b)) {
        gaps.push("（三）行政处罚的依据".into());
    }
    let pays = !ctx.step.fine.is_empty() || !ctx.step.confiscation.is_empty();
    if pays && !(text.contains("缴纳") && text.contains("日内")) {
        gaps.push("（四）行政处罚的履行方式和期限".into());
    }
    if !has(&ctx.body.reconsideration_organ) || !text.contains("六十日") {
        gaps.push("（五）申请行政复议的途径和期限".into());
    }
    if !has(&ctx.body.court) || !text.contains("六个月") {
        gaps.push("（五）提起行政诉讼的途径和期限".into());
    }
    if !has(&ctx.body.name) {
        gaps.push("（六）作出决定的行政机关名称".into());
    }
    if !has(&ctx.doc.date) {
        gaps.push("（六）作出决定的日期".into());
    }
    if !text.contains("（印章）") {
        gaps.push("加盖作出决定的行政机关印章的位置（“（印章）”）".into());
    }
    gaps
}

/// 行政处罚法 art. 59: a 行政处罚决定书 states the party, facts and evidence, the penalty and its
/// basis, how and by when to perform it, the routes and periods for reconsideration and
/// litigation, and the deciding body and date, and carries its seal. Refuses to issue one that
/// lacks any of them.
pub fn check_penalty_decision(ctx: &DocContext, text: &str) -> Result<(), Refusal> {
    let gaps = penalty_decision_gaps(ctx, text);
    if gaps.is_empty() {
        return Ok(());
    }
    Err(Refusal::new("kind", ART_59, format!("行政处罚决定书缺少法定内容：{}", gaps.join("；"))))
}

/// A 送达回证 names the document it is for, with its number (《民事诉讼法》第八十七条: 送达文书
/// 必须有送达回证, as applied by 《行政处罚法》第六十一条).
pub fn check_service_receipt(ctx: &DocContext, text: &str) -> Result<(), Refusal> {
    let s = &ctx.served;
    for (what, v) in [("名称", &s.title), ("文号", &s.number)] {
        if !v.is_empty() && !text.contains(v.as_str()) {
            return Err(Refusal::new(
                "content",
                "《民事诉讼法》第八十七条（《行政处罚法》第六十一条）",
                format!("送达回证应载明送达文书的{what}（{v}）"),
            ));
        }
    }
    Ok(())
}

/// A context with every field filled, for checking a template before it is filed.
pub fn sample_context() -> DocContext {
    let officer = |n: &str, c: &str| OfficerInfo { name: n.into(), certificate: c.into() };
    let step = StepInfo {
        kind: "作出决定".into(),
        date: "2026年5月6日".into(),
        time: "2026年5月6日 09:30".into(),
        place: "示例市示例区和平路1号".into(),
        content: "经查，当事人于2026年3月1日销售超过保质期的食品。".into(),
        penalty: "警告；罚款3,000.00元".into(),
        fine: "3,000.00".into(),
        confiscation: "420.00".into(),
        legal_basis: vec!["《中华人民共和国食品安全法》第一百二十四条".into()],
        legal_basis_text: "《中华人民共和国食品安全法》第一百二十四条".into(),
        violated: vec!["《中华人民共和国食品安全法》第三十四条".into()],
        violated_text: "《中华人民共和国食品安全法》第三十四条".into(),
        interviewee: "示例人（当事人）".into(),
        method: "直接送达".into(),
        result: "同意".into(),
        items: vec!["酸奶 120盒".into()],
        from: "2026年5月6日".into(),
        to: "2026年6月4日".into(),
        days: "30".into(),
        witness: "见证人".into(),
        officers: vec![officer("甲", "00000001"), officer("乙", "00000002")],
        party_present: "是".into(),
        party_signed: "是".into(),
        urgent_reason: "紧急情况".into(),
        amount: "3,000.00".into(),
        hearing_right: "当事人有权要求听证".into(),
        waived: false,
        leniency: "从轻处罚".into(),
        leniency_basis: "当事人在违法行为发生时已满十四周岁不满十八周岁（《行政处罚法》第三十条）".into(),
        capacity: "具有完全责任能力".into(),
    };
    let party = PartyInfo {
        kind: "法人或其他组织".into(),
        name: "示例食品店".into(),
        id_label: "统一社会信用代码".into(),
        id_number: "91110105MA01ABCD2X".into(),
        legal_representative: "王某".into(),
        address: "示例市示例区和平路1号".into(),
        phone: "010-00000000".into(),
    };
    let steps = crate::case::StepKind::ALL.iter().map(|k| (k.code().to_string(), step.clone())).collect();
    DocContext {
        doc: super::context::DocInfo {
            title: "文书".into(),
            number: "001罚决〔2026〕1号".into(),
            date: "2026年5月6日".into(),
        },
        body: super::context::BodyInfo {
            name: "示例区市场监督管理局".into(),
            address: "示例区政务路1号".into(),
            phone: "010-00000001".into(),
            reconsideration_organ: "示例区人民政府".into(),
            court: "示例区人民法院".into(),
        },
        case: super::context::CaseInfo {
            number: "001-2026-CF00001".into(),
            kind: "行政处罚（一般程序）".into(),
            source: "投诉举报".into(),
            power_item: "对销售超过保质期食品的处罚".into(),
            power_item_code: "330217001000".into(),
            domain: "市场监管".into(),
            facts: "经查，当事人于2026年3月1日销售超过保质期的食品。".into(),
            act_date: "2026年3月1日".into(),
            filed_on: "2026年3月2日".into(),
        },
        parties: vec![party.clone()],
        party,
        officers: vec![officer("甲", "00000001"), officer("乙", "00000002")],
        step,
        steps,
        evidence: vec![EvidenceInfo {
            title: "现场照片".into(),
            kind: "照片".into(),
            captured: "2026年3月1日".into(),
            digest: "0123456789abcdef".into(),
        }],
        review: super::context::ReviewInfo {
            reasons: "一般程序行政处罚决定".into(),
            version: "2".into(),
            submitted_on: "2026年5月4日".into(),
            submitted_by: "王明".into(),
            proposal: "罚款5,000.00元".into(),
            facts: "销售超过保质期的食品20箱".into(),
            evidence: vec!["现场检查笔录".into()],
            legal_basis: vec!["《中华人民共和国食品安全法》第一百二十四条".into()],
            discretion: "初次违法，从轻".into(),
            points: vec![super::context::ReviewPointInfo {
                label: "执法主体是否合法".into(),
                result: "符合".into(),
                note: String::new(),
            }],
            outcome: "同意".into(),
            opinion: "事实清楚，证据充分，同意".into(),
            reviewer: "陈勇".into(),
            reviewed_on: "2026年5月5日".into(),
            signature: "4c0b2b962999a369".into(),
            rounds: vec!["第1版：修改后重新送审（2026年5月3日）".into()],
        },
        publication: super::context::PUBLICATION_NOTICE.into(),
        served: super::context::DocInfo {
            title: "行政处罚决定书".into(),
            number: "001罚决〔2026〕1号".into(),
            date: "2026年5月6日".into(),
        },
    }
}

/// Checks a template before it is filed: it must not be empty or oversized, must fill with
/// every variable available, and must keep what the law requires of its kind.
pub fn validate_template(kind: DocKind, template: &str) -> Result<Filled, Refusal> {
    let n = template.chars().count();
    if template.trim().is_empty() {
        return Err(Refusal::new("content", "文书模板", "模板内容不能为空"));
    }
    if n > TEMPLATE_MAX {
        return Err(Refusal::new("content", "文书模板", format!("模板过长（{n}字，最多{TEMPLATE_MAX}字）")));
    }
    let mut ctx = sample_context();
    ctx.doc.title = kind.label().to_string();
    ctx.doc.number = kind.word().map(|w| super::doc_number(1, w, 2026, 1)).unwrap_or_default();
    fill(kind, template, &ctx)
}
