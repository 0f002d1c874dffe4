//! Benchmark (not a test): inclusion-proof verifications per second at one million entries,
//! SM3 and SHA-256, with the proof size against the bound 32·⌈log2 n⌉ bytes. Baseline in the
//! same run: one bare hash of a 32-byte value, per second.
//!
//!   cargo run --release -p zhifa-ledger --example bench_proofs [-- ENTRIES]

use std::time::Instant;
use zhifa_ledger::{HashAlg, MemoryTree, verify_inclusion};

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    for alg in [HashAlg::Sm3, HashAlg::Sha256] {
        let t0 = Instant::now();
        let mut tree = MemoryTree::new(alg);
        for i in 0..n {
            tree.push(format!("zhifa-ledger-entry/v1\nseq {i}\n").as_bytes());
        }
        let build = t0.elapsed();
        let root = tree.root_at(n);
        let samples = 20_000u64;
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let proofs: Vec<(u64, Vec<[u8; 32]>)> = (0..samples)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let i = x % n;
                (i, tree.inclusion(i, n))
            })
            .collect();
        let max_len = proofs.iter().map(|(_, p)| p.len() * 32).max().unwrap_or(0);
        let bound = 32 * (64 - (n - 1).leading_zeros()) as usize;
        let mut times = Vec::new();
        for _round in 0..5 {
            let t = Instant::now();
            for (i, p) in &proofs {
                if verify_inclusion(alg, *i, n, &tree.leaf_hash(*i), p, &root).is_err() {
                    panic!("proof {i} failed");
                }
            }
            times.push(samples as f64 / t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let t = Instant::now();
        let mut h = [0u8; 32];
        for _ in 0..200_000 {
            h = alg.digest(&[&h]);
        }
        let hashes = 200_000.0 / t.elapsed().as_secs_f64();
        println!(
            "{}: {n} entries (tree built in {:.2} s); inclusion verifications/s median of 5: {:.0}; largest proof {max_len} B (bound 32·⌈log2 n⌉ = {bound} B); baseline bare hashes/s: {:.0} (a proof costs ~{:.1} hashes)",
            alg.name(),
            build.as_secs_f64(),
            times[2],
            hashes,
            hashes / times[2]
        );
        assert!(max_len <= bound);
    }
}
