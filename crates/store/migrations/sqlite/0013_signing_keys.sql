-- Personal signing keys (个人签名, seed §四(四)2: responsibility can be assigned afterwards).
-- The seed is kept wrapped by a key derived from the user's password; only the public key,
-- the user and the time are journaled (the wrapped seed stays out of the ledger). Rows are
-- never changed: a new key (after a password change) is a new row.
CREATE TABLE signing_keys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    public_key TEXT NOT NULL UNIQUE,
    wrapped_seed TEXT NOT NULL,
    salt TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX signing_keys_user ON signing_keys(user_id, id);

-- Each act of the review file is signed by its actor (the signature is part of the journaled row).
ALTER TABLE review_events ADD COLUMN signing_key_id INTEGER REFERENCES signing_keys(id);
ALTER TABLE review_events ADD COLUMN signature TEXT;
