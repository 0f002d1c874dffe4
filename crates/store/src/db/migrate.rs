//! Migrations: one folder per backend (`migrations/sqlite`, `migrations/postgres`) with the
//! same file names, applied in order, each in its own transaction with its checksum recorded.
//! A migration is never edited after it lands: an edited one stops the server.

use super::query::{Kind, Pinned, query};
use crate::{Result, Store, StoreError};

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
        sqlite: include_str!("../../migrations/sqlite/0001_registry.sql"),
        postgres: include_str!("../../migrations/postgres/0001_registry.sql"),
    },
    Migration {
        version: 2,
        name: "0002_ledger",
        sqlite: include_str!("../../migrations/sqlite/0002_ledger.sql"),
        postgres: include_str!("../../migrations/postgres/0002_ledger.sql"),
    },
    Migration {
        version: 3,
        name: "0003_access_log",
        sqlite: include_str!("../../migrations/sqlite/0003_access_log.sql"),
        postgres: include_str!("../../migrations/postgres/0003_access_log.sql"),
    },
    Migration {
        version: 4,
        name: "0004_ledger_seq",
        sqlite: include_str!("../../migrations/sqlite/0004_ledger_seq.sql"),
        postgres: include_str!("../../migrations/postgres/0004_ledger_seq.sql"),
    },
    Migration {
        version: 5,
        name: "0005_evidence",
        sqlite: include_str!("../../migrations/sqlite/0005_evidence.sql"),
        postgres: include_str!("../../migrations/postgres/0005_evidence.sql"),
    },
    Migration {
        version: 6,
        name: "0006_cases",
        sqlite: include_str!("../../migrations/sqlite/0006_cases.sql"),
        postgres: include_str!("../../migrations/postgres/0006_cases.sql"),
    },
    Migration {
        version: 7,
        name: "0007_holidays",
        sqlite: include_str!("../../migrations/sqlite/0007_holidays.sql"),
        postgres: include_str!("../../migrations/postgres/0007_holidays.sql"),
    },
    Migration {
        version: 8,
        name: "0008_documents",
        sqlite: include_str!("../../migrations/sqlite/0008_documents.sql"),
        postgres: include_str!("../../migrations/postgres/0008_documents.sql"),
    },
    Migration {
        version: 9,
        name: "0009_archive",
        sqlite: include_str!("../../migrations/sqlite/0009_archive.sql"),
        postgres: include_str!("../../migrations/postgres/0009_archive.sql"),
    },
    Migration {
        version: 10,
        name: "0010_case_search",
        sqlite: include_str!("../../migrations/sqlite/0010_case_search.sql"),
        postgres: include_str!("../../migrations/postgres/0010_case_search.sql"),
    },
    Migration {
        version: 11,
        name: "0011_review",
        sqlite: include_str!("../../migrations/sqlite/0011_review.sql"),
        postgres: include_str!("../../migrations/postgres/0011_review.sql"),
    },
    Migration {
        version: 12,
        name: "0012_review_limits",
        sqlite: include_str!("../../migrations/sqlite/0012_review_limits.sql"),
        postgres: include_str!("../../migrations/postgres/0012_review_limits.sql"),
    },
    Migration {
        version: 13,
        name: "0013_signing_keys",
        sqlite: include_str!("../../migrations/sqlite/0013_signing_keys.sql"),
        postgres: include_str!("../../migrations/postgres/0013_signing_keys.sql"),
    },
    Migration {
        version: 14,
        name: "0014_licensing_hearing",
        sqlite: include_str!("../../migrations/sqlite/0014_licensing_hearing.sql"),
        postgres: include_str!("../../migrations/postgres/0014_licensing_hearing.sql"),
    },
    Migration {
        version: 15,
        name: "0015_signed_decisions",
        sqlite: include_str!("../../migrations/sqlite/0015_signed_decisions.sql"),
        postgres: include_str!("../../migrations/postgres/0015_signed_decisions.sql"),
    },
    Migration {
        version: 16,
        name: "0016_publications",
        sqlite: include_str!("../../migrations/sqlite/0016_publications.sql"),
        postgres: include_str!("../../migrations/postgres/0016_publications.sql"),
    },
    Migration {
        version: 17,
        name: "0017_document_check",
        sqlite: include_str!("../../migrations/sqlite/0017_document_check.sql"),
        postgres: include_str!("../../migrations/postgres/0017_document_check.sql"),
    },
    Migration {
        version: 18,
        name: "0018_publication_days",
        sqlite: include_str!("../../migrations/sqlite/0018_publication_days.sql"),
        postgres: include_str!("../../migrations/postgres/0018_publication_days.sql"),
    },
    Migration {
        version: 19,
        name: "0019_publication_penalty",
        sqlite: include_str!("../../migrations/sqlite/0019_publication_penalty.sql"),
        postgres: include_str!("../../migrations/postgres/0019_publication_penalty.sql"),
    },
    Migration {
        version: 20,
        name: "0020_power_item_guide",
        sqlite: include_str!("../../migrations/sqlite/0020_power_item_guide.sql"),
        postgres: include_str!("../../migrations/postgres/0020_power_item_guide.sql"),
    },
    Migration {
        version: 21,
        name: "0021_body_lists",
        sqlite: include_str!("../../migrations/sqlite/0021_body_lists.sql"),
        postgres: include_str!("../../migrations/postgres/0021_body_lists.sql"),
    },
    Migration {
        version: 22,
        name: "0022_annual_reports",
        sqlite: include_str!("../../migrations/sqlite/0022_annual_reports.sql"),
        postgres: include_str!("../../migrations/postgres/0022_annual_reports.sql"),
    },
    Migration {
        version: 23,
        name: "0023_archive_seals",
        sqlite: include_str!("../../migrations/sqlite/0023_archive_seals.sql"),
        postgres: include_str!("../../migrations/postgres/0023_archive_seals.sql"),
    },
    Migration {
        version: 24,
        name: "0024_public_notices",
        sqlite: include_str!("../../migrations/sqlite/0024_public_notices.sql"),
        postgres: include_str!("../../migrations/postgres/0024_public_notices.sql"),
    },
    Migration {
        version: 25,
        name: "0025_password_change",
        sqlite: include_str!("../../migrations/sqlite/0025_password_change.sql"),
        postgres: include_str!("../../migrations/postgres/0025_password_change.sql"),
    },
    Migration {
        version: 26,
        name: "0026_law_at_the_act",
        sqlite: include_str!("../../migrations/sqlite/0026_law_at_the_act.sql"),
        postgres: include_str!("../../migrations/postgres/0026_law_at_the_act.sql"),
    },
    Migration {
        version: 27,
        name: "0027_notifications",
        sqlite: include_str!("../../migrations/sqlite/0027_notifications.sql"),
        postgres: include_str!("../../migrations/postgres/0027_notifications.sql"),
    },
    Migration {
        version: 28,
        name: "0028_clues",
        sqlite: include_str!("../../migrations/sqlite/0028_clues.sql"),
        postgres: include_str!("../../migrations/postgres/0028_clues.sql"),
    },
    Migration {
        version: 29,
        name: "0029_oversight",
        sqlite: include_str!("../../migrations/sqlite/0029_oversight.sql"),
        postgres: include_str!("../../migrations/postgres/0029_oversight.sql"),
    },
    Migration {
        version: 30,
        name: "0030_inspection_index",
        sqlite: include_str!("../../migrations/sqlite/0030_inspection_index.sql"),
        postgres: include_str!("../../migrations/postgres/0030_inspection_index.sql"),
    },
    Migration {
        version: 31,
        name: "0031_complaints",
        sqlite: include_str!("../../migrations/sqlite/0031_complaints.sql"),
        postgres: include_str!("../../migrations/postgres/0031_complaints.sql"),
    },
    Migration {
        version: 32,
        name: "0032_evaluation",
        sqlite: include_str!("../../migrations/sqlite/0032_evaluation.sql"),
        postgres: include_str!("../../migrations/postgres/0032_evaluation.sql"),
    },
    Migration {
        version: 33,
        name: "0033_assessment",
        sqlite: include_str!("../../migrations/sqlite/0033_assessment.sql"),
        postgres: include_str!("../../migrations/postgres/0033_assessment.sql"),
    },
    Migration {
        version: 34,
        name: "0034_peer_presence_index",
        sqlite: include_str!("../../migrations/sqlite/0034_peer_presence_index.sql"),
        postgres: include_str!("../../migrations/postgres/0034_peer_presence_index.sql"),
    },
    Migration {
        version: 35,
        name: "0035_object_rosters",
        sqlite: include_str!("../../migrations/sqlite/0035_object_rosters.sql"),
        postgres: include_str!("../../migrations/postgres/0035_object_rosters.sql"),
    },
    Migration {
        version: 36,
        name: "0036_spotcheck_tasks",
        sqlite: include_str!("../../migrations/sqlite/0036_spotcheck_tasks.sql"),
        postgres: include_str!("../../migrations/postgres/0036_spotcheck_tasks.sql"),
    },
];

fn checksum(sql: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(sql.as_bytes()))
}

impl Store {
    /// Applies the migrations not yet applied; refuses to run if an applied one was edited.
    pub async fn migrate(&self) -> Result<usize> {
        // All on one connection: a pooled SQLite connection that read the schema midway and
        // later prepared `SELECT *` on a table a later migration widened would keep the old
        // column list (sqlx caches it) while SQLite re-prepares with the new one.
        let mut conn = Pinned::acquire(self).await?;
        let mut applied = 0;
        let mut tx = conn.begin().await?;
        tx.execute(query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL)",
        ))
        .await?;
        tx.commit().await?;
        for m in MIGRATIONS {
            let mut tx = conn.begin().await?;
            let sql = match tx.kind() {
                Kind::Sqlite => m.sqlite,
                Kind::Postgres => m.postgres,
            };
            let sum = checksum(sql);
            if tx.kind() == Kind::Postgres {
                // Several servers may start at once: one migrates, the others wait.
                tx.execute(query("SELECT pg_advisory_xact_lock(7012019)")).await?;
            }
            let existing: Option<String> = tx
                .scalar_optional(query("SELECT checksum FROM schema_migrations WHERE version = $1").bind(m.version))
                .await?;
            match existing {
                Some(s) if s == sum => continue,
                Some(_) => return Err(StoreError::Corrupt(format!("迁移 {} 在应用后被修改", m.name))),
                None => {}
            }
            tx.execute_script(sql.to_string()).await?;
            tx.execute(
                query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)")
                    .bind(m.version)
                    .bind(m.name)
                    .bind(&sum),
            )
            .await?;
            tx.commit().await?;
            applied += 1;
        }
        Ok(applied)
    }
}
