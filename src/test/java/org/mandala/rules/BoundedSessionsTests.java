package org.mandala.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorSnapshot;

/**
 * Every rule session is bounded: a rule that loops in its consequence, recurses, fires without end
 * or allocates without end is stopped, naming the rule, and the thread is free again. Rule code
 * calls only allow-listed members: each bypass found by the reliability campaign stays a test.
 */
@Timeout(60)
class BoundedSessionsTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final SessionBounds SHORT = new SessionBounds(100_000, Duration.ofSeconds(2), 1L << 30, 1_000_000);
    static final LocalDate AS_OF = LocalDate.of(2023, 9, 30);

    static Ruleset compile(String drl) {
        return RulesetCompiler.compile(SandboxTests.with("runaway.drl", drl));
    }

    static String rule(String name, String when, String then) {
        return "package mandala.rules;\nimport org.mandala.model.*;\nimport java.util.*;\nglobal Configuration cfg;\n\nrule \"" + name
                + "\"\n    @description(\"test\")\nwhen\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    static void assess(Ruleset r, List<Indicator> rows) {
        AssessmentEngine.assess(r, IndicatorSnapshot.of(rows), 1, "IND", AS_OF, CODES, SHORT, null);
    }

    static final List<Indicator> ATA = List.of(new Indicator("x1", AS_OF.minusDays(3), null, "SUMMIT_MEETING", "ATA", "IND", null,
            null, "B2", "test", "a summit"));

    @Test
    void aConsequenceThatLoopsForeverIsStoppedNamingItsRule() {
        Ruleset r = compile(rule("Spins on ATA", "Evidence( actor == \"ATA\" )", "while (true) { }"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> assess(r, ATA)).isInstanceOfSatisfying(RuleBoundException.class, e -> {
            assertThat(e.rule()).isEqualTo("Spins on ATA");
            assertThat(e.bound()).isEqualTo(RuleBoundException.Bound.CODE);
            assertThat(e.rulesetVersion()).isEqualTo(r.version());
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        // the same ruleset on data without ATA runs as before
        assess(r, List.of());
    }

    @Test
    void aLoopThatCatchesTheBoundStillStops() {
        Ruleset r = compile(rule("Swallows its bound", "Focus()",
                "while (true) { try { while (true) { } } catch (Throwable t) { } }"));
        assertThatThrownBy(() -> assess(r, List.of())).isInstanceOf(RuleBoundException.class);
    }

    @Test
    void rulesThatFireWithoutEndStopAtTheFiringLimitNamingTheRule() {
        Ruleset r = compile("package mandala.rules;\nimport org.mandala.model.*;\n\ndeclare Counter\n    n : int\nend\n\n"
                + "rule \"Start counting\"\n    @description(\"test\")\nwhen\n    Focus()\nthen\n    insert( new Counter( 0 ) );\nend\n\n"
                + "rule \"Count for ever\"\n    @description(\"test\")\nwhen\n    $c : Counter( n >= 0 )\nthen\n"
                + "    modify( $c ) { setN( $c.getN() + 1 ) }\nend\n");
        assertThatThrownBy(() -> assess(r, List.of())).isInstanceOfSatisfying(RuleBoundException.class, e -> {
            assertThat(e.bound()).isEqualTo(RuleBoundException.Bound.FIRINGS);
            assertThat(e.rule()).isEqualTo("Count for ever");
        });
    }

    @Test
    void aFunctionThatRecursesWithoutEndIsStopped() {
        Ruleset r = compile("package mandala.rules;\nimport org.mandala.model.*;\n\n"
                + "function long grow(long n) { return grow(n + 1) + grow(n + 2); }\n\n"
                + rule("Recurses", "Focus()", "grow( 0 );").substring("package mandala.rules;\nimport org.mandala.model.*;\nimport java.util.*;\n".length()));
        assertThatThrownBy(() -> assess(r, List.of())).isInstanceOfSatisfying(RuleBoundException.class,
                e -> assertThat(e.rule()).isEqualTo("function grow"));
    }

    @Test
    void aPremiseWhoseQueryLoopsForeverIsStopped() {
        Ruleset r = compile("package mandala.rules;\nimport org.mandala.model.*;\n\n"
                + "function boolean spins(String s) { while (true) { } }\n\n"
                + "query \"{who} spins\" ( String $who )\n    @premiseOf(\"Never\")\n    Focus( spins( $who ) )\nend\n\n"
                + rule("Never", "Focus( state == \"ATA\" )", "").substring("package mandala.rules;\nimport org.mandala.model.*;\nimport java.util.*;\n".length()));
        org.mandala.assessment.Assessment a = AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of()), 1, "IND", AS_OF, CODES, SHORT, null);
        long start = System.nanoTime();
        try (org.mandala.assessment.Premises premises = org.mandala.assessment.Premises.of(a, SHORT)) {
            assertThatThrownBy(() -> premises.best(r.premises("Never"), List.of("ATA"))).isInstanceOfSatisfying(RuleBoundException.class,
                    e -> assertThat(e.bound()).isEqualTo(RuleBoundException.Bound.CODE));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aHugeArrayIsRefusedBeforeItIsMade() {
        Ruleset r = compile(rule("Hoards", "Focus()", "long[] a = new long[ 400000000 ];"));
        assertThatThrownBy(() -> assess(r, List.of())).isInstanceOfSatisfying(RuleBoundException.class,
                e -> assertThat(e.getMessage()).contains("array of 400000000"));
    }

    @Test
    void aStringThatDoublesInALoopStopsAtTheMemoryBound() {
        Ruleset r = compile(rule("Doubles", "Focus()", "String s = \"x\"; for (int i = 0; i < 40; i++) { s = s + s; }"));
        SessionBounds tight = new SessionBounds(100_000, Duration.ofSeconds(20), 64L << 20, 1_000_000);
        assertThatThrownBy(() -> AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of()), 1, "IND", AS_OF, CODES, tight, null))
                .isInstanceOfSatisfying(RuleBoundException.class, e -> assertThat(e.getMessage()).contains("memory"));
    }

    @Test
    void aRuleTestThatHitsABoundFailsNamingTheRule() {
        Ruleset r = compile(rule("Spins on a summit", "Evidence( type == \"SUMMIT_MEETING\" )", "while (true) { }"));
        var files = SandboxTests.with("tests/spin.yaml", "scenarios:\n  - name: a summit\n    asOf: 2023-09-30\n    indicators: |\n"
                + "      date,type,actor,target,grade\n      2023-09-01,SUMMIT_MEETING,RUS,PRK,A1\n    expect:\n      - alignment: PRK,RUS\n");
        var report = org.mandala.policy.RuleTests.run(r, files, CODES, SHORT);
        assertThat(report.scenarios()).anySatisfy(s -> {
            assertThat(s.passed()).isFalse();
            assertThat(String.join(" ", s.differences())).contains("Spins on a summit");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "String s = String.format( \"%0999999999d\", 1 );",
        "List l = new ArrayList( Collections.nCopies( 400000000, \"x\" ) );",
        "List l = new ArrayList( 400000000 );",
        "String s = \"x\".repeat( 1000000000 );",
        "drools.getKieRuntime().getKieBase().removeRule( \"mandala.rules\", \"x\" );",
        "drools.halt();",
        "Object o = AlignmentLevel.MODERATE.getDeclaringClass();",
        "Object o = ResourceBundle.getBundle( \"messages\" );",
        "\"a\".matches( \"(a+)+b\" );"})
    void membersOffTheAllowListAreRefused(String consequence) {
        assertThatThrownBy(() -> compile(rule("Reaches out", "Focus()", consequence)))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.message()).containsAnyOf("not allowed", "may not use")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dialect 'mvel'", "dialect \"mvel\"", "dialect\t'MVEL'", "dialect\n\"mvel\""})
    void onlyTheJavaDialectInAnyQuoting(String dialect) {
        String drl = "package mandala.rules;\nimport org.mandala.model.*;\n" + dialect + "\n\nrule \"Interpreted\"\n    @description(\"t\")\n"
                + "when\n    Focus()\nthen\n    System.out.println( 1 );\nend\n";
        String ruleLevel = "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"Interpreted\"\n    @description(\"t\")\n    "
                + dialect + "\nwhen\n    Focus()\nthen\n    int x = 1;\nend\n";
        for (String text : List.of(drl, ruleLevel)) {
            assertThatThrownBy(() -> compile(text)).isInstanceOfSatisfying(RulesetException.class,
                    e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("java dialect")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$x : Object() from AlignmentLevel.MODERATE.declaringClass",
        "$x : Object() from AlignmentLevel.MODERATE.getDeclaringClass()",
        "$x : Object() from RiskLevel.HIGH.class",
        "Focus( $c : class )"})
    void constraintsThatMvelInterpretsReachNoReflection(String when) {
        assertThatThrownBy(() -> compile(rule("Reflects", when, "int x = 1;")))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).isNotEmpty());
    }

    @Test
    void theShippedRulesStillCompileAndRunWithinTheBounds() {
        Ruleset r = RulesetCompiler.compile(SandboxTests.SHIPPED);
        assertThat(AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of()), 1, "IND", AS_OF, CODES, SHORT, null)).isNotNull();
    }
}
