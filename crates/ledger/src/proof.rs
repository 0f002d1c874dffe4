//! Proof verification (RFC 9162 §2.1.3.2 and §2.1.4.2), written over byte slices so that a
//! proof from outside (a file, an API response) is checked exactly as received: any component
//! that is not 32 bytes, any missing or extra component, any wrong root is an error.

use crate::hash::{Hash, HashAlg};

/// Why a proof was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not inside the tree.
    #[error("叶子序号 {index} 不在规模为 {size} 的树中")]
    IndexOutOfRange {
        /// index
        index: u64,
        /// size
        size: u64,
    },
    /// The second tree is smaller than the first.
    #[error("第二棵树（{size2}）小于第一棵树（{size1}）")]
    ShrinkingTree {
        /// size1
        size1: u64,
        /// size2
        size2: u64,
    },
    /// A hash is not 32 bytes long.
    #[error("哈希长度应为32字节，实际为{0}字节")]
    BadHashLength(usize),
    /// The proof has the wrong number of components.
    #[error("证明应有{expected}个哈希，实际为{got}个")]
    WrongProofSize {
        /// expected
        expected: usize,
        /// got
        got: usize,
    },
    /// A consistency proof from the empty tree proves nothing.
    #[error("从空树出发的一致性证明没有意义")]
    EmptyFirstTree,
    /// The recomputed root differs from the one given.
    #[error("计算出的根哈希与给定的不一致")]
    RootMismatch,
}

fn hash32(b: &[u8]) -> Result<Hash, ProofError> {
    b.try_into().map_err(|_| ProofError::BadHashLength(b.len()))
}

/// The shape of an inclusion proof for `index` in a tree of `size` leaves: the components below
/// the point where the leaf's path leaves the right edge (`inner`), and those along the right
/// edge above it (`border`).
fn shape(index: u64, size: u64) -> (usize, usize) {
    let inner = (64 - (index ^ (size - 1)).leading_zeros()) as usize;
    let border = (index >> inner).count_ones() as usize;
    (inner, border)
}

/// Folds inner components: at level i the running hash is the right child when bit i of
/// `index` is set, the left child otherwise.
fn fold_inner(alg: HashAlg, mut h: Hash, proof: &[Hash], index: u64) -> Hash {
    for (i, p) in proof.iter().enumerate() {
        h = if (index >> i) & 1 == 1 { alg.node(p, &h) } else { alg.node(&h, p) };
    }
    h
}

/// Folds only the components to the left of the path (used to rebuild the older root).
fn fold_inner_left_only(alg: HashAlg, mut h: Hash, proof: &[Hash], index: u64) -> Hash {
    for (i, p) in proof.iter().enumerate() {
        if (index >> i) & 1 == 1 {
            h = alg.node(p, &h);
        }
    }
    h
}

/// Folds border components: along the right edge every sibling is on the left.
fn fold_border(alg: HashAlg, mut h: Hash, proof: &[Hash]) -> Hash {
    for p in proof {
        h = alg.node(p, &h);
    }
    h
}

fn parse_all(proof: &[impl AsRef<[u8]>]) -> Result<Vec<Hash>, ProofError> {
    proof.iter().map(|p| hash32(p.as_ref())).collect()
}

/// Verifies that `leaf_hash` is leaf number `index` of the tree of `size` leaves whose root is
/// `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    alg: HashAlg,
    index: u64,
    size: u64,
    leaf_hash: &[u8],
    proof: &[impl AsRef<[u8]>],
    root: &[u8],
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let leaf = hash32(leaf_hash)?;
    let root = hash32(root)?;
    let proof = parse_all(proof)?;
    let (inner, border) = shape(index, size);
    if proof.len() != inner + border {
        return Err(ProofError::WrongProofSize { expected: inner + border, got: proof.len() });
    }
    let h = fold_inner(alg, leaf, &proof[..inner], index);
    let h = fold_border(alg, h, &proof[inner..]);
    if h == root { Ok(()) } else { Err(ProofError::RootMismatch) }
}

/// Verifies that the tree of `size1` leaves with root `root1` is a prefix of the tree of
/// `size2` leaves with root `root2` (RFC 9162 §2.1.4.2). Equal sizes need identical roots and
/// an empty proof; any proof from the empty tree is refused as meaningless.
pub fn verify_consistency(
    alg: HashAlg,
    size1: u64,
    size2: u64,
    root1: &[u8],
    root2: &[u8],
    proof: &[impl AsRef<[u8]>],
) -> Result<(), ProofError> {
    if size1 == 0 {
        // Nothing can be proved about a tree against the empty one; a checker that accepted
        // this could be fed any later tree.
        return Err(ProofError::EmptyFirstTree);
    }
    if size2 < size1 {
        return Err(ProofError::ShrinkingTree { size1, size2 });
    }
    if size1 == size2 {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofSize { expected: 0, got: proof.len() });
        }
        return if root1 == root2 { Ok(()) } else { Err(ProofError::RootMismatch) };
    }
    let root1 = hash32(root1)?;
    let root2 = hash32(root2)?;
    let proof = parse_all(proof)?;
    if proof.is_empty() {
        return Err(ProofError::WrongProofSize { expected: 1, got: 0 });
    }
    // The path of the old tree's last leaf in the new tree, above the level where the old tree
    // is a perfect subtree (its `shift` lowest levels are inside that subtree).
    let (inner, border) = shape(size1 - 1, size2);
    let shift = size1.trailing_zeros() as usize;
    let inner = inner - shift;
    // If the old tree is itself a perfect subtree, its root is the starting point; otherwise
    // the proof starts with the hash of the perfect subtree that ends the old tree.
    let (seed, rest) = if size1 == 1u64 << shift { (root1, &proof[..]) } else { (proof[0], &proof[1..]) };
    let expected = inner + border + usize::from(size1 != 1u64 << shift);
    if proof.len() != expected {
        return Err(ProofError::WrongProofSize { expected, got: proof.len() });
    }
    let mask = (size1 - 1) >> shift;
    let old = fold_border(alg, fold_inner_left_only(alg, seed, &rest[..inner], mask), &rest[inner..]);
    if old != root1 {
        return Err(ProofError::RootMismatch);
    }
    let new = fold_border(alg, fold_inner(alg, seed, &rest[..inner], mask), &rest[inner..]);
    if new == root2 { Ok(()) } else { Err(ProofError::RootMismatch) }
}
