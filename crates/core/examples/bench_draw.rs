//! Benchmark of the verifiable draw (issue: a draw over 100,000 objects and 500 inspectors
//! ≤ 2 s; verifying its bundle offline ≤ 2 s). Release mode:
//!
//! `cargo run --release -p zhifa-core --example bench_draw -- [OBJECTS] [PEOPLE] [RUNS] [BUNDLE_OUT]`
//!
//! Measures, each RUNS times (median and spread printed):
//! - canonical rosters and their three roots;
//! - the draw (keyed HMAC-SM3 state reused, people ranked on every core);
//! - the baseline in the same run: the same draw with a fresh HMAC per score on one core (the
//!   way the draw was first written), checked to give the identical result;
//! - verifying the bundle: parse its JSON and run every check.
//!
//! Writes the bundle to BUNDLE_OUT (default `/tmp/bench-draw-bundle.json`) for `zhifa draw verify`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;
use zhifa_core::draw::{self, Conflict, Object, Params, Person, Quota, Rosters, bundle};

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// The first version's ranking: a fresh HMAC for every score, one core.
fn baseline(task: &str, r: &Rosters, p: &Params, entropy: &str) -> draw::DrawResult {
    let key = draw::prk(task, &r.roots(), p, entropy);
    let mut strata: BTreeMap<&str, Vec<([u8; 32], &Object)>> = BTreeMap::new();
    for o in &r.objects {
        strata.entry(&o.stratum).or_default().push((draw::object_score(&key, &o.key), o));
    }
    let mut picked = Vec::new();
    let mut summary = Vec::new();
    for (name, mut objs) in strata {
        objs.sort();
        let k = p.quota.k(objs.len());
        summary.push(draw::Stratum {
            stratum: name.to_owned(),
            n: objs.len(),
            k,
            cutoff: k.checked_sub(1).map(|i| draw::hex(&objs[i].0)),
        });
        picked.extend(objs.into_iter().take(k));
    }
    picked.sort();
    let conflicts: BTreeSet<(&str, &str)> =
        r.conflicts.iter().map(|c| (c.object.as_str(), c.person.as_str())).collect();
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    let mut chosen = Vec::new();
    let mut short = Vec::new();
    for (score, o) in picked {
        let mut ranked: Vec<([u8; 32], &Person)> = r
            .people
            .iter()
            .filter(|x| !conflicts.contains(&(o.key.as_str(), x.key.as_str())))
            .map(|x| (draw::person_score(&key, &o.key, &x.key), x))
            .collect();
        ranked.sort();
        let mut people = Vec::new();
        let mut reserves = Vec::new();
        for (s, x) in &ranked {
            let under = p.cap == 0 || load.get(x.key.as_str()).copied().unwrap_or(0) < p.cap;
            if people.len() < p.per_object as usize {
                if under {
                    *load.entry(x.key.as_str()).or_default() += 1;
                    people.push(draw::Drawn { person: x.key.clone(), group: x.group.clone(), score: draw::hex(s) });
                }
            } else if reserves.len() < p.reserves as usize {
                if under {
                    reserves.push(draw::Drawn { person: x.key.clone(), group: x.group.clone(), score: draw::hex(s) });
                }
            } else {
                break;
            }
        }
        if people.len() < p.per_object as usize {
            short.push(o.key.clone());
        }
        chosen.push(draw::Chosen {
            key: o.key.clone(),
            stratum: o.stratum.clone(),
            score: draw::hex(&score),
            people,
            reserves,
        });
    }
    draw::DrawResult { prk: draw::hex(&key), strata: summary, chosen, short }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|x| x.parse().ok()).unwrap_or(100_000);
    let m: usize = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(500);
    let runs: usize = args.get(3).and_then(|x| x.parse().ok()).unwrap_or(5);
    let out = args.get(4).cloned().unwrap_or_else(|| "/tmp/bench-draw-bundle.json".into());
    const AREAS: [&str; 6] = ["宝平街道", "海滨街道", "口东街道", "大口屯镇", "八门城镇", "钰华街道"];
    let objects: Vec<Object> = (0..n)
        .map(|i| {
            let first17 = format!("{}120224MA{:07}", if i % 3 == 2 { "92" } else { "91" }, i * 7 + 13);
            let check = zhifa_core::ids::credit_code_check_char(&first17).unwrap_or('0');
            Object { key: format!("{first17}{check}"), stratum: AREAS[i % AREAS.len()].to_owned() }
        })
        .collect();
    let people: Vec<Person> =
        (0..m).map(|i| Person { key: format!("津120115{:05}", 10_000 + i), group: "3".into() }).collect();
    let conflicts: Vec<Conflict> =
        (0..200).map(|i| Conflict { object: objects[i * 13].key.clone(), person: people[i % m].key.clone() }).collect();
    let params = Params {
        quota: Quota::Ratio { num: 3, den: 100 },
        per_object: 2,
        reserves: 1,
        cap: 20,
        avoid_own_group: false,
        joint: false,
    };
    let task = "双随机-2026-3-001";
    let entropy = draw::canonical_entropy("03 11 17 24 29 32 / 08").unwrap_or_default();
    println!(
        "draw of {n} objects and {m} inspectors, {} runs, {} cores",
        runs,
        std::thread::available_parallelism().map(|x| x.get()).unwrap_or(1)
    );

    let (mut t_rosters, mut t_draw, mut t_base, mut t_verify) = (vec![], vec![], vec![], vec![]);
    let mut result = None;
    let mut rosters = None;
    for _ in 0..runs {
        let t = Instant::now();
        let mut shuffled = objects.clone();
        shuffled.reverse();
        let r = Rosters::new(shuffled, people.clone(), conflicts.clone()).unwrap_or_default();
        let _ = r.roots();
        t_rosters.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let res = draw::draw(task, &r, &params, &entropy);
        t_draw.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let base = baseline(task, &r, &params, &entropy);
        t_base.push(t.elapsed().as_secs_f64());
        assert_eq!(base, res, "the baseline draws the same");
        result = Some(res);
        rosters = Some(r);
    }
    let (Some(res), Some(r)) = (result, rosters) else { return };
    let roots = r.roots();
    let b = bundle::Bundle {
        format: bundle::FORMAT.into(),
        task: task.into(),
        title: "基准".into(),
        params: params.clone(),
        lines: bundle::Lines::of(&r),
        roots: bundle::RootsHex {
            objects: draw::hex(&roots.objects),
            people: draw::hex(&roots.people),
            conflicts: draw::hex(&roots.conflicts),
        },
        entropy: bundle::Entropy {
            source: "双色球".into(),
            public_at: chrono::Utc::now(),
            value: Some(entropy.clone()),
        },
        announcement: None,
        result: Some(res.clone()),
    };
    let json = serde_json::to_string(&b).unwrap_or_default();
    std::fs::write(&out, &json).ok();
    for _ in 0..runs {
        let t = Instant::now();
        let parsed: bundle::Bundle = serde_json::from_str(&json).unwrap_or_else(|_| b.clone());
        let report = bundle::verify(&parsed, &[]);
        t_verify.push(t.elapsed().as_secs_f64());
        assert!(report.passed(), "{report:#?}");
    }
    let k: usize = res.strata.iter().map(|s| s.k).sum();
    println!(
        "drawn: {k} objects in {} strata, {} short; bundle {:.1} MB at {out}",
        res.strata.len(),
        res.short.len(),
        json.len() as f64 / 1e6
    );
    for (what, v) in [
        ("rosters + roots", t_rosters),
        ("draw", t_draw.clone()),
        ("draw, baseline (fresh HMAC, one core)", t_base.clone()),
        ("verify bundle (parse + all checks)", t_verify),
    ] {
        let (med, lo, hi) = median(v);
        println!("{what:<40} median {:>8.1} ms  (min {:.1}, max {:.1})", med * 1e3, lo * 1e3, hi * 1e3);
    }
    println!("draw speed-up over the baseline: {:.2}×", median(t_base).0 / median(t_draw).0);
}
