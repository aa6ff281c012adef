-- Why a batch's L1 submission is halted (kept across restarts).
ALTER TABLE batches ADD COLUMN IF NOT EXISTS l1_halted VARCHAR(1000);
