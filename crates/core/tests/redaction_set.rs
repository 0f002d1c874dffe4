//! The redaction engine measured on a labelled set the project builds: 240 synthetic decision
//! texts (行政处罚决定书 facts and parties) with every kind of private data in varied forms
//! (identity numbers valid, with wrong check digits, spaced, full-width and 15-digit; mobiles
//! with spaces, hyphens and +86; landlines with and without brackets; bank cards grouped or not;
//! accounts after a label; e-mails; home addresses; names of witnesses and informants, compound
//! surnames included) and the public data that must stay (organisation names, credit codes,
//! officers and their certificate numbers, the body's telephone, case and document numbers,
//! amounts, dates, statutes). Recall and precision per kind are printed
//! (`cargo test -p zhifa-core --test redaction_set -- --nocapture`) and held to a floor.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use zhifa_core::redact::{Context, Kind, find};

/// A small deterministic generator (no dependency): the set is the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + (self.next() % 10) as u8)).collect()
    }
}

/// A text under construction with its labelled spans (character offsets).
#[derive(Default)]
struct Doc {
    text: String,
    len: usize,
    truth: Vec<(usize, usize, Kind)>,
}
impl Doc {
    fn put(&mut self, s: &str) {
        self.text.push_str(s);
        self.len += s.chars().count();
    }
    fn private(&mut self, s: &str, kind: Kind) {
        let start = self.len;
        self.put(s);
        self.truth.push((start, self.len, kind));
    }
}

const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "赵", "周", "吴", "孙", "欧阳", "司马"];
const GIVEN: [&str; 12] = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "明华", "建国"];
const TOWNS: [&str; 6] = ["周良街道", "口东街道", "大口屯镇", "海滨街道", "宝平街道", "方家庄镇"];
const PLACES: [&str; 6] = ["南城东路", "北关村", "东城路", "西关大街", "钰华街", "建设路"];

fn name(r: &mut Lcg) -> String {
    format!("{}{}", r.pick(&SURNAMES), r.pick(&GIVEN))
}

/// Another person than `party` (a namesake of the party could not be told apart).
fn other(r: &mut Lcg, party: &str) -> String {
    loop {
        let n = name(r);
        if n != party {
            return n;
        }
    }
}

fn id_number(r: &mut Lcg) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("120224{}{:02}{:02}{}", 1950 + r.next() % 55, 1 + r.next() % 12, 1 + r.next() % 28, r.digits(3));
    let s: u32 = body.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(s % 11) as usize];
    match r.next() % 5 {
        0 => format!("{body}{}", if check == '0' { '1' } else { '0' }), // wrong check digit
        1 => format!("{} {} {}{check}", &body[..6], &body[6..14], &body[14..]),
        2 => format!("{body}{check}")
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0xFF10 + d).unwrap()))
            .collect(),
        3 => format!("120224{}{}", &body[8..14], r.digits(3)), // 15 digits
        _ => format!("{body}{check}"),
    }
}

fn mobile(r: &mut Lcg) -> String {
    let n = format!("1{}{}", r.pick(&["3", "5", "7", "8", "9"]), r.digits(9));
    match r.next() % 4 {
        0 => format!("{} {} {}", &n[..3], &n[3..7], &n[7..]),
        1 => format!("{}-{}-{}", &n[..3], &n[3..7], &n[7..]),
        2 => format!("+86 {n}"),
        _ => n,
    }
}

fn landline(r: &mut Lcg) -> String {
    let n = r.digits(7);
    let n = format!("{}{n}", 2 + r.next() % 7);
    match r.next() % 3 {
        0 => format!("(022){n}"),
        1 => format!("022-{n}"),
        _ => format!("0316{}", &n[1..]),
    }
}

fn card(r: &mut Lcg) -> String {
    let mut ds: Vec<u32> = format!("622202{}", r.digits(12)).chars().map(|c| c.to_digit(10).unwrap()).collect();
    // Luhn check digit.
    let s: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                *d
            }
        })
        .sum();
    ds.push((10 - s % 10) % 10);
    let plain: String = ds.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
    if r.next().is_multiple_of(2) {
        plain.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ")
    } else {
        plain
    }
}

/// A text, what the engine is told of its case, and its labelled spans.
type Labelled = (String, Context, Vec<(usize, usize, Kind)>);

fn texts() -> Vec<Labelled> {
    let mut r = Lcg(20261127);
    let mut out = Vec::new();
    for i in 0..240 {
        let mut d = Doc::default();
        let party = name(&mut r);
        let natural = i % 2 == 0;
        let company = format!(
            "天津市宝坻区{}{}有限公司",
            r.pick(&["鑫源", "华盛", "利民", "顺达"]),
            r.pick(&["食品", "商贸", "餐饮"])
        );
        if natural {
            d.put(&format!(
                "当事人：{party}，{}，{}年出生，汉族，公民身份号码：",
                r.pick(&["男", "女"]),
                1960 + r.next() % 40
            ));
            let id = id_number(&mut r);
            d.private(&id, Kind::IdNumber);
            d.put("，住址：天津市宝坻区");
            let home = format!("{}{}{}号", r.pick(&TOWNS), r.pick(&PLACES), 1 + r.next() % 200);
            d.private(&home, Kind::Address);
            d.put("，联系电话：");
            let m = mobile(&mut r);
            d.private(&m, Kind::Mobile);
            d.put("。\n");
        } else {
            d.put(&format!("当事人：{company}，统一社会信用代码：91120224MA05{}X，住所：天津市宝坻区{}{}号，法定代表人：{party}。\n",
                r.digits(4), r.pick(&PLACES), 1 + r.next() % 90));
        }
        d.put(&format!(
            "案号：002-2026-CF{:05}。经查，2026年{}月{}日，当事人销售超过保质期的食品{}箱，货值{},{}.00元。",
            i + 1,
            1 + r.next() % 12,
            1 + r.next() % 28,
            1 + r.next() % 50,
            1 + r.next() % 9,
            r.digits(3)
        ));
        let witness = other(&mut r, &party);
        d.put("上述事实有现场检查笔录、证人");
        d.private(&witness, Kind::PersonName);
        d.put("的询问笔录等证据证实。");
        if i % 3 == 0 {
            d.put("举报人");
            let informant = other(&mut r, &party);
            d.private(&informant, Kind::PersonName);
            d.put("（电话");
            let l = landline(&mut r);
            d.private(&l, Kind::Landline);
            d.put("）反映该店长期销售过期食品。");
        }
        if i % 4 == 1 {
            d.put("当事人通过银行卡");
            let c = card(&mut r);
            d.private(&c, Kind::BankAccount);
            d.put("收取货款。");
        }
        if i % 5 == 2 {
            d.put("当事人另以账号：");
            let a = format!("1200{}", r.digits(10));
            d.private(&a, Kind::BankAccount);
            d.put("收款。");
        }
        if i % 6 == 3 {
            d.put("当事人曾以电子邮箱");
            let e = format!(
                "{}{}@{}",
                r.pick(&["wang", "li.na", "zhang_san", "shop"]),
                r.digits(3),
                r.pick(&["163.com", "qq.com", "example.cn"])
            );
            d.private(&e, Kind::Email);
            d.put("联系供货商。");
        }
        // Harder forms: a relative named without the usual role words, a home address in a
        // sentence, a lower-case x, an extension number.
        if i % 7 == 4 {
            d.put("当事人之妻");
            let wife = other(&mut r, &party);
            d.private(&wife, Kind::PersonName);
            d.put("在现场。");
        }
        if i % 8 == 5 {
            d.put("该店员工平时居住于天津市宝坻区");
            let home =
                format!("{}{}{}号{}室", r.pick(&TOWNS), r.pick(&PLACES), 1 + r.next() % 200, 101 + r.next() % 500);
            d.private(&home, Kind::Address);
            d.put("。");
        }
        if i % 9 == 6 {
            d.put("其同住人身份证号");
            let id = id_number(&mut r).replace('X', "x");
            d.private(&id, Kind::IdNumber);
            d.put("。");
        }
        if i % 10 == 7 {
            d.put("另查，其家庭固定电话");
            let l = format!("022-{}", r.digits(8));
            d.private(&l, Kind::Landline);
            d.put("转8001。");
        }
        d.put(&format!("执法人员：王明（执法证号津13{}）、李强（执法证号津12{}）。", r.digits(9), r.digits(9)));
        d.put("依据《中华人民共和国食品安全法》第一百二十四条第一款第（一）项，决定罚款人民币5,000.00元。");
        d.put("如不服本决定，可在收到本决定书之日起六十日内申请行政复议。本机关联系电话：022-29241234，地址：天津市宝坻区建设路1号。\n");
        let ctx = Context {
            party_names: vec![party.clone(), company],
            private_names: Vec::new(),
            public: vec!["022-29241234".into()],
            private: Vec::new(),
        };
        out.push((d.text, ctx, d.truth));
    }
    out
}

#[test]
fn redaction_recall_and_precision_on_the_labelled_set() {
    let set = texts();
    assert!(set.len() >= 200);
    // kind -> (true spans, found, engine spans, correct)
    let mut per: BTreeMap<&'static str, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (text, ctx, truth) in &set {
        let spans = find(text, ctx);
        for (s, e, k) in truth {
            let hit = spans.iter().any(|x| x.kind == *k && x.start <= *s && x.end >= *e);
            let row = per.entry(k.label()).or_default();
            row.0 += 1;
            if hit {
                row.1 += 1;
            } else {
                misses.push(format!("{}: {}", k.label(), text.chars().skip(*s).take(e - s).collect::<String>()));
            }
        }
        for x in &spans {
            let ok = truth.iter().any(|(s, e, k)| *k == x.kind && x.start < *e && x.end > *s);
            let row = per.entry(x.kind.label()).or_default();
            row.2 += 1;
            if ok {
                row.3 += 1;
            } else {
                misses.push(format!(
                    "多遮蔽 {}: {}",
                    x.kind.label(),
                    text.chars().skip(x.start).take(x.end - x.start).collect::<String>()
                ));
            }
        }
    }
    let (mut t, mut f, mut e, mut c) = (0, 0, 0, 0);
    println!("redaction on {} labelled texts:", set.len());
    for (k, (tt, ff, ee, cc)) in &per {
        println!(
            "  {k}: {tt} labelled, recall {:.1}%, precision {:.1}%",
            100.0 * *ff as f64 / (*tt).max(1) as f64,
            100.0 * *cc as f64 / (*ee).max(1) as f64
        );
        t += tt;
        f += ff;
        e += ee;
        c += cc;
    }
    let (recall, precision) = (f as f64 / t as f64, c as f64 / e.max(1) as f64);
    println!("  all: {t} labelled, recall {:.2}%, precision {:.2}%", 100.0 * recall, 100.0 * precision);
    for m in misses.iter().take(20) {
        println!("  miss: {m}");
    }
    assert!(recall >= 0.99 && precision >= 0.98, "recall {recall:.4}, precision {precision:.4}: {misses:#?}");
}
