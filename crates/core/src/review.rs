//! 重大执法决定法制审核 (《行政处罚法》第五十八条; seed §四): whether a case needs legal review
//! and why; the submission and what it must contain; the reviewer's checklist and opinion; the
//! loop of revision, objection, negotiation and the agency head's ruling; and the gate a
//! decision has to pass. No I/O: the store gives the events of a case's review file and asks.

use crate::case::model::CaseKind;
pub use crate::case::model::ReviewResult as Outcome;
use crate::case::rules::Refusal;
use crate::error::{Invalid, optional_text, required_text};
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
    /// 情节复杂或者重大违法行为，须负责人集体讨论（第五十七条第二款）
    #[serde(default)]
    pub collective: bool,
}

impl Marks {
    /// The union of two sets of marks.
    pub fn union(&self, o: &Marks) -> Marks {
        Marks {
            public_interest: self.public_interest || o.public_interest,
            social_impact: self.social_impact || o.social_impact,
            major_rights: self.major_rights || o.major_rights,
            complex: self.complex || o.complex,
            collective: self.collective || o.collective,
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
    /// the case was filed as complex or serious (立案时标记，第五十七条第二款)
    pub complex_case: bool,
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
    /// the heads' collective discussion is required before the decision (处罚法 art. 57 para 2)
    pub discussion: bool,
    /// why it is or is not, in Chinese
    pub discussion_explanation: String,
}

/// The rule of collective discussion.
pub const ART_57: &str = "《行政处罚法》第五十七条第二款";

fn discussion(f: &ScopeFacts) -> (bool, String) {
    if f.kind != CaseKind::PenaltyGeneral {
        return (false, format!("{}不适用集体讨论（第五十七条第二款仅适用于行政处罚）", f.kind.label()));
    }
    let why: Vec<&str> =
        [(f.complex_case, "立案时标记为情节复杂或者重大违法行为"), (f.marks.collective, "已标记须集体讨论")]
            .into_iter()
            .filter_map(|(on, w)| on.then_some(w))
            .collect();
    if why.is_empty() {
        (false, "未标记为情节复杂或者重大违法行为，由负责人审批决定".into())
    } else {
        (true, format!("{}：须由行政机关负责人集体讨论决定（{ART_57}）", why.join("、")))
    }
}

/// Whether a case of this kind ends in a decision that legal review can be required for: the
/// 当场 procedure and inspections do not (a 当场 decision is made on the spot, art. 51; an
/// inspection's result is not a decision on the party's rights).
pub fn reviewable(kind: CaseKind) -> bool {
    !matches!(kind, CaseKind::PenaltySimple | CaseKind::Inspection)
}

/// Computes whether a case needs review, with every reason.
pub fn requirement(f: &ScopeFacts) -> Requirement {
    let (discussion, discussion_explanation) = discussion(f);
    if !reviewable(f.kind) {
        return Requirement {
            required: false,
            reasons: Vec::new(),
            explanation: format!("{}不作出须法制审核的决定", f.kind.label()),
            discussion,
            discussion_explanation,
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
    Requirement { required: !reasons.is_empty(), reasons, explanation, discussion, discussion_explanation }
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

/// The rules of referring a suspected crime.
pub const REFERRAL_RULE: &str = "《行政处罚法》第二十七条、《行政执法机关移送涉嫌犯罪案件的规定》";

coded_enum!(
    /// What the receiving organ did with a referred case (《行政执法机关移送涉嫌犯罪案件的规定》
    /// arts. 7-13).
    ReferralResult, "移送结果" {
    /// 公安机关决定立案（第八条；涉案物品及材料三日内移交，第十二条）
    Filed = "filed" / "公安机关已立案",
    /// 不予立案（第八条；可在三日内提请复议，第九条）
    NotFiled = "not_filed" / "公安机关不予立案",
    /// 已提请复议或建议检察院立案监督（第九条）
    Contested = "contested" / "已提请复议或建议立案监督",
    /// 转送有管辖权的机关（第七条）
    Forwarded = "forwarded" / "已转送有管辖权的机关",
    /// 涉案物品及材料已移交（第十二条）
    Handed = "handed" / "涉案物品及材料已移交",
    /// 司法机关认为不需要追究刑事责任，移回行政处理（处罚法第二十七条第一款、规定第十三条）
    Returned = "returned" / "司法机关移回行政处理",
});

/// A referral (涉嫌犯罪案件移送).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReferralInput {
    /// 移送机关（接收的公安机关或其他司法机关）
    #[serde(default)]
    pub organ: String,
    /// 负责人批准移送日期 YYYY-MM-DD（第五条）
    #[serde(default)]
    pub approved_on: String,
    /// 移送日期 YYYY-MM-DD
    #[serde(default)]
    pub referred_on: String,
    /// 移送材料（每项一条；须含移送书、调查报告、涉案物品清单，第六条）
    #[serde(default)]
    pub materials: Vec<String>,
    /// 说明
    #[serde(default)]
    pub note: String,
}

/// The receiving organ's receipt (回执, art. 7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptInput {
    /// 回执签收日期 YYYY-MM-DD
    #[serde(default)]
    pub received_on: String,
    /// 签收人及单位
    #[serde(default)]
    pub signed_by: String,
    /// 回执编号或说明
    #[serde(default)]
    pub note: String,
}

/// A follow-up of the referral.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FollowUpInput {
    /// 结果
    #[serde(default)]
    pub result: String,
    /// 日期 YYYY-MM-DD
    #[serde(default)]
    pub on: String,
    /// 文书编号及情况说明
    #[serde(default)]
    pub note: String,
}

fn date(inv: &mut Invalid, field: &str, label: &str, v: &str) -> Option<chrono::NaiveDate> {
    if v.trim().is_empty() {
        inv.push(field, format!("请填写{label}"));
        return None;
    }
    inv.check(field, crate::time::parse_date(v))
}

/// A date that cannot come before `after` (the earlier event, named) nor after `today`.
fn date_between(
    inv: &mut Invalid,
    field: &str,
    label: &str,
    v: &str,
    after: (chrono::NaiveDate, &str),
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    let d = date(inv, field, label, v)?;
    if d < after.0 {
        inv.push(field, format!("{label}不能早于{}（{}）", after.1, after.0));
    }
    if d > today {
        inv.push(field, format!("{label}不能晚于今天"));
    }
    Some(d)
}

/// The materials art. 6 requires with every referral, by the words that name them.
const REFERRAL_MATERIALS: [(&str, &str); 3] =
    [("移送书", "涉嫌犯罪案件移送书"), ("调查报告", "涉嫌犯罪案件情况的调查报告"), ("物品清单", "涉案物品清单")];

impl ReferralInput {
    /// Every field, the materials art. 6 lists, approval before referral and nothing after `today`.
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<ReferralInput, Invalid> {
        let mut inv = Invalid::default();
        let organ = required_text(&mut inv, "organ", "移送机关", &self.organ, 200);
        let approved = date(&mut inv, "approved_on", "负责人批准移送日期", &self.approved_on);
        let referred = match approved {
            Some(a) => {
                date_between(&mut inv, "referred_on", "移送日期", &self.referred_on, (a, "负责人批准日期"), today)
            }
            None => date(&mut inv, "referred_on", "移送日期", &self.referred_on),
        };
        let materials = list(&mut inv, "materials", "移送材料", &self.materials);
        let missing: Vec<&str> = REFERRAL_MATERIALS
            .iter()
            .filter(|(word, _)| !materials.iter().any(|m| m.contains(word)))
            .map(|(_, name)| *name)
            .collect();
        if !materials.is_empty() && !missing.is_empty() {
            inv.push(
                "materials",
                format!("移送材料缺少：{}（《行政执法机关移送涉嫌犯罪案件的规定》第六条）", missing.join("、")),
            );
        }
        let note = optional_text(&mut inv, "note", "说明", Some(&self.note), 2000).unwrap_or_default();
        inv.into_result(ReferralInput {
            organ,
            approved_on: approved.map(|d| d.to_string()).unwrap_or_default(),
            referred_on: referred.map(|d| d.to_string()).unwrap_or_default(),
            materials,
            note,
        })
    }

    /// Whether the referral left later than the 24 hours after approval art. 5 allows (dates
    /// only: more than one calendar day between them).
    pub fn late(&self) -> bool {
        match (crate::time::parse_date(&self.approved_on), crate::time::parse_date(&self.referred_on)) {
            (Ok(a), Ok(r)) => (r - a).num_days() > 1,
            _ => false,
        }
    }
}

impl ReceiptInput {
    /// The receipt's date (not before the referral, not after today) and who signed it.
    pub fn validate(&self, referred_on: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<ReceiptInput, Invalid> {
        let mut inv = Invalid::default();
        let received =
            date_between(&mut inv, "received_on", "回执签收日期", &self.received_on, (referred_on, "移送日期"), today);
        let signed_by = required_text(&mut inv, "signed_by", "签收人及单位", &self.signed_by, 200);
        let note = optional_text(&mut inv, "note", "说明", Some(&self.note), 2000).unwrap_or_default();
        inv.into_result(ReceiptInput {
            received_on: received.map(|d| d.to_string()).unwrap_or_default(),
            signed_by,
            note,
        })
    }
}

impl FollowUpInput {
    /// The result, its date (not before the receipt, not after today) and what it was.
    pub fn validate(
        &self,
        received_on: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Result<(ReferralResult, FollowUpInput), Invalid> {
        let mut inv = Invalid::default();
        let result = inv.check("result", ReferralResult::parse(&self.result));
        let on = date_between(&mut inv, "on", "日期", &self.on, (received_on, "回执签收日期"), today);
        let note = required_text(&mut inv, "note", "情况说明", &self.note, 2000);
        let out = FollowUpInput {
            result: result.map(|r| r.code().to_string()).unwrap_or_default(),
            on: on.map(|d| d.to_string()).unwrap_or_default(),
            note,
        };
        match result {
            Some(r) => inv.into_result((r, out)),
            None => Err(inv),
        }
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Referral {
    /// no opinion found a suspected crime
    NotFlagged,
    /// an opinion found one; not yet referred
    Flagged,
    /// referred, no receipt yet
    Referred,
    /// the receipt is in; the latest result, if any
    Received {
        /// the latest result
        result: Option<ReferralResult>,
    },
}

impl Referral {
    /// The Chinese name.
    pub fn label(&self) -> String {
        match self {
            Referral::NotFlagged => "未发现涉嫌犯罪".into(),
            Referral::Flagged => "审核意见认为涉嫌犯罪，尚未移送".into(),
            Referral::Referred => "已移送，待回执".into(),
            Referral::Received { result: None } => "已移送，已签收回执".into(),
            Referral::Received { result: Some(r) } => format!("已移送：{}", r.label()),
        }
    }
}

/// Where the referral of a case's review file stands.
pub fn referral(events: &[Event]) -> Referral {
    events.iter().fold(Referral::NotFlagged, |r, e| match (r, e) {
        (Referral::NotFlagged, Event::Reviewed { crime_suspected: true, .. }) => Referral::Flagged,
        (Referral::Flagged, Event::Referred) => Referral::Referred,
        (Referral::Referred, Event::ReferralReceived) => Referral::Received { result: None },
        (Referral::Received { .. }, Event::ReferralFollowedUp { result }) => {
            Referral::Received { result: Some(*result) }
        }
        (r, _) => r,
    })
}

/// What someone tries to record of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralAction {
    /// the referral itself
    Refer,
    /// the receipt
    Receipt,
    /// a follow-up
    FollowUp,
}

/// Whether `action` may be recorded now.
pub fn referral_allowed(events: &[Event], action: ReferralAction) -> Result<(), Refusal> {
    let r = referral(events);
    let ok = matches!(
        (r, action),
        (Referral::Flagged, ReferralAction::Refer)
            | (Referral::Referred, ReferralAction::Receipt)
            | (Referral::Received { .. }, ReferralAction::FollowUp)
    );
    if ok {
        return Ok(());
    }
    let why = match action {
        ReferralAction::Refer if r == Referral::NotFlagged => "法制审核意见未认为涉嫌犯罪，无需移送".to_string(),
        ReferralAction::Refer => "本案已移送".to_string(),
        ReferralAction::Receipt => format!("当前{}，不能登记回执", r.label()),
        ReferralAction::FollowUp => format!("当前{}，须先登记回执", r.label()),
    };
    Err(Refusal::new("kind", REFERRAL_RULE, why))
}

/// 《行政执法机关移送涉嫌犯罪案件的规定》第十条、第十一条 and 处罚法 art. 27: a case referred as a
/// suspected crime is not decided by a penalty instead, unless the police declined to file it or
/// the judicial organs sent it back.
fn referral_gate(events: &[Event]) -> Result<(), Refusal> {
    match referral(events) {
        Referral::NotFlagged
        | Referral::Flagged
        | Referral::Received { result: Some(ReferralResult::NotFiled | ReferralResult::Returned) } => Ok(()),
        r => Err(Refusal::new(
            "kind",
            "《行政执法机关移送涉嫌犯罪案件的规定》第十条、第十一条",
            format!("案件{}，不得以行政处罚代替移送；公安机关不予立案或司法机关移回后方可依法处理", r.label()),
        )),
    }
}

/// Who a review file is waiting for, and for what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// the body's reviewers: an opinion on the version submitted
    Review,
    /// the body's reviewers: the negotiation on the handling unit's objection
    Negotiation,
    /// the agency head: the disagreement
    Ruling,
    /// the handling unit: revise and resubmit, or object
    Revision,
    /// the handling unit or the head: refer the suspected crime
    Referral,
}

impl Waiting {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Waiting::Review => "待审核",
            Waiting::Negotiation => "待协商",
            Waiting::Ruling => "待负责人处理",
            Waiting::Revision => "待修改后重新送审或提出异议",
            Waiting::Referral => "涉嫌犯罪待移送",
        }
    }
}

/// What a review file waits for, if anything.
pub fn waiting(events: &[Event]) -> Option<Waiting> {
    if referral(events) == Referral::Flagged {
        return Some(Waiting::Referral);
    }
    match state(events) {
        State::Pending { .. } => Some(Waiting::Review),
        State::Objected { .. } => Some(Waiting::Negotiation),
        State::Escalated { .. } => Some(Waiting::Ruling),
        State::Returned { .. } | State::Upheld { .. } => Some(Waiting::Revision),
        State::None | State::Passed { .. } => None,
    }
}

/// The review time limit's last day for a version submitted on `submitted` (a date in
/// Asia/Shanghai), `days` working days on the official calendar.
pub fn review_due(
    cal: &crate::calendar::Calendar,
    submitted: chrono::NaiveDate,
    days: u32,
) -> Result<chrono::NaiveDate, crate::calendar::UnknownYear> {
    crate::case::rules::review_period(days).end(cal, submitted)
}

/// An event with its time, as the statistics read it.
#[derive(Debug, Clone)]
pub struct Timed {
    /// the event
    pub event: Event,
    /// when (UTC)
    pub at: chrono::DateTime<chrono::Utc>,
    /// for a submission: the last day of its review time limit (None when the year's
    /// schedule is unknown)
    pub due: Option<chrono::NaiveDate>,
}

/// A body's review figures (seed §四; issue: reviews, pass rate, revision rounds, time to
/// review, disagreements escalated).
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// cases with at least one submission
    pub cases: i64,
    /// submissions (every version)
    pub submissions: i64,
    /// opinions given
    pub reviews: i64,
    /// opinions 同意
    pub agreed: i64,
    /// 同意 among opinions, per cent (one decimal)
    pub pass_rate: Option<f64>,
    /// cases whose first version was agreed, per cent
    pub first_pass_rate: Option<f64>,
    /// versions per reviewed case, on average (one decimal)
    pub rounds: Option<f64>,
    /// median hours from submission to opinion (one decimal)
    pub median_hours: Option<f64>,
    /// opinions given after the time limit
    pub late: i64,
    /// versions still waiting past the time limit
    pub overdue: i64,
    /// versions waiting for an opinion
    pub pending: i64,
    /// objections by the handling unit
    pub objections: i64,
    /// negotiations without agreement, escalated to the head
    pub escalated: i64,
    /// the head's rulings for the handling unit
    pub ruled_for_handling: i64,
    /// opinions finding a suspected crime
    pub crimes_flagged: i64,
    /// referrals made
    pub referred: i64,
}

fn pct(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| (n as f64 * 1000.0 / d as f64).round() / 10.0)
}

/// The figures over the review files of a body (each file's events in order), on `today`.
pub fn stats(files: &[Vec<Timed>], today: chrono::NaiveDate) -> Stats {
    let mut s = Stats::default();
    let mut hours: Vec<f64> = Vec::new();
    let (mut reviewed_cases, mut first_pass, mut versions_of_reviewed) = (0i64, 0i64, 0i64);
    for file in files.iter().filter(|f| !f.is_empty()) {
        s.cases += 1;
        let mut open: Option<&Timed> = None;
        let mut versions = 0;
        let mut first: Option<bool> = None;
        for t in file {
            match &t.event {
                Event::Submitted { .. } => {
                    s.submissions += 1;
                    versions += 1;
                    open = Some(t);
                }
                Event::Reviewed { outcome, crime_suspected } => {
                    s.reviews += 1;
                    let agreed = *outcome == Outcome::Agree;
                    s.agreed += i64::from(agreed);
                    s.crimes_flagged += i64::from(*crime_suspected);
                    first.get_or_insert(agreed);
                    if let Some(sub) = open.take() {
                        hours.push((t.at - sub.at).num_minutes() as f64 / 60.0);
                        if sub.due.is_some_and(|d| crate::time::shanghai_date(t.at) > d) {
                            s.late += 1;
                        }
                    }
                }
                Event::Objected => s.objections += 1,
                Event::Negotiated { agreed: false } => s.escalated += 1,
                Event::Ruled { side: Side::Handling } => s.ruled_for_handling += 1,
                Event::Referred => s.referred += 1,
                _ => {}
            }
        }
        if let Some(sub) = open {
            s.pending += 1;
            s.overdue += i64::from(sub.due.is_some_and(|d| today > d));
        }
        if let Some(f) = first {
            reviewed_cases += 1;
            first_pass += i64::from(f);
            versions_of_reviewed += versions;
        }
    }
    s.pass_rate = pct(s.agreed, s.reviews);
    s.first_pass_rate = pct(first_pass, reviewed_cases);
    s.rounds =
        (reviewed_cases > 0).then(|| (versions_of_reviewed as f64 * 10.0 / reviewed_cases as f64).round() / 10.0);
    hours.sort_by(f64::total_cmp);
    s.median_hours = match hours.len() {
        0 => None,
        n if n % 2 == 1 => Some(hours[n / 2]),
        n => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
    }
    .map(|h| (h * 10.0).round() / 10.0);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(kind: CaseKind, marks: &'a Marks, list: &'a [ListItem]) -> ScopeFacts<'a> {
        ScopeFacts {
            kind,
            power_item_code: "MS-CF-001",
            hearing_held: false,
            licensing_hearing: false,
            complex_case: false,
            marks,
            list,
        }
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

    #[test]
    fn referral_needs_a_flag_the_art_6_materials_and_keeps_the_penalty_from_replacing_it() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
        let mut ev = vec![Event::Submitted { version: 1 }];
        assert!(referral_allowed(&ev, ReferralAction::Refer).unwrap_err().message.contains("无需移送"));
        ev.push(Event::Reviewed { outcome: Outcome::Disagree, crime_suspected: true });
        assert_eq!(referral(&ev), Referral::Flagged);
        assert!(referral_allowed(&ev, ReferralAction::Receipt).is_err());
        let input = ReferralInput {
            organ: "天津市公安局宝坻分局".into(),
            approved_on: "2026-03-16".into(),
            referred_on: "2026-03-18".into(),
            materials: vec!["涉嫌犯罪案件移送书".into(), "检验报告".into()],
            note: String::new(),
        };
        let e = input.validate(today).unwrap_err();
        assert!(e.errors[0].message.contains("调查报告") && e.errors[0].message.contains("第六条"), "{e}");
        let mut ok = input.clone();
        ok.materials.extend(["涉嫌犯罪案件情况的调查报告".to_string(), "涉案物品清单".to_string()]);
        let v = ok.validate(today).unwrap();
        assert!(v.late(), "two days after approval is later than 24 hours (art. 5)");
        ok.referred_on = "2026-03-21".into();
        assert_eq!(ok.validate(today).unwrap_err().errors[0].field, "referred_on");
        ev.push(Event::Referred);
        // Referred and not yet answered: no penalty in its place (art. 11).
        let req = Requirement {
            required: false,
            reasons: vec![],
            explanation: String::new(),
            discussion: false,
            discussion_explanation: String::new(),
        };
        assert!(gate(&req, &ev).unwrap_err().message.contains("不得以行政处罚代替移送"));
        let referred = chrono::NaiveDate::from_ymd_opt(2026, 3, 18).unwrap();
        let r =
            ReceiptInput {
                received_on: "2026-03-17".into(), signed_by: "值班民警张某".into(), note: String::new()
            };
        assert_eq!(r.validate(referred, today).unwrap_err().errors[0].field, "received_on");
        ev.push(Event::ReferralReceived);
        assert!(referral_allowed(&ev, ReferralAction::FollowUp).is_ok());
        ev.push(Event::ReferralFollowedUp { result: ReferralResult::Filed });
        assert!(gate(&req, &ev).is_err());
        ev.push(Event::ReferralFollowedUp { result: ReferralResult::NotFiled });
        assert!(gate(&req, &ev).is_ok(), "art. 10: not filed, the body deals with it");
        let f =
            FollowUpInput { result: "not_filed".into(), on: "2026-03-19".into(), note: "不予立案通知书".into() };
        assert_eq!(f.validate(referred, today).unwrap().0, ReferralResult::NotFiled);
    }

    #[test]
    fn seed_4_4_1_the_review_time_limit_runs_in_working_days_and_the_figures_add_up() {
        let cal = crate::calendar::Calendar::official();
        // Submitted on Thursday 2026-09-24: five working days pass over the National Day week
        // (10-01 to 10-07 off; 09-27 and 10-10 are make-up workdays in 2026).
        let d = |s: &str| crate::time::parse_date(s).unwrap();
        let due = review_due(cal, d("2026-09-24"), 5).unwrap();
        assert!(due > d("2026-09-30"), "{due}");
        let at = |s: &str| crate::evidence::parse_instant(s).unwrap();
        let sub = |when: &str, v: i64| Timed {
            event: Event::Submitted { version: v },
            at: at(when),
            due: Some(crate::time::shanghai_date(at(when)) + chrono::Duration::days(6)),
        };
        let rev = |when: &str, o: Outcome| Timed {
            event: Event::Reviewed { outcome: o, crime_suspected: false },
            at: at(when),
            due: None,
        };
        let files = vec![
            // revised once, agreed on the second version, the first opinion late
            vec![
                sub("2026-03-02 09:00", 1),
                rev("2026-03-10 09:00", Outcome::Revise),
                sub("2026-03-11 09:00", 2),
                rev("2026-03-11 13:00", Outcome::Agree),
            ],
            // agreed at once
            vec![sub("2026-03-02 09:00", 1), rev("2026-03-02 11:00", Outcome::Agree)],
            // disagreement escalated and ruled for the handling unit
            vec![
                sub("2026-03-02 09:00", 1),
                rev("2026-03-03 09:00", Outcome::Disagree),
                Timed { event: Event::Objected, at: at("2026-03-03 10:00"), due: None },
                Timed { event: Event::Negotiated { agreed: false }, at: at("2026-03-03 11:00"), due: None },
                Timed { event: Event::Ruled { side: Side::Handling }, at: at("2026-03-03 12:00"), due: None },
            ],
            // still waiting, past its limit
            vec![sub("2026-03-02 09:00", 1)],
        ];
        let s = stats(&files, d("2026-03-20"));
        assert_eq!((s.cases, s.submissions, s.reviews, s.agreed), (4, 5, 4, 2));
        assert_eq!((s.pass_rate, s.first_pass_rate, s.rounds), (Some(50.0), Some(33.3), Some(1.3)));
        // hours: 192, 4, 2, 24 -> median (4 + 24) / 2
        assert_eq!(s.median_hours, Some(14.0));
        assert_eq!((s.late, s.pending, s.overdue), (1, 1, 1));
        assert_eq!((s.objections, s.escalated, s.ruled_for_handling), (1, 1, 1));
        assert_eq!(waiting(&files[3].iter().map(|t| t.event.clone()).collect::<Vec<_>>()), Some(Waiting::Review));
    }
}
