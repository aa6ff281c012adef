-- The latest state of the indexed Merkle tree, and the root of every committed batch.
-- Keys and hashes are BINARY(32), big-endian: byte order is numeric order.

CREATE TABLE nodes (
  height INT NOT NULL,
  idx BIGINT NOT NULL,
  hash BINARY(32) NOT NULL,
  PRIMARY KEY (height, idx)
);

CREATE TABLE leaves (
  idx BIGINT NOT NULL PRIMARY KEY,
  k BINARY(32) NOT NULL,
  next_k BINARY(32) NOT NULL,
  val BINARY(32) NOT NULL
);

-- key -> index; the primary key's index serves the predecessor search
-- (WHERE k < ? ORDER BY k DESC LIMIT 1).
CREATE TABLE keys (
  k BINARY(32) NOT NULL PRIMARY KEY,
  idx BIGINT NOT NULL
);

CREATE TABLE roots (
  batch BIGINT NOT NULL PRIMARY KEY,
  root BINARY(32) NOT NULL,
  leaf_count BIGINT NOT NULL,
  committed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
