-- Evidence of the whole-process record (seed §三(二)2). The file itself lives in the evidence
-- store under its SM3 digest (write-once); this row carries the required metadata and both
-- digests, and is journaled like every change. Rows are never deleted: a deletion approved
-- twice blanks nothing here but sets status 'deleted' (the tombstone) and removes the blob.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    case_number TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    media_type TEXT NOT NULL,
    file_name TEXT,
    size_bytes INTEGER NOT NULL,
    sm3 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    capture_place TEXT NOT NULL,
    collector_officer_id INTEGER NOT NULL REFERENCES officers(id),
    proof_object TEXT NOT NULL,
    device_id TEXT NOT NULL,
    device_hash_checked BOOLEAN NOT NULL,
    target_kind TEXT,
    target_id TEXT,
    target_name TEXT,
    uploaded_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX evidence_body ON evidence(body_id, created_at);
CREATE INDEX evidence_case ON evidence(case_number);
CREATE INDEX evidence_target ON evidence(target_id);
CREATE INDEX evidence_blob ON evidence(sm3);

-- Requests to delete evidence and their two approvals (机关负责人 + 司法局监督人员).
CREATE TABLE evidence_deletions (
    id INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    reason TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id),
    requested_at TEXT NOT NULL,
    head_approved_by INTEGER REFERENCES users(id),
    head_approved_at TEXT,
    supervisor_approved_by INTEGER REFERENCES users(id),
    supervisor_approved_at TEXT,
    status TEXT NOT NULL,
    decided_at TEXT
);
CREATE INDEX evidence_deletions_evidence ON evidence_deletions(evidence_id);
-- At most one open request per item.
CREATE UNIQUE INDEX evidence_deletions_open ON evidence_deletions(evidence_id) WHERE status = 'pending';
