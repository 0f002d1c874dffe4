//! Over-masking measured on text that holds (almost) no personal data: every Markdown or text
//! file under a folder — the statute corpus in `../shared/data/laws` — is redacted and what the
//! engine masks is counted by kind, with the most frequent masked strings and a few in context.
//! Run: `cargo run --release -p zhifa-core --example redact_negatives -- ../shared/data/laws`.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use zhifa_core::redact::{Context, find};
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    let mut bytes = 0;
    let mut words: BTreeMap<(&str, String, String), usize> = BTreeMap::new();
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(&dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { stack.push(p) } else { files.push(p) }
        }
    }
    for p in files {
        let t = std::fs::read_to_string(&p).unwrap_or_default();
        bytes += t.len();
        let cs: Vec<char> = t.chars().collect();
        for s in find(&t, &Context::default()) {
            *per.entry(s.kind.label()).or_default() += 1;
            *words
                .entry((s.kind.label(), cs[s.start..s.end].iter().collect::<String>(), s.reason.clone()))
                .or_default() += 1;
            let n = shown.entry(s.kind.label()).or_default();
            if *n < 40 {
                *n += 1;
                let a = s.start.saturating_sub(12);
                let b = (s.end + 8).min(cs.len());
                println!(
                    "{}: 〔{}〕 {} … {} …",
                    s.kind.label(),
                    cs[s.start..s.end].iter().collect::<String>(),
                    s.reason,
                    cs[a..b].iter().collect::<String>().replace('\n', " ")
                );
            }
        }
    }
    let mut w: Vec<_> = words.into_iter().collect();
    w.sort_by_key(|x| std::cmp::Reverse(x.1));
    for ((k, t, r), n) in w.iter().take(60) {
        println!("{n:5} {k} 〔{t}〕 {r}");
    }
    println!("{} MB: {per:?}", bytes / 1_000_000);
}
