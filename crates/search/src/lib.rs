//! Full-text search of published decisions.
//!
//! The index is derived data: the database is the record, and the index can always be rebuilt
//! from it (`zhifa reindex`). Each server process keeps its own index and follows the ledger
//! (the position it has read up to is stored in the index's commit, with the ledger's origin),
//! so several processes on one database all answer with what was published.
//!
//! Words are cut with jieba ([`tokenizer`]); every word of a query must occur in the decision
//! (in its 文号, party, subject, legal basis, result or text), ranked by BM25; filters by body,
//! category, penalty kind and publication date; the end of the publication period is checked
//! at query time, so that an expired decision leaves the results on the day, without a write.

#![forbid(unsafe_code)]

pub mod tokenizer;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

/// Changes when the fields or the tokenizer change: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

/// Search failures.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index directory is used by another process.
    #[error("检索索引目录 {0} 正被另一个进程使用：同一数据库上的每个服务进程需要各自的索引目录（--search-dir）")]
    Locked(String),
    /// Anything tantivy reports.
    #[error("检索索引错误：{0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index directory.
    #[error("检索索引目录错误：{0}")]
    Io(#[from] std::io::Error),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, SearchError>;

/// One published decision as the index holds it. A withdrawn decision keeps only its 文号 and
/// subject (what the public notice of withdrawal shows).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// publication id
    pub id: i64,
    /// body
    pub body_id: i64,
    /// category code
    pub category: String,
    /// penalty kind codes
    pub penalty_kinds: Vec<String>,
    /// published on
    pub published_on: NaiveDate,
    /// end of the publication period
    pub expires_on: NaiveDate,
    /// 文号
    pub doc_number: String,
    /// 当事人
    pub party: String,
    /// 违法行为类型或事项
    pub subject: String,
    /// 法律依据
    pub legal_basis: String,
    /// 处理结果
    pub conclusion: String,
    /// the confirmed, redacted text
    pub full_text: String,
}

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// the words
    pub q: String,
    /// body
    pub body_id: Option<i64>,
    /// category code
    pub category: Option<String>,
    /// penalty kind code
    pub penalty: Option<String>,
    /// published from
    pub from: Option<NaiveDate>,
    /// published to (inclusive)
    pub to: Option<NaiveDate>,
    /// the day the query is asked (publications ending on or before it are left out)
    pub today: NaiveDate,
    /// first result
    pub offset: usize,
    /// page size
    pub limit: usize,
}

/// A piece of a snippet: text, and whether it matched a word of the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Piece {
    /// the text
    pub text: String,
    /// a matched word
    pub hit: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// publication id
    pub id: i64,
    /// BM25 score
    pub score: f32,
    /// a passage of the text (or of the result) with the matched words marked
    pub snippet: Vec<Piece>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Hits {
    /// how many decisions match
    pub total: usize,
    /// this page, best first
    pub hits: Vec<Hit>,
}

/// Where the index stands in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// the ledger's origin (another database means another index)
    pub origin: String,
    /// the last journal sequence number read
    pub seq: i64,
    /// [`SCHEMA_VERSION`]
    pub version: u32,
}

/// The fields. Words are matched in one field holding every searchable part of the decision
/// (a word is one posting list, a run one phrase, whatever part it is in: measured at one
/// million decisions, six fields made the common queries several times slower); the text and
/// the result are kept, unindexed, for the snippets.
#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    body: Field,
    category: Field,
    penalty: Field,
    published: Field,
    expires: Field,
    all: Field,
    conclusion: Field,
    text: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer::NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let words = TextOptions::default().set_indexing_options(indexing);
    let f = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        body: b.add_u64_field("body", INDEXED | FAST),
        category: b.add_text_field("category", STRING),
        penalty: b.add_text_field("penalty", STRING),
        published: b.add_date_field("published", INDEXED | FAST),
        expires: b.add_date_field("expires", INDEXED | FAST),
        all: b.add_text_field("all", words),
        conclusion: b.add_text_field("conclusion", STORED),
        text: b.add_text_field("text", STORED),
    };
    (b.build(), f)
}

fn day(d: NaiveDate) -> DateTime {
    DateTime::from_timestamp_secs(d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or_default())
}

fn id_u64(id: i64) -> u64 {
    u64::try_from(id).unwrap_or_default()
}

/// The search index of one process.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("docs", &self.len()).finish()
    }
}

/// Up to how many matches a typed run found as typed is ranked first (see [`SearchIndex::search`]).
const PHRASE_RANKED_MAX: usize = 20_000;

/// Writer memory of a server process (tantivy needs at least 15 MB a thread).
const SERVE_BUDGET: usize = 50_000_000;

impl SearchIndex {
    /// An index in memory (tests; a process that rebuilds on every start).
    pub fn in_memory() -> Result<Self> {
        let (schema, fields) = schema();
        Self::with(Index::create_in_ram(schema), fields, 1, SERVE_BUDGET)
    }

    /// The index in `dir`, created if absent; an index of another schema version is emptied
    /// (it is derived data: the follower then reads the ledger from the start).
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_with(dir, 1, SERVE_BUDGET)
    }

    /// [`SearchIndex::open`] with more writer threads and memory (a rebuild).
    pub fn open_with(dir: &Path, threads: usize, budget: usize) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let fresh = |dir: &Path| -> Result<Index> {
            for e in std::fs::read_dir(dir)? {
                let p = e?.path();
                if p.is_dir() { std::fs::remove_dir_all(&p)? } else { std::fs::remove_file(&p)? }
            }
            Ok(Index::create_in_dir(dir, schema.clone())?)
        };
        let index = match Index::open_in_dir(dir) {
            Ok(index) if index.schema() == schema => index,
            Ok(_) => fresh(dir)?,
            Err(tantivy::TantivyError::OpenDirectoryError(_)) | Err(tantivy::TantivyError::OpenReadError(_)) => {
                fresh(dir)?
            }
            Err(e) => return Err(e.into()),
        };
        match Self::with(index, fields, threads, budget) {
            Err(SearchError::Index(tantivy::TantivyError::LockFailure(..))) => {
                Err(SearchError::Locked(dir.display().to_string()))
            }
            other => other,
        }
    }

    fn with(index: Index, fields: Fields, threads: usize, budget: usize) -> Result<Self> {
        index.tokenizers().register(tokenizer::NAME, tokenizer::JiebaTokenizer);
        let writer = index.writer_with_num_threads(threads.max(1), budget.max(15_000_000 * threads.max(1)))?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), fields })
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Where the last commit left the index in the ledger, if it belongs to this schema.
    pub fn position(&self) -> Result<Option<Position>> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .and_then(|p| serde_json::from_str::<Position>(&p).ok())
            .filter(|p| p.version == SCHEMA_VERSION))
    }

    /// Documents in the committed index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the committed index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn document(&self, d: &Doc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = doc!(
            f.id => id_u64(d.id),
            f.body => id_u64(d.body_id),
            f.category => d.category.clone(),
            f.published => day(d.published_on),
            f.expires => day(d.expires_on),
            // the parts apart, so that no word is made across two of them
            f.all => [&d.doc_number, &d.party, &d.subject, &d.legal_basis, &d.conclusion, &d.full_text]
                .map(String::as_str)
                .join("\n\n"),
            f.conclusion => d.conclusion.clone(),
            f.text => d.full_text.clone(),
        );
        for k in &d.penalty_kinds {
            doc.add_text(f.penalty, k);
        }
        doc
    }

    /// Adds or replaces decisions, and removes the ids in `gone` (not committed yet).
    pub fn stage(&self, docs: &[Doc], gone: &[i64]) -> Result<()> {
        let w = self.writer();
        for id in gone.iter().copied().chain(docs.iter().map(|d| d.id)) {
            w.delete_term(Term::from_field_u64(self.fields.id, id_u64(id)));
        }
        for d in docs {
            w.add_document(self.document(d))?;
        }
        Ok(())
    }

    /// Removes every document (not committed yet): the start of a rebuild.
    pub fn clear(&self) -> Result<()> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Commits what was staged with the ledger position it reflects, and makes it searchable.
    pub fn commit(&self, at: &Position) -> Result<()> {
        {
            let mut w = self.writer();
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&serde_json::to_string(at).unwrap_or_default());
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Waits for background merges (after a rebuild, before measuring).
    pub fn wait_merging(self) -> Result<()> {
        let w = self.writer.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        w.wait_merging_threads()?;
        Ok(())
    }

    /// The query without paging: every word somewhere in the decision, and the filters.
    fn query(&self, s: &Search, phrases: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in tokenizer::words(&s.q) {
            let q: Box<dyn Query> =
                Box::new(TermQuery::new(Term::from_field_text(f.all, &w), IndexRecordOption::WithFreqs));
            must.push((Occur::Must, q));
        }
        // Ranking: a typed run of characters found as typed (the words adjacent, in order)
        // comes first; the words apart still match.
        for chunk in s.q.split_whitespace().filter(|_| phrases) {
            let mut end = 0;
            let mut tiling = Vec::new();
            for t in tokenizer::tokens(chunk) {
                if t.offset_from >= end {
                    end = t.offset_to;
                    tiling.push((t.position, t.text));
                }
            }
            if tiling.len() < 2 {
                continue;
            }
            let terms: Vec<(usize, Term)> =
                tiling.iter().map(|(at, w)| (*at, Term::from_field_text(f.all, w))).collect();
            let phrase: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(terms));
            must.push((Occur::Should, Box::new(BoostQuery::new(phrase, 3.0))));
        }
        let filter = |q: Box<dyn Query>| (Occur::Must, q);
        if let Some(b) = s.body_id {
            must.push(filter(Box::new(TermQuery::new(
                Term::from_field_u64(f.body, id_u64(b)),
                IndexRecordOption::Basic,
            ))));
        }
        if let Some(c) = s.category.as_deref().filter(|c| !c.is_empty()) {
            must.push(filter(Box::new(TermQuery::new(Term::from_field_text(f.category, c), IndexRecordOption::Basic))));
        }
        if let Some(p) = s.penalty.as_deref().filter(|c| !c.is_empty()) {
            must.push(filter(Box::new(TermQuery::new(Term::from_field_text(f.penalty, p), IndexRecordOption::Basic))));
        }
        let date = |d: NaiveDate| Term::from_field_date(f.published, day(d));
        if s.from.is_some() || s.to.is_some() {
            let lo = s.from.map_or(Bound::Unbounded, |d| Bound::Included(date(d)));
            let hi = s.to.map_or(Bound::Unbounded, |d| Bound::Included(date(d)));
            must.push(filter(Box::new(RangeQuery::new(lo, hi))));
        }
        must.push(filter(Box::new(RangeQuery::new(
            Bound::Excluded(Term::from_field_date(f.expires, day(s.today))),
            Bound::Unbounded,
        ))));
        Box::new(BooleanQuery::new(must))
    }

    /// Searches: the page asked for, best first, with snippets, and how many match in all.
    /// A query without any word gives nothing (the list without words is the database's).
    pub fn search(&self, s: &Search) -> Result<Hits> {
        if tokenizer::words(&s.q).is_empty() {
            return Ok(Hits { total: 0, hits: Vec::new() });
        }
        let searcher = self.reader.searcher();
        let limit = s.limit.clamp(1, 100);
        // Counting needs no scores; ranking a typed run first means reading the positions of
        // every match, which is done only where the matches are few enough to stay fast (where
        // they are many, the compound words a run is cut into rank it high already).
        let total = searcher.search(&self.query(s, false), &Count)?;
        if total == 0 {
            return Ok(Hits { total, hits: Vec::new() });
        }
        let ranking = self.query(s, total <= PHRASE_RANKED_MAX);
        let top = searcher.search(&ranking, &TopDocs::with_limit(limit).and_offset(s.offset).order_by_score())?;
        let words = tokenizer::words(&s.q);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let id = doc.get_first(self.fields.id).and_then(|v| v.as_u64()).unwrap_or_default();
            let stored = |f: Field| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let text = stored(self.fields.text);
            let mut passage = snippet(&text, &words, 160);
            if !passage.iter().any(|p| p.hit) {
                let result = stored(self.fields.conclusion);
                let r = snippet(&result, &words, 160);
                if r.iter().any(|p| p.hit) || passage.is_empty() {
                    passage = r;
                }
            }
            hits.push(Hit { id: i64::try_from(id).unwrap_or_default(), score, snippet: passage });
        }
        Ok(Hits { total, hits })
    }
}

impl SearchIndex {
    /// The ids of every match, unranked (quality checks, exports).
    pub fn matching_ids(&self, s: &Search) -> Result<Vec<i64>> {
        if tokenizer::words(&s.q).is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let found = searcher.search(&self.query(s, false), &tantivy::collector::DocSetCollector)?;
        let mut ids = Vec::with_capacity(found.len());
        let mut columns = std::collections::HashMap::new();
        for addr in found {
            if let std::collections::hash_map::Entry::Vacant(e) = columns.entry(addr.segment_ord) {
                e.insert(searcher.segment_reader(addr.segment_ord).fast_fields().u64("id")?);
            }
            if let Some(id) = columns.get(&addr.segment_ord).and_then(|c| c.first(addr.doc_id)) {
                ids.push(i64::try_from(id).unwrap_or_default());
            }
        }
        Ok(ids)
    }
}

/// A passage of `text` of at most `max` characters around the first place where a word of the
/// query occurs, as pieces with the words marked (the caller escapes them; no HTML is made
/// here). The text is cut with the same tokenizer as the index, so what is marked is what
/// matched.
fn snippet(text: &str, words: &[String], max: usize) -> Vec<Piece> {
    let marks: Vec<(usize, usize)> = {
        let mut m: Vec<(usize, usize)> = tokenizer::tokens(text)
            .into_iter()
            .filter(|t| words.contains(&t.text))
            .map(|t| (t.offset_from, t.offset_to))
            .collect();
        m.sort_unstable();
        // keep the longest of overlapping marks (a compound and the words inside it)
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (a, b) in m {
            match out.last_mut() {
                Some(last) if a < last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        out
    };
    // The window: from a little before the first mark, `max` characters.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let first = marks.first().map_or(0, |m| m.0);
    let first_char = chars.iter().position(|(b, _)| *b >= first).unwrap_or(0);
    let from_char = first_char.saturating_sub(20);
    let to_char = (from_char + max).min(chars.len());
    let from = chars.get(from_char).map_or(text.len(), |c| c.0);
    let to = chars.get(to_char).map_or(text.len(), |c| c.0);
    let mut out = Vec::new();
    let mut at = from;
    for (a, b) in marks {
        if b <= from || a >= to {
            continue;
        }
        let (a, b) = (a.max(from), b.min(to));
        if a > at {
            out.push(Piece { text: text[at..a].to_string(), hit: false });
        }
        out.push(Piece { text: text[a..b].to_string(), hit: true });
        at = b;
    }
    if at < to {
        out.push(Piece { text: text[at..to].to_string(), hit: false });
    }
    out
}

#[cfg(test)]
mod tests;
