-- The review time limit a body sets with its review item list (审核时限, seed §四(四)1), in
-- working days; NULL leaves the project's default (five working days).
ALTER TABLE review_lists ADD COLUMN review_days INTEGER;
