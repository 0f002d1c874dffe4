-- Who decided signs the decision (seed §四(四)2): the decisions among the case steps carry their
-- recorder's signature (part of the journaled row).
ALTER TABLE case_steps ADD COLUMN signing_key_id BIGINT REFERENCES signing_keys(id);
ALTER TABLE case_steps ADD COLUMN signature TEXT;
