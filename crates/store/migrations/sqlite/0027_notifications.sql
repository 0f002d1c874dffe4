-- Hand-overs come to the person: each in-app notification, each webhook delivery and the
-- journal position of the follower that makes them. All three are derived from the journal
-- (made again from it if lost), so none is journaled itself.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    source_seq INTEGER NOT NULL,
    body_id INTEGER,
    case_id INTEGER,
    title TEXT NOT NULL,
    detail TEXT NOT NULL,
    href TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    UNIQUE (user_id, source_seq)
);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    source_seq INTEGER NOT NULL UNIQUE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_attempt_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE TABLE follower_positions (
    name TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
);
