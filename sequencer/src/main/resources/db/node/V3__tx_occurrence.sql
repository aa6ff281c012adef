-- A transaction can be stored again (a FinaliseRecovery, in a later recovery round): rows are
-- keyed by (hash, occurrence). The UNIQUE constraint on hash alone, which V1 made under a name H2
-- chose, is dropped by the code that runs after this script (NodeSchema).
ALTER TABLE txs ADD COLUMN IF NOT EXISTS occurrence INT DEFAULT 0 NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS txs_hash ON txs(hash, occurrence);
