//! Building the tree and its proofs from stored perfect subtrees.
//!
//! A perfect subtree at `level` L and `index` i covers leaves [i·2^L, (i+1)·2^L); level 0 holds
//! the leaf hashes. Appending leaf n stores every perfect subtree that leaf completes (at most
//! log2 n + 1 nodes), so roots and proofs of any tree size need only O(log n) stored nodes.

use crate::hash::{Hash, HashAlg};

/// Where perfect-subtree hashes are read from (a database table, or memory).
pub trait NodeReader {
    /// Why a node could not be read.
    type Error;
    /// The hash of the perfect subtree at `level` and `index`.
    fn perfect_node(&self, level: u32, index: u64) -> Result<Hash, Self::Error>;
}

/// The largest power of two strictly smaller than `n` (n ≥ 2), as RFC 9162 splits trees.
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// RFC 9162 §2.1.1 MTH of the leaves [lo, hi) (hi > lo, with lo aligned as in the RFC split).
pub fn range_root<R: NodeReader>(alg: HashAlg, r: &R, lo: u64, hi: u64) -> Result<Hash, R::Error> {
    let n = hi - lo;
    if n.is_power_of_two() && lo.is_multiple_of(n) {
        return r.perfect_node(n.trailing_zeros(), lo / n);
    }
    let k = split_point(n);
    let left = range_root(alg, r, lo, lo + k)?;
    let right = range_root(alg, r, lo + k, hi)?;
    Ok(alg.node(&left, &right))
}

/// The root of the tree of the first `size` leaves.
pub fn root<R: NodeReader>(alg: HashAlg, r: &R, size: u64) -> Result<Hash, R::Error> {
    if size == 0 { Ok(alg.empty_root()) } else { range_root(alg, r, 0, size) }
}

/// RFC 9162 §2.1.3.1: the inclusion proof PATH(index, D[0:size]). The caller checks
/// `index < size`.
pub fn inclusion_proof<R: NodeReader>(alg: HashAlg, r: &R, index: u64, size: u64) -> Result<Vec<Hash>, R::Error> {
    let mut out = Vec::new();
    path(alg, r, index, 0, size, &mut out)?;
    Ok(out)
}

fn path<R: NodeReader>(alg: HashAlg, r: &R, m: u64, lo: u64, hi: u64, out: &mut Vec<Hash>) -> Result<(), R::Error> {
    let n = hi - lo;
    if n <= 1 {
        return Ok(());
    }
    let k = split_point(n);
    if m < k {
        path(alg, r, m, lo, lo + k, out)?;
        out.push(range_root(alg, r, lo + k, hi)?);
    } else {
        path(alg, r, m - k, lo + k, hi, out)?;
        out.push(range_root(alg, r, lo, lo + k)?);
    }
    Ok(())
}

/// RFC 9162 §2.1.4.1: the consistency proof PROOF(m, D[0:n]) for 0 < m < n. For m = 0 or
/// m = n the proof is empty.
pub fn consistency_proof<R: NodeReader>(alg: HashAlg, r: &R, m: u64, n: u64) -> Result<Vec<Hash>, R::Error> {
    let mut out = Vec::new();
    if m > 0 && m < n {
        subproof(alg, r, m, 0, n, true, &mut out)?;
    }
    Ok(out)
}

fn subproof<R: NodeReader>(
    alg: HashAlg,
    r: &R,
    m: u64,
    lo: u64,
    hi: u64,
    complete: bool,
    out: &mut Vec<Hash>,
) -> Result<(), R::Error> {
    let n = hi - lo;
    if m == n {
        if !complete {
            out.push(range_root(alg, r, lo, hi)?);
        }
        return Ok(());
    }
    let k = split_point(n);
    if m <= k {
        subproof(alg, r, m, lo, lo + k, complete, out)?;
        out.push(range_root(alg, r, lo + k, hi)?);
    } else {
        subproof(alg, r, m - k, lo + k, hi, false, out)?;
        out.push(range_root(alg, r, lo, lo + k)?);
    }
    Ok(())
}

/// The perfect subtrees completed by appending leaf number `index` with hash `leaf`: the leaf
/// itself at level 0 and each parent whose right edge it closes. `get` reads existing nodes
/// (the left siblings); the result is what to store.
pub fn append_nodes<E>(
    alg: HashAlg,
    index: u64,
    leaf: Hash,
    get: impl Fn(u32, u64) -> Result<Hash, E>,
) -> Result<Vec<(u32, u64, Hash)>, E> {
    let mut out = vec![(0, index, leaf)];
    let (mut level, mut i, mut h) = (0u32, index, leaf);
    while !i.is_multiple_of(2) {
        let left = get(level, i - 1)?;
        h = alg.node(&left, &h);
        level += 1;
        i /= 2;
        out.push((level, i, h));
    }
    Ok(out)
}

/// The right edge of a tree of `size` leaves: the root of each perfect subtree that a binary
/// digit of `size` stands for. It is all that appending needs, so a writer loads it once (see
/// [`Frontier::needed`]) and then appends any number of leaves without reading stored nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frontier {
    alg: HashAlg,
    size: u64,
    /// `levels[l]` is the subtree of 2^l leaves ending the tree, when bit `l` of `size` is set.
    levels: Vec<Option<Hash>>,
}

impl Frontier {
    /// The stored nodes that make up the edge of a tree of `size` leaves: (level, index).
    pub fn needed(size: u64) -> Vec<(u32, u64)> {
        (0..64).filter(|l| size >> l & 1 == 1).map(|l| (l, (size >> l) - 1)).collect()
    }

    /// The edge of the empty tree.
    pub fn empty(alg: HashAlg) -> Self {
        Frontier { alg, size: 0, levels: vec![None; 64] }
    }

    /// Builds the edge of a tree of `size` leaves from its nodes (`get` answers those listed
    /// by [`Frontier::needed`]).
    pub fn load<E>(alg: HashAlg, size: u64, get: impl Fn(u32, u64) -> Result<Hash, E>) -> Result<Self, E> {
        let mut edge = Self::empty(alg);
        edge.size = size;
        for (l, i) in Self::needed(size) {
            edge.levels[l as usize] = Some(get(l, i)?);
        }
        Ok(edge)
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf; returns the nodes to store (the leaf and each subtree it completes).
    pub fn push(&mut self, leaf: Hash) -> Vec<(u32, u64, Hash)> {
        let levels = &self.levels;
        let nodes = append_nodes::<()>(self.alg, self.size, leaf, |l, _| levels[l as usize].ok_or(()))
            .unwrap_or_else(|()| vec![(0, self.size, leaf)]);
        let (top, _, h) = nodes[nodes.len() - 1];
        for l in 0..top as usize {
            self.levels[l] = None;
        }
        self.levels[top as usize] = Some(h);
        self.size += 1;
        nodes
    }

    /// The root hash (of the empty string for an empty tree).
    pub fn root(&self) -> Hash {
        let mut acc: Option<Hash> = None;
        for h in self.levels.iter().flatten() {
            acc = Some(match acc {
                None => *h,
                Some(right) => self.alg.node(h, &right),
            });
        }
        acc.unwrap_or_else(|| self.alg.empty_root())
    }
}

/// Records which perfect nodes a computation reads (answering zeros), so that a database can
/// fetch exactly those in one query; the computation's shape does not depend on hash values.
#[derive(Debug, Default)]
pub struct NodeRecorder(std::cell::RefCell<Vec<(u32, u64)>>);

impl NodeRecorder {
    /// The nodes read so far, without repeats.
    pub fn into_nodes(self) -> Vec<(u32, u64)> {
        let mut v = self.0.into_inner();
        v.sort_unstable();
        v.dedup();
        v
    }
}

impl NodeReader for NodeRecorder {
    type Error = std::convert::Infallible;
    fn perfect_node(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        self.0.borrow_mut().push((level, index));
        Ok([0; 32])
    }
}

/// Perfect nodes fetched ahead of a computation; a missing one is an error naming it.
#[derive(Debug, Default)]
pub struct NodeMap(pub std::collections::HashMap<(u32, u64), Hash>);

impl NodeReader for NodeMap {
    type Error = (u32, u64);
    fn perfect_node(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        self.0.get(&(level, index)).copied().ok_or((level, index))
    }
}

/// A whole tree in memory (tests, benchmarks, and the standalone verifier's fixtures).
#[derive(Debug, Clone)]
pub struct MemoryTree {
    alg: HashAlg,
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new(alg: HashAlg) -> Self {
        MemoryTree { alg, levels: vec![Vec::new()] }
    }
    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.levels[0].len() as u64
    }
    /// Appends an entry (hashed as a leaf); returns its index.
    pub fn push(&mut self, entry: &[u8]) -> u64 {
        self.push_leaf_hash(self.alg.leaf(entry))
    }
    /// Appends an already computed leaf hash.
    pub fn push_leaf_hash(&mut self, leaf: Hash) -> u64 {
        let index = self.size();
        let nodes = append_nodes::<std::convert::Infallible>(self.alg, index, leaf, |l, i| {
            Ok(self.levels[l as usize][i as usize])
        });
        for (level, i, h) in nodes.unwrap_or_default() {
            if self.levels.len() <= level as usize {
                self.levels.push(Vec::new());
            }
            debug_assert_eq!(self.levels[level as usize].len() as u64, i);
            self.levels[level as usize].push(h);
        }
        index
    }
    /// The root of the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Hash {
        root(self.alg, self, size).unwrap_or_else(|e| match e {})
    }
    /// Inclusion proof of `index` in the tree of `size` leaves.
    pub fn inclusion(&self, index: u64, size: u64) -> Vec<Hash> {
        inclusion_proof(self.alg, self, index, size).unwrap_or_else(|e| match e {})
    }
    /// Consistency proof between sizes `m` and `n`.
    pub fn consistency(&self, m: u64, n: u64) -> Vec<Hash> {
        consistency_proof(self.alg, self, m, n).unwrap_or_else(|e| match e {})
    }
    /// The leaf hash at `index`.
    pub fn leaf_hash(&self, index: u64) -> Hash {
        self.levels[0][index as usize]
    }
}

impl NodeReader for MemoryTree {
    type Error = std::convert::Infallible;
    fn perfect_node(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        Ok(self.levels[level as usize][index as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::{verify_consistency, verify_inclusion};
    use proptest::prelude::*;

    #[test]
    fn frontier_appends_like_the_whole_tree_and_reloads_from_stored_nodes() {
        for alg in [HashAlg::Sm3, HashAlg::Sha256] {
            let mut tree = MemoryTree::new(alg);
            let mut edge = Frontier::empty(alg);
            assert_eq!(edge.root(), alg.empty_root());
            for n in 0..300u64 {
                let leaf = alg.leaf(&n.to_be_bytes());
                let mut expected = Vec::new();
                let before = tree.size();
                tree.push_leaf_hash(leaf);
                for (l, level) in tree.levels.iter().enumerate() {
                    for (i, h) in level.iter().enumerate() {
                        // nodes that did not exist before this leaf
                        if ((i as u64 + 1) << l) == before + 1 {
                            expected.push((l as u32, i as u64, *h));
                        }
                    }
                }
                assert_eq!(edge.push(leaf), expected, "leaf {n}");
                assert_eq!(edge.root(), tree.root_at(n + 1), "root after {n}");
                let reloaded =
                    Frontier::load::<()>(alg, n + 1, |l, i| Ok(tree.levels[l as usize][i as usize])).unwrap();
                assert_eq!(reloaded, edge);
            }
        }
    }

    /// The RFC 9162 definition of MTH, straight from the text, over leaf hashes.
    fn reference_root(alg: HashAlg, leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => alg.empty_root(),
            1 => leaves[0],
            n => {
                let k = split_point(n as u64) as usize;
                alg.node(&reference_root(alg, &leaves[..k]), &reference_root(alg, &leaves[k..]))
            }
        }
    }

    fn tree(alg: HashAlg, n: u64) -> MemoryTree {
        let mut t = MemoryTree::new(alg);
        for i in 0..n {
            t.push(format!("entry {i}").as_bytes());
        }
        t
    }

    #[test]
    fn roots_match_the_rfc_definition_for_every_size_to_70() {
        for alg in [HashAlg::Sm3, HashAlg::Sha256] {
            let t = tree(alg, 70);
            for size in 0..=70u64 {
                let leaves: Vec<Hash> = (0..size).map(|i| t.leaf_hash(i)).collect();
                assert_eq!(t.root_at(size), reference_root(alg, &leaves), "{alg:?} size {size}");
            }
        }
    }

    #[test]
    fn every_inclusion_and_consistency_proof_verifies_to_40() {
        for alg in [HashAlg::Sm3, HashAlg::Sha256] {
            let t = tree(alg, 40);
            for n in 1..=40u64 {
                let root_n = t.root_at(n);
                for i in 0..n {
                    let p = t.inclusion(i, n);
                    assert!(p.len() <= 64 - (n - 1).leading_zeros() as usize);
                    verify_inclusion(alg, i, n, &t.leaf_hash(i), &p, &root_n).unwrap();
                }
                for m in 1..=n {
                    let p = t.consistency(m, n);
                    verify_consistency(alg, m, n, &t.root_at(m), &root_n, &p).unwrap();
                }
                assert!(verify_consistency(alg, 0, n, &t.root_at(0), &root_n, &t.consistency(0, n)).is_err());
                assert!(verify_consistency(alg, n, n, &root_n, &root_n, &t.consistency(n, n)).is_ok());
            }
        }
    }

    proptest! {
        #[test]
        fn proofs_of_large_trees_verify_and_a_flipped_bit_fails(n in 2u64..3000, seed in any::<u64>(), bit in 0usize..256) {
            let alg = HashAlg::Sha256;
            let t = tree(alg, n);
            let i = seed % n;
            let m = 1 + seed % (n - 1);
            let root_n = t.root_at(n);
            let mut p = t.inclusion(i, n);
            prop_assert!(verify_inclusion(alg, i, n, &t.leaf_hash(i), &p, &root_n).is_ok());
            if !p.is_empty() {
                let j = bit / 8 % p.len();
                p[j][bit % 32] ^= 1 << (bit % 8);
                prop_assert!(verify_inclusion(alg, i, n, &t.leaf_hash(i), &p, &root_n).is_err());
            }
            let c = t.consistency(m, n);
            prop_assert!(verify_consistency(alg, m, n, &t.root_at(m), &root_n, &c).is_ok());
            prop_assert!(verify_consistency(alg, m, n, &t.root_at(m - 1), &root_n, &c).is_err());
        }
    }
}
