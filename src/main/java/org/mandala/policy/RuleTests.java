package org.mandala.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.assessment.Premises;
import org.mandala.assessment.Warnings;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorCsvReader;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.indicator.ReadResult;
import org.mandala.model.Alignment;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.rules.RuleBoundException;
import org.mandala.rules.RuleInfo;
import org.mandala.rules.RuleProblem;
import org.mandala.rules.Ruleset;
import org.mandala.rules.SessionBounds;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Rule tests: scenario files under {@code rules/tests/} (YAML) with indicators inline as CSV, a
 * focus, a date, and the conclusions expected present (within level and score bounds) or absent.
 * Run by {@code ./mvnw verify}, by validation and activation, and by {@code mandala.jar test-rules}.
 * The result lists each scenario as passed or failed with the differences, and the coverage: the
 * DRL rules that fired in no scenario. Both are gates ({@link #problems}): a ruleset whose
 * scenarios fail, or with a DRL rule that fires in none, is not activated.
 *
 * <pre>
 * scenarios:
 *   - name: A summit and an exercise make a moderate alignment
 *     focus: IND
 *     asOf: 2023-09-30
 *     indicators: |
 *       date,until,type,actor,target,grade
 *       2023-09-30,,SUMMIT_MEETING,RUS,PRK,A1
 *     expect:
 *       - alignment: PRK,RUS
 *         minLevel: WEAK
 *         maxLevel: MODERATE
 *       - threat: ADVERSARY_ARMAMENT CHN,PAK
 *         present: false
 * </pre>
 * An expectation names one conclusion by {@code alignment}, {@code hostility}, {@code threat},
 * {@code axis}, {@code adversary}, {@code partner}, {@code autonomy} (the focus), {@code warning}
 * (a tripwire and its states, e.g. {@code NEW_THREAT PAK,RUS}; its level is its severity) or its
 * {@code conclusion} key, and may name its {@code level} (e.g. {@code INSUFFICIENT_DATA}) or bound it with {@code minLevel}, {@code maxLevel},
 * {@code minScore}, {@code maxScore}. A scenario may set {@code parameters} of
 * {@code parameters.drl.csv} to other values for itself ({@code parameters: {COVERAGE_MIN_SOURCES: 0}}),
 * e.g. so that a small world of a few unsourced indicators counts as enough data about the focus.
 * A scenario with {@code newIndicators} (CSV as {@code indicators}) tests the tripwires: the
 * assessment with them is compared with the one without them (since {@code LAST_CHANGE}) and with the
 * previous month-end of {@code asOf} (since {@code MONTH_END}), as alerts compare a new data version.
 */
public final class RuleTests {
    public static final String DIR = "tests/";
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    record Suite(List<Scenario> scenarios) {
    }

    record Scenario(String name, String focus, LocalDate asOf, Map<String, Double> parameters, String indicators,
                    String newIndicators, List<Expectation> expect) {
    }

    record Expectation(String alignment, String hostility, String threat, String axis, String adversary, String partner,
                       Boolean autonomy, String warning, String conclusion, Boolean present, String level, String minLevel, String maxLevel,
                       Double minScore, Double maxScore) {
    }

    /** One scenario's outcome. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ScenarioResult(String file, String name, boolean passed, List<String> differences) {
    }

    /** Every scenario's outcome, and the DRL rules that fired in none. */
    public record Report(List<ScenarioResult> scenarios, int passed, int failed, List<String> rulesNeverFired) {
        public boolean allPassed() {
            return failed == 0;
        }
    }

    /**
     * What keeps a ruleset from activation: each failing scenario, and each DRL rule that fired in
     * no scenario (decision-table rows fire while the configuration is read, so they do not count),
     * named with its file, so that every rule comes with a scenario that exercises it. Coverage is
     * not judged when a scenario was stopped at a bound: the scenarios after it did not run.
     */
    public static List<RuleProblem> problems(Report report, Ruleset ruleset) {
        List<RuleProblem> problems = new ArrayList<>();
        boolean stopped = false;
        for (ScenarioResult s : report.scenarios()) {
            if (!s.passed()) {
                problems.add(new RuleProblem(s.file(), 0, "rule test \"" + s.name() + "\" fails: " + String.join("; ", s.differences())));
                stopped |= s.differences().stream().anyMatch(d -> d.startsWith(STOPPED));
            }
        }
        if (!stopped) {
            for (String rule : report.rulesNeverFired()) {
                problems.add(new RuleProblem(ruleset.rule(rule).file().replaceFirst("^rules/", ""), 0, "rule \"" + rule
                        + "\" fires in no rule-test scenario: add a scenario under " + DIR + " that makes it fire"));
            }
        }
        return problems;
    }

    private RuleTests() {
    }

    private static final String STOPPED = "the rules were stopped: ";
    /** The bound of a rule-test session where no setting applies (the command line): the default of {@code test-timeout}. */
    public static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);

    /** Runs every {@code tests/*.yaml} of the files against the ruleset compiled from them, within the default bounds. */
    public static Report run(Ruleset ruleset, SortedMap<String, byte[]> files, ActorCodes codes) {
        return run(ruleset, files, codes, SessionBounds.DEFAULTS.withTimeout(TIMEOUT));
    }

    /**
     * Runs every {@code tests/*.yaml} of the files against the ruleset compiled from them. A scenario
     * whose session reaches a bound fails, naming the rule to blame.
     */
    public static Report run(Ruleset ruleset, SortedMap<String, byte[]> files, ActorCodes codes, SessionBounds bounds) {
        List<ScenarioResult> results = new ArrayList<>();
        Set<String> fired = ConcurrentHashMap.newKeySet();
        String[] stopped = {null};
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String path = f.getKey();
            if (!path.startsWith(DIR) || !(path.endsWith(".yaml") || path.endsWith(".yml"))) {
                continue;
            }
            Suite suite;
            try {
                suite = YAML.readValue(f.getValue(), Suite.class);
            } catch (RuntimeException e) {
                results.add(new ScenarioResult(path, "(the file)", false, List.of("cannot be read: " + e.getMessage().lines().findFirst().orElse(""))));
                continue;
            }
            if (suite == null || suite.scenarios() == null || suite.scenarios().isEmpty()) {
                results.add(new ScenarioResult(path, "(the file)", false, List.of("no scenarios: the file needs a list under 'scenarios'")));
                continue;
            }
            for (Scenario s : suite.scenarios()) {
                if (stopped[0] != null) {
                    // one runaway session is verdict enough: the others would each wait for the same bound
                    results.add(new ScenarioResult(path, s.name() == null ? "(unnamed)" : s.name(), false,
                            List.of("not run: an earlier scenario was stopped at a bound (" + stopped[0] + ")")));
                    continue;
                }
                ScenarioResult r = run(path, s, ruleset, codes, fired, bounds);
                if (r.differences().stream().anyMatch(d -> d.startsWith(STOPPED))) {
                    stopped[0] = s.name();
                }
                results.add(r);
            }
        }
        List<String> never = new ArrayList<>();
        for (RuleInfo info : ruleset.rules().values()) {
            if (info.file().endsWith(".drl") && !fired.contains(info.name())) {
                never.add(info.name());
            }
        }
        int passed = (int) results.stream().filter(ScenarioResult::passed).count();
        return new Report(results, passed, results.size() - passed, never);
    }

    private static ScenarioResult run(String file, Scenario s, Ruleset ruleset, ActorCodes codes, Set<String> fired, SessionBounds bounds) {
        String name = s.name() == null ? "(unnamed)" : s.name();
        List<String> differences = new ArrayList<>();
        if (s.asOf() == null || s.indicators() == null || s.expect() == null) {
            return new ScenarioResult(file, name, false, List.of("a scenario needs asOf, indicators and expect"));
        }
        List<Indicator> rows = read("indicators", s.indicators(), ruleset, codes, differences);
        List<Indicator> newRows = s.newIndicators() == null ? List.of() : read("newIndicators", s.newIndicators(), ruleset, codes, differences);
        if (!differences.isEmpty()) {
            return new ScenarioResult(file, name, false, differences);
        }
        String focus = s.focus() == null ? "IND" : s.focus();
        Ruleset used = ruleset;
        if (s.parameters() != null && !s.parameters().isEmpty()) {
            try {
                used = new Ruleset(ruleset.version(), ruleset.files(), ruleset.kieBase(),
                        ruleset.configuration().withParameters(s.parameters()), ruleset.rules(), ruleset.premises(), ruleset.cameo());
            } catch (IllegalArgumentException e) {
                return new ScenarioResult(file, name, false, List.of("parameters: " + e.getMessage()));
            }
        }
        Assessment a;
        Map<ConclusionKey, Conclusion> warnings = new java.util.HashMap<>();
        List<org.mandala.model.Earlier> earlier = new ArrayList<>();
        try {
            List<Indicator> all = new ArrayList<>(rows);
            all.addAll(newRows);
            IndicatorSnapshot snapshot = IndicatorSnapshot.of(all);
            a = AssessmentEngine.assess(used, snapshot, 1, focus, s.asOf(), codes, bounds, fired::add);
            if (!newRows.isEmpty() || s.expect().stream().anyMatch(e -> e.warning() != null)) {
                // the tripwires compare with the assessment before the new indicators and with the previous month-end
                Assessment before = newRows.isEmpty() ? a
                        : AssessmentEngine.assess(used, IndicatorSnapshot.of(rows), 1, focus, s.asOf(), codes, bounds, null);
                Assessment monthEnd = AssessmentEngine.assess(used, snapshot, 1, focus, Warnings.previousMonthEnd(s.asOf()), codes, bounds, null);
                earlier.addAll(Warnings.earlier(before, "since the indicators before newIndicators", monthEnd));
                Warnings.evaluate(a, earlier, bounds, fired::add).forEach(w -> warnings.put(w.key(), w));
            }
        } catch (RuleBoundException e) {
            return new ScenarioResult(file, name, false, List.of(STOPPED + e.getMessage()));
        }
        for (Expectation e : s.expect()) {
            check(e, focus, a, warnings, differences);
        }
        // a rule's premises (its @premiseOf queries) must hold wherever it drew, or why-not would misreport it
        try {
            differences.addAll(Premises.unheld(a, bounds, earlier, warnings.values()));
        } catch (RuleBoundException e) {
            differences.add(STOPPED + e.getMessage());
        }
        return new ScenarioResult(file, name, differences.isEmpty(), differences);
    }

    private static void check(Expectation e, String focus, Assessment a, Map<ConclusionKey, Conclusion> warnings, List<String> differences) {
        ConclusionKey key = key(e, focus);
        if (key == null) {
            differences.add("an expectation must name one conclusion (alignment, hostility, threat, axis, adversary, partner, autonomy,"
                    + " warning or conclusion)");
            return;
        }
        boolean wanted = e.present() == null || e.present();
        Optional<Conclusion> c = key.type() == ConclusionKey.Type.WARNING ? Optional.ofNullable(warnings.get(key)) : a.conclusion(key);
        if (c.isPresent() && c.get() instanceof Alignment al && al.getLevel() == AlignmentLevel.NONE) {
            c = Optional.empty();
        }
        if (!wanted) {
            c.ifPresent(x -> differences.add(key + ": expected absent, but drawn: " + x.describe()));
            return;
        }
        if (c.isEmpty()) {
            differences.add(key + ": expected, but not drawn");
            return;
        }
        String level = c.get().levelName();
        if (e.level() != null && !e.level().strip().equalsIgnoreCase(String.valueOf(level))) {
            differences.add(key + ": level " + level + " is not " + e.level().strip());
        }
        double score = score(c.get());
        for (String bound : java.util.Arrays.asList(e.minLevel(), e.maxLevel())) {
            if (bound != null && rank(bound) < 0) {
                differences.add(key + ": " + bound + " is not a level; levels are " + LEVELS + " or " + RISKS);
                return;
            }
        }
        if (e.minLevel() != null && level != null && rank(level) < rank(e.minLevel())) {
            differences.add(key + ": level " + level + " is below " + e.minLevel());
        }
        if (e.maxLevel() != null && level != null && rank(level) > rank(e.maxLevel())) {
            differences.add(key + ": level " + level + " is above " + e.maxLevel());
        }
        if (e.minScore() != null && score < e.minScore()) {
            differences.add(key + String.format(java.util.Locale.ROOT, ": score %.1f is below %.1f", score, e.minScore()));
        }
        if (e.maxScore() != null && score > e.maxScore()) {
            differences.add(key + String.format(java.util.Locale.ROOT, ": score %.1f is above %.1f", score, e.maxScore()));
        }
    }

    /** The key of the conclusion an expectation names, or null when it names none, or not one. */
    static ConclusionKey key(Expectation e, String focus) {
        try {
            return keyOrThrow(e, focus);
        } catch (IllegalArgumentException notAKey) {
            return null;
        }
    }

    private static ConclusionKey keyOrThrow(Expectation e, String focus) {
        if (e.conclusion() != null) {
            return ConclusionKey.parse(e.conclusion().strip()).orElse(null);
        }
        if (e.alignment() != null) {
            List<String> p = codes(e.alignment());
            return p.size() == 2 ? ConclusionKey.alignment(p.get(0), p.get(1)) : null;
        }
        if (e.hostility() != null) {
            List<String> p = codes(e.hostility());
            return p.size() == 2 ? ConclusionKey.hostility(p.get(0), p.get(1)) : null;
        }
        if (e.threat() != null) {
            String[] parts = e.threat().strip().split("\\s+", 2);
            return parts.length == 2 ? ConclusionKey.threat(parts[0], new TreeSet<>(codes(parts[1]))) : null;
        }
        if (e.warning() != null) {
            String[] parts = e.warning().strip().split("\\s+", 2);
            return parts.length == 2 ? ConclusionKey.warning(parts[0], new TreeSet<>(codes(parts[1]))) : null;
        }
        if (e.axis() != null) {
            return ConclusionKey.axis(new TreeSet<>(codes(e.axis())));
        }
        if (e.adversary() != null) {
            return ConclusionKey.adversary(e.adversary().strip());
        }
        if (e.partner() != null) {
            return ConclusionKey.partner(e.partner().strip());
        }
        if (Boolean.TRUE.equals(e.autonomy())) {
            return ConclusionKey.autonomy(focus);
        }
        return null;
    }

    private static List<String> codes(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static final List<String> LEVELS = List.of("NONE", "WEAK", "MODERATE", "STRONG", "ALLIANCE");
    private static final List<String> RISKS = List.of("LOW", "GUARDED", "ELEVATED", "HIGH", "SEVERE");

    private static int rank(String level) {
        String l = level.strip().toUpperCase(java.util.Locale.ROOT);
        return LEVELS.contains(l) ? LEVELS.indexOf(l) : RISKS.indexOf(l);
    }

    /** The rows of one CSV of a scenario; each line's errors go to the differences. */
    private static List<Indicator> read(String field, String csv, Ruleset ruleset, ActorCodes codes, List<String> differences) {
        List<Indicator> rows = new ArrayList<>();
        IndicatorCsvReader reader = new IndicatorCsvReader(ruleset.configuration().types().keySet(), codes);
        try {
            ReadResult r = reader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), rows::add);
            r.errors().forEach(e -> differences.add(field + " line " + e.line() + (e.column() == null ? "" : ", " + e.column())
                    + ": " + e.message()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static double score(Conclusion c) {
        return c.shownScore() == null ? 0.0 : c.shownScore();
    }
}
