//! `zhifa`: the administrative law-enforcement platform in one binary.

#![cfg_attr(test, allow(clippy::unwrap_used))]

mod admin;
mod draw;
mod ledger;
mod registry_io;
mod serve;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// 宝坻区行政执法“三项制度”平台
#[derive(Parser)]
#[command(name = "zhifa", version, about = "行政执法公示、执法全过程记录、重大执法决定法制审核平台")]
struct Cli {
    /// Data folder holding the SQLite database, the ledger keys and (by default) the evidence files.
    #[arg(long, global = true, default_value = "./zhifa-data", env = "ZHIFA_DATA_DIR")]
    data_dir: PathBuf,
    /// PostgreSQL URL (`postgres://…`); without it the SQLite file in the data folder is used.
    #[arg(long, global = true, env = "ZHIFA_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Database connections per process (default 8 for SQLite, 16 for PostgreSQL).
    #[arg(long, global = true, env = "ZHIFA_DB_POOL_SIZE")]
    db_pool_size: Option<u32>,
    /// The ledger's name in checkpoints (no spaces or '+'), fixed when the ledger is created.
    #[arg(long, global = true, default_value = "zhifa/ledger", env = "ZHIFA_LEDGER_ORIGIN")]
    ledger_origin: String,
    /// The ledger's hash function, `sm3` or `sha256`, fixed when the ledger is created.
    #[arg(long, global = true, default_value = "sm3", env = "ZHIFA_LEDGER_HASH")]
    ledger_hash: String,
    /// Evidence store: `s3://bucket[/prefix]` (endpoint and keys from the AWS_* variables) or a
    /// folder; default `<data-dir>/evidence`.
    #[arg(long, global = true, env = "ZHIFA_EVIDENCE_URL")]
    evidence_url: Option<String>,
    /// Log format: `text` or `json`.
    #[arg(long, global = true, default_value = "text", env = "ZHIFA_LOG_FORMAT")]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web platform (JSON API and pages).
    Serve(serve::ServeArgs),
    /// Load the Baodi district demo data set (idempotent).
    Demo,
    /// Apply database migrations.
    Migrate,
    /// Import registry data (.csv or .xlsx); all rows or none.
    Import {
        /// officers, certificates or power-items
        kind: registry_io::Kind,
        /// the file
        file: PathBuf,
    },
    /// Export registry data (.csv or .xlsx).
    Export {
        /// officers, certificates or power-items
        kind: registry_io::Kind,
        /// the file to write
        file: PathBuf,
        /// only this body
        #[arg(long)]
        body_id: Option<i64>,
    },
    /// Ledger: checkpoints, proofs, standalone proof check.
    Ledger {
        #[command(subcommand)]
        command: ledger::LedgerCommand,
    },
    /// Verify the ledger and every journaled table; non-zero exit on any discrepancy.
    Verify {
        /// A checkpoint published earlier (signed note file): detects a database replaced by an
        /// older copy.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// Published verifier keys to check signatures with (default: this installation's).
        #[arg(long = "key")]
        keys: Vec<String>,
        /// Skip re-reading every evidence file (ledger and rows only).
        #[arg(long)]
        skip_files: bool,
        /// Incremental: start from the signed checkpoint of this tree size (printed at the end
        /// of every run); only later entries, the rows they touched and files added since.
        #[arg(long)]
        since: Option<u64>,
    },
    /// Evidence store maintenance.
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
    /// Prints the API's OpenAPI 3.1 document (as served at /api/openapi.json), without a database.
    Openapi,
    /// Redacts text read from standard input for publication (去标识化): prints the text with
    /// identity numbers, telephone numbers, bank accounts, e-mail addresses, natural persons'
    /// home addresses and other people's names masked; with --json, the spans masked.
    Redact {
        /// print JSON: the redacted text and each span (start, end in characters, kind, reason)
        #[arg(long)]
        json: bool,
        /// a party's name, published per the rule (repeatable)
        #[arg(long)]
        party: Vec<String>,
        /// a natural person's name known from the case, masked wherever it appears (repeatable)
        #[arg(long)]
        private: Vec<String>,
        /// text that is public and stays, such as the body's telephone (repeatable)
        #[arg(long)]
        public: Vec<String>,
    },
    /// The official working-day calendar: period arithmetic, and importing a new year's
    /// holiday notice.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Case files (案卷).
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
    /// Rebuild the search index of published decisions from the database (stop the server
    /// using the same index folder first).
    Reindex {
        /// the index folder (default `<data>/search`)
        #[arg(long, env = "ZHIFA_SEARCH_DIR")]
        search_dir: Option<PathBuf>,
    },
    /// 执法监督预警: the full recompute of every warning rule over every record (a server does it
    /// at start and daily; this runs it now and prints what it did and how long it took).
    Warnings {
        #[command(subcommand)]
        command: WarningsCommand,
    },
    /// 双随机一公开: verify a draw's bundle offline, with no database.
    Draw {
        #[command(subcommand)]
        command: DrawCommand,
    },
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: admin::AdminCommand,
    },
}

#[derive(Subcommand)]
enum WarningsCommand {
    /// Judge every case, officer, account, body, enterprise, document and complaint now.
    Recompute,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// The last day of a period: `zhifa calendar add 2026-09-28 7 --working`.
    Add {
        /// the day the period runs from (not counted), YYYY-MM-DD
        from: String,
        /// its length in days
        days: u32,
        /// count working days (default: calendar days, an end on a rest day moves on)
        #[arg(long)]
        working: bool,
    },
    /// Imports a year's schedule (JSON in the shipped format, data/holidays/YYYY.json) when the
    /// State Council publishes it; journaled; servers pick it up within a minute.
    Import {
        /// the schedule file
        file: std::path::PathBuf,
        /// 通知文号或标题, e.g. 国办发明电〔2026〕12号
        #[arg(long)]
        source: String,
    },
    /// Lists the years the calendar knows (shipped and imported).
    Years,
}

/// `zhifa redact`: standard input to standard output (the redaction needs no database).
fn redact(json: bool, party: &[String], private: &[String], public: &[String]) -> Result<(), String> {
    use std::io::Read;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| format!("无法读取标准输入：{e}"))?;
    let ctx = zhifa_core::redact::Context {
        party_names: party.to_vec(),
        private_names: private.to_vec(),
        public: public.to_vec(),
        private: Vec::new(),
    };
    let r = zhifa_core::redact::redact(&text, &ctx);
    if json {
        let spans: Vec<serde_json::Value> = r
            .spans
            .iter()
            .map(|s| {
                serde_json::json!({"start": s.start, "end": s.end, "kind": s.kind, "label": s.kind.label(),
                    "reason": s.reason, "replacement": s.replacement})
            })
            .collect();
        let out = serde_json::json!({"text": r.text, "spans": spans});
        println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    } else {
        print!("{}", r.text);
    }
    Ok(())
}

/// `zhifa calendar add`: prints the end date and the rest days passed over.
fn calendar_add(cal: &zhifa_core::calendar::Calendar, from: &str, days: u32, working: bool) -> Result<(), String> {
    use zhifa_core::calendar::{PeriodKind, weekday_label};
    let start = zhifa_core::time::parse_date(from)?;
    let kind = if working { PeriodKind::Working } else { PeriodKind::Calendar };
    let p = cal.period(start, days, kind).map_err(|e| e.to_string())?;
    let unit = if working { "个工作日" } else { "日（自然日）" };
    println!("自 {start} 起（当日不计入）{days}{unit}，期限届满日：{}（{}）", p.end, weekday_label(p.end));
    if p.skipped.is_empty() {
        println!("期间未跨越休息日");
    } else {
        let label = if working { "未计入的休息日" } else { "届满日顺延跨过的休息日" };
        println!("{label}：");
        for (d, name) in &p.skipped {
            println!("  {d} {} {}", weekday_label(*d), name.as_deref().unwrap_or("周末"));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
enum DrawCommand {
    /// Re-runs a draw from its bundle (as downloaded from the public page) and checks every
    /// step: the rosters and their roots, the parameters, the announcement's ledger proof (and,
    /// with --key, its checkpoint's signatures), that the checkpoint came before the entropy, and
    /// the result. Exit status 0 only if nothing fails.
    Verify {
        /// the bundle (JSON)
        bundle: PathBuf,
        /// a published verifier key (`name+keyid+base64`), both the Ed25519 and the SM2 one
        #[arg(long = "key")]
        keys: Vec<String>,
        /// also check this object (统一社会信用代码): its line, its proof, its score, the cut-off
        #[arg(long)]
        object: Option<String>,
        /// print the report as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Checks a case-file package (zip) for the four properties of DA/T 70 without any
    /// database: `zhifa archive check 案卷.zip --key 'origin+id+key' --key …`.
    Check {
        /// the package
        file: PathBuf,
        /// The ledger's published verifier keys (without them the package's own keys are used,
        /// which proves only that the package is self-consistent).
        #[arg(long = "key")]
        keys: Vec<String>,
    },
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// Remove staged uploads and files no live evidence references, older than the grace period.
    Sweep {
        /// Grace period in hours (an upload may sit between its file and its row).
        #[arg(long, default_value_t = 24)]
        grace_hours: i64,
    },
}

/// Opens the evidence store the options name.
pub fn open_evidence(
    data_dir: &std::path::Path,
    url: Option<&str>,
) -> Result<zhifa_store::blobs::EvidenceStore, String> {
    let store = match url {
        Some(u) if u.starts_with("s3://") => zhifa_store::blobs::EvidenceStore::s3(u),
        Some(dir) => zhifa_store::blobs::EvidenceStore::local(std::path::Path::new(dir.trim_start_matches("file://"))),
        None => zhifa_store::blobs::EvidenceStore::local(&data_dir.join("evidence")),
    };
    store.map_err(|e| e.to_string())
}

fn init_logging(format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("ZHIFA_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colours only on a terminal: a log written to a file or a journal stays plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Opens the configured database and applies migrations.
pub async fn open_store(
    cli_data_dir: &std::path::Path,
    database_url: Option<&str>,
    pool_size: Option<u32>,
) -> Result<zhifa_store::Store, String> {
    let url = match database_url {
        Some(u) => u.to_string(),
        None => {
            std::fs::create_dir_all(cli_data_dir)
                .map_err(|e| format!("无法创建数据目录 {}：{e}", cli_data_dir.display()))?;
            format!("sqlite:{}", cli_data_dir.join("zhifa.db").display())
        }
    };
    let store = zhifa_store::Store::connect_with(&url, pool_size)
        .await
        .map_err(|e| format!("无法连接数据库：{e}（{}）", source_text(&e)))?;
    let n = store.migrate().await.map_err(|e| format!("数据库迁移失败：{e}（{}）", source_text(&e)))?;
    if n > 0 {
        tracing::info!(applied = n, backend = store.backend_name(), "migrations applied");
    }
    Ok(store)
}

/// `zhifa archive check`: prints the four-property report; fails unless all four pass.
fn archive_check(file: &std::path::Path, keys: &[String]) -> Result<(), String> {
    use zhifa_store::zhifa_ledger::note::VerifierKey;
    let keys: Vec<VerifierKey> = keys
        .iter()
        .map(|k| VerifierKey::parse(k).map_err(|e| format!("公钥“{k}”无效：{e}")))
        .collect::<Result<_, _>>()?;
    let report = zhifa_store::archive::check_package(file, &keys, "离线核验").map_err(|e| e.to_string())?;
    println!("案卷 {}：四性检测", report.case_number);
    for c in &report.checks {
        println!("  {} {}（{}件）：{}", if c.passed { "✓" } else { "✗" }, c.label, c.checked, c.what);
        for f in c.findings.iter().chain(&c.notes) {
            println!("      {f}");
        }
    }
    if report.passed { Ok(()) } else { Err("四性检测未通过".into()) }
}

fn source_text(e: &dyn std::error::Error) -> String {
    e.source().map(|s| s.to_string()).unwrap_or_default()
}

/// `zhifa reindex`: the search index rebuilt from the database, with a progress bar.
async fn reindex(store: &zhifa_store::Store, dir: &std::path::Path) -> Result<(), String> {
    let started = std::time::Instant::now();
    let total = store.publications_to_index_count().await.map_err(|e| e.to_string())?;
    // A rebuild may use both cores and more memory than a serving process.
    let threads = std::thread::available_parallelism().map(|n| n.get().min(4)).unwrap_or(1);
    let index = zhifa_search::SearchIndex::open_with(dir, threads, 100_000_000 * threads).map_err(|e| e.to_string())?;
    let index = std::sync::Arc::new(index);
    let pb = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or_default());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message("重建检索索引");
    let n = zhifa_app::search::rebuild(store, &index, |done| pb.set_position(done)).await.map_err(|e| e.to_string())?;
    pb.finish_and_clear();
    if let Ok(ix) = std::sync::Arc::try_unwrap(index) {
        ix.wait_merging().map_err(|e| e.to_string())?;
    }
    println!("检索索引已重建：{n} 项公开决定，{:.1} 秒（{}）", started.elapsed().as_secs_f64(), dir.display());
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log_format);
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时：{e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(async {
        // The standalone proof checker needs no database.
        if let Command::Ledger { command: ledger::LedgerCommand::CheckProof(args) } = &cli.command {
            return ledger::check_proof(args);
        }
        if let Command::Archive { command: ArchiveCommand::Check { file, keys } } = &cli.command {
            return archive_check(file, keys);
        }
        if let Command::Draw { command: DrawCommand::Verify { bundle, keys, object, json } } = &cli.command {
            return draw::verify(bundle, keys, object.as_deref(), *json);
        }
        if let Command::Redact { json, party, private, public } = &cli.command {
            return redact(*json, party, private, public);
        }
        if let Command::Openapi = &cli.command {
            println!("{}", zhifa_web::api::openapi_document());
            return Ok(());
        }
        if let Command::Calendar { command: CalendarCommand::Add { from, days, working } } = &cli.command {
            // Imported years count too when there is a database; the arithmetic itself needs none.
            if cli.database_url.is_some() || cli.data_dir.join("zhifa.db").exists() {
                let store = open_store(&cli.data_dir, cli.database_url.as_deref(), Some(1)).await?;
                store.install_calendar().await.map_err(|e| e.to_string())?;
                return calendar_add(&store.calendar(), from, *days, *working);
            }
            return calendar_add(zhifa_core::calendar::Calendar::official(), from, *days, *working);
        }
        let store = open_store(&cli.data_dir, cli.database_url.as_deref(), cli.db_pool_size).await?;
        let alg = zhifa_store::zhifa_ledger::HashAlg::parse(&cli.ledger_hash)
            .ok_or_else(|| format!("未知哈希算法“{}”（可选 sm3、sha256）", cli.ledger_hash))?;
        if cli.ledger_origin.is_empty() || cli.ledger_origin.contains([' ', '+']) {
            return Err("账本名称不能为空，且不能包含空格或“+”".to_string());
        }
        // Verifying writes nothing: no ledger, no keys are made for it (a missing one is a finding).
        if matches!(cli.command, Command::Verify { .. }) {
            store.open_ledger().await.map_err(|e| format!("无法核验：{e}"))?;
        } else {
            store.ensure_ledger(&cli.ledger_origin, alg).await.map_err(|e| format!("账本初始化失败：{e}"))?;
        }
        let keys = || zhifa_app::keys::load_or_create(&cli.data_dir.join("keys"), &cli.ledger_origin);
        let evidence = || open_evidence(&cli.data_dir, cli.evidence_url.as_deref());
        match cli.command {
            Command::Serve(args) => {
                let search = serve::open_search(&cli.data_dir, args.search_dir.as_deref())?;
                serve::run(store, args, search, keys()?, evidence()?).await
            }
            Command::Reindex { search_dir } => {
                reindex(&store, &search_dir.unwrap_or(cli.data_dir.join("search"))).await
            }
            Command::Demo => zhifa_app::demo::load(&store).await.map(|s| println!("{s}")),
            Command::Warnings { command: WarningsCommand::Recompute } => {
                store.install_calendar().await.map_err(|e| format!("节假日安排读取失败：{e}"))?;
                let app = zhifa_app::App::new(store.clone(), keys()?, evidence()?);
                let start = std::time::Instant::now();
                let today = zhifa_core::time::shanghai_date(chrono::Utc::now());
                let r = app.recompute_warnings(today).await.map_err(|e| e.to_string())?;
                println!(
                    "预警全量重算完成：判断 {} 件案件，{} 个对象的线索有变化，新增或关闭线索 {} 条，用时 {:.1} 秒",
                    r.looked_at,
                    r.synced,
                    r.changes,
                    start.elapsed().as_secs_f64()
                );
                Ok(())
            }
            Command::Migrate => {
                println!("数据库已是最新版本（{}）", store.backend_name());
                Ok(())
            }
            Command::Import { kind, file } => registry_io::import(&store, kind, &file).await,
            Command::Export { kind, file, body_id } => registry_io::export(&store, kind, &file, body_id).await,
            Command::Verify { checkpoint, keys: given, skip_files, since } => {
                let files = if skip_files { None } else { Some(evidence()?) };
                let own = zhifa_app::keys::load(&cli.data_dir.join("keys"), &cli.ledger_origin)?;
                ledger::verify(&store, checkpoint.as_deref(), &given, own, files.as_ref(), since.unwrap_or(0)).await
            }
            Command::Evidence { command: EvidenceCommand::Sweep { grace_hours } } => {
                let files = evidence()?;
                let live = |sm3: String| {
                    let store = store.clone();
                    async move { store.blob_is_live(&sm3).await.unwrap_or(true) }
                };
                let n = files.sweep(chrono::Duration::hours(grace_hours), live).await.map_err(|e| e.to_string())?;
                println!("已清理 {n} 个无引用的文件（{}）", files.describe);
                Ok(())
            }
            Command::Ledger { command } => ledger::run(&store, command, keys()?).await,
            Command::Admin { command } => admin::run(&store, command).await,
            Command::Archive { command: ArchiveCommand::Check { file, keys } } => archive_check(&file, &keys),
            Command::Redact { json, party, private, public } => redact(json, &party, &private, &public),
            Command::Draw { command: DrawCommand::Verify { bundle, keys, object, json } } => {
                draw::verify(&bundle, &keys, object.as_deref(), json)
            }
            Command::Openapi => {
                println!("{}", zhifa_web::api::openapi_document());
                Ok(())
            }
            Command::Calendar { command: CalendarCommand::Import { file, source } } => {
                let text = std::fs::read_to_string(&file).map_err(|e| format!("无法读取 {}：{e}", file.display()))?;
                let year = zhifa_core::calendar::parse_year(&text)?;
                let cmd = zhifa_store::Command::ImportHolidays { year: year.year, schedule: text, source };
                store.execute(&zhifa_store::write::Actor::system(), cmd).await.map_err(|e| e.to_string())?;
                let years = store.install_calendar().await.map_err(|e| e.to_string())?;
                println!("已导入{}年节假日安排（{}个日期）；日历现有年份：{:?}", year.year, year.days.len(), years);
                Ok(())
            }
            Command::Calendar { command: CalendarCommand::Years } => {
                let years = store.install_calendar().await.map_err(|e| e.to_string())?;
                for y in store.imported_holiday_years().await.map_err(|e| e.to_string())? {
                    println!("{}年：导入（{}，{}）", y.year, y.source, zhifa_core::time::display(y.imported_at));
                }
                println!(
                    "日历已知年份：{}—{}",
                    years.first().copied().unwrap_or(0),
                    years.last().copied().unwrap_or(0)
                );
                Ok(())
            }
            // Answered above, before any database is opened.
            Command::Calendar { .. } => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
