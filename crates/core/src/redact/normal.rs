//! The text as detection sees it. People paste decisions from word processors and chat apps,
//! and some write numbers to slip past a filter: invisible characters between digit groups
//! (zero-width space, soft hyphen, word joiner), other kinds of space, full-width or
//! Arabic-Indic digits, Chinese numerals, `l` for `1` and `O` for `0`, `name(at)example.com`.
//! Detection runs on the normalised text; every normalised character knows the original
//! characters it stands for, so spans are mapped back and the original is masked.

use unicode_normalization::UnicodeNormalization;

/// The normalised text, each character with the original characters it stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalised {
    /// the characters detection reads
    pub chars: Vec<char>,
    /// for each, the original characters `[start, end)` it comes from; empty while every
    /// character stands for the original one at its own place (most texts)
    pub from: Vec<(usize, usize)>,
}

impl Normalised {
    /// Makes the map to the original explicit (before the first change of length).
    fn explicit(&mut self) {
        if self.from.is_empty() {
            self.from = (0..self.chars.len()).map(|k| (k, k + 1)).collect();
        }
    }
    /// Adds a character standing for original `[start, end)`.
    fn push(&mut self, c: char, start: usize, end: usize) {
        if self.from.is_empty() && (start != self.chars.len() || end != start + 1) {
            self.explicit();
        }
        self.chars.push(c);
        if !self.from.is_empty() {
            self.from.push((start, end));
        }
    }
    /// The normalised text.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }
    /// The original characters `[start, end)` that normalised `[start, end)` stand for.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.from.is_empty() {
            return (start, end);
        }
        match (self.from.get(start), end.checked_sub(1).and_then(|e| self.from.get(e))) {
            (Some(a), Some(b)) if end > start => (a.0, b.1),
            _ => (0, 0),
        }
    }
}

/// Invisible formatting characters (Unicode category Cf): removed before detection.
pub fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Space separators (Unicode category Zs): each read as a plain space.
fn is_space(c: char) -> bool {
    matches!(c as u32, 0x0020 | 0x00A0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000)
}

/// The zero of each block of ten decimal digits (Unicode category Nd) that NFKC leaves alone.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
    0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50,
    0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

/// The value of a decimal digit of any script.
fn any_digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    let u = c as u32;
    DIGIT_ZEROS.iter().find(|z| (**z..**z + 10).contains(&u)).map(|z| u - z)
}

/// A Chinese numeral written for one digit (小写 and 大写).
fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | '○' => Some(0),
        '一' | '壹' | '幺' => Some(1),
        '二' | '贰' | '两' => Some(2),
        '三' | '叁' => Some(3),
        '四' | '肆' => Some(4),
        '五' | '伍' => Some(5),
        '六' | '陆' => Some(6),
        '七' | '柒' | '拐' => Some(7),
        '八' | '捌' => Some(8),
        '九' | '玖' | '勾' => Some(9),
        _ => None,
    }
}

/// Letters written for digits inside a number.
fn look_alike(c: char) -> Option<char> {
    match c {
        'l' | 'I' | '|' => Some('1'),
        'O' | 'o' => Some('0'),
        _ => None,
    }
}

/// Characters people put between groups of a number.
fn group_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '·' | '－' | '—' | '_')
}

/// Chinese punctuation kept as written (NFKC would make it ASCII, and the detectors read
/// Chinese sentences by it): ，：；（）！？、。「」『』【】《》“”‘’.
fn kept(c: char) -> bool {
    matches!(
        c,
        '，' | '：'
            | '；'
            | '（'
            | '）'
            | '！'
            | '？'
            | '、'
            | '。'
            | '「'
            | '」'
            | '『'
            | '』'
            | '【'
            | '】'
            | '《'
            | '》'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '〔'
            | '〕'
            | '〈'
            | '〉'
            | '…'
            | '—'
    )
}

/// Digits of a run of Chinese numerals this long or longer are read as a number (dates like
/// 二〇二六 and counts like 三个 stay words).
const CHINESE_RUN: usize = 7;
/// A run of digits and look-alike letters this long, with at least [`LOOK_ALIKE_DIGITS`] real
/// digits, has its look-alikes read as digits.
const LOOK_ALIKE_RUN: usize = 7;
/// See [`LOOK_ALIKE_RUN`].
const LOOK_ALIKE_DIGITS: usize = 3;

/// What the later passes need, seen character by character of the normalised text: each is
/// needed only where its pattern starts — a look-alike next to a digit or another look-alike,
/// two Chinese numerals in a row, two dots between digits, an opening bracket (a group
/// separator may stand between the two characters).
#[derive(Default)]
struct Needs {
    digits: bool,
    look: bool,
    marks: bool,
    numerals: bool,
    dotted: usize,
    prev: char,
    prev2: char,
}

impl Needs {
    fn see(&mut self, c: char) {
        let (prev, prev2) = (self.prev, self.prev2);
        let near = |p: fn(char) -> bool| p(prev) || group_sep(prev) && p(prev2);
        let alike = |x: char| look_alike(x).is_some();
        let number = |x: char| x.is_ascii_digit() || look_alike(x).is_some();
        self.digits |= c.is_ascii_digit();
        self.look |= alike(c) && near(number) || c.is_ascii_digit() && near(alike);
        if c.is_ascii_digit() && matches!(prev, '.' | '·') && prev2.is_ascii_digit() {
            self.dotted += 1;
        }
        self.marks |= matches!(c, '(' | '[' | '{' | '<' | '【' | '（');
        self.numerals |= chinese_digit(c).is_some() && near(|x| chinese_digit(x).is_some());
        (self.prev2, self.prev) = (prev, c);
    }
}

/// Normalises `text` for detection (see the module's comment).
pub fn normalise(text: &str) -> Normalised {
    let mut n = Normalised { chars: text.chars().collect(), from: Vec::new() };
    let mut needs = Needs::default();
    // Most texts hold only ASCII, CJK ideographs and Chinese punctuation (what NFKC leaves
    // alone here): each stands for itself.
    let plain = n.chars.iter().all(|&c| {
        needs.see(c);
        c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c) || kept(c)
    });
    if plain {
        passes(&mut n, &needs);
        return n;
    }
    let mut n = Normalised { chars: Vec::with_capacity(n.chars.len()), from: Vec::new() };
    let mut needs = Needs::default();
    let mut push = |n: &mut Normalised, x: char, i: usize| {
        needs.see(x);
        n.push(x, i, i + 1);
    };
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c) || kept(c) {
            push(&mut n, c, i);
        } else if is_format(c) {
            continue;
        } else if is_space(c) {
            push(&mut n, ' ', i);
        } else if let Some(d) = any_digit(c) {
            push(&mut n, char::from_digit(d, 10).unwrap_or('0'), i);
        } else {
            for x in std::iter::once(c).nfkc() {
                push(&mut n, x, i);
            }
        }
    }
    passes(&mut n, &needs);
    n
}

/// The passes over the whole text, each only when the text has what it changes.
fn passes(n: &mut Normalised, needs: &Needs) {
    if needs.marks {
        spelled_marks(n);
    }
    if needs.numerals {
        chinese_numbers(n);
    }
    if (needs.digits || needs.numerals) && needs.look {
        look_alikes(n);
    }
    if needs.dotted >= 2 {
        dotted_groups(n);
    }
}

/// `138.0013.8000`: dots between the groups of a long number read as spaces (one dot, as in
/// `12.5`, stays a decimal point).
fn dotted_groups(n: &mut Normalised) {
    let cs = &mut n.chars;
    let mut i = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        let (mut digits, mut dots) = (0, 0);
        while j < cs.len()
            && (cs[j].is_ascii_digit()
                || (matches!(cs[j], '.' | '·') && cs.get(j + 1).is_some_and(char::is_ascii_digit)))
        {
            if cs[j].is_ascii_digit() {
                digits += 1;
            } else {
                dots += 1;
            }
            j += 1;
        }
        if dots >= 2 && digits >= 7 {
            for c in &mut cs[i..j] {
                if matches!(*c, '.' | '·') {
                    *c = ' ';
                }
            }
        }
        i = j.max(i + 1);
    }
}

/// `(at)`, `[at]`, `（at）` → `@`; `(dot)`, `[dot]` → `.` (case ignored).
fn spelled_marks(n: &mut Normalised) {
    /// The mark spelled out at `i`, with the characters it takes.
    fn mark_at(cs: &[char], i: usize) -> Option<(char, usize)> {
        if !matches!(cs[i], '(' | '[' | '{' | '<' | '【' | '（') {
            return None;
        }
        let word = |w: &str| {
            let len = w.len();
            cs.len() > i + 1 + len
                && cs[i + 1..i + 1 + len].iter().zip(w.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b))
                && matches!(cs[i + 1 + len], ')' | ']' | '}' | '>' | '】' | '）')
        };
        if word("at") {
            Some(('@', 4))
        } else if word("dot") {
            Some(('.', 5))
        } else {
            None
        }
    }
    // Most texts have none: nothing is copied then.
    let Some(first) = (0..n.chars.len()).find(|&i| mark_at(&n.chars, i).is_some()) else { return };
    n.explicit();
    let mut out = Normalised { chars: n.chars[..first].to_vec(), from: n.from[..first].to_vec() };
    let mut i = first;
    while i < n.chars.len() {
        match mark_at(&n.chars, i) {
            Some((m, len)) => {
                out.chars.push(m);
                out.from.push((n.from[i].0, n.from[i + len - 1].1));
                i += len;
            }
            None => {
                out.chars.push(n.chars[i]);
                out.from.push(n.from[i]);
                i += 1;
            }
        }
    }
    *n = out;
}

/// Runs of Chinese numerals (with group separators between) long enough to be a number.
fn chinese_numbers(n: &mut Normalised) {
    let mut i = 0;
    while i < n.chars.len() {
        if chinese_digit(n.chars[i]).is_none() {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut count = 0;
        let mut j = i;
        while j < n.chars.len() {
            if chinese_digit(n.chars[j]).is_some() {
                count += 1;
                end = j + 1;
            } else if !group_sep(n.chars[j]) {
                break;
            }
            j += 1;
        }
        if count >= CHINESE_RUN {
            for k in i..end {
                if let Some(d) = chinese_digit(n.chars[k]) {
                    n.chars[k] = char::from_digit(d, 10).unwrap_or('0');
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// Look-alike letters inside a run that is otherwise a long number.
fn look_alikes(n: &mut Normalised) {
    let cs = &mut n.chars;
    let mut i = 0;
    while i < cs.len() {
        let part = |c: char| c.is_ascii_digit() || look_alike(c).is_some();
        if !part(cs[i]) || (i > 0 && cs[i - 1].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i;
        while j < cs.len() {
            if part(cs[j]) {
                end = j + 1;
            } else if !group_sep(cs[j]) {
                break;
            }
            j += 1;
        }
        let digits = cs[i..end].iter().filter(|c| c.is_ascii_digit()).count();
        let total = cs[i..end].iter().filter(|c| part(**c)).count();
        // An identity number's check character X ends a run of seventeen.
        let check_x = total == 17
            && matches!(cs.get(end), Some('X' | 'x'))
            && !cs.get(end + 1).is_some_and(|c| c.is_ascii_alphanumeric());
        let letter_after = cs.get(end).is_some_and(|c| c.is_ascii_alphabetic()) && !check_x;
        if digits >= LOOK_ALIKE_DIGITS && total >= LOOK_ALIKE_RUN && !letter_after {
            for c in &mut cs[i..end] {
                if let Some(d) = look_alike(*c) {
                    *c = d;
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// Where a run of digits is broken by an invisible character (the first such character,
/// 0-based, in characters): a text to publish may not carry one.
pub fn hidden_break(text: &str) -> Option<usize> {
    let cs: Vec<char> = text.chars().collect();
    (0..cs.len()).find(|&i| {
        is_format(cs[i]) && {
            let before = cs[..i].iter().rev().find(|c| !is_format(**c));
            let after = cs[i + 1..].iter().find(|c| !is_format(**c));
            before.is_some_and(|c| any_digit(*c).is_some()) && after.is_some_and(|c| any_digit(*c).is_some())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(t: &str) -> String {
        normalise(t).text()
    }

    #[test]
    fn invisible_characters_go_and_every_space_is_a_space() {
        assert_eq!(norm("138\u{200B}0013\u{00AD}8000"), "13800138000");
        assert_eq!(norm("138\u{2060}0013\u{FEFF}8000"), "13800138000");
        assert_eq!(norm("138\u{00A0}0013\u{2009}8000\u{3000}号"), "138 0013 8000 号");
    }

    #[test]
    fn digits_of_every_script_and_full_width_forms_are_ascii() {
        assert_eq!(norm("١٣٨٠٠١٣٨٠٠٠"), "13800138000");
        assert_eq!(norm("۱۳۸۰۰۱۳۸۰۰۰"), "13800138000");
        assert_eq!(norm("１３８００１３８０００"), "13800138000");
        assert_eq!(norm("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "zhang@example.com");
    }

    #[test]
    fn long_runs_of_chinese_numerals_are_numbers_short_ones_words() {
        assert_eq!(norm("电话一三八零零一三八零零零"), "电话13800138000");
        assert_eq!(norm("壹叁捌 零零壹叁 捌零零零"), "138 0013 8000");
        assert_eq!(norm("二〇二六年三月一日，一审"), "二〇二六年三月一日，一审");
    }

    #[test]
    fn look_alike_letters_inside_a_long_number_are_digits() {
        assert_eq!(norm("手机l38OOl38OOO"), "手机13800138000");
        assert_eq!(norm("Hello World 2026"), "Hello World 2026");
        assert_eq!(norm("OOl 12"), "OOl 12");
        assert_eq!(norm("号码l2O224l98OO4l82O2X。"), "号码12022419800418202X。");
    }

    #[test]
    fn dots_between_the_groups_of_a_long_number_are_spaces() {
        assert_eq!(norm("138.0013.8000"), "138 0013 8000");
        assert_eq!(norm("罚款12.5万元"), "罚款12.5万元");
    }

    #[test]
    fn spelled_out_marks_of_an_address_are_marks() {
        assert_eq!(norm("zhang(at)example(dot)com"), "zhang@example.com");
        assert_eq!(norm("zhang[AT]example[DOT]com"), "zhang@example.com");
        assert_eq!(norm("（at）"), "@");
    }

    #[test]
    fn every_normalised_character_maps_back_to_the_original() {
        let t = "号码1\u{200B}38(at)";
        let n = normalise(t);
        assert_eq!(n.text(), "号码138@");
        assert_eq!(n.original(2, 5), (2, 6), "the invisible character is inside the span");
        assert_eq!(n.original(5, 6), (6, 10), "(at) is one character");
    }

    #[test]
    fn a_number_broken_by_an_invisible_character_is_found() {
        assert_eq!(hidden_break("罚款5000元，电话138\u{200B}00138000"), Some(13));
        assert_eq!(hidden_break("罚款5000元\u{200B}。"), None);
    }
}
