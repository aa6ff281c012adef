-- The account a pending transaction is for and whether it creates it: batches take the
-- transactions of existing accounts first.
ALTER TABLE txs ADD COLUMN IF NOT EXISTS account BINARY(20);
ALTER TABLE txs ADD COLUMN IF NOT EXISTS creates BOOLEAN;
CREATE INDEX IF NOT EXISTS txs_account ON txs(account, status);
CREATE INDEX IF NOT EXISTS txs_creates ON txs(status, creates, seq);
