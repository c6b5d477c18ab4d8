package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's options; the benchmark itself takes minutes and is run by hand (see README, Benchmarks). */
class BenchmarkCommandTests {

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void helpListsTheOptionsAndMeasuresNothing() {
        assertThat(cli.run("benchmark", "--help", "--out", dir.resolve("b.md").toString(), "1000")).isZero();
        assertThat(cli.out()).contains("[N...]", "--out", "100_000 1_000_000");
        assertThat(dir).isEmptyDirectory();
    }

    @Nested
    class Refuses {

        @Test
        void anUnknownOptionNamingIt() {
            assertThat(cli.run("benchmark", "--outt=" + dir.resolve("b.md"), "1000")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("benchmark: Unknown option: '--outt=", "did you mean --out?");
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        void aSizeThatIsNoPositiveWholeNumber() {
            assertThat(cli.run("benchmark", "--out", dir.resolve("b.md").toString(), "100_000", "1e6")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("'1e6' is not a positive whole number");
            assertThat(dir).isEmptyDirectory();
        }
    }
}
