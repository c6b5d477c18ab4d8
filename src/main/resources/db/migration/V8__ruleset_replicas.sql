-- Replicas switch to a new ruleset version together. A replica activating a version first names it
-- as pending (one at a time: pending_at says since when, so an abandoned claim expires); every replica
-- compiles a pending version ahead and says so here (prepared), about once a second with the version
-- it serves; the activation waits until every live replica has prepared it (a few seconds at most),
-- so that all of them serve it within moments of the activation.
ALTER TABLE ruleset_active ADD COLUMN pending VARCHAR(64);
ALTER TABLE ruleset_active ADD COLUMN pending_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE ruleset_replica (
    id       VARCHAR(128) PRIMARY KEY,
    seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    serving  VARCHAR(64),
    prepared VARCHAR(64)
);
