package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mandala.indicator.ActorCodes;
import org.mandala.rules.RulesetCompiler;

/** A rule test that fails says how; coverage names the rules no scenario fired. */
class RuleTestsTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));

    static RuleTests.Report run(String yaml) {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        files.keySet().removeIf(p -> p.startsWith("tests/"));
        files.put("tests/mine.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        return RuleTests.run(RulesetCompiler.compile(files), files, CODES);
    }

    @Test
    void aFailingScenarioListsEachDifference() {
        RuleTests.Report r = run("""
                scenarios:
                  - name: a summit alone
                    asOf: 2023-09-30
                    indicators: |
                      date,type,actor,target,grade
                      2023-09-30,SUMMIT_MEETING,RUS,PRK,A1
                    expect:
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
        RuleTests.Report r = run("""
                scenarios:
                  - name: a summit alone
                    asOf: 2023-09-30
                    indicators: |
                      date,type,actor,target,grade
                      2023-09-30,SUMMIT_MEETING,RUS,PRK,A1
                    expect:
                      - alignment: PRK,RUS
                        maxLevel: WEAK
                """);
        assertThat(r.allPassed()).isTrue();
        assertThat(r.rulesNeverFired()).contains("Arms supplied to an adversary of the focus arm it")
                .doesNotContain("Alignment of two states is their cooperative minus their hostile evidence");
    }

    @Test
    void aMistypedLevelFailsTheScenario() {
        RuleTests.Report r = run("""
                scenarios:
                  - name: typo in a level
                    asOf: 2023-09-30
                    indicators: |
                      date,type,actor,target,grade
                      2023-09-30,SUMMIT_MEETING,RUS,PRK,A1
                    expect:
                      - alignment: PRK,RUS
                        minLevel: STRNG
                """);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.scenarios().get(0).differences().get(0)).contains("STRNG is not a level");
    }

    @Test
    void aMistypedFieldIsReportedNotIgnored() {
        RuleTests.Report r = run("""
                scenarios:
                  - name: typo
                    asOf: 2023-09-30
                    indicators: |
                      date,type,actor,target,grade
                      2023-09-30,SUMMIT_MEETING,RUS,PRK,A1
                    expect:
                      - alignment: PRK,RUS
                        minLevl: WEAK
                """);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.scenarios().get(0).differences().get(0)).contains("minLevl");
    }
}
