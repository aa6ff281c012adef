-- Proving jobs (issue 19): each proof the node needs is a row, named after what it proves
-- (batch-17-L1, batch-17-AGGREGATION, agg-3-2-0), written before it is proven in process or
-- dispatched to a worker. A worker holds a job under a lease (lease_until, epoch milliseconds) that
-- it renews while it proves; an expired lease makes the job OPEN again. The proof itself is stored
-- where it always was (batches, aggregate_nodes, aggregates); a job row lost in a crash is made
-- again from them under the same id.
CREATE TABLE IF NOT EXISTS prove_jobs (
  id VARCHAR(64) PRIMARY KEY,
  circuit VARCHAR(32) NOT NULL,
  target VARCHAR(16) NOT NULL,
  state VARCHAR(8) NOT NULL,
  worker VARCHAR(128),
  lease_until BIGINT NOT NULL DEFAULT 0,
  attempts INT NOT NULL DEFAULT 0,
  refused INT NOT NULL DEFAULT 0,
  expired INT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS prove_jobs_state ON prove_jobs(state, id);
