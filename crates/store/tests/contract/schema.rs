//! The schema: migrations, the journal registry against every table, both backends alike.

use crate::prelude::*;
use zhifa_store::Store;

/// The journal registry accounts for the whole schema: each table is journaled (declared once
/// with its hashed form) or exempt with its reason, and the registry names no table that does
/// not exist.
pub(crate) async fn every_table_is_journaled_or_exempt_with_a_reason(s: Store) {
    use zhifa_store::journal::{EXEMPT, JOURNALED};
    let tables = s.schema_tables().await.unwrap();
    for t in &tables {
        let journaled = JOURNALED.iter().any(|j| j.name == t);
        let exempt = EXEMPT.iter().any(|e| e.name == t);
        assert!(journaled ^ exempt, "table {t}: journaled {journaled}, exempt {exempt} (exactly one is required)");
    }
    for j in JOURNALED {
        assert!(tables.iter().any(|t| t == j.name), "journaled table {} is not in the schema", j.name);
    }
    for e in EXEMPT {
        assert!(!e.why.is_empty(), "{} has no reason", e.name);
        // case_party_ids exists on SQLite only (the PostgreSQL search uses a JSON index).
        if e.name != "case_party_ids" || s.backend_name() == "sqlite" {
            assert!(tables.iter().any(|t| t == e.name), "exempt table {} is not in the schema", e.name);
        }
    }
}

/// The SQLite and PostgreSQL migrations give the same tables with the same columns, but for
/// the search indexes that are built differently on each (listed with their reason).
#[tokio::test]
pub(crate) async fn both_backends_have_the_same_tables_and_columns() {
    let Some(pg) = pg_store().await else { return };
    let (lite, _dir) = sqlite_store().await;
    let differ = ["case_search", "case_party_ids"];
    let keep = |ts: Vec<String>| ts.into_iter().filter(|t| !differ.contains(&t.as_str())).collect::<Vec<_>>();
    let (a, b) = (keep(lite.schema_tables().await.unwrap()), keep(pg.schema_tables().await.unwrap()));
    assert_eq!(a, b, "tables differ between SQLite and PostgreSQL");
    for t in &a {
        assert_eq!(
            lite.schema_columns(t).await.unwrap(),
            pg.schema_columns(t).await.unwrap(),
            "columns of {t} differ between SQLite and PostgreSQL"
        );
    }
}

pub(crate) async fn migrations_are_idempotent(s: Store) {
    assert_eq!(s.migrate().await.unwrap(), 0);
}

/// `--db-pool-size` is honoured on both backends (PostgreSQL used to keep 16 whatever was asked).
#[tokio::test]
async fn the_pool_size_asked_for_is_the_pool_size_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let lite = Store::connect_with(&format!("sqlite:{}", dir.path().join("p.db").display()), Some(3)).await.unwrap();
    assert_eq!(lite.pool_size(), 3);
    let Ok(url) = std::env::var("ZHIFA_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI=true requires ZHIFA_TEST_POSTGRES_URL");
        return;
    };
    let pg = Store::connect_with(&url, Some(3)).await.unwrap();
    assert_eq!(pg.pool_size(), 3);
    assert_eq!(Store::connect(&url).await.unwrap().pool_size(), zhifa_store::db::DEFAULT_POOL_SIZE_POSTGRES);
}
