-- The next journal sequence number, taken together with the next leaf number in the one
-- row update that serializes appends: an entry's leaf can then be computed before its row is
-- written (one statement fewer per change), and sequence numbers have no gaps.
ALTER TABLE ledger_meta ADD COLUMN next_seq INTEGER NOT NULL DEFAULT 1;
UPDATE ledger_meta SET next_seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM change_log);
