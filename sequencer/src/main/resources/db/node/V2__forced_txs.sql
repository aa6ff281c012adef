-- Force inclusion: the transactions read from the rollup's L1 queue, and how many a batch took.
CREATE TABLE IF NOT EXISTS forced_txs (
  queue_index BIGINT PRIMARY KEY,
  hash BINARY(32) NOT NULL,
  raw VARBINARY(4096) NOT NULL,
  signer_key VARBINARY(64) NOT NULL,
  force_id BINARY(32) NOT NULL,
  queued_at BIGINT NOT NULL,
  l1_block BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  batch_id BIGINT,
  reason VARCHAR(40),
  message VARCHAR(1000));
CREATE INDEX IF NOT EXISTS forced_hash ON forced_txs(hash);
CREATE INDEX IF NOT EXISTS forced_batch ON forced_txs(batch_id);
ALTER TABLE batches ADD COLUMN IF NOT EXISTS forced_count INT DEFAULT 0 NOT NULL;
