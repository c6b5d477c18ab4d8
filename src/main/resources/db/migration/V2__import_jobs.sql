-- Imports too large to answer at once run as jobs. Their state lives here, not in one process,
-- so any replica can report on a job; a job whose heartbeat stops (its process died) is
-- reported as interrupted, and its transaction, never committed, left nothing behind.
CREATE TABLE import_job (
    id           VARCHAR(36)   PRIMARY KEY,
    status       VARCHAR(16)   NOT NULL,
    format       VARCHAR(16)   NOT NULL,
    file_name    VARCHAR(255),
    rows_read    BIGINT        NOT NULL,
    accepted     BIGINT        NOT NULL,
    duplicates   BIGINT        NOT NULL,
    skipped      VARCHAR(4000),
    problem      TEXT,
    batch_id     VARCHAR(36),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
