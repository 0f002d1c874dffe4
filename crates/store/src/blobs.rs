//! The evidence store: audio, video, photos and scans as write-once objects named by their SM3
//! digest, in a local folder (default) or an S3-compatible bucket, through `object_store`.
//!
//! An upload streams into a staging object while SM3 (on its own thread) and SHA-256 are
//! computed, so a 4 GiB file never sits in memory; only when the digests are known (and match
//! what the recording device reported, if it did) is the staging object moved, create-only, to
//! `sm3/<xx>/<digest>`. A blob that no live evidence row references (an upload whose database
//! write failed, a crash in between, an approved deletion) is removed by [`EvidenceStore::sweep`]
//! once it is older than the grace period.

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Size of the parts an upload is cut into (the most one part buffers).
const PART_BYTES: usize = 8 * 1024 * 1024;
/// Parts in flight at once.
const PARTS_IN_FLIGHT: usize = 2;
/// Chunks queued for the SM3 thread.
const HASH_QUEUE: usize = 32;

/// Where evidence files live.
#[derive(Clone)]
pub struct EvidenceStore {
    inner: Arc<dyn ObjectStore>,
    /// `本地目录 …` or `S3 …`, for logs and `zhifa verify`.
    pub describe: String,
}

impl std::fmt::Debug for EvidenceStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe)
    }
}

/// Why an upload or a read of the evidence store failed.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The client's stream broke off.
    #[error("上传中断：{0}")]
    Interrupted(String),
    /// Larger than allowed.
    #[error("文件超过允许的最大长度（{0} 字节）")]
    TooLarge(u64),
    /// Empty file.
    #[error("文件为空")]
    Empty,
    /// The device's digest differs from the received bytes.
    #[error("{field}：设备提供的{alg}值与收到的文件不一致（收到的文件为 {actual}），文件可能在传输中损坏或被改动")]
    DigestMismatch {
        /// which input field
        field: &'static str,
        /// SM3 or SHA-256
        alg: &'static str,
        /// what the file hashes to
        actual: String,
    },
    /// The object store failed.
    #[error("证据存储错误：{0}")]
    Store(#[from] object_store::Error),
    /// Configuration.
    #[error("证据存储配置错误：{0}")]
    Config(String),
}

/// What an upload produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// SM3, hex
    pub sm3: String,
    /// SHA-256, hex
    pub sha256: String,
    /// bytes
    pub size: u64,
    /// Still-staged copy, kept when an identical blob already existed until the row that
    /// references it is committed (see [`EvidenceStore::settle`]).
    staged: Option<Path>,
}

/// Digests a device reported for the file it recorded.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// SM3 hex
    pub sm3: Option<String>,
    /// SHA-256 hex
    pub sha256: Option<String>,
}

/// SM3 is the slow digest: it runs on a blocking thread fed through a bounded queue, while
/// the caller computes SHA-256 and moves the bytes.
fn sm3_on_its_own_thread() -> (tokio::sync::mpsc::Sender<Bytes>, tokio::task::JoinHandle<String>) {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(HASH_QUEUE);
    let task = tokio::task::spawn_blocking(move || {
        let mut h = sm3::Sm3::new();
        while let Some(chunk) = rx.blocking_recv() {
            h.update(&chunk);
        }
        hex::encode(h.finalize())
    });
    (tx, task)
}

/// The key of a blob.
pub fn blob_path(sm3: &str) -> Path {
    Path::from(format!("sm3/{}/{}", sm3.get(..2).unwrap_or("00"), sm3))
}

impl EvidenceStore {
    /// A folder on this machine (created if missing); every write is fsynced.
    pub fn local(dir: &std::path::Path) -> Result<Self, BlobError> {
        std::fs::create_dir_all(dir).map_err(|e| BlobError::Config(format!("无法创建目录 {}：{e}", dir.display())))?;
        let fs =
            object_store::local::LocalFileSystem::new_with_prefix(dir)?.with_fsync(true).with_automatic_cleanup(true);
        Ok(EvidenceStore { inner: Arc::new(fs), describe: format!("本地目录 {}", dir.display()) })
    }

    /// An S3-compatible bucket: `s3://bucket[/prefix]`; endpoint, region and keys from the
    /// usual `AWS_*` environment variables (`AWS_ENDPOINT`, `AWS_ALLOW_HTTP=true` for a plain
    /// HTTP endpoint on an intranet).
    pub fn s3(url: &str) -> Result<Self, BlobError> {
        let parsed = url.strip_prefix("s3://").ok_or_else(|| BlobError::Config(format!("“{url}”不是 s3:// 地址")))?;
        let (bucket, prefix) = parsed.split_once('/').unwrap_or((parsed, ""));
        let s3 = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket).build()?;
        let inner: Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(s3, prefix.trim_matches('/')))
        };
        Ok(EvidenceStore { inner, describe: format!("S3 {url}") })
    }

    /// Streams an upload in, hashing as it goes. Nothing is visible under a blob key unless
    /// the whole stream arrived and matched the device's digests; on any failure the staging
    /// object is removed.
    pub async fn ingest<S, E>(&self, stream: S, max_bytes: u64, expected: &Expected) -> Result<Ingested, BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let staging = Path::from(format!("staging/{}", hex::encode(rand::random::<[u8; 16]>())));
        let upload = self.inner.put_multipart(&staging).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let (tx, sm3_task) = sm3_on_its_own_thread();
        let mut sha = Sha256::new();
        let mut size = 0u64;
        let mut stream = stream;
        let streamed: Result<(), BlobError> = async {
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| BlobError::Interrupted(e.to_string()))?;
                size += chunk.len() as u64;
                if size > max_bytes {
                    return Err(BlobError::TooLarge(max_bytes));
                }
                sha.update(&chunk);
                tx.send(chunk.clone()).await.map_err(|_| BlobError::Interrupted("摘要计算已中止".into()))?;
                writer.wait_for_capacity(PARTS_IN_FLIGHT).await?;
                writer.put(chunk);
            }
            if size == 0 {
                return Err(BlobError::Empty);
            }
            Ok(())
        }
        .await;
        drop(tx);
        let sm3 = sm3_task.await.map_err(|e| BlobError::Interrupted(e.to_string()));
        if let Err(e) = streamed {
            let _ = writer.abort().await;
            return Err(e);
        }
        let sm3 = sm3?;
        writer.finish().await?;
        let sha256 = hex::encode(sha.finalize());
        let mismatch = if expected.sm3.as_deref().is_some_and(|d| d != sm3) {
            Some(BlobError::DigestMismatch { field: "device_sm3", alg: "SM3", actual: sm3.clone() })
        } else if expected.sha256.as_deref().is_some_and(|d| d != sha256) {
            Some(BlobError::DigestMismatch { field: "device_sha256", alg: "SHA-256", actual: sha256.clone() })
        } else {
            None
        };
        if let Some(e) = mismatch {
            let _ = self.inner.delete(&staging).await;
            return Err(e);
        }
        let staged = match self.inner.rename_if_not_exists(&staging, &blob_path(&sm3)).await {
            Ok(()) => None,
            // The same content is already stored (or the store cannot rename create-only):
            // keep the staged copy until the referencing row is committed.
            Err(object_store::Error::AlreadyExists { .. })
            | Err(object_store::Error::NotImplemented { .. })
            | Err(object_store::Error::NotSupported { .. }) => Some(staging),
            Err(e) => {
                let _ = self.inner.delete(&staging).await;
                return Err(e.into());
            }
        };
        Ok(Ingested { sm3, sha256, size, staged })
    }

    /// After the row referencing an ingested blob is committed (`committed`), or was refused:
    /// makes sure the blob is in place (an identical one kept, or the staged copy moved) and
    /// removes the staged copy. When the row was refused, only the staged copy is removed;
    /// [`EvidenceStore::discard`] removes a blob the upload created as well.
    pub async fn settle(&self, ingested: &Ingested, committed: bool) -> Result<(), BlobError> {
        let Some(staged) = &ingested.staged else { return Ok(()) };
        if committed {
            let target = blob_path(&ingested.sm3);
            match self.inner.head(&target).await {
                Ok(_) => {}
                Err(object_store::Error::NotFound { .. }) => {
                    // Swept in between, or a store without create-only rename: copy now.
                    match self.inner.copy_if_not_exists(staged, &target).await {
                        Ok(()) | Err(object_store::Error::AlreadyExists { .. }) => {}
                        Err(object_store::Error::NotImplemented { .. })
                        | Err(object_store::Error::NotSupported { .. }) => self.inner.copy(staged, &target).await?,
                        Err(e) => return Err(e.into()),
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.inner.delete(staged).await?;
        Ok(())
    }

    /// After the row referencing an ingested blob was refused: removes what this upload
    /// stored, so that a refused upload leaves nothing. A blob this upload created is first
    /// moved out of place, then removed unless a row references it by then (`is_live`): an
    /// identical upload whose row was committed meanwhile either sees it gone and puts its own
    /// staged copy in place ([`EvidenceStore::settle`]), or committed before the check here, which
    /// then puts the blob back.
    pub async fn discard<F, Fut>(&self, ingested: &Ingested, is_live: F) -> Result<(), BlobError>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        if let Some(staged) = &ingested.staged {
            self.inner.delete(staged).await?;
            return Ok(());
        }
        let target = blob_path(&ingested.sm3);
        let aside = Path::from(format!("staging/{}", hex::encode(rand::random::<[u8; 16]>())));
        match self.inner.rename(&target, &aside).await {
            Ok(()) => {}
            Err(object_store::Error::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(e.into()),
        }
        if is_live(ingested.sm3.clone()).await {
            match self.inner.rename_if_not_exists(&aside, &target).await {
                Ok(()) => return Ok(()),
                Err(object_store::Error::AlreadyExists { .. }) => {}
                Err(object_store::Error::NotImplemented { .. }) | Err(object_store::Error::NotSupported { .. }) => {
                    match self.inner.copy_if_not_exists(&aside, &target).await {
                        Ok(()) | Err(object_store::Error::AlreadyExists { .. }) => {}
                        Err(object_store::Error::NotImplemented { .. })
                        | Err(object_store::Error::NotSupported { .. }) => self.inner.copy(&aside, &target).await?,
                        Err(e) => return Err(e.into()),
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.inner.delete(&aside).await?;
        Ok(())
    }

    /// Opens a blob for reading.
    pub async fn open(
        &self,
        sm3: &str,
    ) -> Result<(u64, impl Stream<Item = Result<Bytes, object_store::Error>> + Send + 'static), BlobError> {
        let got = self.inner.get(&blob_path(sm3)).await?;
        let size = got.meta.size;
        Ok((size, got.into_stream()))
    }

    /// Opens the bytes `range` (end exclusive, within the blob) of a blob for reading: what an
    /// HTTP range request of a player asks for.
    pub async fn open_range(
        &self,
        sm3: &str,
        range: std::ops::Range<u64>,
    ) -> Result<impl Stream<Item = Result<Bytes, object_store::Error>> + Send + 'static, BlobError> {
        let options =
            object_store::GetOptions { range: Some(object_store::GetRange::Bounded(range)), ..Default::default() };
        Ok(self.inner.get_opts(&blob_path(sm3), options).await?.into_stream())
    }

    /// Re-reads a blob and returns (size, SM3, SHA-256), or `None` when it is missing.
    pub async fn rehash(&self, sm3_hex: &str) -> Result<Option<(u64, String, String)>, BlobError> {
        let (_, mut stream) = match self.open(sm3_hex).await {
            Ok(x) => x,
            Err(BlobError::Store(object_store::Error::NotFound { .. })) => return Ok(None),
            Err(e) => return Err(e),
        };
        let (tx, sm3_task) = sm3_on_its_own_thread();
        let mut sha = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            size += chunk.len() as u64;
            sha.update(&chunk);
            if tx.send(chunk).await.is_err() {
                break;
            }
        }
        drop(tx);
        let sm3 = sm3_task.await.map_err(|e| BlobError::Interrupted(e.to_string()))?;
        Ok(Some((size, sm3, hex::encode(sha.finalize()))))
    }

    /// Removes a blob (after an approved deletion, when nothing live references it).
    pub async fn remove(&self, sm3: &str) -> Result<(), BlobError> {
        match self.inner.delete(&blob_path(sm3)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every stored object (under `prefix`) with its last-modified time.
    async fn listing(&self, prefix: Option<&str>) -> Result<Vec<object_store::ObjectMeta>, BlobError> {
        let prefix = prefix.map(Path::from);
        let mut out = Vec::new();
        let mut list = self.inner.list(prefix.as_ref());
        while let Some(m) = list.next().await {
            out.push(m?);
        }
        Ok(out)
    }

    /// Every object's key, sorted (tests, and the operator's listing).
    pub async fn list_all(&self) -> Result<Vec<String>, BlobError> {
        let mut out: Vec<String> = self.listing(None).await?.into_iter().map(|m| m.location.to_string()).collect();
        out.sort();
        Ok(out)
    }

    /// Removes staged uploads and unreferenced blobs older than `grace`. `is_live(sm3)` says
    /// whether a live evidence row references a blob. Returns the number removed.
    pub async fn sweep<F, Fut>(&self, grace: chrono::Duration, is_live: F) -> Result<usize, BlobError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let cutoff = chrono::Utc::now() - grace;
        let mut removed = 0;
        for m in self.listing(Some("staging")).await? {
            if m.last_modified < cutoff {
                self.inner.delete(&m.location).await?;
                removed += 1;
            }
        }
        for m in self.listing(Some("sm3")).await? {
            let Some(name) = m.location.filename() else { continue };
            if m.last_modified < cutoff && !is_live(name.to_string()).await {
                self.inner.delete(&m.location).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}
