//! `zhifa serve`: the web platform, with graceful shutdown on SIGTERM and SIGINT.

use clap::Args;
use std::net::SocketAddr;

/// Options of `serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ZHIFA_LISTEN")]
    listen: SocketAddr,
    /// Load the demo data set before serving.
    #[arg(long)]
    demo: bool,
    /// How often a checkpoint is signed when the ledger grew (milliseconds).
    #[arg(long, default_value_t = 200, env = "ZHIFA_CHECKPOINT_INTERVAL_MS")]
    checkpoint_interval_ms: u64,
    /// Sign a checkpoint as soon as this many entries wait, before the interval ends.
    #[arg(long, default_value_t = zhifa_store::watch::DEFAULT_CHECKPOINT_BATCH, env = "ZHIFA_CHECKPOINT_BATCH")]
    checkpoint_batch: u64,
    /// Mark cookies `Secure` (set when served behind TLS).
    #[arg(long, env = "ZHIFA_SECURE_COOKIES")]
    secure_cookies: bool,
    /// The address the public reaches the platform at, printed (with a QR code) on documents for
    /// their check page; default `http://<listen>`.
    #[arg(long, env = "ZHIFA_PUBLIC_URL")]
    public_url: Option<String>,
    /// This process's search index of published decisions: a folder (default `<data>/search`;
    /// several processes on one database each need their own) or `memory` (rebuilt at start).
    #[arg(long, env = "ZHIFA_SEARCH_DIR")]
    pub search_dir: Option<String>,
    /// How often the search index reads the journal for publications made through other
    /// processes (milliseconds); this process's own writes are read at once.
    #[arg(long, default_value_t = 1000, env = "ZHIFA_SEARCH_INTERVAL_MS")]
    search_interval_ms: u64,
    /// The district's outbound channel: hand-overs are POSTed here as signed JSON (a 政务钉钉 /
    /// 企业微信 robot, an SMS gateway). Its HMAC key is read from `ZHIFA_WEBHOOK_SECRET`.
    #[arg(long, env = "ZHIFA_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// How often notifications are made and webhook deliveries sent (milliseconds).
    #[arg(long, default_value_t = 2000, env = "ZHIFA_NOTIFY_INTERVAL_MS")]
    notify_interval_ms: u64,
    /// How often the warning rules follow the journal, besides at once after a write of this
    /// process (milliseconds); every case is judged again at start and after each midnight.
    #[arg(long, default_value_t = 1000, env = "ZHIFA_WARNINGS_INTERVAL_MS")]
    warnings_interval_ms: u64,
}

/// Opens the search index `dir` (`memory`: in memory), default `<data>/search`.
pub fn open_search(data_dir: &std::path::Path, dir: Option<&str>) -> Result<zhifa_search::SearchIndex, String> {
    match dir {
        Some("memory") => zhifa_search::SearchIndex::in_memory(),
        Some(d) => zhifa_search::SearchIndex::open(std::path::Path::new(d)),
        None => zhifa_search::SearchIndex::open(&data_dir.join("search")),
    }
    .map_err(|e| e.to_string())
}

/// Installs the SIGTERM and SIGINT handlers now (before the server announces itself, so a signal
/// sent right after start-up is not lost) and returns the future that completes on either.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()> + Send + 'static, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(|e| format!("无法安装信号处理：{e}"))?;
    let mut int = signal(SignalKind::interrupt()).map_err(|e| format!("无法安装信号处理：{e}"))?;
    Ok(async move {
        tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
        tracing::info!("shutdown requested: finishing open requests");
    })
}

/// Runs the server until a shutdown signal.
pub async fn run(
    store: zhifa_store::Store,
    args: ServeArgs,
    search: zhifa_search::SearchIndex,
    keys: zhifa_app::keys::LedgerKeys,
    evidence: zhifa_store::blobs::EvidenceStore,
) -> Result<(), String> {
    store.set_public_url(args.public_url.as_deref().unwrap_or(&format!("http://{}", args.listen)));
    if args.demo {
        let summary = zhifa_app::demo::load(&store).await?;
        tracing::info!("{summary}");
    }
    // The calendar in force: shipped years plus imported ones, refreshed every minute so that
    // an import on one server reaches the others.
    let years = store.install_calendar().await.map_err(|e| format!("节假日安排读取失败：{e}"))?;
    tracing::info!(first = years.first(), last = years.last(), "working-day calendar");
    let shutdown = shutdown_signal()?;
    let listener =
        tokio::net::TcpListener::bind(args.listen).await.map_err(|e| format!("无法监听 {}：{e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, backend = store.backend_name(), "zhifa serving");
    println!("zhifa 已启动：http://{addr}/");
    tracing::info!(evidence = %evidence.describe, "evidence store");
    store.watch.set_batch(args.checkpoint_batch);
    let mut app = zhifa_app::App::new(store.clone(), keys, evidence).with_search(search);
    if let Some(url) = args.webhook_url.as_deref().filter(|u| !u.is_empty()) {
        let secret = std::env::var("ZHIFA_WEBHOOK_SECRET").unwrap_or_default();
        app = app.with_webhook(zhifa_app::notify::Webhook::new(url, &secret)?);
        tracing::info!(url, "hand-overs are sent to the webhook");
    }
    let refresher = tokio::spawn(app.clone().run_calendar_refresher(std::time::Duration::from_secs(60)));
    let state = zhifa_web::AppState::new(app, args.secure_cookies);
    // Group commit of checkpoints: one signed checkpoint per interval covers every write since
    // the last one.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let checkpointer = tokio::spawn(state.clone().run_checkpointer(
        std::time::Duration::from_millis(args.checkpoint_interval_ms),
        async move {
            let _ = stop_rx.await;
        },
    ));
    // The search index follows the journal (publications made through any process).
    let (search_stop_tx, search_stop_rx) = tokio::sync::oneshot::channel::<()>();
    let follower = tokio::spawn(state.app.clone().run_search_follower(
        std::time::Duration::from_millis(args.search_interval_ms.max(10)),
        async move {
            let _ = search_stop_rx.await;
        },
    ));
    // Notifications follow the journal too; the webhook's deliveries go out with them.
    let (notify_stop_tx, notify_stop_rx) = tokio::sync::oneshot::channel::<()>();
    let notifier = tokio::spawn(state.app.clone().run_notifier(
        std::time::Duration::from_millis(args.notify_interval_ms.max(100)),
        async move {
            let _ = notify_stop_rx.await;
        },
    ));
    // The warning rules follow the journal and sweep once a day.
    let (warnings_stop_tx, warnings_stop_rx) = tokio::sync::oneshot::channel::<()>();
    let warnings = tokio::spawn(state.app.clone().run_warnings(
        std::time::Duration::from_millis(args.warnings_interval_ms.max(100)),
        async move {
            let _ = warnings_stop_rx.await;
        },
    ));
    let served = zhifa_web::serve(listener, state.clone(), shutdown).await.map_err(|e| format!("服务器错误：{e}"));
    let _ = stop_tx.send(());
    let _ = search_stop_tx.send(());
    let _ = checkpointer.await;
    let _ = follower.await;
    let _ = notify_stop_tx.send(());
    let _ = notifier.await;
    let _ = warnings_stop_tx.send(());
    let _ = warnings.await;
    refresher.abort();
    // A last checkpoint, so that every acknowledged write is covered before exit.
    if let Err(e) = state.app.checkpoint_once().await {
        tracing::error!(error = %e, "final checkpoint failed");
    }
    served?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}
