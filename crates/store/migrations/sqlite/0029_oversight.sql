-- 督办: what the justice bureau did with each clue (route, dismiss with reasons, a supervision
-- document), the supervision documents it issued to bodies (numbered, with a reply deadline on
-- the official calendar), and the bodies' replies with the bureau's verdict. All journaled;
-- nothing is deleted.
CREATE TABLE supervision_notices (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    issuer_body_id INTEGER NOT NULL REFERENCES bodies(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    clue_id INTEGER REFERENCES clues(id),
    case_id INTEGER REFERENCES cases(id),
    subject TEXT NOT NULL,
    facts TEXT NOT NULL,
    basis TEXT NOT NULL,
    requirement TEXT NOT NULL,
    reply_days INTEGER NOT NULL,
    deadline TEXT NOT NULL,
    round INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_by INTEGER REFERENCES users(id),
    issued_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE UNIQUE INDEX supervision_notices_number ON supervision_notices(number);
CREATE UNIQUE INDEX supervision_notices_seq ON supervision_notices(issuer_body_id, year, kind, seq);
CREATE INDEX supervision_notices_body ON supervision_notices(body_id, status);
CREATE INDEX supervision_notices_clue ON supervision_notices(clue_id);
CREATE TABLE clue_actions (
    id INTEGER PRIMARY KEY,
    clue_id INTEGER NOT NULL REFERENCES clues(id),
    act TEXT NOT NULL,
    route TEXT,
    note TEXT,
    notice_id INTEGER REFERENCES supervision_notices(id),
    acted_by INTEGER REFERENCES users(id),
    acted_at TEXT NOT NULL
);
CREATE INDEX clue_actions_clue ON clue_actions(clue_id);
CREATE TABLE notice_replies (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES supervision_notices(id),
    round INTEGER NOT NULL,
    text TEXT NOT NULL,
    evidence_ids TEXT NOT NULL,
    document_ids TEXT NOT NULL,
    late BOOLEAN NOT NULL,
    replied_by INTEGER REFERENCES users(id),
    replied_at TEXT NOT NULL,
    verdict TEXT,
    verdict_note TEXT,
    verdict_by INTEGER REFERENCES users(id),
    verdict_at TEXT
);
CREATE UNIQUE INDEX notice_replies_round ON notice_replies(notice_id, round);
