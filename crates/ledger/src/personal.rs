//! Personal signatures (个人签名) of the people who act on a case: each user holds an Ed25519
//! key whose seed is kept wrapped by a key derived from their password (the derivation is the
//! caller's: argon2id with a fresh salt per wrap), so that the server alone cannot sign in their
//! name. The public key is journaled when the key is made; each act is signed over a fixed
//! message naming the record, its content digest and the signer, and the signature is stored in
//! the journaled row.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};

/// A key as stored: the public half and the wrapped seed, both hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// the Ed25519 public key, hex
    pub public_key: String,
    /// seed XOR key-encryption key, hex
    pub wrapped_seed: String,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != N * 2 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

fn xor(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    std::array::from_fn(|i| a[i] ^ b[i])
}

/// The public key of `seed`, hex.
pub fn public_key(seed: &[u8; 32]) -> String {
    hex(SigningKey::from_bytes(seed).verifying_key().as_bytes())
}

/// Wraps `seed` (32 random bytes) with `kek` (32 bytes derived from the password with a salt
/// used for this wrap only).
pub fn wrap(seed: &[u8; 32], kek: &[u8; 32]) -> WrappedKey {
    WrappedKey { public_key: public_key(seed), wrapped_seed: hex(&xor(seed, kek)) }
}

/// The seed back, if `kek` is the one it was wrapped with (the public key must match: a wrong
/// password gives a different key).
pub fn unwrap(key: &WrappedKey, kek: &[u8; 32]) -> Option<[u8; 32]> {
    let seed = xor(&unhex::<32>(&key.wrapped_seed)?, kek);
    (public_key(&seed) == key.public_key).then_some(seed)
}

/// The message a person signs for one act: the kind of record, its id in the case, its content
/// digest and the signer.
pub fn act_message(record: &str, case_id: i64, seq: i64, content_sm3: &str, user_id: i64) -> Vec<u8> {
    format!("zhifa-act/v1\n{record}\ncase {case_id}\nseq {seq}\nsm3 {content_sm3}\nuser {user_id}\n").into_bytes()
}

/// Signs `msg` with `seed`; the signature in hex.
pub fn sign(seed: &[u8; 32], msg: &[u8]) -> String {
    hex(&SigningKey::from_bytes(seed).sign(msg).to_bytes())
}

/// Whether `signature` (hex) is `public_key`'s (hex) over `msg`.
pub fn verify(public_key: &str, msg: &[u8], signature: &str) -> bool {
    let (Some(pk), Some(sig)) = (unhex::<32>(public_key), unhex::<64>(signature)) else { return false };
    let Ok(vk) = VerifyingKey::from_bytes(&pk) else { return false };
    vk.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&sig)).is_ok()
}

/// A short fingerprint of a public key for people to compare (the first 16 hex digits).
pub fn fingerprint(public_key: &str) -> String {
    public_key.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_key_opens_only_with_its_password_key_and_signs_verifiably() {
        let seed = [7u8; 32];
        let kek = [42u8; 32];
        let w = wrap(&seed, &kek);
        assert_eq!(unwrap(&w, &kek), Some(seed));
        assert_eq!(unwrap(&w, &[41u8; 32]), None, "another password's key does not open it");
        let msg = act_message("review_events", 12, 3, "ab12", 5);
        let sig = sign(&seed, &msg);
        assert!(verify(&w.public_key, &msg, &sig));
        assert!(!verify(&w.public_key, &act_message("review_events", 12, 3, "ab13", 5), &sig), "changed content");
        assert!(!verify(&w.public_key, &act_message("review_events", 12, 3, "ab12", 6), &sig), "another signer");
        assert!(!verify(&w.public_key, &msg, "00"), "malformed signature");
        assert_eq!(fingerprint(&w.public_key).len(), 16);
    }
}
