-- 行政执法统计年报 (seed §二(三)6): one report per body and year, compiled from the data after
-- the year ends, corrected figure by figure with reasons, published by 31 January; and one
-- district row per year (scope 'district'), published by the justice bureau, whose figures are
-- the sum of the bodies' reports. Every change of a row is journaled.
CREATE TABLE annual_reports (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    body_id INTEGER REFERENCES bodies(id),
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    compiled TEXT NOT NULL,
    figures TEXT NOT NULL,
    due_on TEXT NOT NULL,
    drafted_at TEXT NOT NULL,
    published_at TEXT,
    published_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (scope, year)
);
CREATE INDEX annual_reports_year ON annual_reports(year, status);

-- A correction of one figure: the value before and after, and why (the source relied on).
CREATE TABLE annual_report_edits (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES annual_reports(id),
    metric TEXT NOT NULL,
    old_value INTEGER NOT NULL,
    new_value INTEGER NOT NULL,
    reason TEXT NOT NULL,
    edited_by INTEGER REFERENCES users(id),
    edited_at TEXT NOT NULL
);
CREATE INDEX annual_report_edits_report ON annual_report_edits(report_id, id);
