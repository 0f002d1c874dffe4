//! 交接: whom a record hands the work to. A recorded step leaves the case waiting for the steps
//! the procedure now owes, each recorded by its role; a review event leaves the review file
//! waiting for the other side; a decision to publish waits for its publisher. The workbench
//! lists what waits, and the notifications tell the person when it starts waiting.

use super::machine::{self, Recorded};
use super::model::CaseKind;
use super::model::StepKind;
use crate::access::Role;

/// Work handed to the people of one role in the case's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// who takes it
    pub role: Role,
    /// only the officers who handle the case (an officer's work is on their own cases)
    pub handlers_only: bool,
    /// what waits for them
    pub title: String,
    /// where it is done: the case, its review file or its publication
    pub place: Place,
}

/// Where handed-over work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// the case page
    Case,
    /// the case's review file
    Review,
    /// the decision's publication
    Publication,
}

/// The steps the procedure owes next: what the stage allows, without the steps taken only on
/// occasion (a recusal, a suspension …) and without 法制审核, which comes to the reviewer through
/// the review file and is recorded with the opinion.
pub fn owed_steps(kind: CaseKind, history: &[Recorded]) -> Vec<StepKind> {
    machine::next_steps(kind, history)
        .into_iter()
        .filter(|k| !machine::occasional(*k) && *k != StepKind::LegalReview)
        .collect()
}

/// Who the case waits for after its last recorded step (or its registration): one hand-over per
/// role that records an owed step, titled with the steps.
pub fn after_step(kind: CaseKind, history: &[Recorded]) -> Vec<Handover> {
    let owed = owed_steps(kind, history);
    let mut out: Vec<Handover> = Vec::new();
    for role in Role::ALL {
        let labels: Vec<&str> = owed.iter().filter(|k| machine::step_role(**k) == role).map(|k| k.label()).collect();
        if !labels.is_empty() {
            out.push(Handover {
                role,
                handlers_only: role == Role::Officer,
                title: format!("待办：{}", labels.join("、")),
                place: Place::Case,
            });
        }
    }
    out
}

/// Who the review file waits for after one of its events (`event` and `outcome` as stored):
/// a submission and an objection go to the reviewers; an opinion, an agreed negotiation and a
/// ruling go back to the officers handling the case; a negotiation that did not agree goes to
/// the head, who rules (《重大执法决定法制审核办法》). Referral events hand nothing over.
pub fn after_review(event: &str, outcome: Option<&str>) -> Vec<Handover> {
    let to = |role: Role, title: &str, place: Place| Handover {
        role,
        handlers_only: role == Role::Officer,
        title: title.to_string(),
        place,
    };
    match event {
        "submitted" => vec![to(Role::Reviewer, "法制审核：送审材料待审核", Place::Review)],
        "objected" => vec![to(Role::Reviewer, "法制审核：承办机构对审核意见提出异议", Place::Review)],
        "reviewed" => vec![to(Role::Officer, "法制审核意见已出具", Place::Review)],
        "negotiated" if outcome == Some("agreed") => {
            vec![to(Role::Officer, "法制审核：协商一致，采纳承办机构意见", Place::Review)]
        }
        "negotiated" => vec![to(Role::Head, "法制审核：协商不一致，待机关负责人处理", Place::Review)],
        "ruled" => vec![to(Role::Officer, "法制审核：机关负责人已处理分歧", Place::Review)],
        _ => Vec::new(),
    }
}

/// Who a decision that must be published waits for: the officers handling the case publish it
/// (本区实施方案：作出决定之日起7个工作日内). A decision not to be published hands nothing over.
pub fn after_publication_task(pending: bool) -> Vec<Handover> {
    if !pending {
        return Vec::new();
    }
    vec![Handover {
        role: Role::Officer,
        handlers_only: true,
        title: "执法公示：决定待公开".into(),
        place: Place::Publication,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_general_case_waits_for_its_head_to_file_it() {
        let h = after_step(CaseKind::PenaltyGeneral, &[]);
        assert!(h.iter().any(|h| h.role == Role::Head && h.title.contains("立案")), "{h:?}");
        assert!(h.iter().all(|h| h.place == Place::Case));
    }

    #[test]
    fn occasional_steps_and_legal_review_are_nobodys_to_do() {
        for k in owed_steps(CaseKind::PenaltyGeneral, &[]) {
            assert!(!machine::occasional(k) && k != StepKind::LegalReview);
        }
        assert!(after_step(CaseKind::PenaltyGeneral, &[]).iter().all(|h| !h.title.contains("回避")));
    }

    #[test]
    fn the_review_file_goes_back_and_forth() {
        assert_eq!(after_review("submitted", None)[0].role, Role::Reviewer);
        assert_eq!(after_review("objected", None)[0].role, Role::Reviewer);
        let r = &after_review("reviewed", Some("agree"))[0];
        assert!(r.role == Role::Officer && r.handlers_only);
        assert_eq!(after_review("negotiated", Some("disagreed"))[0].role, Role::Head);
        assert_eq!(after_review("negotiated", Some("agreed"))[0].role, Role::Officer);
        assert!(after_review("referred", None).is_empty());
        assert!(after_review("referral_received", None).is_empty());
    }

    #[test]
    fn only_a_decision_to_publish_is_handed_to_its_publisher() {
        assert!(after_publication_task(false).is_empty());
        let p = &after_publication_task(true)[0];
        assert!(p.handlers_only && p.place == Place::Publication);
    }
}
