-- Versions of nodes and leaves by batch, for proofs against any retained root: the state at
-- batch B reads, per position, the latest version with batch <= B.

CREATE TABLE node_versions (
  height INT NOT NULL,
  idx BIGINT NOT NULL,
  batch BIGINT NOT NULL,
  hash BINARY(32) NOT NULL,
  PRIMARY KEY (height, idx, batch)
);

CREATE TABLE leaf_versions (
  idx BIGINT NOT NULL,
  batch BIGINT NOT NULL,
  next_k BINARY(32) NOT NULL,
  val BINARY(32) NOT NULL,
  PRIMARY KEY (idx, batch)
);

-- A database written before history existed: its current state becomes the version of its
-- latest batch (older roots stay listed in roots, but cannot serve proofs).
INSERT INTO node_versions (height, idx, batch, hash)
  SELECT height, idx, (SELECT COALESCE(MAX(batch), 0) FROM roots), hash FROM nodes;

INSERT INTO leaf_versions (idx, batch, next_k, val)
  SELECT idx, (SELECT COALESCE(MAX(batch), 0) FROM roots), next_k, val FROM leaves;

ALTER TABLE roots ADD COLUMN has_history BOOLEAN DEFAULT TRUE NOT NULL;
UPDATE roots SET has_history = FALSE WHERE batch < (SELECT COALESCE(MAX(batch), 0) FROM roots);
