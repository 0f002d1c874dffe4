-- Documents (文书). A body's adapted template versions, filed (备案) with the justice bureau
-- and usable once a supervisor approves them; the standard templates ship with the program.
CREATE TABLE doc_templates (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    filed_by INTEGER REFERENCES users(id),
    filed_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at TEXT,
    decision_note TEXT,
    UNIQUE (body_id, kind, version)
);
CREATE INDEX doc_templates_status ON doc_templates(status, id);

-- Document numbers (文号) per body, year and class word, without gaps.
CREATE TABLE doc_counters (
    body_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    word TEXT NOT NULL,
    next_seq INTEGER NOT NULL,
    PRIMARY KEY (body_id, year, word)
);

-- Issued documents: the filled text, which template made it, and the PDF's digests (the PDF
-- itself is in document_files; the ledger entry of the row carries its SM3 and SHA-256).
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    kind TEXT NOT NULL,
    step_id INTEGER REFERENCES case_steps(id),
    number TEXT,
    template_id INTEGER REFERENCES doc_templates(id),
    template_version INTEGER NOT NULL,
    template_sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    pdf_sm3 TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    pdf_size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    issued_by INTEGER REFERENCES users(id),
    issued_at TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_number ON documents(body_id, number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX documents_step ON documents(case_id, kind, step_id);
CREATE INDEX documents_case ON documents(case_id, id);

CREATE TABLE document_files (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    pdf BLOB NOT NULL
);
