package org.mandala.cli;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.mandala.cli.BacktestInputs.Episode;
import org.mandala.cli.BacktestStats.Correlation;
import org.mandala.cli.BacktestStats.Placebo;
import org.mandala.cli.BacktestStats.Run;
import org.mandala.cli.BacktestStats.Summary;
import org.mandala.model.RiskLevel;

/** The figures of a backtest and {@code reports/validation.md} written from them. */
final class BacktestReport {
    /** Everything from this line to the end of an existing report is kept when the report is rewritten. */
    static final String NOTES_MARKER = "<!-- calibration notes below are kept when the report is rewritten -->";
    static final double TARGET_LEVELS = 0.5;
    static final double TARGET_CHANGES = 0.3;
    static final double TARGET_EPISODES = 0.9;
    static final int TARGET_RUN = 3;
    static final double TOP = 99.95;
    static final double BOTTOM = 0.05;

    /** One month-end: the autonomy score (null when the engine gave none), its level, the reference values, the evidence seen. */
    record Month(YearMonth month, Double score, String level, Double reference, Double placebo, int evidence) {
    }

    /** An input file as the header lists it. */
    record Input(String path, String sha256, String detail) {
    }

    /** What the run was given, for the header. */
    record Setup(String runAt, Input history, Input episodes, Input reference, String series, String placeboSeries,
                 boolean placeboFound, String focus, String rules, String rulesetVersion, String commandLine, String chartFile,
                 int draws, long seed) {
    }

    /** An episode as measured: the change is null when a score is missing or the month is outside the history. */
    record EpisodeResult(Episode episode, Double before, Double after, String note) {
        Double change() {
            return before == null || after == null ? null : after - before;
        }
    }

    /** The figures, computed once for the report and the summary. */
    record Figures(Correlation levels, Correlation changes, Correlation spearman, Correlation placeboLevels,
                   Correlation placeboChanges, List<EpisodeResult> episodes, int measured, int rose, Placebo placebo,
                   Run atZero, Run atHundred, int emptyInZeroRun, Summary summary) {
        double shareRose() {
            return measured == 0 ? Double.NaN : (double) rose / measured;
        }

        Run longestAtBound() {
            return atHundred.length() > atZero.length() ? atHundred : atZero;
        }
    }

    private BacktestReport() {
    }

    static Figures figures(List<Month> months, List<Episode> episodes, int draws, long seed) {
        List<Double> score = months.stream().map(Month::score).toList();
        List<Double> reference = months.stream().map(Month::reference).toList();
        List<Double> placeboSeries = months.stream().map(Month::placebo).toList();
        List<Double> scoreChanges = BacktestStats.changes(score);
        Map<YearMonth, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < months.size(); i++) {
            index.put(months.get(i).month(), i);
        }
        List<EpisodeResult> results = new ArrayList<>();
        int measured = 0;
        int rose = 0;
        for (Episode e : episodes) {
            Integer i = index.get(e.month());
            EpisodeResult r;
            if (i == null) {
                r = new EpisodeResult(e, null, null, "outside the months assessed");
            } else if (i == 0) {
                r = new EpisodeResult(e, null, score.get(0), "first month assessed: no month before");
            } else {
                r = new EpisodeResult(e, score.get(i - 1), score.get(i), score.get(i - 1) == null || score.get(i) == null ? "no score" : "");
            }
            results.add(r);
            if (r.change() != null) {
                measured++;
                rose += BacktestStats.rose(r.change()) ? 1 : 0;
            }
        }
        Set<YearMonth> episodeMonths = episodes.stream().map(Episode::month).collect(Collectors.toSet());
        List<Double> candidates = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            if (scoreChanges.get(i) != null && !episodeMonths.contains(months.get(i).month())) {
                candidates.add(scoreChanges.get(i));
            }
        }
        double share = measured == 0 ? Double.NaN : (double) rose / measured;
        Run zero = BacktestStats.longestRun(score, v -> v < BOTTOM);
        int empty = 0;
        for (int i = zero.start(); zero.length() > 0 && i <= zero.end(); i++) {
            empty += months.get(i).evidence() == 0 ? 1 : 0;
        }
        return new Figures(BacktestStats.pearson(score, reference), BacktestStats.pearson(scoreChanges, BacktestStats.changes(reference)),
                BacktestStats.spearman(score, reference), BacktestStats.pearson(score, placeboSeries),
                BacktestStats.pearson(scoreChanges, BacktestStats.changes(placeboSeries)), results, measured, rose,
                BacktestStats.placebo(candidates, measured, share, draws, seed), zero,
                BacktestStats.longestRun(score, v -> v >= TOP), empty, BacktestStats.summary(score));
    }

    static String markdown(Setup setup, List<Month> months, Figures f) {
        StringBuilder s = new StringBuilder();
        YearMonth first = months.get(0).month();
        YearMonth last = months.get(months.size() - 1).month();
        s.append("# Validation: the autonomy score of ").append(setup.focus()).append(" against history\n\n");
        s.append("Written by `backtest` on ").append(setup.runAt()).append(". Rerun with:\n\n```bash\n").append(setup.commandLine())
                .append("\n```\n\n");
        s.append("| input | file | SHA-256 (12) | |\n|---|---|---|---|\n");
        input(s, "history", setup.history());
        input(s, "episodes", setup.episodes());
        input(s, "reference", setup.reference());
        s.append("| rules | `").append(setup.rules()).append("` | ruleset version `").append(setup.rulesetVersion()).append("` | |\n\n");
        s.append(String.format(Locale.ROOT, "Focus **%s**; %d month-ends assessed, %s to %s; reference series `%s`, placebo series `%s`.%n%n",
                setup.focus(), months.size(), first, last, setup.series(), setup.placeboSeries()));

        s.append("## Chart\n\n![").append(setup.focus()).append(": autonomy score and ").append(setup.series()).append("](")
                .append(setup.chartFile()).append(")\n\n");
        s.append("The score on the left axis (0–100); `").append(setup.series()).append("` on the right axis, scaled to its own minimum "
                + "and maximum over these months; episode months as red ticks (hover for the event).\n\n");

        s.append("## Correlation with ").append(setup.series()).append("\n\n| measure | r | n | target | |\n|---|---:|---:|---:|---|\n");
        target(s, "Pearson, levels", f.levels(), TARGET_LEVELS);
        target(s, "Pearson, month-on-month changes", f.changes(), TARGET_CHANGES);
        s.append("| Spearman, levels | ").append(r(f.spearman())).append(" | ").append(f.spearman().n()).append(" | | |\n\n");
        s.append("Over the months where both the score and the reference have a value (changes: where both have one in the "
                + "month and the month before).\n\n");

        s.append("## Episodes\n\n| onset | event | score before | score after | change | rose |\n|---|---|---:|---:|---:|---|\n");
        for (EpisodeResult e : f.episodes()) {
            Double change = e.change();
            s.append("| ").append(e.episode().month()).append(" | ").append(cell(e.episode().event())).append(" | ")
                    .append(score(e.before())).append(" | ").append(score(e.after())).append(" | ")
                    .append(change == null ? "—" : String.format(Locale.ROOT, "%+.1f", change)).append(" | ")
                    .append(change == null ? "— (" + e.note() + ")" : BacktestStats.rose(change) ? "yes" : "no").append(" |\n");
        }
        s.append(String.format(Locale.ROOT, "%nBefore: the score at the end of the month before the onset; after: at the end of the "
                + "onset month; rose: up by at least %.2f (a rise that shows at one decimal).%n%n", BacktestStats.RISE));
        s.append(String.format(Locale.ROOT, "**Rose in %d of %d episodes measured (%s)**, target %.0f%%: %s.%n%n", f.rose(), f.measured(),
                percent(f.shareRose()), TARGET_EPISODES * 100, f.measured() == 0 ? "not measurable"
                        : verdict(f.shareRose() >= TARGET_EPISODES)));

        s.append("## Placebo and base rates\n\n");
        Placebo p = f.placebo();
        if (p.possible()) {
            s.append(String.format(Locale.ROOT, "**Random months.** %d months drawn at random from the %d that are not episode months "
                            + "and have a change, %d times (seed %d): on average %s of them rose, by a mean change of %+.2f. "
                            + "The episodes' %s is the result to beat; %s of the draws did as well or better.%n%n", p.k(),
                    p.candidates(), p.draws(), p.seed(), percent(p.meanShareRose()), p.meanChange(), percent(f.shareRose()),
                    percent(p.atLeastObserved())));
        } else {
            s.append(String.format(Locale.ROOT, "**Random months.** Not drawn: %d episodes measured, %d other months with a change.%n%n",
                    p.k(), p.candidates()));
        }
        if (setup.placeboFound()) {
            s.append("**A state the history does not concern.** The score against `").append(setup.placeboSeries()).append("`:\n\n")
                    .append("| measure | r | n |\n|---|---:|---:|\n");
            s.append("| Pearson, levels | ").append(r(f.placeboLevels())).append(" | ").append(f.placeboLevels().n()).append(" |\n");
            s.append("| Pearson, month-on-month changes | ").append(r(f.placeboChanges())).append(" | ")
                    .append(f.placeboChanges().n()).append(" |\n\n");
        } else {
            s.append("**A state the history does not concern.** The reference file has no column `").append(setup.placeboSeries())
                    .append("`.\n\n");
        }

        s.append("## Bounds\n\n| run | months | from | to | target | |\n|---|---:|---|---|---:|---|\n");
        bound(s, "longest run at 0 (below 0.05)", f.atZero(), months, f.emptyInZeroRun());
        bound(s, "longest run at 100 (from 99.95)", f.atHundred(), months, -1);
        Summary sm = f.summary();
        s.append(String.format(Locale.ROOT, "%nTarget: no run of more than %d months at a bound unless the evidence really is empty"
                + "%s. Score over %d months with a score: min %s, max %s, mean %s.%n%n", TARGET_RUN,
                f.atZero().length() > 0 ? String.format(Locale.ROOT, " (the run at 0 had no evidence at all in %d of its %d months)",
                        f.emptyInZeroRun(), f.atZero().length()) : "", sm.n(), score(sm.min()), score(sm.max()), score(sm.mean())));

        s.append("## Levels\n\n| level | months |\n|---|---:|\n");
        for (Map.Entry<String, Long> e : levels(months).entrySet()) {
            s.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }

        s.append("\n## Every month\n\n<details><summary>").append(months.size()).append(" month-ends</summary>\n\n")
                .append("| month | score | level | ").append(setup.series()).append(" |\n|---|---:|---|---:|\n");
        for (Month m : months) {
            s.append("| ").append(m.month()).append(" | ").append(score(m.score())).append(" | ")
                    .append(m.level() == null ? "—" : m.level()).append(" | ")
                    .append(m.reference() == null ? "—" : String.format(Locale.ROOT, "%.2f", m.reference())).append(" |\n");
        }
        s.append("\n</details>\n\n");
        return s.toString();
    }

    /** The new report followed by the marker and whatever an earlier report had from the marker on. */
    static String withNotes(String report, String previous) {
        int at = previous == null ? -1 : previous.indexOf(NOTES_MARKER);
        return report + (at >= 0 ? previous.substring(at) : NOTES_MARKER + "\n");
    }

    /** The months at each level: every level of the model in order (none omitted), then any other name the rules gave. */
    static Map<String, Long> levels(List<Month> months) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RiskLevel l : RiskLevel.values()) {
            counts.put(l.name(), 0L);
        }
        TreeMap<String, Long> others = new TreeMap<>();
        for (Month m : months) {
            String level = m.level() == null ? "no autonomy conclusion" : m.level();
            if (counts.containsKey(level)) {
                counts.merge(level, 1L, Long::sum);
            } else {
                others.merge(level, 1L, Long::sum);
            }
        }
        counts.putAll(others);
        return counts;
    }

    /** The five lines printed when the report is written. */
    static List<String> summary(Figures f, String written) {
        Run bound = f.longestAtBound();
        return List.of(
                String.format(Locale.ROOT, "r levels:   %s (n=%d), target %.1f: %s", r(f.levels()), f.levels().n(), TARGET_LEVELS,
                        met(f.levels(), TARGET_LEVELS)),
                String.format(Locale.ROOT, "r changes:  %s (n=%d), target %.1f: %s", r(f.changes()), f.changes().n(), TARGET_CHANGES,
                        met(f.changes(), TARGET_CHANGES)),
                String.format(Locale.ROOT, "episodes:   rose in %d of %d (%s), target %.0f%%: %s", f.rose(), f.measured(),
                        percent(f.shareRose()), TARGET_EPISODES * 100, f.measured() == 0 ? "not measurable"
                                : verdict(f.shareRose() >= TARGET_EPISODES)),
                String.format(Locale.ROOT, "bounds:     longest run %d month%s at %s, target at most %d: %s", bound.length(),
                        bound.length() == 1 ? "" : "s",
                        bound == f.atHundred() ? "100" : "0", TARGET_RUN,
                        boundVerdict(bound, bound == f.atHundred() ? -1 : f.emptyInZeroRun()).replace("**", "")),
                "written:    " + written);
    }

    private static void input(StringBuilder s, String what, Input in) {
        s.append("| ").append(what).append(" | `").append(in.path()).append("` | `").append(in.sha256()).append("` | ")
                .append(in.detail()).append(" |\n");
    }

    private static void target(StringBuilder s, String what, Correlation c, double target) {
        s.append("| ").append(what).append(" | ").append(r(c)).append(" | ").append(c.n()).append(" | ")
                .append(String.format(Locale.ROOT, "≥ %.1f", target)).append(" | ").append(met(c, target)).append(" |\n");
    }

    private static void bound(StringBuilder s, String what, Run run, List<Month> months, int empty) {
        s.append("| ").append(what).append(" | ").append(run.length()).append(" | ")
                .append(run.length() == 0 ? "—" : months.get(run.start()).month()).append(" | ")
                .append(run.length() == 0 ? "—" : months.get(run.end()).month()).append(" | ≤ ").append(TARGET_RUN).append(" | ")
                .append(boundVerdict(run, empty)).append(" |\n");
    }

    /** Met, or not met unless every month of the run had no evidence at all ({@code empty}: such months in it, -1 to not ask). */
    private static String boundVerdict(Run run, int empty) {
        return run.length() <= TARGET_RUN ? "met" : empty == run.length() ? "over, but the evidence was empty" : "**not met**";
    }

    private static String met(Correlation c, double target) {
        return !c.defined() ? "not measurable" : verdict(c.r() >= target);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    static String r(Correlation c) {
        return c.defined() ? String.format(Locale.ROOT, "%.3f", c.r()) : "—";
    }

    static String score(Double v) {
        return v == null || v.isNaN() ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
