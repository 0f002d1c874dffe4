-- Whether a licensing item is one where a hearing applies (《行政许可法》第四十六条、第四十七条):
-- such items need legal review before the decision (seed §四(二)1).
ALTER TABLE power_items ADD COLUMN hearing BOOLEAN NOT NULL DEFAULT FALSE;
