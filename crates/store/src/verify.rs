//! `zhifa verify`: recomputes the ledger from the stored entries and checks it against every
//! stored checkpoint (roots and both signatures) and an optional outside checkpoint (rollback),
//! checks that leaf numbers have no gaps, and checks every row of every journaled table against
//! the content hash of its latest entry. Each problem is named: table, id, what differs, entry.

use crate::db::query::query;
use crate::ledger::LedgerRow;
use crate::model::Evidence;
use crate::{Result, Store, StoreError};
use std::collections::{BTreeMap, HashMap, HashSet};
use zhifa_core::Invalid;
use zhifa_ledger::note::{Checkpoint, VerifierKey};
use zhifa_ledger::{Frontier, Hash};

/// The outcome of a verification.
#[derive(Debug, Default)]
pub struct VerifyReport {
    /// entries checked
    pub entries: u64,
    /// stored checkpoints checked
    pub checkpoints: usize,
    /// table rows checked
    pub rows: u64,
    /// every discrepancy found, in Chinese, most basic first
    pub problems: Vec<String>,
}

/// Progress callback: (stage, done, total).
pub type Progress<'a> = &'a (dyn Fn(&str, u64, u64) + Sync);

impl Store {
    /// Verifies the whole ledger and every journaled table. `keys` must hold the Ed25519 and
    /// SM2 verifier keys; `outside` is a checkpoint published earlier (to detect a database
    /// replaced by an older copy).
    pub async fn verify(
        &self,
        keys: &[VerifierKey],
        outside: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<VerifyReport> {
        self.verify_since(keys, outside, 0, progress).await
    }

    /// [`Store::verify`] from the signed checkpoint of size `since` on (0: everything). The
    /// stored edge of the tree at `since` must hash to that checkpoint's root; then every later
    /// entry is re-hashed and appended to it, every later checkpoint's root compared, and the
    /// rows those entries touched checked. Rows untouched since `since` are left to a full run.
    pub async fn verify_since(
        &self,
        keys: &[VerifierKey],
        outside: Option<&str>,
        since: u64,
        progress: Progress<'_>,
    ) -> Result<VerifyReport> {
        let info = self.ledger_info()?.clone();
        let mut report = VerifyReport::default();
        let total = self.tree_size().await?;
        // Every checkpoint's signatures first; the roots are compared as the tree is rebuilt.
        let cps = self.checkpoints().await?;
        let mut signed: BTreeMap<u64, Hash> = BTreeMap::new();
        for (i, cp) in cps.iter().enumerate() {
            progress("检查点签名", i as u64 + 1, cps.len() as u64);
            match Checkpoint::open(&cp.note, keys) {
                Err(e) => report.problems.push(format!("检查点（树大小 {}）签名无效：{e}", cp.size)),
                Ok(c) if c.size != cp.size as u64 || c.root[..] != cp.root[..] => {
                    report.problems.push(format!("检查点（树大小 {}）的记录与其签名内容不符", cp.size))
                }
                Ok(c) => {
                    signed.insert(c.size, c.root);
                }
            }
        }
        report.checkpoints = cps.len();
        let outside = match outside.map(|text| Checkpoint::open(text, keys)) {
            None => None,
            Some(Err(e)) => {
                report.problems.push(format!("所给的外部检查点无效：{e}"));
                None
            }
            Some(Ok(c)) if c.origin != info.origin => {
                report.problems.push(format!("外部检查点属于另一个账本（{}）", c.origin));
                None
            }
            Some(Ok(c)) => Some(c),
        };
        // Where to start: the empty tree, or the stored edge at a signed checkpoint.
        let mut edge = if since == 0 {
            Frontier::empty(info.alg)
        } else {
            let Some(root) = signed.get(&since).copied() else {
                let sizes: Vec<String> = signed.keys().rev().take(5).map(|s| s.to_string()).collect();
                return Err(Invalid::field(
                    "since",
                    format!("没有树大小为 {since} 的有效检查点（最近的：{}）", sizes.join("、")),
                )
                .into());
            };
            let edge = self.stored_edge(since).await?;
            if edge.root() != root {
                report
                    .problems
                    .push(format!("账本前 {since} 条的存储节点与已签名检查点不符：增量核验无从开始，请做完整核验"));
                return Ok(report);
            }
            edge
        };
        // A full run reads and hashes every table row on its own task while the entries are
        // re-hashed here (two cores, half the time).
        let rows_task = (since == 0).then(|| {
            let store = self.clone();
            tokio::spawn(async move { store.row_hashes(None).await })
        });
        let journal_rows: i64 = self
            .scalar(
                query("SELECT COUNT(*) FROM change_log WHERE leaf_index IS NULL OR leaf_index >= $1")
                    .bind(since as i64),
            )
            .await?;
        // latest (leaf, content hash) per (table, row id)
        let mut latest: HashMap<(String, i64), (u64, String)> = HashMap::new();
        let mut deleted: HashSet<(String, i64)> = HashSet::new();
        let mut next: u64 = since;
        let page = 20_000i64;
        let check_root = |report: &mut VerifyReport, size: u64, root: Hash| {
            if signed.get(&size).is_some_and(|r| *r != root) {
                report.problems.push(format!("账本前 {size} 条重算的根与已签名检查点不符（条目被改动、调换或删除）"));
            }
            if let Some(c) = &outside
                && c.size == size
                && c.root != root
            {
                report.problems.push(format!("数据库前 {size} 条与外部检查点不一致：历史被改写"));
            }
        };
        loop {
            let rows: Vec<LedgerRow> = self
                .fetch_all(
                    query("SELECT * FROM change_log WHERE leaf_index >= $1 ORDER BY leaf_index LIMIT $2")
                        .bind(next as i64)
                        .bind(page),
                )
                .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let Some(index) = r.leaf_index.map(|i| i as u64) else { continue };
                while next < index {
                    report.problems.push(format!("账本缺少第 {next} 号条目（已被删除）"));
                    edge.push([0; 32]);
                    next += 1;
                    check_root(&mut report, next, edge.root());
                }
                let leaf = info.alg.leaf(&r.encode());
                if r.leaf_hash.as_deref() != Some(&leaf[..]) {
                    report.problems.push(format!(
                        "账本第 {index} 号条目（seq {}，表 {}，第 {} 行）的内容与其叶子哈希不符（条目被改动）",
                        r.seq, r.object_table, r.object_id
                    ));
                }
                edge.push(leaf);
                next = index + 1;
                if signed.contains_key(&next) || outside.as_ref().is_some_and(|c| c.size == next) {
                    check_root(&mut report, next, edge.root());
                }
                latest.insert((r.object_table.clone(), r.object_id), (index, r.content_hash.clone()));
                if r.kind.ends_with(".delete") {
                    deleted.insert((r.object_table.clone(), r.object_id));
                }
            }
            progress("条目", next, total);
        }
        report.entries = next - since;
        if (journal_rows as u64) != next - since {
            report.problems.push(format!(
                "日志表有 {} 条记录，账本连续编号只到 {next}（有条目未入账或编号重复）",
                journal_rows as u64 + since
            ));
        }
        if next != total {
            report.problems.push(format!("账本计数为 {total}，实际条目 {next}"));
        }
        for size in signed.keys().filter(|s| **s > next) {
            report.problems.push(format!("检查点（树大小 {size}）大于账本现有条目 {next}（条目被删除或数据库被回滚）"));
        }
        if let Some(c) = &outside
            && c.size > next
        {
            report.problems.push(format!(
                "外部检查点的树大小为 {}，而数据库只有 {next} 条：数据库被替换为更早的副本或条目被删除",
                c.size
            ));
        }
        // Stored nodes give the same root as the entries.
        if next > 0 && next == total {
            match self.root_at(next).await {
                Ok(r) if r == edge.root() => {}
                Ok(_) => report.problems.push("默克尔树存储节点与条目重算的根不一致".into()),
                Err(e) => report.problems.push(format!("默克尔树存储节点不完整：{e}")),
            }
        }
        // Rows against their latest entry: all rows (hashed meanwhile by their own task), or
        // (incremental) those touched since.
        let rows = match rows_task {
            Some(task) => task.await.map_err(|e| StoreError::Corrupt(e.to_string()))??,
            None => self.row_hashes(Some(latest.keys().cloned().collect())).await?,
        };
        for (table, id, hash) in rows {
            report.rows += 1;
            match latest.remove(&(table.to_string(), id)) {
                None => report.problems.push(format!("表 {table} 第 {id} 行没有账本条目（未经登记写入）")),
                Some((leaf, h)) if h != hash => report.problems.push(format!(
                    "表 {table} 第 {id} 行与账本第 {leaf} 号条目记录的内容不符（内容哈希 {}…，账本记录 {}…）",
                    &hash[..12],
                    &h[..12.min(h.len())]
                )),
                Some(_) => {}
            }
        }
        let mut missing: Vec<_> = latest.into_iter().filter(|(k, _)| !deleted.contains(k)).collect();
        missing.sort_by_key(|(_, (leaf, _))| *leaf);
        for ((table, id), (leaf, _)) in missing {
            report.problems.push(format!("表 {table} 第 {id} 行已不存在，但账本第 {leaf} 号条目记录了它（被删除）"));
        }
        report.problems.extend(self.verify_signatures().await?);
        Ok(report)
    }

    /// Checks each signed act against its signer's journaled public key (the rows themselves are
    /// checked against the ledger above, so a signature removed or replaced shows there too).
    async fn verify_signatures(&self) -> Result<Vec<String>> {
        let rows: Vec<crate::model::ReviewEvent> =
            self.fetch_all(query("SELECT * FROM review_events WHERE signature IS NOT NULL ORDER BY id")).await?;
        let keys: Vec<crate::model::SigningKey> = self.fetch_all(query("SELECT * FROM signing_keys")).await?;
        let steps: Vec<crate::model::CaseStep> =
            self.fetch_all(query("SELECT * FROM case_steps WHERE signature IS NOT NULL ORDER BY id")).await?;
        let mut problems = Vec::new();
        let valid = |key_id: Option<i64>, user: Option<i64>, msg: Option<Vec<u8>>, sig: Option<&str>| match (
            keys.iter().find(|k| Some(k.id) == key_id),
            msg,
            sig,
        ) {
            (Some(k), Some(msg), Some(sig)) => {
                Some(k.user_id) == user && zhifa_ledger::personal::verify(&k.public_key, &msg, sig)
            }
            _ => false,
        };
        for st in steps {
            if !valid(st.signing_key_id, st.recorded_by, st.signed_message(), st.signature.as_deref()) {
                problems.push(format!("办案环节第 {} 行（案件 {} 第 {} 项）的个人签名无效", st.id, st.case_id, st.seq));
            }
        }
        for r in rows {
            if !valid(r.signing_key_id, r.actor_user_id, r.signed_message(), r.signature.as_deref()) {
                problems.push(format!("审核记录第 {} 行（案件 {} 第 {} 项）的个人签名无效", r.id, r.case_id, r.seq));
            }
        }
        Ok(problems)
    }

    /// Content hashes of the rows of every journaled table ([`crate::journal::JOURNALED`]):
    /// all of them, or only `only`.
    async fn row_hashes(&self, only: Option<HashSet<(String, i64)>>) -> Result<Vec<(&'static str, i64, String)>> {
        let mut out = Vec::new();
        for table in crate::journal::JOURNALED {
            let ids = only
                .as_ref()
                .map(|all| all.iter().filter(|(t, _)| t == table.name).map(|(_, id)| *id).collect::<Vec<_>>());
            if ids.as_ref().is_some_and(Vec::is_empty) {
                continue;
            }
            for (id, hash) in table.hash_rows(self, ids).await? {
                out.push((table.name, id, hash));
            }
        }
        Ok(out)
    }

    /// Re-hashes every issued document's PDF and compares it with its (ledger-checked) row.
    pub async fn verify_document_files(&self, progress: Progress<'_>) -> Result<(u64, Vec<String>)> {
        let ids: Vec<(i64, String, String)> =
            self.fetch_all(query("SELECT id, pdf_sm3, pdf_sha256 FROM documents ORDER BY id")).await?;
        let mut problems = Vec::new();
        let total = ids.len() as u64;
        for (i, (id, sm3, sha256)) in ids.iter().enumerate() {
            let pdf: Option<Vec<u8>> =
                self.scalar_optional(query("SELECT pdf FROM document_files WHERE document_id = $1").bind(id)).await?;
            match pdf {
                None => problems.push(format!("文书 {id} 的 PDF 已不存在：文件被删除")),
                Some(pdf) => {
                    if crate::documents::sm3_hex(&pdf) != *sm3 || crate::documents::sha256_hex(&pdf) != *sha256 {
                        problems.push(format!("文书 {id} 的 PDF 与登记的摘要不符：文件被改动"));
                    }
                }
            }
            progress("文书文件", i as u64 + 1, total);
        }
        Ok((total, problems))
    }

    /// Re-reads every live evidence file from the evidence store and compares its length,
    /// SM3 and SHA-256 with its (ledger-checked) evidence row. Returns the problems found.
    pub async fn verify_evidence_files(
        &self,
        blobs: &crate::blobs::EvidenceStore,
        progress: Progress<'_>,
    ) -> Result<(u64, Vec<String>)> {
        self.verify_evidence_files_since(blobs, None, progress).await
    }

    /// [`Store::verify_evidence_files`] for files registered after `after` (incremental runs).
    pub async fn verify_evidence_files_since(
        &self,
        blobs: &crate::blobs::EvidenceStore,
        after: Option<chrono::DateTime<chrono::Utc>>,
        progress: Progress<'_>,
    ) -> Result<(u64, Vec<String>)> {
        let rows: Vec<Evidence> = match after {
            None => self.fetch_all(query("SELECT * FROM evidence WHERE status = 'active' ORDER BY id")).await?,
            Some(t) => {
                self.fetch_all(
                    query("SELECT * FROM evidence WHERE status = 'active' AND created_at >= $1 ORDER BY id").bind(t),
                )
                .await?
            }
        };
        let mut problems = Vec::new();
        let total = rows.len() as u64;
        for (i, e) in rows.iter().enumerate() {
            match blobs.rehash(&e.sm3).await {
                Err(err) => problems.push(format!("证据 {}（{}）无法读取：{err}", e.id, e.case_number)),
                Ok(None) => problems.push(format!(
                    "证据 {}（案件 {}）的文件已不存在（SM3 {}…）：文件被删除",
                    e.id,
                    e.case_number,
                    &e.sm3[..16]
                )),
                Ok(Some((size, sm3, sha256))) => {
                    if sm3 != e.sm3 || sha256 != e.sha256 || size as i64 != e.size_bytes {
                        problems.push(format!(
                            "证据 {}（案件 {}）的文件与登记不符：长度 {} / 登记 {}，SM3 {}… / 登记 {}…：文件被改动",
                            e.id,
                            e.case_number,
                            size,
                            e.size_bytes,
                            &sm3[..16],
                            &e.sm3[..16]
                        ));
                    }
                }
            }
            progress("证据文件", i as u64 + 1, total);
        }
        Ok((total, problems))
    }
}
