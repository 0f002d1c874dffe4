-- 考核评议: the weights of the indicators, each change a new row (the latest in force), and each
-- yearly table the bureau publishes, with the weights it was computed under and its rows as they
-- stood. All journaled; nothing is deleted.
CREATE TABLE assessment_weights (
    id INTEGER PRIMARY KEY,
    weights TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id),
    set_at TEXT NOT NULL
);
CREATE TABLE assessment_publications (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    weights_id INTEGER REFERENCES assessment_weights(id),
    weights TEXT NOT NULL,
    result TEXT NOT NULL,
    result_sm3 TEXT NOT NULL,
    published_by INTEGER REFERENCES users(id),
    published_at TEXT NOT NULL
);
CREATE INDEX assessment_publications_year ON assessment_publications(year, id);
