//! Legal review (法制审核): the review file, referrals, signatures and the art. 58 gate.

use crate::prelude::*;
use zhifa_core::access::{Role, Scope};
use zhifa_core::ids::{BodyId, CaseId, OfficerId, UserId};
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

/// A body with a general-procedure penalty case handled by `o1` and `o2` (`o2` also a
/// reviewer, who must recuse), a reviewer `r`, and users for the handling officer, the
/// reviewer and the head.
pub(crate) struct ReviewFixture {
    pub(crate) b: i64,
    pub(crate) c: i64,
    pub(crate) o1: i64,
    pub(crate) o2: i64,
    pub(crate) r: i64,
    pub(crate) officer_user: i64,
    pub(crate) reviewer_user: i64,
    pub(crate) head_user: i64,
    /// each user's opened signing key, by role
    pub(crate) signers: Vec<(Role, zhifa_store::review::Signer)>,
}

/// A second certified officer of body `b` (李强), for the two-officer rule.
pub(crate) async fn second_officer(s: &Store, b: i64) -> i64 {
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    o2
}

/// Makes and journals a signing key for `user` (the password-derived key is a constant here:
/// the derivation is the web layer's).
pub(crate) async fn signer_for(s: &Store, user: i64, seed: u8) -> zhifa_store::review::Signer {
    let kek = [seed.wrapping_mul(7); 32];
    let seed = [seed; 32];
    let key = zhifa_store::zhifa_ledger::personal::wrap(&seed, &kek);
    let actor = Actor { user_id: Some(user), scope: Scope::All };
    let key_id = s
        .execute(&actor, Command::RegisterSigningKey { user_id: UserId(user), key, salt: "00".into() })
        .await
        .unwrap()
        .id;
    zhifa_store::review::Signer { key: zhifa_store::review::SignerKey::Registered(key_id), seed }
}

impl ReviewFixture {
    pub(crate) async fn new(s: &Store) -> ReviewFixture {
        let (b, o1, _) = setup(s).await;
        let o2 = second_officer(s, b).await;
        let mut q = officer(b, "周审");
        q.legal_qualification_no = Some("A20180000000001".into());
        let r = s.execute(&sys(), Command::CreateOfficer(q)).await.unwrap().id;
        s.execute(
            &sys(),
            Command::DesignateReviewer { officer_id: OfficerId(r), kind: ReviewerKind::Staff, since: d("2025-01-01") },
        )
        .await
        .unwrap();
        // A handling officer who is also a reviewer (designated before 2021) must recuse.
        s.execute(
            &sys(),
            Command::DesignateReviewer { officer_id: OfficerId(o2), kind: ReviewerKind::Staff, since: d("2020-01-01") },
        )
        .await
        .unwrap();
        s.execute(&sys(), penalty_item(b)).await.unwrap();
        let c = s.execute(&sys(), new_case(b, "penalty_general", "CF-1", vec![o1, o2])).await.unwrap().id;
        let officer_user = user(s, "zf", Role::Officer, Some(b)).await;
        let reviewer_user = user(s, "fzsh", Role::Reviewer, Some(b)).await;
        let head_user = user(s, "fzr", Role::Head, Some(b)).await;
        let signers = vec![
            (Role::Officer, signer_for(s, officer_user, 1).await),
            (Role::Reviewer, signer_for(s, reviewer_user, 2).await),
            (Role::Head, signer_for(s, head_user, 3).await),
        ];
        ReviewFixture { b, c, o1, o2, r, officer_user, reviewer_user, head_user, signers }
    }

    pub(crate) fn as_user(&self, id: i64) -> Actor {
        Actor { user_id: Some(id), scope: Scope::Body(self.b) }
    }

    /// The handling officer, the reviewer or the head does `action`.
    pub(crate) async fn by(
        &self,
        s: &Store,
        who: Role,
        action: zhifa_store::review::ReviewAction,
    ) -> Result<zhifa_store::write::Outcome, StoreError> {
        let (user, officer) = match who {
            Role::Officer => (self.officer_user, Some(self.o1)),
            Role::Reviewer => (self.reviewer_user, Some(self.r)),
            _ => (self.head_user, None),
        };
        let signer = self.signer(who);
        s.execute(
            &self.as_user(user),
            Command::Review { case_id: CaseId(self.c), action, role: who, officer_id: officer.map(OfficerId), signer },
        )
        .await
    }

    pub(crate) fn signer(&self, who: Role) -> Option<zhifa_store::review::Signer> {
        self.signers.iter().find(|(r, _)| *r == who).map(|(_, k)| k.clone())
    }
}

pub(crate) fn full_submission() -> zhifa_core::review::SubmissionInput {
    zhifa_core::review::SubmissionInput {
        proposal: "罚款五千元".into(),
        facts: "销售过期食品".into(),
        evidence: vec!["现场检查笔录".into()],
        legal_basis: vec!["《食品安全法》第一百二十四条".into()],
        discretion: "初次违法，从轻".into(),
        note: String::new(),
    }
}

pub(crate) fn opinion_of(outcome: &str, ok: bool) -> zhifa_core::review::OpinionInput {
    use zhifa_core::review::{Point, PointAnswer};
    let points = Point::ALL.iter().map(|p| PointAnswer { point: p.code().into(), ok, note: "见意见".into() }).collect();
    zhifa_core::review::OpinionInput { points, outcome: outcome.into(), opinion: "意见".into(), record_step: false }
}

pub(crate) fn refused_with(r: Result<zhifa_store::write::Outcome, StoreError>, needle: &str) {
    match r {
        Err(StoreError::Invalid(i)) => assert!(i.to_string().contains(needle), "{needle}: {i}"),
        r => panic!("{needle}: {r:?}"),
    }
}

pub(crate) async fn art_58_review_file_runs_submission_revision_objection_and_the_heads_ruling(s: Store) {
    use zhifa_core::review::State;
    use zhifa_store::review::ReviewAction as RA;
    let f = ReviewFixture::new(&s).await;
    let ReviewFixture { b, c, o1, o2, r, officer_user, reviewer_user, head_user, .. } = f;
    let case = s.case(Scope::Body(b), c).await.unwrap().unwrap();
    let file = s.review_file(&case).await.unwrap();
    assert!(file.requirement.required && file.requirement.explanation.contains("一般程序行政处罚决定"));
    assert_eq!(file.state, State::None);
    let as_user = |id: i64| f.as_user(id);
    let act = |action: RA, role: Role, officer_id: Option<i64>| Command::Review {
        case_id: CaseId(c),
        action,
        role,
        officer_id: officer_id.map(OfficerId),
        signer: f.signer(role),
    };
    let refused = refused_with;
    let full = full_submission();
    let opinion = opinion_of;

    // Refused: a reviewer cannot submit; an incomplete submission names what is missing; nothing written.
    let before = s.tree_size().await.unwrap();
    refused(
        s.execute(&as_user(reviewer_user), act(RA::Submit(full.clone()), Role::Reviewer, Some(r))).await,
        "承办人员",
    );
    refused(
        s.execute(
            &as_user(officer_user),
            act(RA::Submit(zhifa_core::review::SubmissionInput::default()), Role::Officer, Some(o1)),
        )
        .await,
        "证据清单",
    );
    assert_eq!(s.tree_size().await.unwrap(), before, "nothing was journaled");
    s.execute(&as_user(officer_user), act(RA::Submit(full.clone()), Role::Officer, Some(o1))).await.unwrap();
    // Recusal, and a reviewer of another body.
    refused(
        s.execute(&as_user(reviewer_user), act(RA::Opinion(opinion("同意", true)), Role::Reviewer, Some(o2))).await,
        "回避",
    );
    refused(
        s.execute(&as_user(reviewer_user), act(RA::Opinion(opinion("同意", true)), Role::Reviewer, Some(o1))).await,
        "法制审核人员",
    );
    // 修改后重新送审, then a resubmission must say what changed.
    s.execute(&as_user(reviewer_user), act(RA::Opinion(opinion("修改后重新送审", false)), Role::Reviewer, Some(r)))
        .await
        .unwrap();
    refused(s.execute(&as_user(officer_user), act(RA::Submit(full.clone()), Role::Officer, Some(o1))).await, "修改");
    let mut second = full.clone();
    second.note = "补充询问笔录".into();
    s.execute(&as_user(officer_user), act(RA::Submit(second), Role::Officer, Some(o1))).await.unwrap();
    // 不同意 → objection → negotiation fails → the head rules for the handling unit.
    s.execute(&as_user(reviewer_user), act(RA::Opinion(opinion("不同意", false)), Role::Reviewer, Some(r)))
        .await
        .unwrap();
    let object = RA::Object { reasons: "事实清楚".into(), basis: "《行政处罚法》第五十七条".into() };
    s.execute(&as_user(officer_user), act(object, Role::Officer, Some(o1))).await.unwrap();
    let negotiate = RA::Negotiate { agreed: false, note: "未达成一致".into() };
    s.execute(&as_user(reviewer_user), act(negotiate, Role::Reviewer, Some(r))).await.unwrap();
    let rule = |side: &str| RA::Rule { side: side.into(), reasons: "证据充分".into() };
    refused(s.execute(&as_user(officer_user), act(rule("handling"), Role::Officer, Some(o1))).await, "机关负责人");
    s.execute(&as_user(head_user), act(rule("handling"), Role::Head, None)).await.unwrap();
    let file = s.review_file(&case).await.unwrap();
    assert_eq!(file.state, State::Passed { version: 2, by_head: true });
    assert_eq!(
        file.events.iter().map(|e| e.event.as_str()).collect::<Vec<_>>(),
        ["submitted", "reviewed", "submitted", "reviewed", "objected", "negotiated", "ruled"]
    );
    assert_eq!(file.submissions.len(), 2);
    assert!(zhifa_core::review::gate(&file.requirement, &file.core_events().unwrap()).is_ok());

    // Marks are only added; the body's list names its own items only.
    let marks = zhifa_core::review::Marks { public_interest: true, ..Default::default() };
    s.execute(
        &sys(),
        Command::MarkCaseForReview { case_id: CaseId(c), marks: marks.clone(), reason: "涉及食品安全".into() },
    )
    .await
    .unwrap();
    refused(
        s.execute(
            &sys(),
            Command::MarkCaseForReview { case_id: CaseId(c), marks: Default::default(), reason: "x".into() },
        )
        .await,
        "不能取消",
    );
    assert!(s.review_file(&case).await.unwrap().requirement.reasons.iter().any(|r| r.ground == "public_interest"));
    let item = |code: &str| zhifa_core::review::ListItem {
        power_item_code: Some(code.into()),
        case_kind: None,
        description: "较大数额罚款".into(),
    };
    refused(
        s.execute(
            &sys(),
            Command::FileReviewList {
                body_id: BodyId(b),
                items: vec![item("XX-9")],
                effective_from: d("2026-01-01"),
                review_days: None,
                reason: "制定".into(),
            },
        )
        .await,
        "不是本机关的事项",
    );
    s.execute(
        &sys(),
        Command::FileReviewList {
            body_id: BodyId(b),
            items: vec![item("CF-1")],
            effective_from: d("2026-01-01"),
            review_days: Some(3),
            reason: "制定".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(s.review_lists(b).await.unwrap()[0].version, 1);
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
}

pub(crate) async fn referral_of_a_suspected_crime_the_review_queue_and_the_figures(s: Store) {
    use zhifa_core::review::{FollowUpInput, ReceiptInput, ReferralInput, Waiting};
    use zhifa_store::review::ReviewAction as RA;
    let f = ReviewFixture::new(&s).await;
    let scope = Scope::Body(f.b);
    f.by(&s, Role::Officer, RA::Submit(full_submission())).await.unwrap();
    let q = s.review_queue(scope, 50).await.unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].waiting, q[0].case_id, q[0].overdue), (Waiting::Review, f.c, false));
    assert!(q[0].due.is_some() && !q[0].case_number.is_empty(), "{q:?}");
    // Nothing to refer before an opinion finds a suspected crime.
    let referral = ReferralInput {
        organ: "天津市公安局宝坻分局".into(),
        approved_on: "2026-01-05".into(),
        referred_on: "2026-01-06".into(),
        materials: vec!["涉嫌犯罪案件移送书".into(), "涉嫌犯罪案件情况的调查报告".into()],
        note: String::new(),
    };
    refused_with(f.by(&s, Role::Officer, RA::Refer(referral.clone())).await, "无需移送");
    let mut opinion = opinion_of("不同意", true);
    opinion.points[9].ok = false;
    opinion.points[9].note = "涉案金额达到刑事立案追诉标准".into();
    f.by(&s, Role::Reviewer, RA::Opinion(opinion)).await.unwrap();
    let q = s.review_queue(scope, 50).await.unwrap();
    assert_eq!(q[0].waiting, Waiting::Referral);
    // The reviewer does not refer; the materials of art. 6 are all needed.
    refused_with(f.by(&s, Role::Reviewer, RA::Refer(referral.clone())).await, "承办人员");
    refused_with(f.by(&s, Role::Officer, RA::Refer(referral.clone())).await, "涉案物品清单");
    let mut full = referral.clone();
    full.materials.push("涉案物品清单".into());
    f.by(&s, Role::Officer, RA::Refer(full)).await.unwrap();
    refused_with(
        f.by(
            &s,
            Role::Officer,
            RA::FollowUp(FollowUpInput {
                result: "filed".into(), on: "2026-01-08".into(), note: "立案决定书".into()
            }),
        )
        .await,
        "回执",
    );
    let receipt = ReceiptInput {
        received_on: "2026-01-06".into(),
        signed_by: "宝坻分局值班民警王某".into(),
        note: String::new(),
    };
    f.by(&s, Role::Officer, RA::Receipt(receipt)).await.unwrap();
    f.by(
        &s,
        Role::Head,
        RA::FollowUp(FollowUpInput { result: "filed".into(), on: "2026-01-08".into(), note: "立案决定书".into() }),
    )
    .await
    .unwrap();
    let case = s.case(scope, f.c).await.unwrap().unwrap();
    let file = s.review_file(&case).await.unwrap();
    assert_eq!(file.referral_label, "已移送：公安机关已立案");
    assert!(
        zhifa_core::review::gate(&file.requirement, &file.core_events().unwrap())
            .unwrap_err()
            .message
            .contains("不得以行政处罚代替移送")
    );
    // The figures of the year.
    let year = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let from = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&year), 1, 1).unwrap();
    let stats = s.review_stats(Scope::All, from, from + chrono::Duration::days(366)).await.unwrap();
    assert_eq!(stats.len(), 1);
    let st = &stats[0].stats;
    assert_eq!((st.cases, st.submissions, st.reviews, st.agreed, st.crimes_flagged, st.referred), (1, 1, 1, 0, 1, 1));
    assert_eq!(st.pass_rate, Some(0.0));
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
}

pub(crate) async fn every_review_act_is_signed_by_its_actor_and_verify_checks_the_signatures(s: Store) {
    use zhifa_store::review::ReviewAction as RA;
    let f = ReviewFixture::new(&s).await;
    let submit = |signer| Command::Review {
        case_id: CaseId(f.c),
        action: RA::Submit(full_submission()),
        role: Role::Officer,
        officer_id: Some(OfficerId(f.o1)),
        signer,
    };
    let before = s.tree_size().await.unwrap();
    refused_with(s.execute(&f.as_user(f.officer_user), submit(None)).await, "签名密码");
    // Another person's key does not sign for the officer.
    refused_with(s.execute(&f.as_user(f.officer_user), submit(f.signer(Role::Reviewer))).await, "不属于本人");
    // Nor does a seed that is not the key's.
    let forged = zhifa_store::review::Signer { key: f.signer(Role::Officer).unwrap().key, seed: [9; 32] };
    refused_with(s.execute(&f.as_user(f.officer_user), submit(Some(forged))).await, "不属于本人");
    assert_eq!(s.tree_size().await.unwrap(), before, "nothing written");
    s.execute(&f.as_user(f.officer_user), submit(f.signer(Role::Officer))).await.unwrap();
    f.by(&s, Role::Reviewer, RA::Opinion(opinion_of("同意", true))).await.unwrap();
    // A key first used is registered with the act, in its transaction: refused, nothing stays.
    let fresh = || zhifa_store::review::Signer {
        key: zhifa_store::review::SignerKey::New(
            zhifa_store::zhifa_ledger::personal::wrap(&[11; 32], &[1; 32]),
            "00".into(),
        ),
        seed: [11; 32],
    };
    let head = |action| Command::Review {
        case_id: CaseId(f.c),
        action,
        role: Role::Head,
        officer_id: None,
        signer: Some(fresh()),
    };
    let before = s.tree_size().await.unwrap();
    refused_with(
        s.execute(&f.as_user(f.head_user), head(RA::Rule { side: "handling".into(), reasons: "x".into() })).await,
        "不能负责人处理",
    );
    assert_eq!(s.tree_size().await.unwrap(), before, "no key registered by a refused act");
    let mut again = full_submission();
    again.note = "负责人调整拟处理意见".into();
    s.execute(&f.as_user(f.head_user), head(RA::Submit(again))).await.unwrap();
    let case = s.case(Scope::Body(f.b), f.c).await.unwrap().unwrap();
    let file = s.review_file(&case).await.unwrap();
    assert!(file.events.iter().all(|e| e.signature.is_some() && e.signing_key_id.is_some()));
    assert_eq!(s.signing_key(f.head_user).await.unwrap().unwrap().id, file.events[2].signing_key_id.unwrap());
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
    // A signature replaced behind the ledger: the row and the signature are both named.
    let other = zhifa_store::zhifa_ledger::personal::sign(&[5; 32], b"x");
    s.execute_raw_for_tests(&format!("UPDATE review_events SET signature = '{other}' WHERE seq = 2")).await.unwrap();
    let p = problems(&s, &keys, None).await;
    assert!(p.iter().any(|x| x.contains("个人签名无效")) && p.iter().any(|x| x.contains("review_events")), "{p:?}");
}

pub(crate) async fn a_licensing_item_where_a_hearing_applies_brings_its_cases_into_review(s: Store) {
    let (b, o1, _) = setup(&s).await;
    let o2 = second_officer(&s, b).await;
    let licensing = |code: &str, hearing: bool| PowerItemInput {
        body_id: b,
        code: code.into(),
        name: "排污许可".into(),
        category: "行政许可".into(),
        legal_basis: vec!["行政许可法 第四十六条".into()],
        procedure: "许可程序".into(),
        hearing,
        remedy: "复议或诉讼".into(),
        effective_from: "2021-07-15".into(),
        change_kind: "立".into(),
        change_reason: "新设".into(),
        ..Default::default()
    };
    for (code, hearing) in [("XK-1", true), ("XK-2", false)] {
        s.execute(&sys(), Command::AddPowerItemVersion(licensing(code, hearing).validate().unwrap())).await.unwrap();
    }
    let mut penalty = licensing("CF-9", true);
    penalty.category = "行政处罚".into();
    penalty.procedure = "一般程序".into();
    assert_eq!(penalty.validate().unwrap_err().errors[0].field, "hearing");
    let with = s.execute(&sys(), new_case(b, "licensing", "XK-1", vec![o1, o2])).await.unwrap().id;
    let without = s.execute(&sys(), new_case(b, "licensing", "XK-2", vec![o1, o2])).await.unwrap().id;
    let file = |id| {
        let s = &s;
        async move { s.review_file(&s.case(Scope::Body(b), id).await.unwrap().unwrap()).await.unwrap() }
    };
    let r = file(with).await.requirement;
    assert!(r.required && r.reasons[0].ground == "licensing_hearing", "{r:?}");
    let r = file(without).await.requirement;
    assert!(!r.required && r.explanation.starts_with("不属于法制审核范围"), "{r:?}");
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
}

/// The import path (`execute_batch` as the system, as `zhifa import` writes) goes through the
/// same domain core: a decision without review, or with a forged 法制审核 step, is refused and
/// nothing of the batch is written.
pub(crate) async fn art_58_an_import_cannot_record_a_decision_without_review(s: Store) {
    let (b, o1, _) = setup(&s).await;
    let o2 = second_officer(&s, b).await;
    s.execute(&sys(), penalty_item(b)).await.unwrap();
    let c = s.execute(&sys(), new_case(b, "penalty_general", "CF-1", vec![o1, o2])).await.unwrap().id;
    let penalty = |i: &mut zhifa_core::case::StepInput| {
        i.penalty_kinds = vec!["罚款".into()];
        i.fine = Some("5000".into());
        i.legal_basis = vec!["食品安全法 第一百二十四条".into()];
    };
    s.execute(&sys(), step(c, "file", Role::Head, None, |_| {})).await.unwrap();
    s.execute(
        &sys(),
        step(c, "investigate", Role::Officer, Some(o1), move |i| {
            i.officer_ids = vec![o1, o2];
            i.place = Some("宝坻区某路1号".into());
        }),
    )
    .await
    .unwrap();
    let notice = move |i: &mut zhifa_core::case::StepInput| {
        penalty(i);
        i.violated = vec!["食品安全法 第三十四条".into()];
    };
    s.execute(&sys(), step(c, "notify_intent", Role::Officer, Some(o1), notice)).await.unwrap();
    s.execute(&sys(), step(c, "statement", Role::Officer, Some(o1), |i| i.waived = Some(true))).await.unwrap();
    let before = s.tree_size().await.unwrap();
    let forged_review = step(c, "legal_review", Role::Reviewer, None, |i| {
        i.result = Some("同意".into());
        i.content = Some("同意".into());
    });
    for batch in [
        vec![step(c, "decide", Role::Head, None, penalty)],
        vec![forged_review, step(c, "decide", Role::Head, None, penalty)],
    ] {
        match s.execute_batch(&Actor::system(), batch, |_| {}).await {
            Err((_, StoreError::Invalid(i))) => assert!(i.to_string().contains("第五十八条"), "{i}"),
            r => panic!("{r:?}"),
        }
    }
    assert_eq!(s.tree_size().await.unwrap(), before, "nothing of the batch was written");
    assert_eq!(s.case_steps(c).await.unwrap().len(), 4);
}

pub(crate) async fn a_passed_file_with_a_suspected_crime_not_referred_stays_in_the_queue(s: Store) {
    use zhifa_core::review::Waiting;
    use zhifa_store::review::ReviewAction as RA;
    let f = ReviewFixture::new(&s).await;
    f.by(&s, Role::Officer, RA::Submit(full_submission())).await.unwrap();
    let mut crime = opinion_of("修改后重新送审", true);
    crime.points[9].ok = false;
    crime.points[9].note = "涉嫌犯罪".into();
    f.by(&s, Role::Reviewer, RA::Opinion(crime)).await.unwrap();
    let mut again = full_submission();
    again.note = "删去与刑事部分重合的内容".into();
    f.by(&s, Role::Officer, RA::Submit(again)).await.unwrap();
    f.by(&s, Role::Reviewer, RA::Opinion(opinion_of("同意", true))).await.unwrap();
    let q = s.review_queue(Scope::Body(f.b), 50).await.unwrap();
    assert_eq!(q.iter().map(|i| i.waiting).collect::<Vec<_>>(), [Waiting::Referral], "{q:?}");
}
