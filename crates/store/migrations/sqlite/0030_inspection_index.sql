-- The warnings read an enterprise's recent inspections (W17) and a body's last inspection or
-- penalty (W15) by case kind and registration time.
CREATE INDEX cases_kind_created ON cases(kind, created_at);
