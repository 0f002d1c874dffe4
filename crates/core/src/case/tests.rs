//! Procedure tests: cases walked step by step through [`check_step`], each forbidden path
//! refused with its article named.

use super::machine::*;
use super::*;
use crate::access::Role;
use crate::calendar::Calendar;
use crate::evidence::EvidenceKind;
use crate::registry::CertificateStatus;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

fn at(s: &str) -> DateTime<Utc> {
    let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    crate::time::shanghai().from_local_datetime(&n).single().unwrap().to_utc()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn officer(id: i64, to: &str, status: CertificateStatus) -> OfficerStanding {
    OfficerStanding {
        id,
        name: format!("执法员{id}"),
        in_body: true,
        certificates: vec![CertificateStanding {
            number: format!("津12011500{id:03}"),
            domain: "市场监管".into(),
            status,
            valid_from: d("2024-01-01"),
            valid_to: d(to),
        }],
    }
}

struct Case {
    facts: CaseFacts,
    history: Vec<Recorded>,
    officers: Vec<OfficerStanding>,
    evidence: Vec<EvidenceFact>,
    /// documents issued; `None`: every document the recorded steps require
    documents: Option<Vec<crate::doc::DocKind>>,
    /// the review file; a 法制审核 step recorded here first adds a submission and an opinion
    /// with its result (what the review API does)
    review: Vec<crate::review::Event>,
    /// the review marks
    marks: crate::review::Marks,
    /// whether a 法制审核 step first adds its submission and opinion to the file
    simulate_review: bool,
    /// the officer recording the steps
    caller: i64,
}

const NUMBER: &str = "003-2026-CF00001";

impl Case {
    fn new(kind: CaseKind) -> Self {
        Case {
            facts: CaseFacts {
                kind,
                domain: "市场监管".into(),
                party_kind: PartyKind::Person,
                officer_ids: vec![1, 2],
                act_date: Some(d("2026-01-10")),
                act_ended: None,
                discovered_on: None,
                serious_harm: false,
                complex: false,
                persons: Vec::new(),
                hearing_required: false,
                item_versions: Vec::new(),
            },
            history: Vec::new(),
            officers: vec![
                officer(1, "2029-01-01", CertificateStatus::Valid),
                officer(2, "2029-01-01", CertificateStatus::Valid),
                officer(3, "2026-02-01", CertificateStatus::Valid),
                officer(4, "2029-01-01", CertificateStatus::Suspended),
                officer(9, "2029-01-01", CertificateStatus::Valid),
            ],
            evidence: vec![EvidenceFact {
                id: 77,
                case_number: NUMBER.into(),
                kind: EvidenceKind::Video,
                captured_at: at("2026-03-03 10:05"),
                live: true,
            }],
            documents: None,
            review: Vec::new(),
            marks: Default::default(),
            simulate_review: true,
            caller: 1,
        }
    }

    fn try_step(
        &mut self,
        role: Role,
        when: &str,
        kind: StepKind,
        f: impl FnOnce(&mut StepInput),
    ) -> Result<Accepted, Refusal> {
        let mut input = StepInput { kind: kind.code().into(), occurred_at: Some(when.into()), ..Default::default() };
        if kind.is_field() {
            input.officer_ids = vec![1, 2];
            input.place = Some("宝坻区某路12号".into());
        }
        input.content = Some("记录内容".into());
        if kind == StepKind::NotifyIntent {
            input.violated = vec!["食品安全法 第三十四条".into()];
        }
        f(&mut input);
        let now = at(when) + Duration::hours(1);
        let mut step = input.validate(now).unwrap_or_else(|e| panic!("{kind:?} input: {e}"));
        let d = &step.data;
        let ids: Vec<i64> =
            d.officer_ids.iter().copied().chain(d.chair_officer_id).chain(d.substitute_ids.iter().copied()).collect();
        let officers: Vec<_> = self.officers.iter().filter(|o| ids.contains(&o.id)).cloned().collect();
        let evidence: Vec<_> =
            self.evidence.iter().filter(|e| step.data.evidence_ids.contains(&e.id)).cloned().collect();
        let documents: Vec<crate::doc::DocKind> = self
            .documents
            .clone()
            .unwrap_or_else(|| self.history.iter().filter_map(|h| crate::doc::DocKind::required_for(h.kind)).collect());
        let mut events = self.review.clone();
        if kind == StepKind::LegalReview
            && self.simulate_review
            && let Some(outcome) = step.data.result.as_deref().and_then(|r| crate::review::Outcome::parse(r).ok())
        {
            let version = crate::review::state(&events).version() + 1;
            events.push(crate::review::Event::Submitted { version });
            events.push(crate::review::Event::Reviewed { outcome, crime_suspected: false });
        }
        let requirement = crate::review::requirement(&crate::review::ScopeFacts {
            kind: self.facts.kind,
            power_item_code: "MS-CF-001",
            hearing_held: self.history.iter().any(|h| h.kind == StepKind::Hearing),
            licensing_hearing: false,
            complex_case: self.facts.complex,
            marks: &self.marks,
            list: &[],
        });
        let gate = crate::review::ReviewGate { requirement, events: events.clone() };
        let ctx = StepContext {
            now,
            role,
            caller_officer_id: Some(self.caller),
            calendar: Calendar::official(),
            policy: CasePolicy::shipped(),
            case_number: NUMBER,
            officers: &officers,
            evidence: &evidence,
            documents: &documents,
            review: Some(&gate),
        };
        let ok = check_step(&self.facts, &self.history, &mut step, &ctx)?;
        self.review = events;
        self.history.push(Recorded { kind: step.kind, occurred_at: step.occurred_at, data: step.data });
        Ok(ok)
    }

    fn step(&mut self, role: Role, when: &str, kind: StepKind, f: impl FnOnce(&mut StepInput)) -> Accepted {
        self.try_step(role, when, kind, f).unwrap_or_else(|e| panic!("{kind:?} at {when}: {e}"))
    }

    fn refused(&mut self, role: Role, when: &str, kind: StepKind, f: impl FnOnce(&mut StepInput)) -> Refusal {
        let before = self.history.len();
        let r = self.try_step(role, when, kind, f).expect_err("the step should be refused");
        assert_eq!(self.history.len(), before);
        r
    }
}

fn discussed(conclusion: &str) -> impl FnOnce(&mut StepInput) {
    let conclusion = conclusion.to_string();
    move |s: &mut StepInput| {
        s.items = vec!["王某（局长，主持）".into(), "李某（副局长）".into(), "赵某（副局长）".into()];
        s.content = Some("承办人汇报案情，法制审核人员列席；与会人员一致认为事实清楚".into());
        s.result = Some(conclusion);
    }
}

#[test]
fn art_57_the_discussion_records_its_participants_minutes_and_conclusion() {
    let input =
        StepInput {
            kind: "集体讨论".into(), items: vec!["王某（局长）".into(), " ".into()], ..Default::default()
        };
    let e = input.validate(at("2026-03-12 12:00")).unwrap_err();
    let fields: Vec<(&str, &str)> = e.errors.iter().map(|x| (x.field.as_str(), x.message.as_str())).collect();
    assert!(fields.iter().any(|(f, m)| *f == "content" && m.contains("讨论记录")), "{fields:?}");
    assert!(fields.iter().any(|(f, m)| *f == "result" && m.contains("讨论结论")), "{fields:?}");
    assert!(fields.iter().any(|(f, m)| *f == "items" && m.contains("不少于3人")), "{fields:?}");
}

fn fine(yuan: &str) -> impl FnOnce(&mut StepInput) {
    let yuan = yuan.to_string();
    move |s: &mut StepInput| {
        s.penalty_kinds = vec!["罚款".into()];
        s.fine = Some(yuan);
        s.legal_basis = vec!["食品安全法 第一百二十二条".into()];
    }
}

use Role::{Head, Officer, Reviewer};

/// Service straight to the party (直接送达).
fn direct(s: &mut StepInput) {
    s.method = Some("直接送达".into());
}
use StepKind as S;

/// A general-procedure case up to the notice of 3,000 yuan (no hearing right).
fn noticed() -> Case {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    c
}

/// The general procedure end to end, through payment after service (《行政处罚法》第六十六条、第六十七条).
#[test]
fn penalty_general_runs_end_to_end() {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.content = Some("初次违法，请求从轻".into()));
    c.step(Officer, "2026-03-12 10:00", S::Reexamine, |s| s.content = Some("理由部分成立".into()));
    c.step(Reviewer, "2026-03-13 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let a = c.step(Head, "2026-03-16 10:00", S::Decide, fine("2000"));
    assert_eq!(a.stage, Stage::Decided);
    c.step(Officer, "2026-03-17 10:00", S::Serve, |s| s.method = Some("直接送达".into()));
    c.step(Officer, "2026-03-20 10:00", S::Execute, |s| {
        s.method = Some("自行缴纳".into());
        s.amount = Some("2000".into());
    });
    c.step(Head, "2026-03-23 10:00", S::Close, |s| s.result = Some("执行完毕".into()));
    // DA/T 70: not without the case file's documents.
    c.documents = Some(vec![crate::doc::DocKind::FilingApproval, crate::doc::DocKind::PenaltyDecision]);
    let r = c.try_step(Officer, "2026-03-24 10:00", S::Archive, |_| {}).unwrap_err();
    assert_eq!(r.rule, "DA/T 70 电子档案完整性");
    assert!(r.message.contains("行政处罚事先告知书") && r.message.contains("结案审批表"), "{r}");
    c.documents = None;
    let a = c.step(Officer, "2026-03-24 10:00", S::Archive, |_| {});
    assert_eq!(a.stage, Stage::Archived);
    assert_eq!(next_steps(CaseKind::PenaltyGeneral, &c.history), vec![S::SupplementArchive]);
    let dl = deadlines(&c.facts, &c.history, Calendar::official(), d("2026-03-24"));
    assert!(dl.iter().all(|x| x.done_on.is_some()), "{dl:?}");
}

#[test]
fn art_47_after_archiving_only_a_reasoned_supplement_by_the_head_reopens_the_file() {
    for kind in CaseKind::ALL {
        let t = super::machine::transitions(*kind);
        let sup = t.iter().find(|t| t.step == S::SupplementArchive).expect("every kind can supplement");
        assert_eq!((sup.from.as_slice(), sup.to), (&[Stage::Archived][..], Some(Stage::Supplementing)), "{kind:?}");
        let arc = t.iter().find(|t| t.step == S::Archive).unwrap();
        assert!(arc.from.contains(&Stage::Supplementing), "{kind:?}");
        // Nothing else is recorded on an archived file.
        for other in t.iter().filter(|t| t.step != S::SupplementArchive) {
            assert!(!other.from.contains(&Stage::Archived), "{kind:?} {:?}", other.step);
        }
    }
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::RefuseFiling, |s| {
        s.result = Some("no_violation".into());
        s.content = Some("经核查不存在违法事实".into());
    });
    c.step(Officer, "2026-03-03 09:00", S::Archive, |_| {});
    let r = c.refused(Officer, "2026-03-04 09:00", S::Investigate, |_| {});
    assert!(r.message.contains("当前可进行：补充归档"), "{r}");
    let r = c.refused(Officer, "2026-03-04 09:00", S::SupplementArchive, |s| s.content = Some("补充材料".into()));
    assert_eq!(r.field, "kind");
    let a = c.step(Head, "2026-03-04 09:00", S::SupplementArchive, |s| s.content = Some("补充举报人来信原件".into()));
    assert_eq!(a.stage, Stage::Supplementing);
    assert_eq!(next_steps(CaseKind::PenaltyGeneral, &c.history), vec![S::Archive]);
    let a = c.step(Officer, "2026-03-05 09:00", S::Archive, |_| {});
    assert_eq!(a.stage, Stage::Archived);
    // The reasons are required.
    let input = crate::case::StepInput {
        kind: S::SupplementArchive.code().into(),
        occurred_at: Some("2026-03-06 09:00".into()),
        ..Default::default()
    };
    let e = input.validate(chrono::Utc::now()).unwrap_err();
    assert!(e.to_string().contains("补充归档的理由"), "{e}");
}

#[test]
fn art_62_decision_before_notice_is_refused() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    let r = c.refused(Head, "2026-03-04 10:00", S::Decide, fine("1000"));
    assert!(r.rule.contains("第六十二条"), "{r}");
}

#[test]
fn art_44_45_decision_waits_for_the_statement_period_and_reexamination() {
    let mut c = noticed();
    c.step(Reviewer, "2026-03-11 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    // Five working days from 03-10 end on 03-17.
    let r = c.refused(Head, "2026-03-17 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第四十四条") && r.message.contains("2026-03-17"), "{r}");
    c.step(Officer, "2026-03-17 11:00", S::Statement, |s| s.content = Some("不服".into()));
    let r = c.refused(Head, "2026-03-18 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第四十五条"), "{r}");
    c.step(Officer, "2026-03-18 11:00", S::Reexamine, |_| {});
    // Heavier than notified: refused.
    let r = c.refused(Head, "2026-03-18 12:00", S::Decide, fine("3500"));
    assert!(r.rule.contains("第四十五条第二款"), "{r}");
    c.step(Head, "2026-03-18 13:00", S::Decide, fine("3000"));
}

#[test]
fn art_58_no_decision_without_legal_review() {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    let r = c.refused(Head, "2026-03-12 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第五十八条"), "{r}");
    c.step(Reviewer, "2026-03-12 11:00", S::LegalReview, |s| s.result = Some("修改后重新送审".into()));
    assert!(c.refused(Head, "2026-03-12 12:00", S::Decide, fine("3000")).rule.contains("第五十八条"));
    c.step(Reviewer, "2026-03-13 11:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 12:00", S::Decide, fine("3000"));
}

#[test]
fn art_58_the_gate_reads_the_review_file_not_a_step() {
    use crate::review::{Event, Outcome};
    let mut c = noticed();
    c.simulate_review = false;
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    // Submitted, not yet reviewed: no 法制审核 step can be recorded, and no decision made.
    c.review.push(Event::Submitted { version: 1 });
    c.review.push(Event::Reviewed { outcome: Outcome::Disagree, crime_suspected: false });
    c.review.push(Event::Submitted { version: 2 });
    let r = c.refused(Head, "2026-03-12 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第五十八条") && r.message.contains("尚在法制审核中"), "{r}");
    // The step cannot say more than the file: a made-up 同意 on a pending file is refused.
    c.review.truncate(2);
    let r = c.refused(Reviewer, "2026-03-12 11:00", S::LegalReview, |s| s.result = Some("同意".into()));
    assert!(r.rule.contains("第五十八条"), "{r}");
    // The head ruled for the handling unit after a disagreement: the decision may be made.
    c.review.extend([Event::Objected, Event::Negotiated { agreed: false }]);
    assert!(c.refused(Head, "2026-03-12 12:00", S::Decide, fine("3000")).message.contains("机关负责人"));
    c.review.push(Event::Ruled { side: crate::review::Side::Handling });
    c.step(Head, "2026-03-13 12:00", S::Decide, fine("3000"));
}

#[test]
fn art_58_a_decision_without_the_review_file_is_refused() {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    let mut input =
        StepInput { kind: "decide".into(), occurred_at: Some("2026-03-12 10:00".into()), ..Default::default() };
    fine("3000")(&mut input);
    input.content = Some("决定".into());
    let mut step = input.validate(at("2026-03-12 11:00")).unwrap();
    let ctx = StepContext {
        now: at("2026-03-12 11:00"),
        role: Head,
        caller_officer_id: None,
        calendar: Calendar::official(),
        policy: CasePolicy::shipped(),
        case_number: NUMBER,
        officers: &[],
        evidence: &[],
        documents: &[],
        review: None,
    };
    let r = check_step(&c.facts, &c.history, &mut step, &ctx).unwrap_err();
    assert!(r.rule.contains("第五十八条"), "{r}");
}

#[test]
fn art_57_complex_cases_need_collective_discussion() {
    let mut c = noticed();
    c.facts.complex = true;
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    assert!(c.refused(Head, "2026-03-12 11:00", S::Decide, fine("3000")).rule.contains("第五十七条"));
    c.step(Head, "2026-03-12 12:00", S::CollectiveDiscussion, discussed("补充调查"));
    let r = c.refused(Head, "2026-03-12 13:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第五十七条") && r.message.contains("补充调查"), "{r}");
    c.step(Head, "2026-03-12 14:00", S::CollectiveDiscussion, discussed("给予行政处罚"));
    c.step(Head, "2026-03-12 15:00", S::Decide, fine("3000"));
}

#[test]
fn art_57_a_mark_added_later_also_requires_the_discussion() {
    let mut c = noticed();
    c.marks.collective = true;
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let r = c.refused(Head, "2026-03-12 11:00", S::Decide, fine("3000"));
    assert!(r.message.contains("已标记须集体讨论"), "{r}");
    c.step(Head, "2026-03-12 12:00", S::CollectiveDiscussion, discussed("给予行政处罚"));
    c.step(Head, "2026-03-12 13:00", S::Decide, fine("3000"));
}

#[test]
fn art_60_decision_on_day_91_is_refused_and_suspension_stops_the_clock() {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    // Filed 2026-03-02: day 90 is 2026-05-31, a Sunday: the period ends on Monday 06-01.
    let r = c.refused(Head, "2026-06-02 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第六十条") && r.message.contains("2026-06-01"), "{r}");
    let mut c2 = noticed();
    c2.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c2.step(Officer, "2026-03-20 10:00", S::Suspend, |s| s.content = Some("等待检验结果".into()));
    assert!(
        c2.refused(Reviewer, "2026-03-21 10:00", S::LegalReview, |s| s.result = Some("同意".into()))
            .rule
            .contains("第六十条")
    );
    c2.step(Officer, "2026-03-30 10:00", S::Resume, |s| s.content = Some("检验结果已出".into()));
    c2.step(Reviewer, "2026-03-31 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c2.step(Head, "2026-06-02 10:00", S::Decide, fine("3000"));
}

#[test]
fn art_42_field_step_with_one_officer_or_a_bad_certificate_is_refused() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    // One officer: refused by validation already, with the article.
    let one = StepInput { kind: "investigate".into(), officer_ids: vec![1], ..Default::default() };
    assert!(one.validate(at("2026-03-03 10:00")).unwrap_err().to_string().contains("第四十二条"));
    // Officer 3's certificate expired on 2026-02-01; officer 4's is suspended.
    let r = c.refused(Officer, "2026-03-03 10:00", S::Investigate, |s| s.officer_ids = vec![1, 3]);
    assert!(r.rule.contains("第四十二条") && r.message.contains("过期"), "{r}");
    let r = c.refused(Officer, "2026-03-03 10:00", S::Investigate, |s| s.officer_ids = vec![1, 4]);
    assert!(r.message.contains("暂扣"), "{r}");
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |s| s.officer_ids = vec![1, 2]);
}

#[test]
fn art_36_limitation_is_checked_at_filing() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.act_date = Some(d("2023-01-10"));
    let r = c.refused(Head, "2026-03-02 09:00", S::File, |_| {});
    assert!(r.rule.contains("第三十六条"), "{r}");
    c.facts.serious_harm = true;
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
}

#[test]
fn art_51_onsite_fine_above_the_limit_is_refused() {
    let mut c = Case::new(CaseKind::PenaltySimple);
    let r = c.refused(Officer, "2026-03-03 10:00", S::OnsiteDecision, fine("201"));
    assert!(r.rule.contains("第五十一条"), "{r}");
    c.facts.party_kind = PartyKind::Organisation;
    c.step(Officer, "2026-03-03 10:00", S::OnsiteDecision, fine("3000"));
    // Served on the spot only.
    let r = c.refused(Officer, "2026-03-04 10:00", S::Serve, |s| s.method = Some("当场交付".into()));
    assert!(r.rule.contains("第五十二条"));
    c.step(Officer, "2026-03-03 10:10", S::Serve, |s| s.method = Some("当场交付".into()));
    // Collected on the spot only up to 100 yuan (art. 68).
    let r = c.refused(Officer, "2026-03-03 10:20", S::Execute, |s| {
        s.method = Some("当场收缴".into());
        s.amount = Some("3000".into());
    });
    assert!(r.rule.contains("第六十八条"));
    c.step(Officer, "2026-03-05 10:20", S::Execute, |s| {
        s.method = Some("自行缴纳".into());
        s.amount = Some("3000".into());
    });
}

#[test]
fn art_72_late_payment_must_include_the_charge() {
    let mut c = Case::new(CaseKind::PenaltySimple);
    c.step(Officer, "2026-03-03 10:00", S::OnsiteDecision, fine("200"));
    c.step(Officer, "2026-03-03 10:10", S::Serve, |s| s.method = Some("当场交付".into()));
    // Due 2026-03-18; paid 2026-03-20: two days late, 3% a day of 200 yuan = 12 yuan.
    let r = c.refused(Officer, "2026-03-20 10:00", S::Execute, |s| {
        s.method = Some("自行缴纳".into());
        s.amount = Some("200".into());
    });
    assert!(r.rule.contains("第七十二条") && r.message.contains("212.00"), "{r}");
    c.step(Officer, "2026-03-20 10:00", S::Execute, |s| {
        s.method = Some("自行缴纳".into());
        s.amount = Some("212".into());
    });
}

#[test]
fn art_61_late_service_and_e_service_without_consent_are_refused() {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 10:00", S::Decide, fine("3000"));
    let r = c.refused(Officer, "2026-03-16 10:00", S::Serve, |s| s.method = Some("电子送达".into()));
    assert!(r.rule.contains("第六十一条第二款"));
    // Seven working days from Friday 03-13 end on 03-24.
    let r = c.refused(Officer, "2026-03-25 10:00", S::Serve, |s| s.method = Some("直接送达".into()));
    assert!(r.rule.contains("第六十一条") && r.message.contains("2026-03-24"), "{r}");
    c.step(Officer, "2026-03-24 10:00", S::Serve, |s| {
        s.method = Some("留置送达".into());
        s.witness = Some("村委会委员张某".into());
    });
}

#[test]
fn art_63_64_hearing_rights_and_procedure() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    let a = c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    assert!(a.prompts.iter().any(|p| p.contains("听证")));
    // Within five working days (to 03-17).
    let r = c.refused(Officer, "2026-03-18 10:00", S::HearingRequest, |_| {});
    assert!(r.rule.contains("第六十四条第一项"), "{r}");
    c.step(Officer, "2026-03-16 10:00", S::HearingRequest, |_| {});
    // Decision cannot skip the hearing.
    assert!(c.refused(Head, "2026-03-17 10:00", S::Decide, fine("20000")).rule.contains("第六十二条"));
    // Notice seven working days ahead: from 03-17, the earliest day is 03-27.
    let r = c.refused(Officer, "2026-03-17 10:00", S::HearingNotice, |s| s.to_date = Some("2026-03-25".into()));
    assert!(r.rule.contains("第六十四条第二项"), "{r}");
    c.step(Officer, "2026-03-17 10:00", S::HearingNotice, |s| s.to_date = Some("2026-03-27".into()));
    // Chaired by an investigator: refused.
    let r = c.refused(Officer, "2026-03-27 10:00", S::Hearing, |s| {
        s.chair_officer_id = Some(2);
        s.party_signed = Some(true);
    });
    assert!(r.rule.contains("第六十四条第四项"));
    c.step(Officer, "2026-03-27 10:00", S::Hearing, |s| {
        s.chair_officer_id = Some(9);
        s.party_signed = Some(true);
    });
}

#[test]
fn simple_cases_refuse_steps_of_other_procedures() {
    let mut c = Case::new(CaseKind::PenaltySimple);
    let r = c.refused(Head, "2026-03-02 09:00", S::File, |_| {});
    assert!(r.message.contains("没有“立案”环节"), "{r}");
}

fn measure(c: &mut Case, when: &str, f: impl FnOnce(&mut StepInput)) -> Result<Accepted, Refusal> {
    c.try_step(Officer, when, S::ApplyMeasure, |s| {
        s.method = Some("扣押".into());
        s.days = Some(30);
        s.items = vec!["过期食品 20箱".into()];
        s.legal_basis = vec!["食品安全法 第一百一十条".into()];
        s.party_present = Some(true);
        s.party_signed = Some(true);
        s.evidence_ids = vec![77];
        f(s);
    })
}

/// 《行政强制法》第十八条、第十九条、第二十四条、第二十五条、第二十七条、第二十八条、第六十九条: a
/// seizure is approved first, recorded with its list and video, lasts at most thirty days (calendar
/// days beyond ten), is extended once with notice, and is released (or dealt with) within it.
#[test]
fn art_25_seizure_extends_once_and_needs_video() {
    let mut c = Case::new(CaseKind::CompulsoryMeasure);
    // Without prior approval and not urgent: refused (art. 18, 19).
    let r = measure(&mut c, "2026-03-03 10:00", |_| {}).unwrap_err();
    assert!(r.rule.contains("第十九条"), "{r}");
    c.step(Head, "2026-03-02 16:00", S::ApproveMeasure, |_| {});
    // Without linked video: refused.
    let r = measure(&mut c, "2026-03-03 10:00", |s| s.evidence_ids.clear()).unwrap_err();
    assert!(r.rule.contains("音像"), "{r}");
    // Without its list of the things seized (第二十四条): refused.
    let r = measure(&mut c, "2026-03-03 10:00", |s| s.items.clear()).unwrap_err();
    assert!(r.rule.contains("第二十四条"), "{r}");
    // More than 30 days: refused.
    assert!(measure(&mut c, "2026-03-03 10:00", |s| s.days = Some(31)).unwrap_err().rule.contains("第二十五条"));
    measure(&mut c, "2026-03-03 10:00", |_| {}).unwrap();
    let ext = |s: &mut StepInput| {
        s.days = Some(30);
        s.notice_given = Some(true);
    };
    assert!(c.refused(Head, "2026-03-20 10:00", S::ExtendMeasure, |s| s.days = Some(30)).rule.contains("第二十五条"));
    c.step(Head, "2026-03-30 10:00", S::ExtendMeasure, ext);
    let r = c.refused(Head, "2026-04-10 10:00", S::ExtendMeasure, ext);
    assert!(r.rule.contains("第二十五条") && r.message.contains("一次"), "{r}");
    let dl = deadlines(&c.facts, &c.history, Calendar::official(), d("2026-04-10"));
    // Sixty days from 03-03 end on 05-02, within the Labour Day holiday: the longest a seizure
    // may last does not move off it (《行政强制法》第二十五条; see `PeriodKind`).
    assert_eq!(dl[0].due, Some(d("2026-05-02")));
    c.step(Officer, "2026-04-20 10:00", S::ReleaseMeasure, |_| {});
}

#[test]
fn art_19_emergency_measure_needs_approval_within_24_hours() {
    let mut c = Case::new(CaseKind::CompulsoryMeasure);
    measure(&mut c, "2026-03-03 10:00", |s| s.urgent_reason = Some("当事人正在转移涉案食品".into())).unwrap();
    let r = c.refused(Head, "2026-03-04 10:30", S::ApproveMeasure, |_| {});
    assert!(r.rule.contains("第十九条") && r.message.contains("立即解除"), "{r}");
    c.step(Head, "2026-03-04 09:30", S::ApproveMeasure, |_| {});
}

#[test]
fn art_43_44_no_enforcement_at_night_and_demolition_after_notice() {
    let mut c = Case::new(CaseKind::CompulsoryEnforcement);
    c.step(Officer, "2026-03-02 10:00", S::Demand, |s| s.to_date = Some("2026-03-12".into()));
    let r = c.refused(Head, "2026-03-10 10:00", S::EnforcementDecision, |s| {
        s.method = Some("强制拆除".into());
        s.legal_basis = vec!["行政强制法 第四十四条".into()];
    });
    assert!(r.rule.contains("第三十七条"), "{r}");
    c.step(Head, "2026-03-13 10:00", S::EnforcementDecision, |s| {
        s.method = Some("强制拆除".into());
        s.legal_basis = vec!["行政强制法 第四十四条".into()];
    });
    c.step(Officer, "2026-03-13 11:00", S::Serve, |s| s.method = Some("直接送达".into()));
    c.evidence[0].captured_at = at("2026-03-20 23:10");
    let r = c.refused(Officer, "2026-03-20 23:00", S::Enforce, |s| s.evidence_ids = vec![77]);
    assert!(r.rule.contains("第四十三条"), "{r}");
    c.evidence[0].captured_at = at("2026-03-20 10:10");
    let r = c.refused(Officer, "2026-03-20 10:00", S::Enforce, |s| s.evidence_ids = vec![77]);
    assert!(r.rule.contains("第四十四条"), "{r}");
    // The notice names when the party received the demolition order: the periods of 复议 and
    // 诉讼 run from it.
    let r = c.refused(Officer, "2026-03-20 11:00", S::PublicNotice, |s| s.to_date = Some("2026-03-30".into()));
    assert_eq!((r.field, r.rule), ("from_date", "《行政强制法》第四十四条"), "{r}");
    c.step(Officer, "2026-03-20 11:00", S::PublicNotice, |s| {
        s.to_date = Some("2026-03-30".into());
        s.from_date = Some("2025-10-15".into());
    });
    // Received 2025-10-15: six months end on 2026-04-15; the notice's period alone is not enough.
    c.evidence[0].captured_at = at("2026-03-31 10:10");
    let r = c.refused(Officer, "2026-03-31 10:00", S::Enforce, |s| s.evidence_ids = vec![77]);
    assert!(r.rule.contains("第四十四条") && r.message.contains("2026-04-15"), "{r}");
    c.step(Officer, "2026-03-31 11:00", S::PublicNotice, |s| {
        s.to_date = Some("2026-03-30".into());
        s.from_date = Some("2025-09-01".into());
    });
    // Received 2025-09-01: six months end on 2026-03-01, a Sunday, so on 03-02.
    let a = c.step(Officer, "2026-03-31 12:00", S::Enforce, |s| s.evidence_ids = vec![77]);
    assert!(a.prompts.iter().any(|p| p.contains("未申请行政复议")), "{a:?}");
}

#[test]
fn licensing_art_32_42_44_periods() {
    let mut c = Case::new(CaseKind::Licensing);
    c.step(Officer, "2026-03-02 10:00", S::Apply, |_| {});
    // Five working days to ask for materials: to 03-09.
    let r = c.refused(Officer, "2026-03-10 10:00", S::RequestMaterials, |_| {});
    assert!(r.rule.contains("第三十二条"), "{r}");
    c.step(Officer, "2026-03-09 10:00", S::RequestMaterials, |_| {});
    c.step(Officer, "2026-03-12 10:00", S::MaterialsReceived, |_| {});
    // Asked once only: a second request is not in the procedure.
    assert!(c.refused(Officer, "2026-03-12 11:00", S::RequestMaterials, |_| {}).rule.contains("一次告知"));
    c.step(Officer, "2026-03-12 12:00", S::Accept, |_| {});
    // 许可法 art. 42: the applicant is told the reason of the extension.
    let r = c.refused(Head, "2026-03-20 10:00", S::ExtendDecision, |s| s.days = Some(10));
    assert_eq!((r.field, r.rule), ("notice_given", "《行政许可法》第四十二条"), "{r}");
    c.step(Head, "2026-03-20 10:00", S::ExtendDecision, |s| {
        s.days = Some(10);
        s.notice_given = Some(true);
    });
    assert!(c.refused(Head, "2026-03-21 10:00", S::ExtendDecision, |s| s.days = Some(5)).rule.contains("第四十二条"));
    c.step(Officer, "2026-03-23 10:00", S::ExcludePeriod, |s| {
        s.method = Some("专家评审".into());
        s.from_date = Some("2026-03-23".into());
        s.to_date = Some("2026-03-27".into());
        s.notice_given = Some(true);
    });
    // 20 + 10 + 5 working days from 03-12.
    let due = licence_deadline(Calendar::official(), &c.history).unwrap().unwrap();
    assert_eq!(due, Calendar::official().add_working_days(d("2026-03-12"), 35).unwrap());
    let late = Calendar::official().add_working_days(due, 1).unwrap();
    let r = c.refused(Head, &format!("{late} 10:00"), S::LicenceDecision, |s| {
        s.result = Some("准予许可".into());
        s.legal_basis = vec!["行政许可法 第三十八条".into()];
    });
    assert!(r.rule.contains("第四十二条"), "{r}");
    c.step(Head, &format!("{due} 10:00"), S::LicenceDecision, |s| {
        s.result = Some("准予许可".into());
        s.legal_basis = vec!["行政许可法 第三十八条".into()];
    });
    assert!(
        c.refused(Officer, &format!("{due} 11:00"), S::Serve, |s| s.method = Some("直接送达".into()))
            .rule
            .contains("第四十四条")
    );
    c.step(Officer, &format!("{due} 12:00"), S::IssueLicence, |_| {});
}

#[test]
fn roles_and_handling_officers_are_enforced() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    let r = c.refused(Officer, "2026-03-02 09:00", S::File, |_| {});
    assert!(r.message.contains("机关负责人"), "{r}");
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.facts.officer_ids = vec![2, 3];
    let r = c.refused(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    assert!(r.message.contains("承办"), "{r}");
}

/// 《行政处罚法》第四十七条: the record of the whole procedure is kept in the order things happened.
#[test]
fn steps_cannot_be_backdated_before_the_last_one() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    let r = c.refused(Officer, "2026-03-01 10:00", S::Investigate, |_| {});
    assert_eq!(r.field, "occurred_at");
}

#[test]
fn every_kind_has_a_table_and_reaches_archive() {
    for k in CaseKind::ALL {
        let steps = steps_of(*k);
        assert!(steps.contains(&S::Archive), "{k:?}");
        assert!(steps.contains(&S::Close), "{k:?}");
    }
}

#[test]
fn a_period_running_into_an_unpublished_year_does_not_block_a_timely_step() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.act_date = Some(d("2026-10-01"));
    c.step(Head, "2026-11-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-11-03 10:00", S::Investigate, |_| {});
    // The 90-day period ends in 2027, whose schedule is not published: the view says so …
    let dl = deadlines(&c.facts, &c.history, Calendar::official(), d("2026-11-03"));
    assert_eq!(dl[0].due, Some(d("2027-01-31")), "the plain count is the earliest the period can end");
    assert!(dl[0].note.as_deref().unwrap().contains("2027"), "{dl:?}");
    // … but a decision in 2026 is certainly in time and is not refused.
    c.step(Officer, "2026-11-10 10:00", S::NotifyIntent, fine("3000"));
    c.step(Officer, "2026-11-10 10:00", S::ServeNotice, direct);
    c.step(Officer, "2026-11-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-11-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-11-13 10:00", S::Decide, fine("3000"));
    c.step(Officer, "2026-11-16 10:00", S::Serve, |s| s.method = Some("直接送达".into()));
}

fn person(name: &str, born: &str) -> crate::case::rules::PersonFact {
    crate::case::rules::PersonFact { name: name.into(), born: Some(d(born)) }
}

#[test]
fn art_30_ages_are_full_years_reached_the_day_after_the_birthday() {
    use crate::case::rules::age_on;
    assert_eq!(age_on(d("2012-01-10"), d("2026-01-10")), 13, "on the fourteenth birthday: not yet fourteen");
    assert_eq!(age_on(d("2012-01-10"), d("2026-01-11")), 14);
    assert_eq!(age_on(d("2008-01-10"), d("2026-01-10")), 17);
    assert_eq!(age_on(d("2008-01-10"), d("2026-01-11")), 18);
    // Born on 29 February: a year older on 1 March.
    assert_eq!(age_on(d("2012-02-29"), d("2026-02-28")), 13);
    assert_eq!(age_on(d("2012-02-29"), d("2026-03-01")), 14);
}

#[test]
fn art_30_under_fourteen_at_the_act_is_not_penalised() {
    // The act on 2026-01-10; fourteen is reached on 2026-01-11.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.persons = vec![person("李小明", "2012-01-10")];
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    let r = c.refused(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000"));
    assert_eq!((r.rule, r.field), ("《行政处罚法》第三十条", "penalty_kinds"), "{r}");
    assert!(r.message.contains("不满十四周岁") && r.message.contains("监护人"), "{r}");
    // The case ends without a penalty.
    c.step(Head, "2026-03-10 11:00", S::Close, |s| s.result = Some("不予行政处罚".into()));
    // Born a day earlier, the party was fourteen on the day of the act: a lenient penalty.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.persons = vec![person("李小明", "2012-01-09")];
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    let r = c.refused(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000"));
    assert_eq!((r.rule, r.field), ("《行政处罚法》第三十条", "leniency"), "{r}");
}

#[test]
fn art_30_fourteen_to_eighteen_must_be_lenient_and_the_decision_says_why() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.persons = vec![person("王小红", "2008-01-10")];
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    assert_eq!(c.refused(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000")).field, "leniency");
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, |s| {
        fine("3000")(s);
        s.leniency = Some("从轻处罚".into());
    });
    assert_eq!(c.history.last().map(|r| r.data.leniency), Some(Some(crate::case::Leniency::Lighter)));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    assert_eq!(c.refused(Head, "2026-03-13 10:00", S::Decide, fine("2000")).field, "leniency");
    c.step(Head, "2026-03-13 10:00", S::Decide, |s| {
        fine("2000")(s);
        s.leniency = Some("减轻处罚".into());
    });
    let basis = c.history.last().and_then(|r| r.data.leniency_basis.clone()).unwrap_or_default();
    assert!(
        basis.contains("王小红") && basis.contains("已满十四周岁不满十八周岁") && basis.contains("第三十条"),
        "{basis}"
    );
    // Eighteen reached the day after the birthday: an adult at an act on 2026-01-11 needs none.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.act_date = Some(d("2026-01-11"));
    c.facts.persons = vec![person("王小红", "2008-01-10")];
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    // The simple procedure too.
    let mut c = Case::new(CaseKind::PenaltySimple);
    c.facts.persons = vec![person("王小红", "2008-06-01")];
    assert_eq!(c.refused(Officer, "2026-03-03 10:00", S::OnsiteDecision, fine("50")).rule, "《行政处罚法》第三十条");
}

#[test]
fn art_31_capacity_found_decides_whether_and_how_a_penalty_is_given() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |s| s.capacity = Some("none".into()));
    let r = c.refused(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000"));
    assert_eq!((r.rule, r.field), ("《行政处罚法》第三十一条", "capacity"), "{r}");
    assert!(r.message.contains("严加看管和治疗"), "{r}");
    // A later finding replaces it: impaired but not lost, leniency may be given (and is explained).
    let a = c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, |s| {
        fine("3000")(s);
        s.capacity = Some("limited".into());
    });
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    assert!(a.prompts.iter().any(|p| p.contains("可以从轻或者减轻")), "{a:?}");
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 10:00", S::Decide, |s| {
        fine("2000")(s);
        s.leniency = Some("从轻处罚".into());
    });
    let basis = c.history.last().and_then(|r| r.data.leniency_basis.clone()).unwrap_or_default();
    assert!(basis.contains("第三十一条"), "{basis}");
    // Capacity is found at investigation, notice, decision or closing only.
    let e = StepInput { kind: "serve".into(), capacity: Some("none".into()), ..Default::default() }
        .validate(at("2026-03-14 10:00"))
        .unwrap_err();
    assert!(e.to_string().contains("capacity"), "{e}");
}

#[test]
fn art_64_1_the_hearing_window_runs_from_the_notice_whatever_is_recorded_meanwhile() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    // Waiving the statement does not waive the hearing; a legal review does not close its window.
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let r = c.refused(Head, "2026-03-13 10:00", S::Decide, fine("20000"));
    assert!(r.rule.contains("第六十四条第一项") && r.message.contains("2026-03-17"), "{r}");
    // The request on the fifth working day is heard.
    let a = c.step(Officer, "2026-03-17 10:00", S::HearingRequest, |_| {});
    assert_eq!(a.stage, Stage::HearingRequested);
    // Another case: the hearing waived (recorded apart), the decision need not wait.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    let a = c.step(Officer, "2026-03-11 11:00", S::HearingRequest, |s| s.waived = Some(true));
    assert_eq!(a.stage, Stage::Notified, "a waived hearing opens no hearing procedure");
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 10:00", S::Decide, fine("20000"));
}

#[test]
fn art_64_6_a_party_absent_from_the_hearing_has_waived_it_and_the_case_goes_on() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    c.step(Officer, "2026-03-16 10:00", S::HearingRequest, |_| {});
    c.step(Officer, "2026-03-17 10:00", S::HearingNotice, |s| s.to_date = Some("2026-03-27".into()));
    let a = c.step(Officer, "2026-03-27 10:00", S::Hearing, |s| {
        s.chair_officer_id = Some(9);
        s.party_present = Some(false);
        s.content = Some("当事人经书面通知无正当理由未到场".into());
    });
    assert_eq!(a.stage, Stage::HearingHeld);
    assert!(a.prompts.iter().any(|p| p.contains("第六十四条第六项")), "{a:?}");
    c.step(Reviewer, "2026-03-30 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-31 10:00", S::Decide, fine("20000"));
    // A pending hearing does not keep a case from closing without a penalty.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    c.step(Officer, "2026-03-10 10:00", S::ServeNotice, direct);
    c.step(Officer, "2026-03-16 10:00", S::HearingRequest, |_| {});
    c.step(Head, "2026-03-18 10:00", S::Close, |s| s.result = Some("撤销立案".into()));
}

#[test]
fn art_56_preservation_needs_the_heads_approval_before_or_within_24_hours_and_handling_in_7_days() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    let items = |s: &mut StepInput| s.items = vec!["过期酸奶 20箱".into()];
    // Without approval and without urgency: refused, naming what to do.
    let r = c.refused(Officer, "2026-03-03 10:00", S::PreserveEvidence, items);
    assert_eq!((r.field, r.rule), ("urgent_reason", "《行政处罚法》第五十六条"), "{r}");
    // Approved first: accepted; the approval is used up.
    c.step(Head, "2026-03-03 09:30", S::ApprovePreservation, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::PreserveEvidence, items);
    assert!(c.refused(Officer, "2026-03-03 11:00", S::PreserveEvidence, items).field == "urgent_reason");
    // Handled within seven working days; nothing left to handle after.
    let a = c.step(Head, "2026-03-10 10:00", S::HandlePreserved, |s| s.content = Some("解除登记保存".into()));
    assert!(a.prompts.is_empty(), "{a:?}");
    assert!(c.refused(Head, "2026-03-10 11:00", S::HandlePreserved, |_| {}).message.contains("没有尚待处理"));
    // Urgent: preserved on the spot, approved within twenty-four hours.
    let a = c.step(Officer, "2026-03-11 10:00", S::PreserveEvidence, |s| {
        items(s);
        s.urgent_reason = Some("当事人正在转移货物".into());
    });
    assert!(a.prompts.iter().any(|p| p.contains("二十四小时")), "{a:?}");
    // A second preservation waits for that approval.
    let r = c.refused(Officer, "2026-03-11 11:00", S::PreserveEvidence, |s| {
        items(s);
        s.urgent_reason = Some("紧急".into());
    });
    assert!(r.message.contains("尚未补办批准手续"), "{r}");
    let r = c.refused(Head, "2026-03-12 10:01", S::ApprovePreservation, |_| {});
    assert!(r.rule.contains("《行政强制法》第十九条") && r.message.contains("立即解除"), "{r}");
    c.step(Head, "2026-03-12 10:00", S::ApprovePreservation, |_| {});
    // Handled late: recorded, with the article named.
    let a = c.step(Head, "2026-03-23 10:00", S::HandlePreserved, |s| s.content = Some("依法扣押".into()));
    assert!(a.prompts.iter().any(|p| p.contains("已逾期") && p.contains("第五十六条")), "{a:?}");
}

#[test]
fn periods_for_an_act_move_off_a_holiday_the_longest_a_seizure_lasts_does_not() {
    use crate::calendar::PeriodKind;
    let cal = Calendar::official();
    // 2026-09-01 + 30 days = 2026-10-01, National Day (10-01 to 10-07): a period to act ends
    // on 10-08, the first working day after the holiday; a seizure's thirty days on 10-01.
    let act = cal.period(d("2026-09-01"), 30, PeriodKind::Calendar).unwrap();
    assert_eq!(act.end, d("2026-10-08"), "{act:?}");
    let seizure = cal.period(d("2026-09-01"), 30, PeriodKind::CalendarFixed).unwrap();
    assert_eq!(seizure.end, d("2026-10-01"));
    assert!(cal.within(d("2026-09-01"), 30, PeriodKind::CalendarFixed, d("2026-10-01")).unwrap());
    assert!(!cal.within(d("2026-09-01"), 30, PeriodKind::CalendarFixed, d("2026-10-02")).unwrap());
    assert!(cal.within(d("2026-09-01"), 30, PeriodKind::Calendar, d("2026-10-02")).unwrap());
}

#[test]
fn art_68_69_on_the_spot_collection_only_for_on_the_spot_decisions_or_remote_areas() {
    use crate::case::model::CollectionBasis as B;
    use crate::case::rules::check_onsite_collection as check;
    // Decided on the spot: at most 100 yuan, or hard to collect later with the circumstances.
    assert!(check(true, 10_000, None, None).is_ok());
    assert_eq!(check(true, 10_001, None, None).unwrap_err().field, "result");
    assert!(check(true, 10_000, Some(B::SmallFine), None).is_ok());
    assert!(check(true, 20_000, Some(B::SmallFine), None).is_err());
    assert_eq!(check(true, 20_000, Some(B::HardLater), None).unwrap_err().field, "urgent_reason");
    assert!(check(true, 20_000, Some(B::HardLater), Some("当事人系外地流动摊贩")).is_ok());
    // A general-procedure decision: never because the fine is small, only in a remote area at
    // the party's request.
    let r = check(false, 5_000, Some(B::SmallFine), None).unwrap_err();
    assert!(r.rule.contains("第六十九条") && r.message.contains("第五十一条"), "{r}");
    assert!(check(false, 5_000, None, None).is_err());
    assert!(check(false, 500_000, Some(B::Remote), None).is_err());
    assert!(check(false, 500_000, Some(B::Remote), Some("海岛渔村，无银行网点，当事人书面提出")).is_ok());
}

/// A decided case served on `served`, the fine unpaid.
fn served_unpaid(served: &str) -> Case {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 10:00", S::Decide, fine("3000"));
    c.step(Officer, served, S::Serve, |s| s.method = Some("直接送达".into()));
    c
}

/// The periods of 复议 (sixty days, 《行政复议法》第二十条) and 诉讼 (six months, 《行政诉讼法》第四十六条)
/// run from service before a court is asked to enforce.
#[test]
fn enforcement_art_53_54_court_after_the_remedy_periods_within_three_months_and_ten_days_after_demand() {
    let court = |s: &mut StepInput| s.method = Some("申请法院强制执行".into());
    let mut c = served_unpaid("2026-03-16 10:00");
    // Served 03-16: six months end on 09-16; before that, no application.
    let r = c.refused(Officer, "2026-09-16 10:00", S::Execute, court);
    assert!(r.rule.contains("第五十三条") && r.message.contains("2026-09-16"), "{r}");
    // After them, but without a 催告: refused.
    let r = c.refused(Officer, "2026-09-17 10:00", S::Execute, court);
    assert!(r.rule.contains("第五十四条") && r.message.contains("催告"), "{r}");
    c.step(Officer, "2026-09-17 10:00", S::Demand, |s| s.to_date = Some("2026-09-24".into()));
    // Ten working days after the demand (09-17), over Mid-Autumn and National Day, end on 10-08.
    let r = c.refused(Officer, "2026-10-08 10:00", S::Execute, court);
    assert!(r.rule.contains("第五十四条") && r.message.contains("2026-10-08"), "{r}");
    c.step(Officer, "2026-10-09 10:00", S::Execute, court);
    // More than three months after the periods ended (12-16): too late.
    let mut c = served_unpaid("2026-03-16 10:00");
    c.step(Officer, "2026-09-17 10:00", S::Demand, |s| s.to_date = Some("2026-09-24".into()));
    let r = c.refused(Officer, "2026-12-17 10:00", S::Execute, court);
    assert!(r.rule.contains("第五十三条") && r.message.contains("三个月"), "{r}");
}

#[test]
fn enforcement_art_43_45_46_a_body_enforces_a_fine_after_thirty_days_of_late_charge_and_a_demand() {
    let enforced = |s: &mut StepInput| s.method = Some("依法强制执行".into());
    let mut c = served_unpaid("2026-03-16 10:00");
    // Fifteen days to pay end on 03-31; the late charge runs from 04-01: thirty days pass on 04-30.
    let r = c.refused(Officer, "2026-04-30 10:00", S::Execute, enforced);
    assert!(r.rule.contains("第四十六条") && r.message.contains("三十日"), "{r}");
    let r = c.refused(Officer, "2026-05-06 10:00", S::Execute, enforced);
    assert!(r.message.contains("催告"), "{r}");
    c.step(Officer, "2026-05-06 10:00", S::Demand, |s| s.to_date = Some("2026-05-13".into()));
    // Not at night nor on a holiday (Dragon Boat Festival, 2026-06-19), unless urgent.
    let r = c.refused(Officer, "2026-06-19 10:00", S::Execute, enforced);
    assert!(r.rule.contains("第四十三条"), "{r}");
    let r = c.refused(Officer, "2026-06-18 23:00", S::Execute, enforced);
    assert!(r.rule.contains("第四十三条"), "{r}");
    c.step(Officer, "2026-06-18 10:00", S::Execute, enforced);
}

#[test]
fn art_45_64_the_statement_and_hearing_periods_run_from_the_service_of_the_notice() {
    // Drawn up on 03-10 (Tuesday), not yet served: no decision, however long ago.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("3000"));
    assert_eq!(c.history.last().and_then(|r| r.data.days), Some(5), "the notice states its period");
    c.step(Reviewer, "2026-03-11 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let r = c.refused(Head, "2026-03-30 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第四十五条") && r.message.contains("尚未送达"), "{r}");
    // Served by post on Friday 03-13: five working days end on 03-20.
    c.step(Officer, "2026-03-13 15:00", S::ServeNotice, |s| s.method = Some("邮寄送达".into()));
    assert_eq!(c.history.last().and_then(|r| r.data.served_document), Some(crate::doc::DocKind::PenaltyNotice));
    let dl = deadlines(&c.facts, &c.history, Calendar::official(), d("2026-03-16"));
    assert!(dl.iter().any(|x| x.rule == "《行政处罚法》第四十五条" && x.due == Some(d("2026-03-20"))), "{dl:?}");
    let r = c.refused(Head, "2026-03-20 16:00", S::Decide, fine("3000"));
    assert!(r.message.contains("2026-03-13") && r.message.contains("2026-03-20"), "{r}");
    // Served once per notice.
    let r = c.refused(Officer, "2026-03-20 16:00", S::ServeNotice, direct);
    assert!(r.rule.contains("第四十四条"), "{r}");
    c.step(Head, "2026-03-23 09:00", S::Decide, fine("3000"));
}

#[test]
fn art_64_1_the_hearing_request_counts_five_working_days_from_service_and_public_service_takes_thirty_days() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    // Served on Friday 03-13: the fifth working day is 03-20.
    c.step(Officer, "2026-03-13 10:00", S::ServeNotice, direct);
    let r = c.refused(Officer, "2026-03-23 10:00", S::HearingRequest, |_| {});
    assert!(r.rule.contains("第六十四条第一项") && r.message.contains("2026-03-20"), "{r}");
    c.step(Officer, "2026-03-20 17:00", S::HearingRequest, |_| {});

    // 公告送达 (《民事诉讼法》第九十五条): served thirty days after the notice, 04-09 (Thursday);
    // five working days from it end on 04-16.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    c.step(Officer, "2026-03-10 10:00", S::NotifyIntent, fine("20000"));
    c.step(Officer, "2026-03-10 11:00", S::ServeNotice, |s| s.method = Some("公告送达".into()));
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let r = c.refused(Head, "2026-04-16 10:00", S::Decide, fine("20000"));
    assert!(r.message.contains("2026-04-09") && r.message.contains("2026-04-16"), "{r}");
    c.step(Head, "2026-04-17 10:00", S::Decide, fine("20000"));
}

#[test]
fn service_names_what_it_delivers_and_leaving_it_needs_a_witness_or_a_recording() {
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 10:00", S::Decide, fine("3000"));
    // 《民事诉讼法》第八十九条: 留置送达 with a witness or a recording.
    let r = c.refused(Officer, "2026-03-16 10:00", S::Serve, |s| s.method = Some("留置送达".into()));
    assert!(r.rule.contains("第八十九条") && r.field == "witness", "{r}");
    c.documents = Some(vec![]);
    let a = c.step(Officer, "2026-03-16 10:00", S::Serve, |s| {
        s.method = Some("留置送达".into());
        s.witness = Some("社区工作人员李某".into());
    });
    assert!(a.prompts.iter().any(|p| p.contains("行政处罚决定书") && p.contains("尚未")), "{a:?}");
    let served = c.history.last().unwrap();
    assert_eq!(served.data.served_document, Some(crate::doc::DocKind::PenaltyDecision));
    assert!(!served.data.officer_ids.is_empty(), "who served it is recorded");
}

fn registered(officers: &[i64]) -> (crate::case::ValidCase, Vec<RegisteredOfficer>) {
    let input = CaseInput {
        kind: "penalty_general".into(),
        power_item_code: "MS-CF-001".into(),
        source: "投诉举报".into(),
        domain: "市场监管".into(),
        parties: vec![PartyInput {
            name: "张三".into(), id_number: "11010519491231002X".into(), ..Default::default()
        }],
        officer_ids: officers.to_vec(),
        facts: "无证经营".into(),
        act_date: Some("2025-03-20".into()),
        ..Default::default()
    };
    let case = input.validate(d("2026-03-20")).unwrap();
    let c = Case::new(CaseKind::PenaltyGeneral);
    let regs = officers
        .iter()
        .map(|id| RegisteredOfficer {
            standing: c.officers.iter().find(|o| o.id == *id).unwrap().clone(),
            id_number: Some(format!("1201051980010100{id:02}")),
        })
        .collect();
    (case, regs)
}

#[test]
fn art_36_42_43_registration_checks_limitation_certificates_and_an_officer_who_is_the_party() {
    let (case, regs) = registered(&[1, 2]);
    check_registration(&case, &regs, d("2026-03-20")).unwrap();
    // Two years from the act on 2025-03-20 end on 2027-03-20: the day after, not registered.
    let r = check_registration(&case, &regs, d("2027-03-21")).unwrap_err();
    assert_eq!((r.rule, r.field), ("《行政处罚法》第三十六条", "act_date"), "{r}");
    check_registration(&case, &regs, d("2027-03-20")).unwrap();
    // An expired (3) or suspended (4) certificate: not a handling officer.
    for bad in [3, 4] {
        let (case, regs) = registered(&[1, bad]);
        let r = check_registration(&case, &regs, d("2026-03-20")).unwrap_err();
        assert!(r.rule.contains("第四十二条") && r.message.contains(&format!("执法员{bad}")), "{r}");
    }
    // An officer who is the party withdraws (第四十三条).
    let (case, mut regs) = registered(&[1, 2]);
    regs[1].id_number = Some("11010519491231002x".into());
    let r = check_registration(&case, &regs, d("2026-03-20")).unwrap_err();
    assert!(r.rule.contains("第四十三条") && r.message.contains("执法员2"), "{r}");
}

#[test]
fn art_54_a_registered_case_that_cannot_proceed_is_not_filed_with_reasons() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    // The act on 2026-01-10 is within two years: “limitation” is no reason.
    let r = c.refused(Head, "2026-03-02 09:00", S::RefuseFiling, |s| s.result = Some("limitation".into()));
    assert!(r.rule.contains("第三十六条") && r.message.contains("2028-01-10"), "{r}");
    assert_eq!(
        c.refused(Officer, "2026-03-02 09:00", S::RefuseFiling, |s| s.result = Some("other".into())).field,
        "kind"
    );
    let a = c.step(Head, "2026-03-02 09:00", S::RefuseFiling, |s| {
        s.result = Some("不属于本机关管辖（《行政处罚法》第二十二条至第二十五条）".into());
        s.content = Some("违法行为发生地在外区，告知举报人向有管辖权的机关反映".into());
    });
    assert_eq!(a.stage, Stage::Closed);
    assert_eq!(next_steps(CaseKind::PenaltyGeneral, &c.history), vec![S::Archive]);
    // Long past the limitation: the reason holds.
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.facts.act_date = Some(d("2023-01-10"));
    c.step(Head, "2026-03-02 09:00", S::RefuseFiling, |s| s.result = Some("limitation".into()));
}

#[test]
fn art_43_the_head_decides_a_recusal_and_the_recused_officer_leaves_the_case() {
    let mut c = noticed();
    // The party applies; the head decides; the officers concerned must handle the case.
    let recuse = |ids: Vec<i64>, subs: Vec<i64>| {
        move |s: &mut StepInput| {
            s.officer_ids = ids;
            s.substitute_ids = subs;
            s.method = Some("party_applied".into());
            s.result = Some("recused".into());
            s.content = Some("当事人称执法员1系其表兄，经核实属实".into());
        }
    };
    assert_eq!(c.refused(Officer, "2026-03-10 11:00", S::Recusal, recuse(vec![1], vec![9])).field, "kind");
    let r = c.refused(Head, "2026-03-10 11:00", S::Recusal, recuse(vec![9], vec![]));
    assert!(r.rule.contains("第四十三条") && r.message.contains("不是本案承办"), "{r}");
    // Two must remain: without a substitute, refused; an expired substitute (3) is no substitute.
    let r = c.refused(Head, "2026-03-10 11:00", S::Recusal, recuse(vec![1], vec![]));
    assert!(r.rule.contains("第四十二条") && r.field == "substitute_ids", "{r}");
    let r = c.refused(Head, "2026-03-10 11:00", S::Recusal, recuse(vec![1], vec![3]));
    assert!(r.rule.contains("第四十二条") && r.message.contains("执法员3"), "{r}");
    // A rejected application is recorded and changes nothing.
    c.step(Head, "2026-03-10 11:00", S::Recusal, |s| {
        s.officer_ids = vec![2];
        s.method = Some("当事人申请回避".into());
        s.result = Some("rejected".into());
        s.content = Some("申请理由不成立".into());
    });
    assert_eq!(handling_officers(&c.facts, &c.history), vec![1, 2]);
    c.step(Head, "2026-03-10 11:30", S::Recusal, recuse(vec![1], vec![9]));
    assert_eq!(handling_officers(&c.facts, &c.history), vec![2, 9]);
    // The recused officer can no longer act in the case, nor be named in a step.
    let r = c.refused(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    assert!(r.rule.contains("第四十三条") && r.message.contains("回避"), "{r}");
    c.caller = 9;
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    let r = c.refused(Officer, "2026-03-11 11:00", S::Investigate, |s| s.officer_ids = vec![1, 2]);
    assert!(r.rule.contains("第四十三条") && r.message.contains("执法员1"), "{r}");
    c.step(Officer, "2026-03-11 11:00", S::Investigate, |s| s.officer_ids = vec![2, 9]);
}

#[test]
fn art_44_the_notice_states_the_provision_violated_apart_from_the_penalty_basis() {
    let input = StepInput {
        kind: "notify_intent".into(),
        content: Some("销售超过保质期的食品".into()),
        penalty_kinds: vec!["罚款".into()],
        fine: Some("3000".into()),
        legal_basis: vec!["食品安全法 第一百二十四条".into()],
        ..Default::default()
    };
    let e = input.validate(at("2026-03-10 10:00")).unwrap_err();
    assert!(e.errors.iter().any(|e| e.field == "violated" && e.message.contains("处罚依据分列")), "{e}");
    let e =
        StepInput {
            kind: "statement".into(), violated: vec!["食品安全法 第三十四条".into()], ..Default::default()
        }
        .validate(at("2026-03-10 10:00"))
        .unwrap_err();
    assert!(e.errors.iter().any(|e| e.field == "violated"), "{e}");
    // The decision states the notice's unless it gives its own.
    let mut c = noticed();
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    c.step(Head, "2026-03-13 10:00", S::Decide, fine("3000"));
    let v = &c.history.last().unwrap().data.violated;
    assert_eq!(v.iter().map(crate::registry::LegalRef::display).collect::<Vec<_>>(), vec!["《食品安全法》第三十四条"]);
}

#[test]
fn art_55_an_inquiry_record_is_made_from_an_inquiry_with_its_questions_and_answers() {
    let ask = |items: Vec<&str>| StepInput {
        kind: "inquire".into(),
        officer_ids: vec![1, 2],
        place: Some("本局询问室".into()),
        interviewee: Some("李四（当事人店员）".into()),
        items: items.into_iter().map(String::from).collect(),
        ..Default::default()
    };
    let e = ask(vec!["问：货架上的食品是谁进的货？"]).validate(at("2026-03-04 10:00")).unwrap_err();
    assert!(e.errors.iter().any(|e| e.field == "items"), "{e}");
    let e = ask(vec!["问：进货？", "进货单在柜台"]).validate(at("2026-03-04 10:00")).unwrap_err();
    assert!(e.errors.iter().any(|e| e.field == "items" && e.message.contains("进货单在柜台")), "{e}");
    let e =
        StepInput { interviewee: None, ..ask(vec!["问：？", "答：。"]) }.validate(at("2026-03-04 10:00")).unwrap_err();
    assert!(e.errors.iter().any(|e| e.field == "interviewee"), "{e}");
    assert_eq!(crate::doc::DocKind::InquiryRecord.steps(), &[S::Inquire]);
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    let a = c.step(Officer, "2026-03-04 10:00", S::Inquire, |s| {
        *s = StepInput {
            occurred_at: s.occurred_at.clone(), ..ask(vec!["问：进货渠道？", "答：批发市场。"])
        };
    });
    assert_eq!(a.stage, Stage::Investigating);
    assert_eq!(crate::doc::DocKind::required_for(S::Inquire), Some(crate::doc::DocKind::InquiryRecord));
}

fn grant(s: &mut StepInput) {
    s.result = Some("准予许可".into());
    s.legal_basis = vec!["行政许可法 第三十八条".into()];
}

#[test]
fn licensing_art_46_48_hearings_told_asked_in_five_days_held_in_twenty_and_decided_on_the_record() {
    let mut c = Case::new(CaseKind::Licensing);
    c.step(Officer, "2026-03-02 10:00", S::Apply, |_| {});
    c.step(Officer, "2026-03-02 12:00", S::Accept, |_| {});
    // No request without being told of the right; nobody to hear without a request.
    assert!(c.refused(Officer, "2026-03-03 10:00", S::HearingRequest, |_| {}).rule.contains("第四十七条"));
    let r = c.refused(Officer, "2026-03-03 10:00", S::HearingNotice, |s| s.to_date = Some("2026-03-20".into()));
    assert!(r.rule.contains("第四十七条"), "{r}");
    // Told on Tuesday 03-03: five working days to ask end on 03-10; no decision meanwhile.
    c.step(Officer, "2026-03-03 10:00", S::HearingRightNotice, |s| {
        s.items = vec!["申请人某某公司".into(), "利害关系人相邻住户王某".into()];
    });
    let r = c.refused(Head, "2026-03-10 10:00", S::LicenceDecision, grant);
    assert!(r.rule.contains("第四十七条") && r.message.contains("2026-03-10"), "{r}");
    assert!(c.refused(Officer, "2026-03-11 10:00", S::HearingRequest, |_| {}).message.contains("2026-03-10"));
    let a = c.step(Officer, "2026-03-10 16:00", S::HearingRequest, |s| s.content = Some("王某书面申请听证".into()));
    assert!(a.prompts.iter().any(|p| p.contains("第四十五条")), "{a:?}");
    // Asked: no decision before the hearing.
    let r = c.refused(Head, "2026-03-11 10:00", S::LicenceDecision, grant);
    assert!(r.rule.contains("第四十八条"), "{r}");
    // Within twenty working days of the request (03-10 → 04-08, over Qingming) and seven ahead.
    let r = c.refused(Officer, "2026-03-11 10:00", S::HearingNotice, |s| s.to_date = Some("2026-04-09".into()));
    assert!(r.rule.contains("第四十七条") && r.message.contains("2026-04-08"), "{r}");
    let r = c.refused(Officer, "2026-03-11 10:00", S::HearingNotice, |s| s.to_date = Some("2026-03-19".into()));
    assert!(r.rule.contains("第四十八条") && r.message.contains("七日"), "{r}");
    c.step(Officer, "2026-03-11 10:00", S::HearingNotice, |s| s.to_date = Some("2026-04-08".into()));
    // The chair is not one who reviewed the application (the handling officers).
    let hearing = |chair: i64| {
        move |s: &mut StepInput| {
            s.chair_officer_id = Some(chair);
            s.party_signed = Some(true);
            s.content = Some("审查人员提出审查意见，申请人、利害关系人质证、申辩".into());
        }
    };
    assert!(c.refused(Officer, "2026-04-08 10:00", S::Hearing, hearing(1)).field == "chair_officer_id");
    c.step(Officer, "2026-04-08 10:00", S::Hearing, hearing(9));
    // 第四十五条: the hearing's time is not counted, told to the applicant in writing.
    c.step(Officer, "2026-04-08 12:00", S::ExcludePeriod, |s| {
        s.method = Some("听证".into());
        s.from_date = Some("2026-03-10".into());
        s.to_date = Some("2026-04-08".into());
        s.notice_given = Some(true);
    });
    // A decision after a hearing is reviewed first (处罚法 art. 58 as the seed applies it).
    c.review.push(crate::review::Event::Submitted { version: 1 });
    c.review.push(crate::review::Event::Reviewed { outcome: crate::review::Outcome::Agree, crime_suspected: false });
    let a = c.step(Head, "2026-04-09 10:00", S::LicenceDecision, grant);
    assert!(a.prompts.iter().any(|p| p.contains("根据听证笔录")), "{a:?}");

    // 第四十六条: an item that must be heard is decided only after its hearing.
    let mut c = Case::new(CaseKind::Licensing);
    c.facts.hearing_required = true;
    c.step(Officer, "2026-03-02 10:00", S::Apply, |_| {});
    c.step(Officer, "2026-03-02 12:00", S::Accept, |_| {});
    assert!(c.refused(Head, "2026-03-03 10:00", S::LicenceDecision, grant).rule.contains("第四十六条"));
    let a = c.step(Officer, "2026-03-03 10:00", S::HearingNotice, |s| s.to_date = Some("2026-03-13".into()));
    assert!(a.prompts.iter().any(|p| p.contains("向社会公告")), "{a:?}");
}

fn version(
    id: i64,
    from: &str,
    kind: crate::registry::ChangeKind,
    retro: Option<crate::registry::Retroactivity>,
) -> crate::case::rules::ItemVersion {
    crate::case::rules::ItemVersion {
        id,
        version: i32::try_from(id).unwrap(),
        effective_from: d(from),
        change_kind: kind,
        retroactivity: retro,
    }
}

#[test]
fn art_37_the_rule_at_the_act_applies_unless_a_later_one_is_lighter_or_no_longer_a_violation() {
    use crate::case::rules::applicable_item;
    use crate::registry::{ChangeKind as K, Retroactivity as R};
    let v1 = version(1, "2024-01-01", K::Establish, None);
    // Not in force at the act: no penalty under it.
    let r = applicable_item(std::slice::from_ref(&v1), d("2023-12-31"), d("2026-03-01")).unwrap_err();
    assert!(r.rule.contains("第三十七条") && r.message.contains("尚未施行"), "{r}");
    let a = applicable_item(std::slice::from_ref(&v1), d("2024-01-01"), d("2026-03-01")).unwrap();
    assert!(a.id == 1 && !a.later && a.reason.contains("第1版"), "{a:?}");
    // Amended later, not lighter: the act's version stands.
    let v2 = version(2, "2026-02-01", K::Amend, None);
    assert_eq!(applicable_item(&[v1.clone(), v2.clone()], d("2026-01-10"), d("2026-03-01")).unwrap().id, 1);
    // Lighter from 2026-02-01: applies to an act of 01-10 decided after it, not before it.
    let v2l = version(2, "2026-02-01", K::Amend, Some(R::Lighter));
    let a = applicable_item(&[v1.clone(), v2l.clone()], d("2026-01-10"), d("2026-02-01")).unwrap();
    assert!(a.id == 2 && a.later && a.reason.contains("从旧兼从轻"), "{a:?}");
    assert_eq!(applicable_item(&[v1.clone(), v2l.clone()], d("2026-01-10"), d("2026-01-31")).unwrap().id, 1);
    // An act after the amendment simply takes it.
    assert!(!applicable_item(&[v1.clone(), v2l], d("2026-02-02"), d("2026-03-01")).unwrap().later);
    // No longer a violation: no penalty; abolished before the act: none either.
    let gone = version(2, "2026-02-01", K::Abolish, Some(R::NoLongerViolation));
    let r = applicable_item(&[v1.clone(), gone.clone()], d("2026-01-10"), d("2026-02-01")).unwrap_err();
    assert!(r.message.contains("不再认为是违法") && r.field == "power_item_code", "{r}");
    let r = applicable_item(&[v1, gone], d("2026-02-10"), d("2026-03-01")).unwrap_err();
    assert!(r.message.contains("已于2026-02-01废止"), "{r}");
}

#[test]
fn art_37_the_decision_applies_a_rule_made_lighter_before_it_and_says_so() {
    use crate::registry::{ChangeKind as K, Retroactivity as R};
    let mut c = noticed();
    c.facts.item_versions =
        vec![version(1, "2024-01-01", K::Establish, None), version(2, "2026-03-13", K::Amend, Some(R::Lighter))];
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let a = c.step(Head, "2026-03-13 10:00", S::Decide, fine("3000"));
    assert!(a.prompts.iter().any(|p| p.contains("第2版") && p.contains("第三十七条")), "{a:?}");
    assert!(c.history.last().unwrap().data.item_basis.as_deref().is_some_and(|b| b.contains("从轻")));
    // Repealed as no longer a violation before the decision: no decision with a penalty.
    let mut c = noticed();
    c.facts.item_versions = vec![
        version(1, "2024-01-01", K::Establish, None),
        version(2, "2026-03-12", K::Abolish, Some(R::NoLongerViolation)),
    ];
    c.step(Officer, "2026-03-11 10:00", S::Statement, |s| s.waived = Some(true));
    c.step(Reviewer, "2026-03-12 10:00", S::LegalReview, |s| s.result = Some("同意".into()));
    let r = c.refused(Head, "2026-03-13 10:00", S::Decide, fine("3000"));
    assert!(r.rule.contains("第三十七条"), "{r}");
}

/// 《行政处罚法》第九条, 《行政强制法》第九条、第十二条: the kinds of penalty, compulsory measure and
/// compulsory enforcement are the ones the laws list; anything else is refused by name.
#[test]
fn the_kinds_of_penalty_measure_and_enforcement_are_those_the_laws_list() {
    for k in PenaltyKind::ALL {
        assert_eq!(PenaltyKind::parse(k.label()), Ok(*k));
    }
    for k in MeasureKind::ALL {
        assert_eq!(MeasureKind::parse(k.label()), Ok(*k));
    }
    for k in EnforcementKind::ALL {
        assert_eq!(EnforcementKind::parse(k.label()), Ok(*k));
    }
    assert!(PenaltyKind::parse("游街示众").is_err() && MeasureKind::parse("没收").is_err());
    assert!(EnforcementKind::parse("断水断电").is_err());
    let e = StepInput { kind: "apply_measure".into(), method: Some("断水".into()), ..Default::default() }
        .validate(at("2026-03-03 10:00"))
        .unwrap_err();
    assert!(e.errors.iter().any(|e| e.field == "method"), "{e}");
}

/// 《行政处罚法》第二十七条: a case for another body or for the judicial organs is transferred —
/// not filed (不予立案, the reason given) or, once filed, closed as transferred.
#[test]
fn art_27_a_case_for_another_organ_is_transferred_with_its_reason() {
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    let a = c.step(Head, "2026-03-02 09:00", S::RefuseFiling, |s| {
        s.result = Some("transferred".into());
        s.content = Some("涉嫌生产销售伪劣产品罪，移送公安机关".into());
    });
    assert_eq!(a.stage, Stage::Closed);
    let mut c = Case::new(CaseKind::PenaltyGeneral);
    c.step(Head, "2026-03-02 09:00", S::File, |_| {});
    c.step(Officer, "2026-03-03 10:00", S::Investigate, |_| {});
    let a = c.step(Head, "2026-03-05 10:00", S::Close, |s| s.result = Some("移送其他机关".into()));
    assert_eq!(a.stage, Stage::Closed);
}

/// 《行政强制法》第三十五条至第三十九条: the 催告 states a period after its day; what the party says
/// is recorded and re-examined; the decision waits for the period; it is served before it is
/// carried out; a case whose enforcement ends early (终结) is closed.
#[test]
fn enforcement_art_35_36_37_38_39_demand_statement_decision_service_and_closing() {
    let mut c = Case::new(CaseKind::CompulsoryEnforcement);
    let r = c.refused(Officer, "2026-03-02 10:00", S::Demand, |s| s.to_date = Some("2026-03-02".into()));
    assert!(r.rule.contains("第三十五条"), "{r}");
    c.step(Officer, "2026-03-02 10:00", S::Demand, |s| s.to_date = Some("2026-03-12".into()));
    c.step(Officer, "2026-03-05 10:00", S::Statement, |s| s.content = Some("请求宽限十日".into()));
    let decide = |s: &mut StepInput| {
        s.method = Some("代履行".into());
        s.legal_basis = vec!["行政强制法 第五十条".into()];
    };
    let r = c.refused(Head, "2026-03-13 10:00", S::EnforcementDecision, decide);
    assert!(r.rule.contains("第三十六条"), "{r}");
    c.step(Officer, "2026-03-06 10:00", S::Reexamine, |s| s.content = Some("理由不成立".into()));
    let r = c.refused(Head, "2026-03-12 10:00", S::EnforcementDecision, decide);
    assert!(r.rule.contains("第三十七条"), "{r}");
    c.step(Head, "2026-03-13 10:00", S::EnforcementDecision, decide);
    // Not carried out before the decision is served (第三十八条).
    let r = c.refused(Officer, "2026-03-16 10:00", S::Enforce, |s| s.evidence_ids = vec![77]);
    assert!(r.rule.contains("第三十八条"), "{r}");
    // 第三十九条、第四十条: a case can close without enforcement (中止、终结) once demanded.
    let mut c = Case::new(CaseKind::CompulsoryEnforcement);
    c.step(Officer, "2026-03-02 10:00", S::Demand, |s| s.to_date = Some("2026-03-12".into()));
    let a = c.step(Head, "2026-03-20 10:00", S::Close, |s| s.result = Some("终结执行".into()));
    assert_eq!(a.stage, Stage::Closed);
}

/// 《行政许可法》第二十九条、第三十四条、第三十九条、第八十二条: an application is received, then
/// accepted, then decided (not before acceptance); a licence is issued only on a grant; the
/// periods count working days.
#[test]
fn licensing_art_29_34_39_82_apply_accept_decide_issue() {
    let mut c = Case::new(CaseKind::Licensing);
    let r = c.refused(Officer, "2026-03-02 09:00", S::Accept, |_| {});
    assert!(r.rule.contains("第三十二条") && r.message.contains("不能进行"), "{r}");
    c.step(Officer, "2026-03-02 10:00", S::Apply, |_| {});
    let r = c.refused(Head, "2026-03-02 11:00", S::LicenceDecision, grant);
    assert!(r.rule.contains("第三十四条"), "{r}");
    c.step(Officer, "2026-03-02 12:00", S::Accept, |_| {});
    // Twenty working days (第八十二条) from Monday 03-02 end on Monday 03-30.
    assert_eq!(licence_deadline(Calendar::official(), &c.history).unwrap(), Some(d("2026-03-30")));
    c.step(Head, "2026-03-30 10:00", S::LicenceDecision, |s| {
        s.result = Some("不予许可".into());
        s.legal_basis = vec!["行政许可法 第三十八条".into()];
    });
    let r = c.refused(Officer, "2026-03-30 11:00", S::IssueLicence, |_| {});
    assert!(r.rule.contains("第三十九条"), "{r}");
}

/// 《行政处罚法》第三十七条: a legal basis whose statute text is dated after the act is named, so
/// that the article in force at the act is checked.
#[test]
fn art_37_a_basis_amended_after_the_act_is_named_for_checking() {
    use crate::case::rules::basis_versions_note;
    let basis = vec![crate::registry::LegalRef::parse("食品安全法 第一百二十四条").unwrap()];
    assert_eq!(basis_versions_note(&basis, d("2021-04-29")), None);
    let n = basis_versions_note(&basis, d("2021-04-28")).unwrap();
    assert!(n.contains("《食品安全法》（2021-04-29版本）") && n.contains("第三十七条"), "{n}");
    let unknown = vec![crate::registry::LegalRef::parse("某某条例 第一条").unwrap()];
    assert_eq!(basis_versions_note(&unknown, d("2000-01-01")), None);
}
