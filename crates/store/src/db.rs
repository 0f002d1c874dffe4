//! Connections, migrations and the macro that compiles one query body for both backends.

use crate::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
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
    pub(crate) ledger: std::sync::Arc<std::sync::OnceLock<crate::ledger::LedgerInfo>>,
    /// SQLite has one writer at a time: writers of this process queue here instead of in
    /// SQLite's busy handler, whose sleeps make long latency tails.
    pub(crate) write_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// The group-commit queue, started on the first write.
    pub(crate) committer: std::sync::Arc<std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<crate::write::Job>>>,
    /// Commit notices for the checkpointer.
    pub watch: std::sync::Arc<crate::watch::CommitWatch>,
    /// The working-day calendar in force: the shipped years plus those imported into this
    /// database ([`Store::install_calendar`]).
    pub(crate) calendar: std::sync::Arc<std::sync::RwLock<std::sync::Arc<zhifa_core::calendar::Calendar>>>,
    /// The address the public reaches this installation at (for the check links and QR codes
    /// printed on documents); set by the server at start.
    pub(crate) public_url: std::sync::Arc<std::sync::RwLock<String>>,
}

/// The public address until the server sets its own.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

impl Store {
    /// Sets the address the public reaches this installation at (no trailing slash).
    pub fn set_public_url(&self, url: &str) {
        *self.public_url.write().unwrap_or_else(std::sync::PoisonError::into_inner) =
            url.trim_end_matches('/').to_string();
    }
    /// The address the public reaches this installation at.
    pub fn public_url(&self) -> String {
        self.public_url.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

/// Runs `$body` with `$pool` bound to the backend's pool; the body is compiled once per backend.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::db::Backend::Sqlite($pool) => $body,
            $crate::db::Backend::Postgres($pool) => $body,
        }
    };
}

/// Begins a write transaction: `BEGIN IMMEDIATE` on SQLite so that concurrent writers queue on
/// the lock instead of failing when a read transaction upgrades.
macro_rules! begin_write {
    ($store:expr, $pool:ident) => {
        match &$store.backend {
            $crate::db::Backend::Sqlite(_) => $pool.begin_with("BEGIN IMMEDIATE").await,
            $crate::db::Backend::Postgres(_) => $pool.begin().await,
        }
    };
}

/// One migration: a version, a name and the SQL of each backend.
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// The migrations, in order. Files are never edited after they land; add a new one instead.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_registry",
        sqlite: include_str!("../migrations/sqlite/0001_registry.sql"),
        postgres: include_str!("../migrations/postgres/0001_registry.sql"),
    },
    Migration {
        version: 2,
        name: "0002_ledger",
        sqlite: include_str!("../migrations/sqlite/0002_ledger.sql"),
        postgres: include_str!("../migrations/postgres/0002_ledger.sql"),
    },
    Migration {
        version: 3,
        name: "0003_access_log",
        sqlite: include_str!("../migrations/sqlite/0003_access_log.sql"),
        postgres: include_str!("../migrations/postgres/0003_access_log.sql"),
    },
    Migration {
        version: 4,
        name: "0004_ledger_seq",
        sqlite: include_str!("../migrations/sqlite/0004_ledger_seq.sql"),
        postgres: include_str!("../migrations/postgres/0004_ledger_seq.sql"),
    },
    Migration {
        version: 5,
        name: "0005_evidence",
        sqlite: include_str!("../migrations/sqlite/0005_evidence.sql"),
        postgres: include_str!("../migrations/postgres/0005_evidence.sql"),
    },
    Migration {
        version: 6,
        name: "0006_cases",
        sqlite: include_str!("../migrations/sqlite/0006_cases.sql"),
        postgres: include_str!("../migrations/postgres/0006_cases.sql"),
    },
    Migration {
        version: 7,
        name: "0007_holidays",
        sqlite: include_str!("../migrations/sqlite/0007_holidays.sql"),
        postgres: include_str!("../migrations/postgres/0007_holidays.sql"),
    },
    Migration {
        version: 8,
        name: "0008_documents",
        sqlite: include_str!("../migrations/sqlite/0008_documents.sql"),
        postgres: include_str!("../migrations/postgres/0008_documents.sql"),
    },
    Migration {
        version: 9,
        name: "0009_archive",
        sqlite: include_str!("../migrations/sqlite/0009_archive.sql"),
        postgres: include_str!("../migrations/postgres/0009_archive.sql"),
    },
    Migration {
        version: 10,
        name: "0010_case_search",
        sqlite: include_str!("../migrations/sqlite/0010_case_search.sql"),
        postgres: include_str!("../migrations/postgres/0010_case_search.sql"),
    },
    Migration {
        version: 11,
        name: "0011_review",
        sqlite: include_str!("../migrations/sqlite/0011_review.sql"),
        postgres: include_str!("../migrations/postgres/0011_review.sql"),
    },
    Migration {
        version: 12,
        name: "0012_review_limits",
        sqlite: include_str!("../migrations/sqlite/0012_review_limits.sql"),
        postgres: include_str!("../migrations/postgres/0012_review_limits.sql"),
    },
    Migration {
        version: 13,
        name: "0013_signing_keys",
        sqlite: include_str!("../migrations/sqlite/0013_signing_keys.sql"),
        postgres: include_str!("../migrations/postgres/0013_signing_keys.sql"),
    },
    Migration {
        version: 14,
        name: "0014_licensing_hearing",
        sqlite: include_str!("../migrations/sqlite/0014_licensing_hearing.sql"),
        postgres: include_str!("../migrations/postgres/0014_licensing_hearing.sql"),
    },
    Migration {
        version: 15,
        name: "0015_signed_decisions",
        sqlite: include_str!("../migrations/sqlite/0015_signed_decisions.sql"),
        postgres: include_str!("../migrations/postgres/0015_signed_decisions.sql"),
    },
    Migration {
        version: 16,
        name: "0016_publications",
        sqlite: include_str!("../migrations/sqlite/0016_publications.sql"),
        postgres: include_str!("../migrations/postgres/0016_publications.sql"),
    },
    Migration {
        version: 17,
        name: "0017_document_check",
        sqlite: include_str!("../migrations/sqlite/0017_document_check.sql"),
        postgres: include_str!("../migrations/postgres/0017_document_check.sql"),
    },
    Migration {
        version: 18,
        name: "0018_publication_days",
        sqlite: include_str!("../migrations/sqlite/0018_publication_days.sql"),
        postgres: include_str!("../migrations/postgres/0018_publication_days.sql"),
    },
    Migration {
        version: 19,
        name: "0019_publication_penalty",
        sqlite: include_str!("../migrations/sqlite/0019_publication_penalty.sql"),
        postgres: include_str!("../migrations/postgres/0019_publication_penalty.sql"),
    },
    Migration {
        version: 20,
        name: "0020_power_item_guide",
        sqlite: include_str!("../migrations/sqlite/0020_power_item_guide.sql"),
        postgres: include_str!("../migrations/postgres/0020_power_item_guide.sql"),
    },
    Migration {
        version: 21,
        name: "0021_body_lists",
        sqlite: include_str!("../migrations/sqlite/0021_body_lists.sql"),
        postgres: include_str!("../migrations/postgres/0021_body_lists.sql"),
    },
    Migration {
        version: 22,
        name: "0022_annual_reports",
        sqlite: include_str!("../migrations/sqlite/0022_annual_reports.sql"),
        postgres: include_str!("../migrations/postgres/0022_annual_reports.sql"),
    },
];

fn checksum(sql: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(sql.as_bytes()))
}

impl Store {
    /// Connects to `url`: `sqlite:PATH` (the file is created) or `postgres://…`, with the
    /// default pool size (8 for SQLite, 16 for PostgreSQL).
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, None).await
    }

    /// Connects with at most `pool_size` connections.
    pub async fn connect_with(url: &str, pool_size: Option<u32>) -> Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Self {
                backend: Backend::Postgres(pool),
                ledger: Default::default(),
                write_lock: Default::default(),
                watch: Default::default(),
                calendar: std::sync::Arc::new(std::sync::RwLock::new(std::sync::Arc::new(
                    zhifa_core::calendar::Calendar::official().clone(),
                ))),
                committer: Default::default(),
                public_url: std::sync::Arc::new(std::sync::RwLock::new(DEFAULT_PUBLIC_URL.to_string())),
            })
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new().max_connections(pool_size.unwrap_or(8)).connect_with(opts).await?;
            Ok(Self {
                backend: Backend::Sqlite(pool),
                ledger: Default::default(),
                write_lock: Default::default(),
                watch: Default::default(),
                calendar: std::sync::Arc::new(std::sync::RwLock::new(std::sync::Arc::new(
                    zhifa_core::calendar::Calendar::official().clone(),
                ))),
                committer: Default::default(),
                public_url: std::sync::Arc::new(std::sync::RwLock::new(DEFAULT_PUBLIC_URL.to_string())),
            })
        } else {
            Err(StoreError::Corrupt(format!(
                "不支持的数据库地址（应以 sqlite: 或 postgres:// 开头）：{}",
                redact_url(url)
            )))
        }
    }

    /// The backend's name, for logs and health checks.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Applies the migrations not yet applied; refuses to run if an applied one was edited.
    pub async fn migrate(&self) -> Result<usize> {
        let mut applied = 0;
        on_pool!(self, pool => {
            // All on one connection: a pooled SQLite connection that read the schema midway and
            // later prepared `SELECT *` on a table a later migration widened would keep the old
            // column list (sqlx caches it) while SQLite re-prepares with the new one.
            let mut conn = pool.acquire().await?;
            sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL)")
                .execute(&mut *conn).await?;
            for m in MIGRATIONS {
                let sql = match self.backend { Backend::Sqlite(_) => m.sqlite, Backend::Postgres(_) => m.postgres };
                let sum = checksum(sql);
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                if let Backend::Postgres(_) = self.backend {
                    // Several servers may start at once: one migrates, the others wait.
                    sqlx::query("SELECT pg_advisory_xact_lock(7012019)").execute(&mut *tx).await?;
                }
                let existing: Option<String> = sqlx::query_scalar("SELECT checksum FROM schema_migrations WHERE version = $1")
                    .bind(m.version).fetch_optional(&mut *tx).await?;
                match existing {
                    Some(s) if s == sum => continue,
                    Some(_) => return Err(StoreError::Corrupt(format!("迁移 {} 在应用后被修改", m.name))),
                    None => {}
                }
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)")
                    .bind(m.version).bind(m.name).bind(&sum).execute(&mut *tx).await?;
                tx.commit().await?;
                applied += 1;
            }
        });
        Ok(applied)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, pool => { sqlx::query("SELECT 1").execute(pool).await?; });
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
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

impl Store {
    /// Runs one statement outside the journal. Only for test set-up and administrative DDL
    /// (creating a schema); never for enforcement data.
    #[doc(hidden)]
    pub async fn execute_raw_for_tests(&self, sql: &str) -> Result<()> {
        on_pool!(self, pool => { sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string())).execute(pool).await?; });
        Ok(())
    }

    /// Runs one statement with a byte string and an id bound, outside the journal: only for
    /// tests that tamper with stored files to show that verification notices.
    #[doc(hidden)]
    pub async fn execute_raw_for_tests_bytes(&self, sql: &str, bytes: &[u8], id: i64) -> Result<()> {
        on_pool!(self, pool => { sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).bind(bytes).bind(id).execute(pool).await?; });
        Ok(())
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
