//! 可验证抽取: a random draw that anyone can re-run (`shared/docs/supervision.md` §6), used by
//! 案卷评查 to draw the files and their reviewers, and by 双随机一公开 to draw the objects and
//! their inspectors.
//!
//! 1. **Announce** before any randomness exists: the task, the quota rule, how many people per
//!    object, the load cap, the 回避 rule, the rosters as sorted canonical lines with their
//!    Merkle roots (RFC 9162 over SM3, the ledger's tree), and the entropy source fixed in
//!    advance (public results not yet drawn, a future drand round) with the time it becomes
//!    public. The announcement is journaled; the draw is refused unless a signed checkpoint
//!    covering it was made before that time (checked by the caller, which holds the ledger).
//! 2. **Draw** once the entropy is public:
//!    `PRK = HMAC-SM3(SM3("zhifa-draw-v1"), task ‖ 0x00 ‖ roots ‖ SM3(params) ‖ entropy)`;
//!    each object's score is `HMAC-SM3(PRK, "OBJ" 0x00 key)`; per stratum the k lowest scores
//!    are taken (k = ⌈N·ratio⌉ or a fixed count); for each chosen object in score order the
//!    eligible people (no conflict, not of a 回避 group, under the cap) are ranked by
//!    `HMAC-SM3(PRK, "INS" 0x00 object 0x00 person)` and the first m are taken, then the next
//!    ones as reserves (a third reviewer where two disagree, a replacement on withdrawal).
//!
//! Ranking by a keyed hash does not depend on the order of the lists, has no modulo bias, and
//! is prefix-stable: drawing k+1 keeps the first k. An enterprise or a body can check its own
//! score against the published cut-off. No I/O.

pub mod bundle;

use crate::error::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use zhifa_ledger::{Hash, HashAlg, MemoryTree};

/// The domain-separation label of this version of the draw.
pub const DOMAIN: &str = "zhifa-draw-v1";

/// SM3 of the parts concatenated (GB/T 32905-2016).
pub fn sm3(parts: &[&[u8]]) -> Hash {
    HashAlg::Sm3.digest(parts)
}

/// HMAC-SM3 (RFC 2104 over SM3, block 64 bytes) of the parts concatenated.
pub fn hmac_sm3(key: &[u8], parts: &[&[u8]]) -> Hash {
    HmacSm3::new(key).mac(parts)
}

/// HMAC-SM3 under one key, its two padded key blocks hashed once: a draw computes hundreds of
/// thousands of MACs under the same key.
#[derive(Clone)]
pub struct HmacSm3 {
    inner: ::sm3::Sm3,
    outer: ::sm3::Sm3,
}

impl HmacSm3 {
    /// The MAC under `key` (a key longer than the block is hashed first, RFC 2104 §2).
    pub fn new(key: &[u8]) -> Self {
        use ::sm3::Digest;
        const BLOCK: usize = 64;
        let mut k = [0u8; BLOCK];
        if key.len() > BLOCK {
            k[..32].copy_from_slice(&sm3(&[key]));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut inner = ::sm3::Sm3::new();
        inner.update(k.map(|b| b ^ 0x36));
        let mut outer = ::sm3::Sm3::new();
        outer.update(k.map(|b| b ^ 0x5c));
        HmacSm3 { inner, outer }
    }

    /// The MAC of the parts concatenated.
    pub fn mac(&self, parts: &[&[u8]]) -> Hash {
        use ::sm3::Digest;
        let mut i = self.inner.clone();
        for p in parts {
            i.update(p);
        }
        let mut o = self.outer.clone();
        o.update(i.finalize());
        o.finalize().into()
    }
}

/// The RFC 9162 root (SM3) of canonical lines, each line one leaf (its UTF-8 bytes).
pub fn lines_root(lines: &[String]) -> Hash {
    let mut tree = MemoryTree::new(HashAlg::Sm3);
    for l in lines {
        tree.push(l.as_bytes());
    }
    tree.root_at(tree.size())
}

/// RFC 3797 §4: public random results as one canonical string. Each source's numbers are
/// sorted ascending (a source whose order matters, such as a sequence of digits, is given one
/// number per position and is not sorted when `ordered`), each number followed by `.`, each
/// source by `/`.
pub fn rfc3797_entropy(sources: &[(Vec<u64>, bool)]) -> String {
    let mut out = String::new();
    for (numbers, ordered) in sources {
        let mut n = numbers.clone();
        if !ordered {
            n.sort_unstable();
        }
        for x in n {
            out.push_str(&x.to_string());
            out.push('.');
        }
        out.push('/');
    }
    out
}

/// The entropy as entered, made canonical: lottery results written as numbers (groups of
/// numbers separated by `/`, numbers by anything not a digit) become RFC 3797 §4's string with
/// each group sorted; anything else (a drand round's randomness in hex) is taken trimmed and in
/// lower case.
pub fn canonical_entropy(entered: &str) -> Result<String, Invalid> {
    let t = entered.trim();
    if t.is_empty() {
        return Err(Invalid::field("entropy", "请录入已公布的随机源结果"));
    }
    if t.chars().count() > 512 {
        return Err(Invalid::field("entropy", "随机源结果不能超过512个字符"));
    }
    let numeric =
        t.chars().all(|c| c.is_ascii_digit() || c == '/' || c == '.' || c == ',' || c == '，' || c.is_whitespace());
    if numeric && t.chars().any(|c| c.is_ascii_digit()) {
        let mut groups = Vec::new();
        for g in t.split('/') {
            let nums: Vec<u64> = g
                .split(|c: char| !c.is_ascii_digit())
                .filter(|x| !x.is_empty())
                .map(|x| x.parse::<u64>().map_err(|_| Invalid::field("entropy", format!("数字“{x}”过大"))))
                .collect::<Result<_, _>>()?;
            if !nums.is_empty() {
                groups.push((nums, false));
            }
        }
        return Ok(rfc3797_entropy(&groups));
    }
    Ok(t.to_lowercase())
}

/// How many objects each stratum gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Quota {
    /// k = ⌈N · num / den⌉ (rounded up, so a stratum with any object gives at least one)
    Ratio {
        /// numerator
        num: u32,
        /// denominator
        den: u32,
    },
    /// k = min(count, N)
    Count {
        /// objects per stratum
        count: u32,
    },
}

impl Quota {
    /// k for a stratum of `n` objects.
    pub fn k(self, n: usize) -> usize {
        match self {
            Quota::Ratio { num, den } if den > 0 => (n as u64 * num as u64).div_ceil(den as u64) as usize,
            Quota::Ratio { .. } => 0,
            Quota::Count { count } => (count as usize).min(n),
        }
        .min(n)
    }

    /// The rule in words, as announced.
    pub fn describe(self) -> String {
        match self {
            Quota::Ratio { num, den } => format!("每层抽取 ⌈N×{num}/{den}⌉ 个（向上取整）"),
            Quota::Count { count } => format!("每层抽取 {count} 个（不足的全部抽取）"),
        }
    }
}

/// The rules of a draw, fixed at its announcement; `SM3(params)` enters the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Params {
    /// the quota per stratum
    pub quota: Quota,
    /// people per object (≥ 2)
    pub per_object: u32,
    /// reserves ranked after them per object (a third reviewer, a replacement)
    pub reserves: u32,
    /// at most this many objects per person (0: no cap)
    pub cap: u32,
    /// 回避: a person is never drawn for an object of their own group (交叉评查: a reviewer's
    /// body is the file's body)
    pub avoid_own_group: bool,
    /// 联合抽查: the people are drawn per group — each body taking part gives `per_object` of its
    /// own officers (and `reserves`) for every object, so that each body's part of the
    /// inspection has its two certified officers
    #[serde(default)]
    pub joint: bool,
}

impl Params {
    /// The canonical bytes hashed into the key: JSON with keys in a fixed order.
    pub fn canonical(&self) -> String {
        let quota = match self.quota {
            Quota::Ratio { num, den } => format!("{{\"den\":{den},\"num\":{num},\"rule\":\"ratio\"}}"),
            Quota::Count { count } => format!("{{\"count\":{count},\"rule\":\"count\"}}"),
        };
        // `joint` is written only when set, so that the parameters announced before it existed
        // keep their bytes (and their draws their keys).
        let joint = if self.joint { "\"joint\":true," } else { "" };
        format!(
            "{{\"avoid_own_group\":{},\"cap\":{},{joint}\"per_object\":{},\"quota\":{quota},\"reserves\":{}}}",
            self.avoid_own_group, self.cap, self.per_object, self.reserves
        )
    }

    /// Checks the rules themselves.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        if self.per_object < 2 {
            e.push("per_object", "每个对象至少抽取两名人员");
        }
        if self.per_object > 10 {
            e.push("per_object", "每个对象至多抽取十名人员");
        }
        if self.reserves > 5 {
            e.push("reserves", "备选人员至多五名");
        }
        match self.quota {
            Quota::Ratio { num, den } if den == 0 || num == 0 || num > den => {
                e.push("quota", "抽取比例应大于零且不超过百分之百")
            }
            Quota::Count { count: 0 } => e.push("quota", "每层抽取数量应大于零"),
            _ => {}
        }
        e.into_result(())
    }
}

/// One object of the roster: `key|stratum`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Object {
    /// its key (a credit code, a case number)
    pub key: String,
    /// its stratum (a body, an industry); the group of the 回避 rule
    pub stratum: String,
}

/// One person of the roster: `key|group`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Person {
    /// their key (a certificate number, an account)
    pub key: String,
    /// their group (their body)
    pub group: String,
}

/// A pair that may never be drawn together (an interest declared, a relative): `object|person`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Conflict {
    /// the object's key
    pub object: String,
    /// the person's key
    pub person: String,
}

fn clean(field: &'static str, s: &str) -> Result<String, (&'static str, String)> {
    let t = s.trim();
    if t.is_empty() {
        return Err((field, "名单中有空白项".to_owned()));
    }
    if t.chars().any(|c| c == '|' || c.is_control()) {
        return Err((field, format!("名单项“{t}”含有竖线或控制字符")));
    }
    Ok(t.to_owned())
}

/// The announced rosters, canonical: sorted, each key once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rosters {
    /// objects
    pub objects: Vec<Object>,
    /// people
    pub people: Vec<Person>,
    /// conflicts
    pub conflicts: Vec<Conflict>,
}

impl Rosters {
    /// Canonical rosters from lists in any order: trimmed, sorted, a key given twice refused.
    pub fn new(objects: Vec<Object>, people: Vec<Person>, conflicts: Vec<Conflict>) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let mut objs = BTreeMap::new();
        for o in objects {
            match (clean("objects", &o.key), clean("objects", &o.stratum)) {
                (Ok(key), Ok(stratum)) => {
                    if objs.insert(key.clone(), stratum).is_some() {
                        e.push("objects", format!("对象“{key}”重复"));
                    }
                }
                (Err((f, m)), _) | (_, Err((f, m))) => e.push(f, m),
            }
        }
        let mut ppl = BTreeMap::new();
        for p in people {
            match (clean("people", &p.key), clean("people", &p.group)) {
                (Ok(key), Ok(group)) => {
                    if ppl.insert(key.clone(), group).is_some() {
                        e.push("people", format!("人员“{key}”重复"));
                    }
                }
                (Err((f, m)), _) | (_, Err((f, m))) => e.push(f, m),
            }
        }
        let mut cons = BTreeSet::new();
        for c in conflicts {
            match (clean("conflicts", &c.object), clean("conflicts", &c.person)) {
                (Ok(object), Ok(person)) => {
                    cons.insert(Conflict { object, person });
                }
                (Err((f, m)), _) | (_, Err((f, m))) => e.push(f, m),
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Rosters {
            objects: objs.into_iter().map(|(key, stratum)| Object { key, stratum }).collect(),
            people: ppl.into_iter().map(|(key, group)| Person { key, group }).collect(),
            conflicts: cons.into_iter().collect(),
        })
    }

    /// The canonical lines of each roster.
    pub fn lines(&self) -> [Vec<String>; 3] {
        [
            self.objects.iter().map(|o| format!("{}|{}", o.key, o.stratum)).collect(),
            self.people.iter().map(|p| format!("{}|{}", p.key, p.group)).collect(),
            self.conflicts.iter().map(|c| format!("{}|{}", c.object, c.person)).collect(),
        ]
    }

    /// Their Merkle roots: objects, people, conflicts.
    pub fn roots(&self) -> Roots {
        let [o, p, c] = self.lines();
        Roots { objects: lines_root(&o), people: lines_root(&p), conflicts: lines_root(&c) }
    }
}

/// The three roots, as announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roots {
    /// of the objects' lines
    pub objects: Hash,
    /// of the people's lines
    pub people: Hash,
    /// of the conflict pairs
    pub conflicts: Hash,
}

/// The key of a draw.
pub fn prk(task: &str, roots: &Roots, params: &Params, entropy: &str) -> Hash {
    let params_hash = sm3(&[params.canonical().as_bytes()]);
    hmac_sm3(
        &sm3(&[DOMAIN.as_bytes()]),
        &[task.as_bytes(), &[0], &roots.objects, &roots.people, &roots.conflicts, &params_hash, entropy.as_bytes()],
    )
}

/// An object's score: the lowest scores are drawn.
pub fn object_score(prk: &Hash, key: &str) -> Hash {
    score_object(&HmacSm3::new(prk), key)
}

fn score_object(mac: &HmacSm3, key: &str) -> Hash {
    mac.mac(&[b"OBJ", &[0], key.as_bytes()])
}

/// A person's score for an object: the lowest are drawn for it.
pub fn person_score(prk: &Hash, object: &str, person: &str) -> Hash {
    score_person(&HmacSm3::new(prk), object, person)
}

fn score_person(mac: &HmacSm3, object: &str, person: &str) -> Hash {
    mac.mac(&[b"INS", &[0], object.as_bytes(), &[0], person.as_bytes()])
}

/// A person drawn for an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Drawn {
    /// the person's key
    pub person: String,
    /// their group
    pub group: String,
    /// their score for this object, hex
    pub score: String,
}

/// One object drawn, with its people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Chosen {
    /// the object's key
    pub key: String,
    /// its stratum
    pub stratum: String,
    /// its score, hex
    pub score: String,
    /// the people drawn for it, in rank order
    pub people: Vec<Drawn>,
    /// the reserves after them, in rank order
    pub reserves: Vec<Drawn>,
}

/// One stratum's count and cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Stratum {
    /// the stratum
    pub stratum: String,
    /// objects in it
    pub n: usize,
    /// objects drawn
    pub k: usize,
    /// the highest score drawn (an object scoring at or below it was drawn), hex
    pub cutoff: Option<String>,
}

/// The result of a draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DrawResult {
    /// the key, hex
    pub prk: String,
    /// each stratum, by name
    pub strata: Vec<Stratum>,
    /// the objects drawn, in score order across strata
    pub chosen: Vec<Chosen>,
    /// objects for which fewer people than asked could be drawn (too few eligible)
    pub short: Vec<String>,
}

/// Draws. Pure: the same announcement and entropy give the same outcome on every platform,
/// whatever the order of the rosters given to [`Rosters::new`].
pub fn draw(task: &str, rosters: &Rosters, params: &Params, entropy: &str) -> DrawResult {
    draw_with_key(prk(task, &rosters.roots(), params, entropy), rosters, params)
}

/// Draws under a given key (the ranking itself; [`draw`] derives the key).
pub fn draw_with_key(key: Hash, rosters: &Rosters, params: &Params) -> DrawResult {
    let mac = HmacSm3::new(&key);
    // per stratum, the objects by score
    let mut strata: BTreeMap<&str, Vec<(Hash, &Object)>> = BTreeMap::new();
    for o in &rosters.objects {
        strata.entry(&o.stratum).or_default().push((score_object(&mac, &o.key), o));
    }
    let mut picked: Vec<(Hash, &Object)> = Vec::new();
    let mut summary = Vec::new();
    for (name, mut objs) in strata {
        objs.sort_unstable();
        let k = params.quota.k(objs.len());
        summary.push(Stratum {
            stratum: name.to_owned(),
            n: objs.len(),
            k,
            cutoff: k.checked_sub(1).map(|i| hex(&objs[i].0)),
        });
        picked.extend(objs.into_iter().take(k));
    }
    picked.sort_unstable();
    let conflicts: BTreeSet<(&str, &str)> =
        rosters.conflicts.iter().map(|c| (c.object.as_str(), c.person.as_str())).collect();
    // the groups of a joint draw, each drawn on its own
    let groups: Vec<Option<&str>> = if params.joint {
        let set: BTreeSet<&str> = rosters.people.iter().map(|p| p.group.as_str()).collect();
        set.into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    // The people's scores do not depend on one another or on the loads: they are computed for
    // all the objects first, on every core, and the people are then taken in object order.
    let ranked = rank_people(&mac, &picked, rosters, params, &conflicts);
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    let mut chosen = Vec::new();
    let mut short = Vec::new();
    for ((score, o), ranked) in picked.iter().zip(ranked) {
        let mut people = Vec::new();
        let mut reserves = Vec::new();
        let mut is_short = false;
        for g in &groups {
            let mut taken = 0usize;
            let mut reserved = 0usize;
            for (s, i) in &ranked {
                let p = &rosters.people[*i];
                if g.is_some_and(|g| g != p.group) {
                    continue;
                }
                let under_cap = params.cap == 0 || load.get(p.key.as_str()).copied().unwrap_or(0) < params.cap;
                if taken < params.per_object as usize {
                    if under_cap {
                        *load.entry(p.key.as_str()).or_default() += 1;
                        people.push(Drawn { person: p.key.clone(), group: p.group.clone(), score: hex(s) });
                        taken += 1;
                    }
                } else if reserved < params.reserves as usize {
                    if under_cap {
                        reserves.push(Drawn { person: p.key.clone(), group: p.group.clone(), score: hex(s) });
                        reserved += 1;
                    }
                } else {
                    break;
                }
            }
            is_short |= taken < params.per_object as usize;
        }
        if is_short {
            short.push(o.key.clone());
        }
        chosen.push(Chosen { key: o.key.clone(), stratum: o.stratum.clone(), score: hex(score), people, reserves });
    }
    DrawResult { prk: hex(&key), strata: summary, chosen, short }
}

/// For each picked object, the eligible people (no conflict, not of the object's group under
/// 回避) by their score for it: (score, index in the roster), lowest first.
fn rank_people(
    mac: &HmacSm3,
    picked: &[(Hash, &Object)],
    rosters: &Rosters,
    params: &Params,
    conflicts: &BTreeSet<(&str, &str)>,
) -> Vec<Vec<(Hash, usize)>> {
    let rank = |o: &Object| {
        let mut r: Vec<(Hash, usize)> = rosters
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| !conflicts.contains(&(o.key.as_str(), p.key.as_str())))
            .filter(|(_, p)| !(params.avoid_own_group && p.group == o.stratum))
            .map(|(i, p)| (score_person(mac, &o.key, &p.key), i))
            .collect();
        r.sort_unstable();
        r
    };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    if threads < 2 || picked.len() * rosters.people.len() < 20_000 {
        return picked.iter().map(|(_, o)| rank(o)).collect();
    }
    let chunk = picked.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = picked
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|(_, o)| rank(o)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// Lower-case hex.
pub fn hex(h: &[u8]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a draw may not be run yet: the announcement must be under a signed checkpoint made
/// before the entropy became public, and the entropy must be public.
pub fn may_draw(
    checkpointed_at: Option<chrono::DateTime<chrono::Utc>>,
    entropy_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Invalid> {
    match checkpointed_at {
        None => Err(Invalid::field("entropy", "抽取公告尚未纳入签名检查点，不能抽取")),
        Some(t) if t >= entropy_at => Err(Invalid::field(
            "entropy",
            "抽取公告的签名检查点晚于随机源公布时间，本次抽取无效，应重新公告并指定新的随机源",
        )),
        Some(_) if now < entropy_at => Err(Invalid::field("entropy", "随机源尚未公布，不能抽取")),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(key: &str, stratum: &str) -> Object {
        Object { key: key.into(), stratum: stratum.into() }
    }
    fn person(key: &str, group: &str) -> Person {
        Person { key: key.into(), group: group.into() }
    }

    fn sample(n_objects: usize) -> (Vec<Object>, Vec<Person>) {
        let objects = (0..n_objects).map(|i| obj(&format!("F{i:04}"), &format!("B{}", i % 4))).collect();
        let people = (0..12).map(|i| person(&format!("R{i:02}"), &format!("B{}", i % 4))).collect();
        (objects, people)
    }

    fn params() -> Params {
        Params {
            quota: Quota::Ratio { num: 1, den: 5 },
            per_object: 2,
            reserves: 1,
            cap: 4,
            avoid_own_group: true,
            joint: false,
        }
    }

    #[test]
    fn hmac_sm3_follows_rfc_2104() {
        // A key longer than the block is hashed first; the same key hashed by hand gives the same MAC.
        let long = [7u8; 100];
        assert_eq!(hmac_sm3(&long, &[b"x"]), hmac_sm3(&sm3(&[&long]), &[b"x"]));
        // Splitting the message does not change the MAC.
        assert_eq!(hmac_sm3(b"k", &[b"ab", b"c"]), hmac_sm3(b"k", &[b"abc"]));
        assert_ne!(hmac_sm3(b"k", &[b"abc"]), hmac_sm3(b"j", &[b"abc"]));
        // SM3("abc") from GB/T 32905-2016 appendix A.
        assert_eq!(hex(&sm3(&[b"abc"])), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    #[test]
    fn rfc_3797_encodes_sorted_numbers_per_source() {
        let s = rfc3797_entropy(&[(vec![23, 5, 17], false), (vec![9, 1, 4], true)]);
        assert_eq!(s, "5.17.23./9.1.4./");
        assert_eq!(canonical_entropy(" 23 05 17 / 09，01 ").unwrap(), "5.17.23./1.9./");
        assert_eq!(canonical_entropy("5.17.23./1.9./").unwrap(), "5.17.23./1.9./");
        assert_eq!(canonical_entropy("AB12cd").unwrap(), "ab12cd");
        assert!(canonical_entropy("  ").is_err());
    }

    #[test]
    fn the_same_announcement_draws_the_same_and_shuffled_rosters_too() {
        let (objects, people) = sample(60);
        let r1 = Rosters::new(objects.clone(), people.clone(), vec![]).unwrap();
        let a = draw("T1", &r1, &params(), "5.17.23./");
        let mut o2 = objects;
        o2.reverse();
        let mut p2 = people;
        p2.rotate_left(5);
        let r2 = Rosters::new(o2, p2, vec![]).unwrap();
        assert_eq!(r1, r2);
        assert_eq!(a, draw("T1", &r2, &params(), "5.17.23./"));
        // another entropy, another draw
        assert_ne!(a.chosen, draw("T1", &r1, &params(), "5.17.24./").chosen);
        // each stratum gives ⌈15/5⌉ = 3
        assert!(a.strata.iter().all(|s| s.n == 15 && s.k == 3));
        assert_eq!(a.chosen.len(), 12);
    }

    #[test]
    fn never_own_group_never_a_conflict_never_over_the_cap() {
        let (objects, people) = sample(80);
        let conflicts = vec![Conflict { object: "F0001".into(), person: "R02".into() }];
        let mut p = params();
        p.quota = Quota::Count { count: 20 };
        let r = Rosters::new(objects, people, conflicts).unwrap();
        for e in ["a", "b", "c", "d", "e"] {
            let out = draw("T", &r, &p, e);
            let mut load: BTreeMap<String, u32> = BTreeMap::new();
            for c in &out.chosen {
                assert!(c.people.len() == 2 || out.short.contains(&c.key));
                for d in c.people.iter().chain(&c.reserves) {
                    assert_ne!(d.group, c.stratum, "a reviewer of the file's own body");
                    assert!(!(c.key == "F0001" && d.person == "R02"), "a conflict drawn");
                }
                for d in &c.people {
                    *load.entry(d.person.clone()).or_default() += 1;
                }
            }
            assert!(load.values().all(|&n| n <= 4));
        }
    }

    #[test]
    fn drawing_one_more_keeps_the_first_ones() {
        let (objects, people) = sample(40);
        let r = Rosters::new(objects, people, vec![]).unwrap();
        let mut p = params();
        p.cap = 0;
        // Under one key (the quota is part of the announced parameters, so a real k+1 would be
        // announced as such): the ranking is a prefix order.
        let key = prk("T", &r.roots(), &p, "e");
        p.quota = Quota::Count { count: 3 };
        let three = draw_with_key(key, &r, &p);
        p.quota = Quota::Count { count: 4 };
        let four = draw_with_key(key, &r, &p);
        for c in &three.chosen {
            assert!(four.chosen.contains(c));
        }
        assert_eq!(four.chosen.len(), three.chosen.len() + 4);
    }

    /// 100,000 draws (entropy 0 … 99,999) over two strata: each object's inclusion count stays
    /// within 3σ of R·k/N, and the counts of each stratum pass a chi-square test at p = 0.001
    /// (k of N drawn without replacement: Σ(c−E)²/(R·p·(1−p)) · (N−1)/N follows χ²(N−1)).
    #[test]
    fn inclusion_rates_pass_a_chi_square_test_over_100000_draws() {
        let objects: Vec<Object> = (0..10)
            .map(|i| obj(&format!("91120224MA0{i:07}"), "餐饮服务"))
            .chain((0..6).map(|i| obj(&format!("92120224MA0{i:07}"), "食品销售")))
            .collect();
        let r = Rosters::new(objects, vec![person("A", "X"), person("B", "Y")], vec![]).unwrap();
        let p = Params {
            quota: Quota::Ratio { num: 3, den: 10 },
            per_object: 2,
            reserves: 0,
            cap: 0,
            avoid_own_group: false,
            joint: false,
        };
        let roots = r.roots();
        let runs = 100_000u32;
        let mut hits: BTreeMap<&str, u32> = BTreeMap::new();
        let mut by_stratum: BTreeMap<&str, Vec<&Object>> = BTreeMap::new();
        for o in &r.objects {
            by_stratum.entry(&o.stratum).or_default().push(o);
        }
        for i in 0..runs {
            let mac = HmacSm3::new(&prk("T", &roots, &p, &i.to_string()));
            for objs in by_stratum.values() {
                let mut s: Vec<(Hash, &str)> =
                    objs.iter().map(|o| (score_object(&mac, &o.key), o.key.as_str())).collect();
                s.sort_unstable();
                for (_, k) in s.into_iter().take(p.quota.k(objs.len())) {
                    *hits.entry(k).or_default() += 1;
                }
            }
        }
        // χ²(df) at p = 0.001
        let critical = |df: usize| match df {
            9 => 27.877,
            5 => 20.515,
            _ => unreachable!(),
        };
        for (name, objs) in &by_stratum {
            let n = objs.len();
            let prob = p.quota.k(n) as f64 / n as f64;
            let expected = runs as f64 * prob;
            let var = runs as f64 * prob * (1.0 - prob);
            let mut stat = 0.0;
            for o in objs {
                let c = hits.get(o.key.as_str()).copied().unwrap_or(0) as f64;
                assert!((c - expected).abs() < 3.0 * var.sqrt(), "{name} {}: {c} against {expected}", o.key);
                stat += (c - expected).powi(2) / var;
            }
            let stat = stat * (n as f64 - 1.0) / n as f64;
            assert!(stat < critical(n - 1), "{name}: χ² = {stat:.2} with {} degrees of freedom", n - 1);
        }
    }

    #[test]
    fn a_changed_roster_line_changes_its_root_and_the_draw() {
        let (objects, people) = sample(20);
        let r = Rosters::new(objects.clone(), people.clone(), vec![]).unwrap();
        let mut changed = objects;
        changed[3].stratum = "B9".into();
        let r2 = Rosters::new(changed, people, vec![]).unwrap();
        assert_ne!(r.roots().objects, r2.roots().objects);
        assert_eq!(r.roots().people, r2.roots().people);
        assert_ne!(draw("T", &r, &params(), "e").prk, draw("T", &r2, &params(), "e").prk);
    }

    #[test]
    fn rosters_refuse_a_key_twice_and_a_bar() {
        let e = Rosters::new(vec![obj("A", "S"), obj("A ", "T")], vec![person("P|Q", "X")], vec![]).unwrap_err();
        let text = format!("{e:?}");
        assert!(text.contains("重复") && text.contains("竖线"), "{text}");
    }

    #[test]
    fn a_draw_waits_for_a_checkpoint_before_the_entropy() {
        let t = |h: u32| chrono::DateTime::from_timestamp(1_800_000_000 + h as i64 * 3600, 0).unwrap();
        assert!(may_draw(None, t(10), t(11)).is_err());
        assert!(may_draw(Some(t(10)), t(10), t(11)).is_err());
        assert!(may_draw(Some(t(9)), t(10), t(9)).is_err());
        assert!(may_draw(Some(t(9)), t(10), t(10)).is_ok());
    }

    /// The published test vectors (`data/draw-vectors/vectors.json`): input → result, for an
    /// independent implementation to check itself against. `ZHIFA_WRITE_DRAW_VECTORS=1` fills
    /// in the expected results (only ever for a new vector: a changed result is a new version).
    #[test]
    fn the_published_vectors_hold() {
        const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/draw-vectors/vectors.json");
        let text = std::fs::read_to_string(PATH).unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let write = std::env::var_os("ZHIFA_WRITE_DRAW_VECTORS").is_some();
        for v in doc["vectors"].as_array_mut().unwrap() {
            let lines = bundle::Lines {
                objects: serde_json::from_value(v["objects"].clone()).unwrap(),
                people: serde_json::from_value(v["people"].clone()).unwrap(),
                conflicts: serde_json::from_value(v["conflicts"].clone()).unwrap(),
            };
            let rosters = lines.rosters().unwrap();
            assert_eq!(bundle::Lines::of(&rosters), lines, "{}: lines not canonical", v["name"]);
            let params: Params = serde_json::from_value(v["params"].clone()).unwrap();
            params.check().unwrap();
            let entropy = canonical_entropy(v["entropy_entered"].as_str().unwrap()).unwrap();
            let task = v["task"].as_str().unwrap();
            let roots = rosters.roots();
            let out = draw(task, &rosters, &params, &entropy);
            let mac = HmacSm3::new(&prk(task, &roots, &params, &entropy));
            let expected = serde_json::json!({
                "domain_key": hex(&sm3(&[DOMAIN.as_bytes()])),
                "params_canonical": params.canonical(),
                "params_sm3": hex(&sm3(&[params.canonical().as_bytes()])),
                "roots": {"objects": hex(&roots.objects), "people": hex(&roots.people), "conflicts": hex(&roots.conflicts)},
                "entropy": entropy,
                "object_scores": rosters.objects.iter().map(|o| serde_json::json!([o.key, hex(&score_object(&mac, &o.key))])).collect::<Vec<_>>(),
                "result": out,
            });
            if write && v.get("expected").is_none() {
                v["expected"] = expected;
            } else {
                assert_eq!(v["expected"], expected, "vector {}", v["name"]);
            }
        }
        if write {
            std::fs::write(PATH, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        }
    }

    #[test]
    fn a_joint_draw_takes_each_body_s_own() {
        let objects: Vec<Object> = (0..30).map(|i| obj(&format!("O{i:02}"), "S")).collect();
        let people: Vec<Person> = (0..9).map(|i| person(&format!("P{i}"), ["甲", "乙", "丙"][i % 3])).collect();
        let p = Params {
            quota: Quota::Count { count: 12 },
            per_object: 2,
            reserves: 1,
            cap: 0,
            avoid_own_group: false,
            joint: true,
        };
        let r = Rosters::new(objects, people, vec![]).unwrap();
        let out = draw("J", &r, &p, "x");
        assert!(out.short.is_empty());
        let mut load: BTreeMap<&str, u32> = BTreeMap::new();
        for c in &out.chosen {
            assert_eq!(c.people.len(), 6);
            for g in ["甲", "乙", "丙"] {
                assert_eq!(c.people.iter().filter(|d| d.group == g).count(), 2, "{g} on {}", c.key);
            }
            for d in &c.people {
                *load.entry(&d.person).or_default() += 1;
            }
        }
        assert_eq!(load.values().sum::<u32>(), 72);
        // the canonical parameters of a joint draw say so; those of another do not change
        assert!(p.canonical().contains("\"joint\":true"));
        assert!(!params().canonical().contains("joint"));
    }

    #[test]
    fn params_are_checked() {
        let mut p = params();
        p.per_object = 1;
        p.quota = Quota::Ratio { num: 3, den: 2 };
        let e = format!("{:?}", p.check().unwrap_err());
        assert!(e.contains("per_object") && e.contains("quota"));
        assert_eq!(Quota::Ratio { num: 3, den: 100 }.k(101), 4);
        assert_eq!(Quota::Ratio { num: 3, den: 100 }.k(1), 1);
        assert_eq!(Quota::Count { count: 5 }.k(3), 3);
    }
}
