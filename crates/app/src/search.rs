//! The public search: this process's index of published decisions, kept current by following
//! the ledger (every publication, withdrawal and end of a task is a journal entry), and the
//! answers it gives (ids and snippets from the index, the decisions themselves from the
//! database, so a result never shows more than the public view of the row).

use crate::App;
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;
use zhifa_search::{Doc, Piece, Position, SearchIndex};
use zhifa_store::Store;
use zhifa_store::model::Publication;
use zhifa_store::publicity::{PublicDecision, PublicFilter};

/// The index's document for a publication the public may find: the whole decision while it
/// stands; of a withdrawn one only its 文号 and subject (what the notice of withdrawal shows).
pub fn doc_of(p: &Publication) -> Option<Doc> {
    let published_on = p.published_on?;
    use zhifa_core::publicity::PublicationStatus as S;
    let standing = match p.status {
        S::Published => true,
        S::Withdrawn => false,
        S::Pending | S::Excluded => return None,
    };
    let text = |v: &Option<String>| if standing { v.clone().unwrap_or_default() } else { String::new() };
    Some(Doc {
        id: p.id,
        body_id: p.body_id,
        category: p.category.code().to_string(),
        penalty_kinds: p
            .penalty_kinds
            .as_deref()
            .map(|k| k.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        published_on,
        expires_on: p.expires_on.unwrap_or(NaiveDate::MAX),
        doc_number: p.doc_number.clone().unwrap_or_default(),
        party: text(&p.party),
        subject: p.subject.clone().unwrap_or_default(),
        legal_basis: text(&p.legal_basis),
        conclusion: text(&p.conclusion),
        full_text: text(&p.full_text),
    })
}

/// Failures of following or rebuilding.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    /// the database
    #[error(transparent)]
    Store(#[from] zhifa_store::StoreError),
    /// the index
    #[error(transparent)]
    Index(#[from] zhifa_search::SearchError),
    /// a blocking task
    #[error("检索索引任务中断：{0}")]
    Join(#[from] tokio::task::JoinError),
}

async fn blocking<T: Send + 'static>(
    ix: &Arc<SearchIndex>,
    f: impl FnOnce(&SearchIndex) -> zhifa_search::Result<T> + Send + 'static,
) -> Result<T, FollowError> {
    let ix = ix.clone();
    Ok(tokio::task::spawn_blocking(move || f(&ix)).await??)
}

/// Rows read per page of a rebuild.
const REBUILD_PAGE: i64 = 2_000;

/// Rebuilds the index from the database: every publication the public may find, then the
/// position of the journal as it was before the first read (what changed during the rebuild is
/// read again by the follower). `progress` is told how many rows were indexed so far.
pub async fn rebuild(store: &Store, ix: &Arc<SearchIndex>, mut progress: impl FnMut(u64)) -> Result<u64, FollowError> {
    let (origin, seq) = store.journal_head().await?;
    blocking(ix, |ix| ix.clear()).await?;
    let mut after = 0;
    let mut done = 0_u64;
    loop {
        let rows = store.publications_to_index(after, REBUILD_PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let docs: Vec<Doc> = rows.iter().filter_map(doc_of).collect();
        done += docs.len() as u64;
        blocking(ix, move |ix| ix.stage(&docs, &[])).await?;
        progress(done);
    }
    let at = Position { origin, seq, version: zhifa_search::SCHEMA_VERSION };
    blocking(ix, move |ix| ix.commit(&at)).await?;
    Ok(done)
}

/// This process's search index and how far it has read the journal.
pub struct Search {
    index: Arc<SearchIndex>,
    /// one round of following at a time
    lock: tokio::sync::Mutex<()>,
    /// the journal sequence number the committed index reflects (-1: not read yet)
    seq: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").field("seq", &self.seq).finish()
    }
}

impl Search {
    /// Wraps an index.
    pub fn new(index: SearchIndex) -> Self {
        Search { index: Arc::new(index), lock: tokio::sync::Mutex::new(()), seq: std::sync::atomic::AtomicI64::new(-1) }
    }

    /// The index.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// One round of following: reads the journal after the index's position and applies every
    /// publication changed since (added, replaced or removed). An index of another database or
    /// schema, or ahead of this journal, is rebuilt. Returns how many publications were applied.
    pub async fn catch_up(&self, store: &Store) -> Result<usize, FollowError> {
        self.round(store, true).await
    }

    /// A round; without `may_rebuild`, an index that needs rebuilding is left to the follower.
    async fn round(&self, store: &Store, may_rebuild: bool) -> Result<usize, FollowError> {
        use std::sync::atomic::Ordering;
        let _one = self.lock.lock().await;
        let ix = &self.index;
        let (origin, head) = store.journal_head().await?;
        let pos = blocking(ix, |ix| ix.position()).await?;
        let after = match pos {
            Some(p) if p.origin == origin && p.seq <= head => p.seq,
            _ if !may_rebuild => return Ok(0),
            _ => {
                tracing::info!("search index: rebuilding from the database");
                let n = rebuild(store, ix, |_| {}).await?;
                tracing::info!(decisions = n, "search index rebuilt");
                let at = blocking(ix, |ix| ix.position()).await?.map_or(0, |p| p.seq);
                self.seq.store(at, Ordering::Release);
                return Ok(usize::try_from(n).unwrap_or(usize::MAX));
            }
        };
        if after == head {
            self.seq.store(head, Ordering::Release);
            return Ok(0);
        }
        let ids = store.publications_journaled(after, head).await?;
        if ids.is_empty() {
            // Nothing public changed: no commit (the stored position stays behind, and a
            // restart reads those entries again).
            self.seq.store(head, Ordering::Release);
            return Ok(0);
        }
        let rows = store.publications_for_index(&ids).await?;
        let docs: Vec<Doc> = rows.iter().filter_map(doc_of).collect();
        let gone: Vec<i64> = ids.iter().copied().filter(|id| !docs.iter().any(|d| d.id == *id)).collect();
        let n = ids.len();
        let at = Position { origin, seq: head, version: zhifa_search::SCHEMA_VERSION };
        blocking(ix, move |ix| {
            ix.stage(&docs, &gone)?;
            ix.commit(&at)
        })
        .await?;
        self.seq.store(head, Ordering::Release);
        Ok(n)
    }

    /// Brings the index up to the journal as it stands now, if it is behind: every search sees
    /// every publication committed before it began, through whichever process it was made. A
    /// search does not wait more than two seconds for a round already running (the first
    /// rebuild of a large index, say: it then answers from the index as it stands) and never
    /// starts a rebuild itself.
    pub async fn fresh(&self, store: &Store) -> Result<(), FollowError> {
        let head = store.journal_seq().await?;
        if head > self.seq.load(std::sync::atomic::Ordering::Acquire) {
            match tokio::time::timeout(std::time::Duration::from_secs(2), self.round(store, false)).await {
                Ok(r) => {
                    r?;
                }
                Err(_) => tracing::warn!("search index busy: answering from the index as it stands"),
            }
        }
        Ok(())
    }
}

/// A public decision found by the search, with the passage that matched.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicResult {
    /// the decision as the public sees it
    #[serde(flatten)]
    pub decision: PublicDecision,
    /// the passage of the text (or of the result) with the matched words marked (only for a
    /// search with words)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub snippet: Vec<Piece>,
}

/// A page of the public list or of a search.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicResults {
    /// total matching
    pub total: i64,
    /// offset
    pub offset: i64,
    /// page size
    pub limit: i64,
    /// best match first for a search with words, newest first otherwise
    pub items: Vec<PublicResult>,
}

/// The public list: with words, from the index (every word must occur; ranked); without, from
/// the database, newest first. Without an index (a process started without one) the words are
/// matched as one substring in the database.
pub async fn public_results(app: &App, f: &PublicFilter, today: NaiveDate) -> crate::AppResult<PublicResults> {
    let limit = f.limit.unwrap_or(20).clamp(1, 100);
    let offset = f.offset.unwrap_or(0).max(0);
    let words = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let (Some(search), Some(q)) = (app.search.as_ref(), words) else {
        let page = app.store.public_decisions(f, today).await?;
        return Ok(PublicResults {
            total: page.total,
            offset: page.offset,
            limit: page.limit,
            items: page.items.into_iter().map(|decision| PublicResult { decision, snippet: Vec::new() }).collect(),
        });
    };
    let query = zhifa_search::Search {
        q: q.to_string(),
        body_id: f.body_id,
        category: f.category.clone(),
        penalty: f.penalty.clone(),
        from: f.from,
        to: f.to,
        today,
        offset: usize::try_from(offset).unwrap_or_default(),
        limit: usize::try_from(limit).unwrap_or(20),
    };
    search.fresh(&app.store).await?;
    let hits = blocking(search.index(), move |ix| ix.search(&query)).await?;
    let ids: Vec<i64> = hits.hits.iter().map(|h| h.id).collect();
    let decisions = app.store.public_decisions_by_ids(&ids, today).await?;
    let mut snippets: std::collections::HashMap<i64, Vec<Piece>> =
        hits.hits.into_iter().map(|h| (h.id, h.snippet)).collect();
    let items = decisions
        .into_iter()
        .map(|decision| {
            let snippet =
                if decision.withdrawn { Vec::new() } else { snippets.remove(&decision.id).unwrap_or_default() };
            PublicResult { decision, snippet }
        })
        .collect();
    Ok(PublicResults { total: i64::try_from(hits.total).unwrap_or(i64::MAX), offset, limit, items })
}

/// Every public decision matching the filters (at most `max`): with words, in the index's
/// order; the export.
pub async fn public_export(
    app: &App,
    f: &PublicFilter,
    today: NaiveDate,
    max: i64,
) -> crate::AppResult<Vec<PublicDecision>> {
    let words = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let (Some(_), Some(_)) = (app.search.as_ref(), words) else {
        return Ok(app.store.public_export(f, today, max).await?);
    };
    let mut out = Vec::new();
    let mut page = PublicFilter { limit: Some(100), offset: Some(0), ..f.clone() };
    while (out.len() as i64) < max {
        let r = public_results(app, &page, today).await?;
        let n = r.items.len();
        out.extend(r.items.into_iter().map(|i| i.decision));
        if n == 0 || r.offset + r.limit >= r.total {
            break;
        }
        page.offset = Some(r.offset + r.limit);
    }
    out.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    Ok(out)
}
