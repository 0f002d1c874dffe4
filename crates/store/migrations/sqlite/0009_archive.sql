-- Four-property checks (DA/T 70) of case files: at archiving, on demand, and of packages
-- brought in from elsewhere (case_id empty). The report is kept whole; the package's digest
-- identifies what was checked.
CREATE TABLE archive_reports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES cases(id),
    body_id INTEGER REFERENCES bodies(id),
    case_number TEXT NOT NULL,
    occasion TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    report TEXT NOT NULL,
    package_sm3 TEXT NOT NULL,
    package_size INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX archive_reports_case ON archive_reports(case_id, id);
