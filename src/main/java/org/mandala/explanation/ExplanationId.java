package org.mandala.explanation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mandala.assessment.AssessmentKey;
import org.mandala.model.ConclusionKey;

/**
 * The id of an explanation: the key of the assessment it belongs to and the key of the
 * conclusion, e.g. {@code IND.2023-09-30.4.3f2a9c1b7d0e.A.PRK-RUS}. Stateless: whoever holds
 * the same data and ruleset versions can rebuild the explanation from the id alone.
 */
public record ExplanationId(AssessmentKey assessment, ConclusionKey conclusion) {
    private static final Pattern SHAPE = Pattern.compile("([A-Z]{3})\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d{1,18})\\.([0-9a-f]{6,64})\\.([A-Z]\\.[A-Za-z0-9_.-]+)");

    public static String of(AssessmentKey key, ConclusionKey conclusionKey) {
        return key.focus() + "." + key.asOf() + "." + key.dataVersion() + "." + key.rulesetVersion() + "." + conclusionKey;
    }

    public static Optional<ExplanationId> parse(String id) {
        Matcher m = SHAPE.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<ConclusionKey> conclusion = ConclusionKey.parse(m.group(5));
        if (conclusion.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ExplanationId(new AssessmentKey(m.group(1), LocalDate.parse(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4)), conclusion.get()));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
