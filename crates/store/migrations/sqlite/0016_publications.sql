-- 行政执法公示 (seed §二(三)): one publication task per published kind of decision, created in
-- the decision's own transaction with its deadline; confirmed (the redacted text the publisher
-- confirmed is what is hashed and shown), kept from publication with the rule, or withdrawn
-- with the reason. Every change of a row is journaled.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    step_id INTEGER NOT NULL UNIQUE REFERENCES case_steps(id),
    category TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    due_on TEXT,
    light BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    excluded_rule TEXT,
    excluded_reason TEXT,
    doc_number TEXT,
    party TEXT,
    subject TEXT,
    legal_basis TEXT,
    conclusion TEXT,
    full_text TEXT,
    content_sm3 TEXT,
    masked TEXT,
    published_on TEXT,
    published_at TEXT,
    published_by INTEGER REFERENCES users(id),
    expires_on TEXT,
    change_ground TEXT,
    change_by TEXT,
    changed_on TEXT,
    change_note TEXT,
    withdrawal_due TEXT,
    withdrawn_at TEXT,
    withdrawn_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX publications_body ON publications(body_id, status, due_on);
CREATE INDEX publications_public ON publications(status, published_on DESC, id DESC);
CREATE INDEX publications_case ON publications(case_id);
