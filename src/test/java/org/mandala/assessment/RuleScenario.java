package org.mandala.assessment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorCsvReader;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Alignment;
import org.mandala.model.Axis;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.model.Threat;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;

/**
 * Runs the shipped rules ({@code rules/}) over indicators written as CSV, for rule tests. The
 * ruleset is compiled once for all tests.
 */
final class RuleScenario {
    static final Ruleset RULESET = RulesetCompiler.compile(RulesetCompiler.readDirectory(Path.of("rules")));
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final String HEADER = "date,until,type,actor,target,grade\n";

    /**
     * The shipped rules with the coverage thresholds at their least (one indicator about the focus, no
     * source, one month), for tests of a few rows that need an autonomy score; with the shipped
     * thresholds such a world is {@code INSUFFICIENT_DATA}.
     */
    static final Ruleset ANY_COVERAGE = withParameters(
            java.util.Map.of("COVERAGE_MIN_INDICATORS", 1.0, "COVERAGE_MIN_SOURCES", 0.0, "COVERAGE_MIN_MONTHS", 1.0));

    private RuleScenario() {
    }

    /** The shipped rules with some parameters set to other values, as a rule-test scenario's {@code parameters} does. */
    static Ruleset withParameters(java.util.Map<String, Double> parameters) {
        return new Ruleset(RULESET.version(), RULESET.files(), RULESET.kieBase(), RULESET.configuration().withParameters(parameters),
                RULESET.rules(), RULESET.premises(), RULESET.cameo());
    }

    /** Parses CSV rows (without header: {@code date,until,type,actor,target,grade}); fails on any invalid row. */
    static List<Indicator> indicators(String rows) {
        return parse(HEADER + rows);
    }

    /** Parses a whole CSV text, header included; fails on any invalid row. */
    static List<Indicator> parse(String csv) {
        List<Indicator> out = new ArrayList<>();
        IndicatorCsvReader reader = new IndicatorCsvReader(RULESET.configuration().types().keySet(), CODES);
        try {
            org.mandala.indicator.ReadResult r = reader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), out::add);
            if (r.hasErrors()) {
                throw new IllegalArgumentException("invalid scenario: " + r.errors());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A summit and an exercise between two states on 2023-09-30, graded A1: 25 points, 26.8 through ALIGNMENT_SCALE 80, MODERATE. */
    static String moderate(String x, String y) {
        return "2023-09-30,,SUMMIT_MEETING," + x + "," + y + ",A1\n2023-09-30,,MILITARY_EXERCISE," + x + "," + y + ",A1\n";
    }

    /** A summit between two states on 2023-09-30, graded A1: 15 points, 17.1 through ALIGNMENT_SCALE 80, WEAK. */
    static String weak(String x, String y) {
        return "2023-09-30,,SUMMIT_MEETING," + x + "," + y + ",A1\n";
    }

    /** As {@link #assess}, with a seventh column: the source. */
    static Assessment assessWithSources(String focus, String asOf, String rows) {
        return AssessmentEngine.assess(RULESET, IndicatorSnapshot.of(parse("date,until,type,actor,target,grade,source\n" + rows)), 1, focus,
                LocalDate.parse(asOf), CODES);
    }

    static Assessment assess(String focus, String asOf, String rows) {
        return assess(RULESET, focus, asOf, rows);
    }

    static Assessment assess(Ruleset ruleset, String focus, String asOf, String rows) {
        return AssessmentEngine.assess(ruleset, IndicatorSnapshot.of(indicators(rows)), 1, focus, LocalDate.parse(asOf), CODES);
    }

    /** The shipped rules with one row of a table replaced, as an analyst would edit it; fails when the row is not there. */
    static Ruleset rulesWithRow(String file, String row, String replacement) {
        java.util.SortedMap<String, byte[]> files = new java.util.TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        String text = new String(files.get(file), StandardCharsets.UTF_8);
        if (!text.contains(row)) {
            throw new IllegalArgumentException(file + " has no row " + row);
        }
        files.put(file, text.replace(row, replacement).getBytes(StandardCharsets.UTF_8));
        return RulesetCompiler.compile(files);
    }

    static Optional<Alignment> alignment(Assessment a, String x, String y) {
        return a.conclusion(ConclusionKey.alignment(x, y)).map(Alignment.class::cast);
    }

    static Optional<Threat> threat(Assessment a, String kind, String... actors) {
        return a.conclusion(ConclusionKey.threat(kind, List.of(actors))).map(Threat.class::cast);
    }

    static Optional<Conclusion> conclusion(Assessment a, String key) {
        return a.conclusion(key);
    }

    static List<List<String>> axes(Assessment a) {
        return a.axes().stream().map(Axis::getMembers).toList();
    }
}
