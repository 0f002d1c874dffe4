//! zhifa storage: one contract, two backends (SQLite and PostgreSQL).
//!
//! Every query is written once with `$n` placeholders and values bound at run time
//! ([`db::query`]), and runs on either backend; each backend has its own migrations folder with
//! the same file names. Every change of enforcement or account data is a [`Command`] run by
//! [`Store::execute`] in one transaction together with its journal entry and ledger leaf
//! ([`journal`]): there is no other write path. Layers, bottom up: `db` (connections, queries),
//! `ledger` (the Merkle tree in the database), `journal` (entries, the journaled tables),
//! the command modules (one per aggregate), `write` (the command list, group commit), `verify`.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod accounts;
pub mod annual;
pub mod archive;
pub mod assessment;
pub mod blobs;
pub mod cases;
pub mod complaints;
pub mod dashboard;
pub mod db;
pub mod documents;
mod error;
pub mod evaluation;
pub mod evidence;
pub mod journal;
pub mod ledger;
pub mod lists;
pub mod model;
pub mod notify;
pub mod publicity;
pub mod reads;
pub mod registry;
pub mod review;
pub mod spotcheck;
pub mod supervision;
pub mod verify;
pub mod watch;
pub mod write;

pub use db::{Backend, Store};
pub use error::StoreError;
pub use write::{Command, Outcome};
pub use zhifa_ledger;

/// Result of storage operations.
pub type Result<T> = std::result::Result<T, StoreError>;
