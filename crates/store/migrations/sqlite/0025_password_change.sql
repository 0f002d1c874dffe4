-- A password set by an administrator (a new account, or a reset) must be changed by its
-- holder at the next sign-in, before anything can be signed: until then nothing but the change
-- is allowed, so the administrator never knows a password that signs.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
