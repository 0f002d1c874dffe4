//! The journal and the ledger: entries, leaves, proofs, checkpoints, and verify naming what was
//! changed.

use crate::prelude::*;
use zhifa_core::access::{Role, Scope};
use zhifa_core::ids::{BodyId, CaseId, OfficerId, UserId};
use zhifa_core::registry::*;
use zhifa_store::write::Actor;
use zhifa_store::zhifa_ledger::note::{Ed25519Signer, NoteSigner, Sm2Signer, VerifierKey};
use zhifa_store::zhifa_ledger::{MemoryTree, verify_consistency, verify_inclusion};
use zhifa_store::{Command, Store, StoreError};

pub(crate) async fn every_change_has_one_journal_entry_with_previous_hash(s: Store) {
    let (b, o, _) = setup(&s).await;
    let mut changed = officer(b, "张明");
    changed.post = "执法科长".into();
    s.execute(&sys(), Command::UpdateOfficer { id: OfficerId(o), officer: changed }).await.unwrap();
    let log = s.recent_changes(Scope::All, 100).await.unwrap();
    let kinds: Vec<_> = log.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["body.create", "officer.create", "certificate.create", "certificate.event", "officer.update"]);
    let (update, create) = (&log[0], &log[3]);
    assert_eq!(update.prev_hash.as_deref(), Some(create.content_hash.as_str()));
    assert_ne!(update.content_hash, create.content_hash);
    assert!(log.windows(2).all(|w| w[0].seq > w[1].seq));
}

pub(crate) async fn every_journal_entry_is_a_leaf_and_proofs_verify(s: Store) {
    let (b, o, _) = setup(&s).await;
    for i in 0..9 {
        s.execute(&sys(), Command::CreateOfficer(officer(b, &format!("叶{i}")))).await.unwrap();
    }
    let mut changed = officer(b, "张明");
    changed.post = "科长".into();
    s.execute(&sys(), Command::UpdateOfficer { id: OfficerId(o), officer: changed }).await.unwrap();
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

pub(crate) async fn checkpoints_advance_once_by_compare_and_swap(s: Store) {
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

pub(crate) struct Keys(pub(crate) Ed25519Signer, pub(crate) Sm2Signer);

impl Keys {
    pub(crate) fn new(s: &Store) -> Keys {
        let origin = s.ledger_info().unwrap().origin.clone();
        Keys(Ed25519Signer::from_seed(&origin, &[5u8; 32]), Sm2Signer::from_secret(&origin, &[6u8; 32]).unwrap())
    }
    pub(crate) fn signers(&self) -> [&dyn NoteSigner; 2] {
        [&self.0, &self.1]
    }
    pub(crate) fn verifiers(&self) -> Vec<VerifierKey> {
        vec![self.0.verifier_key(), self.1.verifier_key()]
    }
}

/// Writes through every command kind, signs a checkpoint; returns (keys, officer id).
pub(crate) async fn busy_ledger(s: &Store) -> (Keys, i64) {
    let (b, o, c) = setup(s).await;
    s.execute(
        &sys(),
        Command::AddTraining {
            officer_id: OfficerId(o),
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
            officer_id: OfficerId(o),
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
    s.execute(
        &sys(),
        Command::DesignateReviewer { officer_id: OfficerId(o), kind: ReviewerKind::Staff, since: d("2020-01-01") },
    )
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
                body_id: Some(BodyId(b)),
                officer_id: Some(OfficerId(o)),
                must_change_password: false,
            },
        )
        .await
        .unwrap()
        .id;
    signer_for(s, u, 4).await;
    s.execute(&sys(), Command::SetUserActive { id: UserId(u), active: false }).await.unwrap();
    let view = Command::RecordAccess {
        object_table: "officers".into(),
        object_id: o,
        body_id: Some(BodyId(b)),
        ip: Some("127.0.0.1".into()),
        purpose: Some("案卷评查".into()),
    };
    s.execute(&Actor { user_id: Some(u), scope: Scope::Body(b) }, view).await.unwrap();
    let o2 = s.execute(&sys(), Command::CreateOfficer(officer(b, "李强"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o2, "津12011500002", "2024-01-01", "2030-12-31"))).await.unwrap();
    let case = s.execute(&sys(), new_case(b, "inspection", "X-1", vec![o, o2])).await.unwrap().id;
    let number = s.case(Scope::All, case).await.unwrap().unwrap().number;
    let ev = s.execute(&sys(), add_evidence(b, o, &number, "ab")).await.unwrap().id;
    // The certificate is suspended after the case was registered (registration needs it valid).
    let change =
        StatusChangeInput { status: "暂扣".into(), reason: "核查".into(), effective_date: "2026-03-02".into() }
            .validate()
            .unwrap();
    s.execute(&sys(), Command::ChangeCertificateStatus { id: c, change }).await.unwrap();
    s.execute(&sys(), step(case, "start_inspection", Role::Officer, Some(o), |_| {})).await.unwrap();
    let list = zhifa_core::review::ListItem {
        power_item_code: Some("X-1".into()),
        case_kind: None,
        description: "检查".into(),
    };
    let file_list = Command::FileReviewList {
        body_id: BodyId(b),
        items: vec![list],
        effective_from: d("2026-01-01"),
        review_days: None,
        reason: "制定".into(),
    };
    s.execute(&sys(), file_list).await.unwrap();
    let spot = serde_json::json!([{"code": "SJ-1", "name": "抽查", "power_item_code": "X-1", "object": "经营者", "method": "现场检查",
        "content": "证照", "basis": ["食品安全法 第一百一十条"], "ratio_percent": 5, "frequency": "每年一次"}]);
    let (list, reason) = zhifa_core::lists::validate(zhifa_core::lists::ListKind::SpotCheck, spot, "制定").unwrap();
    s.execute(&sys(), Command::FileBodyList { body_id: BodyId(b), list, effective_from: d("2026-01-01"), reason })
        .await
        .unwrap();
    let marks = zhifa_core::review::Marks { complex: true, ..Default::default() };
    s.execute(&sys(), Command::MarkCaseForReview { case_id: CaseId(case), marks, reason: "多个法律关系".into() })
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
        case_id: CaseId(case),
        action: zhifa_store::review::ReviewAction::Submit(submission),
        role: Role::Officer,
        officer_id: Some(OfficerId(o)),
        signer: None,
    };
    s.execute(&sys(), submit).await.unwrap();
    // An inspection's result starts a publication task (20 working days), confirmed at once.
    // (张明's certificate is suspended above: two others inspect.)
    let o3 = s.execute(&sys(), Command::CreateOfficer(officer(b, "赵敏"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o3, "津12011500003", "2024-01-01", "2030-12-31"))).await.unwrap();
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
    assert_eq!((task.category.code(), task.status.code()), ("other", "pending"));
    let (_, proposal) = s.publication_proposal(task.id, Scope::All).await.unwrap();
    s.execute(&sys(), Command::PublishDecision { id: task.id, text: proposal.proposed.text }).await.unwrap();
    // A document of the case (numbered, its PDF kept), an adapted template filed, and the
    // four-property report of a package.
    use zhifa_core::doc::DocKind;
    s.issue_document(&sys(), case, DocKind::RectificationOrder, None).await.unwrap();
    let content = format!("{}\n", zhifa_core::doc::standard_template(DocKind::RectificationOrder));
    let template = Command::FileTemplate {
        body_id: BodyId(b),
        kind: DocKind::RectificationOrder,
        content,
        note: "调整落款".into(),
    };
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
        case_id: Some(CaseId(case)),
        body_id: Some(BodyId(b)),
        case_number: number,
        occasion: "按需".into(),
        report: Box::new(report),
        package_sm3: "0".repeat(64),
        package_size: 1,
    };
    s.execute(&sys(), archived).await.unwrap();
    let sealed = Command::SealArchive {
        case_id: CaseId(case),
        occasion: "按需".into(),
        manifest_sm3: "0".repeat(64),
        items: r#"[[1,"001-封面及卷内目录.pdf","00"]]"#.into(),
    };
    s.execute(&sys(), sealed).await.unwrap();
    let year = r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
    let import =
        Command::ImportHolidays { year: 2027, schedule: year.into(), source: "国办发明电〔2026〕12号".into() };
    s.execute(&sys(), import).await.unwrap();
    let ask = Command::RequestEvidenceDeletion { evidence_id: ev, reason: "重复上传".into() };
    s.execute(&Actor { user_id: Some(u), scope: Scope::Body(b) }, ask).await.unwrap();
    let mut changed = body("宝坻区市场监督管理局");
    changed.phone = Some("022-29240000".into());
    s.execute(&sys(), Command::UpdateBody { id: BodyId(b), body: changed }).await.unwrap();
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
    // A warning clue raised and replaced, and the thresholds changed.
    let subject = format!("officer:{o}");
    for hash in ["h1", "h2"] {
        let hits = vec![clue(b, o, hash)];
        s.execute(&sys(), Command::SyncClues { subject: subject.clone(), hits }).await.unwrap();
    }
    let t = zhifa_core::supervision::Thresholds::default();
    s.execute(&sys(), Command::SetWarningThresholds { thresholds: t, reason: "默认阈值".into() }).await.unwrap();
    // 督办: the clue routed; a notice issued, answered, sent back, answered again and closed.
    let open = s.clues(zhifa_core::access::Scope::All, &Default::default()).await.unwrap();
    let route = Command::ActOnClue {
        clue_id: open[0].id,
        act: zhifa_core::supervision::oversight::ClueAct::Route,
        route: Some(zhifa_core::supervision::oversight::Route::Simple),
        note: None,
    };
    s.execute(&sys(), route).await.unwrap();
    crate::supervision::notice_round_trip(s, b).await;
    crate::supervision::complaint_round_trip(s, b).await;
    let keys = Keys::new(s);
    let o3 = s.execute(&sys(), Command::CreateOfficer(officer(b, "赵刚"))).await.unwrap().id;
    s.execute(&sys(), Command::CreateCertificate(cert(o3, "津12011500099", "2024-01-01", "2030-12-31"))).await.unwrap();
    crate::supervision::evaluation_round_trip(s, b, [o2, o3], &keys).await;
    let weights = zhifa_core::supervision::assessment::Weights::default();
    s.execute(&sys(), Command::SetAssessmentWeights { weights: weights.clone(), reason: "按默认权重".into() })
        .await
        .unwrap();
    let publish = Command::PublishAssessment {
        year: 2026,
        weights_id: None,
        weights: serde_json::to_string(&weights).unwrap(),
        result: "[]".into(),
    };
    s.execute(&sys(), publish).await.unwrap();
    crate::spotcheck::spotcheck_round_trip(s, b, &keys).await;
    s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    (keys, o)
}

pub(crate) async fn problems(s: &Store, keys: &Keys, outside: Option<&str>) -> Vec<String> {
    s.verify(&keys.verifiers(), outside, &|_, _, _| {}).await.unwrap().problems
}

pub(crate) fn assert_named(problems: &[String], needle: &str) {
    assert!(problems.iter().any(|p| p.contains(needle)), "expected a problem containing {needle:?}, got {problems:#?}");
}

/// Every table of enforcement and account data is written only with its ledger entry: after
/// a run through every command, each row of every table matches its latest entry.
pub(crate) async fn verify_passes_on_every_table_written_through_the_one_path(s: Store) {
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

pub(crate) async fn verify_names_a_row_updated_behind_the_ledger(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    s.execute_raw_for_tests(&format!("UPDATE officers SET name = '篡改' WHERE id = {o}")).await.unwrap();
    assert_named(&problems(&s, &keys, None).await, &format!("表 officers 第 {o} 行与账本第"));
}

pub(crate) async fn verify_names_a_row_deleted(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    s.execute_raw_for_tests("DELETE FROM officer_training WHERE id = (SELECT MIN(id) FROM officer_training)")
        .await
        .unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 officer_training 第 1 行已不存在");
}

pub(crate) async fn verify_names_a_row_inserted_without_entry(s: Store) {
    let (keys, _) = busy_ledger(&s).await;
    s.execute_raw_for_tests("INSERT INTO officer_training (officer_id, date, title, hours, exam_score, created_at) SELECT officer_id, date, '伪造', hours, exam_score, created_at FROM officer_training WHERE id = 1").await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 officer_training 第 3 行没有账本条目");
}

pub(crate) async fn verify_names_two_entries_swapped(s: Store) {
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

pub(crate) async fn verify_names_an_entry_edited_and_rehashed_but_not_resigned(s: Store) {
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

pub(crate) async fn verify_names_a_forged_checkpoint(s: Store) {
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

pub(crate) async fn verify_names_a_rollback_against_a_published_checkpoint(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    // The newest checkpoint is published (handed to the justice bureau, printed, …).
    s.execute(
        &sys(),
        Command::AddTraining {
            officer_id: OfficerId(o),
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
pub(crate) async fn concurrent_changes_share_a_commit_but_fail_alone(s: Store) {
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
pub(crate) async fn every_view_of_a_protected_record_is_in_the_ledger(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    let by_record = s.access_history(Some(("officers", o)), None, 10).await.unwrap();
    assert_eq!(by_record.len(), 1);
    assert_eq!(by_record[0].purpose.as_deref(), Some("案卷评查"));
    let user = by_record[0].user_id.unwrap();
    assert_eq!(s.access_history(None, Some(user), 10).await.unwrap().len(), 1);
    assert!(s.access_history(Some(("officers", o + 1000)), None, 10).await.unwrap().is_empty());
    let log = s.recent_changes(Scope::All, 1000).await.unwrap();
    assert!(log.iter().any(|e| e.kind == "access.view" && e.object_table == "access_log"));
    // A view erased afterwards is named by verify.
    s.execute_raw_for_tests("DELETE FROM access_log").await.unwrap();
    assert_named(&problems(&s, &keys, None).await, "表 access_log 第 1 行已不存在");
}

/// `verify --since`: starts from the stored edge at a signed checkpoint, re-hashes only later
/// entries and checks the rows they touched; a bad starting point is refused.
pub(crate) async fn verify_since_a_checkpoint_checks_only_what_came_after(s: Store) {
    let (keys, o) = busy_ledger(&s).await;
    let since = s.tree_size().await.unwrap();
    let training =
        TrainingInput { date: "2026-05-01".into(), title: "复训".into(), hours: Some(2), exam_score: None };
    s.execute(&sys(), Command::AddTraining { officer_id: OfficerId(o), training: training.validate().unwrap() })
        .await
        .unwrap();
    s.execute(&sys(), Command::AddTraining { officer_id: OfficerId(o), training: training.validate().unwrap() })
        .await
        .unwrap();
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
pub(crate) async fn a_burst_of_writes_calls_for_a_checkpoint_before_the_interval(s: Store) {
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
        s.execute(&sys(), Command::AddTraining { officer_id: OfficerId(o), training: t.validate().unwrap() })
            .await
            .unwrap();
    }
    tokio::time::timeout(std::time::Duration::from_secs(5), woken).await.expect("woken by the batch").unwrap();
    let cp = s.checkpoint(&keys.signers()).await.unwrap().unwrap();
    let lags = s.watch.checkpointed(cp.size as u64);
    assert_eq!(lags.iter().map(|l| l.1).sum::<u64>(), 5, "every acknowledged write is covered");
}
