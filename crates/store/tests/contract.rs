//! The storage contract: every test runs on SQLite always and on PostgreSQL when
//! `ZHIFA_TEST_POSTGRES_URL` is set (each test in a fresh schema). Under `CI=true` a missing
//! PostgreSQL URL fails the run instead of skipping, so CI cannot silently test one backend.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{Duration, NaiveDate};
use zhifa_core::access::{Role, Scope};
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::zhifa_ledger::{HashAlg, MemoryTree, verify_consistency, verify_inclusion};
use zhifa_store::{Command, Store, StoreError};

async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let s = Store::connect(&url).await.unwrap();
    s.migrate().await.unwrap();
    s.ensure_ledger("zhifa.test/ledger", HashAlg::Sm3).await.unwrap();
    (s, dir)
}

async fn pg_store() -> Option<Store> {
    let Ok(base) = std::env::var("ZHIFA_TEST_POSTGRES_URL") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but ZHIFA_TEST_POSTGRES_URL is not set: the PostgreSQL contract tests must run in CI");
        }
        eprintln!("ZHIFA_TEST_POSTGRES_URL not set: PostgreSQL contract test skipped");
        return None;
    };
    let schema = format!("t_{}", rand::random::<u64>());
    let admin = Store::connect(&base).await.unwrap();
    admin.execute_raw_for_tests(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let s = Store::connect(&url).await.unwrap();
    s.migrate().await.unwrap();
    s.ensure_ledger("zhifa.test/ledger", HashAlg::Sha256).await.unwrap();
    Some(s)
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(
            #[tokio::test]
            async fn $name() { let (s, _dir) = super::sqlite_store().await; super::$name(s).await }
        )* }
        mod postgres { $(
            #[tokio::test]
            async fn $name() { if let Some(s) = super::pg_store().await { super::$name(s).await } }
        )* }
    };
}

contract!(
    migrations_are_idempotent,
    every_table_is_journaled_or_exempt_with_a_reason,
    annual_reports_are_drafted_corrected_and_published,
    duplicate_body_name_is_a_conflict,
    bad_reference_writes_nothing,
    body_scope_is_enforced_on_reads_and_writes,
    duplicate_certificate_number_is_a_conflict_and_writes_nothing,
    certificate_status_history_and_final_revocation,
    public_certificate_check_shows_effective_status_only,
    art37_power_list_versions_in_force_by_date,
    reviewer_ratio_5_percent_floor,
    every_change_has_one_journal_entry_with_previous_hash,
    sessions_revocation_and_login_lockout,
    a_batch_is_all_or_nothing,
    every_journal_entry_is_a_leaf_and_proofs_verify,
    checkpoints_advance_once_by_compare_and_swap,
    verify_passes_on_every_table_written_through_the_one_path,
    verify_names_a_row_updated_behind_the_ledger,
    verify_names_a_row_deleted,
    verify_names_a_row_inserted_without_entry,
    verify_names_two_entries_swapped,
    verify_names_an_entry_edited_and_rehashed_but_not_resigned,
    verify_names_a_forged_checkpoint,
    verify_names_a_rollback_against_a_published_checkpoint,
    concurrent_changes_share_a_commit_but_fail_alone,
    every_view_of_a_protected_record_is_in_the_ledger,
    evidence_needs_a_collector_of_its_body,
    verify_since_a_checkpoint_checks_only_what_came_after,
    a_burst_of_writes_calls_for_a_checkpoint_before_the_interval,
    evidence_deletion_takes_a_head_and_a_supervisor_and_leaves_a_tombstone,
    cases_are_numbered_per_body_and_year_and_steps_pass_the_procedure_machine,
    a_case_needs_an_item_of_its_body_in_force_and_officers_of_its_body,
    art_58_review_file_runs_submission_revision_objection_and_the_heads_ruling,
    referral_of_a_suspected_crime_the_review_queue_and_the_figures,
    every_review_act_is_signed_by_its_actor_and_verify_checks_the_signatures,
    a_licensing_item_where_a_hearing_applies_brings_its_cases_into_review,
    art_58_an_import_cannot_record_a_decision_without_review,
    a_passed_file_with_a_suspected_crime_not_referred_stays_in_the_queue,
);

fn add_evidence(body_id: i64, officer: i64, digest: &str) -> Command {
    let meta = zhifa_core::evidence::EvidenceInput {
        case_number: Some("津宝市监罚〔2026〕1号".into()),
        captured_at: Some("2026-03-01 10:00".into()),
        capture_place: Some("宝坻区南城路1号".into()),
        collector_officer_id: Some(officer.to_string()),
        proof_object: Some("经营场所现状".into()),
        device_id: Some("DSJ-1".into()),
        format: Some("jpg".into()),
        target: Some("91350100M000100Y43".into()),
        ..Default::default()
    }
    .validate(chrono::Utc::now())
    .unwrap();
    Command::AddEvidence { body_id, meta: Box::new(meta), sm3: digest.repeat(32), sha256: "cd".repeat(32), size: 1234 }
}

async fn user(s: &Store, name: &str, role: Role, body: Option<i64>) -> i64 {
    let cmd = Command::CreateUser {
        username: name.into(),
        display_name: name.into(),
        password_hash: "h".into(),
        role,
        body_id: body,
        officer_id: None,
    };
    s.execute(&sys(), cmd).await.unwrap().id
}

async fn evidence_needs_a_collector_of_its_body(s: Store) {
    let (b, o, _) = setup(&s).await;
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区城市管理委员会"))).await.unwrap().id;
    let before = s.tree_size().await.unwrap();
    match s.execute(&sys(), add_evidence(other, o, "ab")).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "collector_officer_id"),
        r => panic!("{r:?}"),
    }
    // An officer of another body may not file evidence here either.
    let actor = Actor { user_id: None, scope: Scope::Body(other) };
    assert!(matches!(s.execute(&actor, add_evidence(b, o, "ab")).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.tree_size().await.unwrap(), before, "nothing was journaled");
    let id = s.execute(&sys(), add_evidence(b, o, "ab")).await.unwrap().id;
    let e = s.evidence(Scope::Body(b), id).await.unwrap().unwrap();
    assert_eq!(
        (e.kind.as_str(), e.target_id.as_deref(), e.status.as_str()),
        ("photo", Some("91350100M000100Y43"), "active")
    );
    assert!(s.evidence(Scope::Body(other), id).await.unwrap().is_none(), "another body does not see it");
    let filter =
        zhifa_store::reads::EvidenceFilter { target_id: Some("91350100M000100Y43".into()), ..Default::default() };
    assert_eq!(s.evidence_list(Scope::All, &filter).await.unwrap().len(), 1);
}

async fn evidence_deletion_takes_a_head_and_a_supervisor_and_leaves_a_tombstone(s: Store) {
    let (b, o, _) = setup(&s).await;
    let officer = user(&s, "officer", Role::Officer, Some(b)).await;
    let head = user(&s, "head", Role::Head, Some(b)).await;
    let mut bureau = body("宝坻区司法局");
    bureau.is_supervisor = true;
    let bureau = s.execute(&sys(), Command::CreateBody(bureau)).await.unwrap().id;
    let supervisor = user(&s, "sup", Role::Supervisor, Some(bureau)).await;
    let as_user = |id: i64, scope: Scope| Actor { user_id: Some(id), scope };
    let ev = s.execute(&as_user(officer, Scope::Body(b)), add_evidence(b, o, "ef")).await.unwrap().id;
    let ask = |reason: &str| Command::RequestEvidenceDeletion { evidence_id: ev, reason: reason.into() };
    match s.execute(&as_user(officer, Scope::Body(b)), ask("  ")).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "reason"),
        r => panic!("{r:?}"),
    }
    let req = s.execute(&as_user(officer, Scope::Body(b)), ask("拍摄对象错误")).await.unwrap().id;
    assert!(matches!(
        s.execute(&as_user(officer, Scope::Body(b)), ask("再次申请")).await,
        Err(StoreError::Conflict(_))
    ));
    let decide = |role: Role, approve: bool| Command::DecideEvidenceDeletion { request_id: req, role, approve };
    // The requester cannot approve; an officer cannot approve.
    assert!(matches!(
        s.execute(&as_user(officer, Scope::Body(b)), decide(Role::Head, true)).await,
        Err(StoreError::Invalid(_))
    ));
    s.execute(&as_user(head, Scope::Body(b)), decide(Role::Head, true)).await.unwrap();
    assert!(matches!(
        s.execute(&as_user(head, Scope::Body(b)), decide(Role::Head, true)).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(s.evidence(Scope::All, ev).await.unwrap().unwrap().status, "active", "one approval deletes nothing");
    assert!(s.blob_is_live(&"ef".repeat(32)).await.unwrap());
    s.execute(&as_user(supervisor, Scope::All), decide(Role::Supervisor, true)).await.unwrap();
    let e = s.evidence(Scope::All, ev).await.unwrap().unwrap();
    assert_eq!(e.status, "deleted");
    assert_eq!(e.sm3, "ef".repeat(32), "the tombstone keeps the digests");
    assert!(!s.blob_is_live(&"ef".repeat(32)).await.unwrap());
    let d = &s.evidence_deletions(Scope::Body(b), Some(ev)).await.unwrap()[0];
    assert_eq!(
        (d.status.as_str(), d.head_approved_by, d.supervisor_approved_by),
        ("approved", Some(head), Some(supervisor))
    );
    let log = s.recent_changes(Scope::All, 100).await.unwrap();
    assert!(log.iter().any(|e| e.kind == "evidence.tombstone"));
    assert!(log.iter().any(|e| e.kind == "evidence.create"), "the ledger still holds what was there");
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
    // Erasing the tombstoned row is still caught.
    s.execute_raw_for_tests("DELETE FROM evidence_deletions").await.unwrap();
    s.execute_raw_for_tests("DELETE FROM evidence").await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 evidence 第 1 行已不存在");
}

fn sys() -> Actor {
    Actor::system()
}

fn new_case(body_id: i64, kind: &str, item: &str, officers: Vec<i64>) -> Command {
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
    Command::CreateCase { body_id, case: Box::new(input.validate(today).unwrap()) }
}

/// The general-procedure penalty item CF-1 of a body, in force since 2021-07-15.
fn penalty_item(body_id: i64) -> Command {
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

fn step(
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
    Command::RecordStep { case_id, step: Box::new(step), role, officer_id, signer: None }
}

async fn cases_are_numbered_per_body_and_year_and_steps_pass_the_procedure_machine(s: Store) {
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
    assert_eq!(case1.stage, "registered");

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
    assert_eq!((case1.stage.as_str(), case1.step_count), ("investigating", 2));
    assert!(case1.filed_on.is_some());
    let steps = s.case_steps(c1).await.unwrap();
    assert_eq!(steps.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>(), ["file", "investigate"]);
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
        assert!(found.iter().any(|c| c.id == c1) && found.iter().all(|c| c.stage == "investigating"), "{q}");
    }
    assert!(s.case_list(Scope::Body(other), &Default::default()).await.unwrap().is_empty());
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
}

async fn a_case_needs_an_item_of_its_body_in_force_and_officers_of_its_body(s: Store) {
    let (b, o1, _) = setup(&s).await;
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    let other = s.execute(&sys(), Command::CreateBody(body("宝坻区城市管理委员会"))).await.unwrap().id;
    let stranger = s.execute(&sys(), Command::CreateOfficer(officer(other, "外单位"))).await.unwrap().id;
    let field_of = |r: Result<zhifa_store::Outcome, StoreError>| match r {
        Err(StoreError::Invalid(i)) => i.errors[0].field.clone(),
        r => panic!("{r:?}"),
    };
    assert_eq!(field_of(s.execute(&sys(), new_case(b, "inspection", "NONE", vec![o1, o2])).await), "power_item_code");
    let item = PowerItemInput {
        body_id: b,
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
    s.execute(&sys(), Command::AddPowerItemVersion(item.validate().unwrap())).await.unwrap();
    // An inspection item cannot be handled as a penalty.
    assert_eq!(field_of(s.execute(&sys(), new_case(b, "penalty_general", "JC-1", vec![o1, o2])).await), "kind");
    assert_eq!(field_of(s.execute(&sys(), new_case(b, "inspection", "JC-1", vec![o1, stranger])).await), "officer_ids");
    let n = s.case_list(Scope::All, &Default::default()).await.unwrap().len();
    assert_eq!(n, 0, "nothing half-written");
    s.execute(&sys(), new_case(b, "inspection", "JC-1", vec![o1, o2])).await.unwrap();
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn body(name: &str) -> ValidBody {
    BodyInput {
        name: name.into(),
        kind: "行政机关".into(),
        area: "天津市宝坻区".into(),
        legal_basis: "《中华人民共和国行政处罚法》第十七条".into(),
        reconsideration_organ: "天津市宝坻区人民政府".into(),
        court: "天津市宝坻区人民法院".into(),
        review_organ: "法制科".into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

fn officer(body_id: i64, name: &str) -> ValidOfficer {
    OfficerInput {
        body_id,
        name: name.into(),
        post: "执法队员".into(),
        domains: vec!["市场监管".into()],
        ..Default::default()
    }
    .validate()
    .unwrap()
}

fn cert(officer_id: i64, number: &str, from: &str, to: &str) -> ValidCertificate {
    CertificateInput {
        officer_id,
        number: number.into(),
        issuer: TIANJIN_GOVERNMENT.into(),
        domain: "市场监管".into(),
        area: "宝坻区".into(),
        valid_from: from.into(),
        valid_to: to.into(),
    }
    .validate()
    .unwrap()
}

async fn counts(s: &Store) -> Vec<(&'static str, i64)> {
    s.table_counts().await.unwrap()
}

async fn setup(s: &Store) -> (i64, i64, i64) {
    let b = s.execute(&sys(), Command::CreateBody(body("宝坻区市场监督管理局"))).await.unwrap().id;
    let o = s.execute(&sys(), Command::CreateOfficer(officer(b, "张明"))).await.unwrap().id;
    let c = s
        .execute(&sys(), Command::CreateCertificate(cert(o, "津12011500001", "2024-01-01", "2030-12-31")))
        .await
        .unwrap()
        .id;
    (b, o, c)
}

/// The journal registry accounts for the whole schema: each table is journaled (declared once
/// with its hashed form) or exempt with its reason, and the registry names no table that does
/// not exist.
async fn every_table_is_journaled_or_exempt_with_a_reason(s: Store) {
    use zhifa_store::journal::{EXEMPT, JOURNALED};
    let tables = s.schema_tables().await.unwrap();
    for t in &tables {
        let journaled = JOURNALED.iter().any(|j| j.name == t);
        let exempt = EXEMPT.iter().any(|e| e.name == t);
        assert!(journaled ^ exempt, "table {t}: journaled {journaled}, exempt {exempt} (exactly one is required)");
    }
    for j in JOURNALED {
        assert!(tables.iter().any(|t| t == j.name), "journaled table {} is not in the schema", j.name);
    }
    for e in EXEMPT {
        assert!(!e.why.is_empty(), "{} has no reason", e.name);
        // case_party_ids exists on SQLite only (the PostgreSQL search uses a JSON index).
        if e.name != "case_party_ids" || s.backend_name() == "sqlite" {
            assert!(tables.iter().any(|t| t == e.name), "exempt table {} is not in the schema", e.name);
        }
    }
}

/// The SQLite and PostgreSQL migrations give the same tables with the same columns, but for
/// the search indexes that are built differently on each (listed with their reason).
#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let Some(pg) = pg_store().await else { return };
    let (lite, _dir) = sqlite_store().await;
    let differ = ["case_search", "case_party_ids"];
    let keep = |ts: Vec<String>| ts.into_iter().filter(|t| !differ.contains(&t.as_str())).collect::<Vec<_>>();
    let (a, b) = (keep(lite.schema_tables().await.unwrap()), keep(pg.schema_tables().await.unwrap()));
    assert_eq!(a, b, "tables differ between SQLite and PostgreSQL");
    for t in &a {
        assert_eq!(
            lite.schema_columns(t).await.unwrap(),
            pg.schema_columns(t).await.unwrap(),
            "columns of {t} differ between SQLite and PostgreSQL"
        );
    }
}

async fn migrations_are_idempotent(s: Store) {
    assert_eq!(s.migrate().await.unwrap(), 0);
}

async fn duplicate_body_name_is_a_conflict(s: Store) {
    s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap();
    let e = s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(ref m) if m.contains("已存在")), "{e:?}");
}

async fn bad_reference_writes_nothing(s: Store) {
    let before = counts(&s).await;
    let mut b = body("某受委托组织");
    b.kind = BodyKind::EntrustedOrganization;
    b.entrusting_body_id = Some(999);
    let e = s.execute(&sys(), Command::CreateBody(b)).await.unwrap_err();
    match e {
        StoreError::Invalid(i) => assert_eq!(i.errors[0].field, "entrusting_body_id"),
        other => panic!("{other:?}"),
    }
    let e = s.execute(&sys(), Command::CreateOfficer(officer(999, "李四"))).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    assert_eq!(before, counts(&s).await);
}

async fn body_scope_is_enforced_on_reads_and_writes(s: Store) {
    let (a, oa, ca) = setup(&s).await;
    let b = s.execute(&sys(), Command::CreateBody(body("宝坻区交通运输局"))).await.unwrap().id;
    let ob = s.execute(&sys(), Command::CreateOfficer(officer(b, "王五"))).await.unwrap().id;
    let actor_a = Actor { user_id: None, scope: Scope::Body(a) };
    let before = counts(&s).await;
    assert!(matches!(
        s.execute(&actor_a, Command::CreateOfficer(officer(b, "赵六"))).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.execute(&actor_a, Command::CreateCertificate(cert(ob, "津12011599999", "2024-01-01", "2030-01-01"))).await,
        Err(StoreError::NotFound(_))
    ));
    // moving one's own officer into another body is a write to that body
    assert!(matches!(
        s.execute(&actor_a, Command::UpdateOfficer { id: oa, officer: officer(b, "张明") }).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(before, counts(&s).await);
    assert!(s.get_officer(Scope::Body(a), ob).await.unwrap().is_none());
    assert!(s.get_officer(Scope::Body(a), oa).await.unwrap().is_some());
    assert!(s.get_certificate(Scope::Body(b), ca).await.unwrap().is_none());
    let list = s.list_officers(Scope::Body(a), &Default::default()).await.unwrap();
    assert!(list.iter().all(|o| o.body_id == a) && list.len() == 1);
    // asking for a foreign body through the filter still yields only the scope
    let f = zhifa_store::reads::OfficerFilter { body_id: Some(b), ..Default::default() };
    assert!(s.list_officers(Scope::Body(a), &f).await.unwrap().is_empty());
    assert_eq!(s.list_officers(Scope::All, &Default::default()).await.unwrap().len(), 2);
}

async fn duplicate_certificate_number_is_a_conflict_and_writes_nothing(s: Store) {
    let (_, o, _) = setup(&s).await;
    let before = counts(&s).await;
    let e = s
        .execute(&sys(), Command::CreateCertificate(cert(o, "津12011500001", "2025-01-01", "2031-01-01")))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(ref m) if m.contains("津12011500001")), "{e:?}");
    assert_eq!(before, counts(&s).await);
}

async fn certificate_status_history_and_final_revocation(s: Store) {
    let (_, _, c) = setup(&s).await;
    let change = |status: &str| {
        StatusChangeInput {
            status: status.into(),
            reason: "违反持证执法规定".into(),
            effective_date: "2026-03-01".into(),
        }
        .validate()
        .unwrap()
    };
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("暂扣") }).await.unwrap();
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("有效") }).await.unwrap();
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("注销") }).await.unwrap();
    let e = s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change: change("有效") }).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].message.contains("已注销")), "{e:?}");
    let (cert, events) = s.get_certificate(Scope::All, c).await.unwrap().unwrap();
    assert_eq!(cert.status, "revoked");
    let path: Vec<_> = events.iter().map(|e| e.to_status.as_str()).collect();
    assert_eq!(path, ["valid", "suspended", "valid", "revoked"]);
    assert_eq!(events[1].reason, "违反持证执法规定");
}

async fn public_certificate_check_shows_effective_status_only(s: Store) {
    let (_, o, _) = setup(&s).await;
    s.execute(&sys(), Command::CreateCertificate(cert(o, "津12011500002", "2020-01-01", "2026-06-30"))).await.unwrap();
    let p = s.public_certificate("津12011500002", d("2026-07-01")).await.unwrap().unwrap();
    assert_eq!(p.status_label, "过期");
    assert_eq!(p.holder, "张明");
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains("id_number") && !json.contains("phone"));
    assert!(s.public_certificate("津00000000000", d("2026-07-01")).await.unwrap().is_none());
}

async fn art37_power_list_versions_in_force_by_date(s: Store) {
    let (b, _, _) = setup(&s).await;
    let item = |kind: &str, from: &str, name: &str| {
        PowerItemInput {
            body_id: b,
            code: "330217001000".into(),
            name: name.into(),
            category: "行政处罚".into(),
            legal_basis: vec!["《中华人民共和国食品安全法》第一百二十四条".into()],
            procedure: "一般程序".into(),
            time_limit_days: Some(90),
            time_limit_working: false,
            hearing: false,
            remedy: "行政复议或行政诉讼".into(),
            effective_from: from.into(),
            change_kind: kind.into(),
            change_reason: "依法调整".into(),
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    s.execute(&sys(), Command::AddPowerItemVersion(item("立", "2020-01-01", "旧名称"))).await.unwrap();
    s.execute(&sys(), Command::AddPowerItemVersion(item("改", "2022-01-01", "新名称"))).await.unwrap();
    let e = s.execute(&sys(), Command::AddPowerItemVersion(item("改", "2021-06-01", "改写历史"))).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].field == "effective_from"), "{e:?}");
    s.execute(&sys(), Command::AddPowerItemVersion(item("废", "2025-01-01", "新名称"))).await.unwrap();
    assert_eq!(s.power_items_in_force(b, d("2019-12-31")).await.unwrap().len(), 0);
    assert_eq!(s.power_items_in_force(b, d("2021-01-01")).await.unwrap()[0].name, "旧名称");
    assert_eq!(s.power_items_in_force(b, d("2023-01-01")).await.unwrap()[0].name, "新名称");
    assert_eq!(s.power_items_in_force(b, d("2025-01-01")).await.unwrap().len(), 0);
    let h = s.power_item_history(b, "330217001000").await.unwrap();
    assert_eq!(h.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(h[0].legal_refs()[0].article, "第一百二十四条");
}

async fn reviewer_ratio_5_percent_floor(s: Store) {
    let (b, o, _) = setup(&s).await;
    for i in 0..20 {
        s.execute(&sys(), Command::CreateOfficer(officer(b, &format!("队员{i}")))).await.unwrap();
    }
    let r = s.reviewer_ratios(Scope::All).await.unwrap();
    assert_eq!((r[0].officers, r[0].reviewers, r[0].meets_floor), (21, 0, false));
    // 《行政处罚法》第五十八条第二款: a first-time reviewer without the legal qualification is
    // refused, nothing written.
    match s
        .execute(
            &sys(),
            Command::DesignateReviewer { officer_id: o, kind: ReviewerKind::Staff, since: d("2025-01-01") },
        )
        .await
    {
        Err(StoreError::Invalid(i)) => assert!(i.errors[0].message.contains("第五十八条第二款"), "{i}"),
        r => panic!("{r:?}"),
    }
    assert_eq!(s.reviewer_ratios(Scope::All).await.unwrap()[0].reviewers, 0);
    let mut q = officer(b, "有资格者");
    q.legal_qualification_no = Some("A20180000000001".into());
    let qualified = s.execute(&sys(), Command::CreateOfficer(q)).await.unwrap().id;
    s.execute(
        &sys(),
        Command::DesignateReviewer { officer_id: qualified, kind: ReviewerKind::Staff, since: d("2025-01-01") },
    )
    .await
    .unwrap();
    // Reviewing since before the article took effect.
    s.execute(&sys(), Command::DesignateReviewer { officer_id: o, kind: ReviewerKind::Staff, since: d("2020-01-01") })
        .await
        .unwrap();
    let r = s.reviewer_ratios(Scope::Body(b)).await.unwrap();
    assert_eq!((r[0].officers, r[0].reviewers, r[0].meets_floor), (20, 2, true));
    let e = s
        .execute(
            &sys(),
            Command::DesignateReviewer { officer_id: o, kind: ReviewerKind::Staff, since: d("2020-01-01") },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)));
}

async fn every_change_has_one_journal_entry_with_previous_hash(s: Store) {
    let (b, o, _) = setup(&s).await;
    let mut changed = officer(b, "张明");
    changed.post = "执法科长".into();
    s.execute(&sys(), Command::UpdateOfficer { id: o, officer: changed }).await.unwrap();
    let log = s.recent_changes(Scope::All, 100).await.unwrap();
    let kinds: Vec<_> = log.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["body.create", "officer.create", "certificate.create", "certificate.event", "officer.update"]);
    let (update, create) = (&log[0], &log[3]);
    assert_eq!(update.prev_hash.as_deref(), Some(create.content_hash.as_str()));
    assert_ne!(update.content_hash, create.content_hash);
    assert!(log.windows(2).all(|w| w[0].seq > w[1].seq));
}

async fn sessions_revocation_and_login_lockout(s: Store) {
    let (b, _, _) = setup(&s).await;
    let uid = s
        .execute(
            &sys(),
            Command::CreateUser {
                username: "zhang".into(),
                display_name: "张明".into(),
                password_hash: "$argon2id$x".into(),
                role: Role::Officer,
                body_id: Some(b),
                officer_id: None,
            },
        )
        .await
        .unwrap()
        .id;
    s.create_session("h1", uid, "csrf", Duration::hours(8), Some("127.0.0.1")).await.unwrap();
    assert!(s.live_session("h1").await.unwrap().is_some());
    s.revoke_session("h1").await.unwrap();
    assert!(s.live_session("h1").await.unwrap().is_none());
    s.create_session("h2", uid, "csrf", Duration::hours(8), None).await.unwrap();
    s.execute(&sys(), Command::SetUserActive { id: uid, active: false }).await.unwrap();
    assert!(s.live_session("h2").await.unwrap().is_none());
    for i in 1..=5 {
        assert_eq!(s.record_login_failure(uid, 5, Duration::minutes(15)).await.unwrap(), i);
    }
    assert!(s.user_by_id(uid).await.unwrap().unwrap().locked_until.is_some());
    s.record_login_success(uid).await.unwrap();
    assert_eq!(s.user_by_id(uid).await.unwrap().unwrap().failed_logins, 0);
    let e = s
        .execute(
            &sys(),
            Command::CreateUser {
                username: "x".into(),
                display_name: "x".into(),
                password_hash: "h".into(),
                role: Role::Officer,
                body_id: None,
                officer_id: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(ref i) if i.errors[0].field == "body_id"));
}

async fn a_batch_is_all_or_nothing(s: Store) {
    let (b, o, _) = setup(&s).await;
    let before = counts(&s).await;
    let cmds = vec![
        Command::CreateOfficer(officer(b, "甲")),
        Command::CreateCertificate(cert(o, "津12011500077", "2025-01-01", "2030-01-01")),
        Command::CreateCertificate(cert(o, "津12011500001", "2025-01-01", "2030-01-01")),
    ];
    let (index, e) = s.execute_batch(&sys(), cmds, |_| {}).await.unwrap_err();
    assert_eq!(index, 2);
    assert!(matches!(e, StoreError::Conflict(_)));
    assert_eq!(before, counts(&s).await, "the first two were rolled back");
    let done = std::sync::atomic::AtomicUsize::new(0);
    let cmds = vec![Command::CreateOfficer(officer(b, "乙")), Command::CreateOfficer(officer(b, "丙"))];
    let outs = s.execute_batch(&sys(), cmds, |n| done.store(n, std::sync::atomic::Ordering::SeqCst)).await.unwrap();
    assert_eq!(outs.len(), 2);
    assert_eq!(done.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert!(outs[1].seq > outs[0].seq);
}

async fn every_journal_entry_is_a_leaf_and_proofs_verify(s: Store) {
    let (b, o, _) = setup(&s).await;
    for i in 0..9 {
        s.execute(&sys(), Command::CreateOfficer(officer(b, &format!("叶{i}")))).await.unwrap();
    }
    let mut changed = officer(b, "张明");
    changed.post = "科长".into();
    s.execute(&sys(), Command::UpdateOfficer { id: o, officer: changed }).await.unwrap();
    let alg = s.ledger_info().unwrap().alg;
    let n = s.tree_size().await.unwrap();
    let journal = counts(&s).await.into_iter().find(|(t, _)| *t == "change_log").unwrap().1 as u64;
    assert_eq!(n, journal, "one leaf per journal entry");
    // Rebuild the tree from the entries themselves: same root as the stored nodes give.
    let entries = s.ledger_entries(0, 1000).await.unwrap();
    let mut t = MemoryTree::new(alg);
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e.leaf_index, Some(i as i64), "leaf numbers have no gaps");
        assert_eq!(t.push(&e.encode()), i as u64);
        assert_eq!(e.leaf_hash.as_deref(), Some(&t.leaf_hash(i as u64)[..]));
    }
    for size in 1..=n {
        assert_eq!(s.root_at(size).await.unwrap(), t.root_at(size), "root at {size}");
    }
    let root = s.root_at(n).await.unwrap();
    for i in 0..n {
        let p = s.inclusion_proof(i, n).await.unwrap();
        verify_inclusion(alg, i, n, &t.leaf_hash(i), &p, &root).unwrap();
    }
    for m in 1..n {
        let p = s.consistency_proof(m, n).await.unwrap();
        verify_consistency(alg, m, n, &s.root_at(m).await.unwrap(), &root, &p).unwrap();
    }
    assert!(matches!(s.inclusion_proof(n, n).await, Err(StoreError::NotFound(_))));
    // A failed write leaves no leaf behind.
    let before = s.tree_size().await.unwrap();
    assert!(
        s.execute(&sys(), Command::CreateCertificate(cert(o, "津12011500001", "2025-01-01", "2030-01-01")))
            .await
            .is_err()
    );
    assert_eq!(before, s.tree_size().await.unwrap());
}

async fn checkpoints_advance_once_by_compare_and_swap(s: Store) {
    use zhifa_store::zhifa_ledger::note::{Checkpoint, Ed25519Signer, NoteSigner, Sm2Signer};
    let (b, _, _) = setup(&s).await;
    let origin = s.ledger_info().unwrap().origin.clone();
    let ed = Ed25519Signer::from_seed(&origin, &[1u8; 32]);
    let sm = Sm2Signer::from_secret(&origin, &[2u8; 32]).unwrap();
    let signers: [&dyn NoteSigner; 2] = [&ed, &sm];
    // Two checkpointers at once (as two server processes would): exactly one writes.
    let (x, y) = tokio::join!(s.checkpoint(&signers), s.checkpoint(&signers));
    let written: Vec<_> = [x.unwrap(), y.unwrap()].into_iter().flatten().collect();
    assert_eq!(written.len(), 1, "one checkpoint for one tree size");
    assert!(s.checkpoint(&signers).await.unwrap().is_none(), "nothing new to sign");
    let latest = s.latest_checkpoint().await.unwrap().unwrap();
    let cp = Checkpoint::open(&latest.note, &[ed.verifier_key(), sm.verifier_key()]).unwrap();
    assert_eq!(cp.size, s.tree_size().await.unwrap());
    assert_eq!(cp.root, s.root_at(cp.size).await.unwrap());
    // The next checkpoint is consistent with the first.
    s.execute(&sys(), Command::CreateOfficer(officer(b, "后来者"))).await.unwrap();
    let next = s.checkpoint(&signers).await.unwrap().unwrap();
    let alg = s.ledger_info().unwrap().alg;
    let proof = s.consistency_proof(latest.size as u64, next.size as u64).await.unwrap();
    verify_consistency(alg, latest.size as u64, next.size as u64, &latest.root, &next.root, &proof).unwrap();
    assert_eq!(s.checkpoints().await.unwrap().len(), 2);
}

use zhifa_store::zhifa_ledger::note::{Ed25519Signer, NoteSigner, Sm2Signer, VerifierKey};

struct Keys(Ed25519Signer, Sm2Signer);

impl Keys {
    fn new(s: &Store) -> Keys {
        let origin = s.ledger_info().unwrap().origin.clone();
        Keys(Ed25519Signer::from_seed(&origin, &[5u8; 32]), Sm2Signer::from_secret(&origin, &[6u8; 32]).unwrap())
    }
    fn signers(&self) -> [&dyn NoteSigner; 2] {
        [&self.0, &self.1]
    }
    fn verifiers(&self) -> Vec<VerifierKey> {
        vec![self.0.verifier_key(), self.1.verifier_key()]
    }
}

/// Writes through every command kind, signs a checkpoint; returns (keys, officer id).
async fn busy_ledger(s: &Store) -> (Keys, i64) {
    let (b, o, c) = setup(s).await;
    s.execute(
        &sys(),
        Command::AddTraining {
            officer_id: o,
            training: TrainingInput {
                date: "2026-03-01".into(),
                title: "培训".into(),
                hours: Some(8),
                exam_score: Some(90),
            }
            .validate()
            .unwrap(),
        },
    )
    .await
    .unwrap();
    s.execute(
        &sys(),
        Command::AddTraining {
            officer_id: o,
            training: TrainingInput {
                date: "2026-04-01".into(),
                title: "考试".into(),
                hours: None,
                exam_score: Some(88),
            }
            .validate()
            .unwrap(),
        },
    )
    .await
    .unwrap();
    let change =
        StatusChangeInput { status: "暂扣".into(), reason: "核查".into(), effective_date: "2026-03-02".into() }
            .validate()
            .unwrap();
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change }).await.unwrap();
    s.execute(&sys(), Command::DesignateReviewer { officer_id: o, kind: ReviewerKind::Staff, since: d("2020-01-01") })
        .await
        .unwrap();
    let item = PowerItemInput {
        body_id: b,
        code: "X-1".into(),
        name: "检查".into(),
        category: "行政检查".into(),
        legal_basis: vec!["行政处罚法 第五十五条".into()],
        procedure: "检查程序".into(),
        remedy: "复议".into(),
        effective_from: "2026-01-01".into(),
        change_kind: "立".into(),
        change_reason: "新设".into(),
        ..Default::default()
    };
    s.execute(&sys(), Command::AddPowerItemVersion(item.validate().unwrap())).await.unwrap();
    let u = s
        .execute(
            &sys(),
            Command::CreateUser {
                username: "u1".into(),
                display_name: "用户".into(),
                password_hash: "h".into(),
                role: Role::Officer,
                body_id: Some(b),
                officer_id: Some(o),
            },
        )
        .await
        .unwrap()
        .id;
    signer_for(s, u, 4).await;
    s.execute(&sys(), Command::SetUserActive { id: u, active: false }).await.unwrap();
    let view = Command::RecordAccess {
        object_table: "officers".into(),
        object_id: o,
        body_id: Some(b),
        ip: Some("127.0.0.1".into()),
        purpose: Some("案卷评查".into()),
    };
    s.execute(&Actor { user_id: Some(u), scope: Scope::Body(b) }, view).await.unwrap();
    let ev = s.execute(&sys(), add_evidence(b, o, "ab")).await.unwrap().id;
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    let case = s.execute(&sys(), new_case(b, "inspection", "X-1", vec![o, o2])).await.unwrap().id;
    s.execute(&sys(), step(case, "start_inspection", Role::Officer, Some(o), |_| {})).await.unwrap();
    let list = zhifa_core::review::ListItem {
        power_item_code: Some("X-1".into()),
        case_kind: None,
        description: "检查".into(),
    };
    let file_list = Command::FileReviewList {
        body_id: b,
        items: vec![list],
        effective_from: d("2026-01-01"),
        review_days: None,
        reason: "制定".into(),
    };
    s.execute(&sys(), file_list).await.unwrap();
    let spot = serde_json::json!([{"code": "SJ-1", "name": "抽查", "power_item_code": "X-1", "object": "经营者", "method": "现场检查",
        "content": "证照", "basis": ["食品安全法 第一百一十条"], "ratio_percent": 5, "frequency": "每年一次"}]);
    let (list, reason) = zhifa_core::lists::validate(zhifa_core::lists::ListKind::SpotCheck, spot, "制定").unwrap();
    s.execute(&sys(), Command::FileBodyList { body_id: b, list, effective_from: d("2026-01-01"), reason })
        .await
        .unwrap();
    let marks = zhifa_core::review::Marks { complex: true, ..Default::default() };
    s.execute(&sys(), Command::MarkCaseForReview { case_id: case, marks, reason: "多个法律关系".into() })
        .await
        .unwrap();
    let submission = zhifa_core::review::SubmissionInput {
        proposal: "责令改正".into(),
        facts: "检查发现问题".into(),
        evidence: vec!["检查笔录".into()],
        legal_basis: vec!["《行政处罚法》第五十五条".into()],
        discretion: "无".into(),
        note: String::new(),
    };
    let submit = Command::Review {
        case_id: case,
        action: zhifa_store::review::ReviewAction::Submit(submission),
        role: Role::Officer,
        officer_id: Some(o),
        signer: None,
    };
    s.execute(&sys(), submit).await.unwrap();
    // An inspection's result starts a publication task (20 working days), confirmed at once.
    // (张明's certificate is suspended above: two others inspect.)
    let o3 = s.execute(&sys(), Command::CreateOfficer(officer(b, "赵敏"))).await.unwrap().id;
    for (who, number) in [(o2, "津12011500002"), (o3, "津12011500003")] {
        s.execute(&sys(), Command::CreateCertificate(cert(who, number, "2024-01-01", "2030-12-31"))).await.unwrap();
    }
    s.execute(
        &sys(),
        step(case, "inspect", Role::Officer, Some(o2), move |i| {
            i.officer_ids = vec![o2, o3];
            i.place = Some("宝坻区某路1号".into());
        }),
    )
    .await
    .unwrap();
    s.execute(
        &sys(),
        step(case, "inspection_result", Role::Officer, Some(o), |i| i.result = Some("未发现问题".into())),
    )
    .await
    .unwrap();
    let task = s.case_publications(case).await.unwrap().pop().unwrap();
    assert_eq!((task.category.as_str(), task.status.as_str()), ("other", "pending"));
    let (_, proposal) = s.publication_proposal(task.id, Scope::All).await.unwrap();
    s.execute(&sys(), Command::PublishDecision { id: task.id, text: proposal.proposed.text }).await.unwrap();
    // A document of the case (numbered, its PDF kept), an adapted template filed, and the
    // four-property report of a package.
    use zhifa_core::doc::DocKind;
    let order = Command::IssueDocument { case_id: case, kind: DocKind::RectificationOrder, step_id: None };
    s.execute(&sys(), order).await.unwrap();
    let content = format!("{}\n", zhifa_core::doc::standard_template(DocKind::RectificationOrder));
    let template =
        Command::FileTemplate { body_id: b, kind: DocKind::RectificationOrder, content, note: "调整落款".into() };
    s.execute(&sys(), template).await.unwrap();
    let number = s.case(Scope::All, case).await.unwrap().unwrap().number;
    let report = zhifa_core::archive::Report {
        case_number: number.clone(),
        checked_at: "2026-03-20T02:00:00Z".into(),
        occasion: "按需".into(),
        checks: Vec::new(),
        passed: true,
    };
    let archived = Command::RecordArchiveReport {
        case_id: Some(case),
        body_id: Some(b),
        case_number: number,
        occasion: "按需".into(),
        report: Box::new(report),
        package_sm3: "0".repeat(64),
        package_size: 1,
    };
    s.execute(&sys(), archived).await.unwrap();
    let year = r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
    let import =
        Command::ImportHolidays { year: 2027, schedule: year.into(), source: "国办发明电〔2026〕12号".into() };
    s.execute(&sys(), import).await.unwrap();
    let ask = Command::RequestEvidenceDeletion { evidence_id: ev, reason: "重复上传".into() };
    s.execute(&Actor { user_id: Some(u), scope: Scope::Body(b) }, ask).await.unwrap();
    let mut changed = body("宝坻区市场监督管理局");
    changed.phone = Some("022-29240000".into());
    s.execute(&sys(), Command::UpdateBody { id: b, body: changed }).await.unwrap();
    // The year's statistics report, drafted as after year end, with a correction.
    let (year, new_year) = this_year_and_next_new_year();
    s.execute(&sys(), Command::DraftAnnualReports { year, today: new_year }).await.unwrap();
    let report = s.annual_reports(year, Scope::All).await.unwrap().into_iter().find(|r| r.body_id == Some(b)).unwrap();
    let fix = Command::EditAnnualReport {
        id: report.id,
        metric: "litigation.total".into(),
        value: 0,
        reason: "本年度无行政诉讼".into(),
    };
    s.execute(&sys(), fix).await.unwrap();
    let keys = Keys::new(s);
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    (keys, o)
}

/// The current year (Asia/Shanghai) and the 1 January after it.
fn this_year_and_next_new_year() -> (i32, NaiveDate) {
    use chrono::Datelike;
    let year = zhifa_core::time::shanghai_date(chrono::Utc::now()).year();
    (year, NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap())
}

/// 行政执法统计年报 (seed §二(三)6): drafted only after the year, once; counted from the year's
/// cases; a reported figure must be confirmed before publication; corrections keep the old value
/// and the reason; the district's report waits for every body and is their sum.
async fn annual_reports_are_drafted_corrected_and_published(s: Store) {
    let s = &s;
    let (b, o, _) = setup(s).await;
    let b2 = s.execute(&sys(), Command::CreateBody(body("宝坻区生态环境局"))).await.unwrap().id;
    s.execute(&sys(), penalty_item(b)).await.unwrap();
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    for _ in 0..2 {
        s.execute(&sys(), new_case(b, "penalty_general", "CF-1", vec![o, o2])).await.unwrap();
    }
    let (year, new_year) = this_year_and_next_new_year();
    let early = Command::DraftAnnualReports { year, today: new_year - Duration::days(1) };
    let e = s.execute(&sys(), early).await.unwrap_err();
    assert!(e.to_string().contains("年度尚未结束"), "{e}");
    let body_actor = Actor { user_id: None, scope: Scope::Body(b) };
    let e = s.execute(&body_actor, Command::DraftAnnualReports { year, today: new_year }).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e}");
    s.execute(&sys(), Command::DraftAnnualReports { year, today: new_year }).await.unwrap();
    let e = s.execute(&sys(), Command::DraftAnnualReports { year, today: new_year }).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "drafted once: {e}");
    let all = s.annual_reports(year, Scope::All).await.unwrap();
    assert_eq!(all.len(), 3, "two bodies and the district");
    assert_eq!(all[0].scope, "district");
    let mine = all.iter().find(|r| r.body_id == Some(b)).unwrap().clone();
    assert_eq!(mine.figures()["cases.penalty_general"], 2);
    assert_eq!(mine.due_on, NaiveDate::from_ymd_opt(year + 1, 1, 31).unwrap());
    assert_eq!(s.annual_reports(year, Scope::Body(b2)).await.unwrap().len(), 2, "its own and the district's");

    // Publication waits for the reported totals; the district for every body.
    let e = s.execute(&sys(), Command::PublishAnnualReport { id: mine.id }).await.unwrap_err();
    assert!(e.to_string().contains("被申请行政复议（已办结）") && e.to_string().contains("行政诉讼（已审结）"), "{e}");
    let district = all[0].id;
    let e = s.execute(&sys(), Command::PublishAnnualReport { id: district }).await.unwrap_err();
    assert!(e.to_string().contains("尚有2个执法主体的年报未公开"), "{e}");
    let e = s
        .execute(
            &body_actor,
            Command::EditAnnualReport { id: district, metric: "hearings".into(), value: 1, reason: "x".into() },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "the district's report is not a body's: {e}");
    let edit = |id, metric: &str, value, reason: &str| Command::EditAnnualReport {
        id,
        metric: metric.into(),
        value,
        reason: reason.into(),
    };
    let e = s.execute(&body_actor, edit(mine.id, "nonsense", 1, "")).await.unwrap_err();
    assert!(e.to_string().contains("指标“nonsense”不存在") && e.to_string().contains("更正理由不能为空"), "{e}");
    for (id, actor) in [(mine.id, body_actor), (all.iter().find(|r| r.body_id == Some(b2)).unwrap().id, sys())] {
        s.execute(&actor, edit(id, "reconsideration.total", 3, "据区政府行政复议决定书统计")).await.unwrap();
        s.execute(&actor, edit(id, "litigation.total", 0, "本年度无行政诉讼案件")).await.unwrap();
        s.execute(&actor, Command::PublishAnnualReport { id }).await.unwrap();
    }
    let e = s.execute(&sys(), Command::PublishAnnualReport { id: mine.id }).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");
    // A correction after publication is kept with the value it replaced.
    s.execute(&body_actor, edit(mine.id, "penalty.fines", 1_250_000, "补录系统上线前纸质案卷的罚款")).await.unwrap();
    let file = s.annual_report(mine.id, Scope::Body(b)).await.unwrap().unwrap();
    assert_eq!(file.edits.len(), 3);
    assert_eq!((file.edits[2].old_value, file.edits[2].new_value), (0, 1_250_000));
    assert_eq!(file.report.compiled()["penalty.fines"], 0, "what the data said is kept");
    assert!(s.annual_report(mine.id, Scope::Body(b2)).await.unwrap().is_none(), "another body's report");
    s.execute(&sys(), Command::PublishAnnualReport { id: district }).await.unwrap();
    let published = s.published_annual_reports(year).await.unwrap();
    assert_eq!(published.len(), 3);
    let sum = published[0].report.figures();
    assert_eq!((sum["reconsideration.total"], sum["cases.penalty_general"]), (6, 2));
    assert_eq!(s.annual_report_years().await.unwrap(), vec![i64::from(year)]);
}

async fn problems(s: &Store, keys: &Keys, outside: Option<&str>) -> Vec<String> {
    s.verify(&keys.verifiers(), outside, &|_, _, _| {}).await.unwrap().problems
}

fn assert_named(problems: &[String], needle: &str) {
    assert!(problems.iter().any(|p| p.contains(needle)), "expected a problem containing {needle:?}, got {problems:#?}");
}

/// Every table of enforcement and account data is written only with its ledger entry: after
/// a run through every command, each row of every table matches its latest entry.
async fn verify_passes_on_every_table_written_through_the_one_path(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    let r = s.verify(&keys.verifiers(), None, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    let journaled = |t: &str| zhifa_store::journal::JOURNALED.iter().any(|j| j.name == t);
    let data_rows: i64 = counts(&s).await.iter().filter(|(t, _)| journaled(t)).map(|(_, n)| n).sum();
    assert_eq!(r.rows as i64, data_rows, "verify read every row of every journaled table");
    for (t, n) in counts(&s).await {
        assert!(n > 0, "the run wrote into {t}");
    }
}

async fn verify_names_a_row_updated_behind_the_ledger(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    s.execute_raw_for_tests(&format!("UPDATE officers SET name = '篡改' WHERE id = {o}")).await.unwrap();
    assert_named(&problems(&s, &keys, None).await, &format!("表 officers 第 {o} 行与账本第"));
}

async fn verify_names_a_row_deleted(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    s.execute_raw_for_tests("DELETE FROM officer_training WHERE id = (SELECT MIN(id) FROM officer_training)")
        .await
        .unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 officer_training 第 1 行已不存在");
}

async fn verify_names_a_row_inserted_without_entry(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    s.execute_raw_for_tests("INSERT INTO officer_training (officer_id, date, title, hours, exam_score, created_at) SELECT officer_id, date, '伪造', hours, exam_score, created_at FROM officer_training WHERE id = 1").await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 officer_training 第 3 行没有账本条目");
}

async fn verify_names_two_entries_swapped(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    for sql in [
        "UPDATE change_log SET leaf_index = -1 WHERE leaf_index = 1",
        "UPDATE change_log SET leaf_index = 1 WHERE leaf_index = 2",
        "UPDATE change_log SET leaf_index = 2 WHERE leaf_index = -1",
    ] {
        s.execute_raw_for_tests(sql).await.unwrap();
    }
    assert_named(&problems(&s, &keys, None).await, "与已签名检查点不符");
}

async fn verify_names_an_entry_edited_and_rehashed_but_not_resigned(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    // Edit entry 3 and store its new leaf hash, as a careful forger would.
    let mut e = s.ledger_entry(3).await.unwrap().unwrap();
    e.kind = "officer.forged".into();
    let leaf = s.ledger_info().unwrap().alg.leaf(&e.encode());
    let hex: String = leaf.iter().map(|b| format!("{b:02x}")).collect();
    let blob = match s.backend_name() {
        "postgres" => format!("'\\x{hex}'::bytea"),
        _ => format!("X'{hex}'"),
    };
    s.execute_raw_for_tests(&format!(
        "UPDATE change_log SET kind = 'officer.forged', leaf_hash = {blob} WHERE leaf_index = 3"
    ))
    .await
    .unwrap();
    let p = problems(&s, &keys, None).await;
    assert!(!p.iter().any(|x| x.contains("叶子哈希不符")), "the leaf itself was made consistent: {p:#?}");
    assert_named(&p, "与已签名检查点不符");
}

async fn verify_names_a_forged_checkpoint(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    // Sign a checkpoint with another key pair and store it as if it were ours.
    let origin = s.ledger_info().unwrap().origin.clone();
    let other =
        Keys(Ed25519Signer::from_seed(&origin, &[7u8; 32]), Sm2Signer::from_secret(&origin, &[8u8; 32]).unwrap());
    let size = s.tree_size().await.unwrap();
    let root = s.root_at(size).await.unwrap();
    let forged = zhifa_store::zhifa_ledger::note::Checkpoint { origin, size, root, hash: s.ledger_info().unwrap().alg }
        .sign(&other.signers())
        .unwrap();
    s.execute_raw_for_tests(&format!("UPDATE checkpoints SET note = '{}'", forged.replace('\'', "''"))).await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "签名无效");
}

async fn verify_names_a_rollback_against_a_published_checkpoint(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    // The newest checkpoint is published (handed to the justice bureau, printed, …).
    s.execute(
        &sys(),
        Command::AddTraining {
            officer_id: o,
            training: TrainingInput { date: "2026-05-01".into(), title: "后续".into(), ..Default::default() }
                .validate()
                .unwrap(),
        },
    )
    .await
    .unwrap();
    let published = s.checkpoint(&keys.signers()).await.unwrap().unwrap().note;
    // The database is put back to an older state: the last entries and the newer checkpoint
    // vanish together, as with a restored backup.
    let n = s.tree_size().await.unwrap() as i64;
    for sql in [
        format!("DELETE FROM merkle_nodes WHERE idx >= 0 AND level = 0 AND idx >= {}", n - 1),
        format!("DELETE FROM change_log WHERE leaf_index >= {}", n - 1),
        format!("DELETE FROM checkpoints WHERE size = {n}"),
        format!("UPDATE ledger_meta SET tree_size = {}, checkpoint_size = {}", n - 1, n - 1),
        "DELETE FROM officer_training WHERE title = '后续'".to_string(),
    ] {
        s.execute_raw_for_tests(&sql).await.unwrap();
    }
    assert!(
        problems(&s, &keys, None).await.iter().all(|p| !p.contains("回滚")),
        "without the published checkpoint the rollback is invisible"
    );
    assert_named(&problems(&s, &keys, Some(&published)).await, "数据库被替换为更早的副本");
}

/// Group commit: concurrent changes share one transaction, yet a refused change is rolled
/// back alone (its savepoint) and the others are written with their ledger leaves.
async fn concurrent_changes_share_a_commit_but_fail_alone(s: Store) {
    let (_, o, _) = setup(&s).await;
    let before = s.tree_size().await.unwrap();
    let mut handles = Vec::new();
    for i in 0..30 {
        let s = s.clone();
        let number = if i == 7 { "津12011500001".to_string() } else { format!("津1201158{i:04}") };
        handles.push(tokio::spawn(async move {
            s.execute(&Actor::system(), Command::CreateCertificate(cert(o, &number, "2025-01-01", "2030-01-01"))).await
        }));
    }
    let mut ok = 0;
    for (i, h) in handles.into_iter().enumerate() {
        match h.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict(m)) => assert!(i == 7 && m.contains("津12011500001"), "{i}: {m}"),
            Err(e) => panic!("{i}: {e:?}"),
        }
    }
    assert_eq!(ok, 29);
    // Each certificate brings two entries (the certificate and its first event).
    assert_eq!(s.tree_size().await.unwrap(), before + 58);
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    assert!(problems(&s, &keys, None).await.is_empty());
}

/// 调阅监督 (seed §三(四)2): a view is recorded with who, when, where and why, in the ledger,
/// and listed by record and by user.
async fn every_view_of_a_protected_record_is_in_the_ledger(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    let by_record = s.access_history(Some(("officers", o)), None, 10).await.unwrap();
    assert_eq!(by_record.len(), 1);
    assert_eq!(by_record[0].purpose.as_deref(), Some("案卷评查"));
    let user = by_record[0].user_id.unwrap();
    assert_eq!(s.access_history(None, Some(user), 10).await.unwrap().len(), 1);
    assert!(s.access_history(Some(("officers", o + 1000)), None, 10).await.unwrap().is_empty());
    let log = s.recent_changes(Scope::All, 100).await.unwrap();
    assert!(log.iter().any(|e| e.kind == "access.view" && e.object_table == "access_log"));
    // A view erased afterwards is named by verify.
    s.execute_raw_for_tests("DELETE FROM access_log").await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 access_log 第 1 行已不存在");
}

/// `verify --since`: starts from the stored edge at a signed checkpoint, re-hashes only later
/// entries and checks the rows they touched; a bad starting point is refused.
async fn verify_since_a_checkpoint_checks_only_what_came_after(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    let since = s.tree_size().await.unwrap();
    let training =
        TrainingInput { date: "2026-05-01".into(), title: "复训".into(), hours: Some(2), exam_score: None };
    s.execute(&sys(), Command::AddTraining { officer_id: o, training: training.validate().unwrap() }).await.unwrap();
    s.execute(&sys(), Command::AddTraining { officer_id: o, training: training.validate().unwrap() }).await.unwrap();
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    let r = s.verify_since(&keys.verifiers(), None, since, &|_, _, _| {}).await.unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.entries, r.rows), (2, 2), "only the two new entries and their rows");
    // A size without a checkpoint is refused, naming the field.
    match s.verify_since(&keys.verifiers(), None, since - 1, &|_, _, _| {}).await {
        Err(StoreError::Invalid(i)) => assert_eq!(i.errors[0].field, "since"),
        r => panic!("{r:?}"),
    }
    // A row written since, changed behind the ledger, is named.
    s.execute_raw_for_tests(
        "UPDATE officer_training SET title = '篡改' WHERE id = (SELECT MAX(id) FROM officer_training)",
    )
    .await
    .unwrap();
    let r = s.verify_since(&keys.verifiers(), None, since, &|_, _, _| {}).await.unwrap();
    assert_named(&r.problems, "表 officer_training 第 4 行与账本第");
    // Stored nodes before the starting point that no longer match its checkpoint stop it.
    s.execute_raw_for_tests("UPDATE merkle_nodes SET hash = hash || hash WHERE level = 0 AND idx = 0").await.unwrap();
    let size = since;
    let top = 63 - size.leading_zeros();
    let sql = format!(
        "UPDATE merkle_nodes SET hash = (SELECT hash FROM merkle_nodes WHERE level = 0 AND idx = 1) WHERE level = {top} AND idx = 0"
    );
    s.execute_raw_for_tests(&sql).await.unwrap();
    let r = s.verify_since(&keys.verifiers(), None, since, &|_, _, _| {}).await.unwrap();
    assert_named(&r.problems, "存储节点与已签名检查点不符");
}

/// Checkpoints are bounded by count as well as time: once the batch of entries waits, the
/// checkpointer is woken; a checkpoint reports how long each acknowledged write waited for it.
async fn a_burst_of_writes_calls_for_a_checkpoint_before_the_interval(s: Store) {
    let (_, o, _) = setup(&s).await;
    let keys = Keys::new(&s);
    s.checkpoint(&keys.signers()).await.unwrap();
    s.watch.checkpointed(s.tree_size().await.unwrap());
    s.watch.set_batch(5);
    let woken = {
        let watch = s.watch.clone();
        tokio::spawn(async move { watch.batch_full().await })
    };
    for i in 0..5 {
        let t = TrainingInput { date: "2026-06-01".into(), title: format!("第{i}期"), hours: None, exam_score: None };
        s.execute(&sys(), Command::AddTraining { officer_id: o, training: t.validate().unwrap() }).await.unwrap();
    }
    tokio::time::timeout(std::time::Duration::from_secs(5), woken).await.expect("woken by the batch").unwrap();
    let cp = s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    let lags = s.watch.checkpointed(cp.size as u64);
    assert_eq!(lags.iter().map(|l| l.1).sum::<u64>(), 5, "every acknowledged write is covered");
}

/// A body with a general-procedure penalty case handled by `o1` and `o2` (`o2` also a
/// reviewer, who must recuse), a reviewer `r`, and users for the handling officer, the
/// reviewer and the head.
struct ReviewFixture {
    b: i64,
    c: i64,
    o1: i64,
    o2: i64,
    r: i64,
    officer_user: i64,
    reviewer_user: i64,
    head_user: i64,
    /// each user's opened signing key, by role
    signers: Vec<(Role, zhifa_store::review::Signer)>,
}

/// A second certified officer of body `b` (李强), for the two-officer rule.
async fn second_officer(s: &Store, b: i64) -> i64 {
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    o2
}

/// Makes and journals a signing key for `user` (the password-derived key is a constant here:
/// the derivation is the web layer's).
async fn signer_for(s: &Store, user: i64, seed: u8) -> zhifa_store::review::Signer {
    let kek = [seed.wrapping_mul(7); 32];
    let seed = [seed; 32];
    let key = zhifa_store::zhifa_ledger::personal::wrap(&seed, &kek);
    let actor = Actor { user_id: Some(user), scope: Scope::All };
    let key_id =
        s.execute(&actor, Command::RegisterSigningKey { user_id: user, key, salt: "00".into() }).await.unwrap().id;
    zhifa_store::review::Signer { key: zhifa_store::review::SignerKey::Registered(key_id), seed }
}

impl ReviewFixture {
    async fn new(s: &Store) -> ReviewFixture {
        let (b, o1, _) = setup(s).await;
        let o2 = second_officer(s, b).await;
        let mut q = officer(b, "周审");
        q.legal_qualification_no = Some("A20180000000001".into());
        let r = s.execute(&sys(), Command::CreateOfficer(q)).await.unwrap().id;
        s.execute(
            &sys(),
            Command::DesignateReviewer { officer_id: r, kind: ReviewerKind::Staff, since: d("2025-01-01") },
        )
        .await
        .unwrap();
        // A handling officer who is also a reviewer (designated before 2021) must recuse.
        s.execute(
            &sys(),
            Command::DesignateReviewer { officer_id: o2, kind: ReviewerKind::Staff, since: d("2020-01-01") },
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

    fn as_user(&self, id: i64) -> Actor {
        Actor { user_id: Some(id), scope: Scope::Body(self.b) }
    }

    /// The handling officer, the reviewer or the head does `action`.
    async fn by(
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
            Command::Review { case_id: self.c, action, role: who, officer_id: officer, signer },
        )
        .await
    }

    fn signer(&self, who: Role) -> Option<zhifa_store::review::Signer> {
        self.signers.iter().find(|(r, _)| *r == who).map(|(_, k)| k.clone())
    }
}

fn full_submission() -> zhifa_core::review::SubmissionInput {
    zhifa_core::review::SubmissionInput {
        proposal: "罚款五千元".into(),
        facts: "销售过期食品".into(),
        evidence: vec!["现场检查笔录".into()],
        legal_basis: vec!["《食品安全法》第一百二十四条".into()],
        discretion: "初次违法，从轻".into(),
        note: String::new(),
    }
}

fn opinion_of(outcome: &str, ok: bool) -> zhifa_core::review::OpinionInput {
    use zhifa_core::review::{Point, PointAnswer};
    let points = Point::ALL.iter().map(|p| PointAnswer { point: p.code().into(), ok, note: "见意见".into() }).collect();
    zhifa_core::review::OpinionInput { points, outcome: outcome.into(), opinion: "意见".into() }
}

fn refused_with(r: Result<zhifa_store::write::Outcome, StoreError>, needle: &str) {
    match r {
        Err(StoreError::Invalid(i)) => assert!(i.to_string().contains(needle), "{needle}: {i}"),
        r => panic!("{needle}: {r:?}"),
    }
}

async fn art_58_review_file_runs_submission_revision_objection_and_the_heads_ruling(s: Store) {
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
        case_id: c,
        action,
        role,
        officer_id,
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
    s.execute(&sys(), Command::MarkCaseForReview { case_id: c, marks: marks.clone(), reason: "涉及食品安全".into() })
        .await
        .unwrap();
    refused(
        s.execute(&sys(), Command::MarkCaseForReview { case_id: c, marks: Default::default(), reason: "x".into() })
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
                body_id: b,
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
            body_id: b,
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

async fn referral_of_a_suspected_crime_the_review_queue_and_the_figures(s: Store) {
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

async fn every_review_act_is_signed_by_its_actor_and_verify_checks_the_signatures(s: Store) {
    use zhifa_store::review::ReviewAction as RA;
    let f = ReviewFixture::new(&s).await;
    let submit = |signer| Command::Review {
        case_id: f.c,
        action: RA::Submit(full_submission()),
        role: Role::Officer,
        officer_id: Some(f.o1),
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
    let head =
        |action| Command::Review { case_id: f.c, action, role: Role::Head, officer_id: None, signer: Some(fresh()) };
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

async fn a_licensing_item_where_a_hearing_applies_brings_its_cases_into_review(s: Store) {
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
async fn art_58_an_import_cannot_record_a_decision_without_review(s: Store) {
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
    s.execute(&sys(), step(c, "notify_intent", Role::Officer, Some(o1), penalty)).await.unwrap();
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

async fn a_passed_file_with_a_suspected_crime_not_referred_stays_in_the_queue(s: Store) {
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
