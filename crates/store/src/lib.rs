//! zhifa storage: one contract, two backends (SQLite and PostgreSQL).
//!
//! Every query is written once with `$n` placeholders and runtime binding, and compiled for both
//! backends by the [`on_pool!`] macro; each backend has its own migrations folder with the same
//! file names. Every change of registry or account data goes through [`Store::execute`], which
//! runs it in one transaction together with its `change_log` entry: there is no other write path.

#![cfg_attr(test, allow(clippy::unwrap_used))]

#[macro_use]
mod db;
pub mod accounts;
pub mod annual;
pub mod archive;
pub mod blobs;
pub mod cases;
pub mod documents;
mod error;
#[cfg(test)]
mod golden_tests;
pub mod ledger;
pub mod lists;
pub mod model;
pub mod publicity;
pub mod reads;
pub mod review;
pub mod verify;
pub mod watch;
pub mod write;

pub use db::{Backend, Store};
pub use error::StoreError;
pub use write::{Command, Outcome};
pub use zhifa_ledger;

/// Result of storage operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Every table of enforcement or account data (sessions excluded: they are not data).
pub const TABLES: &[&str] = &[
    "bodies",
    "officers",
    "officer_training",
    "certificates",
    "certificate_events",
    "reviewers",
    "power_items",
    "users",
    "signing_keys",
    "access_log",
    "evidence",
    "evidence_deletions",
    "cases",
    "case_steps",
    "review_lists",
    "body_lists",
    "review_marks",
    "review_submissions",
    "review_events",
    "publications",
    "annual_reports",
    "annual_report_edits",
    "holiday_years",
    "change_log",
];

/// Tables of the ledger itself.
pub const LEDGER_TABLES: &[&str] = &["merkle_nodes", "ledger_meta", "checkpoints"];
