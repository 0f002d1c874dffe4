//! Benchmark helper (not a test): registers N cases for 天津市宝坻区市场监督管理局 in a database
//! that holds the demo data (`zhifa demo`), through the one write path (each with its ledger
//! entry), in transactions of 2,000, so that the case list and search can be timed on a large
//! body. A fifth of the cases are also filed (立案 step), so stages vary.
//!
//! `cargo run --release -p zhifa-store --example fill_cases -- <database-url> <cases>`

#![allow(clippy::unwrap_used)]

use zhifa_core::access::{Role, Scope};
use zhifa_core::case::{CaseInput, PartyInput, StepInput};
use zhifa_core::ids::credit_code_check_char;
use zhifa_store::write::Actor;
use zhifa_store::zhifa_ledger::HashAlg;
use zhifa_store::{Command, Store};

const SHOPS: &[&str] = &["食品店", "超市", "餐馆", "药店", "五金店", "服装店", "烟酒店", "水果店", "面馆", "茶庄"];
const PLACES: &[&str] = &["南城", "北关", "东城", "西关", "海滨", "钰华", "周良", "宝平", "口东", "大口屯"];

fn credit_code(i: usize) -> String {
    let first = format!("91120224MA{:07}", i % 10_000_000);
    let check = credit_code_check_char(&first).unwrap();
    format!("{first}{check}")
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, n): (&str, usize) = (&args[1], args[2].parse().unwrap());
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    store.ensure_ledger("zhifa/ledger", HashAlg::Sm3).await.unwrap();
    let body = store.body_by_name("天津市宝坻区市场监督管理局").await.unwrap().expect("run `zhifa demo` first").id;
    let officers: Vec<i64> = store
        .list_officers(Scope::Body(body), &Default::default())
        .await
        .unwrap()
        .iter()
        .filter(|o| o.post != "法制审核员")
        .map(|o| o.id)
        .collect();
    let items = ["MS-CF-001", "MS-CF-002", "MS-CF-003", "MS-CF-004", "MS-JC-001", "MS-XK-001"];
    let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < n {
        let batch: Vec<Command> = (done..(done + 2000).min(n))
            .map(|i| {
                let item = items[i % items.len()];
                let kind = match item {
                    "MS-JC-001" => "inspection",
                    "MS-XK-001" => "licensing",
                    _ => "penalty_general",
                };
                let input = CaseInput {
                    kind: kind.into(),
                    power_item_code: item.into(),
                    source: "投诉举报".into(),
                    domain: "市场监管".into(),
                    parties: vec![PartyInput {
                        name: format!("宝坻区{}{}第{}号", PLACES[i % PLACES.len()], SHOPS[(i / 10) % SHOPS.len()], i),
                        id_number: credit_code(i),
                        legal_representative: Some("王某".into()),
                        ..Default::default()
                    }],
                    officer_ids: vec![officers[i % officers.len()], officers[(i + 1) % officers.len()]],
                    facts: format!("第{i}号线索：经营场所存在违法嫌疑"),
                    act_date: Some((today - chrono::Duration::days(30)).to_string()),
                    ..Default::default()
                };
                Command::CreateCase {
                    body_id: zhifa_core::ids::BodyId(body),
                    case: Box::new(input.validate(today).unwrap()),
                }
            })
            .collect();
        let outs =
            store.execute_batch(&Actor::system(), batch, |_| {}).await.map_err(|(i, e)| format!("{i}: {e}")).unwrap();
        let files: Vec<Command> = outs
            .iter()
            .enumerate()
            .filter(|(k, _)| (done + k) % 5 == 0 && (done + k) % 6 < 4)
            .map(|(_, o)| {
                let step =
                    StepInput { kind: "file".into(), content: Some("同意立案".into()), ..Default::default() };
                Command::RecordStep {
                    case_id: zhifa_core::ids::CaseId(o.id),
                    step: Box::new(step.validate(chrono::Utc::now()).unwrap()),
                    role: Role::Head,
                    officer_id: None,
                    signer: None,
                }
            })
            .collect();
        store.execute_batch(&Actor::system(), files, |_| {}).await.map_err(|(i, e)| format!("{i}: {e}")).unwrap();
        done += outs.len();
        eprint!("\r{done}/{n}");
    }
    eprintln!(
        "\nregistered {n} cases in {:.1}s; tree size {}",
        start.elapsed().as_secs_f64(),
        store.tree_size().await.unwrap()
    );
    store.close().await;
}
