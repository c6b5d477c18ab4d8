package org.mandala.rules;

import java.time.Duration;

/**
 * The bounds of every rule session: the most rule firings, the wall-clock time, what rule code may
 * allocate on the session's thread, and the longest array it may make.
 *
 * @param maxFirings       the most rule firings of one session
 * @param timeout          the longest a session may run
 * @param maxAllocation    bytes the session's thread may allocate while it fires rules (0: no bound)
 * @param maxArrayLength   the longest array rule code may allocate
 */
public record SessionBounds(int maxFirings, Duration timeout, long maxAllocation, int maxArrayLength) {
    /** The defaults of the settings ({@code mandala.rules.session.*}), for commands that run without them. */
    public static final SessionBounds DEFAULTS = new SessionBounds(5_000_000, Duration.ofSeconds(30), 4L << 30, 1_000_000);

    public SessionBounds {
        if (maxFirings <= 0 || timeout == null || timeout.isNegative() || timeout.isZero() || maxArrayLength <= 0) {
            throw new IllegalArgumentException("session bounds must be positive: " + maxFirings + " firings, " + timeout
                    + ", arrays of " + maxArrayLength);
        }
    }

    /** The bounds of an assessment's session, as the settings say. */
    public static SessionBounds of(org.mandala.system.MandalaProperties.Session s) {
        return new SessionBounds(s.maxFirings(), s.timeout(), s.maxAllocation().toBytes(), s.maxArrayLength());
    }

    /** The bounds of a rule-test scenario's session, as the settings say. */
    public static SessionBounds ofTests(org.mandala.system.MandalaProperties.Session s) {
        return of(s).withTimeout(s.testTimeout());
    }

    /** The same bounds with another timeout, e.g. the shorter one of a rule test. */
    public SessionBounds withTimeout(Duration t) {
        return new SessionBounds(maxFirings, t, maxAllocation, maxArrayLength);
    }
}
