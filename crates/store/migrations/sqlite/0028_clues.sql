-- 执法监督预警: each clue a rule raised from the records (journaled: a clue is never deleted;
-- it closes, with the reason, when its condition ends or its facts change), and the district's
-- thresholds, one journaled row per change, the latest in force.
CREATE TABLE clues (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    subject TEXT NOT NULL,
    finding TEXT NOT NULL,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    case_id INTEGER REFERENCES cases(id),
    officer_id INTEGER REFERENCES officers(id),
    severity TEXT NOT NULL,
    summary TEXT NOT NULL,
    inputs TEXT NOT NULL,
    inputs_hash TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    closed_at TEXT,
    close_reason TEXT,
    superseded_by INTEGER
);
CREATE UNIQUE INDEX clues_one_open ON clues(rule, subject, finding) WHERE closed_at IS NULL;
CREATE INDEX clues_by_subject ON clues(subject);
CREATE INDEX clues_open ON clues(closed_at, body_id, severity);
CREATE TABLE warning_settings (
    id INTEGER PRIMARY KEY,
    thresholds TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id),
    set_at TEXT NOT NULL
);
