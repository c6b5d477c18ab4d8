package org.mandala.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Mandala's settings (CONTRACT section 5).
 *
 * @param focus  the focus state when a request names none
 * @param rules  where the ruleset is read from
 * @param facts  sample and reference facts
 * @param upload limits on indicator uploads
 * @param decisions the decision log
 * @param reports where reports are written
 * @param security API keys and whether reads need one
 */
@ConfigurationProperties("mandala")
public record MandalaProperties(
        @DefaultValue("IND") String focus,
        @DefaultValue Rules rules,
        @DefaultValue Facts facts,
        @DefaultValue Upload upload,
        @DefaultValue Decisions decisions,
        @DefaultValue Reports reports,
        @DefaultValue Security security) {

    /**
     * @param dir       the rules directory, on disk
     * @param poll      how often the directory is checked, and the longest a replica takes to serve a
     *                  version activated on another
     * @param follow    how often the database's active version is checked (then compiled if it is new)
     * @param prepareWait the longest an activation waits for every live replica to compile the new version
     * @param writeBack write a version activated through the API (a change or a rollback) into the
     *                  directory, so the working copy on disk is the active set
     * @param session   the bounds of every rule session
     * @param rollbackOnBound when the active version reaches a session bound on real data, activate
     *                  the last version that did not
     */
    public record Rules(@DefaultValue("rules") Path dir, @DefaultValue("2s") java.time.Duration poll,
                        @DefaultValue("250ms") java.time.Duration follow,
                        @DefaultValue("10s") java.time.Duration prepareWait, @DefaultValue("true") boolean writeBack, @DefaultValue Session session,
                        @DefaultValue("true") boolean rollbackOnBound) {
    }

    /**
     * Bounds of every rule session (assessments, history steps, previews, rule tests, validation).
     *
     * @param maxFirings     the most rule firings of one session
     * @param timeout        the longest one assessment's session may run
     * @param testTimeout    the longest one rule-test scenario's session may run
     * @param maxAllocation  what the session's thread may allocate while rules fire
     * @param maxArrayLength the longest array rule code may make
     */
    public record Session(@DefaultValue("5000000") int maxFirings, @DefaultValue("30s") java.time.Duration timeout,
                          @DefaultValue("10s") java.time.Duration testTimeout, @DefaultValue("4GB") DataSize maxAllocation,
                          @DefaultValue("1000000") int maxArrayLength) {
    }

    /**
     * @param dir           sample facts ({@code *.csv}) and the reference list of codes ({@code reference/actors.csv})
     * @param loadOnStartup load the sample facts into an empty store at startup
     */
    public record Facts(@DefaultValue("facts") Path dir, @DefaultValue("true") boolean loadOnStartup) {
    }

    /**
     * @param maxSize        the largest indicator file accepted in one upload
     * @param asyncThreshold uploads larger than this answer {@code 202} at once and import as a job
     * @param queueTimeout   how long an upload waits for its turn to store (imports store one at a time);
     *                       past it the upload answers {@code 503} with {@code Retry-After}
     * @param spoolDir       where uploads are spooled before they are read; {@code mandala-spool} in the
     *                       system's temporary directory when not set. Leftovers of a stopped process are swept.
     * @param jobHeartbeat   how often a running job's progress and heartbeat are written
     * @param jobStaleAfter  a running job whose heartbeat is older than this belongs to a process that stopped;
     *                       any replica then settles it from the store
     */
    public record Upload(@DefaultValue("1GB") DataSize maxSize, @DefaultValue("16MB") DataSize asyncThreshold,
                         @DefaultValue("5m") java.time.Duration queueTimeout, Path spoolDir,
                         @DefaultValue("10s") java.time.Duration jobHeartbeat, @DefaultValue("40s") java.time.Duration jobStaleAfter) {

        public Path spoolDirectory() {
            return spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"), "mandala-spool");
        }
    }

    /**
     * @param retention how long a decision stays in the log
     * @param maxRows   the most decisions the log keeps; the oldest go first
     */
    public record Decisions(@DefaultValue("365d") java.time.Duration retention, @DefaultValue("100000") long maxRows) {
    }

    /** @param dir where {@code POST /api/reports} and the {@code report} command write */
    public record Reports(@DefaultValue("reports") Path dir) {
    }

    /**
     * @param publicRead reads need no key when true
     * @param keys       the API keys: a name, a role ({@code VIEWER}, {@code ANALYST}, {@code POLICY}) and the
     *                   hex SHA-256 of the key (keys are never stored in clear)
     */
    public record Security(@DefaultValue("false") boolean publicRead, @DefaultValue java.util.List<Key> keys) {
    }

    public record Key(String name, String role, String sha256) {
    }
}
