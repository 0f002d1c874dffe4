//! Cases: numbering, the procedure machine on each step, items and officers of the body.

use crate::prelude::*;
use chrono::{Duration, NaiveDate};
use zhifa_core::access::{Role, Scope};
use zhifa_core::ids::{BodyId, CaseId, OfficerId};
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store, StoreError};

pub(crate) fn sys() -> Actor {
    Actor::system()
}

pub(crate) fn new_case(body_id: i64, kind: &str, item: &str, officers: Vec<i64>) -> Command {
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let input = zhifa_core::case::CaseInput {
        kind: kind.into(),
        power_item_code: item.into(),
        source: "投诉举报".into(),
        domain: "市场监管".into(),
        parties: vec![zhifa_core::case::PartyInput {
            name: "宝坻区某某食品店".into(),
            id_number: "91350100M000100Y43".into(),
            legal_representative: Some("王五".into()),
            ..Default::default()
        }],
        officer_ids: officers,
        facts: "接群众举报，该店销售过期食品".into(),
        act_date: Some((today - Duration::days(30)).to_string()),
        ..Default::default()
    };
    Command::CreateCase { body_id: BodyId(body_id), case: Box::new(input.validate(today).unwrap()) }
}

/// The inspection item JC-1 of a body, in force since 2021-01-01.
pub(crate) fn inspection_item(body_id: i64) -> Command {
    let item = PowerItemInput {
        body_id,
        code: "JC-1".into(),
        name: "食品经营检查".into(),
        category: "行政检查".into(),
        legal_basis: vec!["食品安全法 第一百一十条".into()],
        procedure: "检查程序".into(),
        remedy: "复议".into(),
        effective_from: "2021-01-01".into(),
        change_kind: "立".into(),
        change_reason: "新设".into(),
        ..Default::default()
    };
    Command::AddPowerItemVersion(item.validate().unwrap())
}

/// The general-procedure penalty item CF-1 of a body, in force since 2021-07-15.
pub(crate) fn penalty_item(body_id: i64) -> Command {
    let item = PowerItemInput {
        body_id,
        code: "CF-1".into(),
        name: "对销售过期食品的行政处罚".into(),
        category: "行政处罚".into(),
        legal_basis: vec!["食品安全法 第一百二十四条".into()],
        procedure: "一般程序".into(),
        remedy: "复议或诉讼".into(),
        effective_from: "2021-07-15".into(),
        change_kind: "立".into(),
        change_reason: "新设".into(),
        ..Default::default()
    };
    Command::AddPowerItemVersion(item.validate().unwrap())
}

pub(crate) fn step(
    case_id: i64,
    kind: &str,
    role: Role,
    officer_id: Option<i64>,
    f: impl FnOnce(&mut zhifa_core::case::StepInput),
) -> Command {
    let mut input =
        zhifa_core::case::StepInput { kind: kind.into(), content: Some("记录".into()), ..Default::default() };
    f(&mut input);
    let step = input.validate(chrono::Utc::now()).unwrap();
    Command::RecordStep {
        case_id: CaseId(case_id),
        step: Box::new(step),
        role,
        officer_id: officer_id.map(OfficerId),
        signer: None,
    }
}

pub(crate) async fn cases_are_numbered_per_body_and_year_and_steps_pass_the_procedure_machine(s: Store) {
    let (b, o1, _) = setup(&s).await;
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    let o3 = s.execute(&sys(), Command::CreateOfficer(officer(b, "赵刚"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    // o3's certificate expired last year.
    s.execute(&sys(), Command::CreateCertificate(cert(o3, "津12011500003", "2020-01-01", "2025-01-01"))).await.unwrap();
    s.execute(&sys(), penalty_item(b)).await.unwrap();
    let year = chrono::Datelike::year(&zhifa_core::time::shanghai_date(chrono::Utc::now()));
    let c1 = s.execute(&sys(), new_case(b, "penalty_general", "CF-1", vec![o1, o2])).await.unwrap().id;
    let c2 = s.execute(&sys(), new_case(b, "penalty_simple", "CF-1", vec![o1, o2])).await.unwrap().id;
    let case1 = s.case(Scope::Body(b), c1).await.unwrap().unwrap();
    let case2 = s.case(Scope::Body(b), c2).await.unwrap().unwrap();
    assert_eq!(case1.number, format!("{b:03}-{year}-CF00001"));
    assert_eq!(case2.number, format!("{b:03}-{year}-JY00002"));
    assert_eq!(case1.stage.code(), "registered");

    // An officer cannot file (立案 is approved by the head); nothing is written.
    let before = s.tree_size().await.unwrap();
    match s.execute(&sys(), step(c1, "file", Role::Officer, Some(o1), |_| {})).await {
        Err(StoreError::Invalid(i)) => assert!(i.errors[0].message.contains("机关负责人"), "{i}"),
        r => panic!("{r:?}"),
    }
    s.execute(&sys(), step(c1, "file", Role::Head, None, |_| {})).await.unwrap();
    // A field step with an officer whose certificate expired is refused, with the article.
    let field = |officers: Vec<i64>| {
        step(c1, "investigate", Role::Officer, Some(o1), move |i| {
            i.officer_ids = officers;
            i.place = Some("宝坻区某路1号".into());
        })
    };
    let after_file = s.tree_size().await.unwrap();
    assert_eq!(after_file, before + 2, "one entry for the step, one for the case row");
    match s.execute(&sys(), field(vec![o1, o3])).await {
        Err(StoreError::Invalid(i)) => {
            assert_eq!(i.errors[0].field, "officer_ids");
            assert!(i.errors[0].message.contains("第四十二条") && i.errors[0].message.contains("过期"), "{i}");
        }
        r => panic!("{r:?}"),
    }
    assert_eq!(s.tree_size().await.unwrap(), after_file, "nothing was journaled");
    s.execute(&sys(), field(vec![o1, o2])).await.unwrap();
    let case1 = s.case(Scope::Body(b), c1).await.unwrap().unwrap();
    assert_eq!((case1.stage.code(), case1.step_count), ("investigating", 2));
    assert!(case1.filed_on.is_some());
    let steps = s.case_steps(c1).await.unwrap();
    assert_eq!(steps.iter().map(|x| x.kind.code()).collect::<Vec<_>>(), ["file", "investigate"]);
    // Decision before the notice: refused, naming art. 62.
    let decide = step(c1, "decide", Role::Head, None, |i| {
        i.penalty_kinds = vec!["罚款".into()];
        i.fine = Some("5000".into());
        i.legal_basis = vec!["食品安全法 第一百二十四条".into()];
    });
    match s.execute(&sys(), decide).await {
        Err(StoreError::Invalid(i)) => assert!(i.errors[0].message.contains("第六十二条"), "{i}"),
        r => panic!("{r:?}"),
    }
    // Another body sees nothing of it and cannot write to it.
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区城市管理委员会"))).await.unwrap().id;
    assert!(s.case(Scope::Body(other), c1).await.unwrap().is_none());
    let foreign = Actor { user_id: None, scope: Scope::Body(other) };
    assert!(matches!(
        s.execute(&foreign, step(c1, "suspend", Role::Officer, Some(o1), |_| {})).await,
        Err(StoreError::NotFound(_))
    ));
    // Lists and search.
    let f = zhifa_store::cases::CaseFilter { q: Some("食品店".into()), ..Default::default() };
    assert_eq!(s.case_list(Scope::Body(b), &f).await.unwrap().len(), 2);
    let f = zhifa_store::cases::CaseFilter { q: Some(case1.number.clone()), ..Default::default() };
    assert_eq!(s.case_list(Scope::Body(b), &f).await.unwrap().len(), 1);
    // Fragments of any length, identifiers, the item's name; LIKE wildcards are plain text.
    for (q, n) in [
        ("食品", 2),
        ("91350100M000100Y43", 2),
        ("0100M0", 2),
        ("过期食品的行政", 2),
        ("CF0000", 1),
        ("%", 0),
        ("_", 0),
        ("无此当事人", 0),
    ] {
        let f = zhifa_store::cases::CaseFilter { q: Some(q.into()), ..Default::default() };
        assert_eq!(s.case_list(Scope::Body(b), &f).await.unwrap().len(), n, "search {q:?}");
    }
    let f = zhifa_store::cases::CaseFilter { stage: Some("investigating".into()), ..Default::default() };
    assert_eq!(s.case_list(Scope::All, &f).await.unwrap()[0].id, c1);
    // The deadline view of one officer is filtered in the query, before the limit.
    let far = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
    let all_due = s.cases_due(Scope::Body(b), None, far, 100).await.unwrap();
    assert!(!all_due.is_empty());
    for c in &all_due {
        for o in c.officer_list().unwrap() {
            let mine = s.cases_due(Scope::Body(b), Some(o), far, 1).await.unwrap();
            assert!(mine.len() == 1 && mine[0].officer_list().unwrap().contains(&o), "officer {o}");
        }
    }
    assert!(s.cases_due(Scope::Body(b), Some(-1), far, 100).await.unwrap().is_empty());
    // A search lists the newest registered first, pages, and filters on the stage the case
    // has reached since (PostgreSQL keeps it in the search table).
    let f = zhifa_store::cases::CaseFilter { q: Some("食品店".into()), ..Default::default() };
    let hits: Vec<i64> = s.case_list(Scope::Body(b), &f).await.unwrap().iter().map(|c| c.id).collect();
    assert!(hits[0] > hits[1], "{hits:?}");
    let f = zhifa_store::cases::CaseFilter {
        q: Some("食品店".into()),
        limit: Some(1),
        offset: Some(1),
        ..Default::default()
    };
    assert_eq!(s.case_list(Scope::Body(b), &f).await.unwrap()[0].id, hits[1]);
    for q in ["食品店", "食品"] {
        let f = zhifa_store::cases::CaseFilter {
            q: Some(q.into()),
            stage: Some("investigating".into()),
            ..Default::default()
        };
        let found = s.case_list(Scope::Body(b), &f).await.unwrap();
        assert!(found.iter().any(|c| c.id == c1) && found.iter().all(|c| c.stage.code() == "investigating"), "{q}");
    }
    assert!(s.case_list(Scope::Body(other), &Default::default()).await.unwrap().is_empty());
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
}

pub(crate) async fn a_case_needs_an_item_of_its_body_in_force_and_officers_of_its_body(s: Store) {
    let (b, o1, _) = setup(&s).await;
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区城市管理委员会"))).await.unwrap().id;
    let stranger = s.execute(&sys(), Command::CreateOfficer(officer(other, "外单位"))).await.unwrap().id;
    let field_of = |r: Result<zhifa_store::Outcome, StoreError>| match r {
        Err(StoreError::Invalid(i)) => i.errors[0].field.clone(),
        r => panic!("{r:?}"),
    };
    assert_eq!(field_of(s.execute(&sys(), new_case(b, "inspection", "NONE", vec![o1, o2])).await), "power_item_code");
    s.execute(&sys(), inspection_item(b)).await.unwrap();
    // An inspection item cannot be handled as a penalty.
    assert_eq!(field_of(s.execute(&sys(), new_case(b, "penalty_general", "JC-1", vec![o1, o2])).await), "kind");
    assert_eq!(field_of(s.execute(&sys(), new_case(b, "inspection", "JC-1", vec![o1, stranger])).await), "officer_ids");
    let n = s.case_list(Scope::All, &Default::default()).await.unwrap().len();
    assert_eq!(n, 0, "nothing half-written");
    s.execute(&sys(), new_case(b, "inspection", "JC-1", vec![o1, o2])).await.unwrap();
}

/// An inspection case of body `b` with the inspection and its result recorded.
async fn inspected_case(s: &Store, b: i64, officers: [i64; 2]) -> i64 {
    let case = s.execute(&sys(), new_case(b, "inspection", "JC-1", officers.to_vec())).await.unwrap().id;
    s.execute(&sys(), step(case, "start_inspection", Role::Officer, Some(officers[0]), |_| {})).await.unwrap();
    let inspect = step(case, "inspect", Role::Officer, Some(officers[0]), move |i| {
        i.officer_ids = officers.to_vec();
        i.place = Some("宝坻区某路1号".into());
    });
    s.execute(&sys(), inspect).await.unwrap();
    let result =
        step(case, "inspection_result", Role::Officer, Some(officers[0]), |i| i.result = Some("责令改正".into()));
    s.execute(&sys(), result).await.unwrap();
    case
}

pub(crate) async fn a_document_is_rendered_before_its_write_and_refused_if_its_records_changed(s: Store) {
    use zhifa_core::doc::DocKind;
    let (b, o1, _) = setup(&s).await;
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    s.execute(&sys(), inspection_item(b)).await.unwrap();
    let first = inspected_case(&s, b, [o1, o2]).await;
    let second = inspected_case(&s, b, [o1, o2]).await;
    // Prepared (composed and rendered) outside the write path, with the next number as it was.
    let stale = s.prepare_document(&sys(), first, DocKind::RectificationOrder, None).await.unwrap();
    assert_eq!((stale.case_id(), stale.kind()), (first, DocKind::RectificationOrder));
    // Meanwhile another case's order takes that number.
    let other = s.issue_document(&sys(), second, DocKind::RectificationOrder, None).await.unwrap();
    let other = s.document(Scope::All, other.id).await.unwrap().unwrap();
    assert!(other.number.as_deref().unwrap().ends_with("1号"), "{:?}", other.number);
    let before = counts(&s).await;
    let e = s.execute(&sys(), Command::IssueDocument { doc: Box::new(stale) }).await.unwrap_err();
    assert!(matches!(e, StoreError::Changed(_)), "{e:?}");
    assert_eq!(counts(&s).await, before, "nothing written");
    // Issuing prepares again: the next number, a PDF of what was committed.
    let out = s.issue_document(&sys(), first, DocKind::RectificationOrder, None).await.unwrap();
    let doc = s.document(Scope::All, out.id).await.unwrap().unwrap();
    assert!(doc.number.as_deref().unwrap().ends_with("2号"), "{:?}", doc.number);
    let pdf = s.document_pdf(&doc).await.unwrap();
    assert_eq!(zhifa_store::documents::sha256_hex(&pdf), doc.pdf_sha256);
    assert!(doc.content.contains(doc.number.as_deref().unwrap()), "the PDF's text carries its number");
    // A document of a case outside the actor's scope is refused before anything is rendered.
    let outsider = Actor { user_id: None, scope: Scope::Body(b + 1) };
    let e = s.prepare_document(&outsider, first, DocKind::RectificationOrder, None).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");
}
