package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTests {

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void writesTheReportOfTheSampleInEveryFormat() throws Exception {
        assertThat(cli.run("report", "--focus", "IND", "--as-of", "2023-09-30", "--out", dir.toString(), "--sample",
                "--logging.level.root=ERROR")).as(cli.err()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("mandala-report-IND-2023-09-30.md",
                    "mandala-report-IND-2023-09-30.html", "mandala-report-IND-2023-09-30.pdf");
        }
        assertThat(cli.out()).contains("wrote " + dir.resolve("mandala-report-IND-2023-09-30.md"));
    }

    @Test
    void helpListsTheOptionsAndWritesNoReport() {
        assertThat(cli.run("report", "--help", "--out", dir.toString(), "--sample")).isZero();
        assertThat(cli.out()).contains("--focus", "--as-of", "--out", "--sample", "--spring.NAME=VALUE");
        assertThat(dir).isEmptyDirectory();
    }

    @Nested
    class Refuses {

        @Test
        void anUnknownOptionNamingItAndWritesNoReport() {
            assertThat(cli.run("report", "--bogus", "--out", dir.toString(), "--sample")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("report: Unknown option: '--bogus'");
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        void aHelpItDoesNotHave() {
            assertThat(cli.run("report", "--help2", "--out", dir.toString())).isEqualTo(2);
            assertThat(cli.err()).contains("'--help2'");
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        void aSpringPropertyWithoutItsValue() {
            assertThat(cli.run("report", "--spring.profiles.active", "postgres", "--out", dir.toString())).isEqualTo(2);
            assertThat(cli.err()).contains("'--spring.profiles.active'", "--name=value");
            assertThat(dir).isEmptyDirectory();
        }

        @Test
        void aDateItCannotRead() {
            assertThat(cli.run("report", "--as-of", "2023-13-01", "--out", dir.toString())).isEqualTo(2);
            assertThat(cli.err()).contains("--as-of", "'2023-13-01' is not a date as yyyy-MM-dd");
            assertThat(dir).isEmptyDirectory();
        }
    }
}
