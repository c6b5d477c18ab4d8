package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRulesCommandTests {
    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void runsTheScenariosOfTheShippedRulesAndFindsEveryRuleCovered() {
        assertThat(cli.run("test-rules", "rules", "--facts", "facts")).as(cli.out()).isZero();
        assertThat(cli.out()).contains("PASS ", " 0 failed", "coverage: every rule fired in at least one scenario");
    }

    @Test
    void helpListsTheOptionsAndRunsNoScenario() {
        assertThat(cli.run("test-rules", "--help")).isZero();
        assertThat(cli.out()).contains("RULES_DIR", "--facts").doesNotContain("PASS");
    }

    @Nested
    class Refuses {

        @Test
        void anUnknownOptionNamingIt() {
            assertThat(cli.run("test-rules", "--bogus", "rules")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("test-rules: Unknown option: '--bogus'");
            assertThat(cli.out()).isEmpty();
        }

        @Test
        void aSecondRulesDirectory() {
            assertThat(cli.run("test-rules", "rules", "more-rules")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("'more-rules'");
        }

        @Test
        void factsWithoutTheReferenceListOfActorsInOneLine(@TempDir Path facts) {
            assertThat(cli.run("test-rules", "rules", "--facts", facts.toString())).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("cannot read the reference list of actor codes");
        }
    }
}
