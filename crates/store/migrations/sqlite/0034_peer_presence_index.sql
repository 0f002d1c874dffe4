-- W08 (同案不同罚) reads the decisions of one power item in a year, or of every item in a
-- year; W16 (impossible presence) reads the field records around a moment.
CREATE INDEX cases_item ON cases(power_item_code);
CREATE INDEX case_steps_kind_time ON case_steps(kind, occurred_at);
