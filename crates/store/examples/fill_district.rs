//! Benchmark helper (not a test): fills a database holding the demo data (`zhifa demo`) to
//! `<cases>` cases across twenty enforcement bodies, through the one write path (each write
//! with its ledger entry), in transactions of 2,000: the demo's ten bodies and ten more, each
//! new one with twelve officers holding 市场监管 certificates and the demo market regulator's
//! penalty items. Of the cases, seven in ten are filed (立案) on a day of the last two years, and
//! closed (撤销立案) thirty days later when that is more than seventy-five days ago, so that the
//! open ones are recent and some pass the sixtieth day of their period (W01, yellow); one in ten
//! is investigated on site by two officers the day after filing, at a time spread over the
//! working day, at the one place the body inspects that day (a market, a street), save one in a
//! thousand recorded elsewhere (one officer at two places: W16). The other three in ten stay
//! registered and unfiled: the clue-latency load files them.
//!
//! `cargo run --release -p zhifa-store --example fill_district -- <database-url> <cases>`

#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use zhifa_core::access::{Role, Scope};
use zhifa_core::case::{CaseInput, PartyInput, StepInput};
use zhifa_core::ids::{BodyId, CaseId, OfficerId, credit_code_check_char};
use zhifa_core::registry::{BodyInput, CertificateInput, OfficerInput, PowerItemInput};
use zhifa_store::write::Actor;
use zhifa_store::zhifa_ledger::HashAlg;
use zhifa_store::{Command, Store};

const BODIES: usize = 20;
const STREETS: &[&str] = &["南城", "北关", "东城", "西关", "海滨", "钰华", "周良", "宝平", "口东", "大口屯"];
const SHOPS: &[&str] = &["食品店", "超市", "餐馆", "药店", "五金店", "服装店", "烟酒店", "水果店", "面馆", "茶庄"];
const TOWNS: &[&str] = &[
    "八门城",
    "牛家牌",
    "霍各庄",
    "林亭口",
    "史各庄",
    "郝各庄",
    "新开口",
    "黄庄",
    "王卜庄",
    "方家庄",
    "尔王庄",
    "潮阳",
    "朝霞",
    "新安镇",
    "大钟庄",
    "马家店",
    "大唐庄",
    "口东街",
    "海滨街",
    "钰华街",
];

fn credit_code(i: usize) -> String {
    let first = format!("91120224MB{:07}", i % 10_000_000);
    let check = credit_code_check_char(&first).unwrap();
    format!("{first}{check}")
}

fn id_number(seq: usize) -> String {
    let first = format!("12022419850101{:03}", seq % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    format!("{first}{}", ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize])
}

async fn run(store: &Store, cmds: Vec<Command>) -> Vec<i64> {
    if cmds.is_empty() {
        return Vec::new();
    }
    store
        .execute_batch(&Actor::system(), cmds, |_| {})
        .await
        .map_err(|(i, e)| format!("{i}: {e}"))
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect()
}

/// An enforcement body as the fill uses it: id, officers with a long certificate, the domain of
/// those certificates, its general-procedure penalty items.
type Filled = (i64, Vec<i64>, String, Vec<String>);

/// The enforcement bodies able to handle penalty cases, up to twenty; new ones are created
/// until there are twenty.
async fn bodies(store: &Store) -> Vec<Filled> {
    let mut out = eligible(store).await;
    let missing = BODIES.saturating_sub(out.len());
    create(store, missing).await;
    out = eligible(store).await;
    out.truncate(BODIES);
    out
}

async fn create(store: &Store, missing: usize) {
    let template = store.body_by_name("天津市宝坻区市场监督管理局").await.unwrap().expect("run `zhifa demo` first");
    let items = store.power_items_of(&[template.id]).await.unwrap();
    let penalty: Vec<_> = items
        .iter()
        .filter(|p| p.category.code() == "penalty" && p.procedure_kind.code() == "penalty_general" && p.version == 1)
        .collect();
    for (n, town) in TOWNS.iter().enumerate().take(missing) {
        let name = format!("天津市宝坻区{town}人民政府（压测）");
        if store.body_by_name(&name).await.unwrap().is_some() {
            continue;
        }
        let b = BodyInput {
            name,
            kind: "行政机关".into(),
            area: "天津市宝坻区".into(),
            legal_basis: "《中华人民共和国行政处罚法》第二十四条；天津市赋予乡镇人民政府行政执法权事项".into(),
            reconsideration_organ: "天津市宝坻区人民政府".into(),
            court: "天津市宝坻区人民法院".into(),
            review_organ: "镇综合行政执法队法制审核岗".into(),
            ..Default::default()
        };
        let body = run(store, vec![Command::CreateBody(b.validate().unwrap())]).await[0];
        let officers: Vec<Command> = (0..12)
            .map(|k| {
                let o = OfficerInput {
                    body_id: body,
                    name: format!("压测{town}{k:02}"),
                    id_number: Some(id_number(500 + n * 12 + k)),
                    post: "执法队员".into(),
                    domains: vec!["市场监管".into()],
                    ..Default::default()
                };
                Command::CreateOfficer(o.validate().unwrap())
            })
            .collect();
        let ids = run(store, officers).await;
        let certs: Vec<Command> = ids
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let c = CertificateInput {
                    officer_id: *id,
                    number: format!("津120224{:05}", 50_000 + n * 12 + k),
                    issuer: "天津市人民政府".into(),
                    domain: "市场监管".into(),
                    area: "天津市宝坻区".into(),
                    valid_from: "2024-03-01".into(),
                    valid_to: "2029-02-28".into(),
                };
                Command::CreateCertificate(c.validate().unwrap())
            })
            .collect();
        run(store, certs).await;
        let items: Vec<Command> = penalty
            .iter()
            .map(|p| {
                let basis: Vec<zhifa_core::registry::LegalRef> = serde_json::from_str(&p.legal_basis).unwrap();
                let input = PowerItemInput {
                    body_id: body,
                    code: p.code.clone(),
                    name: p.name.clone(),
                    category: p.category.code().into(),
                    legal_basis: basis.iter().map(zhifa_core::registry::LegalRef::display).collect(),
                    procedure: p.procedure_kind.code().into(),
                    time_limit_days: p.time_limit_days,
                    time_limit_working: p.time_limit_working,
                    hearing: false,
                    remedy: p.remedy.clone(),
                    effective_from: "2021-07-15".into(),
                    change_kind: "立".into(),
                    change_reason: "依法赋予乡镇人民政府的行政处罚事项".into(),
                    ..Default::default()
                };
                Command::AddPowerItemVersion(input.validate().unwrap())
            })
            .collect();
        run(store, items).await;
    }
}

async fn eligible(store: &Store) -> Vec<Filled> {
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let mut out = Vec::new();
    for b in store.list_bodies().await.unwrap().iter().filter(|b| !b.is_supervisor) {
        let items: Vec<String> = store
            .power_items_of(&[b.id])
            .await
            .unwrap()
            .iter()
            .filter(|p| p.category.code() == "penalty" && p.procedure_kind.code() == "penalty_general")
            .map(|p| p.code.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let certified = store.list_certificates(Scope::Body(b.id), &Default::default()).await.unwrap();
        let long: Vec<_> =
            certified.iter().filter(|c| c.status == "valid" && c.valid_to > today + Duration::days(60)).collect();
        let Some(domain) = long.first().map(|c| c.domain.clone()) else { continue };
        let mut officers: Vec<i64> = long.iter().filter(|c| c.domain == domain).map(|c| c.officer_id).collect();
        officers.sort_unstable();
        officers.dedup();
        if items.is_empty() || officers.len() < 2 {
            continue;
        }
        out.push((b.id, officers, domain, items));
    }
    out
}

/// A step of case `id` recorded by `role` (and the officer, if any).
fn record(id: i64, step: &StepInput, role: Role, officer: Option<i64>) -> Command {
    Command::RecordStep {
        case_id: CaseId(id),
        step: Box::new(step.validate(Utc::now()).unwrap()),
        role,
        officer_id: officer.map(OfficerId),
        signer: None,
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, n): (&str, usize) = (&args[1], args[2].parse().unwrap());
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    store.ensure_ledger("zhifa/ledger", HashAlg::Sm3).await.unwrap();
    store.install_calendar().await.unwrap();
    let bodies = bodies(&store).await;
    eprintln!("{} enforcement bodies", bodies.len());
    let today = zhifa_core::time::shanghai_date(Utc::now());
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < n {
        let range: Vec<usize> = (done..(done + 2000).min(n)).collect();
        let creates: Vec<Command> = range
            .iter()
            .map(|&i| {
                let (body, officers, domain, items) = &bodies[i % bodies.len()];
                let k = i / bodies.len();
                let input = CaseInput {
                    kind: "penalty_general".into(),
                    power_item_code: items[k % items.len()].clone(),
                    source: "投诉举报".into(),
                    domain: domain.clone(),
                    parties: vec![PartyInput {
                        name: format!("宝坻区{}{}第{}号", STREETS[i % STREETS.len()], SHOPS[(i / 10) % SHOPS.len()], i),
                        id_number: credit_code(i),
                        legal_representative: Some("王某".into()),
                        ..Default::default()
                    }],
                    officer_ids: vec![officers[k % officers.len()], officers[(k + 1) % officers.len()]],
                    facts: format!("第{i}号线索：经营场所存在违法嫌疑"),
                    act_date: Some((today - Duration::days(100)).to_string()),
                    ..Default::default()
                };
                Command::CreateCase { body_id: BodyId(*body), case: Box::new(input.validate(today).unwrap()) }
            })
            .collect();
        let ids = run(&store, creates).await;
        let mut files = Vec::new();
        let mut visits = Vec::new();
        let mut closes = Vec::new();
        for (&i, &id) in range.iter().zip(&ids) {
            let (_, officers, _, _) = &bodies[i % bodies.len()];
            let k = i / bodies.len();
            if k % 10 >= 7 {
                continue;
            }
            let day = today - Duration::days(2 + (i as i64 * 7919) % 720);
            let at = |d: chrono::NaiveDate, minutes: i64| {
                let n = d.and_hms_opt(8, 0, 0).unwrap() + Duration::minutes(minutes);
                zhifa_core::time::shanghai()
                    .from_local_datetime(&n)
                    .single()
                    .unwrap()
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            };
            let step = StepInput {
                kind: "file".into(),
                occurred_at: Some(at(day, 60)),
                content: Some("符合立案条件".into()),
                ..Default::default()
            };
            files.push(record(id, &step, Role::Head, None));
            if (today - day).num_days() > 75 {
                let step = StepInput {
                    kind: "close".into(),
                    occurred_at: Some(at(day + Duration::days(30), 120)),
                    result: Some("撤销立案".into()),
                    content: Some("经调查，违法事实不能成立，撤销立案".into()),
                    ..Default::default()
                };
                closes.push(record(id, &step, Role::Head, None));
            }
            if k % 10 == 0 {
                let pair = vec![officers[k % officers.len()], officers[(k + 1) % officers.len()]];
                let visit = day + Duration::days(1);
                let n = (visit - chrono::NaiveDate::default()).num_days() as usize + i % bodies.len();
                let place = if k % 10_000 == 0 {
                    format!("宝坻区{}农贸市场", TOWNS[n % TOWNS.len()])
                } else {
                    format!("宝坻区{}路{}号", STREETS[n % STREETS.len()], n % 100)
                };
                let step = StepInput {
                    kind: "investigate".into(),
                    occurred_at: Some(at(visit, (i as i64 * 37) % 540)),
                    officer_ids: pair.clone(),
                    place: Some(place),
                    content: Some("现场检查：经营场所、进货查验记录".into()),
                    ..Default::default()
                };
                visits.push(record(id, &step, Role::Officer, Some(pair[0])));
            }
        }
        run(&store, files).await;
        run(&store, visits).await;
        run(&store, closes).await;
        done += ids.len();
        eprint!("\r{done}/{n} ({:.0}/s)", done as f64 / start.elapsed().as_secs_f64());
    }
    eprintln!(
        "\nfilled {n} cases in {:.1}s; tree size {}",
        start.elapsed().as_secs_f64(),
        store.tree_size().await.unwrap()
    );
    store.close().await;
}
