//! Tests of the review rules.

use super::*;
use crate::case::model::CaseKind;

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
        .map(|p| PointAnswer { point: p.code().into(), ok, note: if ok { String::new() } else { "见意见".into() } })
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
    let e = OpinionInput {
        points: all_points(true)[..8].to_vec(),
        outcome: "同意".into(),
        opinion: "同意".into(),
        record_step: false,
    }
    .validate()
    .unwrap_err();
    assert!(e.errors[0].message.contains("执法文书是否规范、齐备"), "{e}");
    let mut points = all_points(true);
    points[4].ok = false;
    let e = OpinionInput { points: points.clone(), outcome: "同意".into(), opinion: "x".into(), record_step: false }
        .validate()
        .unwrap_err();
    let msgs: Vec<&str> = e.errors.iter().map(|x| x.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("须写明意见")) && msgs.iter().any(|m| m.contains("不能同意")), "{msgs:?}");
    points[4].note = "询问笔录未签名".into();
    let o = OpinionInput {
        points, outcome: "修改后重新送审".into(), opinion: "补正笔录".into(), record_step: false
    }
    .validate()
    .unwrap();
    assert_eq!((o.outcome, o.crime_suspected), (Outcome::Revise, false));
    let mut points = all_points(true);
    points[9] = PointAnswer { point: "crime".into(), ok: false, note: "涉案金额巨大".into() };
    let o =
        OpinionInput { points, outcome: "不同意".into(), opinion: "移送公安机关".into(), record_step: false }
            .validate()
            .unwrap();
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
    let mut ev =
        vec![Event::Submitted { version: 1 }, Event::Reviewed { outcome: Outcome::Disagree, crime_suspected: false }];
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
        ReceiptInput { received_on: "2026-03-17".into(), signed_by: "值班民警张某".into(), note: String::new() };
    assert_eq!(r.validate(referred, today).unwrap_err().errors[0].field, "received_on");
    ev.push(Event::ReferralReceived);
    assert!(referral_allowed(&ev, ReferralAction::FollowUp).is_ok());
    ev.push(Event::ReferralFollowedUp { result: ReferralResult::Filed });
    assert!(gate(&req, &ev).is_err());
    ev.push(Event::ReferralFollowedUp { result: ReferralResult::NotFiled });
    assert!(gate(&req, &ev).is_ok(), "art. 10: not filed, the body deals with it");
    let f = FollowUpInput { result: "not_filed".into(), on: "2026-03-19".into(), note: "不予立案通知书".into() };
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
