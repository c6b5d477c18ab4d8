package org.mandala.indicator;

import java.time.Duration;

/**
 * An import could not have its turn to store within the time an upload may wait, or the server is
 * shutting down. Nothing of the file was stored; sending it again later is safe.
 */
public class ImportsBusyException extends RuntimeException {
    private final Duration retryAfter;

    public ImportsBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When sending the file again is worth it, as {@code Retry-After} says. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
