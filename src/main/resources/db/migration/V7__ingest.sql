-- Continuous ingestion. Every file a feed or a drop folder imported (or refused) is one row, so a
-- file is never imported twice, whichever replica polls: a feed's file by its name, a dropped file
-- by the SHA-256 of its content. The row of a file that stored rows commits with them.
CREATE TABLE ingest_file (
    source     VARCHAR(64)   NOT NULL,
    item       VARCHAR(255)  NOT NULL,
    file_name  VARCHAR(255)  NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    report     TEXT,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source, item)
);

-- Each feed's and folder's last run and last error, for GET /api/ingest on any replica.
CREATE TABLE ingest_source (
    source      VARCHAR(64)   PRIMARY KEY,
    last_run_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error  VARCHAR(4000)
);

-- ShedLock's table: a poller runs on the replica that holds its row's lock.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
