-- 双随机一公开: a spot-check task announces its draw — the object roster's lines with their
-- strata, the inspectors (officers holding a valid certificate of the domain), the 回避 pairs,
-- their SM3 Merkle roots and the entropy source fixed in advance — and is drawn once the
-- entropy is public. Each drawn object is a pick with its inspectors; the inspection, its end
-- and the publication of its result follow on the pick. All journaled.
CREATE TABLE spotcheck_tasks (
    id INTEGER PRIMARY KEY,
    task TEXT NOT NULL,
    title TEXT NOT NULL,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    joint_bodies TEXT NOT NULL,
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    domain TEXT NOT NULL,
    roster_id INTEGER NOT NULL REFERENCES object_rosters(id),
    strata TEXT NOT NULL,
    params TEXT NOT NULL,
    objects_roster TEXT NOT NULL,
    people_roster TEXT NOT NULL,
    conflicts_roster TEXT NOT NULL,
    objects_root TEXT NOT NULL,
    people_root TEXT NOT NULL,
    conflicts_root TEXT NOT NULL,
    excluded TEXT NOT NULL,
    entropy_source TEXT NOT NULL,
    entropy_at TEXT NOT NULL,
    announcements INTEGER NOT NULL,
    reannounce_reason TEXT,
    entropy TEXT,
    prk TEXT,
    status TEXT NOT NULL,
    announced_at TEXT NOT NULL,
    drawn_at TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX spotcheck_tasks_task ON spotcheck_tasks(task);
CREATE INDEX spotcheck_tasks_body ON spotcheck_tasks(body_id);
CREATE TABLE spotcheck_picks (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES spotcheck_tasks(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    rank INTEGER NOT NULL,
    credit_code TEXT NOT NULL,
    name TEXT NOT NULL,
    stratum TEXT NOT NULL,
    score TEXT NOT NULL,
    inspectors TEXT NOT NULL,
    reserves TEXT NOT NULL,
    case_id INTEGER REFERENCES cases(id),
    inspected_on TEXT,
    result TEXT,
    publish_due TEXT,
    published_at TEXT
);
CREATE UNIQUE INDEX spotcheck_picks_object ON spotcheck_picks(task_id, credit_code);
CREATE INDEX spotcheck_picks_code ON spotcheck_picks(credit_code);
