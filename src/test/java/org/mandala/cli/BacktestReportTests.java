package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mandala.cli.BacktestInputs.Episode;

/** The report's figures and text from months made by hand, including months without a score. */
class BacktestReportTests {

    private static BacktestReport.Month month(String m, Double score, String level, Double reference) {
        return new BacktestReport.Month(YearMonth.parse(m), score, level, reference, null, score == null ? 0 : 5);
    }

    private static final List<BacktestReport.Month> MONTHS = List.of(
            month("2020-01", null, "INSUFFICIENT_DATA", 1.0),
            month("2020-02", 10.0, "LOW", 2.0),
            month("2020-03", 20.0, "GUARDED", 3.0),
            month("2020-04", 30.0, "GUARDED", 4.0),
            month("2020-05", 25.0, "GUARDED", null),
            month("2020-06", 40.0, "ELEVATED", 5.0));

    private static final List<Episode> EPISODES = List.of(
            new Episode(YearMonth.parse("2020-02"), "An episode after a month without a score", "", 2),
            new Episode(YearMonth.parse("2020-03"), "An episode that rose", "", 3),
            new Episode(YearMonth.parse("2021-01"), "An episode after the history", "", 4));

    @Test
    void monthsWithoutAScoreAreLeftOutOfTheFiguresAndShownAsADash() {
        BacktestReport.Figures f = BacktestReport.figures(MONTHS, EPISODES, 100, 1);
        assertThat(f.levels().n()).isEqualTo(4);
        assertThat(f.levels().r()).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(f.measured()).isEqualTo(1);
        assertThat(f.rose()).isEqualTo(1);
        assertThat(f.summary().n()).isEqualTo(5);
        assertThat(f.atZero().length()).isZero();

        BacktestReport.Setup setup = new BacktestReport.Setup("now", new BacktestReport.Input("h.csv", "abc", "6 rows"),
                new BacktestReport.Input("e.csv", "def", "3 episodes"), new BacktestReport.Input("g.csv", "123", "GPRC_IND"),
                "GPRC_IND", "GPRC_BRA", false, "IND", "rules", "v1", "java -jar target/mandala.jar backtest", "chart.svg", 100, 1);
        String md = BacktestReport.markdown(setup, MONTHS, f);
        assertThat(md).contains("| 2020-01 | — | INSUFFICIENT_DATA | 1.00 |", "| 2020-05 | 25.0 | GUARDED | — |",
                "| 2020-02 | An episode after a month without a score | — | 10.0 | — | — (no score) |",
                "| 2020-03 | An episode that rose | 10.0 | 20.0 | +10.0 | yes |",
                "| 2021-01 | An episode after the history | — | — | — | — (outside the months assessed) |",
                "| INSUFFICIENT_DATA | 1 |", "| SEVERE | 0 |", "has no column `GPRC_BRA`");
    }

    @Test
    void keepsWhatFollowsTheMarkerAndAddsTheMarkerWhenThereWasNone() {
        String previous = "# old\n" + BacktestReport.NOTES_MARKER + "\nkept notes\n";
        assertThat(BacktestReport.withNotes("# new\n", previous)).isEqualTo("# new\n" + BacktestReport.NOTES_MARKER + "\nkept notes\n");
        assertThat(BacktestReport.withNotes("# new\n", "# old without a marker\n")).isEqualTo("# new\n" + BacktestReport.NOTES_MARKER + "\n");
        assertThat(BacktestReport.withNotes("# new\n", null)).endsWith(BacktestReport.NOTES_MARKER + "\n");
    }

    @Test
    void aRunAtZeroWithoutAnyEvidenceIsOverTheTargetButExcused() {
        List<BacktestReport.Month> months = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            months.add(new BacktestReport.Month(YearMonth.of(2020, i), 0.0, "LOW", (double) i, null, 0));
        }
        months.add(month("2020-07", 30.0, "GUARDED", 7.0));
        BacktestReport.Figures f = BacktestReport.figures(months, EPISODES, 10, 1);
        assertThat(f.atZero().length()).isEqualTo(6);
        assertThat(BacktestReport.summary(f, "x").get(3)).contains("6 months at 0", "over, but the evidence was empty");
    }
}
