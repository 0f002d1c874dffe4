//! What the public reads: the list and a decision (published and not expired, or withdrawn),
//! open data, the search index's feed, and the check of an issued document.

use crate::db::query::{query, query_built};
use crate::model::{Case, CaseStep, Document, Publication};
use crate::{Result, Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_core::publicity::{ChangeBy, ChangeGround};

/// Filters of the public list.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    /// words in the 文号, party, subject, conclusion or text
    pub q: Option<String>,
    /// body
    pub body_id: Option<i64>,
    /// category code
    pub category: Option<String>,
    /// published from
    pub from: Option<NaiveDate>,
    /// published to
    pub to: Option<NaiveDate>,
    /// penalty kind code (处罚种类)
    pub penalty: Option<String>,
    /// page size (1-100, default 20)
    pub limit: Option<i64>,
    /// offset
    pub offset: Option<i64>,
}

/// A publication as the public sees it: the content while it stands, or only that it was
/// withdrawn and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicDecision {
    /// id
    pub id: i64,
    /// 执法主体
    pub body_id: i64,
    /// 执法主体名称
    pub body_name: String,
    /// 类别
    pub category: String,
    /// 决定日期
    pub decided_on: NaiveDate,
    /// 公开日期
    pub published_on: Option<NaiveDate>,
    /// 停止公示日期
    pub expires_on: Option<NaiveDate>,
    /// 文号
    pub doc_number: Option<String>,
    /// 当事人
    pub party: Option<String>,
    /// 违法行为类型或事项
    pub subject: Option<String>,
    /// 法律依据
    pub legal_basis: Option<String>,
    /// 处理结果
    pub conclusion: Option<String>,
    /// 全文（撤回后不再显示）
    pub full_text: Option<String>,
    /// 全文 SM3
    pub content_sm3: Option<String>,
    /// 账本中确认公开记录的叶子序号（可取包含证明）
    pub leaf_index: Option<i64>,
    /// 已撤回
    pub withdrawn: bool,
    /// 撤回事由
    pub withdrawal_ground: Option<String>,
    /// 撤回说明
    pub withdrawal_note: Option<String>,
    /// 撤回日期
    pub withdrawn_on: Option<NaiveDate>,
    /// 最近一次变化（公开或撤回）的时间
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A page of the public list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicPage {
    /// total matching
    pub total: i64,
    /// offset
    pub offset: i64,
    /// page size
    pub limit: i64,
    /// the items
    pub items: Vec<PublicDecision>,
}

impl PublicDecision {
    fn of(p: Publication, body_name: String, leaf_index: Option<i64>) -> Self {
        let withdrawn = p.status == zhifa_core::publicity::PublicationStatus::Withdrawn;
        let category = p.category.label().to_string();
        let withdrawn_on = p.withdrawn_at.map(zhifa_core::time::shanghai_date);
        let keep = |v: Option<String>| if withdrawn { None } else { v };
        let withdrawal_ground = withdrawn.then(|| crate::publicity::withdrawal_ground(&p));
        PublicDecision {
            id: p.id,
            body_id: p.body_id,
            body_name,
            category,
            decided_on: p.decided_on,
            published_on: p.published_on,
            expires_on: p.expires_on,
            doc_number: p.doc_number,
            party: keep(p.party),
            subject: p.subject,
            legal_basis: keep(p.legal_basis),
            conclusion: keep(p.conclusion),
            full_text: keep(p.full_text),
            content_sm3: keep(p.content_sm3),
            leaf_index,
            withdrawn,
            withdrawal_ground,
            withdrawal_note: if withdrawn { p.change_note } else { None },
            withdrawn_on: if withdrawn { withdrawn_on } else { None },
            updated_at: if withdrawn { p.withdrawn_at } else { p.published_at },
        }
    }
}

/// A publication with what the public view adds.
#[derive(sqlx::FromRow)]
struct PublicRow {
    #[sqlx(flatten)]
    p: Publication,
    body_name: String,
    leaf_index: Option<i64>,
}

/// The public columns: the row, its body's name and the ledger leaf of its confirmation.
const PUBLIC_SELECT: &str = "SELECT p.*, b.name AS body_name, COALESCE((SELECT MAX(l.leaf_index) FROM public_notices n \
     JOIN change_log l ON l.object_table = 'public_notices' AND l.object_id = n.id WHERE n.publication_id = p.id AND n.act = 'publish'), \
     (SELECT MAX(l.leaf_index) FROM change_log l \
     WHERE l.object_table = 'publications' AND l.object_id = p.id AND l.kind = 'publication.publish')) AS leaf_index \
     FROM publications p JOIN bodies b ON b.id = p.body_id";

/// Rows visible to the public on `today`: published and not expired, or withdrawn after being
/// published (the notice of withdrawal stays for the rest of the period).
const PUBLIC_WHERE: &str =
    "p.published_on IS NOT NULL AND p.status IN ('published', 'withdrawn') AND p.expires_on > $1";

impl Store {
    /// The public list: what stands and what was withdrawn, newest first.
    pub async fn public_decisions(&self, f: &PublicFilter, today: NaiveDate) -> Result<PublicPage> {
        let limit = f.limit.unwrap_or(20).clamp(1, 100);
        let offset = f.offset.unwrap_or(0).max(0);
        let (total, items) = self.public_query(f, today, limit, offset, true).await?;
        Ok(PublicPage { total: total.unwrap_or_default(), offset, limit, items })
    }

    /// Every public decision matching the filters (from the first), at most `max`: the export,
    /// in one query and without a count.
    pub async fn public_export(&self, f: &PublicFilter, today: NaiveDate, max: i64) -> Result<Vec<PublicDecision>> {
        Ok(self.public_query(f, today, max.max(1), 0, false).await?.1)
    }

    /// The public rows matching the filters, newest first; with `count`, how many match in all.
    async fn public_query(
        &self,
        f: &PublicFilter,
        today: NaiveDate,
        limit: i64,
        offset: i64,
        count: bool,
    ) -> Result<(Option<i64>, Vec<PublicDecision>)> {
        let q =
            f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(|q| format!("%{}%", q.replace(['%', '_'], "")));
        let filter = format!(
            "{PUBLIC_WHERE} AND ($2 IS NULL OR p.body_id = $2) AND ($3 IS NULL OR p.category = $3) \
             AND ($4 IS NULL OR p.published_on >= $4) AND ($5 IS NULL OR p.published_on <= $5) \
             AND ($6 IS NULL OR p.doc_number LIKE $6 OR p.subject LIKE $6 OR (p.status = 'published' AND (p.party LIKE $6 OR p.conclusion LIKE $6 OR p.full_text LIKE $6))) \
             AND ($7 IS NULL OR (',' || p.penalty_kinds || ',') LIKE $7)"
        );
        let penalty =
            f.penalty.as_deref().filter(|k| !k.is_empty()).map(|k| format!("%,{},%", k.replace(['%', '_', ','], "")));
        let count_sql = format!("SELECT COUNT(*) FROM publications p WHERE {filter}");
        let list_sql =
            format!("{PUBLIC_SELECT} WHERE {filter} ORDER BY p.published_on DESC, p.id DESC LIMIT $8 OFFSET $9");
        let (total, rows): (Option<i64>, Vec<PublicRow>) = {
            let total: Option<i64> = if count {
                Some(
                    self.scalar(
                        query_built(count_sql)
                            .bind(today)
                            .bind(f.body_id)
                            .bind(&f.category)
                            .bind(f.from)
                            .bind(f.to)
                            .bind(&q)
                            .bind(&penalty),
                    )
                    .await?,
                )
            } else {
                None
            };
            let rows: Vec<PublicRow> = self
                .fetch_all(
                    query_built(list_sql)
                        .bind(today)
                        .bind(f.body_id)
                        .bind(&f.category)
                        .bind(f.from)
                        .bind(f.to)
                        .bind(&q)
                        .bind(&penalty)
                        .bind(limit)
                        .bind(offset),
                )
                .await?;
            (total, rows)
        };
        Ok((total, rows.into_iter().map(|r| PublicDecision::of(r.p, r.body_name, r.leaf_index)).collect()))
    }

    /// The newest publications and withdrawals, newest change first (the Atom feed).
    pub async fn public_feed(&self, limit: i64, today: NaiveDate) -> Result<Vec<PublicDecision>> {
        let sql = format!(
            "{PUBLIC_SELECT} WHERE {PUBLIC_WHERE} ORDER BY COALESCE(p.withdrawn_at, p.published_at) DESC, p.id DESC LIMIT $2"
        );
        let rows: Vec<PublicRow> = self.fetch_all(query_built(sql).bind(today).bind(limit.clamp(1, 500))).await?;
        Ok(rows.into_iter().map(|r| PublicDecision::of(r.p, r.body_name, r.leaf_index)).collect())
    }

    /// The public record of an act on a publication (`publish` or `withdraw`) with the leaf
    /// of its journal entry.
    pub async fn public_notice(
        &self,
        publication_id: i64,
        act: &str,
    ) -> Result<Option<(crate::model::PublicNotice, i64)>> {
        let row: Option<crate::model::PublicNotice> = self
            .fetch_optional(
                query("SELECT * FROM public_notices WHERE publication_id = $1 AND act = $2")
                    .bind(publication_id)
                    .bind(act),
            )
            .await?;
        let Some(row) = row else { return Ok(None) };
        let leaf: Option<i64> = self
            .scalar_optional(
                query("SELECT leaf_index FROM change_log WHERE object_table = 'public_notices' AND object_id = $1 ORDER BY seq DESC LIMIT 1")
                    .bind(row.id),
            )
            .await?
            .flatten();
        let leaf = leaf.ok_or_else(|| StoreError::Corrupt(format!("公开记录 {} 没有账本条目", row.id)))?;
        Ok(Some((row, leaf)))
    }

    /// One public decision (published, or withdrawn after being published), if not expired.
    pub async fn public_decision(&self, id: i64, today: NaiveDate) -> Result<PublicDecision> {
        let sql = format!("{PUBLIC_SELECT} WHERE {PUBLIC_WHERE} AND p.id = $2");
        let row: Option<PublicRow> = self.fetch_optional(query_built(sql).bind(today).bind(id)).await?;
        row.map(|r| PublicDecision::of(r.p, r.body_name, r.leaf_index)).ok_or(StoreError::NotFound("公示信息"))
    }
}

/// What the search index reads: a publication the public may find (published or withdrawn after
/// being published), with what the index needs. Expiry is left to the index's query.
fn publicly_indexed(p: &Publication) -> bool {
    p.published_on.is_some()
        && matches!(
            p.status,
            zhifa_core::publicity::PublicationStatus::Published | zhifa_core::publicity::PublicationStatus::Withdrawn
        )
}

/// `$1, $2, ...` for `n` values.
fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The ledger's origin and its last journal sequence number (0 for an empty journal).
    pub async fn journal_head(&self) -> Result<(String, i64)> {
        Ok({
            let origin: Option<String> =
                self.scalar_optional(query("SELECT origin FROM ledger_meta WHERE id = 1")).await?;
            let seq: Option<i64> = self.scalar(query("SELECT MAX(seq) FROM change_log")).await?;
            (origin.unwrap_or_default(), seq.unwrap_or_default())
        })
    }

    /// The last journal sequence number (0 for an empty journal).
    pub async fn journal_seq(&self) -> Result<i64> {
        let seq: Option<i64> = self.scalar(query("SELECT MAX(seq) FROM change_log")).await?;
        Ok(seq.unwrap_or_default())
    }

    /// The publications journaled after sequence number `after` up to `upto`, each once.
    pub async fn publications_journaled(&self, after: i64, upto: i64) -> Result<Vec<i64>> {
        self.scalar_all(query("SELECT DISTINCT object_id FROM change_log WHERE seq > $1 AND seq <= $2 AND object_table = 'publications' ORDER BY object_id").bind(after).bind(upto)).await
    }

    /// Of the publications `ids`, those the public may find now or later (the rest are to be
    /// removed from a search index).
    pub async fn publications_for_index(&self, ids: &[i64]) -> Result<Vec<Publication>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!("SELECT * FROM publications WHERE id IN ({})", placeholders(chunk.len()));
            let mut q = query_built(sql);
            for id in chunk {
                q.push(*id);
            }
            let rows: Vec<Publication> = self.fetch_all(q).await?;
            out.extend(rows.into_iter().filter(publicly_indexed));
        }
        Ok(out)
    }

    /// Publications the public may find, with ids above `after`, in id order: a page of the
    /// rebuild of a search index.
    pub async fn publications_to_index(&self, after: i64, limit: i64) -> Result<Vec<Publication>> {
        self.fetch_all(query("SELECT * FROM publications WHERE id > $1 AND published_on IS NOT NULL AND status IN ('published', 'withdrawn') ORDER BY id LIMIT $2").bind(after).bind(limit.clamp(1, 10_000))).await
    }

    /// How many publications the public may find (the rebuild's progress bar).
    pub async fn publications_to_index_count(&self) -> Result<i64> {
        self.scalar(query(
            "SELECT COUNT(*) FROM publications WHERE published_on IS NOT NULL AND status IN ('published', 'withdrawn')",
        ))
        .await
    }

    /// The public decisions `ids` as the public sees them on `today`, in the order given
    /// (search results); an id no longer public is left out.
    pub async fn public_decisions_by_ids(&self, ids: &[i64], today: NaiveDate) -> Result<Vec<PublicDecision>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (2..ids.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!("{PUBLIC_SELECT} WHERE {PUBLIC_WHERE} AND p.id IN ({list})");
        let mut q = query_built(sql).bind(today);
        for id in ids {
            q.push(*id);
        }
        let rows: Vec<PublicRow> = self.fetch_all(q).await?;
        let mut by_id: std::collections::HashMap<i64, PublicDecision> =
            rows.into_iter().map(|r| (r.p.id, PublicDecision::of(r.p, r.body_name, r.leaf_index))).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }
}

/// What the public check of an issued document shows: never its content (it names the party),
/// only that it exists as issued, its digests, its ledger leaf and whether the decision stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentCheck {
    /// 文号
    pub number: String,
    /// 文书种类
    pub kind: String,
    /// 制作机关
    pub body_name: String,
    /// 签发日期
    pub issued_on: NaiveDate,
    /// 页数
    pub pages: i64,
    /// PDF 的 SM3
    pub pdf_sm3: String,
    /// PDF 的 SHA-256
    pub pdf_sha256: String,
    /// 签发记录在账本中的叶子序号
    pub leaf_index: Option<i64>,
    /// 决定是否仍然有效
    pub stands: bool,
    /// 有效，或被变更、撤销、确认违法或无效的情况
    pub standing: String,
}

impl Store {
    /// An issued document by its 文号 and the verification code printed on it.
    async fn document_by_code(&self, number: &str, code: &str) -> Result<Option<Document>> {
        self.fetch_optional(
            query("SELECT * FROM documents WHERE number = $1 AND verify_code = $2")
                .bind(number.trim())
                .bind(code.trim().to_uppercase()),
        )
        .await
    }

    /// The case a document belongs to, for the holder of the document (its 文号 and the
    /// verification code printed on it): the case, its steps and the body's name. The progress
    /// query (办件进度查询) shows from it only the stage and the dates, never content.
    pub async fn case_by_document(&self, number: &str, code: &str) -> Result<Option<(Case, Vec<CaseStep>, String)>> {
        let Some(d) = self.document_by_code(number, code).await? else { return Ok(None) };
        Ok(Some({
            let case: Case = self.fetch_one(query("SELECT * FROM cases WHERE id = $1").bind(d.case_id)).await?;
            let steps: Vec<CaseStep> = self
                .fetch_all(query("SELECT * FROM case_steps WHERE case_id = $1 ORDER BY seq").bind(d.case_id))
                .await?;
            let body: String = self.scalar(query("SELECT name FROM bodies WHERE id = $1").bind(case.body_id)).await?;
            (case, steps, body)
        }))
    }

    /// The public check of a document by its number and verification code (`None` for either
    /// wrong: the answer does not say which).
    pub async fn document_check(&self, number: &str, code: &str) -> Result<Option<DocumentCheck>> {
        let Some(d) = self.document_by_code(number, code).await? else { return Ok(None) };
        let (body_name, leaf, change): (String, Option<i64>, Option<Publication>) = {
            let body: String = self.scalar(query("SELECT name FROM bodies WHERE id = $1").bind(d.body_id)).await?;
            let leaf: Option<i64> = self.scalar_optional(query("SELECT leaf_index FROM change_log WHERE object_table = 'documents' AND object_id = $1 ORDER BY seq LIMIT 1").bind(d.id)).await?;
            let change: Option<Publication> = self.fetch_optional(query("SELECT * FROM publications WHERE case_id = $1 AND ($2 IS NULL OR step_id = $2) AND changed_on IS NOT NULL ORDER BY id DESC LIMIT 1").bind(d.case_id).bind(d.step_id)).await?;
            (body, leaf, change)
        };
        let kind = d.kind.label().to_string();
        let standing = match &change {
            Some(p) => {
                let g = p.change_ground.as_deref().and_then(|g| ChangeGround::parse(g).ok()).map_or("", |g| g.label());
                let b = p.change_by.as_deref().and_then(|g| ChangeBy::parse(g).ok()).map_or("", |g| g.label());
                format!(
                    "该决定已于{}被依法{g}（{b}）：{}",
                    p.changed_on.map(|d| d.to_string()).unwrap_or_default(),
                    p.change_note.clone().unwrap_or_default()
                )
            }
            None => "该文书确由本平台签发，记录未被更改".to_string(),
        };
        Ok(Some(DocumentCheck {
            number: d.number.unwrap_or_default(),
            kind,
            body_name,
            issued_on: zhifa_core::time::shanghai_date(d.issued_at),
            pages: d.pages,
            pdf_sm3: d.pdf_sm3,
            pdf_sha256: d.pdf_sha256,
            leaf_index: leaf,
            stands: change.is_none(),
            standing,
        }))
    }
}
