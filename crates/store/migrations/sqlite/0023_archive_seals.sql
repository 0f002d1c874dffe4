-- 组卷登记 (DA/T 70 真实性、完整性): each assembled case-file package is sealed in the ledger
-- before it leaves the server: the SM3 of its manifest and the list of its items (件号, path,
-- SM3) in catalogue order. The package carries the seal's row with its inclusion proof, so a
-- change to the set of items, their order or their contents is found offline with only the
-- published keys, even if the manifest's own digests were rewritten to match.
CREATE TABLE archive_seals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    case_number TEXT NOT NULL,
    occasion TEXT NOT NULL,
    manifest_sm3 TEXT NOT NULL,
    items TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX archive_seals_case ON archive_seals(case_id, id);
