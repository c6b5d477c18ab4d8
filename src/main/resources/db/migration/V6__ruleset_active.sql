-- The active ruleset version as one row, so that an activation is a compare-and-set on it: an
-- activation made against a version that is no longer active changes nothing, whichever replica
-- makes it (the row lock orders concurrent ones). ruleset_activation stays the audit trail.
CREATE TABLE ruleset_active (
    id      INTEGER     PRIMARY KEY CHECK (id = 1),
    version VARCHAR(64) NOT NULL REFERENCES ruleset_version (version)
);

INSERT INTO ruleset_active (id, version)
SELECT 1, version FROM ruleset_activation ORDER BY id DESC LIMIT 1;
