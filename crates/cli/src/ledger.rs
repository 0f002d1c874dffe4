//! `zhifa ledger …`: checkpoints, proofs, and the standalone proof checker.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use zhifa_store::zhifa_ledger::note::{Checkpoint, VerifierKey};
use zhifa_store::zhifa_ledger::verify_inclusion;

/// Ledger commands.
#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Print the public verifier keys.
    Keys,
    /// Sign a checkpoint now (if the ledger grew) and print the latest one.
    Checkpoint,
    /// Print the inclusion proof bundle of leaf INDEX (JSON: entry, proof, signed checkpoint).
    Prove {
        /// leaf number
        index: u64,
    },
    /// Check a proof bundle offline: needs only the bundle and the public keys.
    CheckProof(CheckProofArgs),
}

/// Options of `check-proof`.
#[derive(Args)]
pub struct CheckProofArgs {
    /// the proof bundle (JSON as printed by `zhifa ledger prove`, or as answered by the public
    /// proof of a publication, saved as it is)
    bundle: PathBuf,
    /// a verifier key (`name+keyid+base64`); give both the Ed25519 and the SM2 key
    #[arg(long = "key", required = true)]
    keys: Vec<String>,
    /// the published text as read (UTF-8): its SM3 must be the one the record commits to
    #[arg(long)]
    text: Option<PathBuf>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Bundle {
    index: u64,
    entry: String,
    proof: Vec<String>,
    checkpoint: String,
    /// the journaled row the entry commits to (canonical JSON), when the bundle carries it
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<String>,
}

/// Runs a ledger command against the database.
pub async fn run(
    store: &zhifa_store::Store,
    cmd: LedgerCommand,
    keys: zhifa_app::keys::LedgerKeys,
) -> Result<(), String> {
    let e = |e: zhifa_store::StoreError| e.to_string();
    match cmd {
        LedgerCommand::Keys => {
            for k in keys.verifier_keys() {
                println!("{}", k.to_text());
            }
        }
        LedgerCommand::Checkpoint => {
            store.checkpoint(&keys.signers()).await.map_err(e)?;
            let cp = store.latest_checkpoint().await.map_err(e)?.ok_or("账本为空，尚无检查点")?;
            print!("{}", cp.note);
        }
        LedgerCommand::Prove { index } => {
            store.checkpoint(&keys.signers()).await.map_err(e)?;
            let entry =
                store.ledger_entry(index).await.map_err(e)?.ok_or_else(|| format!("账本中没有第 {index} 号条目"))?;
            let cp = store.latest_checkpoint().await.map_err(e)?.ok_or("尚无检查点")?;
            let proof = store.inclusion_proof(index, cp.size as u64).await.map_err(e)?;
            let b = Bundle {
                index,
                entry: STANDARD.encode(entry.encode()),
                proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
                checkpoint: cp.note,
                record: None,
            };
            println!("{}", serde_json::to_string_pretty(&b).map_err(|e| e.to_string())?);
        }
        LedgerCommand::CheckProof(args) => return check_proof(&args),
    }
    Ok(())
}

/// Verifies a bundle with the given public keys only: the checkpoint's signatures (both keys
/// required), then the entry's inclusion under the checkpoint's root.
pub fn check_proof(args: &CheckProofArgs) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.bundle).map_err(|e| format!("无法读取 {}：{e}", args.bundle.display()))?;
    let b: Bundle = serde_json::from_str(&text).map_err(|e| format!("证明文件格式错误：{e}"))?;
    let keys: Vec<VerifierKey> =
        args.keys.iter().map(|k| VerifierKey::parse(k).map_err(|e| e.to_string())).collect::<Result<_, _>>()?;
    // zhifa checkpoints carry two signatures; both must be checked.
    for alg in ["ed25519", "sm2"] {
        if !keys.iter().any(|k| k.algorithm() == alg) {
            return Err(format!("检查点无效：缺少签名：需要 {alg} 公钥（请同时提供 Ed25519 和 SM2 两把公钥）"));
        }
    }
    let cp = Checkpoint::open(&b.checkpoint, &keys).map_err(|e| format!("检查点无效：{e}"))?;
    let entry = STANDARD.decode(&b.entry).map_err(|_| "条目不是 base64".to_string())?;
    let proof: Vec<Vec<u8>> = b
        .proof
        .iter()
        .map(|p| STANDARD.decode(p).map_err(|_| "证明不是 base64".to_string()))
        .collect::<Result<_, _>>()?;
    let leaf = cp.hash.leaf(&entry);
    verify_inclusion(cp.hash, b.index, cp.size, &leaf, &proof, &cp.root).map_err(|e| format!("包含证明无效：{e}"))?;
    let entry = String::from_utf8_lossy(&entry).into_owned();
    let mut text = format!(
        "证明有效：第 {} 号条目包含在 {} 的检查点中（树大小 {}，哈希 {}）\n{entry}",
        b.index,
        cp.origin,
        cp.size,
        cp.hash.name(),
    );
    match (&b.record, &args.text) {
        (Some(record), text_file) => {
            let content = entry.lines().find_map(|l| l.strip_prefix("content ")).unwrap_or_default();
            if zhifa_store::documents::sha256_hex(record.as_bytes()) != content {
                return Err("记录与条目登记的摘要（content）不符：记录被改动".into());
            }
            text.push_str(&format!("记录与条目一致：{record}\n"));
            if let Some(path) = text_file {
                let read = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
                let v: serde_json::Value =
                    serde_json::from_str(record).map_err(|e| format!("记录不是有效的 JSON：{e}"))?;
                let committed = v.get("text_sm3").and_then(|x| x.as_str()).ok_or("记录中没有全文摘要（text_sm3）")?;
                let got = zhifa_store::documents::sm3_hex(&read);
                if got != committed {
                    return Err(format!("全文的 SM3 为 {got}，与账本登记的 {committed} 不符：不是公开的文本"));
                }
                text.push_str(&format!("全文与账本登记的一致（SM3 {got}）\n"));
            }
        }
        (None, Some(_)) => return Err("证明文件没有附登记的记录（record），无法核对全文".into()),
        (None, None) => {}
    }
    print_out(&text)
}

/// Writes to standard output; a reader that went away (`| head`) ends the output quietly
/// instead of a panic. The verdict is in the exit status either way.
fn print_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("无法输出：{e}")),
        _ => Ok(()),
    }
}

/// `zhifa verify`: prints a summary and the discrepancies; fails if there is any.
pub async fn verify(
    store: &zhifa_store::Store,
    outside: Option<&std::path::Path>,
    given: &[String],
    keys: Option<zhifa_app::keys::LedgerKeys>,
    files: Option<&zhifa_store::blobs::EvidenceStore>,
    since: u64,
) -> Result<(), String> {
    let keys: Vec<VerifierKey> = if given.is_empty() {
        keys.map(|k| k.verifier_keys()).ok_or(
            "未找到本机的账本密钥（数据目录下 keys/），无法核验检查点签名：请用 --key 给出公布的验证公钥。核验不会创建密钥",
        )?
    } else {
        given.iter().map(|k| VerifierKey::parse(k).map_err(|e| e.to_string())).collect::<Result<_, _>>()?
    };
    let outside = match outside {
        Some(p) => Some(std::fs::read_to_string(p).map_err(|e| format!("无法读取 {}：{e}", p.display()))?),
        None => None,
    };
    let pb = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}") {
        pb.set_style(style.progress_chars("=> "));
    }
    let progress = |stage: &str, done: u64, total: u64| {
        pb.set_message(stage.to_string());
        pb.set_length(total);
        pb.set_position(done);
    };
    let mut report =
        store.verify_since(&keys, outside.as_deref(), since, &progress).await.map_err(|e| e.to_string())?;
    let (docs, problems) = store.verify_document_files(&progress).await.map_err(|e| e.to_string())?;
    report.problems.extend(problems);
    let mut checked_files = None;
    if let Some(files) = files {
        // Files registered since the starting checkpoint (with a margin for writes that were
        // in flight while it was signed).
        let after = if since == 0 { None } else { store.checkpoint_time(since).await.map_err(|e| e.to_string())? };
        let after = after.map(|t| t - chrono::Duration::minutes(1));
        let (n, problems) =
            store.verify_evidence_files_since(files, after, &progress).await.map_err(|e| e.to_string())?;
        report.problems.extend(problems);
        checked_files = Some(n);
    }
    pb.finish_and_clear();
    let files_note =
        checked_files.map(|n| format!("，证据文件 {n}（逐一重算摘要）")).unwrap_or_else(|| "，未核验证据文件".into());
    println!(
        "已核验：账本条目 {}，检查点 {}，数据行 {}，文书 {docs}{files_note}",
        report.entries, report.checkpoints, report.rows
    );
    if report.problems.is_empty() {
        println!("核验通过：未发现改动或删除");
        if let Ok(Some(cp)) = store.latest_checkpoint().await {
            println!("下次可增量核验：zhifa verify --since {}", cp.size);
        }
        Ok(())
    } else {
        for p in report.problems.iter().take(50) {
            eprintln!("  ✗ {p}");
        }
        Err(format!("核验失败：发现 {} 处不一致", report.problems.len()))
    }
}
