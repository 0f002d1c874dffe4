//! The evidence store, on a local folder and (when `ZHIFA_TEST_S3_URL` names a bucket on an
//! S3-compatible server, as CI does with moto on loopback) on S3: streamed ingest with both
//! digests, device digest checks, nothing left behind by a refused or broken upload,
//! write-once blobs, the sweeper.

#![allow(clippy::unwrap_used)]

use bytes::Bytes;
use futures_util::stream;
use sha2::Digest;
use zhifa_store::blobs::{BlobError, EvidenceStore, Expected};

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod local { $(
            #[tokio::test]
            async fn $name() {
                let dir = tempfile::tempdir().unwrap();
                super::$name(zhifa_store::blobs::EvidenceStore::local(&dir.path().join("evidence")).unwrap()).await
            }
        )* }
        mod s3 { $(
            #[tokio::test]
            async fn $name() { if let Some(s) = super::s3_store().await { super::$name(s).await } }
        )* }
    };
}

both!(
    ingest_streams_and_digests,
    a_device_digest_mismatch_leaves_nothing,
    a_broken_upload_leaves_nothing,
    identical_content_is_stored_once_and_settled,
    the_sweeper_removes_only_unreferenced_blobs,
    a_refused_row_leaves_nothing_but_what_another_row_references,
);

async fn s3_store() -> Option<EvidenceStore> {
    let Ok(url) = std::env::var("ZHIFA_TEST_S3_URL") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but ZHIFA_TEST_S3_URL is not set: the S3 evidence-store tests must run in CI");
        }
        eprintln!("ZHIFA_TEST_S3_URL not set: S3 evidence-store test skipped");
        return None;
    };
    // Each test its own prefix in the one bucket.
    let url = format!("{}/t{:016x}", url.trim_end_matches('/'), rand::random::<u64>());
    Some(EvidenceStore::s3(&url).unwrap())
}

fn chunks(data: &[u8], size: usize) -> Vec<Result<Bytes, std::io::Error>> {
    data.chunks(size).map(|c| Ok(Bytes::copy_from_slice(c))).collect()
}

fn digests(data: &[u8]) -> (String, String) {
    (hex::encode(sm3::Sm3::digest(data)), hex::encode(sha2::Sha256::digest(data)))
}

fn sample(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

async fn names(s: &EvidenceStore) -> Vec<String> {
    s.list_all().await.unwrap()
}

async fn ingest_streams_and_digests(s: EvidenceStore) {
    // Larger than one upload part, in uneven chunks.
    let data = sample(9 * 1024 * 1024 + 123, 1);
    let got = s.ingest(stream::iter(chunks(&data, 65_537)), 1 << 30, &Expected::default()).await.unwrap();
    let (sm3, sha) = digests(&data);
    assert_eq!((got.sm3.as_str(), got.sha256.as_str(), got.size), (sm3.as_str(), sha.as_str(), data.len() as u64));
    s.settle(&got, true).await.unwrap();
    assert_eq!(s.rehash(&sm3).await.unwrap(), Some((data.len() as u64, sm3.clone(), sha)));
    assert_eq!(names(&s).await, vec![format!("sm3/{}/{}", &sm3[..2], sm3)], "no staging object remains");
    // A device that reports the right digests is accepted.
    let small = sample(1000, 2);
    let (sm3, sha) = digests(&small);
    let ok = Expected { sm3: Some(sm3), sha256: Some(sha) };
    s.ingest(stream::iter(chunks(&small, 100)), 1 << 30, &ok).await.unwrap();
    // Too large and empty uploads are refused.
    assert!(matches!(
        s.ingest(stream::iter(chunks(&small, 100)), 999, &Expected::default()).await,
        Err(BlobError::TooLarge(999))
    ));
    assert!(matches!(s.ingest(stream::iter(chunks(&[], 1)), 10, &Expected::default()).await, Err(BlobError::Empty)));
}

async fn a_device_digest_mismatch_leaves_nothing(s: EvidenceStore) {
    let data = sample(200_000, 3);
    let (sm3, sha) = digests(&data);
    let wrong = Expected { sm3: Some("00".repeat(32)), sha256: None };
    match s.ingest(stream::iter(chunks(&data, 4096)), 1 << 30, &wrong).await {
        Err(BlobError::DigestMismatch { field: "device_sm3", actual, .. }) => assert_eq!(actual, sm3),
        r => panic!("{r:?}"),
    }
    let wrong = Expected { sm3: None, sha256: Some(sha.replace('a', "b").replace('0', "1")) };
    assert!(matches!(
        s.ingest(stream::iter(chunks(&data, 4096)), 1 << 30, &wrong).await,
        Err(BlobError::DigestMismatch { field: "device_sha256", .. })
    ));
    assert!(names(&s).await.is_empty(), "{:?}", names(&s).await);
}

async fn a_broken_upload_leaves_nothing(s: EvidenceStore) {
    let data = sample(100_000, 4);
    let mut parts = chunks(&data, 10_000);
    parts.insert(5, Err(std::io::Error::other("connection reset")));
    match s.ingest(stream::iter(parts), 1 << 30, &Expected::default()).await {
        Err(BlobError::Interrupted(m)) => assert!(m.contains("connection reset")),
        r => panic!("{r:?}"),
    }
    assert!(names(&s).await.is_empty(), "{:?}", names(&s).await);
}

async fn identical_content_is_stored_once_and_settled(s: EvidenceStore) {
    let data = sample(50_000, 5);
    let first = s.ingest(stream::iter(chunks(&data, 7000)), 1 << 30, &Expected::default()).await.unwrap();
    s.settle(&first, true).await.unwrap();
    let second = s.ingest(stream::iter(chunks(&data, 3000)), 1 << 30, &Expected::default()).await.unwrap();
    assert_eq!(first.sm3, second.sm3);
    // Until its row is committed the second upload keeps a staged copy...
    assert_eq!(names(&s).await.len(), 2);
    s.settle(&second, true).await.unwrap();
    // ...then only the one blob is left.
    assert_eq!(names(&s).await.len(), 1);
    // A refused row leaves the first blob alone.
    let third = s.ingest(stream::iter(chunks(&data, 3000)), 1 << 30, &Expected::default()).await.unwrap();
    s.settle(&third, false).await.unwrap();
    assert_eq!(names(&s).await.len(), 1);
    assert!(s.rehash(&first.sm3).await.unwrap().is_some());
}

async fn the_sweeper_removes_only_unreferenced_blobs(s: EvidenceStore) {
    let kept = sample(3000, 6);
    let orphan = sample(3000, 7);
    let a = s.ingest(stream::iter(chunks(&kept, 1000)), 1 << 30, &Expected::default()).await.unwrap();
    let b = s.ingest(stream::iter(chunks(&orphan, 1000)), 1 << 30, &Expected::default()).await.unwrap();
    s.settle(&a, true).await.unwrap();
    // Its row was committed, then the evidence deleted (or the process died before the row).
    s.settle(&b, true).await.unwrap();
    // Young objects are never swept: an upload may be between its blob and its row.
    let live = a.sm3.clone();
    let is_live = |d: String| {
        let live = live.clone();
        async move { d == live }
    };
    assert_eq!(s.sweep(chrono::Duration::hours(1), is_live).await.unwrap(), 0);
    assert_eq!(s.sweep(chrono::Duration::seconds(-5), is_live).await.unwrap(), 1);
    assert!(s.rehash(&a.sm3).await.unwrap().is_some());
    assert!(s.rehash(&b.sm3).await.unwrap().is_none());
}

async fn a_refused_row_leaves_nothing_but_what_another_row_references(s: EvidenceStore) {
    let data = sample(40_000, 9);
    let dead = |_: String| async { false };
    // New content whose row was refused: nothing is left.
    let refused = s.ingest(stream::iter(chunks(&data, 5000)), 1 << 30, &Expected::default()).await.unwrap();
    s.discard(&refused, dead).await.unwrap();
    assert!(names(&s).await.is_empty(), "{:?}", names(&s).await);
    // Content another committed row references: the refused upload's copy goes, the file stays.
    let kept = s.ingest(stream::iter(chunks(&data, 5000)), 1 << 30, &Expected::default()).await.unwrap();
    s.settle(&kept, true).await.unwrap();
    let again = s.ingest(stream::iter(chunks(&data, 7000)), 1 << 30, &Expected::default()).await.unwrap();
    s.discard(&again, dead).await.unwrap();
    assert_eq!(names(&s).await.len(), 1);
    assert!(s.rehash(&kept.sm3).await.unwrap().is_some());
    // A file this upload created, referenced meanwhile by a row committed for the same content:
    // put back.
    let other = sample(40_000, 10);
    let created = s.ingest(stream::iter(chunks(&other, 5000)), 1 << 30, &Expected::default()).await.unwrap();
    // (A store without create-only rename keeps a staged copy until the row is committed: then
    // the upload created nothing.)
    let created_here = s.rehash(&created.sm3).await.unwrap().is_some();
    let live = |_: String| async { true };
    s.discard(&created, live).await.unwrap();
    assert_eq!(s.rehash(&created.sm3).await.unwrap().is_some(), created_here);
    assert_eq!(names(&s).await.len(), 1 + usize::from(created_here), "{:?}", names(&s).await);
}
