-- 案卷评查: scoring standards (each version a row, never changed), campaigns with their announced
-- draw (rosters, Merkle roots, the entropy source fixed in advance) and its result, the files
-- drawn and each reviewer's score sheet. All journaled; nothing is deleted.
CREATE TABLE evaluation_standards (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    content_sm3 TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX evaluation_standards_version ON evaluation_standards(version);
CREATE TABLE evaluation_campaigns (
    id INTEGER PRIMARY KEY,
    task TEXT NOT NULL,
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    kinds TEXT NOT NULL,
    standard_id INTEGER NOT NULL REFERENCES evaluation_standards(id),
    params TEXT NOT NULL,
    gap INTEGER NOT NULL,
    files_roster TEXT NOT NULL,
    reviewers_roster TEXT NOT NULL,
    conflicts_roster TEXT NOT NULL,
    files_root TEXT NOT NULL,
    reviewers_root TEXT NOT NULL,
    conflicts_root TEXT NOT NULL,
    entropy_source TEXT NOT NULL,
    entropy_at TEXT NOT NULL,
    announcements INTEGER NOT NULL,
    reannounce_reason TEXT,
    entropy TEXT,
    prk TEXT,
    status TEXT NOT NULL,
    announced_at TEXT NOT NULL,
    drawn_at TEXT,
    published_at TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX evaluation_campaigns_task ON evaluation_campaigns(task);
CREATE TABLE evaluation_files (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES evaluation_campaigns(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    case_number TEXT NOT NULL,
    score TEXT NOT NULL,
    status TEXT NOT NULL,
    total INTEGER,
    grade TEXT,
    settled_at TEXT
);
CREATE UNIQUE INDEX evaluation_files_case ON evaluation_files(campaign_id, case_id);
CREATE TABLE evaluation_sheets (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES evaluation_campaigns(id),
    file_id INTEGER NOT NULL REFERENCES evaluation_files(id),
    reviewer_id INTEGER NOT NULL REFERENCES users(id),
    reviewer_body_id INTEGER REFERENCES bodies(id),
    role TEXT NOT NULL,
    rank_score TEXT NOT NULL,
    sheet TEXT,
    total INTEGER,
    vetoed BOOLEAN,
    submitted_at TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX evaluation_sheets_file ON evaluation_sheets(file_id, role);
CREATE INDEX evaluation_sheets_reviewer ON evaluation_sheets(reviewer_id, submitted_at);
