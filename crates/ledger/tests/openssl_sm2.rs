//! SM2 signatures interoperate with OpenSSL 3 (GB/T 32918, SM3 digest, default distinguishing
//! ID): OpenSSL verifies what zhifa signs, and zhifa verifies what OpenSSL signs. Needs the
//! `openssl` command (Debian's OpenSSL 3); under `CI=true` its absence fails the test.

#![allow(clippy::unwrap_used)]

use std::process::Command;
use zhifa_ledger::note::{NoteSigner, SM2_DEFAULT_ID, Sm2Signer};

fn openssl(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new("openssl").args(args).current_dir(dir).output().unwrap()
}

#[test]
fn sm2_signatures_interoperate_with_openssl() {
    if Command::new("openssl").arg("version").output().is_err() {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI=true requires openssl");
        eprintln!("openssl not found: SM2 interoperability test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(openssl(&["genpkey", "-algorithm", "SM2", "-out", "key.pem"], d).status.success());
    assert!(openssl(&["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"], d).status.success());
    // The private scalar, as OpenSSL prints it.
    let text = String::from_utf8(openssl(&["pkey", "-in", "key.pem", "-text", "-noout"], d).stdout).unwrap();
    let priv_hex: String = text
        .split("priv:")
        .nth(1)
        .unwrap()
        .split("pub:")
        .next()
        .unwrap()
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .collect();
    let mut secret: Vec<u8> =
        (0..priv_hex.len()).step_by(2).map(|i| u8::from_str_radix(&priv_hex[i..i + 2], 16).unwrap()).collect();
    while secret.len() > 32 && secret[0] == 0 {
        secret.remove(0);
    }
    while secret.len() < 32 {
        secret.insert(0, 0);
    }
    let signer = Sm2Signer::from_secret("zhifa.test/log", &secret).unwrap();
    let msg = b"zhifa.test/log\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nhash sm3\n";
    std::fs::write(d.join("msg"), msg).unwrap();
    let distid = format!("distid:{SM2_DEFAULT_ID}");

    // zhifa signs, OpenSSL verifies.
    let raw = signer.sign(msg);
    let der = sm2::dsa::Signature::from_slice(&raw).unwrap().to_der();
    std::fs::write(d.join("ours.der"), der.as_bytes()).unwrap();
    let v = openssl(
        &[
            "pkeyutl", "-verify", "-in", "msg", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem", "-sigfile",
            "ours.der", "-pkeyopt", &distid,
        ],
        d,
    );
    assert!(v.status.success(), "OpenSSL rejected zhifa's signature: {}", String::from_utf8_lossy(&v.stdout));

    // OpenSSL signs, zhifa verifies.
    let s = openssl(
        &[
            "pkeyutl",
            "-sign",
            "-in",
            "msg",
            "-rawin",
            "-digest",
            "sm3",
            "-inkey",
            "key.pem",
            "-out",
            "theirs.der",
            "-pkeyopt",
            &distid,
        ],
        d,
    );
    assert!(s.status.success());
    let theirs = std::fs::read(d.join("theirs.der")).unwrap();
    let sig = sm2::dsa::Signature::from_der(&theirs).unwrap();
    let key = signer.verifier_key();
    assert!(key.verify(msg, &sig.to_bytes()), "zhifa rejected OpenSSL's signature");
    // And a different message does not verify.
    assert!(!key.verify(b"other", &sig.to_bytes()));
}
