//! Upgrade safety: a database written by an earlier release (the fixture under
//! `tests/fixtures/upgrade-v1`, made by `scripts/make-upgrade-fixture` with the release named in
//! `made-by-commit.txt`: the demo, a penalty case from registration to archive with evidence,
//! documents, legal review and decision, and a decision published) must migrate and pass
//! `verify` with this release: every entry, checkpoint, row, evidence file and document file,
//! and the old checkpoint as an outside one. Its ledger proofs stay valid, and this release
//! appends to its ledger consistently. On SQLite always; on PostgreSQL (the fixture's dump
//! loaded into a fresh schema) when `ZHIFA_TEST_POSTGRES_URL` is set, required under `CI=true`.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use zhifa_core::registry::BodyInput;
use zhifa_store::blobs::EvidenceStore;
use zhifa_store::write::Actor;
use zhifa_store::zhifa_ledger::note::{Checkpoint, Ed25519Signer, NoteSigner, Sm2Signer, VerifierKey};
use zhifa_store::zhifa_ledger::{HashAlg, verify_consistency, verify_inclusion};
use zhifa_store::{Command, Store};

/// The fixture's ledger name and the test keys it was signed with (test secrets only).
const ORIGIN: &str = "zhifa.test/ledger";

fn signers() -> (Ed25519Signer, Sm2Signer) {
    (Ed25519Signer::from_seed(ORIGIN, &[3u8; 32]), Sm2Signer::from_secret(ORIGIN, &[4u8; 32]).unwrap())
}

fn verifier_keys() -> Vec<VerifierKey> {
    let (ed, sm) = signers();
    vec![ed.verifier_key(), sm.verifier_key()]
}

fn fixture(backend: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade-v1").join(backend)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Migrates the old database with this release and checks everything it holds.
async fn upgrade_and_verify(store: Store, dir: &Path, work: &Path) {
    store.migrate().await.unwrap();
    let info = store.ensure_ledger(ORIGIN, HashAlg::Sm3).await.unwrap();
    assert_eq!((info.origin.as_str(), info.alg), (ORIGIN, HashAlg::Sm3));
    let old_note = std::fs::read_to_string(dir.join("checkpoint.txt")).unwrap();
    let expect: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap()).unwrap();
    let keys = verifier_keys();
    let old = Checkpoint::open(&old_note, &keys).unwrap();
    assert_eq!(old.size, expect["tree_size"].as_u64().unwrap());

    // Every entry, checkpoint and row; the fixture's checkpoint as an outside one.
    let report = store.verify(&keys, Some(&old_note), &|_, _, _| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.entries, old.size);
    assert!(report.checkpoints >= 1 && report.rows > 300, "{report:?}");
    // Every evidence file and document file.
    let evidence = EvidenceStore::local(&work.join("evidence")).unwrap();
    let (n, problems) = store.verify_evidence_files(&evidence, &|_, _, _| {}).await.unwrap();
    assert!(n >= 2 && problems.is_empty(), "{n} {problems:?}");
    let (n, problems) = store.verify_document_files(&|_, _, _| {}).await.unwrap();
    assert!(n >= 7 && problems.is_empty(), "{n} {problems:?}");
    // Nothing lost: the rows the old release counted.
    let counts = store.table_counts().await.unwrap();
    for (table, n) in expect["rows"].as_object().unwrap() {
        let now = counts.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
        assert_eq!(now, n.as_i64(), "rows of {table}");
    }
    for table in ["cases", "case_steps", "evidence", "documents", "review_events", "publications", "archive_reports"] {
        assert!(counts.iter().any(|(t, n)| *t == table && *n > 0), "the fixture has {table}: {counts:?}");
    }

    // An old leaf's inclusion proof under the old checkpoint, from the upgraded database.
    for index in [0, old.size / 2, old.size - 1] {
        let entry = store.ledger_entry(index).await.unwrap().unwrap();
        let leaf = HashAlg::Sm3.leaf(&entry.encode());
        assert_eq!(entry.leaf_hash.as_deref(), Some(&leaf[..]));
        let proof = store.inclusion_proof(index, old.size).await.unwrap();
        verify_inclusion(HashAlg::Sm3, index, old.size, &leaf, &proof, &old.root).unwrap();
    }

    // This release appends to the old ledger: a new body, a new checkpoint consistent with the
    // old one, and verify still clean.
    let body = BodyInput {
        name: "宝坻区升级测试局".into(),
        kind: "行政机关".into(),
        area: "天津市宝坻区".into(),
        legal_basis: "《中华人民共和国行政处罚法》第十七条".into(),
        reconsideration_organ: "天津市宝坻区人民政府".into(),
        court: "天津市宝坻区人民法院".into(),
        review_organ: "法制审核科".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store.execute(&Actor::system(), Command::CreateBody(body)).await.unwrap();
    let (ed, sm) = signers();
    let signer_list: Vec<&dyn NoteSigner> = vec![&ed, &sm];
    let cp = store.checkpoint(&signer_list).await.unwrap().unwrap();
    assert_eq!(cp.size as u64, old.size + 1);
    let proof = store.consistency_proof(old.size, cp.size as u64).await.unwrap();
    verify_consistency(HashAlg::Sm3, old.size, cp.size as u64, &old.root, &cp.root, &proof).unwrap();
    let report = store.verify(&keys, Some(&old_note), &|_, _, _| {}).await.unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.entries, old.size + 1);
}

#[tokio::test]
async fn sqlite_database_of_the_earlier_release_migrates_and_verifies() {
    let dir = fixture("sqlite");
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(dir.join("zhifa.db"), work.path().join("zhifa.db")).unwrap();
    copy_dir(&dir.join("evidence"), &work.path().join("evidence"));
    let store = Store::connect(&format!("sqlite:{}", work.path().join("zhifa.db").display())).await.unwrap();
    upgrade_and_verify(store, &dir, work.path()).await;
}

#[tokio::test]
async fn postgres_database_of_the_earlier_release_migrates_and_verifies() {
    let Ok(base) = std::env::var("ZHIFA_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI=true requires ZHIFA_TEST_POSTGRES_URL");
        eprintln!("ZHIFA_TEST_POSTGRES_URL not set: PostgreSQL upgrade test skipped");
        return;
    };
    let dir = fixture("postgres");
    let work = tempfile::tempdir().unwrap();
    copy_dir(&dir.join("evidence"), &work.path().join("evidence"));
    let schema = format!("u_{}", rand::random::<u64>());
    let dump = std::fs::read_to_string(dir.join("dump.sql")).unwrap().replace("__SCHEMA__", &schema);
    let admin = Store::connect(&base).await.unwrap();
    // The dump holds the schema; the trigram extension lives in `public` (migration 0006).
    admin.execute_raw_for_tests("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").await.unwrap();
    admin.execute_raw_for_tests(&dump).await.unwrap();
    admin.close().await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let store = Store::connect(&format!("{base}{sep}options=-c%20search_path%3D{schema}")).await.unwrap();
    upgrade_and_verify(store, &dir, work.path()).await;
}
