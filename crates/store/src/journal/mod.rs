//! The journal: every change of enforcement or account data is recorded, in the transaction
//! that makes it, as an entry (who, when, which body, what kind, which row, the hash of the
//! row's hashed form after the change and the hash before it) and a leaf of the Merkle ledger.
//!
//! This module is the bottom of the write path: the commands above call [`record`] and
//! [`record_new`]; it imports only the connection layer, the ledger's group state and the
//! row types. Each journaled table is declared once, in `forms.rs`, with its hashed form;
//! [`JOURNALED`] lists them, and everything that walks the tables (`verify`, the row counts,
//! the contract tests) walks that list. Every other table of the schema is in [`EXEMPT`] with
//! the reason it needs no entry.

mod forms;
#[cfg(test)]
mod golden;

pub use forms::*;

use crate::db::now;
use crate::db::query::{Row, Tx, query, query_built};
use crate::ledger::GroupLedger;
use crate::{Result, Store, StoreError};
use futures_util::future::BoxFuture;
use serde::Serialize;
use sha2::{Digest, Sha256};
use zhifa_core::access::Scope;

/// Who makes a change and which bodies they may change.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    /// The account, or `None` for the command line (demo, import, admin).
    pub user_id: Option<i64>,
    /// The bodies whose data this actor may change.
    pub scope: Scope,
}

impl Actor {
    /// The command line acting as the installation itself.
    pub fn system() -> Self {
        Actor { user_id: None, scope: Scope::All }
    }
    /// Fails with `NotFound` (nothing is revealed) unless `body` lies in this actor's scope.
    pub fn in_scope(&self, body: i64, what: &'static str) -> Result<()> {
        if self.scope.covers(body) { Ok(()) } else { Err(StoreError::NotFound(what)) }
    }
    /// Fails with `NotFound` unless this actor acts for the whole district.
    pub fn district_wide(&self, what: &'static str) -> Result<()> {
        if self.scope == Scope::All { Ok(()) } else { Err(StoreError::NotFound(what)) }
    }
}

/// Fails with `NotFound` (nothing is revealed) unless `body` lies in the actor's scope.
pub fn in_scope(actor: &Actor, body: i64, what: &'static str) -> Result<()> {
    actor.in_scope(body, what)
}

/// A row type whose table is journaled: every change of one of its rows has an entry whose
/// content hash is that of [`Journaled::hashed`].
pub trait Journaled: Row {
    /// The table.
    const TABLE: &'static str;
    /// The form the journal hashes (see `forms.rs`).
    type Hashed<'a>: Serialize
    where
        Self: 'a;
    /// The row's id (the entry's `object_id`).
    fn row_id(&self) -> i64;
    /// The hashed form of this row.
    fn hashed(&self) -> Self::Hashed<'_>;
    /// SHA-256 of the canonical JSON of the hashed form.
    fn content_hash(&self) -> Result<String> {
        content_hash(&self.hashed())
    }
    /// The canonical JSON (keys sorted) of the hashed form: the bytes whose SHA-256 is the
    /// row's content hash in the ledger, for a verifier outside to hash again.
    fn canonical(&self) -> Result<Vec<u8>> {
        let v = serde_json::to_value(self.hashed()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        serde_json::to_vec(&v).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

/// SHA-256 of the canonical JSON (keys sorted) of a value.
pub fn content_hash<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let v = serde_json::to_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let bytes = serde_json::to_vec(&v).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// What one write transaction needs to journal: its savepoint, the ledger state of its group
/// and who acts.
pub struct Write<'w, 'c> {
    /// The savepoint the command runs in.
    pub tx: &'w mut Tx<'c>,
    pub(crate) gl: &'w mut GroupLedger,
    /// Who acts.
    pub actor: &'w Actor,
}

impl Write<'_, '_> {
    /// Journals `row` after a change of it: the entry records the hash of its previous state,
    /// looked up here. Returns the entry's sequence number.
    pub async fn record<R: Journaled>(&mut self, body: Option<i64>, kind: &str, row: &R) -> Result<i64> {
        let prev: Option<String> = self
            .tx
            .scalar_optional(
                query("SELECT content_hash FROM change_log WHERE object_table = $1 AND object_id = $2 ORDER BY seq DESC LIMIT 1")
                    .bind(R::TABLE)
                    .bind(row.row_id()),
            )
            .await?;
        self.entry(body, kind, R::TABLE, row.row_id(), row.content_hash()?, prev).await
    }

    /// Journals `row`, created in this transaction: it has no previous state.
    pub async fn record_new<R: Journaled>(&mut self, body: Option<i64>, kind: &str, row: &R) -> Result<i64> {
        self.entry(body, kind, R::TABLE, row.row_id(), row.content_hash()?, None).await
    }

    /// Writes one entry with its leaf: the group ledger gives the next sequence and leaf
    /// numbers, so the leaf is computed before the entry's row is written in a single insert.
    async fn entry(
        &mut self,
        body: Option<i64>,
        kind: &str,
        table: &str,
        object_id: i64,
        hash: String,
        prev: Option<String>,
    ) -> Result<i64> {
        let (index, seq) = (self.gl.next_index(), self.gl.take_seq());
        let at = now();
        let at_text = crate::ledger::entry_time(at);
        let entry = zhifa_ledger::entry::Entry {
            seq,
            at: &at_text,
            actor: self.actor.user_id,
            body,
            kind,
            table,
            object_id,
            content_hash: &hash,
            prev_hash: prev.as_deref(),
        };
        let leaf = self.gl.alg.leaf(&entry.encode());
        self.tx
            .execute(
                query(
                    "INSERT INTO change_log (seq, at, actor_user_id, body_id, kind, object_table, object_id, content_hash, prev_hash, leaf_index, leaf_hash) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(seq)
                .bind(at)
                .bind(self.actor.user_id)
                .bind(body)
                .bind(kind)
                .bind(table)
                .bind(object_id)
                .bind(hash)
                .bind(prev)
                .bind(index)
                .bind(leaf.to_vec()),
            )
            .await?;
        self.gl.push(leaf);
        Ok(seq)
    }
}

/// A journaled table: its name and how to hash its rows.
pub struct Table {
    /// The table's name.
    pub name: &'static str,
    hash_rows: HashRows,
}

/// Reads rows of one table (all, or those with the given ids) and hashes their hashed forms.
type HashRows = for<'a> fn(&'a Store, Option<Vec<i64>>) -> BoxFuture<'a, Result<Vec<(i64, String)>>>;

impl Table {
    const fn of<T: Journaled + 'static>() -> Table {
        Table { name: T::TABLE, hash_rows: hash_rows::<T> }
    }
    /// (id, content hash) of every row, or of the rows with the given ids.
    pub async fn hash_rows(&self, store: &Store, only: Option<Vec<i64>>) -> Result<Vec<(i64, String)>> {
        (self.hash_rows)(store, only).await
    }
}

fn hash_rows<T: Journaled + 'static>(
    store: &Store,
    only: Option<Vec<i64>>,
) -> BoxFuture<'_, Result<Vec<(i64, String)>>> {
    Box::pin(async move {
        let rows: Vec<T> = match only {
            None => store.fetch_all(query_built(format!("SELECT * FROM {}", T::TABLE))).await?,
            Some(ids) => {
                let mut rows = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(500) {
                    let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                    rows.extend(
                        store
                            .fetch_all::<T>(query_built(format!("SELECT * FROM {} WHERE id IN ({list})", T::TABLE)))
                            .await?,
                    );
                }
                rows
            }
        };
        rows.iter().map(|r| Ok((r.row_id(), r.content_hash()?))).collect()
    })
}

/// Every journaled table, each declared once (its row type and hashed form in `forms.rs`).
pub const JOURNALED: &[Table] = &[
    Table::of::<crate::model::Body>(),
    Table::of::<crate::model::Officer>(),
    Table::of::<crate::model::Training>(),
    Table::of::<crate::model::Certificate>(),
    Table::of::<crate::model::CertificateEvent>(),
    Table::of::<crate::model::Reviewer>(),
    Table::of::<crate::model::PowerItem>(),
    Table::of::<crate::model::UserRow>(),
    Table::of::<crate::model::SigningKey>(),
    Table::of::<crate::model::AccessEntry>(),
    Table::of::<crate::model::Evidence>(),
    Table::of::<crate::model::EvidenceDeletion>(),
    Table::of::<crate::model::Case>(),
    Table::of::<crate::model::CaseStep>(),
    Table::of::<crate::model::DocTemplate>(),
    Table::of::<crate::model::Document>(),
    Table::of::<crate::model::ArchiveReport>(),
    Table::of::<crate::model::ArchiveSeal>(),
    Table::of::<crate::model::ReviewList>(),
    Table::of::<crate::model::BodyList>(),
    Table::of::<crate::model::ReviewMark>(),
    Table::of::<crate::model::ReviewSubmission>(),
    Table::of::<crate::model::ReviewEvent>(),
    Table::of::<crate::model::Publication>(),
    Table::of::<crate::model::PublicNotice>(),
    Table::of::<crate::model::AnnualReport>(),
    Table::of::<crate::model::AnnualReportEdit>(),
    Table::of::<crate::model::HolidayYear>(),
    Table::of::<crate::model::Clue>(),
    Table::of::<crate::model::WarningSettings>(),
    Table::of::<crate::model::SupervisionNotice>(),
    Table::of::<crate::model::ClueAction>(),
    Table::of::<crate::model::NoticeReply>(),
    Table::of::<crate::model::Complaint>(),
    Table::of::<crate::model::ComplaintActRecord>(),
    Table::of::<crate::model::EvaluationStandard>(),
    Table::of::<crate::model::EvaluationCampaign>(),
    Table::of::<crate::model::EvaluationFile>(),
    Table::of::<crate::model::EvaluationSheet>(),
    Table::of::<crate::model::AssessmentWeights>(),
    Table::of::<crate::model::AssessmentPublication>(),
    Table::of::<crate::model::ObjectRoster>(),
    Table::of::<crate::model::RosterObjectRow>(),
    Table::of::<crate::model::SpotcheckTask>(),
    Table::of::<crate::model::SpotcheckPick>(),
];

/// A table of the schema that is not journaled, and why.
pub struct Exempt {
    /// The table's name (on SQLite, an FTS5 table's shadow tables share its name as prefix).
    pub name: &'static str,
    /// Why its rows need no journal entry.
    pub why: &'static str,
    /// Whether it holds data of the installation (counted by [`Store::table_counts`]).
    pub counted: bool,
}

/// Every table of the schema that is not journaled, with its reason. A new table must be
/// journaled (in [`JOURNALED`]) or listed here; a test checks the schema on both backends.
pub const EXEMPT: &[Exempt] = &[
    Exempt {
        name: "change_log",
        why: "the journal itself: each entry is a leaf of the ledger, checked by recomputing it",
        counted: true,
    },
    Exempt {
        name: "merkle_nodes",
        why: "the ledger's stored subtrees, checked against the recomputed tree",
        counted: false,
    },
    Exempt {
        name: "ledger_meta",
        why: "the ledger's counters and identity, checked against the entries",
        counted: false,
    },
    Exempt { name: "checkpoints", why: "signed tree heads, checked by their signatures", counted: false },
    Exempt {
        name: "schema_migrations",
        why: "which migrations ran, with checksums checked at every start",
        counted: false,
    },
    Exempt { name: "sessions", why: "sign-in sessions: not enforcement data, and expire", counted: false },
    Exempt {
        name: "case_counters",
        why: "the next case number per body and year; every number handed out is in a journaled case",
        counted: true,
    },
    Exempt {
        name: "doc_counters",
        why: "the next document number per body, kind and year; every number handed out is in a journaled document",
        counted: true,
    },
    Exempt {
        name: "document_files",
        why: "the PDF bytes: bound by the journaled document's SM3 and SHA-256, re-hashed by verify",
        counted: true,
    },
    Exempt {
        name: "case_search",
        why: "search index derived from the cases (FTS5 on SQLite, a trigram table kept by a trigger on PostgreSQL)",
        counted: false,
    },
    Exempt {
        name: "notifications",
        why: "in-app notices of hand-overs, made from the journal by the notification follower",
        counted: false,
    },
    Exempt {
        name: "webhook_deliveries",
        why: "the outbound channel's delivery log, made from the journal by the notification follower",
        counted: false,
    },
    Exempt { name: "follower_positions", why: "how far each journal follower has read", counted: false },
    Exempt {
        name: "case_party_ids",
        why: "search index of the parties' identifiers, derived from the cases (SQLite only)",
        counted: false,
    },
];

impl Store {
    /// Row counts of every data table (journaled ones, the journal and the counted exempt
    /// ones), for tests and the status page.
    pub async fn table_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let names = JOURNALED.iter().map(|t| t.name).chain(EXEMPT.iter().filter(|e| e.counted).map(|e| e.name));
        let mut out = Vec::new();
        for t in names {
            out.push((t, self.scalar::<i64>(query_built(format!("SELECT COUNT(*) FROM {t}"))).await?));
        }
        Ok(out)
    }
}
