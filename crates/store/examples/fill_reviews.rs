//! Benchmark helper (not a test): gives review files to the first N general-procedure penalty
//! cases of 天津市宝坻区市场监督管理局 (after `zhifa demo` and the `fill_cases` example), through
//! the one write path, in transactions of 300 files: a third wait for an opinion, a third were
//! agreed at once, a third were sent back, resubmitted and agreed. The review queue, the
//! figures and the scope view can then be timed on a body with many files.
//!
//! `cargo run --release -p zhifa-store --example fill_reviews -- <database-url> <files>`

#![allow(clippy::unwrap_used)]

use zhifa_core::access::{Role, Scope};
use zhifa_core::review::{OpinionInput, Point, PointAnswer, SubmissionInput};
use zhifa_store::cases::CaseFilter;
use zhifa_store::review::ReviewAction;
use zhifa_store::write::Actor;
use zhifa_store::{Command, Store};

fn submission(note: &str) -> SubmissionInput {
    SubmissionInput {
        proposal: "罚款五千元".into(),
        facts: "销售超过保质期的食品".into(),
        evidence: vec!["现场检查笔录".into(), "询问笔录".into()],
        legal_basis: vec!["《食品安全法》第一百二十四条".into()],
        discretion: "初次违法，从轻".into(),
        note: note.into(),
    }
}

fn opinion(agree: bool) -> OpinionInput {
    let points = Point::ALL
        .iter()
        .map(|p| PointAnswer {
            point: p.code().into(),
            ok: agree || *p != Point::Evidence,
            note: if agree || *p != Point::Evidence { String::new() } else { "询问笔录未签名".into() },
        })
        .collect();
    OpinionInput {
        points,
        outcome: if agree { "同意" } else { "修改后重新送审" }.into(),
        opinion: "意见".into(),
        record_step: false,
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, n): (&str, usize) = (&args[1], args[2].parse().unwrap());
    let store = Store::connect(url).await.unwrap();
    store.ensure_ledger("zhifa/ledger", zhifa_store::zhifa_ledger::HashAlg::Sm3).await.unwrap();
    let body = store.body_by_name("天津市宝坻区市场监督管理局").await.unwrap().expect("run `zhifa demo` first").id;
    let mut cases = Vec::new();
    while cases.len() < n {
        let f = CaseFilter {
            kind: Some("penalty_general".into()),
            limit: Some(200),
            offset: Some(cases.len() as i64),
            ..Default::default()
        };
        let page = store.case_list(Scope::Body(body), &f).await.unwrap();
        if page.is_empty() {
            break;
        }
        cases.extend(page);
    }
    cases.truncate(n);
    let start = std::time::Instant::now();
    for (chunk_no, chunk) in cases.chunks(300).enumerate() {
        let mut batch = Vec::new();
        for (k, c) in chunk.iter().enumerate() {
            let officer = c.officer_list().unwrap().first().copied();
            let act = |action, role| Command::Review {
                case_id: zhifa_core::ids::CaseId(c.id),
                action,
                role,
                officer_id: None,
                signer: None,
            };
            let submit = |note: &str| Command::Review {
                case_id: zhifa_core::ids::CaseId(c.id),
                action: ReviewAction::Submit(submission(note)),
                role: Role::Officer,
                officer_id: officer.map(zhifa_core::ids::OfficerId),
                signer: None,
            };
            batch.push(submit(""));
            match (chunk_no * 300 + k) % 3 {
                0 => {}
                1 => batch.push(act(ReviewAction::Opinion(opinion(true)), Role::Reviewer)),
                _ => {
                    batch.push(act(ReviewAction::Opinion(opinion(false)), Role::Reviewer));
                    batch.push(submit("补正询问笔录签名"));
                    batch.push(act(ReviewAction::Opinion(opinion(true)), Role::Reviewer));
                }
            }
        }
        store.execute_batch(&Actor::system(), batch, |_| {}).await.map_err(|(i, e)| format!("{i}: {e}")).unwrap();
    }
    println!("{} review files in {:.1} s", cases.len(), start.elapsed().as_secs_f64());
}
