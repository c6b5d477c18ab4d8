package org.mandala.indicator;

import java.time.LocalDate;

/**
 * One indicator as an analyst wrote it (CONTRACT section 1).
 *
 * @param until     the day a lasting indicator ended, or {@code null}
 * @param magnitude a number ≥ 0, or {@code null}; {@code unit} is set exactly when it is
 * @param grade     Admiralty code, {@code F6} when the row gave none
 */
public record Indicator(String id, LocalDate date, LocalDate until, String type, String actor, String target,
                        Double magnitude, String unit, String grade, String source, String summary) {
}
