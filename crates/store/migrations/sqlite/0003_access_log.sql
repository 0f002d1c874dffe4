-- Access supervision (调阅监督): every view of a protected record, journaled like any change.
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    ip TEXT,
    object_table TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    body_id INTEGER,
    purpose TEXT
);
CREATE INDEX access_log_object ON access_log(object_table, object_id);
CREATE INDEX access_log_user ON access_log(user_id);
