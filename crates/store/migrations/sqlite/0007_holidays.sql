-- Holiday schedules imported by an administrator when the State Council publishes a new
-- year's notice (the shipped years are in the program). The latest import of a year is in
-- force; every import is journaled, so the calendar deadlines were computed with is provable.
CREATE TABLE holiday_years (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    schedule TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_by INTEGER REFERENCES users(id),
    imported_at TEXT NOT NULL
);
CREATE INDEX holiday_years_year ON holiday_years(year, id);
