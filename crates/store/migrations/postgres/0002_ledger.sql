-- The Merkle ledger over the change journal (PostgreSQL).
ALTER TABLE change_log ADD COLUMN leaf_index BIGINT;
ALTER TABLE change_log ADD COLUMN leaf_hash BYTEA;
CREATE UNIQUE INDEX change_log_leaf ON change_log(leaf_index);

-- Perfect subtrees of the tree: level 0 holds leaf hashes.
CREATE TABLE merkle_nodes (
    level INTEGER NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);

-- One row: the ledger's identity and its counters. Every write transaction increments
-- tree_size, which also serializes appends.
CREATE TABLE ledger_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    origin TEXT NOT NULL,
    hash_alg TEXT NOT NULL,
    tree_size BIGINT NOT NULL,
    checkpoint_size BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE checkpoints (
    size BIGINT PRIMARY KEY,
    root BYTEA NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
