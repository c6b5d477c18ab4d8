package org.mandala.indicator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Imports of this process take turns to store, first come first served. Only one import can hold
 * the data version at a time anyway (the {@code data_state} row lock); queueing here, rather than
 * in the database, means a waiting upload never meets the database's lock timeout as an error.
 * The wait is bounded: past {@code mandala.upload.queue-timeout}, counting the wait for the turn
 * and for the row lock (held by another replica on a shared PostgreSQL), the upload is refused as
 * busy, a {@code 503} with {@code Retry-After}, with nothing stored.
 */
class ImportQueue {
    /** The longest Retry-After suggested: a busy store frees up between two files, not after the whole bound. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);
    /** How often a waiting import looks whether it was cancelled; cancelling needs no interrupt. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnChanged = lock.newCondition();
    /** Imports in arrival order; the head is the one storing. */
    private final ArrayDeque<Object> line = new ArrayDeque<>();

    ImportQueue(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Runs {@code store} in this import's turn, handing it the time left for the database's lock.
     *
     * @throws ImportsBusyException  when the turn does not come within the bound
     * @throws CancellationException when {@code cancelled} turns true while waiting
     */
    <T> T inTurn(BooleanSupplier cancelled, Function<Duration, T> store) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object me = new Object();
        lock.lock();
        try {
            line.addLast(me);
            while (line.peekFirst() != me) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || cancelled.getAsBoolean()) {
                    leave(me);
                    throw left <= 0 ? busy() : new CancellationException("cancelled while waiting for its turn to store");
                }
                try {
                    turnChanged.awaitNanos(Math.min(left, LOOK_NANOS));
                } catch (InterruptedException e) {
                    leave(me);
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for its turn to store");
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            return store.apply(Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime())));
        } finally {
            lock.lock();
            try {
                leave(me);
            } finally {
                lock.unlock();
            }
        }
    }

    private void leave(Object me) {
        line.remove(me);
        turnChanged.signalAll();
    }

    ImportsBusyException busy() {
        String waited = timeout.toMillis() < 10_000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s";
        return new ImportsBusyException("other imports are storing and this one waited " + waited + " for its turn"
                + " (mandala.upload.queue-timeout); nothing of the file was stored, send it again later", retryAfter());
    }

    private Duration retryAfter() {
        Duration d = timeout.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : timeout;
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
}
