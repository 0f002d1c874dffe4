//! The review file: the submission and what it must contain, the reviewer's checklist and opinion,
//! the events and states of the loop (revision, objection, negotiation, the head's ruling), and the
//! gate a decision has to pass.

use super::*;
pub use crate::case::model::ReviewResult as Outcome;
use crate::case::rules::Refusal;
use crate::error::{Invalid, required_text};
use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};

/// The handling unit's submission (送审材料, seed §四(四)2): frozen once submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SubmissionInput {
    /// 拟作出的决定（处理意见）
    #[serde(default)]
    pub proposal: String,
    /// 案件事实
    #[serde(default)]
    pub facts: String,
    /// 证据清单（每项一条）
    #[serde(default)]
    pub evidence: Vec<String>,
    /// 法律依据（每项一条）
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// 裁量理由（裁量基准的适用）
    #[serde(default)]
    pub discretion: String,
    /// 送审说明（重新送审时写明修改之处）
    #[serde(default)]
    pub note: String,
}

pub(super) fn list(inv: &mut Invalid, field: &str, label: &str, items: &[String]) -> Vec<String> {
    let v: Vec<String> = items.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    if v.is_empty() {
        inv.push(field, format!("{label}不能为空，至少一项"));
    } else if v.len() > 200 || v.iter().any(|s| s.chars().count() > 500) {
        inv.push(field, format!("{label}最多200项，每项不超过500字"));
    }
    v
}

impl SubmissionInput {
    /// Checks that nothing the reviewer needs is missing; `resubmission` requires the note
    /// saying what changed. Every missing item is named.
    pub fn validate(&self, resubmission: bool) -> Result<SubmissionInput, Invalid> {
        let mut inv = Invalid::default();
        let proposal = required_text(&mut inv, "proposal", "拟作出的决定", &self.proposal, 2000);
        let facts = required_text(&mut inv, "facts", "案件事实", &self.facts, 5000);
        let evidence = list(&mut inv, "evidence", "证据清单", &self.evidence);
        let legal_basis = list(&mut inv, "legal_basis", "法律依据", &self.legal_basis);
        let discretion = required_text(&mut inv, "discretion", "裁量理由", &self.discretion, 2000);
        let note = self.note.trim().to_string();
        if resubmission && note.is_empty() {
            inv.push("note", "重新送审须写明根据审核意见作了哪些修改");
        } else if note.chars().count() > 2000 {
            inv.push("note", "送审说明不能超过2000字");
        }
        inv.into_result(SubmissionInput { proposal, facts, evidence, legal_basis, discretion, note })
    }
}

/// One point answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PointAnswer {
    /// the point (code or label)
    pub point: String,
    /// 是否符合（涉嫌犯罪一项：true 表示不涉嫌）
    pub ok: bool,
    /// 意见（不符合时必填）
    #[serde(default)]
    pub note: String,
}

/// A reviewer's opinion on one submission version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpinionInput {
    /// every point of the checklist, once
    #[serde(default)]
    pub points: Vec<PointAnswer>,
    /// 审核结论
    #[serde(default)]
    pub outcome: String,
    /// 审核意见
    #[serde(default)]
    pub opinion: String,
    /// 同意的，同时记录本案的“法制审核”环节（同一事务）
    #[serde(default)]
    pub record_step: bool,
}

/// A validated opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    /// the points, in checklist order
    pub points: Vec<PointAnswer>,
    /// result
    pub outcome: Outcome,
    /// 审核意见
    pub opinion: String,
    /// the reviewer found the act may be a crime (refer it, 处罚法 art. 27)
    pub crime_suspected: bool,
}

impl OpinionInput {
    /// Every point answered once, a note where a point fails, and a result that agrees with the
    /// points: 同意 only when every point holds.
    pub fn validate(&self) -> Result<Opinion, Invalid> {
        let mut inv = Invalid::default();
        let mut points: Vec<Option<PointAnswer>> = vec![None; Point::ALL.len()];
        for a in &self.points {
            match Point::parse(&a.point) {
                Ok(p) => {
                    let i = Point::ALL.iter().position(|x| *x == p).unwrap_or(0);
                    if points[i].is_some() {
                        inv.push("points", format!("审核要点“{}”重复", p.label()));
                    }
                    let note = a.note.trim().to_string();
                    if !a.ok && note.is_empty() {
                        inv.push("points", format!("审核要点“{}”不符合，须写明意见", p.label()));
                    }
                    if note.chars().count() > 1000 {
                        inv.push("points", format!("审核要点“{}”的意见不能超过1000字", p.label()));
                    }
                    points[i] = Some(PointAnswer { point: p.code().into(), ok: a.ok, note });
                }
                Err(e) => inv.push("points", e),
            }
        }
        let missing: Vec<&str> =
            Point::ALL.iter().zip(&points).filter(|(_, a)| a.is_none()).map(|(p, _)| p.label()).collect();
        if !missing.is_empty() {
            inv.push("points", format!("以下审核要点未作答：{}", missing.join("、")));
        }
        let outcome = inv.check("outcome", Outcome::parse(&self.outcome));
        let opinion = required_text(&mut inv, "opinion", "审核意见", &self.opinion, 5000);
        let points: Vec<PointAnswer> = points.into_iter().flatten().collect();
        let failing: Vec<&str> =
            points.iter().filter(|a| !a.ok).filter_map(|a| Point::parse(&a.point).ok()).map(Point::label).collect();
        if outcome == Some(Outcome::Agree) && !failing.is_empty() {
            inv.push("outcome", format!("以下要点不符合，不能同意：{}", failing.join("、")));
        }
        let crime_suspected = points.iter().any(|a| a.point == Point::Crime.code() && !a.ok);
        match outcome {
            Some(outcome) => inv.into_result(Opinion { points, outcome, opinion, crime_suspected }),
            None => Err(inv),
        }
    }
}

coded_enum!(
    /// Whose view the agency head adopts when the two units disagree (seed §四(三)2).
    Side, "负责人处理" {
    /// 采纳承办机构意见，可以作出决定
    Handling = "handling" / "采纳承办机构意见",
    /// 采纳法制审核机构意见
    Review = "review" / "采纳法制审核机构意见",
});

/// One event of a case's review file, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// the handling unit submitted version `version`
    Submitted {
        /// version, from 1
        version: i64,
    },
    /// a reviewer gave an opinion on the version under review
    Reviewed {
        /// result
        outcome: Outcome,
        /// crime suspected
        crime_suspected: bool,
    },
    /// the handling unit disagreed with the opinion, with reasons and basis
    Objected,
    /// the two units negotiated: `agreed` when the review organ accepted the objection
    Negotiated {
        /// the review organ accepted the handling unit's view
        agreed: bool,
    },
    /// the agency head ruled on the disagreement
    Ruled {
        /// whose view
        side: Side,
    },
    /// the case was referred to the judicial organs as a suspected crime (does not change the
    /// review's state)
    Referred,
    /// the receiving organ signed the receipt
    ReferralReceived,
    /// what the receiving organ did
    ReferralFollowedUp {
        /// result
        result: ReferralResult,
    },
}

/// Where a case's review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// nothing submitted
    None,
    /// version under review
    Pending {
        /// version
        version: i64,
    },
    /// passed: the reviewer agreed, or the organ accepted the objection, or the head ruled for
    /// the handling unit
    Passed {
        /// version
        version: i64,
        /// by the head's ruling
        by_head: bool,
    },
    /// the opinion stands against the version (修改后重新送审 or 不同意), and may be objected to
    Returned {
        /// version
        version: i64,
        /// the opinion's result
        outcome: Outcome,
    },
    /// the handling unit objected; the units negotiate
    Objected {
        /// version
        version: i64,
    },
    /// no agreement: both opinions are with the head
    Escalated {
        /// version
        version: i64,
    },
    /// the head upheld the review organ: a new submission is needed
    Upheld {
        /// version
        version: i64,
    },
}

impl State {
    /// The Chinese name of the state.
    pub fn label(&self) -> String {
        match self {
            State::None => "未送审".into(),
            State::Pending { version } => format!("第{version}版审核中"),
            State::Passed { version, by_head: false } => format!("第{version}版审核通过"),
            State::Passed { version, by_head: true } => format!("第{version}版经负责人处理，可以作出决定"),
            State::Returned { version, outcome } => format!("第{version}版审核意见：{}", outcome.label()),
            State::Objected { version } => format!("第{version}版承办机构有异议，协商中"),
            State::Escalated { version } => format!("第{version}版意见分歧，报负责人处理"),
            State::Upheld { version } => format!("第{version}版负责人采纳审核意见，须重新送审"),
        }
    }
    /// The version the file is at.
    pub fn version(&self) -> i64 {
        match *self {
            State::None => 0,
            State::Pending { version }
            | State::Passed { version, .. }
            | State::Returned { version, .. }
            | State::Objected { version }
            | State::Escalated { version }
            | State::Upheld { version } => version,
        }
    }
}

/// What someone tries to do to a review file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// submit (or resubmit) the proposal
    Submit,
    /// give an opinion
    Review,
    /// object to the opinion
    Object,
    /// record the negotiation's result
    Negotiate,
    /// the head rules
    Rule,
}

/// The state after `events`.
pub fn state(events: &[Event]) -> State {
    events.iter().fold(State::None, |s, e| next(s, e).unwrap_or(s))
}

pub(super) fn next(s: State, e: &Event) -> Option<State> {
    let v = s.version();
    Some(match (s, e) {
        (_, Event::Submitted { version }) => State::Pending { version: *version },
        (State::Pending { .. }, Event::Reviewed { outcome: Outcome::Agree, .. }) => {
            State::Passed { version: v, by_head: false }
        }
        (State::Pending { .. }, Event::Reviewed { outcome, .. }) => State::Returned { version: v, outcome: *outcome },
        (State::Returned { .. }, Event::Objected) => State::Objected { version: v },
        (State::Objected { .. }, Event::Negotiated { agreed: true }) => State::Passed { version: v, by_head: false },
        (State::Objected { .. }, Event::Negotiated { agreed: false }) => State::Escalated { version: v },
        (State::Escalated { .. }, Event::Ruled { side: Side::Handling }) => State::Passed { version: v, by_head: true },
        (State::Escalated { .. }, Event::Ruled { side: Side::Review }) => State::Upheld { version: v },
        _ => return None,
    })
}

/// Whether `action` is allowed in `state`; the refusal names the rule.
pub fn allowed(state: State, action: Action) -> Result<(), Refusal> {
    let ok = match action {
        // A new version may follow anything but a version still being handled.
        Action::Submit => !matches!(state, State::Pending { .. } | State::Objected { .. } | State::Escalated { .. }),
        Action::Review => matches!(state, State::Pending { .. }),
        Action::Object => matches!(state, State::Returned { .. }),
        Action::Negotiate => matches!(state, State::Objected { .. }),
        Action::Rule => matches!(state, State::Escalated { .. }),
    };
    if ok {
        return Ok(());
    }
    let what = match action {
        Action::Submit => "送审",
        Action::Review => "审核",
        Action::Object => "提出异议",
        Action::Negotiate => "记录协商结果",
        Action::Rule => "负责人处理",
    };
    Err(Refusal::new("kind", LOOP_RULE, format!("当前{}，不能{what}", state.label())))
}

/// What the procedure machine is told of a case's review: whether it is required and the
/// review file's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewGate {
    /// the requirement
    pub requirement: Requirement,
    /// the review file, in order
    pub events: Vec<Event>,
}

/// The gate of the decision (处罚法 art. 58: 未经法制审核或者审核未通过的，不得作出决定):
/// passes when review is not required, or the latest version passed (the reviewer agreed, the
/// review organ accepted the objection, or the head ruled for the handling unit).
pub fn gate(req: &Requirement, events: &[Event]) -> Result<(), Refusal> {
    referral_gate(events)?;
    if !req.required {
        return Ok(());
    }
    let why = match state(events) {
        State::Passed { .. } => return Ok(()),
        State::None => "重大执法决定未经法制审核，不得作出决定".to_string(),
        State::Pending { version } => format!("第{version}版送审材料尚在法制审核中，审核通过前不得作出决定"),
        State::Returned { outcome, .. } => {
            format!("法制审核意见为“{}”，审核未通过的不得作出决定", outcome.label())
        }
        State::Objected { .. } | State::Escalated { .. } => {
            "承办机构与法制审核机构意见不一致，尚待协商或机关负责人处理，不得作出决定".to_string()
        }
        State::Upheld { .. } => "机关负责人采纳了法制审核意见，须修改后重新送审".to_string(),
    };
    Err(Refusal::new("kind", ART_58, format!("{why}（{}）", req.explanation)))
}
