-- 重大执法决定法制审核 (处罚法 art. 58; seed §四). Every row is journaled when written and
-- never changed afterwards: the review file of a case is the ordered list of its events.

-- A body's review item list (法制审核事项清单, seed §四(二)2), versioned.
CREATE TABLE review_lists (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    version INTEGER NOT NULL,
    items TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (body_id, version)
);

-- Marks that bring a case into the review scope; each row holds every mark set so far (marks
-- are only ever added).
CREATE TABLE review_marks (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    marks TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX review_marks_case ON review_marks(case_id, id);

-- The handling unit's submissions, frozen: each version whole, with its SM3.
CREATE TABLE review_submissions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    content_sm3 TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users(id),
    submitted_officer_id INTEGER REFERENCES officers(id),
    created_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);

-- What happened to them: opinions, objections, negotiation, the head's ruling, in order.
CREATE TABLE review_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    version INTEGER NOT NULL,
    outcome TEXT,
    content TEXT NOT NULL,
    content_sm3 TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users(id),
    actor_officer_id INTEGER REFERENCES officers(id),
    actor_role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE INDEX review_events_body ON review_events(body_id, created_at);
