-- 双随机一公开: each body's roster of inspection objects (检查对象名录库). Every import is a new
-- version with the Merkle root of its canonical lines; its objects are rows of that version.
-- All journaled; nothing is changed or deleted.
CREATE TABLE object_rosters (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    objects INTEGER NOT NULL,
    root TEXT NOT NULL,
    note TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX object_rosters_version ON object_rosters(body_id, version);
CREATE TABLE roster_objects (
    id INTEGER PRIMARY KEY,
    roster_id INTEGER NOT NULL REFERENCES object_rosters(id),
    credit_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    industry TEXT NOT NULL,
    area TEXT NOT NULL,
    risk TEXT,
    abnormal BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX roster_objects_code ON roster_objects(roster_id, credit_code);
CREATE INDEX roster_objects_by_code ON roster_objects(credit_code);
