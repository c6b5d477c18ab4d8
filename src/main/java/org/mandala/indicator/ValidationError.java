package org.mandala.indicator;

/**
 * Why one cell (or row, or the file) of an upload is refused.
 *
 * @param line   line number as counted in the file, the header being line 1
 * @param column the column's name as the contract spells it, or {@code null} for the whole row
 * @param value  the offending value as written, or {@code null}
 */
public record ValidationError(int line, String column, String value, String message) {
}
