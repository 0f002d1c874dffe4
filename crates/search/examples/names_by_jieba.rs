//! The road not taken for names, measured: jieba's part-of-speech tagger (`nr*`, a person's
//! name) on the same labelled parts as the redaction engine (`crates/core/tests/redaction`),
//! counting names of natural persons other than the parties. Run:
//! `cargo run -p zhifa-search --example names_by_jieba`.

#![allow(clippy::unwrap_used)]

use jieba_rs::Jieba;

/// A paragraph: the parties' names, the text, the labelled names (characters).
type Paragraph = (Vec<String>, String, Vec<(usize, usize)>);

fn parse(file: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for block in file.split("\n=== ").skip(1) {
        let (head, body) = block.split_once('\n').unwrap();
        let parties: Vec<String> = head
            .split(" | ")
            .filter_map(|f| f.strip_prefix("当事人："))
            .flat_map(|v| v.split('、').map(str::to_string))
            .filter(|s| !s.is_empty())
            .collect();
        let (mut text, mut names, mut len) = (String::new(), Vec::new(), 0usize);
        let mut rest = body.trim_end();
        while let Some(open) = rest.find('〖') {
            text.push_str(&rest[..open]);
            len += rest[..open].chars().count();
            let close = rest[open..].find('〗').unwrap() + open;
            let (mark, value) = rest[open + '〖'.len_utf8()..close].split_once('|').unwrap();
            let n = value.chars().count();
            if mark == "名" {
                names.push((len, len + n));
            }
            text.push_str(value);
            len += n;
            rest = &rest[close + '〗'.len_utf8()..];
        }
        text.push_str(rest);
        out.push((parties, text, names));
    }
    out
}

fn main() {
    let jieba = Jieba::new();
    for (part, file) in [
        ("development part", include_str!("../../core/tests/redaction/dev.txt")),
        ("test part", include_str!("../../core/tests/redaction/test.txt")),
    ] {
        let (mut labelled, mut found, mut tagged, mut right) = (0, 0, 0, 0);
        for (parties, text, names) in parse(file) {
            let cs: Vec<char> = text.chars().collect();
            let spans: Vec<(usize, usize)> = jieba
                .tag(&text, true)
                .iter()
                .filter(|t| t.tag.starts_with("nr") && t.word.chars().count() >= 2)
                .map(|t| (t.start, t.end))
                .filter(|(s, e)| !parties.iter().any(|p| *p == cs[*s..*e].iter().collect::<String>()))
                .collect();
            labelled += names.len();
            found += names.iter().filter(|(s, e)| spans.iter().any(|(a, b)| a <= s && b >= e)).count();
            tagged += spans.len();
            right += spans.iter().filter(|(a, b)| names.iter().any(|(s, e)| a < e && b > s)).count();
        }
        println!(
            "{part}: jieba nr — {labelled} names labelled, recall {:.1}%; {tagged} tagged, precision {:.1}%",
            100.0 * found as f64 / labelled as f64,
            100.0 * right as f64 / tagged.max(1) as f64
        );
    }
}
