-- A power-list item's service guide (服务指南, 事前公开): the conditions of acceptance
-- (受理条件) and the materials an application needs (申请材料, one per line). NULL where the
-- item states none (versions filed before this column, and items that are not applied for).
ALTER TABLE power_items ADD COLUMN conditions TEXT;
ALTER TABLE power_items ADD COLUMN materials TEXT;
