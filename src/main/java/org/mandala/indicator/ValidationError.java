package org.mandala.indicator;

/**
 * Why one cell (or row, or the file) of an upload is refused.
 *
 * @param line   line number as counted in the file, the header being line 1
 * @param column the column's name as the contract spells it, or {@code null} for the whole row
 * @param value  the offending value as written, or {@code null}; cut to {@value #MAX_QUOTED} characters
 *               (with "...") so that an answer never carries much of the file
 */
public record ValidationError(int line, String column, String value, String message) {
    /** The most characters of the file an error quotes in its column or value. */
    public static final int MAX_QUOTED = 80;

    public ValidationError {
        column = quote(column);
        value = quote(value);
    }

    /** A piece of the file as an error may quote it: at most {@value #MAX_QUOTED} characters. */
    static String quote(String text) {
        return IndicatorCsvReader.clip(text, MAX_QUOTED);
    }
}
