//! What the checkpointer needs to know about commits in this process: how many entries wait
//! for a checkpoint (so that a burst triggers one before the interval ends: checkpoints are
//! bounded by count and by time), and when each group was acknowledged (so that the time from
//! an acknowledged write to the checkpoint covering it can be measured).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Entries that trigger a checkpoint before the interval ends, by default.
pub const DEFAULT_CHECKPOINT_BATCH: u64 = 4096;

/// Commit notices of one process.
#[derive(Debug)]
pub struct CommitWatch {
    pending: AtomicU64,
    batch: AtomicU64,
    notify: tokio::sync::Notify,
    /// woken on every commit (the search index's follower)
    changed: tokio::sync::Notify,
    /// groups committed so far
    commits: AtomicU64,
    /// (tree size after the group, when it was acknowledged, entries in it)
    acks: Mutex<VecDeque<(u64, Instant, u64)>>,
    /// per account, the commit count after its latest acknowledged write in this process
    wrote: Mutex<std::collections::HashMap<i64, u64>>,
}

impl Default for CommitWatch {
    fn default() -> Self {
        CommitWatch {
            pending: AtomicU64::new(0),
            batch: AtomicU64::new(DEFAULT_CHECKPOINT_BATCH),
            notify: tokio::sync::Notify::new(),
            changed: tokio::sync::Notify::new(),
            commits: AtomicU64::new(0),
            acks: Mutex::new(VecDeque::new()),
            wrote: Mutex::new(std::collections::HashMap::new()),
        }
    }
}

impl CommitWatch {
    /// Sets how many waiting entries trigger a checkpoint early.
    pub fn set_batch(&self, n: u64) {
        self.batch.store(n.max(1), Ordering::Relaxed);
    }

    /// A group of `entries` was committed, leaving the tree at `tree_size`.
    pub(crate) fn committed(&self, tree_size: u64, entries: u64) {
        if entries == 0 {
            return;
        }
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.changed.notify_waiters();
        if let Ok(mut acks) = self.acks.lock() {
            // Bounded: a process without a checkpointer (the command line) keeps no history.
            if acks.len() >= 100_000 {
                acks.pop_front();
            }
            acks.push_back((tree_size, Instant::now(), entries));
        }
        let waiting = self.pending.fetch_add(entries, Ordering::Relaxed) + entries;
        if waiting >= self.batch.load(Ordering::Relaxed) {
            self.notify.notify_one();
        }
    }

    /// How many groups this process has committed: a value read before and after tells whether
    /// anything was written in between (caches of derived figures compare it).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// The account `user` had a write acknowledged (after its group was counted).
    pub(crate) fn wrote(&self, user: i64) {
        let n = self.commits();
        if let Ok(mut w) = self.wrote.lock() {
            w.insert(user, n);
        }
    }

    /// The commit count after the latest write of `user` in this process (0: none): derived
    /// figures read at that count or later include everything the account wrote here.
    pub fn written_by(&self, user: i64) -> u64 {
        self.wrote.lock().ok().and_then(|w| w.get(&user).copied()).unwrap_or(0)
    }

    /// Resolves at the next commit of this process.
    pub async fn changed(&self) {
        self.changed.notified().await
    }

    /// Resolves when enough entries wait for a checkpoint.
    pub async fn batch_full(&self) {
        self.notify.notified().await
    }

    /// A checkpoint of `size` was signed: returns, for each group it covers, the time from its
    /// acknowledgement to now and its number of entries.
    pub fn checkpointed(&self, size: u64) -> Vec<(Duration, u64)> {
        let now = Instant::now();
        let mut out = Vec::new();
        if let Ok(mut acks) = self.acks.lock() {
            while let Some(&(tree, at, n)) = acks.front() {
                if tree > size {
                    break;
                }
                out.push((now - at, n));
                acks.pop_front();
            }
            let left: u64 = acks.iter().map(|a| a.2).sum();
            self.pending.store(left, Ordering::Relaxed);
        }
        out
    }
}
