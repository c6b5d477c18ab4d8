package org.mandala.indicator;

import java.util.List;
import java.util.Map;

/**
 * The outcome of reading a file in any format: data rows read, rows turned into indicators,
 * rows left out on purpose by reason, and the errors (at most {@link ErrorList#MAX_LISTED} listed,
 * all counted). {@code rows = valid + sum(skipped)} when there is no error.
 */
public record ReadResult(long rows, long valid, Map<String, Long> skipped, List<ValidationError> errors, long errorCount) {

    public boolean hasErrors() {
        return errorCount > 0;
    }
}
