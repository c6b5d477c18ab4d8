-- Jobs that tell the truth. A job names the replica running it (owner) and that replica beats
-- heartbeat_at in short transactions of its own while the import waits for its turn or stores.
-- The batch id is chosen when the job starts (import_job.batch_id) and the store writes
-- import_batch with that id in the same transaction as the rows, so "did the file land?" is
-- answered by looking for it: a job whose heartbeat stopped is DONE if its batch is there and
-- FAILED, with nothing stored, if it is not. Any replica can give that verdict.
ALTER TABLE import_job ADD COLUMN owner VARCHAR(64);
ALTER TABLE import_job ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
UPDATE import_job SET heartbeat_at = updated_at;
CREATE INDEX import_job_status ON import_job (status, heartbeat_at);
-- What a batch left out on purpose, by reason (JSON), so a job settled from its batch reports it too.
ALTER TABLE import_batch ADD COLUMN skipped VARCHAR(4000);
