//! The tamper-evident log's mathematics, free of I/O: the RFC 9162 (Certificate Transparency
//! 2.0, §2.1) Merkle tree with leaf hash H(0x00‖entry) and node hash H(0x01‖left‖right), over
//! SM3 (GB/T 32905, the default) or SHA-256; inclusion and consistency proofs, built from
//! stored perfect-subtree nodes, and their verification.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod entry;
mod hash;
pub mod note;
pub mod personal;
mod proof;
mod tree;

pub use hash::{Hash, HashAlg};
pub use proof::{ProofError, verify_consistency, verify_inclusion};
pub use tree::{
    Frontier, MemoryTree, NodeMap, NodeReader, NodeRecorder, append_nodes, consistency_proof, inclusion_proof,
    range_root, root,
};
