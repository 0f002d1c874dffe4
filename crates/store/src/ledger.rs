//! The Merkle ledger in the database: every journal entry becomes a leaf in the same
//! transaction as the change (see [`crate::journal::Write::record`]); perfect subtrees are stored so that roots
//! and proofs need few reads; checkpoints are signed and advanced by compare-and-swap, so two
//! server processes on one database never fork the log.

use crate::db::now;
use crate::db::query::{Query, Tx, query, query_built};
use crate::{Result, Store, StoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::HashMap;
use zhifa_ledger::note::{Checkpoint, NoteSigner};
use zhifa_ledger::{Hash, HashAlg, NodeMap, NodeReader, NodeRecorder};

/// The ledger's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerInfo {
    /// The log's name in checkpoints.
    pub origin: String,
    /// Its hash function.
    pub alg: HashAlg,
}

/// A stored, signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredCheckpoint {
    /// tree size
    pub size: i64,
    /// root hash
    pub root: Vec<u8>,
    /// the signed note text
    pub note: String,
    /// when signed
    pub created_at: DateTime<Utc>,
}

/// A journal entry with its place in the tree (the `change_log` row).
pub type LedgerRow = crate::model::ChangeEntry;

/// The time format inside entries: RFC 3339, UTC, microseconds.
pub fn entry_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl crate::model::ChangeEntry {
    /// The canonical entry bytes this row stands for.
    pub fn encode(&self) -> Vec<u8> {
        let at = entry_time(self.at);
        zhifa_ledger::entry::Entry {
            seq: self.seq,
            at: &at,
            actor: self.actor_user_id,
            body: self.body_id,
            kind: &self.kind,
            table: &self.object_table,
            object_id: self.object_id,
            content_hash: &self.content_hash,
            prev_hash: self.prev_hash.as_deref(),
        }
        .encode()
    }
}

/// The ledger as one write transaction sees it. [`GroupLedger::open`] takes the row lock on
/// `ledger_meta` (so appends from several processes are serialized) and loads the edge of the
/// tree once; each entry then gets its leaf and sequence numbers and its nodes in memory, and
/// [`GroupLedger::close`] writes all new nodes in a few inserts and the counters in one update.
/// A change refused inside the transaction puts back the state it found ([`GroupLedger::mark`]).
#[derive(Debug, Clone)]
pub(crate) struct GroupLedger {
    pub(crate) alg: HashAlg,
    frontier: zhifa_ledger::Frontier,
    next_seq: i64,
    nodes: Vec<(u32, u64, Hash)>,
}

/// A point to return to.
pub(crate) struct LedgerMark {
    frontier: zhifa_ledger::Frontier,
    next_seq: i64,
    nodes: usize,
}

impl GroupLedger {
    pub(crate) fn new(alg: HashAlg, frontier: zhifa_ledger::Frontier, next_seq: i64) -> Self {
        GroupLedger { alg, frontier, next_seq, nodes: Vec::new() }
    }
    /// The leaf number the next entry gets.
    pub(crate) fn next_index(&self) -> i64 {
        self.frontier.size() as i64
    }
    /// Takes the next journal sequence number.
    pub(crate) fn take_seq(&mut self) -> i64 {
        self.next_seq += 1;
        self.next_seq - 1
    }
    /// Appends the leaf of the entry numbered [`GroupLedger::next_index`].
    pub(crate) fn push(&mut self, leaf: Hash) {
        let nodes = self.frontier.push(leaf);
        self.nodes.extend(nodes);
    }
    pub(crate) fn mark(&self) -> LedgerMark {
        LedgerMark { frontier: self.frontier.clone(), next_seq: self.next_seq, nodes: self.nodes.len() }
    }
    pub(crate) fn reset(&mut self, m: LedgerMark) {
        self.frontier = m.frontier;
        self.next_seq = m.next_seq;
        self.nodes.truncate(m.nodes);
    }
    pub(crate) fn seq(&self) -> i64 {
        self.next_seq
    }
    pub(crate) fn nodes(&self) -> &[(u32, u64, Hash)] {
        &self.nodes
    }
}

impl GroupLedger {
    /// Locks the ledger for the transaction `tx` (appends from several processes are
    /// serialized on the `ledger_meta` row) and loads the edge of the tree.
    pub(crate) async fn open(tx: &mut Tx<'_>, alg: HashAlg) -> Result<Self> {
        let (size, next_seq): (i64, i64) = tx
            .fetch_one(query("UPDATE ledger_meta SET tree_size = tree_size WHERE id = 1 RETURNING tree_size, next_seq"))
            .await?;
        let wanted = zhifa_ledger::Frontier::needed(size as u64);
        let found = if wanted.is_empty() { Vec::new() } else { tx.fetch_all(select_nodes(&wanted)).await? };
        let nodes = node_map(found)?;
        let frontier =
            zhifa_ledger::Frontier::load(alg, size as u64, |l, i| zhifa_ledger::NodeReader::perfect_node(&nodes, l, i))
                .map_err(|(l, i)| StoreError::Corrupt(format!("缺少默克尔树节点（层{l}，序号{i}）")))?;
        Ok(GroupLedger::new(alg, frontier, next_seq))
    }

    /// Writes what the group gathered: new nodes (a few multi-row inserts) and the counters.
    pub(crate) async fn close(&self, tx: &mut Tx<'_>) -> Result<()> {
        for chunk in self.nodes().chunks(300) {
            let mut sql = String::from("INSERT INTO merkle_nodes (level, idx, hash) VALUES ");
            for k in 0..chunk.len() {
                if k > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("(${}, ${}, ${})", 3 * k + 1, 3 * k + 2, 3 * k + 3));
            }
            let mut q = query_built(sql);
            for (l, i, h) in chunk {
                q = q.bind(*l as i32).bind(*i as i64).bind(h.to_vec());
            }
            tx.execute(q).await?;
        }
        tx.execute(
            query("UPDATE ledger_meta SET tree_size = $1, next_seq = $2 WHERE id = 1")
                .bind(self.next_index())
                .bind(self.seq()),
        )
        .await?;
        Ok(())
    }
}

/// `SELECT` of the stored nodes `wanted` (level, index).
fn select_nodes(wanted: &[(u32, u64)]) -> Query {
    let mut q = query_built(select_nodes_sql(wanted.len()));
    for (l, i) in wanted {
        q = q.bind(*l as i32).bind(*i as i64);
    }
    q
}

/// `SELECT` of `n` stored nodes, bound as (level, idx) pairs `$1, $2`, `$3, $4`, …
pub(crate) fn select_nodes_sql(n: usize) -> String {
    let mut q = String::from("SELECT level, idx, hash FROM merkle_nodes WHERE ");
    for k in 0..n {
        if k > 0 {
            q.push_str(" OR ");
        }
        q.push_str(&format!("(level = ${} AND idx = ${})", 2 * k + 1, 2 * k + 2));
    }
    q
}

/// Rows of `merkle_nodes` as a [`NodeMap`].
pub(crate) fn node_map(rows: Vec<(i32, i64, Vec<u8>)>) -> Result<NodeMap> {
    let mut map = HashMap::new();
    for (l, i, h) in rows {
        map.insert((l as u32, i as u64), to_hash(h)?);
    }
    Ok(NodeMap(map))
}

fn to_hash(v: Vec<u8>) -> Result<Hash> {
    v.try_into().map_err(|_| StoreError::Corrupt("哈希长度错误".into()))
}

impl Store {
    /// The ledger's identity; fails if [`Store::ensure_ledger`] has not run.
    pub fn ledger_info(&self) -> Result<&LedgerInfo> {
        self.ledger.get().ok_or_else(|| StoreError::Corrupt("账本未初始化".into()))
    }

    /// Loads the ledger as it is, writing nothing (what `verify` uses): fails when the database
    /// has none.
    pub async fn open_ledger(&self) -> Result<LedgerInfo> {
        let existing: Option<(String, String)> =
            self.fetch_optional(query("SELECT origin, hash_alg FROM ledger_meta WHERE id = 1")).await?;
        let (origin, name) = existing.ok_or(StoreError::NotFound("账本"))?;
        let alg = HashAlg::parse(&name).ok_or_else(|| StoreError::Corrupt(format!("未知哈希算法 {name}")))?;
        let info = LedgerInfo { origin, alg };
        let _ = self.ledger.set(info.clone());
        Ok(info)
    }

    /// Loads the ledger, or creates it with `origin` and `alg` (the hash function is fixed at
    /// creation; a different `alg` later is ignored with a warning) and appends every journal
    /// entry written before the ledger existed.
    pub async fn ensure_ledger(&self, origin: &str, alg: HashAlg) -> Result<LedgerInfo> {
        let info = {
            let mut tx = Tx::begin_write(self).await?;
            let existing: Option<(String, String)> =
                tx.fetch_optional(query("SELECT origin, hash_alg FROM ledger_meta WHERE id = 1")).await?;
            let info = match existing {
                Some((origin, name)) => {
                    let alg_stored =
                        HashAlg::parse(&name).ok_or_else(|| StoreError::Corrupt(format!("未知哈希算法 {name}")))?;
                    if alg_stored != alg {
                        tracing::warn!(
                            stored = name,
                            requested = alg.name(),
                            "the ledger's hash function is fixed at creation"
                        );
                    }
                    LedgerInfo { origin, alg: alg_stored }
                }
                None => {
                    tx.execute(query("INSERT INTO ledger_meta (id, origin, hash_alg, tree_size, checkpoint_size, created_at) VALUES (1, $1, $2, 0, 0, $3)").bind(origin).bind(alg.name()).bind(now())).await?;
                    LedgerInfo { origin: origin.to_string(), alg }
                }
            };
            // Entries written before the ledger (or before next_seq existed) come first.
            tx.execute(query(
                "UPDATE ledger_meta SET next_seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM change_log) \
                         WHERE id = 1 AND next_seq < (SELECT COALESCE(MAX(seq), 0) + 1 FROM change_log)",
            ))
            .await?;
            let pending: Vec<i64> =
                tx.scalar_all(query("SELECT seq FROM change_log WHERE leaf_index IS NULL ORDER BY seq")).await?;
            let mut gl = GroupLedger::open(&mut tx, info.alg).await?;
            for seq in &pending {
                let row: LedgerRow = tx.fetch_one(query("SELECT * FROM change_log WHERE seq = $1").bind(*seq)).await?;
                let leaf = gl.alg.leaf(&row.encode());
                tx.execute(
                    query("UPDATE change_log SET leaf_index = $1, leaf_hash = $2 WHERE seq = $3")
                        .bind(gl.next_index())
                        .bind(leaf.to_vec())
                        .bind(*seq),
                )
                .await?;
                gl.push(leaf);
            }
            gl.close(&mut tx).await?;
            tx.commit().await?;
            if !pending.is_empty() {
                tracing::info!(entries = pending.len(), "journal entries appended to the ledger");
            }
            info
        };
        let _ = self.ledger.set(info.clone());
        Ok(info)
    }

    /// The edge of the stored tree at `size` leaves (from the stored perfect subtrees).
    pub async fn stored_edge(&self, size: u64) -> Result<zhifa_ledger::Frontier> {
        let alg = self.ledger_info()?.alg;
        let nodes = self.fetch_nodes(zhifa_ledger::Frontier::needed(size)).await?;
        zhifa_ledger::Frontier::load(alg, size, |l, i| zhifa_ledger::NodeReader::perfect_node(&nodes, l, i))
            .map_err(|(l, i)| StoreError::Corrupt(format!("缺少默克尔树节点（层{l}，序号{i}）")))
    }

    /// When the checkpoint of `size` was signed.
    pub async fn checkpoint_time(&self, size: u64) -> Result<Option<DateTime<Utc>>> {
        self.scalar_optional(query("SELECT created_at FROM checkpoints WHERE size = $1").bind(size as i64)).await
    }

    /// Number of leaves.
    pub async fn tree_size(&self) -> Result<u64> {
        let n: i64 = self.scalar(query("SELECT tree_size FROM ledger_meta WHERE id = 1")).await?;
        Ok(n as u64)
    }

    async fn fetch_nodes(&self, wanted: Vec<(u32, u64)>) -> Result<NodeMap> {
        let mut rows = Vec::new();
        for chunk in wanted.chunks(200) {
            let part: Vec<(i32, i64, Vec<u8>)> = self.fetch_all(select_nodes(chunk)).await?;
            rows.extend(part);
        }
        node_map(rows)
    }

    /// Runs a tree computation against stored nodes: first records which nodes it reads, then
    /// fetches them in bulk and runs it for real.
    async fn with_nodes<T>(&self, f: impl Fn(&Nodes) -> std::result::Result<T, (u32, u64)>) -> Result<T> {
        let recording = Nodes::Record(NodeRecorder::default());
        let _ = f(&recording);
        let wanted = match recording {
            Nodes::Record(r) => r.into_nodes(),
            Nodes::Fetched(_) => Vec::new(),
        };
        let nodes = Nodes::Fetched(self.fetch_nodes(wanted).await?);
        f(&nodes).map_err(|(l, i)| StoreError::Corrupt(format!("缺少默克尔树节点（层{l}，序号{i}）")))
    }

    /// The root of the first `size` leaves.
    pub async fn root_at(&self, size: u64) -> Result<Hash> {
        let alg = self.ledger_info()?.alg;
        self.with_nodes(|r| zhifa_ledger::root(alg, r, size)).await
    }

    /// Inclusion proof of leaf `index` in the tree of `size` leaves.
    pub async fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>> {
        let alg = self.ledger_info()?.alg;
        if index >= size || size > self.tree_size().await? {
            return Err(StoreError::NotFound("账本条目"));
        }
        self.with_nodes(|r| zhifa_ledger::inclusion_proof(alg, r, index, size)).await
    }

    /// Consistency proof between tree sizes `m` and `n`.
    pub async fn consistency_proof(&self, m: u64, n: u64) -> Result<Vec<Hash>> {
        let alg = self.ledger_info()?.alg;
        if m > n || n > self.tree_size().await? {
            return Err(StoreError::NotFound("账本树大小"));
        }
        self.with_nodes(|r| zhifa_ledger::consistency_proof(alg, r, m, n)).await
    }

    /// Signs a checkpoint of the current tree if it grew since the last one. Several server
    /// processes may call this at once: the checkpoint size advances by compare-and-swap, so
    /// exactly one of them writes each checkpoint. Returns the new checkpoint, if this call
    /// wrote one.
    pub async fn checkpoint(&self, signers: &[&dyn NoteSigner]) -> Result<Option<StoredCheckpoint>> {
        let info = self.ledger_info()?.clone();
        let (size, done): (i64, i64) =
            self.fetch_one(query("SELECT tree_size, checkpoint_size FROM ledger_meta WHERE id = 1")).await?;
        if size <= done {
            return Ok(None);
        }
        let root = self.root_at(size as u64).await?;
        let cp = Checkpoint { origin: info.origin.clone(), size: size as u64, root, hash: info.alg };
        let note = cp.sign(signers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let created_at = now();
        // On SQLite, queue with the group commits for the one writer slot instead of retrying
        // in SQLite's busy handler, which back-to-back groups would starve.
        let _one_writer = self.writer_slot().await;
        let won = {
            let mut tx = Tx::begin_write(self).await?;
            let n = tx
                .execute(
                    query("UPDATE ledger_meta SET checkpoint_size = $1 WHERE id = 1 AND checkpoint_size = $2")
                        .bind(size)
                        .bind(done),
                )
                .await?;
            if n == 1 {
                tx.execute(
                    query("INSERT INTO checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(size)
                        .bind(root.to_vec())
                        .bind(&note)
                        .bind(created_at),
                )
                .await?;
                tx.commit().await?;
            }
            n == 1
        };
        Ok(won.then(|| StoredCheckpoint { size, root: root.to_vec(), note, created_at }))
    }

    /// The latest checkpoint.
    pub async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>> {
        self.fetch_optional(query("SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1")).await
    }

    /// Every checkpoint, oldest first.
    pub async fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>> {
        self.fetch_all(query("SELECT * FROM checkpoints ORDER BY size")).await
    }

    /// The journal entry at leaf `index`.
    pub async fn ledger_entry(&self, index: u64) -> Result<Option<LedgerRow>> {
        self.fetch_optional(query("SELECT * FROM change_log WHERE leaf_index = $1").bind(index as i64)).await
    }

    /// Journal entries by leaf number from `from`, at most `limit`.
    pub async fn ledger_entries(&self, from: u64, limit: i64) -> Result<Vec<LedgerRow>> {
        self.fetch_all(
            query("SELECT * FROM change_log WHERE leaf_index >= $1 ORDER BY leaf_index LIMIT $2")
                .bind(from as i64)
                .bind(limit),
        )
        .await
    }
}

/// The nodes a tree computation reads: first recorded (answering zeros), then answered from
/// one bulk fetch of exactly those nodes.
enum Nodes {
    Record(NodeRecorder),
    Fetched(NodeMap),
}

impl NodeReader for Nodes {
    type Error = (u32, u64);
    fn perfect_node(&self, level: u32, index: u64) -> std::result::Result<Hash, (u32, u64)> {
        match self {
            Nodes::Record(r) => r.perfect_node(level, index).map_err(|e| match e {}),
            Nodes::Fetched(m) => m.perfect_node(level, index),
        }
    }
}
