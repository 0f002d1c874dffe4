//! The archive package of a case (案卷): assembling it into a zip with its manifest, the
//! cover and catalogue, the documents, the records, the evidence files and the ledger proofs;
//! and checking a package — freshly assembled, on demand, or brought in from elsewhere — for
//! the four properties of DA/T 70. The checker reads only the zip and the verifier keys.

use crate::blobs::EvidenceStore;
use crate::db::now;
use crate::db::query::query;
use crate::documents::{sha256_hex, sm3_hex};
use crate::journal::{Journaled, Write as Journal, in_scope};
use crate::model::{AccessEntry, Case, CaseStep, Document, Evidence};
use crate::write::Outcome;
use crate::{Result, Store, StoreError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use std::io::{Read, Seek, Write};
use std::path::Path;
use zhifa_core::archive::{
    Category, Check, Item, LedgerFacts, Manifest, Property, Proven, Report, SEAL_FILE, Seal, SealedRow, format_allowed,
    integrity_findings, seal_findings,
};
use zhifa_core::doc::layout::{Align, Block};
use zhifa_ledger::note::{Checkpoint, VerifierKey};

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The access-log rows of a case's records: $1 body, $2 case id, $3 case number.
macro_rules! access_of_case {
    () => {
        "body_id = $1 AND ((object_table = 'cases' AND object_id = $2) \
         OR (object_table = 'documents' AND object_id IN (SELECT id FROM documents WHERE case_id = $2)) \
         OR (object_table IN ('evidence', 'evidence_file') AND object_id IN (SELECT id FROM evidence WHERE case_number = $3 AND body_id = $1)))"
    };
}
const ACCESS_ROWS: &str = concat!("SELECT * FROM access_log WHERE ", access_of_case!(), " ORDER BY id");

/// A file being added to the package.
struct Pending {
    item: Item,
    source: Source,
}

enum Source {
    Bytes(Vec<u8>),
    Blob(String),
}

impl Store {
    /// The four-property reports of a case, newest first.
    pub async fn archive_reports(&self, case_id: i64) -> Result<Vec<crate::model::ArchiveReport>> {
        self.fetch_all(query("SELECT * FROM archive_reports WHERE case_id = $1 ORDER BY id DESC").bind(case_id)).await
    }

    /// One four-property report.
    pub async fn archive_report(&self, id: i64) -> Result<Option<crate::model::ArchiveReport>> {
        self.fetch_optional(query("SELECT * FROM archive_reports WHERE id = $1").bind(id)).await
    }

    /// The ledger entry of a row's latest state with its inclusion proof against `size`.
    async fn prove(&self, table: &str, id: i64, row: &[u8], size: u64) -> Result<Proven> {
        let leaf: Option<i64> = self.scalar_optional(query("SELECT leaf_index FROM change_log WHERE object_table = $1 AND object_id = $2 ORDER BY seq DESC LIMIT 1").bind(table).bind(id)).await?
        .flatten();
        let Some(leaf) = leaf else {
            return Err(StoreError::Corrupt(format!("表 {table} 第 {id} 行没有账本条目")));
        };
        let leaf = leaf as u64;
        if leaf >= size {
            return Err(StoreError::Conflict("本案最新的记录尚未被签名检查点覆盖，请稍候再组卷".into()));
        }
        let entry = self.ledger_entry(leaf).await?.ok_or_else(|| corrupt("账本条目缺失"))?;
        let proof = self.inclusion_proof(leaf, size).await?;
        Ok(Proven {
            table: table.into(),
            id,
            row: String::from_utf8(row.to_vec()).map_err(corrupt)?,
            leaf_index: leaf,
            entry: STANDARD.encode(entry.encode()),
            proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
        })
    }

    /// Assembles the case file of `case_id` into a zip at `out`: the manifest and the items,
    /// not yet sealed nor checked. Returns what the seal is to fix ([`Command::SealArchive`](crate::Command)),
    /// after which [`Store::finish_archive`] completes the package.
    pub async fn assemble_archive(
        &self,
        blobs: &EvidenceStore,
        case_id: i64,
        keys: &[VerifierKey],
        out: &Path,
    ) -> Result<Assembled> {
        let info = self.ledger_info()?.clone();
        let case: Case = self
            .fetch_optional(query("SELECT * FROM cases WHERE id = $1").bind(case_id))
            .await?
            .ok_or(StoreError::NotFound("案件"))?;
        let body = self.get_body(case.body_id).await?.ok_or(StoreError::NotFound("执法主体"))?;
        let steps: Vec<CaseStep> = self.case_steps(case_id).await?;
        let docs: Vec<Document> = self.case_documents(case_id).await?;
        let evidence: Vec<Evidence> = self.fetch_all(query("SELECT * FROM evidence WHERE body_id = $1 AND case_number = $2 AND status = 'active' ORDER BY captured_at, id").bind(case.body_id).bind(&case.number)).await?;
        let cp = self
            .latest_checkpoint()
            .await?
            .ok_or_else(|| StoreError::Conflict("尚无签名检查点，请稍候再组卷".into()))?;
        let size = cp.size as u64;
        let kind = case.kind;

        let mut pending: Vec<Pending> = Vec::new();
        let mut push =
            |title: String, category, path: String, format: &str, source: Source, record, pages, doc_kind| {
                let no = pending.len() as u32 + 2;
                pending.push(Pending {
                    item: Item {
                        no,
                        path: format!("{no:03}-{path}"),
                        title,
                        category,
                        format: format.into(),
                        size: 0,
                        sm3: String::new(),
                        sha256: String::new(),
                        pages,
                        doc_kind,
                        record,
                        supplement: None,
                    },
                    source,
                });
            };
        for d in &docs {
            let row = d.canonical()?;
            let proven = self.prove("documents", d.id, &row, size).await?;
            let pdf = self.document_pdf(d).await?;
            let label = d.kind.label();
            let title = format!("{label}{}", d.number.as_deref().map(|n| format!("（{n}）")).unwrap_or_default());
            push(
                title,
                Category::Document,
                format!("{label}.pdf"),
                "pdf",
                Source::Bytes(pdf),
                Some(proven),
                Some(d.pages as u32),
                Some(d.kind.code().to_string()),
            );
        }
        let row = case.canonical()?;
        let proven = self.prove("cases", case.id, &row, size).await?;
        push(
            "案件登记信息".into(),
            Category::Record,
            "案件.json".into(),
            "json",
            Source::Bytes(row),
            Some(proven),
            None,
            None,
        );
        for st in &steps {
            let row = st.canonical()?;
            let proven = self.prove("case_steps", st.id, &row, size).await?;
            let label = st.kind.label();
            let title = format!("办案环节记录：{label}（{}）", zhifa_core::time::display(st.occurred_at));
            push(
                title,
                Category::Record,
                format!("环节{:02}-{label}.json", st.seq),
                "json",
                Source::Bytes(row),
                Some(proven),
                None,
                None,
            );
        }
        for e in &evidence {
            let row = e.canonical()?;
            let proven = self.prove("evidence", e.id, &row, size).await?;
            let title = format!("证据：{}（{}）", e.proof_object, zhifa_core::time::display(e.captured_at));
            push(
                title,
                Category::Evidence,
                format!("证据{}.{}", e.id, e.format),
                &e.format,
                Source::Blob(e.sm3.clone()),
                Some(proven),
                None,
                None,
            );
        }
        // The access log of the case's records: every view, each proven.
        let access: Vec<AccessEntry> =
            self.fetch_all(query(ACCESS_ROWS).bind(case.body_id).bind(case_id).bind(&case.number)).await?;
        let mut access_proofs = Vec::with_capacity(access.len());
        for a in &access {
            let row = a.canonical()?;
            match self.prove("access_log", a.id, &row, size).await {
                Ok(p) => access_proofs.push(p),
                // A view made after the checkpoint is proven in the next package.
                Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let access_json = serde_json::to_vec_pretty(&access_proofs).map_err(corrupt)?;
        push(
            format!("调阅记录（{}条）", access_proofs.len()),
            Category::Access,
            "调阅记录.json".into(),
            "json",
            Source::Bytes(access_json),
            None,
            None,
            None,
        );

        // 补充归档: what was added after the first 归档 is marked as the supplement it was added
        // under, by the journal position of its first entry.
        let first_seq = |table: &'static str, id: i64| {
            query("SELECT MIN(seq) FROM change_log WHERE object_table = $1 AND object_id = $2").bind(table).bind(id)
        };
        let mut archived: Option<i64> = None;
        let mut supplement_seqs = Vec::new();
        let mut supplements = Vec::new();
        for st in &steps {
            let is_first_archive = st.kind == zhifa_core::case::StepKind::Archive && archived.is_none();
            if !is_first_archive && st.kind != zhifa_core::case::StepKind::SupplementArchive {
                continue;
            }
            let seq: Option<i64> = self.scalar(first_seq("case_steps", st.id)).await?;
            let seq = seq.ok_or_else(|| corrupt("环节没有账本条目"))?;
            if is_first_archive {
                archived = Some(seq);
            } else {
                supplement_seqs.push(seq);
                supplements.push(zhifa_core::archive::Supplement {
                    no: supplements.len() as u32 + 1,
                    recorded_at: zhifa_core::time::display(st.recorded_at),
                    reason: st.step_data()?.content.unwrap_or_default(),
                });
            }
        }
        if archived.is_some() {
            for p in &mut pending {
                let Some(rec) = &p.item.record else { continue };
                let table = match rec.table.as_str() {
                    "documents" => "documents",
                    "case_steps" => "case_steps",
                    "evidence" => "evidence",
                    _ => continue,
                };
                let seq: Option<i64> = self.scalar(first_seq(table, rec.id)).await?;
                if let Some(k) = seq.and_then(|seq| zhifa_core::archive::supplement_of(archived, &supplement_seqs, seq))
                {
                    p.item.supplement = Some(k);
                    p.item.title.push_str(&format!("（第{k}次补充归档）"));
                }
            }
        }

        // Digests of every file, then the cover and catalogue that lists them.
        for p in &mut pending {
            match &p.source {
                Source::Bytes(b) => {
                    p.item.size = b.len() as u64;
                    p.item.sm3 = sm3_hex(b);
                    p.item.sha256 = sha256_hex(b);
                }
                Source::Blob(sm3) => {
                    let e = evidence.iter().find(|e| &e.sm3 == sm3).ok_or_else(|| corrupt("证据缺失"))?;
                    p.item.size = e.size_bytes as u64;
                    p.item.sm3 = e.sm3.clone();
                    p.item.sha256 = e.sha256.clone();
                }
            }
        }
        let parties: Vec<String> =
            case.party_list()?.iter().map(|p| format!("{}（{}）", p.name, p.id_number)).collect();
        let closed_on = steps
            .iter()
            .rev()
            .find(|s| s.kind == zhifa_core::case::StepKind::Close)
            .map(|s| zhifa_core::time::shanghai_date(s.occurred_at).to_string());
        let assembled_at = crate::write::now();
        let mut manifest = Manifest {
            format: zhifa_core::archive::FORMAT.into(),
            case_number: case.number.clone(),
            case_kind: kind.label().into(),
            body: body.name.clone(),
            parties,
            filed_on: case.filed_on.map(|d| d.to_string()),
            closed_on,
            assembled_at: assembled_at.to_rfc3339(),
            retention: zhifa_core::archive::retention(kind).into(),
            steps: steps.iter().map(|s| s.kind.code().to_string()).collect(),
            items: Vec::new(),
            supplements,
            ledger: LedgerFacts {
                origin: info.origin.clone(),
                alg: info.alg.name().into(),
                checkpoint: cp.note.clone(),
                keys: keys.iter().map(VerifierKey::to_text).collect(),
            },
        };
        let cover = cover_blocks(&manifest, &pending.iter().map(|p| p.item.clone()).collect::<Vec<_>>());
        let meta = zhifa_pdf::Meta {
            title: format!("行政执法案卷 {}", case.number),
            author: body.name.clone(),
            subject: "封面及卷内目录".into(),
            created: None,
            qr: None,
        };
        let cover_pdf = zhifa_pdf::render(&cover, &meta).map_err(corrupt)?;
        let cover_item = Item {
            no: 1,
            path: "001-封面及卷内目录.pdf".into(),
            title: "封面及卷内目录".into(),
            category: Category::Cover,
            format: "pdf".into(),
            size: cover_pdf.bytes.len() as u64,
            sm3: sm3_hex(&cover_pdf.bytes),
            sha256: sha256_hex(&cover_pdf.bytes),
            pages: Some(cover_pdf.pages as u32),
            doc_kind: None,
            record: None,
            supplement: None,
        };
        manifest.items = std::iter::once(cover_item).chain(pending.iter().map(|p| p.item.clone())).collect();

        // Write the zip: media stored as they are, text deflated.
        let file = std::fs::File::create(out).map_err(corrupt)?;
        let mut zip = zip::ZipWriter::new(file);
        let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let store = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(corrupt)?;
        zip.start_file("manifest.json", deflate).map_err(corrupt)?;
        zip.write_all(&manifest_bytes).map_err(corrupt)?;
        zip.start_file(manifest.items[0].path.as_str(), store).map_err(corrupt)?;
        zip.write_all(&cover_pdf.bytes).map_err(corrupt)?;
        for p in &pending {
            let opts = if p.item.format == "json" { deflate } else { store };
            zip.start_file(p.item.path.as_str(), opts).map_err(corrupt)?;
            match &p.source {
                Source::Bytes(b) => zip.write_all(b).map_err(corrupt)?,
                Source::Blob(sm3) => {
                    let (_, mut stream) = blobs.open(sm3).await.map_err(corrupt)?;
                    while let Some(chunk) = stream.next().await {
                        zip.write_all(&chunk.map_err(corrupt)?).map_err(corrupt)?;
                    }
                }
            }
        }
        zip.finish().map_err(corrupt)?;
        let items = serde_json::to_string(&zhifa_core::archive::sealed_items(&manifest)).map_err(corrupt)?;
        Ok(Assembled { case_id, manifest_sm3: sm3_hex(&manifest_bytes), items })
    }

    /// Completes a package assembled at `out` whose seal (row `seal_id` of `archive_seals`) is
    /// written and under a signed checkpoint: adds `seal.json` (the row with its inclusion
    /// proof), checks the package as anyone receiving it would, and adds `report.json`.
    pub async fn finish_archive(
        &self,
        seal_id: i64,
        keys: &[VerifierKey],
        occasion: &str,
        out: &Path,
    ) -> Result<Report> {
        let row: crate::model::ArchiveSeal = self
            .fetch_optional(query("SELECT * FROM archive_seals WHERE id = $1").bind(seal_id))
            .await?
            .ok_or(StoreError::NotFound("组卷登记"))?;
        let cp = self.latest_checkpoint().await?.ok_or_else(|| StoreError::Conflict("尚无签名检查点".into()))?;
        let record = self.prove("archive_seals", row.id, &row.canonical()?, cp.size as u64).await?;
        let seal = Seal { checkpoint: cp.note.clone(), record };
        append_file(out, SEAL_FILE, &serde_json::to_vec_pretty(&seal).map_err(corrupt)?)?;
        let mut report = check_package(out, keys, occasion)?;
        report.checked_at = row.created_at.to_rfc3339();
        append_file(out, "report.json", &serde_json::to_vec_pretty(&report).map_err(corrupt)?)?;
        Ok(report)
    }

    /// The server's own check of a package checked offline: its seal must be the one this
    /// installation journaled, and the package is compared with those it exported.
    pub async fn compare_with_seal(&self, path: &Path, package_sm3: &str, report: &mut Report) -> Result<()> {
        let path = path.to_path_buf();
        let seal = tokio::task::spawn_blocking(move || read_seal(&path)).await.map_err(corrupt)?;
        let Some(seal) = seal else { return Ok(()) };
        let row: Option<crate::model::ArchiveSeal> =
            self.fetch_optional(query("SELECT * FROM archive_seals WHERE id = $1").bind(seal.record.id)).await?;
        let ours = match &row {
            Some(r) => r.canonical()?,
            None => Vec::new(),
        };
        if seal.record.table != "archive_seals" || ours != seal.record.row.as_bytes() {
            report.add_finding(
                Property::Authenticity,
                format!("封存登记与本平台账本中的第{}号组卷登记不符：不是本平台导出的案卷包", seal.record.id),
            );
            return Ok(());
        }
        let Some(row) = row else { return Ok(()) };
        let exported: Option<crate::model::ArchiveReport> = self
            .fetch_optional(
                query("SELECT * FROM archive_reports WHERE case_id = $1 AND package_sm3 = $2 ORDER BY id LIMIT 1")
                    .bind(row.case_id)
                    .bind(package_sm3),
            )
            .await?;
        report.add_note(
            Property::Authenticity,
            match exported {
                Some(r) => {
                    format!("与本平台{}（{}）的案卷包逐字节一致", r.occasion, zhifa_core::time::display(r.created_at))
                }
                None => format!(
                    "封存登记为本平台第{}号组卷登记（{}）；案卷包的字节与登记的导出包不同，各件已按封存登记逐一核对",
                    row.id,
                    zhifa_core::time::display(row.created_at)
                ),
            },
        );
        Ok(())
    }
}

/// What an assembled package's seal is to fix.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// the case
    pub case_id: i64,
    /// SM3 of `manifest.json` as written
    pub manifest_sm3: String,
    /// the items, `[[件号, path, SM3], …]`
    pub items: String,
}

/// The seal of a package, if it has one that can be read.
fn read_seal(path: &Path) -> Option<Seal> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut f = zip.by_name(SEAL_FILE).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    serde_json::from_str(&s).ok()
}

/// Adds a file to a written package.
fn append_file(path: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let file = std::fs::OpenOptions::new().read(true).write(true).open(path).map_err(corrupt)?;
    let mut zip = zip::ZipWriter::new_append(file).map_err(corrupt)?;
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(name, deflate).map_err(corrupt)?;
    zip.write_all(bytes).map_err(corrupt)?;
    zip.finish().map_err(corrupt)?;
    Ok(())
}

/// The cover (封面) and the catalogue (卷内目录).
fn cover_blocks(m: &Manifest, items: &[Item]) -> Vec<Block> {
    let para = |t: String| Block::Para { text: t, indent: false, align: Align::Left };
    let mut b = vec![
        Block::Para { text: m.body.clone(), indent: false, align: Align::Center },
        Block::Title { text: "行政执法案卷".into() },
        Block::Gap,
        para(format!("案件编号：{}", m.case_number)),
        para(format!("案件类别：{}", m.case_kind)),
        para(format!("当事人：{}", m.parties.join("；"))),
        para(format!("立案日期：{}", m.filed_on.clone().unwrap_or_else(|| "—".into()))),
        para(format!("结案日期：{}", m.closed_on.clone().unwrap_or_else(|| "—".into()))),
        para(format!("本卷共{}件（含封面及卷内目录）", items.len() + 1)),
        para(format!("保管期限：{}", m.retention)),
        para(format!("组卷时间：{}", m.assembled_at.get(..10).unwrap_or(""))),
    ];
    for s in &m.supplements {
        b.push(para(format!("第{}次补充归档：{}（{}）", s.no, s.reason, s.recorded_at)));
    }
    b.extend([
        Block::Gap,
        para("本卷各件的摘要、账本条目及包含证明见 manifest.json；可用已公布的账本公钥独立核验。".into()),
        Block::PageBreak,
        Block::Title { text: "卷内目录".into() },
    ]);
    let mut rows = vec![vec!["件号".into(), "题名".into(), "类别".into(), "格式".into(), "页数/大小".into()]];
    for i in items {
        let extent = match i.pages {
            Some(p) => format!("{p}页"),
            None => format!("{}字节", i.size),
        };
        rows.push(vec![i.no.to_string(), i.title.clone(), i.category.label().into(), i.format.clone(), extent]);
    }
    b.push(Block::Table { rows });
    b
}

/// Fields of a version-1 ledger entry.
fn entry_field<'a>(entry: &'a str, name: &str) -> Option<&'a str> {
    entry.lines().find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(' ')))
}

/// Checks a proven row: its content hash is the entry's, and the entry is leaf `leaf_index`
/// of the checkpoint's tree. Returns what is wrong.
fn check_proven(p: &Proven, cp: &Checkpoint) -> Option<String> {
    let entry = match STANDARD.decode(&p.entry).ok().and_then(|b| String::from_utf8(b).ok()) {
        Some(e) => e,
        None => return Some(format!("{} 第 {} 行的账本条目无法读取", p.table, p.id)),
    };
    if entry_field(&entry, "table") != Some(p.table.as_str())
        || entry_field(&entry, "object") != Some(&p.id.to_string())
    {
        return Some(format!("{} 第 {} 行的账本条目属于另一行", p.table, p.id));
    }
    if entry_field(&entry, "content") != Some(sha256_hex(p.row.as_bytes()).as_str()) {
        return Some(format!("{} 第 {} 行的内容与账本登记的摘要不符：记录被改动", p.table, p.id));
    }
    let proof: Vec<Vec<u8>> = p.proof.iter().filter_map(|h| STANDARD.decode(h).ok()).collect();
    let leaf = cp.hash.leaf(entry.as_bytes());
    match zhifa_ledger::verify_inclusion(cp.hash, p.leaf_index, cp.size, &leaf, &proof, &cp.root) {
        Ok(()) => None,
        Err(e) => Some(format!("{} 第 {} 行的包含证明无效（{e}）", p.table, p.id)),
    }
}

/// The digest field a row carries for its file.
fn row_digest(p: &Proven) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(&p.row).ok()?;
    v.get("pdf_sm3").or_else(|| v.get("sm3")).and_then(|x| x.as_str()).map(str::to_string)
}

/// Checks a package for the four properties of DA/T 70. `keys` are the verifier keys the
/// checker trusts (obtained independently; with none, the manifest's own keys are used and
/// the report notes it).
pub fn check_package(path: &Path, keys: &[VerifierKey], occasion: &str) -> Result<Report> {
    let file = std::fs::File::open(path).map_err(corrupt)?;
    check_reader(file, keys, occasion)
}

/// SM3 and length of a file, read in chunks (a package may hold gigabytes of video).
pub fn file_sm3(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path).map_err(corrupt)?;
    let mut h = <sm3::Sm3 as sm3::Digest>::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(corrupt)?;
        if n == 0 {
            break;
        }
        sm3::Digest::update(&mut h, &buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(sm3::Digest::finalize(h)), size))
}

/// [`check_package`] on any reader.
pub fn check_reader<R: Read + Seek>(reader: R, keys: &[VerifierKey], occasion: &str) -> Result<Report> {
    let now = crate::write::now().to_rfc3339();
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| {
        StoreError::Invalid(zhifa_core::Invalid::field("file", format!("不是有效的案卷包（zip）：{e}")))
    })?;
    let (manifest, manifest_sm3): (Manifest, String) = {
        let mut f = zip
            .by_name("manifest.json")
            .map_err(|_| StoreError::Invalid(zhifa_core::Invalid::field("file", "案卷包缺少 manifest.json")))?;
        let mut s = Vec::new();
        f.read_to_end(&mut s).map_err(corrupt)?;
        let m = serde_json::from_slice(&s).map_err(|e| {
            StoreError::Invalid(zhifa_core::Invalid::field("file", format!("manifest.json 无法解析：{e}")))
        })?;
        (m, sm3_hex(&s))
    };
    let seal: Option<std::result::Result<Seal, String>> = match zip.by_name(SEAL_FILE) {
        Ok(mut f) => {
            let mut s = String::new();
            Some(
                f.read_to_string(&mut s)
                    .map_err(|e| e.to_string())
                    .and_then(|_| serde_json::from_str(&s).map_err(|e| e.to_string())),
            )
        }
        Err(_) => None,
    };
    let mut authenticity = Vec::new();
    let mut notes = Vec::new();
    let mut usability = Vec::new();
    let mut security = Vec::new();
    // The checkpoint, with trusted keys or else the manifest's own.
    let own: Vec<VerifierKey>;
    let keys = if keys.is_empty() {
        own = manifest.ledger.keys.iter().filter_map(|k| VerifierKey::parse(k).ok()).collect();
        notes.push("未提供独立取得的账本公钥，仅以案卷包自带公钥核验签名（请与公布的公钥比对）".to_string());
        &own[..]
    } else {
        keys
    };
    let cp = match Checkpoint::open(&manifest.ledger.checkpoint, keys) {
        Ok(c) => Some(c),
        Err(e) => {
            authenticity.push(format!("检查点签名无效：{e}"));
            None
        }
    };
    if let Some(c) = &cp
        && c.origin != manifest.ledger.origin
    {
        authenticity.push(format!("检查点属于另一个账本（{}）", c.origin));
    }
    let names: Vec<String> =
        (0..zip.len()).filter_map(|i| zip.name_for_index(i)?.ok().map(|n| n.to_string())).collect();
    let listed = manifest.items.len()
        + 1
        + usize::from(names.iter().any(|n| n == "report.json"))
        + usize::from(names.iter().any(|n| n == SEAL_FILE));
    let mut integrity = integrity_findings(&manifest);
    let (supplement_findings, supplement_notes) = zhifa_core::archive::supplement_findings(&manifest);
    integrity.extend(supplement_findings);
    // The seal: the manifest as journaled when the package was assembled.
    match seal {
        None => {
            authenticity.push(format!("案卷包没有封存登记（{SEAL_FILE}）：清单未经账本登记，件的增删、调换无法发现"))
        }
        Some(Err(e)) => authenticity.push(format!("封存登记无法读取：{e}")),
        Some(Ok(seal)) => match Checkpoint::open(&seal.checkpoint, keys) {
            Err(e) => authenticity.push(format!("封存登记的检查点签名无效：{e}")),
            Ok(scp) if scp.origin != manifest.ledger.origin => {
                authenticity.push(format!("封存登记的检查点属于另一个账本（{}）", scp.origin))
            }
            Ok(scp) => {
                if seal.record.table != "archive_seals" {
                    authenticity.push(format!("封存登记不是组卷登记，而是 {} 的记录", seal.record.table));
                } else if let Some(problem) = check_proven(&seal.record, &scp) {
                    authenticity.push(format!("封存登记：{problem}"));
                } else {
                    match serde_json::from_str::<SealedRow>(&seal.record.row) {
                        Ok(row) => {
                            let (i, a) = seal_findings(&manifest, &manifest_sm3, &row);
                            integrity.extend(i);
                            authenticity.extend(a);
                        }
                        Err(e) => authenticity.push(format!("封存登记的记录无法读取：{e}")),
                    }
                }
            }
        },
    }
    if names.len() != listed {
        integrity.push(format!(
            "包内文件{}个，与目录所列{}件（另有清单与报告）不符",
            names.len(),
            manifest.items.len()
        ));
    }
    for item in &manifest.items {
        let mut f = match zip.by_name(&item.path) {
            Ok(f) => f,
            Err(_) => {
                integrity.push(format!("第{}件“{}”缺失", item.no, item.title));
                continue;
            }
        };
        let mut sm3 = <sm3::Sm3 as sm3::Digest>::new();
        let mut sha = <sha2::Sha256 as sha2::Digest>::new();
        let mut head = Vec::new();
        let mut tail: Vec<u8> = Vec::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        let mut whole = Vec::new();
        loop {
            let n = match f.read(&mut buf) {
                Ok(n) => n,
                Err(e) => {
                    usability.push(format!("第{}件“{}”无法读取：{e}", item.no, item.title));
                    break;
                }
            };
            if n == 0 {
                break;
            }
            sm3::Digest::update(&mut sm3, &buf[..n]);
            sha2::Digest::update(&mut sha, &buf[..n]);
            if head.len() < 8 {
                head.extend_from_slice(&buf[..n.min(8)]);
            }
            if item.format == "json" {
                whole.extend_from_slice(&buf[..n]);
            }
            tail.extend_from_slice(&buf[n.saturating_sub(32)..n]);
            if tail.len() > 32 {
                tail.drain(..tail.len() - 32);
            }
            size += n as u64;
        }
        let got_sm3 = hex::encode(sm3::Digest::finalize(sm3));
        let got_sha = hex::encode(sha2::Digest::finalize(sha));
        if got_sm3 != item.sm3 || got_sha != item.sha256 || size != item.size {
            authenticity.push(format!("第{}件“{}”与清单登记的摘要不符：文件被改动", item.no, item.title));
        }
        if let Some(p) = &item.record {
            if let Some(c) = &cp
                && let Some(problem) = check_proven(p, c)
            {
                authenticity.push(format!("第{}件：{problem}", item.no));
            }
            match item.category {
                Category::Record if p.row.as_bytes() != whole.as_slice() => {
                    authenticity.push(format!("第{}件“{}”与账本登记的记录不符", item.no, item.title));
                }
                Category::Document | Category::Evidence if row_digest(p).as_deref() != Some(got_sm3.as_str()) => {
                    authenticity
                        .push(format!("第{}件“{}”的摘要与账本登记的不符：文件被改动或替换", item.no, item.title));
                }
                _ => {}
            }
        } else if !matches!(item.category, Category::Cover | Category::Access) {
            authenticity.push(format!("第{}件“{}”没有账本证明", item.no, item.title));
        }
        if !format_allowed(&item.format) {
            usability.push(format!("第{}件“{}”的格式 {} 不在允许范围内", item.no, item.title, item.format));
        } else if item.format == "pdf" && (!head.starts_with(b"%PDF-") || !tail.windows(5).any(|w| w == b"%%EOF")) {
            usability.push(format!("第{}件“{}”不是有效的 PDF 文件", item.no, item.title));
        } else if item.format == "json" && serde_json::from_slice::<serde_json::Value>(&whole).is_err() {
            usability.push(format!("第{}件“{}”不是有效的 JSON", item.no, item.title));
        }
        if item.category == Category::Access {
            match serde_json::from_slice::<Vec<Proven>>(&whole) {
                Ok(views) => {
                    for v in &views {
                        if v.table != "access_log" {
                            security.push(format!("调阅记录中混入了 {} 的记录", v.table));
                        } else if let Some(c) = &cp
                            && let Some(problem) = check_proven(v, c)
                        {
                            security.push(problem);
                        }
                    }
                }
                Err(e) => security.push(format!("调阅记录无法读取：{e}")),
            }
        }
    }
    if !manifest.items.iter().any(|i| i.category == Category::Access) {
        security.push("案卷包缺少调阅记录".into());
    }
    let n = manifest.items.len() as u64;
    let checks = vec![
        Check::new(Property::Authenticity, n, authenticity).with_notes(notes),
        Check::new(Property::Integrity, n, integrity).with_notes(supplement_notes),
        Check::new(Property::Usability, n, usability),
        Check::new(Property::Security, n, security),
    ];
    Ok(Report::new(&manifest.case_number, &now, occasion, checks))
}

/// A four-property report to record, with the package it is about.
pub(crate) struct NewReport {
    pub(crate) case_id: Option<i64>,
    pub(crate) body_id: Option<i64>,
    pub(crate) case_number: String,
    pub(crate) occasion: String,
    pub(crate) report: Box<zhifa_core::archive::Report>,
    pub(crate) package_sm3: String,
    pub(crate) package_size: i64,
}

/// 记录四性检测报告: journals a report with the digest of its package.
pub(crate) async fn record_archive_report(w: &mut Journal<'_, '_>, r: NewReport) -> Result<Outcome> {
    let NewReport { case_id, body_id, case_number, occasion, report, package_sm3, package_size } = r;
    if let Some(b) = body_id {
        in_scope(w.actor, b, "执法主体")?;
    }
    let text = serde_json::to_string(&*report).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row: crate::model::ArchiveReport = w.tx.fetch_one(query("INSERT INTO archive_reports (case_id, body_id, case_number, occasion, passed, report, package_sm3, package_size, created_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *").bind(case_id).bind(body_id).bind(&case_number).bind(&occasion).bind(report.passed).bind(&text).bind(&package_sm3).bind(package_size).bind(w.actor.user_id).bind(now())).await?;
    let id = row.id;
    let seq = w.record_new(body_id, "archive.report", &row).await?;
    Ok(Outcome::new(id, seq))
}

/// 组卷登记: journals the seal of a package just assembled — its manifest's SM3 and its items —
/// before the package is completed with the seal's proof.
pub(crate) async fn seal_archive(
    w: &mut Journal<'_, '_>,
    case_id: i64,
    occasion: &str,
    manifest_sm3: &str,
    items: &str,
) -> Result<Outcome> {
    let case: Case =
        w.tx.fetch_optional(query("SELECT * FROM cases WHERE id = $1").bind(case_id))
            .await?
            .ok_or(StoreError::NotFound("案件"))?;
    in_scope(w.actor, case.body_id, "案件")?;
    let row: crate::model::ArchiveSeal = w.tx.fetch_one(query("INSERT INTO archive_seals (case_id, body_id, case_number, occasion, manifest_sm3, items, created_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *").bind(case_id).bind(case.body_id).bind(&case.number).bind(occasion).bind(manifest_sm3).bind(items).bind(w.actor.user_id).bind(now())).await?;
    let seq = w.record_new(Some(case.body_id), "archive.seal", &row).await?;
    Ok(Outcome::new(row.id, seq))
}
