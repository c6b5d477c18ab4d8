package org.mandala.indicator;

import java.util.List;

/** A file refused whole: nothing of it was stored. Carries every error found, in file order. */
public class IndicatorsRejectedException extends RuntimeException {
    private final transient List<ValidationError> errors;
    private final long errorCount;

    public IndicatorsRejectedException(List<ValidationError> errors, long errorCount) {
        super("the file has " + errorCount + " error" + (errorCount == 1 ? "" : "s") + "; nothing was stored");
        this.errors = List.copyOf(errors);
        this.errorCount = errorCount;
    }

    public List<ValidationError> errors() {
        return errors;
    }

    /** Every error found, also those beyond the listed ones. */
    public long errorCount() {
        return errorCount;
    }
}
