-- The lists a body publishes beside its power list (seed §二(一)3): the "双随机" spot-check
-- item list and the discretion standards of its penalties (处罚法 art. 34). Each version is
-- filed whole, journaled when written and never changed afterwards.
CREATE TABLE body_lists (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    items TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (body_id, kind, version)
);
