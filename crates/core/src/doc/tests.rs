use super::template::{check_penalty_decision, sample_context};
use super::*;

#[test]
fn every_standard_template_fills_with_every_variable() {
    for k in DocKind::ALL {
        if let Err(r) = validate_template(*k, standard_template(*k)) {
            panic!("{}: {r}", k.label());
        }
    }
}

#[test]
fn every_kind_is_made_from_steps_of_some_case_kind_and_required_documents_match_their_step() {
    for k in DocKind::ALL {
        assert!(crate::case::CaseKind::ALL.iter().any(|c| k.fits(*c)), "{}", k.label());
    }
    for s in crate::case::StepKind::ALL {
        if let Some(d) = DocKind::required_for(*s) {
            assert!(d.steps().contains(s), "{} for {}", d.label(), s.label());
        }
    }
}

#[test]
fn document_numbers_per_body_word_and_year() {
    assert_eq!(doc_number(3, "罚决", 2026, 12), "003罚决〔2026〕12号");
    assert_eq!(DocKind::PenaltyDecision.word(), Some("罚决"));
    assert_eq!(DocKind::ServiceReceipt.word(), None);
}

#[test]
fn art_59_decision_with_every_element_is_issued() {
    let ctx = sample_context();
    let f = fill(DocKind::PenaltyDecision, standard_template(DocKind::PenaltyDecision), &ctx).expect("fills");
    for want in [
        "示例食品店",
        "示例市示例区和平路1号",
        "现场照片",
        "警告；罚款3,000.00元",
        "十五日内",
        "示例区人民政府",
        "示例区人民法院",
        "（印章）",
        "2026年5月6日",
    ] {
        assert!(f.text.contains(want), "{want}");
    }
}

#[test]
fn art_59_decision_missing_an_element_is_refused_naming_it() {
    let mut ctx = sample_context();
    ctx.party.address.clear();
    ctx.parties[0].address.clear();
    ctx.evidence.clear();
    let r = fill(DocKind::PenaltyDecision, standard_template(DocKind::PenaltyDecision), &ctx).expect_err("refused");
    assert_eq!(r.rule, "《行政处罚法》第五十九条");
    assert!(r.message.contains("（一）当事人示例食品店的地址"), "{}", r.message);
    assert!(r.message.contains("（二）证据"), "{}", r.message);

    let mut ctx = sample_context();
    ctx.body.reconsideration_organ.clear();
    let r = fill(DocKind::PenaltyDecision, standard_template(DocKind::PenaltyDecision), &ctx).expect_err("refused");
    assert!(r.message.contains("（五）申请行政复议"), "{}", r.message);
}

#[test]
fn art_59_adapted_template_that_drops_the_remedies_cannot_be_filed() {
    let adapted: String = standard_template(DocKind::PenaltyDecision)
        .lines()
        .filter(|l| !l.contains("申请行政复议"))
        .collect::<Vec<_>>()
        .join("\n");
    let r = validate_template(DocKind::PenaltyDecision, &adapted).expect_err("refused");
    assert!(r.message.contains("（五）"), "{}", r.message);
    // The check also stands on its own.
    assert!(check_penalty_decision(&sample_context(), "只有标题").is_err());
}

#[test]
fn a_misspelt_variable_is_an_error_with_its_line() {
    let r = validate_template(DocKind::PenaltyNotice, "# 标题\n{{ party.nmae }}\n").expect_err("refused");
    assert!(r.message.contains("第2行"), "{}", r.message);
    let r = validate_template(DocKind::PenaltyNotice, "没有标题").expect_err("refused");
    assert!(r.message.contains("标题"), "{}", r.message);
    assert!(validate_template(DocKind::PenaltyNotice, "  ").is_err());
}

#[test]
fn filled_values_cannot_forge_markup() {
    let mut ctx = sample_context();
    ctx.party.name = "# 伪造标题\n| 伪造 | 表格 |".into();
    let f = fill(DocKind::RectificationOrder, standard_template(DocKind::RectificationOrder), &ctx).expect("fills");
    let titles = f.blocks.iter().filter(|b| matches!(b, layout::Block::Title { .. })).count();
    assert_eq!(titles, 1);
    assert!(!f.blocks.iter().any(|b| matches!(b, layout::Block::Table { .. })));
}

#[test]
fn diff_shows_changed_lines_only() {
    let d = diff_lines("a\nb\nc\n", "a\nB\nc\nd\n");
    let ops: String = d.iter().map(|l| l.op).collect();
    assert_eq!(ops, "=-+=+");
    assert_eq!(d[2].text, "B");
}

#[test]
fn the_form_says_which_fields_a_document_prints() {
    use super::{DocKind, prints};
    assert!(prints(DocKind::PenaltyDecision, "content"));
    assert!(prints(DocKind::PenaltyDecision, "legal_basis") && prints(DocKind::PenaltyDecision, "fine"));
    assert!(prints(DocKind::PenaltyDecision, "evidence_ids"));
    assert!(!prints(DocKind::PenaltyDecision, "witness"));
    assert!(prints(DocKind::ServiceReceipt, "method"));
    assert!(!prints(DocKind::FilingApproval, "bogus"));
}
