-- Aggregated proofs (docs/spec/aggregation.md): a batch proven as a leaf of an aggregation keeps
-- its proof's public input; batches submitted together belong to one aggregate, whose tree's
-- proofs are kept as they are made, so that a restart resumes the tree where it stopped.
ALTER TABLE batches ADD COLUMN IF NOT EXISTS leaf_input BINARY(32);
ALTER TABLE batches ADD COLUMN IF NOT EXISTS aggregate_id BIGINT;
CREATE INDEX IF NOT EXISTS batches_aggregate ON batches(aggregate_id, id);
CREATE TABLE IF NOT EXISTS aggregates (
  id BIGINT PRIMARY KEY,
  first_batch BIGINT NOT NULL,
  last_batch BIGINT NOT NULL,
  proof VARBINARY(4096),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS aggregate_nodes (
  aggregate_id BIGINT NOT NULL,
  level INT NOT NULL,
  position INT NOT NULL,
  proof VARBINARY(4096) NOT NULL,
  input BINARY(32) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (aggregate_id, level, position)
);
