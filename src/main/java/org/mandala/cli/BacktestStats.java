package org.mandala.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoublePredicate;

/**
 * The backtest's statistics over monthly series in which {@code null} means no value: correlations
 * over the months where both series have one, month-on-month changes, runs, and a seeded placebo.
 */
final class BacktestStats {
    /** A rise smaller than this does not show at one decimal, so it does not count as a rise. */
    static final double RISE = 0.05;

    private BacktestStats() {
    }

    /** A correlation coefficient and the number of pairs it rests on; {@code r} is NaN when it is undefined. */
    record Correlation(double r, int n) {
        boolean defined() {
            return !Double.isNaN(r);
        }
    }

    /** Pearson's r over the positions where both series have a value; undefined below 3 pairs or without variance. */
    static Correlation pearson(List<Double> x, List<Double> y) {
        double[][] p = pairs(x, y);
        return new Correlation(pearson(p[0], p[1]), p[0].length);
    }

    /** Spearman's rank correlation (Pearson's r of the ranks, ties given their mean rank) over the same pairs. */
    static Correlation spearman(List<Double> x, List<Double> y) {
        double[][] p = pairs(x, y);
        return new Correlation(pearson(ranks(p[0]), ranks(p[1])), p[0].length);
    }

    /** Month-on-month changes: element {@code i} is {@code x[i] − x[i−1]}, null when either is missing (always the first). */
    static List<Double> changes(List<Double> x) {
        List<Double> d = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) {
            d.add(i == 0 || x.get(i) == null || x.get(i - 1) == null ? null : x.get(i) - x.get(i - 1));
        }
        return d;
    }

    /** A run of consecutive positions: its length and where it starts (-1 when empty). */
    record Run(int length, int start) {
        int end() {
            return start + length - 1;
        }
    }

    /** The longest run of consecutive values that hold {@code test}; a missing value ends a run. The first such run on ties. */
    static Run longestRun(List<Double> values, DoublePredicate test) {
        Run best = new Run(0, -1);
        int start = -1;
        for (int i = 0; i <= values.size(); i++) {
            boolean holds = i < values.size() && values.get(i) != null && test.test(values.get(i));
            if (holds && start < 0) {
                start = i;
            } else if (!holds && start >= 0) {
                if (i - start > best.length()) {
                    best = new Run(i - start, start);
                }
                start = -1;
            }
        }
        return best;
    }

    /** Minimum, maximum and mean of the values present; NaN for each when there is none. */
    record Summary(double min, double max, double mean, int n) {
    }

    static Summary summary(List<Double> values) {
        double[] v = values.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new Summary(Arrays.stream(v).min().orElseThrow(), Arrays.stream(v).max().orElseThrow(),
                Arrays.stream(v).average().orElseThrow(), v.length);
    }

    static boolean rose(double change) {
        return change >= RISE;
    }

    /**
     * The base rate of the episodes' result: {@code draws} times, {@code k} of the candidate changes
     * drawn at random without replacement; the mean share that rose, the mean change, and the share
     * of draws in which at least {@code observedShare} rose.
     */
    record Placebo(int k, int candidates, int draws, long seed, double meanShareRose, double meanChange, double atLeastObserved) {
        boolean possible() {
            return k > 0 && candidates >= k;
        }
    }

    static Placebo placebo(List<Double> candidates, int k, double observedShare, int draws, long seed) {
        if (k <= 0 || candidates.size() < k || draws <= 0) {
            return new Placebo(k, candidates.size(), 0, seed, Double.NaN, Double.NaN, Double.NaN);
        }
        Random random = new Random(seed);
        double[] pool = candidates.stream().mapToDouble(Double::doubleValue).toArray();
        double shares = 0;
        double changes = 0;
        int asGood = 0;
        for (int d = 0; d < draws; d++) {
            int rose = 0;
            double sum = 0;
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(pool.length - i);
                double t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                rose += rose(pool[i]) ? 1 : 0;
                sum += pool[i];
            }
            double share = (double) rose / k;
            shares += share;
            changes += sum / k;
            asGood += share >= observedShare - 1e-12 ? 1 : 0;
        }
        return new Placebo(k, pool.length, draws, seed, shares / draws, changes / draws, (double) asGood / draws);
    }

    private static double[][] pairs(List<Double> x, List<Double> y) {
        int size = Math.min(x.size(), y.size());
        double[] a = new double[size];
        double[] b = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (x.get(i) != null && y.get(i) != null) {
                a[n] = x.get(i);
                b[n++] = y.get(i);
            }
        }
        return new double[][] {Arrays.copyOf(a, n), Arrays.copyOf(b, n)};
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 3) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** Ranks from 1, ties sharing the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[order[t]] = mean;
            }
            i = j + 1;
        }
        return r;
    }
}
