package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every reader, fed mutated files of every format ({@link FuzzedFiles}), answers with a result:
 * never an exception. A refusal lists line-numbered errors that quote at most a short piece of the
 * file; an acceptance accounts for every row and passes on only indicators that can be stored.
 * A few hundred cases by default; {@code -Dfuzz.cases=10000} for more, {@code -Dfuzz.seed=N} to
 * start elsewhere (a failure names the seed that makes its case again).
 */
class ReaderFuzzTests {
    static final int CASES = Integer.getInteger("fuzz.cases", 1000);
    static final long SEED = Long.getLong("fuzz.seed", 20_260_510L);
    /** Longest {@code value} or {@code column} an error may quote; a message may be longer by its own words. */
    static final int MAX_QUOTED = 100;
    static final int MAX_MESSAGE = 400;
    private static final Pattern GRADE = Pattern.compile("[A-F][1-6]");

    @Test
    void noMutatedFileMakesAReaderFailAndEveryAnswerIsSound() {
        FuzzedFiles files = FuzzedFiles.load();
        Map<String, List<FuzzedFiles.Case>> failures = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            FuzzedFiles.Case c = files.generate(SEED + i);
            List<Indicator> sunk = new ArrayList<>();
            String failure;
            try {
                ReadResult r = IndicatorFormats.of(c.format(), ImportFormatsTests.RULESET, ImportFormatsTests.CODES, ImportFormatsTests.NAMES)
                        .read(new ByteArrayInputStream(c.bytes()), sunk::add);
                failure = unsound(r, sunk, c);
                outcomes.merge(c.format() + (r.hasErrors() ? " refused" : " accepted"), 1, Integer::sum);
            } catch (Throwable t) {
                failure = "throws " + t.getClass().getName() + where(t);
            }
            if (failure != null) {
                failures.computeIfAbsent(failure, k -> new ArrayList<>()).add(c);
            }
        }
        System.out.println("fuzzed " + CASES + " files from seed " + SEED + ": " + outcomes);
        failures.forEach((what, cases) -> System.out.println(cases.size() + " x " + what + "; first: " + cases.get(0)));
        assertThat(failures.keySet()).as("classes of failure, each with its count and first case:%n%s", describe(failures)).isEmpty();
    }

    private static String describe(Map<String, List<FuzzedFiles.Case>> failures) {
        StringBuilder s = new StringBuilder();
        failures.forEach((what, cases) -> s.append(cases.size()).append(" x ").append(what).append("\n    first: ").append(cases.get(0))
                .append('\n'));
        return s.toString();
    }

    /** The first frame of Mandala's own code: where a crash escaped from. */
    private static String where(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("org.mandala.")) {
                return " at " + e.getClassName().substring("org.mandala.".length()) + "." + e.getMethodName();
            }
        }
        return "";
    }

    /** Why the answer is not sound, or null when it is. */
    static String unsound(ReadResult r, List<Indicator> sunk, FuzzedFiles.Case c) {
        if (r.errorCount() < r.errors().size() || r.hasErrors() && r.errors().isEmpty()) {
            return "errors counted and listed disagree";
        }
        long lines = 1;
        for (byte b : c.bytes()) {
            if (b == '\n' || b == '\r') {
                lines++;
            }
        }
        for (ValidationError e : r.errors()) {
            if (e.line() < 1 || e.line() > lines) {
                return "an error on line " + (e.line() < 1 ? "below 1" : "beyond the file");
            }
            if (e.message() == null || e.message().isBlank()) {
                return "an error without a message";
            }
            if (e.message().length() > MAX_MESSAGE) {
                return "a message longer than " + MAX_MESSAGE + " characters: " + e.message().substring(0, 60);
            }
            if (e.value() != null && e.value().length() > MAX_QUOTED || e.column() != null && e.column().length() > MAX_QUOTED) {
                return "an error quoting more than " + MAX_QUOTED + " characters of the file: " + e.message();
            }
            if (e.message().contains("lost text") || e.message().contains("Exception") || e.message().contains("CSV line:")) {
                return "an error passing on a parser's message: " + e.message().substring(0, Math.min(60, e.message().length()));
            }
        }
        if (r.hasErrors()) {
            return null;
        }
        long skipped = r.skipped().values().stream().mapToLong(Long::longValue).sum();
        if (r.rows() != r.valid() + skipped || r.valid() != sunk.size()) {
            return "an accepted file whose rows do not add up";
        }
        for (Indicator i : sunk) {
            String why = unstorable(i);
            if (why != null) {
                return "an accepted indicator that cannot be stored: " + why;
            }
        }
        return null;
    }

    /** Why the indicator breaks the contract or the table it goes to, or null when it does not. */
    static String unstorable(Indicator i) {
        Set<String> types = ImportFormatsTests.RULESET.configuration().types().keySet();
        if (i.id() == null || i.id().isBlank() || i.id().length() > IndicatorCsvReader.MAX_ID || i.id().chars().anyMatch(Character::isISOControl)) {
            return "its id is blank, too long or has control characters";
        }
        if (i.date() == null || i.until() != null && i.until().isBefore(i.date())) {
            return "no date, or until before date";
        }
        if (!types.contains(i.type())) {
            return "type not in the catalogue";
        }
        if (!ImportFormatsTests.CODES.isKnown(i.actor()) || !ImportFormatsTests.CODES.isKnown(i.target()) || i.actor().equals(i.target())) {
            return "actor or target unknown, or the same";
        }
        if (i.magnitude() != null && (!Double.isFinite(i.magnitude()) || i.magnitude() < 0)) {
            return "magnitude not a finite number >= 0";
        }
        if ((i.magnitude() == null) != (i.unit() == null) || i.unit() != null && !IndicatorCsvReader.UNITS.contains(i.unit())) {
            return "unit without magnitude, magnitude without unit, or unknown unit";
        }
        if (i.grade() == null || !GRADE.matcher(i.grade()).matches()) {
            return "grade not an Admiralty code";
        }
        if (i.source() != null && i.source().length() > IndicatorCsvReader.MAX_TEXT
                || i.summary() != null && i.summary().length() > IndicatorCsvReader.MAX_TEXT) {
            return "source or summary longer than " + IndicatorCsvReader.MAX_TEXT;
        }
        return null;
    }
}
