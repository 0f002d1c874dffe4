//! Home addresses of natural persons, masked below the county level: after a home label
//! (住址, 家住, 现居 …), and wherever an address has the shape of one — a place, then a street,
//! road, village or compound, then a number, building, unit or room — in a sentence that puts
//! someone's home there. The address of an organisation (after 经营场所, 公司 …, or 住所 in a
//! sentence about an organisation) and the body's own address stay.

use super::lexicon::{Hit, cue};
use super::{Kind, Scan, Span};

/// Where a label's address ends.
fn stop(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | ';' | ',' | '\n' | '（' | '(' | '）' | ')')
}

/// The first characters of an address kept (down to the county level): 天津市宝坻区.
/// A 市 after the county (青羊区草市街道) is no level of its own; 自治区 is a province.
pub(crate) fn keep_region(addr: &[char]) -> usize {
    let mut keep = 0;
    for (i, c) in addr.iter().enumerate() {
        if i >= 16 || matches!(c, '镇' | '乡' | '街' | '路' | '村' | '道' | '号' | '巷' | '里') {
            break;
        }
        let autonomous = i >= 2 && addr[i - 2] == '自' && addr[i - 1] == '治';
        // 幸福小区, 老街社区, 菜市: no administrative level.
        let before = if i > 0 { addr[i - 1] } else { ' ' };
        let no_level = match c {
            '区' => matches!(
                before,
                '小' | '社' | '园' | '景' | '校' | '厂' | '营' | '矿' | '街' | '片' | '商' | '住' | '军' | '院'
            ),
            '市' => matches!(before, '超' | '菜' | '夜' | '集' | '门' | '股' | '花' | '鱼' | '早'),
            _ => false,
        };
        if no_level {
            break;
        }
        if matches!(c, '省' | '市' | '区' | '县' | '旗' | '州') {
            keep = i + 1;
            if matches!(c, '区' | '县' | '旗') && !autonomous {
                break;
            }
        }
    }
    keep
}

/// Where an address read up to a clause's end really ends: after its last number, room,
/// building, village or compound (…602室 of 602室内存放烟花).
fn address_end(cs: &[char], s: usize, e: usize) -> usize {
    let terminal = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '号' | '室'
                    | '房'
                    | '楼'
                    | '层'
                    | '户'
                    | '组'
                    | '村'
                    | '屯'
                    | '庄'
                    | '弄'
                    | '院'
                    | '里'
                    | '巷'
                    | '元'
                    | '座'
                    | '栋'
                    | '幢'
                    | '苑'
                    | '园'
                    | '区'
                    | '城'
                    | '舍'
                    | '路'
                    | '街'
                    | '道'
                    | '寓'
                    | '居'
                    | '厦'
            )
    };
    cs[s..e].iter().rposition(|c| terminal(*c)).map_or(e, |p| s + p + 1)
}

/// Characters that end a sentence.
pub(crate) fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '\n' | '；' | ';' | '！' | '？')
}

pub(crate) fn addresses(sc: &Scan, out: &mut Vec<Span>) {
    labelled(sc, out);
    resided(sc, out);
    shaped(sc, out);
}

/// Where someone lives, named right after the word (住宝坻区黄庄镇小辛码头村, 居住在…): a place
/// with an administrative level in its first characters and a street, village or compound after.
fn resided(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    for (k, h) in sc.hits.iter().enumerate() {
        // Not 住 of 住所, 住院, 住宿: a longer word at the same place.
        let longer = sc.hits[k.saturating_sub(4)..(k + 4).min(sc.hits.len())]
            .iter()
            .any(|o| o.start <= h.start && o.end > h.end);
        if h.cues & cue::RESIDENCE == 0 || h.cues & cue::HOME != 0 || longer {
            continue;
        }
        let mut s = h.end;
        while s < cs.len() && matches!(cs[s], '：' | ':' | '在' | '于') {
            s += 1;
        }
        let mut e = s;
        while e < cs.len()
            && !stop(cs[e])
            && e - s < 40
            && (is_han(cs[e]) || cs[e].is_ascii_alphanumeric() || cs[e] == '-')
        {
            e += 1;
        }
        let alone = village(&cs[s..e]);
        let e = address_end(cs, s, e);
        let place = &cs[s..e];
        let level = place.iter().take(8).any(|c| matches!(c, '省' | '市' | '区' | '县' | '旗' | '镇' | '乡'));
        let street =
            place.iter().any(|c| matches!(c, '街' | '路' | '道' | '村' | '巷' | '里' | '组' | '庄' | '屯' | '号'));
        if !(level && street && place.len() >= 5 || alone) {
            continue;
        }
        let start = s + keep_region(place);
        if start < e {
            out.push(Span {
                start,
                end: e,
                kind: Kind::Address,
                reason: "自然人住址（居住地点，保留至区县）".into(),
                replacement: "***".into(),
            });
        }
    }
}

/// A village named alone (东关村, 刘家屯): below the county, so masked whole.
fn village(place: &[char]) -> bool {
    let n = place.len();
    (3..=8).contains(&n)
        && place.iter().all(|c| is_han(*c))
        && matches!(place[n - 1], '村' | '屯' | '庄' | '寨' | '堡')
        // 乡村, 农村, 本村: no village named.
        && !matches!(place[n - 2], '乡' | '农' | '本' | '该' | '各' | '全' | '邻' | '山' | '新' | '城')
}

/// Whether the sentence around `i` speaks of a natural person: a person's particulars (，男,
/// 出生), or a role word (投诉人, 证人) where nothing speaks of an organisation.
fn about_person(sc: &Scan, i: usize) -> bool {
    let (s, e) = sc.sentence(i);
    let mut within = sc.hits_within(s, e);
    let (mut role, mut organisation) = (false, false);
    for h in &mut within {
        if h.cues & cue::PERSON != 0 {
            return true;
        }
        role |= h.cues & cue::ROLE != 0 && h.cues & cue::PUBLIC_TITLE == 0;
        organisation |= h.cues & cue::ORG_PLACE != 0;
    }
    role && !organisation
}

/// After a label: the rest of the clause.
fn labelled(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    let mut covered = 0;
    for (k, h) in sc.hits.iter().enumerate() {
        let home = h.cues & cue::HOME != 0;
        // The longest label at a place (现居住 over 现居).
        if sc.hits.get(k + 1).is_some_and(|n| n.start == h.start && n.cues & (cue::HOME | cue::OTHER_LABEL) != 0) {
            continue;
        }
        if !home && h.cues & cue::OTHER_LABEL == 0 || h.start < covered {
            continue;
        }
        // A longer label at the same place (家庭住址 over 住址) was taken already.
        if !home && !about_person(sc, h.start) {
            continue;
        }
        let mut s = h.end;
        while s < cs.len() && matches!(cs[s], '：' | ':' | ' ' | '在' | '于') {
            s += 1;
        }
        let mut e = s;
        while e < cs.len() && !stop(cs[e]) {
            e += 1;
        }
        // 同现住址, 不详, 、身份证号码: no place named.
        let opens = cs.get(s).is_some_and(|c| {
            c.is_ascii_digit()
                || is_han(*c)
                    && !matches!(c, '的' | '和' | '与' | '及' | '或' | '同' | '不' | '为' | '以' | '等' | '应' | '由')
        });
        let street = cs[s..e].iter().any(|c| {
            matches!(c, '街' | '路' | '道' | '村' | '巷' | '里' | '号' | '楼' | '室' | '组' | '屯' | '庄' | '弄')
        });
        if !opens || !(street && e - s >= 4 || village(&cs[s..e])) {
            continue;
        }
        let start = s + keep_region(&cs[s..e]);
        if e > start {
            covered = e;
            let label: String = cs[h.start..h.end].iter().collect();
            out.push(Span {
                start,
                end: e,
                kind: Kind::Address,
                reason: format!("自然人住址（“{label}”之后，保留至区县）"),
                replacement: "***".into(),
            });
        }
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether `c` may be part of an address.
fn address_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_ascii_alphanumeric() || matches!(c, '-' | '#')
}

/// Characters that end an address when walking back from its number: particles and verbs
/// that come before a place (在, 于, 住, 到 …).
fn before_address(c: char) -> bool {
    matches!(
        c,
        '在' | '于'
            | '住'
            | '居'
            | '是'
            | '的'
            | '到'
            | '至'
            | '往'
            | '为'
            | '由'
            | '从'
            | '向'
            | '对'
            | '把'
            | '将'
            | '叫'
            | '经'
            | '去'
            | '回'
    )
}

/// A street, road, village or compound: what makes a place with a number an address.
fn street_char(c: char) -> bool {
    matches!(
        c,
        '路' | '街'
            | '道'
            | '巷'
            | '里'
            | '村'
            | '弄'
            | '同'
            | '园'
            | '苑'
            | '院'
            | '庄'
            | '屯'
            | '营'
            | '寨'
            | '湾'
            | '坊'
            | '寓'
            | '厦'
            | '城'
            | '区'
            | '镇'
            | '乡'
            | '坨'
            | '沽'
            | '口'
            | '堡'
            | '店'
            | '楼'
            | '府'
            | '居'
            | '邸'
            | '湖'
            | '山'
            | '墅'
    )
}

/// Chinese numerals as written in house numbers (三号楼二单元五〇一室).
fn numeral(c: char) -> bool {
    matches!(c, '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百')
}

/// Units after a number that make it a house, building, unit or room.
fn unit_char(c: char) -> bool {
    matches!(c, '号' | '栋' | '幢' | '单' | '元' | '室' | '门' | '层' | '楼' | '户' | '排' | '座' | '院' | '组')
}

/// An address by its shape: walks back from a house number to where the place starts and
/// forward through building, unit and room.
fn shaped(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    let mut i = 0;
    while i < cs.len() {
        let number = |c: char| c.is_ascii_digit() || numeral(c);
        if !number(cs[i]) || (i > 0 && (cs[i - 1].is_ascii_alphanumeric() || cs[i - 1] == '-' || numeral(cs[i - 1]))) {
            i += 1;
            continue;
        }
        // The number: digit groups joined by hyphens (18-2-401), or Chinese numerals (三号楼).
        let mut e = i;
        let mut groups = 1;
        while e < cs.len() && (number(cs[e]) || (cs[e] == '-' && cs.get(e + 1).is_some_and(char::is_ascii_digit))) {
            if cs[e] == '-' {
                groups += 1;
            }
            e += 1;
        }
        let unit = cs.get(e).is_some_and(|c| matches!(c, '号' | '栋' | '幢' | '室' | '门' | '楼' | '排' | '院' | '组'));
        // 鹤园北里12-302: two groups right after a compound's name.
        let compound = groups == 2 && i > 0 && street_char(cs[i - 1]);
        if !(unit || groups >= 3 || compound) {
            i = e;
            continue;
        }
        // Forward through 号楼, 1单元, 303室, 3门502.
        let mut end = e;
        loop {
            let before = end;
            while end < cs.len() && unit_char(cs[end]) {
                end += 1;
            }
            while end < cs.len() && (number(cs[end]) || cs[end] == '-' || cs[end].is_ascii_uppercase()) {
                end += 1;
            }
            if end == before {
                break;
            }
        }
        while end > e && cs[end - 1] == '-' {
            end -= 1;
        }
        // Back to where the place starts.
        let mut j = i;
        while j > 0 && i - j < 40 && address_char(cs[j - 1]) && !before_address(cs[j - 1]) {
            j -= 1;
        }
        let run = &cs[j..i];
        let han = run.iter().filter(|c| !c.is_ascii()).count();
        if han < 3 || !run.iter().any(|c| street_char(*c)) {
            i = end.max(i + 1);
            continue;
        }
        // Cue words at the head of the run (经营场所天津市…) are context, not address.
        let first_place = run
            .iter()
            .position(|c| {
                matches!(c, '省' | '市' | '区' | '县' | '镇' | '乡' | '街' | '路' | '道' | '村' | '巷' | '里')
            })
            .unwrap_or(0);
        let head_end = sc
            .hits_within(j, j + first_place)
            .filter(|h| h.end < j + first_place && h.cues & PLACE_CUES != 0)
            .map(|h| h.end)
            .max()
            .unwrap_or(j);
        if whose(sc, head_end, end, i) == Whose::Person {
            let start = head_end + keep_region(&cs[head_end..end]);
            if start < end {
                out.push(Span {
                    start,
                    end,
                    kind: Kind::Address,
                    reason: "自然人住址（按地址形态识别，保留至区县）".into(),
                    replacement: "***".into(),
                });
            }
        }
        i = end.max(i + 1);
    }
}

const PLACE_CUES: u32 = cue::HOME | cue::OTHER_LABEL | cue::RESIDENCE | cue::ORG_PLACE;

#[derive(Debug, PartialEq, Eq)]
enum Whose {
    Person,
    Organisation,
}

/// Whose address `[start, end)` is (its number at `number`): the nearest cue before it in its
/// sentence, then a residence word right after it, then its shape (a room or unit is a home).
fn whose(sc: &Scan, start: usize, end: usize, number: usize) -> Whose {
    let cs = sc.cs;
    // What follows first: …123号的自家院内 is a home, …5号的店内 a shop, whatever came before.
    let after = sc.hits_within(end, (end + 5).min(cs.len())).filter(|h| h.start >= end).min_by_key(|h| h.start);
    if let Some(h) = after {
        if h.cues & (cue::RESIDENCE | cue::HOME) != 0 {
            return Whose::Person;
        }
        if h.cues & cue::ORG_PLACE != 0 && h.cues & cue::ROLE == 0 {
            return Whose::Organisation;
        }
    }
    let (s, _) = sc.sentence(start);
    let from = s.max(start.saturating_sub(24));
    let nearest: Option<&Hit> =
        sc.hits_within(from, start).filter(|h| h.cues & PLACE_CUES != 0).max_by_key(|h| (h.end, h.end - h.start));
    if let Some(h) = nearest {
        if h.cues & (cue::HOME | cue::RESIDENCE) != 0 {
            return Whose::Person;
        }
        if h.cues & cue::ORG_PLACE != 0 {
            return Whose::Organisation;
        }
        // 住所 / 地址: a person's when the sentence speaks of one; an organisation's 住所
        // otherwise; an 地址 by its shape below.
        if about_person(sc, start) {
            return Whose::Person;
        }
        if sc.cs[h.start..h.end] == ['住', '所'] {
            return Whose::Organisation;
        }
    }
    // 在…居住, …的业主.
    if sc.hits_within(end, (end + 5).min(cs.len())).any(|h| h.cues & cue::RESIDENCE != 0) {
        return Whose::Person;
    }
    let room = cs[number..end].iter().any(|c| matches!(c, '室' | '单' | '门' | '户'))
        || cs[number..end].iter().filter(|c| **c == '-').count() >= 2;
    if room { Whose::Person } else { Whose::Organisation }
}
