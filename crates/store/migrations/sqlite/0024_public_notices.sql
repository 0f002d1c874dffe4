-- 公开记录: what the public saw, journaled apart from the publication task. When a decision is
-- published, and when its publication is withdrawn, one row holds only public facts (body,
-- category, 文号, subject, the date) and the SM3 of the published text, so that anyone can tie
-- the text they read to the signed ledger without the task's internal fields.
CREATE TABLE public_notices (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    act TEXT NOT NULL,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    body_name TEXT NOT NULL,
    category TEXT NOT NULL,
    doc_number TEXT,
    subject TEXT,
    text_sm3 TEXT NOT NULL,
    ground TEXT,
    effective_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (publication_id, act)
);
