//! Connections: the pool of one backend, migrations, and the query layer ([`query`]) that every
//! module above uses to run the same SQL on SQLite and PostgreSQL. The bottom of the crate: it
//! imports nothing else of it but the error type.

pub mod migrate;
pub mod query;

use crate::{Result, StoreError};
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use std::time::Duration;

/// The connection pool of one backend.
#[derive(Clone, Debug)]
pub enum Backend {
    /// Embedded SQLite file (one process).
    Sqlite(SqlitePool),
    /// PostgreSQL server (one or many processes).
    Postgres(PgPool),
}

/// The storage handle shared by every request.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) backend: Backend,
    /// The ledger's identity, loaded or created by [`Store::ensure_ledger`] before any write.
    pub(crate) ledger: Arc<OnceLock<crate::ledger::LedgerInfo>>,
    /// SQLite has one writer at a time: writers of this process queue here instead of in
    /// SQLite's busy handler, whose sleeps make long latency tails.
    pub(crate) write_lock: Arc<tokio::sync::Mutex<()>>,
    /// The group-commit queue, started on the first write.
    pub(crate) committer: Arc<OnceLock<tokio::sync::mpsc::UnboundedSender<crate::write::Job>>>,
    /// Commit notices for the checkpointer.
    pub watch: Arc<crate::watch::CommitWatch>,
    /// The working-day calendar in force: the shipped years plus those imported into this
    /// database ([`Store::install_calendar`]).
    pub(crate) calendar: Arc<RwLock<Arc<zhifa_core::calendar::Calendar>>>,
    /// The address the public reaches this installation at (for the check links and QR codes
    /// printed on documents); set by the server at start.
    pub(crate) public_url: Arc<RwLock<String>>,
}

/// The public address until the server sets its own.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// Connections per process unless configured: SQLite has one writer and cheap reads; a
/// PostgreSQL server is shared by several processes.
pub const DEFAULT_POOL_SIZE_SQLITE: u32 = 8;
/// See [`DEFAULT_POOL_SIZE_SQLITE`].
pub const DEFAULT_POOL_SIZE_POSTGRES: u32 = 16;

/// The current instant at microsecond precision (what both backends store exactly).
pub fn now() -> DateTime<Utc> {
    let n = Utc::now();
    DateTime::from_timestamp_micros(n.timestamp_micros()).unwrap_or(n)
}

impl Store {
    /// Sets the address the public reaches this installation at (no trailing slash).
    pub fn set_public_url(&self, url: &str) {
        *self.public_url.write().unwrap_or_else(PoisonError::into_inner) = url.trim_end_matches('/').to_string();
    }
    /// The address the public reaches this installation at.
    pub fn public_url(&self) -> String {
        self.public_url.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Connects to `url`: `sqlite:PATH` (the file is created) or `postgres://…`, with the
    /// default pool size ([`DEFAULT_POOL_SIZE_SQLITE`], [`DEFAULT_POOL_SIZE_POSTGRES`]).
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, None).await
    }

    /// Connects with at most `pool_size` connections (on either backend).
    pub async fn connect_with(url: &str, pool_size: Option<u32>) -> Result<Self> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(pool_size.unwrap_or(DEFAULT_POOL_SIZE_POSTGRES))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Backend::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(pool_size.unwrap_or(DEFAULT_POOL_SIZE_SQLITE))
                .connect_with(opts)
                .await?;
            Backend::Sqlite(pool)
        } else {
            return Err(StoreError::Corrupt(format!(
                "不支持的数据库地址（应以 sqlite: 或 postgres:// 开头）：{}",
                redact_url(url)
            )));
        };
        Ok(Self {
            backend,
            ledger: Default::default(),
            write_lock: Default::default(),
            watch: Default::default(),
            calendar: Arc::new(RwLock::new(Arc::new(zhifa_core::calendar::Calendar::official().clone()))),
            committer: Default::default(),
            public_url: Arc::new(RwLock::new(DEFAULT_PUBLIC_URL.to_string())),
        })
    }

    /// The backend's name, for logs and health checks.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// The most connections the pool opens.
    pub fn pool_size(&self) -> u32 {
        match &self.backend {
            Backend::Sqlite(p) => p.options().get_max_connections(),
            Backend::Postgres(p) => p.options().get_max_connections(),
        }
    }

    /// On SQLite, the one writer slot of this process (held for a write transaction); `None`
    /// on PostgreSQL, whose row locks order writers.
    pub(crate) async fn writer_slot(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite(_) => Some(self.write_lock.lock().await),
            Backend::Postgres(_) => None,
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        self.scalar::<i32>(query::query("SELECT 1")).await?;
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(p) => p.close().await,
            Backend::Postgres(p) => p.close().await,
        }
    }

    /// The tables of the schema (on SQLite without the shadow tables an FTS5 table keeps for
    /// itself), sorted: what the journal registry must account for.
    pub async fn schema_tables(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = match self.backend {
            Backend::Sqlite(_) => {
                let virtual_tables: Vec<String> = self
                    .scalar_all(query::query("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"))
                    .await?;
                let all: Vec<String> = self
                    .scalar_all(query::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
                    .await?;
                let shadow = |n: &str| {
                    virtual_tables.iter().any(|v| {
                        n.strip_prefix(v.as_str()).and_then(|r| r.strip_prefix('_')).is_some_and(|r| {
                            ["data", "idx", "content", "docsize", "config"].contains(&r)
                        })
                    })
                };
                all.into_iter().filter(|n| !shadow(n)).collect()
            }
            Backend::Postgres(_) => {
                self.scalar_all(query::query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                ))
                .await?
            }
        };
        names.sort();
        Ok(names)
    }

    /// The columns of `table`, sorted.
    pub async fn schema_columns(&self, table: &str) -> Result<Vec<String>> {
        let mut cols: Vec<String> = match self.backend {
            Backend::Sqlite(_) => self.scalar_all(query::query("SELECT name FROM pragma_table_info($1)").bind(table)).await?,
            Backend::Postgres(_) => {
                self.scalar_all(
                    query::query(
                        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
                    )
                    .bind(table),
                )
                .await?
            }
        };
        cols.sort();
        Ok(cols)
    }

    /// Runs one statement outside the journal. Only for test set-up and administrative DDL
    /// (creating a schema); never for enforcement data.
    #[doc(hidden)]
    pub async fn execute_raw_for_tests(&self, sql: &str) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(p) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(p).await?;
            }
            Backend::Postgres(p) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(p).await?;
            }
        }
        Ok(())
    }

    /// Runs one statement with a byte string and an id bound, outside the journal: only for
    /// tests that tamper with stored files to show that verification notices.
    #[doc(hidden)]
    pub async fn execute_raw_for_tests_bytes(&self, sql: &str, bytes: &[u8], id: i64) -> Result<()> {
        self.execute_pool(query::query_built(sql.to_string()).bind(bytes).bind(id)).await?;
        Ok(())
    }
}

/// Removes a password from a database URL before it is shown or logged.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_shown() {
        assert_eq!(super::redact_url("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact_url("sqlite:x.db"), "sqlite:x.db");
    }
}
