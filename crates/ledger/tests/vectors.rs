//! The RFC 6962/9162 proof vectors (SHA-256) shipped in `tests/vectors/` (from the
//! transparency-dev test data, Apache-2.0): every happy path verifies and every case marked
//! `wantErr` is rejected.

#![allow(clippy::unwrap_used)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use std::path::Path;
use zhifa_ledger::{HashAlg, verify_consistency, verify_inclusion};

fn b64(v: &Value) -> Vec<u8> {
    v.as_str().map(|s| STANDARD.decode(s).unwrap()).unwrap_or_default()
}

fn proof(v: &Value) -> Vec<Vec<u8>> {
    v.as_array().map(|a| a.iter().map(b64).collect()).unwrap_or_default()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn run(kind: &str) -> (usize, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors").join(kind);
    let mut all = Vec::new();
    files(&dir, &mut all);
    all.sort();
    assert!(!all.is_empty(), "no vectors in {}", dir.display());
    let (mut ok, mut rejected) = (0, 0);
    for f in all {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let want_err = v["wantErr"].as_bool().unwrap();
        let result = if kind == "inclusion" {
            verify_inclusion(
                HashAlg::Sha256,
                v["leafIdx"].as_u64().unwrap(),
                v["treeSize"].as_u64().unwrap(),
                &b64(&v["leafHash"]),
                &proof(&v["proof"]),
                &b64(&v["root"]),
            )
        } else {
            verify_consistency(
                HashAlg::Sha256,
                v["size1"].as_u64().unwrap(),
                v["size2"].as_u64().unwrap(),
                &b64(&v["root1"]),
                &b64(&v["root2"]),
                &proof(&v["proof"]),
            )
        };
        assert_eq!(result.is_err(), want_err, "{}: {} → {result:?}", f.display(), v["desc"]);
        if want_err { rejected += 1 } else { ok += 1 }
    }
    (ok, rejected)
}

#[test]
fn rfc9162_inclusion_vectors() {
    let (ok, rejected) = run("inclusion");
    assert!(ok >= 5 && rejected >= 50, "{ok} accepted, {rejected} rejected");
}

#[test]
fn rfc9162_consistency_vectors() {
    let (ok, rejected) = run("consistency");
    assert!(ok >= 5 && rejected >= 50, "{ok} accepted, {rejected} rejected");
}
