//! What the redaction engine finds in the texts given on the command line, with its reasons:
//! `cargo run -p zhifa-core --example redact_probe -- "证人王五称…"`.

use zhifa_core::redact::{Context, find, redact};
fn main() {
    let ctx = Context::default();
    for t in std::env::args().skip(1) {
        let cs: Vec<char> = t.chars().collect();
        for s in find(&t, &ctx) {
            println!("{:?} {} [{}]", s.kind, cs[s.start..s.end].iter().collect::<String>(), s.reason);
        }
        println!("{}", redact(&t, &ctx).text);
        println!("--");
    }
}
