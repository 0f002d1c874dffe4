-- A body's own publication time limit in working days (公开时限): it may only shorten the
-- statutory 7 (行政许可、行政处罚) and 20 (other decisions) working days; NULL keeps them.
ALTER TABLE bodies ADD COLUMN publication_days BIGINT;
