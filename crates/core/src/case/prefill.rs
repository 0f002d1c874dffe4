//! Forms that remember: what a step's form is filled with from the steps already recorded, so
//! that a fact is typed once. The decision takes the 告知书's findings (the party was told those,
//! and a heavier decision is refused by 《行政处罚法》第四十五条 anyway); the payment takes the
//! decided fine. The officer changes what differs; the checks are the same as for a typed form.

use super::machine::Recorded;
use super::model::{StepKind, format_yuan};
use std::collections::BTreeMap;

/// A form's values taken from an earlier step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefill {
    /// the step the values come from
    pub source: StepKind,
    /// form field → values (one per line; several for check boxes)
    pub values: BTreeMap<&'static str, Vec<String>>,
}

/// The values a new step of `kind` starts with, from the latest step it follows; `None` when
/// nothing recorded carries over.
pub fn prefill(kind: StepKind, history: &[Recorded]) -> Option<Prefill> {
    use StepKind as S;
    let latest = |kinds: &[StepKind]| history.iter().rev().find(|r| kinds.contains(&r.kind));
    let mut values: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let source = match kind {
        S::Decide => {
            let n = latest(&[S::NotifyIntent])?;
            let d = &n.data;
            if let Some(c) = &d.content {
                values.insert("content", vec![c.clone()]);
            }
            if !d.violated.is_empty() {
                values.insert("violated", d.violated.iter().map(|r| r.display()).collect());
            }
            if !d.legal_basis.is_empty() {
                values.insert("legal_basis", d.legal_basis.iter().map(|r| r.display()).collect());
            }
            if let Some(p) = &d.penalty {
                values.insert("penalty_kinds", p.kinds.iter().map(|k| k.code().to_string()).collect());
                if let Some(f) = p.fine_fen {
                    values.insert("fine", vec![format_yuan(f).replace(',', "")]);
                }
                if let Some(f) = p.confiscation_fen {
                    values.insert("confiscation", vec![format_yuan(f).replace(',', "")]);
                }
            }
            if let Some(l) = d.leniency {
                values.insert("leniency", vec![l.code().to_string()]);
            }
            if let Some(c) = d.capacity {
                values.insert("capacity", vec![c.code().to_string()]);
            }
            n.kind
        }
        S::Execute => {
            let d = latest(&[S::Decide, S::OnsiteDecision])?;
            let fine = d.data.penalty.as_ref().and_then(|p| p.fine_fen)?;
            values.insert("amount", vec![format_yuan(fine).replace(',', "")]);
            d.kind
        }
        _ => return None,
    };
    (!values.is_empty()).then_some(Prefill { source, values })
}

/// The first submission for legal review (送审材料), drafted from the record: the proposal, the
/// facts and the basis of the latest 告知 (what the party was told), and the investigation's
/// records as the evidence list. `None` before a 告知.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubmissionDraft {
    /// 拟作出的决定
    pub proposal: String,
    /// 案件事实
    pub facts: String,
    /// 证据清单
    pub evidence: Vec<String>,
    /// 法律依据
    pub legal_basis: Vec<String>,
}

/// Drafts the 送审材料 from the steps recorded.
pub fn submission(history: &[Recorded]) -> Option<SubmissionDraft> {
    use StepKind as S;
    let n = history.iter().rev().find(|r| r.kind == S::NotifyIntent)?;
    let d = &n.data;
    let proposal = d.penalty.as_ref().map(|p| format!("给予{}", p.describe())).unwrap_or_default();
    let evidence = history
        .iter()
        .filter_map(|r| {
            let day = crate::time::shanghai_date(r.occurred_at);
            match r.kind {
                S::Investigate | S::Inspect => Some(format!("现场检查（勘验）笔录（{day}）")),
                S::Inquire => {
                    Some(format!("询问笔录（{}，{day}）", r.data.interviewee.as_deref().unwrap_or("被询问人")))
                }
                S::PreserveEvidence => Some(format!("先行登记保存证据清单（{day}）")),
                _ => None,
            }
        })
        .chain(d.evidence_ids.iter().map(|id| format!("证据第{id}号")))
        .collect();
    Some(SubmissionDraft {
        proposal,
        facts: d.content.clone().unwrap_or_default(),
        evidence,
        legal_basis: d.violated.iter().chain(&d.legal_basis).map(|r| r.display()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::input::StepData;
    use crate::case::model::{Penalty, PenaltyKind};
    use crate::registry::LegalRef;

    fn at(kind: StepKind, data: StepData) -> Recorded {
        Recorded { kind, occurred_at: chrono::Utc::now(), data }
    }

    #[test]
    fn art_45_the_decision_form_starts_from_what_the_party_was_told() {
        let notice = StepData {
            content: Some("销售超过保质期的食品20箱".into()),
            violated: vec![LegalRef::parse("食品安全法 第三十四条").unwrap()],
            legal_basis: vec![LegalRef::parse("食品安全法 第一百二十四条").unwrap()],
            penalty: Some(Penalty {
                kinds: vec![PenaltyKind::Warning, PenaltyKind::Fine],
                fine_fen: Some(500_000),
                confiscation_fen: None,
            }),
            ..Default::default()
        };
        assert_eq!(prefill(StepKind::Decide, &[]), None);
        let history = vec![at(StepKind::File, StepData::default()), at(StepKind::NotifyIntent, notice)];
        let p = prefill(StepKind::Decide, &history).unwrap();
        assert_eq!(p.source, StepKind::NotifyIntent);
        assert_eq!(p.values["fine"], vec!["5000.00".to_string()]);
        assert_eq!(p.values["penalty_kinds"], vec!["warning".to_string(), "fine".to_string()]);
        assert_eq!(p.values["legal_basis"], vec!["《食品安全法》第一百二十四条".to_string()]);
        assert_eq!(p.values["violated"], vec!["《食品安全法》第三十四条".to_string()]);
        // What is filled in parses back as typed.
        assert!(LegalRef::parse(&p.values["legal_basis"][0]).is_ok());
        assert_eq!(crate::case::model::parse_yuan(&p.values["fine"][0]), Ok(500_000));
        // The payment starts from the decided fine.
        let decided = StepData {
            penalty: Some(Penalty {
                kinds: vec![PenaltyKind::Fine],
                fine_fen: Some(12_345_678),
                confiscation_fen: None,
            }),
            ..Default::default()
        };
        let history = vec![at(StepKind::Decide, decided)];
        let p = prefill(StepKind::Execute, &history).unwrap();
        assert_eq!(p.values["amount"], vec!["123456.78".to_string()]);
        assert_eq!(prefill(StepKind::Investigate, &history), None);
    }

    #[test]
    fn art_58_the_review_submission_is_drafted_from_the_notice_and_the_records() {
        let notice = StepData {
            content: Some("销售超过保质期的食品20箱".into()),
            violated: vec![LegalRef::parse("食品安全法 第三十四条").unwrap()],
            legal_basis: vec![LegalRef::parse("食品安全法 第一百二十四条").unwrap()],
            penalty: Some(Penalty { kinds: vec![PenaltyKind::Fine], fine_fen: Some(500_000), confiscation_fen: None }),
            ..Default::default()
        };
        let inquiry = StepData { interviewee: Some("李四（店员）".into()), ..Default::default() };
        assert_eq!(submission(&[at(StepKind::Investigate, StepData::default())]), None);
        let history = vec![
            at(StepKind::Investigate, StepData::default()),
            at(StepKind::Inquire, inquiry),
            at(StepKind::NotifyIntent, notice),
        ];
        let d = submission(&history).unwrap();
        assert!(d.proposal.starts_with("给予罚款") && d.proposal.contains("5,000.00"), "{}", d.proposal);
        assert_eq!(d.facts, "销售超过保质期的食品20箱");
        assert_eq!(d.legal_basis, vec!["《食品安全法》第三十四条", "《食品安全法》第一百二十四条"]);
        assert_eq!(d.evidence.len(), 2);
        assert!(d.evidence[1].starts_with("询问笔录（李四（店员）"), "{:?}", d.evidence);
    }
}
