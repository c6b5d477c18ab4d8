package org.mandala.rules;

/**
 * The bound of one rule session as seen from inside rule code. Mandala rewrites every class
 * compiled from the rules so that each method entry and each backward jump (a loop) calls
 * {@link #tick()}, and each array allocation calls {@link #array(int)}: a consequence or function
 * that loops, recurses or allocates past the session's bound stops with {@link Exceeded} instead of
 * pinning a core or filling the heap. Once exceeded, every further tick throws again, so code that
 * catches the error still cannot go on. Public only because the rewritten rule classes call it.
 */
public final class RuleBudget {
    private static final ThreadLocal<RuleBudget> CURRENT = new ThreadLocal<>();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private final long deadline;
    private final long allocationLimit;
    private final int maxArrayLength;
    private volatile String stopped;

    private RuleBudget(long deadline, long allocationLimit, int maxArrayLength) {
        this.deadline = deadline;
        this.allocationLimit = allocationLimit;
        this.maxArrayLength = maxArrayLength;
    }

    /** Called by rule code at every method entry and backward jump. */
    public static void tick() {
        RuleBudget b = CURRENT.get();
        if (b != null) {
            b.check();
        }
    }

    /** Called by rule code before it allocates an array of this length. */
    public static void array(int length) {
        RuleBudget b = CURRENT.get();
        if (b != null) {
            if (length > b.maxArrayLength) {
                b.stopped = "an array of " + length + " elements (at most " + b.maxArrayLength + ")";
            }
            b.check();
        }
    }

    private void check() {
        if (stopped == null) {
            if (System.nanoTime() - deadline > 0) {
                stopped = "the session's time";
            } else if (allocationLimit > 0 && THREADS.getCurrentThreadAllocatedBytes() > allocationLimit) {
                stopped = "the session's memory";
            }
        }
        if (stopped != null) {
            throw new Exceeded(stopped);
        }
    }

    /** Starts a budget for rule code run on this thread; close it when the session ends. */
    static Scope open(java.time.Duration timeout, long allocationBytes, int maxArrayLength) {
        long allocated = allocationBytes <= 0 ? 0 : THREADS.getCurrentThreadAllocatedBytes();
        RuleBudget budget = new RuleBudget(System.nanoTime() + timeout.toNanos(),
                allocationBytes <= 0 ? 0 : allocated + allocationBytes, maxArrayLength);
        RuleBudget previous = CURRENT.get();
        CURRENT.set(budget);
        return new Scope(budget, previous);
    }

    /** The budget of one session on one thread. */
    static final class Scope implements AutoCloseable {
        private final RuleBudget budget;
        private final RuleBudget previous;

        private Scope(RuleBudget budget, RuleBudget previous) {
            this.budget = budget;
            this.previous = previous;
        }

        /** Makes rule code stop at its next tick: the watchdog calls it when the time is up. */
        void stop(String why) {
            budget.stopped = why;
        }

        /** What stopped rule code, or null. */
        String stopped() {
            return budget.stopped;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Thrown inside rule code that went past its bound. An {@link Error}, like {@code ThreadDeath},
     * so that a rule's {@code catch (Exception e)} does not swallow it.
     */
    public static final class Exceeded extends Error {
        Exceeded(String what) {
            super("rule code went past " + what);
        }
    }
}
