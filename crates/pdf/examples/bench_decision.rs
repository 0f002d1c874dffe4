//! Benchmark: 行政处罚决定书 documents rendered per second, and the PDF's size.
//!
//! `cargo run --release -p zhifa-pdf --example bench_decision -- [N] [OUT.pdf]`
//!
//! Fills the standard template with the sample case (every field filled, one page), then
//! times, each as the median of five runs of N documents on one thread:
//! - fill only (template → blocks; the baseline: what the HTML view costs),
//! - PDF only (blocks → PDF: line breaking, font subsetting, writing),
//! - fill + PDF (what issuing a document computes besides its database writes).

use std::time::Instant;
use zhifa_core::doc::template::sample_context;
use zhifa_core::doc::{DocKind, fill, standard_template};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn rate(n: usize, mut f: impl FnMut()) -> f64 {
    let runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            n as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    median(runs)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(200);
    let out = args.next();
    let kind = DocKind::PenaltyDecision;
    let mut ctx = sample_context();
    ctx.doc.number = "001罚决〔2026〕1号".into();
    let template = standard_template(kind);
    let meta =
        zhifa_pdf::Meta { title: "行政处罚决定书".into(), author: ctx.body.name.clone(), ..Default::default() };
    let filled = fill(kind, template, &ctx).expect("fills");
    let pdf = zhifa_pdf::render(&filled.blocks, &meta).expect("renders");
    if let Some(out) = out {
        std::fs::write(&out, &pdf.bytes).expect("write");
    }
    let fill_rate = rate(n, || {
        std::hint::black_box(fill(kind, template, &ctx).expect("fills"));
    });
    let pdf_rate = rate(n, || {
        std::hint::black_box(zhifa_pdf::render(&filled.blocks, &meta).expect("renders"));
    });
    let both_rate = rate(n, || {
        let f = fill(kind, template, &ctx).expect("fills");
        std::hint::black_box(zhifa_pdf::render(&f.blocks, &meta).expect("renders"));
    });
    println!(
        "行政处罚决定书: {} page(s), {} bytes ({:.1} KB), {} glyphs missing",
        pdf.pages,
        pdf.bytes.len(),
        pdf.bytes.len() as f64 / 1024.0,
        pdf.missing.len()
    );
    println!("fill only (baseline): {fill_rate:.0}/s");
    println!("PDF only:             {pdf_rate:.0}/s");
    println!("fill + PDF:           {both_rate:.0}/s  ({:.2} ms each)", 1000.0 / both_rate);
}
