//! Numbers and handles: resident identity numbers (check digit verified but not required),
//! mobile and landline numbers, bank cards (Luhn, UnionPay prefix) and accounts after a label,
//! e-mail addresses, licence plates of motor vehicles, QQ numbers and other instant-messaging
//! or platform accounts after their label.

use super::lexicon::cue;
use super::{Kind, Scan, Span};

fn digit(c: char) -> Option<u32> {
    c.to_digit(10)
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x')
}

/// Separators allowed inside a number as people write it (after normalisation).
fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '—' | '_')
}

/// Province abbreviations that open certificate numbers (津12011500001) and licence plates.
fn is_province(c: char) -> bool {
    matches!(
        c,
        '京' | '津'
            | '沪'
            | '渝'
            | '冀'
            | '豫'
            | '云'
            | '辽'
            | '黑'
            | '湘'
            | '皖'
            | '鲁'
            | '新'
            | '苏'
            | '浙'
            | '赣'
            | '鄂'
            | '桂'
            | '甘'
            | '晋'
            | '蒙'
            | '陕'
            | '吉'
            | '闽'
            | '贵'
            | '粤'
            | '青'
            | '藏'
            | '川'
            | '宁'
            | '琼'
    )
}

/// A run of digits (with single separators between groups) from `i`: its end and its digits.
fn digit_run(cs: &[char], i: usize) -> (usize, Vec<u32>, bool) {
    let mut ds = Vec::with_capacity(20);
    let mut j = i;
    let mut x = false;
    while j < cs.len() {
        if let Some(d) = digit(cs[j]) {
            ds.push(d);
            j += 1;
        } else if ds.len() == 17 && is_x(cs[j]) {
            x = true;
            j += 1;
            break;
        } else if is_sep(cs[j]) && j + 1 < cs.len() && digit(cs[j + 1]).is_some() && !ds.is_empty() {
            j += 1;
        } else {
            break;
        }
    }
    (j, ds, x)
}

pub(crate) fn id_check(ds: &[u32]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = ds.iter().zip(W).map(|(d, w)| d * w).sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(s % 11) as usize]
}

fn plausible_birth(ds: &[u32]) -> bool {
    let n = |r: std::ops::Range<usize>| ds[r].iter().fold(0, |a, d| a * 10 + d);
    let (y, m, d) = (n(6..10), n(10..12), n(12..14));
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

pub(crate) fn luhn(ds: &[u32]) -> bool {
    let s: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    s.is_multiple_of(10)
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

fn shown(ds: &[u32]) -> String {
    ds.iter().map(|d| char::from_digit(*d, 10).unwrap_or('*')).collect()
}

pub(crate) fn numbers(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    let mut i = 0;
    while i < cs.len() {
        // A number starts after a non-alphanumeric character, or right after its label (QQ593318207).
        let starts = cs[i].is_ascii_digit()
            && (i == 0
                || !cs[i - 1].is_ascii_alphanumeric()
                || cs[i - 1].is_ascii_alphabetic()
                    && sc.hits_ending_at(i).any(|h| h.cues & (cue::QQ | cue::PHONE) != 0));
        if !starts {
            i += 1;
            continue;
        }
        let (mut end, mut ds, x) = digit_run(cs, i);
        let mut start = i;
        // (022)29241234: an area code in brackets and the number after it.
        if i > 0
            && matches!(cs[i - 1], '(' | '（')
            && ds.first() == Some(&0)
            && (3..=4).contains(&ds.len())
            && matches!(cs.get(end), Some(')' | '）'))
            && cs.get(end + 1).is_some_and(char::is_ascii_digit)
        {
            let (e2, d2, _) = digit_run(cs, end + 1);
            if (10..=12).contains(&(ds.len() + d2.len())) {
                ds.extend(d2);
                end = e2;
                start -= 1;
            }
        }
        // +86 138 0013 8000: the country code before a mobile number.
        if ds.len() == 13 && ds[0] == 8 && ds[1] == 6 && ds[2] == 1 && (3..=9).contains(&ds[3]) {
            ds.drain(..2);
            if i > 0 && cs[i - 1] == '+' {
                start -= 1;
            }
        }
        let after_ok = end >= cs.len() || !cs[end].is_ascii_alphanumeric();
        let after_province = i > 0 && is_province(cs[i - 1]);
        let n = ds.len() + usize::from(x);
        let mut push = |kind: Kind, reason: &str, replacement: String, end: usize| {
            out.push(Span { start, end, kind, reason: reason.to_string(), replacement });
        };
        if !after_ok || ds.len() < 5 {
            i = end.max(i + 1);
            continue;
        }
        let account_label = |w: usize| sc.cue_before(i, w, cue::ACCOUNT);
        // Resident identity number: 18 characters (the last may be X) or the old 15 digits.
        if n == 18 && plausible_birth(&ds) {
            let check = if x { 'X' } else { char::from_digit(ds[17], 10).unwrap_or('?') };
            let reason = if id_check(&ds[..17]) == check {
                "公民身份号码"
            } else {
                "公民身份号码（校验位不符，仍按身份号码遮蔽）"
            };
            push(Kind::IdNumber, reason, stars(18), end);
        } else if n == 15
            && !x
            && ds[0] != 0
            && {
                let mm = ds[8] * 10 + ds[9];
                let dd = ds[10] * 10 + ds[11];
                (1..=12).contains(&mm) && (1..=31).contains(&dd)
            }
            && !account_label(12)
            && !sc.cue_before(i, 6, cue::QQ | cue::IM)
        {
            push(Kind::IdNumber, "公民身份号码（15位旧号码）", stars(15), end);
        } else if !x && !after_province && n == 11 && ds[0] == 1 && (3..=9).contains(&ds[1]) {
            push(Kind::Mobile, "手机号码", format!("{}****{}", shown(&ds[..3]), shown(&ds[7..])), end);
        } else if !x
            && !after_province
            && ds[0] == 0
            && (10..=12).contains(&n)
            && ds[1] != 0
            && !sc.organisation_phone(start)
        {
            // 0 + area code (2-3 digits) + a 7-8 digit number.
            let area = if matches!(ds[1], 1 | 2) { 3 } else { 4 };
            push(Kind::Landline, "固定电话号码", format!("{}-{}", shown(&ds[..area]), stars(n - area)), end);
        } else if !x && (16..=19).contains(&n) && (luhn(&ds) || ds[0] == 6 && ds[1] == 2) {
            let reason = if luhn(&ds) { "银行卡号（校验通过）" } else { "银行卡号（银联卡号段）" };
            push(Kind::BankAccount, reason, format!("{}{}", stars(n - 4), shown(&ds[n - 4..])), end);
        } else if !x && (16..=19).contains(&n) && !sc.cue_before(i, 10, cue::NOT_ACCOUNT) {
            // What else runs to 16-19 digits in a decision is labelled (订单号, 发票号码).
            push(
                Kind::BankAccount,
                "银行账号（16至19位数字）",
                format!("{}{}", stars(n - 4), shown(&ds[n - 4..])),
                end,
            );
        } else if !x && (8..=25).contains(&n) && account_label(14) {
            push(
                Kind::BankAccount,
                "银行账号（前有“账号”等字样）",
                format!("{}{}", stars(n - 4), shown(&ds[n - 4..])),
                end,
            );
        } else if !x && (5..=11).contains(&n) && sc.cue_before(i, 6, cue::QQ) {
            push(Kind::ImAccount, "QQ号码", stars(n), end);
        } else if !x
            && !after_province
            && (7..=8).contains(&n)
            && sc.cue_before(i, 8, cue::PHONE)
            && !sc.organisation_phone(start)
        {
            push(Kind::Landline, "电话号码（前有“电话”等字样）", stars(n), end);
        }
        i = end.max(i + 1);
    }
}

pub(crate) fn emails(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for (at, c) in cs.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        // zhang @ example.com: spaces around a spelled-out @ ([at]).
        let mut s = at;
        while s > 0 && cs[s - 1] == ' ' && s + 2 > at {
            s -= 1;
        }
        let gap = s;
        while s > 0 && local(cs[s - 1]) {
            s -= 1;
        }
        let mut d = at + 1;
        while d < cs.len() && cs[d] == ' ' && d < at + 3 {
            d += 1;
        }
        let mut e = d;
        while e < cs.len() && domain(cs[e]) {
            e += 1;
        }
        while e > d && cs[e - 1] == '.' {
            e -= 1;
        }
        let dom = &cs[d..e];
        if s < gap && dom.contains(&'.') && dom.first() != Some(&'.') {
            out.push(Span {
                start: s,
                end: e,
                kind: Kind::Email,
                reason: "电子邮箱".into(),
                replacement: format!("***@{}", dom.iter().collect::<String>()),
            });
        }
    }
}

/// Licence plates: a province's abbreviation, the issuing office's letter, then five characters
/// (six for new-energy vehicles), letters and digits, optionally after a dot or a space.
pub(crate) fn plates(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    for i in 0..cs.len().saturating_sub(6) {
        if !cs[i + 1].is_ascii_uppercase() || !is_province(cs[i]) {
            continue;
        }
        let mut j = i + 2;
        if matches!(cs[j], '·' | '•' | '.' | ' ' | '-' | '・') {
            j += 1;
        }
        let from = j;
        let plate_char = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
        // One separator may also stand inside (沪AD 12345, 津HD 8812).
        let mut inner_sep = from > i + 2;
        let mut n = 0;
        while j < cs.len() && n < 7 {
            if plate_char(cs[j]) {
                n += 1;
            } else if !inner_sep
                && (1..=2).contains(&n)
                && matches!(cs[j], '·' | '•' | ' ' | '-' | '・')
                && cs.get(j + 1).is_some_and(|c| plate_char(*c))
            {
                inner_sep = true;
            } else {
                break;
            }
            j += 1;
        }
        let digits = cs[from..j].iter().filter(|c| c.is_ascii_digit()).count();
        let ends = j >= cs.len() || !cs[j].is_ascii_alphanumeric();
        if (5..=6).contains(&n) && digits >= 3 && ends {
            out.push(Span {
                start: i,
                end: j,
                kind: Kind::Plate,
                reason: "机动车号牌".into(),
                replacement: format!("{}{}{}", cs[i], cs[i + 1], stars(n)),
            });
        }
    }
}

/// An account after its label (微信号 wxid_abc123, 账号 baiqing_1993): letters first, then
/// letters, digits, `_`, `-` or `.`, six to twenty characters.
pub(crate) fn handles(sc: &Scan, out: &mut Vec<Span>) {
    let cs = sc.cs;
    for h in sc.hits.iter().filter(|h| h.cues & cue::IM != 0) {
        let mut s = h.end;
        // 微信号是 / 账号为：/ 微信: skip a few joining characters.
        while s < cs.len()
            && s - h.end < 5
            && matches!(cs[s], '号' | '是' | '为' | '：' | ':' | ' ' | '叫' | '？' | '?' | '答')
        {
            s += 1;
        }
        if s >= cs.len() || !cs[s].is_ascii_alphabetic() {
            continue;
        }
        let mut e = s;
        while e < cs.len() && (cs[e].is_ascii_alphanumeric() || matches!(cs[e], '_' | '-' | '.')) {
            e += 1;
        }
        while e > s && cs[e - 1] == '.' {
            e -= 1;
        }
        if (6..=20).contains(&(e - s)) && cs.get(e) != Some(&'@') {
            out.push(Span {
                start: s,
                end: e,
                kind: Kind::ImAccount,
                reason: "即时通信或网络平台账号".into(),
                replacement: "***".into(),
            });
        }
    }
}
