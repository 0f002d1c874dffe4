//! The redaction engine measured on hand-labelled texts in several styles (decision texts,
//! inspection and inquiry records, complaint letters, news-like reports, review opinions):
//! `tests/redaction/dev.txt` and `tests/redaction/test.txt`, the parts the detectors are tuned
//! on, and `tests/redaction/test2.txt` and `test3.txt`, the parts held out: only their per-kind
//! figures are printed (see `tests/redaction/README.md`). Every paragraph is also run with its
//! numbers disguised as people paste or hide them. Recall and precision per
//! kind are printed (`cargo test -p zhifa-core --test redaction_eval -- --nocapture`) and held to
//! floors. Recall counts a labelled span as protected when one masked span covers it (whatever
//! kind the engine gave it: an e-mail used as a payment account is masked as an e-mail);
//! precision counts a masked span as right when it overlaps a labelled one.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use zhifa_core::redact::{Context, Kind, find, redact};

/// A paragraph: its style, what the engine is told, its text and labelled spans (characters).
struct Paragraph {
    style: String,
    ctx: Context,
    text: String,
    truth: Vec<(usize, usize, Kind)>,
}

fn kind_of(mark: &str) -> Kind {
    match mark {
        "证" => Kind::IdNumber,
        "手" => Kind::Mobile,
        "固" => Kind::Landline,
        "账" => Kind::BankAccount,
        "邮" => Kind::Email,
        "址" => Kind::Address,
        "名" => Kind::PersonName,
        "病" => Kind::Health,
        "信" => Kind::Religion,
        "生" => Kind::Biometric,
        "踪" => Kind::Whereabouts,
        "牌" => Kind::Plate,
        "号" => Kind::ImAccount,
        other => panic!("unknown mark {other}"),
    }
}

fn parse(file: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for block in file.split("\n=== ").skip(1) {
        let (head, body) = block.split_once('\n').unwrap();
        let mut fields = head.split(" | ");
        let style = fields.next().unwrap().trim().to_string();
        let mut ctx = Context::default();
        for f in fields {
            let (k, v) = f.split_once('：').unwrap();
            let vs: Vec<String> = v.split('、').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            match k.trim() {
                "当事人" => ctx.party_names = vs,
                "公开" => ctx.public = vs,
                other => panic!("unknown field {other}"),
            }
        }
        let (mut text, mut truth, mut len) = (String::new(), Vec::new(), 0usize);
        let mut rest = body.trim_end();
        while let Some(open) = rest.find('〖') {
            let before = &rest[..open];
            text.push_str(before);
            len += before.chars().count();
            let close = rest[open..].find('〗').unwrap() + open;
            let (mark, value) = rest[open + '〖'.len_utf8()..close].split_once('|').unwrap();
            text.push_str(value);
            let n = value.chars().count();
            truth.push((len, len + n, kind_of(mark)));
            len += n;
            rest = &rest[close + '〗'.len_utf8()..];
        }
        text.push_str(rest);
        out.push(Paragraph { style, ctx, text, truth });
    }
    out
}

/// The same paragraph with every number and e-mail disguised, one way per span in turn:
/// invisible characters or other spaces between digit groups, other scripts' digits, Chinese
/// numerals, look-alike letters, dots, `(at)`.
fn disguised(p: &Paragraph, turn: usize) -> Paragraph {
    let cs: Vec<char> = p.text.chars().collect();
    let (mut text, mut truth, mut at) = (String::new(), Vec::new(), 0usize);
    let mut len = 0usize;
    for (k, (s, e, kind)) in p.truth.iter().enumerate() {
        let before: String = cs[at..*s].iter().collect();
        len += before.chars().count();
        text.push_str(&before);
        let value: String = cs[*s..*e].iter().collect();
        let numeric = matches!(kind, Kind::IdNumber | Kind::Mobile | Kind::Landline | Kind::BankAccount);
        let v = if numeric && value.chars().filter(char::is_ascii_digit).count() >= 7 {
            disguise_number(&value, turn + k)
        } else if *kind == Kind::Email {
            value.replace('@', if (turn + k).is_multiple_of(2) { "(at)" } else { " [at] " }).replace(".com", "(dot)com")
        } else {
            value
        };
        let n = v.chars().count();
        truth.push((len, len + n, *kind));
        len += n;
        text.push_str(&v);
        at = *e;
    }
    text.extend(&cs[at..]);
    Paragraph { style: format!("{}（伪装）", p.style), ctx: p.ctx.clone(), text, truth }
}

fn disguise_number(v: &str, way: usize) -> String {
    let digits: Vec<char> = v.chars().filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x').collect();
    let grouped = |sep: &str| -> String {
        let mut s = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && i % 4 == 3 {
                s.push_str(sep);
            }
            s.push(*c);
        }
        s
    };
    let map = |f: &dyn Fn(u32) -> char| -> String { digits.iter().map(|c| c.to_digit(10).map_or(*c, f)).collect() };
    match way % 10 {
        0 => grouped("\u{200B}"),
        1 => grouped("\u{00A0}"),
        2 => grouped("\u{00AD}"),
        3 => grouped("\u{2009}"),
        4 => grouped("\u{3000}"),
        5 => map(&|d| char::from_u32(0x0660 + d).unwrap()),
        6 => map(&|d| ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize]),
        7 => map(&|d| match d {
            0 => 'O',
            1 => 'l',
            _ => char::from_digit(d, 10).unwrap(),
        }),
        8 => grouped("."),
        _ => grouped("\u{2060}"),
    }
}

/// kind -> (labelled, protected, masked, right)
type Table = BTreeMap<&'static str, (usize, usize, usize, usize)>;

fn measure(set: &[Paragraph], misses: &mut Vec<String>) -> Table {
    let mut per = Table::new();
    for p in set {
        let spans = find(&p.text, &p.ctx);
        let cs: Vec<char> = p.text.chars().collect();
        let piece = |s: usize, e: usize| cs[s..e].iter().collect::<String>();
        for (s, e, k) in &p.truth {
            let row = per.entry(k.label()).or_default();
            row.0 += 1;
            if spans.iter().any(|x| x.start <= *s && x.end >= *e) {
                row.1 += 1;
            } else {
                misses.push(format!("漏 {}〔{}〕: {} ⟵ {}", k.label(), p.style, piece(*s, *e), p.text));
            }
        }
        for x in &spans {
            let row = per.entry(x.kind.label()).or_default();
            row.2 += 1;
            if p.truth.iter().any(|(s, e, _)| x.start < *e && x.end > *s) {
                row.3 += 1;
            } else {
                misses.push(format!("多 {}〔{}〕: {} ⟵ {}", x.kind.label(), p.style, piece(x.start, x.end), p.text));
            }
        }
    }
    per
}

fn print(name: &str, per: &Table) {
    println!("{name}:");
    for (k, (t, f, e, c)) in per {
        println!(
            "  {k}: {t} labelled, recall {:.1}%; {e} masked, precision {:.1}%",
            100.0 * *f as f64 / (*t).max(1) as f64,
            100.0 * *c as f64 / (*e).max(1) as f64
        );
    }
}

fn recall(per: &Table, kinds: &[Kind]) -> f64 {
    let (t, f) = kinds.iter().filter_map(|k| per.get(k.label())).fold((0, 0), |a, r| (a.0 + r.0, a.1 + r.1));
    f as f64 / t.max(1) as f64
}

fn precision(per: &Table, kinds: &[Kind]) -> f64 {
    let (e, c) = kinds.iter().filter_map(|k| per.get(k.label())).fold((0, 0), |a, r| (a.0 + r.2, a.1 + r.3));
    if e == 0 { 1.0 } else { c as f64 / e as f64 }
}

fn with_disguises(set: Vec<Paragraph>) -> Vec<Paragraph> {
    let mut all: Vec<Paragraph> = set.iter().enumerate().map(|(i, p)| disguised(p, i)).collect();
    all.extend(set);
    all
}

const NUMBERS: [Kind; 6] =
    [Kind::IdNumber, Kind::Mobile, Kind::Landline, Kind::BankAccount, Kind::Email, Kind::Address];

/// Measures one part; its misses are printed only for a part the detectors may be tuned on.
fn run(file: &str, name: &str, held_out: bool) -> Table {
    let set = with_disguises(parse(file));
    assert!(set.len() >= 70, "{name}: {} paragraphs", set.len());
    let mut misses = Vec::new();
    let per = measure(&set, &mut misses);
    print(&format!("{name} ({} paragraphs, half of them disguised)", set.len()), &per);
    if held_out {
        println!("  ({} misses, not shown: the part is held out)", misses.len());
    } else {
        for m in &misses {
            println!("  {m}");
        }
    }
    per
}

/// Holds `kind` to at least `r` recall and `p` precision.
fn floor(per: &Table, kind: Kind, r: f64, p: f64) {
    let (got_r, got_p) = (recall(per, &[kind]), precision(per, &[kind]));
    assert!(
        got_r >= r && got_p >= p,
        "{}: recall {got_r:.3} (floor {r}), precision {got_p:.3} (floor {p})",
        kind.label()
    );
}

#[test]
fn development_part() {
    let per = run(include_str!("redaction/dev.txt"), "development part", false);
    for k in NUMBERS {
        floor(&per, k, 1.0, 0.98);
    }
    floor(&per, Kind::PersonName, 0.98, 0.95);
    floor(&per, Kind::Health, 0.95, 0.9);
}

/// The first test part, held out until its misses were seen once; the floors are the figures
/// reached (numbers, e-mail and bank accounts at 100 % recall, disguises included).
#[test]
fn test_part() {
    let per = run(include_str!("redaction/test.txt"), "first test part (seen once)", false);
    for k in [Kind::IdNumber, Kind::Mobile, Kind::BankAccount, Kind::Email, Kind::Plate, Kind::ImAccount] {
        floor(&per, k, 1.0, 0.98);
    }
    floor(&per, Kind::Landline, 1.0, 0.98);
    floor(&per, Kind::Address, 1.0, 0.95);
    floor(&per, Kind::PersonName, 0.99, 0.98);
    floor(&per, Kind::Health, 1.0, 0.93);
}

/// The second test part, written before the detectors were tuned again and held out: only
/// its per-kind figures are printed.
#[test]
fn second_test_part() {
    let per = run(include_str!("redaction/test2.txt"), "second test part (held out)", true);
    for k in [Kind::IdNumber, Kind::Mobile, Kind::Landline, Kind::Email, Kind::Plate, Kind::ImAccount] {
        floor(&per, k, 1.0, 0.98);
    }
    floor(&per, Kind::BankAccount, 0.87, 0.98);
    floor(&per, Kind::Address, 0.95, 0.98);
    floor(&per, Kind::PersonName, 0.92, 0.98);
    floor(&per, Kind::Health, 0.86, 0.9);
    floor(&per, Kind::Whereabouts, 1.0, 0.98);
}

/// The third test part, written after the tuning that followed the second one's first reading
/// and read once: only its per-kind figures are printed.
#[test]
fn third_test_part() {
    let per = run(include_str!("redaction/test3.txt"), "third test part (held out)", true);
    for k in [Kind::IdNumber, Kind::Mobile, Kind::Email, Kind::BankAccount, Kind::Plate] {
        floor(&per, k, 1.0, 0.98);
    }
    // Its first (and only) reading, 2026-12-06: below the targets, held as a floor.
    floor(&per, Kind::PersonName, 0.9, 0.88);
    floor(&per, Kind::Address, 0.9, 0.9);
    floor(&per, Kind::Health, 0.75, 0.87);
}

/// What the engine proposes, confirmed as it is, is clean: nothing is found again in it.
#[test]
fn a_redacted_text_has_nothing_left_to_find() {
    for file in [
        include_str!("redaction/dev.txt"),
        include_str!("redaction/test.txt"),
        include_str!("redaction/test2.txt"),
        include_str!("redaction/test3.txt"),
    ] {
        for p in with_disguises(parse(file)) {
            let r = redact(&p.text, &p.ctx);
            let again = find(&r.text, &p.ctx);
            assert!(again.is_empty(), "{}\n{:?}", r.text, again);
        }
    }
}
