//! 重大执法决定法制审核 (《行政处罚法》第五十八条; seed §四): whether a case needs legal review
//! and why; the submission and what it must contain; the reviewer's checklist and opinion; the
//! loop of revision, objection, negotiation and the agency head's ruling; and the gate a
//! decision has to pass. No I/O: the store gives the events of a case's review file and asks.

use crate::case::model::CaseKind;
pub use crate::case::model::ReviewResult as Outcome;
use crate::case::rules::Refusal;
use crate::error::{Invalid, required_text};
use crate::registry::coded_enum;
use serde::{Deserialize, Serialize};

/// The rule every gate refusal names.
pub const ART_58: &str = "《行政处罚法》第五十八条";
/// The seed plan's rule on disagreements (§四(三)2).
pub const LOOP_RULE: &str = "实施方案§四(三)2（审核意见异议的协商和负责人处理）";

coded_enum!(
    /// Why a case needs legal review (审核范围, seed §四(二)1 and 处罚法 art. 58).
    Ground, "审核理由" {
    /// 一般程序行政处罚决定
    GeneralPenalty = "general_penalty" / "一般程序行政处罚决定",
    /// 涉及重大公共利益
    PublicInterest = "public_interest" / "涉及重大公共利益",
    /// 可能造成重大社会影响或者引发社会风险
    SocialImpact = "social_impact" / "可能造成重大社会影响或者引发社会风险",
    /// 直接关系当事人或者第三人重大权益
    MajorRights = "major_rights" / "直接关系当事人或者第三人重大权益",
    /// 经过听证程序作出决定
    AfterHearing = "after_hearing" / "经过听证程序作出决定",
    /// 案件情况疑难复杂、涉及多个法律关系
    Complex = "complex" / "案件情况疑难复杂、涉及多个法律关系",
    /// 适用听证程序的行政许可事项
    LicensingHearing = "licensing_hearing" / "适用听证程序的行政许可事项",
    /// 列入本机关重大执法决定法制审核事项清单
    BodyList = "body_list" / "列入本机关法制审核事项清单",
});

impl Ground {
    /// The rule that makes this ground one for review.
    pub fn basis(self) -> &'static str {
        match self {
            Ground::GeneralPenalty => "实施方案§四(二)1（一般程序行政处罚决定都要进行法制审核）",
            Ground::PublicInterest => "《行政处罚法》第五十八条第一款第一项；实施方案§四(二)1",
            Ground::SocialImpact => "实施方案§四(二)1",
            Ground::MajorRights => "《行政处罚法》第五十八条第一款第二项；实施方案§四(二)1",
            Ground::AfterHearing => "《行政处罚法》第五十八条第一款第二项；实施方案§四(二)1",
            Ground::Complex => "《行政处罚法》第五十八条第一款第三项；实施方案§四(二)1",
            Ground::LicensingHearing => "《行政许可法》第四十六条、第四十七条；实施方案§四(二)1",
            Ground::BodyList => "实施方案§四(二)2（本机关法制审核事项清单）",
        }
    }
}

/// What the handling unit or a reviewer marked about a case: only ever added to (an officer
/// cannot lower the review requirement by clearing a mark).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Marks {
    /// 涉及重大公共利益
    #[serde(default)]
    pub public_interest: bool,
    /// 可能造成重大社会影响或者引发社会风险
    #[serde(default)]
    pub social_impact: bool,
    /// 直接关系当事人或者第三人重大权益
    #[serde(default)]
    pub major_rights: bool,
    /// 疑难复杂、涉及多个法律关系
    #[serde(default)]
    pub complex: bool,
}

impl Marks {
    /// The union of two sets of marks.
    pub fn union(&self, o: &Marks) -> Marks {
        Marks {
            public_interest: self.public_interest || o.public_interest,
            social_impact: self.social_impact || o.social_impact,
            major_rights: self.major_rights || o.major_rights,
            complex: self.complex || o.complex,
        }
    }
    /// Whether `new` keeps every mark already set.
    pub fn kept_by(&self, new: &Marks) -> bool {
        self.union(new) == *new
    }
}

/// An entry of a body's review item list (法制审核事项清单, seed §四(二)2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListItem {
    /// the power-list item's code, when the entry is one item
    #[serde(default)]
    pub power_item_code: Option<String>,
    /// the kind of case, when the entry is a whole kind (e.g. every 行政强制执行)
    #[serde(default)]
    pub case_kind: Option<String>,
    /// 事项说明
    pub description: String,
}

/// What decides whether a case needs review.
#[derive(Debug, Clone)]
pub struct ScopeFacts<'a> {
    /// the case's kind
    pub kind: CaseKind,
    /// the power item it exercises
    pub power_item_code: &'a str,
    /// a hearing was held (处罚法 art. 64 or 许可法 art. 47)
    pub hearing_held: bool,
    /// the licensing item is one where a hearing applies
    pub licensing_hearing: bool,
    /// the case's marks
    pub marks: &'a Marks,
    /// the body's review item list in force
    pub list: &'a [ListItem],
}

/// One reason a case needs review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reason {
    /// code
    pub ground: String,
    /// 理由
    pub label: String,
    /// 依据
    pub basis: String,
}

/// Whether a case needs review, and the explanation shown to the officer and the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Requirement {
    /// review is required before the decision
    pub required: bool,
    /// every ground that applies
    pub reasons: Vec<Reason>,
    /// the explanation, in Chinese
    pub explanation: String,
}

/// Whether a case of this kind ends in a decision that legal review can be required for: the
/// 当场 procedure and inspections do not (a 当场 decision is made on the spot, art. 51; an
/// inspection's result is not a decision on the party's rights).
pub fn reviewable(kind: CaseKind) -> bool {
    !matches!(kind, CaseKind::PenaltySimple | CaseKind::Inspection)
}

/// Computes whether a case needs review, with every reason.
pub fn requirement(f: &ScopeFacts) -> Requirement {
    if !reviewable(f.kind) {
        return Requirement {
            required: false,
            reasons: Vec::new(),
            explanation: format!("{}不作出须法制审核的决定", f.kind.label()),
        };
    }
    let mut grounds = Vec::new();
    if f.kind == CaseKind::PenaltyGeneral {
        grounds.push(Ground::GeneralPenalty);
    }
    let m = f.marks;
    for (on, g) in [
        (m.public_interest, Ground::PublicInterest),
        (m.social_impact, Ground::SocialImpact),
        (m.major_rights, Ground::MajorRights),
        (f.hearing_held, Ground::AfterHearing),
        (m.complex, Ground::Complex),
        (f.kind == CaseKind::Licensing && f.licensing_hearing, Ground::LicensingHearing),
    ] {
        if on {
            grounds.push(g);
        }
    }
    if f.list.iter().any(|i| {
        i.power_item_code.as_deref() == Some(f.power_item_code) || i.case_kind.as_deref() == Some(f.kind.code())
    }) {
        grounds.push(Ground::BodyList);
    }
    let reasons: Vec<Reason> = grounds
        .iter()
        .map(|g| Reason { ground: g.code().into(), label: g.label().into(), basis: g.basis().into() })
        .collect();
    let explanation = if reasons.is_empty() {
        "不属于法制审核范围：非一般程序行政处罚，未标记涉及重大公共利益、重大社会影响、重大权益或疑难复杂，未经听证，不属适用听证的许可事项，也不在本机关法制审核事项清单内".into()
    } else {
        format!(
            "须经法制审核：{}",
            reasons.iter().map(|r| format!("{}（{}）", r.label, r.basis)).collect::<Vec<_>>().join("；")
        )
    };
    Requirement { required: !reasons.is_empty(), reasons, explanation }
}

coded_enum!(
    /// The points a reviewer answers (seed §四(三)1).
    Point, "审核要点" {
    /// 执法主体是否合法
    Body = "body" / "执法主体是否合法",
    /// 执法人员是否具备执法资格
    Officers = "officers" / "执法人员是否具备执法资格",
    /// 执法程序是否合法
    Procedure = "procedure" / "执法程序是否合法",
    /// 案件事实是否清楚
    Facts = "facts" / "案件事实是否清楚",
    /// 证据是否合法充分
    Evidence = "evidence" / "证据是否合法充分",
    /// 适用法律、法规、规章是否准确
    Law = "law" / "适用法律、法规、规章是否准确",
    /// 裁量基准运用是否适当
    Discretion = "discretion" / "裁量基准运用是否适当",
    /// 是否超越本机关法定权限
    Authority = "authority" / "是否超越本机关法定权限",
    /// 执法文书是否规范、齐备
    Documents = "documents" / "执法文书是否规范、齐备",
    /// 违法行为是否涉嫌犯罪、需要移送司法机关
    Crime = "crime" / "违法行为是否涉嫌犯罪、需要移送司法机关",
});

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

fn list(inv: &mut Invalid, field: &str, label: &str, items: &[String]) -> Vec<String> {
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

fn next(s: State, e: &Event) -> Option<State> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(kind: CaseKind, marks: &'a Marks, list: &'a [ListItem]) -> ScopeFacts<'a> {
        ScopeFacts { kind, power_item_code: "MS-CF-001", hearing_held: false, licensing_hearing: false, marks, list }
    }

    fn all_points(ok: bool) -> Vec<PointAnswer> {
        Point::ALL
            .iter()
            .map(|p| PointAnswer {
                point: p.code().into(), ok, note: if ok { String::new() } else { "见意见".into() }
            })
            .collect()
    }

    #[test]
    fn art_58_every_general_procedure_penalty_is_reviewed() {
        let m = Marks::default();
        let r = requirement(&facts(CaseKind::PenaltyGeneral, &m, &[]));
        assert!(r.required);
        assert_eq!(r.reasons[0].ground, "general_penalty");
        assert!(r.explanation.contains("一般程序行政处罚决定"), "{}", r.explanation);
    }

    #[test]
    fn art_58_a_case_outside_the_scope_is_explained() {
        let m = Marks::default();
        let r = requirement(&facts(CaseKind::CompulsoryEnforcement, &m, &[]));
        assert!(!r.required);
        assert!(r.explanation.starts_with("不属于法制审核范围"), "{}", r.explanation);
        let r = requirement(&facts(CaseKind::PenaltySimple, &m, &[]));
        assert!(!r.required && r.explanation.contains("简易程序"));
    }

    #[test]
    fn art_58_marks_hearings_licensing_hearings_and_the_body_list_bring_a_case_into_scope() {
        let marked = Marks { public_interest: true, complex: true, ..Default::default() };
        let r = requirement(&facts(CaseKind::Expropriation, &marked, &[]));
        let grounds: Vec<&str> = r.reasons.iter().map(|x| x.ground.as_str()).collect();
        assert_eq!(grounds, ["public_interest", "complex"]);
        let none = Marks::default();
        let mut f = facts(CaseKind::Licensing, &none, &[]);
        f.licensing_hearing = true;
        assert_eq!(requirement(&f).reasons[0].basis, Ground::LicensingHearing.basis());
        f.licensing_hearing = false;
        f.hearing_held = true;
        assert_eq!(requirement(&f).reasons[0].ground, "after_hearing");
        let list = [ListItem {
            power_item_code: None,
            case_kind: Some("compulsory_enforcement".into()),
            description: "强制拆除".into(),
        }];
        assert!(requirement(&facts(CaseKind::CompulsoryEnforcement, &none, &list)).required);
        let list = [ListItem { power_item_code: Some("MS-CF-001".into()), case_kind: None, description: "x".into() }];
        let r = requirement(&facts(CaseKind::CompulsoryMeasure, &none, &list));
        assert_eq!(r.reasons[0].ground, "body_list");
    }

    #[test]
    fn marks_are_never_lowered() {
        let set = Marks { major_rights: true, ..Default::default() };
        assert!(!set.kept_by(&Marks::default()));
        assert!(set.kept_by(&Marks { major_rights: true, complex: true, ..Default::default() }));
    }

    #[test]
    fn seed_4_4_2_an_incomplete_submission_names_what_is_missing() {
        let e = SubmissionInput::default().validate(false).unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["proposal", "facts", "evidence", "legal_basis", "discretion"]);
        let ok = SubmissionInput {
            proposal: "罚款五千元".into(),
            facts: "销售过期食品".into(),
            evidence: vec!["现场检查笔录".into(), " ".into()],
            legal_basis: vec!["《食品安全法》第一百二十四条".into()],
            discretion: "初次违法，从轻".into(),
            note: String::new(),
        };
        assert_eq!(ok.validate(false).unwrap().evidence.len(), 1);
        assert_eq!(ok.validate(true).unwrap_err().errors[0].field, "note");
    }

    #[test]
    fn seed_4_3_1_every_point_is_answered_and_agreement_needs_every_point() {
        let e =
            OpinionInput { points: all_points(true)[..8].to_vec(), outcome: "同意".into(), opinion: "同意".into() }
                .validate()
                .unwrap_err();
        assert!(e.errors[0].message.contains("执法文书是否规范、齐备"), "{e}");
        let mut points = all_points(true);
        points[4].ok = false;
        let e = OpinionInput { points: points.clone(), outcome: "同意".into(), opinion: "x".into() }
            .validate()
            .unwrap_err();
        let msgs: Vec<&str> = e.errors.iter().map(|x| x.message.as_str()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("须写明意见")) && msgs.iter().any(|m| m.contains("不能同意")),
            "{msgs:?}"
        );
        points[4].note = "询问笔录未签名".into();
        let o =
            OpinionInput { points, outcome: "修改后重新送审".into(), opinion: "补正笔录".into() }.validate().unwrap();
        assert_eq!((o.outcome, o.crime_suspected), (Outcome::Revise, false));
        let mut points = all_points(true);
        points[9] = PointAnswer { point: "crime".into(), ok: false, note: "涉案金额巨大".into() };
        let o = OpinionInput { points, outcome: "不同意".into(), opinion: "移送公安机关".into() }.validate().unwrap();
        assert!(o.crime_suspected);
    }

    #[test]
    fn art_58_the_gate_opens_only_on_a_passed_latest_version() {
        let m = Marks::default();
        let req = requirement(&facts(CaseKind::PenaltyGeneral, &m, &[]));
        let mut ev = Vec::new();
        assert!(gate(&req, &ev).unwrap_err().message.contains("未经法制审核"));
        ev.push(Event::Submitted { version: 1 });
        assert!(gate(&req, &ev).unwrap_err().message.contains("尚在法制审核中"));
        ev.push(Event::Reviewed { outcome: Outcome::Revise, crime_suspected: false });
        assert!(gate(&req, &ev).unwrap_err().message.contains("修改后重新送审"));
        ev.push(Event::Submitted { version: 2 });
        ev.push(Event::Reviewed { outcome: Outcome::Agree, crime_suspected: false });
        assert!(gate(&req, &ev).is_ok());
        // A changed proposal after passing is reviewed again.
        ev.push(Event::Submitted { version: 3 });
        assert_eq!(gate(&req, &ev).unwrap_err().rule, ART_58);
        // Not required: the gate is open.
        let req = requirement(&facts(CaseKind::CompulsoryEnforcement, &m, &[]));
        assert!(gate(&req, &[]).is_ok());
    }

    #[test]
    fn seed_4_3_2_objection_negotiation_and_the_heads_ruling() {
        let m = Marks::default();
        let req = requirement(&facts(CaseKind::PenaltyGeneral, &m, &[]));
        let mut ev = vec![
            Event::Submitted { version: 1 },
            Event::Reviewed { outcome: Outcome::Disagree, crime_suspected: false },
        ];
        assert!(gate(&req, &ev).unwrap_err().message.contains("不同意"));
        assert!(allowed(state(&ev), Action::Negotiate).is_err());
        ev.push(Event::Objected);
        assert!(allowed(state(&ev), Action::Submit).is_err());
        ev.push(Event::Negotiated { agreed: false });
        assert_eq!(state(&ev), State::Escalated { version: 1 });
        assert!(gate(&req, &ev).unwrap_err().message.contains("机关负责人"));
        let mut upheld = ev.clone();
        upheld.push(Event::Ruled { side: Side::Review });
        assert!(gate(&req, &upheld).is_err());
        assert!(allowed(state(&upheld), Action::Submit).is_ok());
        ev.push(Event::Ruled { side: Side::Handling });
        assert_eq!(state(&ev), State::Passed { version: 1, by_head: true });
        assert!(gate(&req, &ev).is_ok());
        // Out-of-order events change nothing and are refused.
        assert!(allowed(State::None, Action::Review).unwrap_err().message.contains("未送审"));
        assert_eq!(state(&[Event::Objected]), State::None);
    }
}
