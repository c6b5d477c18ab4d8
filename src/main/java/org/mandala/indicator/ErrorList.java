package org.mandala.indicator;

import java.util.ArrayList;
import java.util.List;

/** The errors of one file: all counted, the first {@link #MAX_LISTED} kept. */
final class ErrorList {
    static final int MAX_LISTED = 1000;
    final List<ValidationError> listed = new ArrayList<>();
    long count;

    void add(ValidationError e) {
        count++;
        if (listed.size() < MAX_LISTED) {
            listed.add(e);
        }
    }

    /** The outcome of a read that ends here, with these errors. */
    ReadResult result(long rows, long valid, java.util.Map<String, Long> skipped) {
        return new ReadResult(rows, valid, skipped, listed, count);
    }

    void add(int line, String column, String value, String message) {
        add(new ValidationError(line, column, value, message));
    }
}
