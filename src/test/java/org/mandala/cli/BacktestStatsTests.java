package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mandala.cli.BacktestStats.Correlation;
import org.mandala.cli.BacktestStats.Placebo;
import org.mandala.cli.BacktestStats.Run;

class BacktestStatsTests {

    @Test
    void pearsonIsOneForSeriesOnALineAndMinusOneForOpposites() {
        List<Double> x = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(BacktestStats.pearson(x, List.of(3.0, 5.0, 7.0, 9.0, 11.0)).r()).isCloseTo(1.0, within(1e-12));
        assertThat(BacktestStats.pearson(x, List.of(10.0, 8.0, 6.0, 4.0, 2.0)).r()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void pearsonMatchesAWorkedExample() {
        // x = 1..5, y = 2,4,5,4,5: r = 6 / sqrt(10 * 6) = 0.7746
        Correlation c = BacktestStats.pearson(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(2.0, 4.0, 5.0, 4.0, 5.0));
        assertThat(c.r()).isCloseTo(0.7746, within(1e-4));
        assertThat(c.n()).isEqualTo(5);
    }

    @Test
    void correlationsSkipMonthsWhereEitherValueIsMissing() {
        Correlation c = BacktestStats.pearson(Arrays.asList(1.0, null, 3.0, 4.0, 99.0), Arrays.asList(2.0, 5.0, 6.0, 8.0, null));
        assertThat(c.n()).isEqualTo(3);
        assertThat(c.r()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void correlationIsUndefinedWithoutVarianceOrWithFewerThanThreePairs() {
        assertThat(BacktestStats.pearson(List.of(1.0, 1.0, 1.0), List.of(1.0, 2.0, 3.0)).defined()).isFalse();
        assertThat(BacktestStats.pearson(List.of(1.0, 2.0), List.of(1.0, 2.0)).defined()).isFalse();
    }

    @Test
    void spearmanSeesAMonotoneCurveAsPerfectAndSharesTiedRanks() {
        List<Double> x = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(BacktestStats.spearman(x, List.of(1.0, 8.0, 27.0, 64.0, 125.0)).r()).isCloseTo(1.0, within(1e-12));
        assertThat(BacktestStats.ranks(new double[] {10, 20, 20, 30})).containsExactly(1.0, 2.5, 2.5, 4.0);
    }

    @Test
    void changesAreMonthOnMonthAndMissingNextToAGap() {
        assertThat(BacktestStats.changes(Arrays.asList(1.0, 3.0, null, 4.0, 2.0))).containsExactly(null, 2.0, null, null, -2.0);
    }

    @Test
    void longestRunFindsTheFirstLongestAndAGapEndsIt() {
        List<Double> v = Arrays.asList(100.0, 100.0, 50.0, 100.0, 100.0, 100.0, null, 100.0, 0.0);
        Run run = BacktestStats.longestRun(v, x -> x >= 99.95);
        assertThat(run.length()).isEqualTo(3);
        assertThat(run.start()).isEqualTo(3);
        assertThat(run.end()).isEqualTo(5);
        assertThat(BacktestStats.longestRun(v, x -> x < 0.05)).isEqualTo(new Run(1, 8));
        assertThat(BacktestStats.longestRun(List.of(50.0), x -> x < 0.05).length()).isZero();
    }

    @Test
    void placeboIsSeededAndReportsTheBaseRate() {
        List<Double> candidates = List.of(1.0, -1.0, 1.0, -1.0);
        Placebo p = BacktestStats.placebo(candidates, 2, 1.0, 2000, 42);
        assertThat(p.meanShareRose()).isCloseTo(0.5, within(0.05));
        assertThat(p.meanChange()).isCloseTo(0.0, within(0.1));
        assertThat(p.atLeastObserved()).isCloseTo(1 / 6.0, within(0.03));
        assertThat(BacktestStats.placebo(candidates, 2, 1.0, 2000, 42)).isEqualTo(p);
        assertThat(BacktestStats.placebo(candidates, 5, 1.0, 10, 1).possible()).isFalse();
    }
}
