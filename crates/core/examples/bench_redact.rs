//! Redaction throughput: MB/s of decision text through `zhifa_core::redact::redact`, against a
//! baseline pass over the same text in the same run (decoding every character and counting
//! digits, the least any scanner does). Run: `cargo run --release -p zhifa-core --example
//! bench_redact [MB]`.

use std::time::Instant;
use zhifa_core::redact::{Context, redact};

/// A decision text of about 1.2 KB with private data in several forms, varied by `i`.
fn decision(i: usize) -> String {
    let d = |k: usize| (i * 7919 + k * 104_729) % 10;
    format!(
        "天津市宝坻区市场监督管理局\n行政处罚决定书\n津宝市监罚〔2026〕{i}号\n当事人：张{i}，男，汉族，1980年1月1日出生，公民身份号码：12022419800101{a}{b}{c}{e}，\
住址：天津市宝坻区周良街道某某村{i}号，联系电话：13{a}{b}001{c}{e}00。\n经查，当事人于2026年3月在其经营场所销售超过保质期的食品20箱，货值金额5,000元。\
证人李{g}称其于当日购买。上述事实有现场检查笔录、询问笔录、照片等证据证明。当事人之妻王{g}芳陈述称不知情。\
依据《中华人民共和国食品安全法》第一百二十四条第一款第（一）项，本机关决定：罚款人民币5,000.00元。\
当事人应自收到本决定书之日起十五日内缴纳罚款，开户银行账号：6222 0212 3456 7890 1{a}{b}，或发送邮件至 zhang{i}@example.com 联系。\
如不服本决定，可在收到本决定书之日起六十日内申请行政复议。本机关联系电话：022-29241234，地址：天津市宝坻区建设路1号。\n",
        a = d(1),
        b = d(2),
        c = d(3),
        e = d(4),
        g = ["明", "强", "红", "伟", "静", "磊", "军", "洋", "勇", "艳"][d(5)],
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mb: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(8);
    let mut texts = Vec::new();
    let mut bytes = 0;
    while bytes < mb * 1_000_000 {
        let t = decision(texts.len());
        bytes += t.len();
        texts.push(t);
    }
    let ctx = Context { public: vec!["022-29241234".into()], ..Default::default() };
    let total_mb = bytes as f64 / 1e6;
    let (mut base, mut engine, mut spans) = (Vec::new(), Vec::new(), 0);
    for _ in 0..5 {
        let t = Instant::now();
        let mut digits = 0usize;
        for x in &texts {
            digits += x.chars().filter(char::is_ascii_digit).count();
        }
        std::hint::black_box(digits);
        base.push(total_mb / t.elapsed().as_secs_f64());
        let t = Instant::now();
        spans = 0;
        for x in &texts {
            spans += redact(x, &ctx).spans.len();
        }
        engine.push(total_mb / t.elapsed().as_secs_f64());
    }
    let (b, e) = (median(base), median(engine));
    println!("{} texts, {total_mb:.1} MB, {spans} spans masked per pass", texts.len());
    println!("baseline (decode + count digits): {b:.1} MB/s (median of 5)");
    println!("redact: {e:.2} MB/s (median of 5), {:.1}× slower than the baseline", b / e);
}
