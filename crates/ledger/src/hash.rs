//! The hash functions of a ledger.

use sha2::Digest as _;

/// A 32-byte hash (both SM3 and SHA-256 give 32 bytes).
pub type Hash = [u8; 32];

/// The hash function chosen when a ledger is created; checkpoints name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SM3, GB/T 32905-2016 (default).
    Sm3,
    /// SHA-256, FIPS 180-4.
    Sha256,
}

impl HashAlg {
    /// The name used in checkpoints and configuration: `sm3` or `sha256`.
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sm3 => "sm3",
            HashAlg::Sha256 => "sha256",
        }
    }

    /// Parses `sm3` or `sha256`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sm3" => Some(HashAlg::Sm3),
            "sha256" | "sha-256" => Some(HashAlg::Sha256),
            _ => None,
        }
    }

    /// H(parts concatenated).
    pub fn digest(self, parts: &[&[u8]]) -> Hash {
        match self {
            HashAlg::Sm3 => {
                let mut h = sm3::Sm3::new();
                for p in parts {
                    sm3::Digest::update(&mut h, p);
                }
                sm3::Digest::finalize(h).into()
            }
            HashAlg::Sha256 => {
                let mut h = sha2::Sha256::new();
                for p in parts {
                    h.update(p);
                }
                h.finalize().into()
            }
        }
    }

    /// RFC 9162 §2.1.1: the hash of an empty tree, H().
    pub fn empty_root(self) -> Hash {
        self.digest(&[])
    }

    /// RFC 9162 §2.1.1: leaf hash H(0x00 ‖ entry).
    pub fn leaf(self, entry: &[u8]) -> Hash {
        self.digest(&[&[0x00], entry])
    }

    /// RFC 9162 §2.1.1: interior node hash H(0x01 ‖ left ‖ right).
    pub fn node(self, left: &Hash, right: &Hash) -> Hash {
        self.digest(&[&[0x01], left, right])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(h: &Hash) -> String {
        h.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// GB/T 32905-2016 Appendix A, example 1: SM3("abc").
    #[test]
    fn sm3_known_answer_abc() {
        assert_eq!(
            hex(&HashAlg::Sm3.digest(&[b"abc"])),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    /// GB/T 32905-2016 Appendix A, example 2: SM3 of "abcd" repeated 16 times.
    #[test]
    fn sm3_known_answer_512_bits() {
        let m = b"abcd".repeat(16);
        assert_eq!(
            hex(&HashAlg::Sm3.digest(&[&m])),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
    }

    #[test]
    fn sha256_known_answer_abc() {
        assert_eq!(
            hex(&HashAlg::Sha256.digest(&[b"abc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn leaf_and_node_prefixes_differ() {
        for alg in [HashAlg::Sm3, HashAlg::Sha256] {
            let a = alg.leaf(b"x");
            assert_ne!(a, alg.digest(&[b"x"]));
            assert_ne!(alg.node(&a, &a), alg.digest(&[&a, &a]));
        }
    }
}
