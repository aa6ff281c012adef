-- A state root to the batch that made it in one index probe (keystore_getAccount/getProof "at" a
-- root; the reconciler's check of L1's root).
CREATE INDEX IF NOT EXISTS batches_new_root ON batches(new_root, id);
