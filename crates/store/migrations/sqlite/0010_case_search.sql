-- Nothing on SQLite: its case search already reads the FTS5 trigram table of 0006, which
-- yields case ids newest first. (On PostgreSQL this migration adds a narrow search table.)
SELECT 1;
