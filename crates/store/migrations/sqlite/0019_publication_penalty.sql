-- The kinds of penalty a published decision imposed (codes joined by commas, e.g.
-- "warning,fine"), for the public filter by penalty kind (处罚种类). NULL for other decisions.
ALTER TABLE publications ADD COLUMN penalty_kinds TEXT;
