-- Account configurations beside the tree (docs/spec/state.md §6 storage encoding), written in
-- the same transaction as the tree's batch. configs holds the latest configuration of each
-- account; config_versions one row per account changed by a batch, for the configuration as a
-- retained batch left it (the latest version with batch <= B). Accounts never leave the tree, so
-- there is no deletion marker.

CREATE TABLE configs (
  account BINARY(20) NOT NULL PRIMARY KEY,
  config VARBINARY(1024) NOT NULL
);

CREATE TABLE config_versions (
  account BINARY(20) NOT NULL,
  batch BIGINT NOT NULL,
  config VARBINARY(1024) NOT NULL,
  PRIMARY KEY (account, batch)
);

-- Pruning drops the history of old batches: their roots stay listed, marked pruned.
ALTER TABLE roots ADD COLUMN pruned BOOLEAN DEFAULT FALSE NOT NULL;
