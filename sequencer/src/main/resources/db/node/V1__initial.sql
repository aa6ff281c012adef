-- The node database as its first release wrote it. Databases written before the schema was
-- versioned have no schema_version table and run every script from here: each is written to do
-- nothing where the database already has what it adds (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS txs (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  hash BINARY(32) NOT NULL UNIQUE,
  raw VARBINARY(4096) NOT NULL,
  received_at BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  batch_id BIGINT,
  reason VARCHAR(40),
  message VARCHAR(1000));
CREATE INDEX IF NOT EXISTS txs_status ON txs(status, seq);
CREATE INDEX IF NOT EXISTS txs_batch ON txs(batch_id);
CREATE TABLE IF NOT EXISTS batches (
  id BIGINT PRIMARY KEY,
  status VARCHAR(16) NOT NULL,
  batch_time BIGINT NOT NULL,
  state_base BIGINT NOT NULL,
  slots INT NOT NULL,
  old_root BINARY(32),
  new_root BINARY(32),
  old_leaf_count BIGINT,
  new_leaf_count BIGINT,
  updates VARBINARY(100000),
  witness BLOB,
  proof VARBINARY(4096),
  l1_nonce BIGINT,
  l1_gas_price DECIMAL(40, 0),
  l1_tx_hash BINARY(32),
  l1_block BIGINT,
  progress VARCHAR(200),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS batches_status ON batches(status, id);
CREATE TABLE IF NOT EXISTS meta (k VARCHAR(64) PRIMARY KEY, v VARCHAR(200) NOT NULL);
