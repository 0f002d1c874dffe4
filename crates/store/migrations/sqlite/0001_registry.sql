-- Registry, accounts and the change journal (SQLite).
CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    entrusting_body_id INTEGER REFERENCES bodies(id),
    parent_id INTEGER REFERENCES bodies(id),
    area TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    address TEXT,
    phone TEXT,
    reconsideration_organ TEXT NOT NULL,
    court TEXT NOT NULL,
    review_organ TEXT NOT NULL,
    is_supervisor BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE officers (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    name TEXT NOT NULL,
    id_number TEXT UNIQUE,
    post TEXT NOT NULL,
    domains TEXT NOT NULL,
    legal_qualification_no TEXT,
    phone TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX officers_body ON officers(body_id, name);

CREATE TABLE officer_training (
    id INTEGER PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    date TEXT NOT NULL,
    title TEXT NOT NULL,
    hours INTEGER,
    exam_score INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX officer_training_officer ON officer_training(officer_id);

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    number TEXT NOT NULL UNIQUE,
    issuer TEXT NOT NULL,
    domain TEXT NOT NULL,
    area TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX certificates_officer ON certificates(officer_id);
CREATE INDEX certificates_valid_to ON certificates(valid_to);

CREATE TABLE certificate_events (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificates(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    actor_user_id INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX certificate_events_cert ON certificate_events(certificate_id);

CREATE TABLE reviewers (
    id INTEGER PRIMARY KEY,
    officer_id INTEGER NOT NULL UNIQUE REFERENCES officers(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    kind TEXT NOT NULL,
    since TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX reviewers_body ON reviewers(body_id);

CREATE TABLE power_items (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    procedure_kind TEXT NOT NULL,
    time_limit_days INTEGER,
    time_limit_working BOOLEAN NOT NULL DEFAULT FALSE,
    remedy TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    change_kind TEXT NOT NULL,
    change_reason TEXT NOT NULL,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (body_id, code, version)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    body_id INTEGER REFERENCES bodies(id),
    officer_id INTEGER REFERENCES officers(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    ip TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- One entry per change of registry or account data, written in the same transaction as the
-- change. The ledger turns these into a Merkle log.
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    body_id INTEGER,
    kind TEXT NOT NULL,
    object_table TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash TEXT
);
CREATE INDEX change_log_object ON change_log(object_table, object_id);
