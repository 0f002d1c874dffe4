-- The Merkle ledger over the change journal (SQLite).
ALTER TABLE change_log ADD COLUMN leaf_index INTEGER;
ALTER TABLE change_log ADD COLUMN leaf_hash BLOB;
CREATE UNIQUE INDEX change_log_leaf ON change_log(leaf_index);

-- Perfect subtrees of the tree: level 0 holds leaf hashes.
CREATE TABLE merkle_nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
);

-- One row: the ledger's identity and its counters. Every write transaction increments
-- tree_size, which also serializes appends.
CREATE TABLE ledger_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    origin TEXT NOT NULL,
    hash_alg TEXT NOT NULL,
    tree_size INTEGER NOT NULL,
    checkpoint_size INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    root BLOB NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
);
