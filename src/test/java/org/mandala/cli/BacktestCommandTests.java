package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

/** The backtest run on the fixtures of {@code src/test/resources/backtest/}, as a user would run it. */
class BacktestCommandTests {
    private static final String FIXTURES = "src/test/resources/backtest/";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new BacktestCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    /** Runs on the fixtures into the temp dir; {@code more} are option-value pairs that add to or replace those. */
    private int runOnFixtures(String... more) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--history", FIXTURES + "history.csv", "--episodes",
                FIXTURES + "episodes.csv", "--reference", FIXTURES + "gpr.csv", "--out", dir.resolve("validation.md").toString(),
                // the history starts in 2018 with background rows, so that the data about India is enough for a score from 2019
                "--from", "2019-01"));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        return run(args.toArray(String[]::new));
    }

    private String report() throws Exception {
        return Files.readString(dir.resolve("validation.md"), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheReportWithCorrelationsEpisodesPlaceboAndBounds() throws Exception {
        assertThat(runOnFixtures()).as(err.toString()).isZero();
        String report = report();
        assertThat(report).contains("| Pearson, levels |", "| Pearson, month-on-month changes |", "| Spearman, levels |",
                "≥ 0.5", "≥ 0.3", "history.csv", "gpr.csv", "ruleset version", "--from 2019-01 --to 2020-12");
        assertThat(report).containsPattern("\\| 2019-02 \\| Fixture: border clash with Pakistan \\| [0-9.—]+ \\| [0-9.—]+ \\|")
                .containsPattern("\\| 2019-08 \\| Fixture: border clash with China \\|")
                .containsPattern("\\| 2020-06 \\| Fixture: deadly border clash with China \\|")
                .containsPattern("Rose in \\d of 3 episodes measured");
        assertThat(report).contains("Random months.", "`GPRC_BRA`", "longest run at 0", "longest run at 100", "| SEVERE |",
                "<details>", "| 2020-12 |", BacktestReport.NOTES_MARKER);
        assertThat(report.lines().filter(l -> l.matches("\\| 20(19|20)-\\d\\d \\| [0-9.]+ \\| [A-Z_]+ \\| .*"))).hasSize(24);
        assertThat(out.toString().lines()).hasSize(5);
        assertThat(out.toString()).contains("r levels:", "r changes:", "episodes:", "bounds:", "validation.md");
    }

    @Test
    void writesTheChartBesideTheReportAsWellFormedSvgLinkedFromIt() throws Exception {
        assertThat(runOnFixtures("--focus", "IND")).isZero();
        Path svg = dir.resolve("validation-IND.svg");
        assertThat(svg).exists();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        // the score, its structural and acute components, and the reference series
        assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(4);
        assertThat(Files.readString(svg)).contains("autonomy score", "structural", "acute", "GPRC_IND", "2019-08: Fixture: border clash with China");
        assertThat(report()).contains("](validation-IND.svg)");
    }

    @Test
    void keepsTheNotesBelowTheMarkerWhenTheReportIsRewritten() throws Exception {
        assertThat(runOnFixtures()).isZero();
        Path report = dir.resolve("validation.md");
        Files.writeString(report, report() + "\n## Calibration\n\nSaturation S tuned on 1998-2010 only.\n", StandardCharsets.UTF_8);
        assertThat(runOnFixtures("--seed", "7")).isZero();
        String again = report();
        assertThat(again).contains("## Calibration", "Saturation S tuned on 1998-2010 only.", "(seed 7)");
        assertThat(again.split(BacktestReport.NOTES_MARKER, -1)).hasSize(2);
    }

    @Test
    void assessesOnlyTheMonthsAsked() throws Exception {
        assertThat(runOnFixtures("--from", "2019-06", "--to", "2019-09")).isZero();
        assertThat(report()).contains("4 month-ends assessed, 2019-06 to 2019-09")
                .containsPattern("\\| 2019-02 \\| Fixture: border clash with Pakistan .*outside the months assessed");
    }

    @Nested
    class Options {
        @Test
        void helpExitsZeroAndListsTheOptions() {
            assertThat(run("--help")).isZero();
            assertThat(out.toString()).contains("--history", "--episodes", "--reference", "--series", "--focus", "--placebo-series",
                    "--format", "--from", "--to", "--out", "--seed");
        }

        @Test
        void refusesAnUnknownOptionNamingIt() {
            assertThat(run("--histroy", "x.csv")).isNotZero();
            assertThat(err.toString()).contains("Unknown option", "--histroy");
        }

        @Test
        void refusesAMonthItCannotRead() {
            assertThat(run("--from", "2019-13")).isNotZero();
            assertThat(err.toString()).contains("--from", "2019-13");
        }
    }

    @Nested
    class BadInputs {
        @Test
        void refusesAMalformedHistoryWithTheLineNumber() throws Exception {
            Path bad = dir.resolve("bad.csv");
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(FIXTURES + "history.csv")));
            lines.set(3, lines.get(3).replace("2019-02-14", "2019-02-31"));
            Files.write(bad, lines);
            assertThat(runOnFixtures("--history", bad.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("refused", bad + ":4", "date").doesNotContain("Exception", "\tat ");
            assertThat(dir.resolve("validation.md")).doesNotExist();
        }

        @Test
        void refusesAMissingEpisodesFileNamingIt() {
            assertThat(runOnFixtures("--episodes", dir.resolve("none.csv").toString())).isEqualTo(2);
            assertThat(err.toString().strip()).contains("none.csv", "no such file").doesNotContain("\n");
        }

        @Test
        void refusesAnEpisodeMonthItCannotReadWithTheLine() throws Exception {
            Path bad = dir.resolve("episodes.csv");
            Files.writeString(bad, "month,event,source\n2019-02,A clash,x\nFeb 2020,Another,y\n");
            assertThat(runOnFixtures("--episodes", bad.toString())).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("backtest: " + bad + ":3: 'Feb 2020' is not a month as yyyy-MM");
        }

        @Test
        void refusesAReferenceWithoutTheSeriesOrWithAValueThatIsNoNumber() throws Exception {
            assertThat(runOnFixtures("--series", "GPRC_XXX")).isEqualTo(2);
            assertThat(err.toString()).contains("gpr.csv:1", "GPRC_XXX");

            Path bad = dir.resolve("gpr.csv");
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(FIXTURES + "gpr.csv")));
            lines.set(5, lines.get(5).replaceFirst(",[^,]+$", ",n/a"));
            Files.write(bad, lines);
            assertThat(runOnFixtures("--reference", bad.toString())).isEqualTo(2);
            assertThat(err.toString()).contains(bad + ":6: GPRC_IND 'n/a' is not a number");
        }
    }
}
