//! The bundle of a draw: everything a citizen needs to re-run it offline with no database —
//! the announced parameters and rosters (canonical lines), their roots, the entropy source and
//! its value, the announcement as journaled with its inclusion proof under a signed
//! checkpoint, and the result. [`verify`] checks all of it and says, check by check, what holds.
//! No I/O: `zhifa draw verify BUNDLE` reads the file and prints the report.

use super::{Conflict, DrawResult, Object, Params, Person, Rosters, canonical_entropy, draw, hex};
use crate::error::Invalid;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zhifa_ledger::HashAlg;
use zhifa_ledger::note::{Checkpoint, VerifierKey};

/// The format's name and version, the bundle's first field.
pub const FORMAT: &str = "zhifa-draw-bundle/v1";

/// The rosters as announced: canonical lines, sorted, each key once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lines {
    /// `key|stratum`
    pub objects: Vec<String>,
    /// `key|group`
    pub people: Vec<String>,
    /// `object|person`
    pub conflicts: Vec<String>,
}

impl Lines {
    /// The canonical lines of rosters.
    pub fn of(r: &Rosters) -> Self {
        let [objects, people, conflicts] = r.lines();
        Lines { objects, people, conflicts }
    }

    /// The rosters these lines describe (a line without `|` or an empty part is refused).
    pub fn rosters(&self) -> Result<Rosters, Invalid> {
        fn split<'a>(field: &'static str, l: &'a str, e: &mut Invalid) -> Option<(&'a str, &'a str)> {
            let r = l.split_once('|');
            if r.is_none() {
                e.push(field, format!("名单行“{l}”没有竖线分隔"));
            }
            r
        }
        let mut e = Invalid::default();
        let objects: Vec<Object> = self
            .objects
            .iter()
            .filter_map(|l| split("objects", l, &mut e))
            .map(|(k, s)| Object { key: k.into(), stratum: s.into() })
            .collect();
        let people: Vec<Person> = self
            .people
            .iter()
            .filter_map(|l| split("people", l, &mut e))
            .map(|(k, g)| Person { key: k.into(), group: g.into() })
            .collect();
        let conflicts: Vec<Conflict> = self
            .conflicts
            .iter()
            .filter_map(|l| split("conflicts", l, &mut e))
            .map(|(o, p)| Conflict { object: o.into(), person: p.into() })
            .collect();
        e.into_result(())?;
        Rosters::new(objects, people, conflicts)
    }
}

/// The three roots, hex, as announced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RootsHex {
    /// of the objects' lines
    pub objects: String,
    /// of the people's lines
    pub people: String,
    /// of the conflict pairs
    pub conflicts: String,
}

/// The entropy: its source fixed at the announcement, the time its value becomes public, and
/// the value (canonical) once entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Entropy {
    /// 随机源 (e.g. 中国福利彩票“双色球”第2026142期开奖号码)
    pub source: String,
    /// when it becomes public
    pub public_at: DateTime<Utc>,
    /// its value, canonical (RFC 3797 §4 for lottery numbers), once drawn
    pub value: Option<String>,
}

/// The announcement in force, as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Announcement {
    /// the journaled row (canonical JSON, keys sorted) whose SHA-256 the entry records
    pub record: String,
    /// the entry's leaf number
    pub index: u64,
    /// the entry (its canonical text)
    pub entry: String,
    /// the inclusion proof of the entry under the checkpoint (hex hashes)
    pub proof: Vec<String>,
    /// the first signed checkpoint that covers the entry (a signed note)
    pub checkpoint: String,
    /// when the platform signed that checkpoint
    pub checkpointed_at: DateTime<Utc>,
}

/// A draw's bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Bundle {
    /// [`FORMAT`]
    pub format: String,
    /// the task's number (enters the key)
    pub task: String,
    /// its title
    pub title: String,
    /// the rules of the draw
    pub params: Params,
    /// the rosters
    pub lines: Lines,
    /// their roots as announced
    pub roots: RootsHex,
    /// the entropy
    pub entropy: Entropy,
    /// the announcement under a signed checkpoint (absent before the checkpoint is signed)
    pub announcement: Option<Announcement>,
    /// the result as published (absent before the draw)
    pub result: Option<DrawResult>,
}

/// One check of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Check {
    /// what was checked
    pub what: String,
    /// holds (true), fails (false), or could not be checked (none)
    pub ok: Option<bool>,
    /// the detail
    pub detail: String,
}

/// A verification's report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Report {
    /// each check in order
    pub checks: Vec<Check>,
}

impl Report {
    fn push(&mut self, what: &str, ok: Option<bool>, detail: impl Into<String>) {
        self.checks.push(Check { what: what.into(), ok, detail: detail.into() });
    }
    /// Nothing failed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.ok != Some(false))
    }
    /// Every check held (nothing failed and nothing was left unchecked).
    pub fn complete(&self) -> bool {
        self.checks.iter().all(|c| c.ok == Some(true))
    }
}

fn field<'a>(v: &'a serde_json::Value, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| v.get(*n).and_then(|x| x.as_str()))
}

/// Checks the announcement: the record's hash is the entry's, the record announces these roots,
/// parameters and entropy source, the entry is under the checkpoint (signed by `keys`, when
/// given), and the checkpoint was signed before the entropy became public.
fn check_announcement(b: &Bundle, a: &Announcement, keys: &[VerifierKey], r: &mut Report) {
    // the record is the entry's
    let content = a.entry.lines().find_map(|l| l.strip_prefix("content ")).unwrap_or_default();
    let record_hash = hex(&HashAlg::Sha256.digest(&[a.record.as_bytes()]));
    if record_hash == content {
        r.push("公告记录", Some(true), format!("记录的 SHA-256 {record_hash} 与账本条目登记的一致"));
    } else {
        r.push("公告记录", Some(false), "记录与账本条目登记的摘要不符：公告记录被改动");
    }
    // the record says what the bundle says
    match serde_json::from_str::<serde_json::Value>(&a.record) {
        Err(e) => r.push("公告内容", Some(false), format!("记录不是有效的 JSON：{e}")),
        Ok(v) => {
            let mut wrong = Vec::new();
            let expect = [
                (&["task"][..], b.task.as_str(), "任务编号"),
                (&["objects_root", "files_root"][..], b.roots.objects.as_str(), "对象名单根"),
                (&["people_root", "reviewers_root"][..], b.roots.people.as_str(), "人员名单根"),
                (&["conflicts_root"][..], b.roots.conflicts.as_str(), "回避名单根"),
                (&["entropy_source"][..], b.entropy.source.as_str(), "随机源"),
            ];
            for (names, want, label) in expect {
                if field(&v, names) != Some(want) {
                    wrong.push(label);
                }
            }
            let params: Option<Params> = field(&v, &["params"]).and_then(|p| serde_json::from_str(p).ok());
            if params.as_ref() != Some(&b.params) {
                wrong.push("抽取参数");
            }
            let at: Option<DateTime<Utc>> = field(&v, &["entropy_at"]).and_then(|t| t.parse().ok());
            if at != Some(b.entropy.public_at) {
                wrong.push("随机源公布时间");
            }
            if wrong.is_empty() {
                r.push("公告内容", Some(true), "账本记录的公告与本文件的参数、名单根和随机源一致");
            } else {
                r.push("公告内容", Some(false), format!("账本记录的公告与本文件不符：{}", wrong.join("、")));
            }
        }
    }
    // the entry is under the checkpoint
    let body = match a.checkpoint.split_once("\n\n") {
        Some((body, _)) => format!("{body}\n"),
        None => a.checkpoint.clone(),
    };
    let cp = if keys.is_empty() {
        r.push("检查点签名", None, "未给出公布的验证公钥（--key），签名未核验");
        Checkpoint::parse(&body).map_err(|e| e.to_string())
    } else {
        let opened = Checkpoint::open(&a.checkpoint, keys).map_err(|e| e.to_string());
        match &opened {
            Ok(_) => r.push("检查点签名", Some(true), "检查点的签名经给出的公钥核验有效"),
            Err(e) => r.push("检查点签名", Some(false), format!("检查点签名无效：{e}")),
        }
        opened
    };
    match cp {
        Err(e) => r.push("包含证明", Some(false), format!("检查点无法读取：{e}")),
        Ok(cp) => {
            let proof: Result<Vec<Vec<u8>>, ()> = a.proof.iter().map(|h| unhex(h).ok_or(())).collect();
            let leaf = cp.hash.leaf(a.entry.as_bytes());
            match proof.map(|p| zhifa_ledger::verify_inclusion(cp.hash, a.index, cp.size, &leaf, &p, &cp.root)) {
                Ok(Ok(())) => r.push(
                    "包含证明",
                    Some(true),
                    format!("公告是账本第 {} 号条目，包含在树大小为 {} 的检查点中", a.index, cp.size),
                ),
                Ok(Err(e)) => r.push("包含证明", Some(false), format!("包含证明无效：{e}")),
                Err(()) => r.push("包含证明", Some(false), "包含证明不是十六进制"),
            }
        }
    }
    if a.checkpointed_at < b.entropy.public_at {
        r.push(
            "先公告后产生随机数",
            Some(true),
            format!("检查点签署于 {}，早于随机源公布时间 {}", a.checkpointed_at, b.entropy.public_at),
        );
    } else {
        r.push(
            "先公告后产生随机数",
            Some(false),
            format!("检查点签署于 {}，不早于随机源公布时间 {}：抽取无效", a.checkpointed_at, b.entropy.public_at),
        );
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Verifies a bundle: the rosters' canonical form and roots, the parameters, the announcement
/// (with `keys`, its checkpoint's signatures), the entropy's canonical form, and the draw
/// re-run from all of it. Every check is reported; [`Report::passed`] is the verdict.
pub fn verify(b: &Bundle, keys: &[VerifierKey]) -> Report {
    let mut r = Report::default();
    if b.format != FORMAT {
        r.push("格式", Some(false), format!("不是本格式（{FORMAT}），而是“{}”", b.format));
        return r;
    }
    let rosters = match b.lines.rosters() {
        Ok(x) => x,
        Err(e) => {
            r.push("名单", Some(false), format!("名单无法读取：{e}"));
            return r;
        }
    };
    if Lines::of(&rosters) == b.lines {
        r.push(
            "名单",
            Some(true),
            format!(
                "对象 {} 个、人员 {} 名、回避 {} 对，按规范排序，无重复",
                b.lines.objects.len(),
                b.lines.people.len(),
                b.lines.conflicts.len()
            ),
        );
    } else {
        r.push("名单", Some(false), "名单不是规范形式（未排序、有重复或有多余空白）");
    }
    let roots = rosters.roots();
    let computed =
        RootsHex { objects: hex(&roots.objects), people: hex(&roots.people), conflicts: hex(&roots.conflicts) };
    if computed == b.roots {
        r.push("默克尔根", Some(true), "三份名单的 SM3 默克尔根与公告的一致");
    } else {
        let mut which = Vec::new();
        if computed.objects != b.roots.objects {
            which.push("对象名单");
        }
        if computed.people != b.roots.people {
            which.push("人员名单");
        }
        if computed.conflicts != b.roots.conflicts {
            which.push("回避名单");
        }
        r.push("默克尔根", Some(false), format!("{}的默克尔根与公告的不符：名单在公告后被改动", which.join("、")));
    }
    match b.params.check() {
        Ok(()) => r.push("抽取参数", Some(true), b.params.canonical()),
        Err(e) => r.push("抽取参数", Some(false), format!("参数无效：{e}")),
    }
    match &b.announcement {
        Some(a) => check_announcement(b, a, keys, &mut r),
        None => r.push("公告记录", None, "本文件没有附公告的账本证明"),
    }
    let Some(value) = &b.entropy.value else {
        r.push("抽取结果", None, "尚未抽取：随机源结果尚未录入");
        return r;
    };
    match canonical_entropy(value) {
        Ok(c) if &c == value => r.push("随机源结果", Some(true), format!("{}：{value}", b.entropy.source)),
        _ => r.push("随机源结果", Some(false), "随机源结果不是规范形式"),
    }
    let again = draw(&b.task, &rosters, &b.params, value);
    match &b.result {
        None => r.push("抽取结果", None, "本文件没有附抽取结果"),
        Some(res) if *res == again => r.push(
            "抽取结果",
            Some(true),
            format!("按公告的名单、参数和随机源重新抽取，{} 个对象及其人员与公布的完全一致", again.chosen.len()),
        ),
        Some(res) => {
            let detail = if res.prk != again.prk {
                "密钥（PRK）与重算的不符".to_owned()
            } else if res.strata != again.strata {
                "各层的数量或分界分值与重算的不符".to_owned()
            } else {
                let first = res.chosen.iter().zip(&again.chosen).find(|(a, b)| a != b);
                match first {
                    Some((a, _)) => format!("对象“{}”及其人员与重算的不符", a.key),
                    None => "抽中的对象数量与重算的不符".to_owned(),
                }
            };
            r.push("抽取结果", Some(false), format!("公布的结果不是公告的抽取：{detail}"))
        }
    }
    r
}

/// What an object can check of itself: its line in the roster with the proof of it under the
/// published root, its score, the cut-off of its stratum, and whether it was drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SelfCheck {
    /// the key asked for
    pub key: String,
    /// its line, if it is in the roster
    pub line: Option<String>,
    /// its leaf number
    pub index: Option<u64>,
    /// the inclusion proof of its line under the objects' root (hex)
    pub proof: Vec<String>,
    /// whether the proof leads to the announced root
    pub proof_ok: bool,
    /// its score (once drawn), hex
    pub score: Option<String>,
    /// the cut-off of its stratum, hex
    pub cutoff: Option<String>,
    /// whether it was drawn
    pub drawn: bool,
}

/// An object's own check: `key` is looked up in the objects' lines.
pub fn self_check(b: &Bundle, key: &str) -> SelfCheck {
    let key = key.trim();
    let pos = b.lines.objects.iter().position(|l| l.split_once('|').is_some_and(|(k, _)| k == key));
    let mut out = SelfCheck {
        key: key.to_owned(),
        line: None,
        index: None,
        proof: vec![],
        proof_ok: false,
        score: None,
        cutoff: None,
        drawn: false,
    };
    let Some(i) = pos else { return out };
    let line = b.lines.objects[i].clone();
    let mut tree = zhifa_ledger::MemoryTree::new(HashAlg::Sm3);
    for l in &b.lines.objects {
        tree.push(l.as_bytes());
    }
    let proof = tree.inclusion(i as u64, tree.size());
    out.proof_ok = check_line(&b.roots.objects, i as u64, tree.size(), &line, &proof);
    out.proof = proof.iter().map(|h| hex(h)).collect();
    out.index = Some(i as u64);
    if let (Some(res), Some((_, stratum))) = (&b.result, line.split_once('|')) {
        if let Some(prk) = unhex(&res.prk).and_then(|v| <[u8; 32]>::try_from(v).ok()) {
            out.score = Some(hex(&super::object_score(&prk, key)));
        }
        out.cutoff = res.strata.iter().find(|s| s.stratum == stratum).and_then(|s| s.cutoff.clone());
        out.drawn = res.chosen.iter().any(|c| c.key == key);
    }
    out.line = Some(line);
    out
}

/// Whether `line` is leaf `index` of a tree of `size` leaves with root `root_hex`, by `proof`.
pub fn check_line(root_hex: &str, index: u64, size: u64, line: &str, proof: &[zhifa_ledger::Hash]) -> bool {
    let Some(root) = unhex(root_hex) else { return false };
    let leaf = HashAlg::Sm3.leaf(line.as_bytes());
    zhifa_ledger::verify_inclusion(HashAlg::Sm3, index, size, &leaf, proof, &root).is_ok()
}
