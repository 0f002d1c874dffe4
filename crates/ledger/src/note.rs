//! Checkpoints: the C2SP `tlog-checkpoint` body (origin, tree size, base64 root, then
//! extension lines; zhifa's first extension line names the hash: `hash sm3` or `hash sha256`)
//! signed as a C2SP `signed-note` with two signature lines, Ed25519 and SM2 (GB/T 32918, SM3
//! digest, default distinguishing ID `1234567812345678`).
//!
//! Key IDs follow signed-note: SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4].
//! Ed25519 is type 0x01; SM2 has no assigned type, so it uses the spec's 0xff escape followed
//! by the label `zhifa-sm2-sm3`, with the 65-byte uncompressed SEC1 public key.

use crate::hash::{Hash, HashAlg};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest as _;

/// Signature type of Ed25519 in signed notes.
pub const ED25519_TYPE: &[u8] = &[0x01];
/// Signature type of zhifa's SM2 signatures (0xff escape + label).
pub const SM2_TYPE: &[u8] = b"\xffzhifa-sm2-sm3";
/// The default SM2 distinguishing identifier (GB/T 35276).
pub const SM2_DEFAULT_ID: &str = "1234567812345678";

/// Why a note or checkpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// The text is not a well-formed note or checkpoint.
    #[error("签名检查点格式错误：{0}")]
    Malformed(String),
    /// A signature by a known key did not verify.
    #[error("签名无效：{0}")]
    BadSignature(String),
    /// A required key did not sign.
    #[error("缺少签名：{0}")]
    MissingSignature(String),
    /// A key could not be read.
    #[error("密钥无效：{0}")]
    BadKey(String),
}

/// SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4].
pub fn key_id(name: &str, type_id: &[u8], public_key: &[u8]) -> [u8; 4] {
    let mut h = sha2::Sha256::new();
    h.update(name.as_bytes());
    h.update([0x0a]);
    h.update(type_id);
    h.update(public_key);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// Something that signs checkpoints. A hardware module can implement it in place of the
/// key files.
pub trait NoteSigner: Send + Sync {
    /// The key name (usually the log's origin).
    fn key_name(&self) -> &str;
    /// The signed-note signature type.
    fn type_id(&self) -> &'static [u8];
    /// The public key bytes.
    fn public_key(&self) -> Vec<u8>;
    /// Signs `msg`.
    fn sign(&self, msg: &[u8]) -> Vec<u8>;
    /// The verifier key text for publication.
    fn verifier_key(&self) -> VerifierKey {
        VerifierKey {
            name: self.key_name().to_string(),
            type_id: self.type_id().to_vec(),
            public_key: self.public_key(),
        }
    }
}

/// An Ed25519 checkpoint signer.
pub struct Ed25519Signer {
    name: String,
    key: ed25519_dalek::SigningKey,
}

impl Ed25519Signer {
    /// From a 32-byte seed.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Self {
        Ed25519Signer { name: name.to_string(), key: ed25519_dalek::SigningKey::from_bytes(seed) }
    }
}

impl NoteSigner for Ed25519Signer {
    fn key_name(&self) -> &str {
        &self.name
    }
    fn type_id(&self) -> &'static [u8] {
        ED25519_TYPE
    }
    fn public_key(&self) -> Vec<u8> {
        self.key.verifying_key().to_bytes().to_vec()
    }
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer;
        self.key.sign(msg).to_bytes().to_vec()
    }
}

/// An SM2 checkpoint signer (SM3 digest, default distinguishing ID).
pub struct Sm2Signer {
    name: String,
    key: sm2::dsa::SigningKey,
}

impl Sm2Signer {
    /// From a 32-byte big-endian secret scalar (must be in [1, n-1]).
    pub fn from_secret(name: &str, secret: &[u8]) -> Result<Self, NoteError> {
        let key = sm2::dsa::SigningKey::from_slice(SM2_DEFAULT_ID, secret)
            .map_err(|_| NoteError::BadKey("SM2 私钥无效".into()))?;
        Ok(Sm2Signer { name: name.to_string(), key })
    }
}

impl NoteSigner for Sm2Signer {
    fn key_name(&self) -> &str {
        &self.name
    }
    fn type_id(&self) -> &'static [u8] {
        SM2_TYPE
    }
    fn public_key(&self) -> Vec<u8> {
        self.key.verifying_key().to_sec1_bytes().to_vec()
    }
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        use sm2::dsa::signature::Signer;
        let sig: sm2::dsa::Signature = self.key.sign(msg);
        sig.to_bytes().to_vec()
    }
}

/// A public key that checks checkpoint signatures; its text form is the signed-note verifier
/// key `name+hex(key id)+base64(type ‖ public key)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    /// key name
    pub name: String,
    /// signature type
    pub type_id: Vec<u8>,
    /// public key
    pub public_key: Vec<u8>,
}

impl VerifierKey {
    /// The key ID.
    pub fn key_id(&self) -> [u8; 4] {
        key_id(&self.name, &self.type_id, &self.public_key)
    }

    /// Text form for publication.
    pub fn to_text(&self) -> String {
        let id: String = self.key_id().iter().map(|b| format!("{b:02x}")).collect();
        let mut blob = self.type_id.clone();
        blob.extend_from_slice(&self.public_key);
        format!("{}+{}+{}", self.name, id, STANDARD.encode(blob))
    }

    /// Parses the text form and checks its key ID.
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let bad = |m: &str| NoteError::BadKey(m.to_string());
        // Names contain no '+' (signed-note), base64 may: split at the first two.
        let mut parts = text.trim().splitn(3, '+');
        let (name, id, blob) = (parts.next(), parts.next(), parts.next());
        let (Some(name), Some(id), Some(blob)) = (name, id, blob) else {
            return Err(bad("格式应为 名称+密钥ID+公钥"));
        };
        let blob = STANDARD.decode(blob).map_err(|_| bad("公钥不是 base64"))?;
        let (type_id, public_key) = if blob.first() == Some(&0x01) {
            (ED25519_TYPE.to_vec(), blob[1..].to_vec())
        } else if blob.starts_with(SM2_TYPE) {
            (SM2_TYPE.to_vec(), blob[SM2_TYPE.len()..].to_vec())
        } else {
            return Err(bad("不支持的签名算法"));
        };
        let key = VerifierKey { name: name.to_string(), type_id, public_key };
        let want: String = key.key_id().iter().map(|b| format!("{b:02x}")).collect();
        if want != id.to_ascii_lowercase() {
            return Err(bad("密钥ID与公钥不符"));
        }
        Ok(key)
    }

    /// The algorithm's short name.
    pub fn algorithm(&self) -> &'static str {
        if self.type_id == ED25519_TYPE { "ed25519" } else { "sm2" }
    }

    /// Checks one signature over `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        if self.type_id == ED25519_TYPE {
            let (Ok(pk), Ok(sig)) = (<[u8; 32]>::try_from(self.public_key.as_slice()), <[u8; 64]>::try_from(sig))
            else {
                return false;
            };
            let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&pk) else { return false };
            vk.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&sig)).is_ok()
        } else if self.type_id == SM2_TYPE {
            use sm2::dsa::signature::Verifier;
            let Ok(vk) = sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DEFAULT_ID, &self.public_key) else {
                return false;
            };
            let Ok(sig) = sm2::dsa::Signature::from_slice(sig) else { return false };
            vk.verify(msg, &sig).is_ok()
        } else {
            false
        }
    }
}

/// Signs `body` (which must end in a newline) with every signer, as a signed note.
pub fn sign_note(body: &str, signers: &[&dyn NoteSigner]) -> Result<String, NoteError> {
    if !body.ends_with('\n') || body.contains("\n\n") || body.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed("正文须以换行结尾、不含空行和控制字符".into()));
    }
    let mut out = String::from(body);
    out.push('\n');
    for s in signers {
        let mut blob = key_id(s.key_name(), s.type_id(), &s.public_key()).to_vec();
        blob.extend(s.sign(body.as_bytes()));
        out.push_str(&format!("\u{2014} {} {}\n", s.key_name(), STANDARD.encode(blob)));
    }
    Ok(out)
}

/// Opens a signed note: returns its body once every key in `required` has a valid signature
/// on it. A signature line from an unknown key is ignored; a known key whose signature fails
/// rejects the whole note.
pub fn open_note(note: &str, required: &[VerifierKey]) -> Result<String, NoteError> {
    let split = note.rfind("\n\n").ok_or_else(|| NoteError::Malformed("缺少签名部分".into()))?;
    let body = &note[..split + 1];
    let sigs = &note[split + 2..];
    if sigs.is_empty() || !sigs.ends_with('\n') {
        return Err(NoteError::Malformed("签名部分应以换行结尾".into()));
    }
    let mut verified = vec![false; required.len()];
    for line in sigs.lines() {
        let rest =
            line.strip_prefix("\u{2014} ").ok_or_else(|| NoteError::Malformed(format!("签名行格式错误：{line}")))?;
        let (name, b64) =
            rest.rsplit_once(' ').ok_or_else(|| NoteError::Malformed(format!("签名行格式错误：{line}")))?;
        let blob = STANDARD.decode(b64).map_err(|_| NoteError::Malformed("签名不是 base64".into()))?;
        if blob.len() < 5 {
            return Err(NoteError::Malformed("签名过短".into()));
        }
        for (i, k) in required.iter().enumerate() {
            if k.name == name && k.key_id() == blob[..4] {
                if !k.verify(body.as_bytes(), &blob[4..]) {
                    return Err(NoteError::BadSignature(format!("{}（{}）", k.name, k.algorithm())));
                }
                verified[i] = true;
            }
        }
    }
    if let Some(i) = verified.iter().position(|v| !v) {
        return Err(NoteError::MissingSignature(format!("{}（{}）", required[i].name, required[i].algorithm())));
    }
    Ok(body.to_string())
}

/// A checkpoint: the signed statement that the log of `origin` had `size` entries with `root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's name.
    pub origin: String,
    /// Number of entries.
    pub size: u64,
    /// Root hash.
    pub root: Hash,
    /// The tree's hash function.
    pub hash: HashAlg,
}

impl Checkpoint {
    /// The checkpoint body: origin, size, base64 root, `hash <name>`.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\nhash {}\n", self.origin, self.size, STANDARD.encode(self.root), self.hash.name())
    }

    /// Parses a checkpoint body.
    pub fn parse(body: &str) -> Result<Self, NoteError> {
        let bad = |m: &str| NoteError::Malformed(m.to_string());
        let mut lines = body.lines();
        let origin = lines.next().filter(|s| !s.is_empty()).ok_or_else(|| bad("缺少来源行"))?.to_string();
        let size_text = lines.next().ok_or_else(|| bad("缺少树大小"))?;
        if size_text.is_empty() || (size_text.len() > 1 && size_text.starts_with('0')) {
            return Err(bad("树大小格式错误"));
        }
        let size: u64 = size_text.parse().map_err(|_| bad("树大小格式错误"))?;
        let root =
            STANDARD.decode(lines.next().ok_or_else(|| bad("缺少根哈希"))?).map_err(|_| bad("根哈希不是 base64"))?;
        let root: Hash = root.try_into().map_err(|_| bad("根哈希应为32字节"))?;
        let hash = lines
            .next()
            .and_then(|l| l.strip_prefix("hash "))
            .and_then(HashAlg::parse)
            .ok_or_else(|| bad("缺少“hash sm3/sha256”扩展行"))?;
        Ok(Checkpoint { origin, size, root, hash })
    }

    /// Signs the checkpoint.
    pub fn sign(&self, signers: &[&dyn NoteSigner]) -> Result<String, NoteError> {
        sign_note(&self.body(), signers)
    }

    /// Opens a signed checkpoint, requiring every key in `required`.
    pub fn open(note: &str, required: &[VerifierKey]) -> Result<Self, NoteError> {
        Checkpoint::parse(&open_note(note, required)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signers() -> (Ed25519Signer, Sm2Signer) {
        let ed = Ed25519Signer::from_seed("zhifa.test/log", &[7u8; 32]);
        let sm = Sm2Signer::from_secret("zhifa.test/log", &[9u8; 32]).unwrap();
        (ed, sm)
    }

    fn cp() -> Checkpoint {
        Checkpoint { origin: "zhifa.test/log".into(), size: 12345, root: HashAlg::Sm3.leaf(b"x"), hash: HashAlg::Sm3 }
    }

    #[test]
    fn signed_checkpoint_round_trips_with_both_signatures() {
        let (ed, sm) = signers();
        let note = cp().sign(&[&ed, &sm]).unwrap();
        assert!(note.starts_with("zhifa.test/log\n12345\n"));
        assert_eq!(note.matches("\u{2014} zhifa.test/log ").count(), 2);
        let keys = [ed.verifier_key(), sm.verifier_key()];
        assert_eq!(Checkpoint::open(&note, &keys).unwrap(), cp());
        // The published verifier keys parse back to the same keys.
        for k in &keys {
            assert_eq!(&VerifierKey::parse(&k.to_text()).unwrap(), k);
        }
    }

    #[test]
    fn forged_or_altered_checkpoints_are_refused() {
        let (ed, sm) = signers();
        let keys = [ed.verifier_key(), sm.verifier_key()];
        let note = cp().sign(&[&ed, &sm]).unwrap();
        // A different size under the same signatures.
        let altered = note.replacen("12345", "12346", 1);
        assert!(matches!(Checkpoint::open(&altered, &keys), Err(NoteError::BadSignature(_))));
        // Signed by another key with the same name: the key ID differs, so it is missing.
        let other = Ed25519Signer::from_seed("zhifa.test/log", &[8u8; 32]);
        let forged = cp().sign(&[&other, &sm]).unwrap();
        assert!(matches!(Checkpoint::open(&forged, &keys), Err(NoteError::MissingSignature(_))));
        // Only one of the two required signatures.
        let half = cp().sign(&[&ed]).unwrap();
        assert!(matches!(Checkpoint::open(&half, &keys), Err(NoteError::MissingSignature(m)) if m.contains("sm2")));
        // A flipped bit in the SM2 signature.
        let mut lines: Vec<String> = note.lines().map(String::from).collect();
        let last = lines.len() - 1;
        let (head, b64) = lines[last].rsplit_once(' ').unwrap();
        let mut blob = STANDARD.decode(b64).unwrap();
        blob[10] ^= 1;
        lines[last] = format!("{head} {}", STANDARD.encode(blob));
        let flipped = lines.join("\n") + "\n";
        assert!(Checkpoint::open(&flipped, &keys).is_err());
    }

    #[test]
    fn malformed_bodies_are_refused() {
        for body in ["", "o\n", "o\n01\nAAAA\nhash sm3\n", "o\n5\nnot base64\nhash sm3\n", "o\n5\nAAAA\nhash sm3\n"] {
            assert!(Checkpoint::parse(body).is_err(), "{body:?}");
        }
        let mut ok = cp().body();
        assert!(Checkpoint::parse(&ok).is_ok());
        ok = ok.replace("hash sm3", "hash md5");
        assert!(Checkpoint::parse(&ok).is_err());
    }

    #[test]
    fn ed25519_key_id_follows_signed_note() {
        // key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]
        let (ed, _) = signers();
        let mut data = b"zhifa.test/log\n\x01".to_vec();
        data.extend(ed.public_key());
        let d = sha2::Sha256::digest(&data);
        assert_eq!(ed.verifier_key().key_id(), [d[0], d[1], d[2], d[3]]);
    }
}
