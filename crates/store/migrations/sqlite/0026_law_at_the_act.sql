-- 《行政处罚法》第三十七条: what an amended or abolished penalty item means for acts before it
-- took effect (none, lighter, no longer a violation), and which version a case applies and why.
ALTER TABLE power_items ADD COLUMN retroactivity TEXT;
ALTER TABLE cases ADD COLUMN item_basis TEXT;
