-- The verification code printed on an issued document (with a QR code to its public check
-- page): with the 文号 it lets anyone check the document; without the paper it cannot be guessed.
ALTER TABLE documents ADD COLUMN verify_code TEXT;
CREATE INDEX documents_check ON documents(number, verify_code);
