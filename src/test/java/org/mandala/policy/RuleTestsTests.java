package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mandala.indicator.ActorCodes;
import org.mandala.rules.RulesetCompiler;

/** A rule test that fails says how; coverage names the rules no scenario fired, and refuses them. */
class RuleTestsTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));

    static RuleTests.Report run(String yaml) {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        files.keySet().removeIf(p -> p.startsWith("tests/"));
        files.put("tests/mine.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        return RuleTests.run(RulesetCompiler.compile(files), files, CODES);
    }

    /** One scenario, a summit between Russia and North Korea on 2023-09-30, with these expectations (YAML list items). */
    static RuleTests.Report summitAlone(String expect) {
        return run("scenarios:\n  - name: a summit alone\n    asOf: 2023-09-30\n    indicators: |\n"
                + "      date,type,actor,target,grade\n      2023-09-30,SUMMIT_MEETING,RUS,PRK,A1\n    expect:\n"
                + expect.indent(6));
    }

    @Test
    void aFailingScenarioListsEachDifference() {
        RuleTests.Report r = summitAlone("""
                  - alignment: PRK,RUS
                    minLevel: STRONG
                  - partner: RUS
                  - adversary: PRK
                    present: false
                """);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.scenarios().get(0).differences()).containsExactly("A.PRK-RUS: level WEAK is below STRONG", "P.RUS: expected, but not drawn");
    }

    @Test
    void coverageNamesTheRulesThatFiredInNoScenario() {
        RuleTests.Report r = summitAlone("""
                  - alignment: PRK,RUS
                    maxLevel: WEAK
                """);
        assertThat(r.allPassed()).isTrue();
        assertThat(r.rulesNeverFired()).contains("Arms supplied to an adversary of the focus arm it")
                .doesNotContain("Alignment of two states is their cooperative minus their hostile evidence");
    }

    @Test
    void theGateRefusesEachRuleThatFiredInNoScenarioNamingItsFile() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        files.put("patrol.drl", ("package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"A joint patrol is noted\"\n"
                + "    @description(\"test\")\nwhen\n    Evidence( type == \"JOINT_PATROL\" )\nthen\nend\n").getBytes(StandardCharsets.UTF_8));
        org.mandala.rules.Ruleset ruleset = RulesetCompiler.compile(files);
        RuleTests.Report r = RuleTests.run(ruleset, files, CODES);
        assertThat(r.allPassed()).as("the scenarios pass").isTrue();
        assertThat(RuleTests.problems(r, ruleset)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("patrol.drl");
            assertThat(p.message()).isEqualTo("rule \"A joint patrol is noted\" fires in no rule-test scenario: add a scenario under tests/"
                    + " that makes it fire");
        });
    }

    @Test
    void aMistypedLevelFailsTheScenario() {
        RuleTests.Report r = summitAlone("""
                  - alignment: PRK,RUS
                    minLevel: STRNG
                """);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.scenarios().get(0).differences().get(0)).contains("STRNG is not a level");
    }

    @Test
    void aMistypedFieldIsReportedNotIgnored() {
        RuleTests.Report r = summitAlone("""
                  - alignment: PRK,RUS
                    minLevl: WEAK
                """);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.scenarios().get(0).differences().get(0)).contains("minLevl");
    }
}
