//! Renders a sample 行政处罚决定书 layout to a PDF file and times repeated renders:
//! `cargo run --release -p zhifa-pdf --example render_sample -- OUT.pdf [N]`.

use std::time::Instant;
use zhifa_core::doc::layout::parse;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "sample.pdf".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let markup = std::fs::read_to_string("/dev/stdin").unwrap_or_default();
    let blocks = parse(&markup);
    let meta = zhifa_pdf::Meta { title: "样例".into(), ..Default::default() };
    let t = Instant::now();
    let mut r = None;
    for _ in 0..n {
        r = Some(zhifa_pdf::render(&blocks, &meta).expect("renders"));
    }
    let r = r.expect("one render");
    let secs = t.elapsed().as_secs_f64();
    std::fs::write(&out, &r.bytes).expect("write");
    eprintln!("{} pages, {} bytes, {n} renders in {secs:.3} s ({:.1}/s)", r.pages, r.bytes.len(), n as f64 / secs);
}
