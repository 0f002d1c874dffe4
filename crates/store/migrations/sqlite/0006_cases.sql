-- Cases (执法案件) and their steps: the whole-process record (seed §三(二)). A case row holds
-- what the case is and the state its steps have led to; every step is a row of case_steps, in
-- order, with what it recorded (JSON). Both are journaled: the case row again after every step.

-- Case numbers run per body and year without gaps.
CREATE TABLE case_counters (
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    year INTEGER NOT NULL,
    next_seq INTEGER NOT NULL,
    PRIMARY KEY (body_id, year)
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    power_item_id INTEGER NOT NULL REFERENCES power_items(id),
    power_item_code TEXT NOT NULL,
    power_item_name TEXT NOT NULL,
    source TEXT NOT NULL,
    domain TEXT NOT NULL,
    facts TEXT NOT NULL,
    parties TEXT NOT NULL,
    party_names TEXT NOT NULL,
    officer_ids TEXT NOT NULL,
    act_date TEXT,
    act_ended TEXT,
    discovered_on TEXT,
    serious_harm BOOLEAN NOT NULL,
    complex BOOLEAN NOT NULL,
    stage TEXT NOT NULL,
    suspended BOOLEAN NOT NULL,
    filed_on TEXT,
    next_due TEXT,
    next_due_what TEXT,
    step_count INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_body_updated ON cases(body_id, updated_at, id);
CREATE INDEX cases_body_stage ON cases(body_id, stage, updated_at, id);
CREATE INDEX cases_updated ON cases(updated_at, id);
CREATE INDEX cases_body_due ON cases(body_id, next_due, id);

CREATE TABLE case_steps (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    data TEXT NOT NULL,
    stage_after TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

-- Search by any fragment of at least three characters of the case number, the parties' names
-- and identifiers, or the power item: a trigram index kept by a trigger (the indexed columns
-- never change after registration).
CREATE VIRTUAL TABLE case_search USING fts5(text, content = '', tokenize = 'trigram');
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_search (rowid, text) VALUES (new.id, new.number || ' ' || new.party_names || ' ' || new.power_item_name);
END;

-- Exact lookup by a party's identity number or credit code, kept by a trigger.
CREATE TABLE case_party_ids (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    id_number TEXT NOT NULL
);
CREATE INDEX case_party_ids_number ON case_party_ids(id_number, case_id);
CREATE TRIGGER cases_party_ids_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_party_ids (case_id, id_number)
        SELECT new.id, json_extract(value, '$.id_number') FROM json_each(new.parties);
END;
