//! The ledger's checkpoint keys: created on first start in the data folder (files readable by
//! the owner only, mode 0600), loaded afterwards. They sit behind [`NoteSigner`], so a hardware
//! security module can replace the files later. Several server processes that share one
//! database must share these files.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use zhifa_store::zhifa_ledger::note::{Ed25519Signer, NoteSigner, Sm2Signer, VerifierKey};

/// The signers of one installation.
#[derive(Clone)]
pub struct LedgerKeys {
    signers: Arc<Vec<Box<dyn NoteSigner>>>,
}

impl LedgerKeys {
    /// Every signer, Ed25519 first.
    pub fn signers(&self) -> Vec<&dyn NoteSigner> {
        self.signers.iter().map(|s| s.as_ref()).collect()
    }
    /// The public verifier keys.
    pub fn verifier_keys(&self) -> Vec<VerifierKey> {
        self.signers.iter().map(|s| s.verifier_key()).collect()
    }
    /// Keys from explicit secrets (tests, hardware-less fixtures).
    pub fn from_secrets(origin: &str, ed25519_seed: [u8; 32], sm2_secret: &[u8]) -> Result<Self, String> {
        let ed = Ed25519Signer::from_seed(origin, &ed25519_seed);
        let sm = Sm2Signer::from_secret(origin, sm2_secret).map_err(|e| e.to_string())?;
        Ok(LedgerKeys { signers: Arc::new(vec![Box::new(ed), Box::new(sm)]) })
    }
}

fn read_or_create(path: &Path, make: impl Fn() -> Vec<u8>) -> Result<Vec<u8>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => hex::decode(text.trim()).map_err(|_| format!("密钥文件 {} 已损坏", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let secret = make();
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            let mut f = opts.open(path).map_err(|e| format!("无法创建密钥文件 {}：{e}", path.display()))?;
            f.write_all(hex::encode(&secret).as_bytes()).and_then(|_| f.sync_all()).map_err(|e| e.to_string())?;
            tracing::info!(path = %path.display(), "ledger key created");
            Ok(secret)
        }
        Err(e) => Err(format!("无法读取密钥文件 {}：{e}", path.display())),
    }
}

/// Loads the keys from `dir` if they are there, without creating anything (what `zhifa verify`
/// uses: a missing key is a finding, not something to repair). `None`: neither key file exists.
pub fn load(dir: &Path, origin: &str) -> Result<Option<LedgerKeys>, String> {
    let (ed_path, sm_path) = (dir.join("ledger-ed25519.key"), dir.join("ledger-sm2.key"));
    let read = |p: &Path| -> Result<Option<Vec<u8>>, String> {
        match std::fs::read_to_string(p) {
            Ok(text) => hex::decode(text.trim()).map(Some).map_err(|_| format!("密钥文件 {} 已损坏", p.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("无法读取密钥文件 {}：{e}", p.display())),
        }
    };
    match (read(&ed_path)?, read(&sm_path)?) {
        (None, None) => Ok(None),
        (Some(ed), Some(sm)) => {
            let ed: [u8; 32] = ed.try_into().map_err(|_| "Ed25519 密钥长度错误".to_string())?;
            LedgerKeys::from_secrets(origin, ed, &sm).map(Some)
        }
        (None, Some(_)) => Err(format!("密钥文件 {} 缺失", ed_path.display())),
        (Some(_), None) => Err(format!("密钥文件 {} 缺失", sm_path.display())),
    }
}

/// Loads the keys from `dir`, creating any that are missing.
pub fn load_or_create(dir: &Path, origin: &str) -> Result<LedgerKeys, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建密钥目录 {}：{e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let ed = read_or_create(&dir.join("ledger-ed25519.key"), || rand::random::<[u8; 32]>().to_vec())?;
    let ed: [u8; 32] = ed.try_into().map_err(|_| "Ed25519 密钥长度错误".to_string())?;
    // An SM2 secret must lie in [1, n-1]; a random 256-bit value almost always does, and the
    // loop draws again when it does not.
    let sm = read_or_create(&dir.join("ledger-sm2.key"), || {
        loop {
            let c = rand::random::<[u8; 32]>();
            if Sm2Signer::from_secret(origin, &c).is_ok() {
                return c.to_vec();
            }
        }
    })?;
    LedgerKeys::from_secrets(origin, ed, &sm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_created_once_private_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create(dir.path(), "zhifa.test/log").unwrap();
        let b = load_or_create(dir.path(), "zhifa.test/log").unwrap();
        assert_eq!(a.verifier_keys(), b.verifier_keys());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for f in ["ledger-ed25519.key", "ledger-sm2.key"] {
                let mode = std::fs::metadata(dir.path().join(f)).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{f}");
            }
        }
    }
}
