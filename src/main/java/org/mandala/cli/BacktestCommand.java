package org.mandala.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.cli.BacktestChart.Axis;
import org.mandala.cli.BacktestInputs.Episode;
import org.mandala.cli.BacktestInputs.InputException;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.CountryNames;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorFormat;
import org.mandala.indicator.IndicatorFormats;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.indicator.ReadResult;
import org.mandala.indicator.ValidationError;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import org.mandala.rules.Ruleset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar target/mandala.jar backtest [--history FILE] [--episodes FILE] [--reference GPR.csv]
 * [--series GPRC_IND] [--focus IND]} (CONTRACT section 6): reads a history of indicators, assesses
 * the focus at every month-end from its first month to its last with the rules of {@code rules/}
 * (no service, no database), and writes {@code reports/validation.md} with an SVG chart beside it
 * ({@code validation-IND.svg}): the autonomy score against a reference index (a GPR export), its
 * correlation in levels and in month-on-month changes, the score before and in the onset month of
 * each registered episode, two placebos as base rates (random months; a series of a state the
 * history does not concern), the longest runs at 0 and 100, the months at each level, and every
 * month. Whatever follows {@value BacktestReport#NOTES_MARKER} in an existing report is kept.
 * Prints a five-line summary. Exits 0 when the report is written (whether or not the targets are
 * met), 2 when an input is missing or malformed (one line naming the file and line; an invalid
 * history with its first 20 line errors) or on a usage error, 1 when the rules stop at a bound.
 */
@Command(name = "backtest", sortOptions = false, usageHelpAutoWidth = true,
        description = "Assesses the focus at every month-end of a history and writes reports/validation.md: the autonomy score"
                + " against a reference index, registered episodes, placebos and bounds, with an SVG chart beside it.",
        footer = {"", "Exit status: 0 when the report is written (targets met or not), 2 when an input is missing or malformed"
                + " or on a usage error, 1 when the rules stop at a bound."})
public final class BacktestCommand implements Callable<Integer> {
    private static final int ERRORS_SHOWN = 20;

    @Option(names = "--history", paramLabel = "FILE", description = "Indicators to assess (default: ${DEFAULT-VALUE}).")
    Path history = Path.of("facts/history/india-1998-2025.csv");

    @Option(names = "--episodes", paramLabel = "FILE", description = "Episode months, month,event,source with yyyy-MM (default: ${DEFAULT-VALUE}).")
    Path episodes = Path.of("facts/history/episodes.csv");

    @Option(names = "--reference", paramLabel = "GPR.csv", description = "The reference index: a GPR export, month as dd/mm/yyyy (default: ${DEFAULT-VALUE}).")
    Path reference = Path.of("../shared/data/gpr/data_gpr_export_andreaskoul.csv");

    @Option(names = "--series", paramLabel = "COLUMN", description = "The reference file's column to compare with (default: ${DEFAULT-VALUE}).")
    String series = "GPRC_IND";

    @Option(names = "--focus", paramLabel = "CODE", description = "The focus state (default: ${DEFAULT-VALUE}).")
    String focus = "IND";

    @Option(names = "--placebo-series", paramLabel = "COLUMN",
            description = "A column of the reference file for a state the history does not concern (default: ${DEFAULT-VALUE}).")
    String placeboSeries = "GPRC_BRA";

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of the history: native, sipri, gdelt1, gdelt2 (default: ${DEFAULT-VALUE}).")
    String format = "native";

    @Option(names = "--from", paramLabel = "yyyy-MM", converter = MonthConverter.class, description = "First month assessed (default: the history's first).")
    YearMonth from;

    @Option(names = "--to", paramLabel = "yyyy-MM", converter = MonthConverter.class, description = "Last month assessed (default: the history's last).")
    YearMonth to;

    @Option(names = "--rules", paramLabel = "DIR", description = "The rules (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--facts", paramLabel = "DIR", description = "Where reference/actors.csv and reference/country-names.csv are (default: ${DEFAULT-VALUE}).")
    Path facts = Path.of("facts");

    @Option(names = "--out", paramLabel = "FILE", description = "The report; the chart goes beside it (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("reports/validation.md");

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random-months placebo (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--draws", paramLabel = "N", description = "Draws of the random-months placebo (default: ${DEFAULT-VALUE}).")
    int draws = 1000;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        quietDrools();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (draws <= 0 || !IndicatorFormats.NAMES.contains(format) || (from != null && to != null && from.isAfter(to))) {
            stderr.println("backtest: --draws must be positive, --format one of " + String.join(", ", IndicatorFormats.NAMES)
                    + ", and --from not after --to");
            return 2;
        }
        try {
            BacktestInputs.requireFile(history, "history");
            BacktestInputs.requireFile(episodes, "episodes");
            BacktestInputs.requireFile(reference, "reference index");
            Ruleset ruleset = RulesetCompiler.compile(RulesetCompiler.readDirectory(rules));
            ActorCodes codes = referenceList(facts.resolve("reference/actors.csv"), ActorCodes::read);
            List<Indicator> indicators = new ArrayList<>();
            ReadResult read = readHistory(ruleset, codes, indicators);
            if (read.hasErrors()) {
                stderr.printf("backtest: %s: refused, %d error%s in the history%s%n", history, read.errorCount(),
                        read.errorCount() == 1 ? "" : "s", read.errorCount() > ERRORS_SHOWN ? "; the first " + ERRORS_SHOWN : "");
                read.errors().stream().limit(ERRORS_SHOWN).forEach(e -> stderr.println("  " + describe(e)));
                return 2;
            }
            if (indicators.isEmpty()) {
                throw new InputException(history, 0, "no indicator in the history");
            }
            List<Episode> episodeList = BacktestInputs.episodes(episodes);
            Map<String, TreeMap<YearMonth, Double>> ref = BacktestInputs.reference(reference, List.of(series, placeboSeries));
            if (!ref.containsKey(series)) {
                throw new InputException(reference, 1, "no column '" + series + "' in the header");
            }

            List<YearMonth> months = months(indicators);
            List<LocalDate> dates = months.stream().map(YearMonth::atEndOfMonth).toList();
            List<Assessment> assessments = AssessmentEngine.assessAll(ruleset, IndicatorSnapshot.of(indicators), 1, focus, dates, codes);

            List<BacktestReport.Month> rows = new ArrayList<>();
            TreeMap<YearMonth, Double> placebo = ref.getOrDefault(placeboSeries, new TreeMap<>());
            for (int i = 0; i < months.size(); i++) {
                Assessment a = assessments.get(i);
                rows.add(new BacktestReport.Month(months.get(i), score(a), a.autonomy() == null ? null : a.autonomy().levelName(),
                        ref.get(series).get(months.get(i)), placebo.get(months.get(i)), a.evidence().size()));
            }
            BacktestReport.Figures figures = BacktestReport.figures(rows, episodeList, draws, seed);

            Path chart = chartPath();
            List<BacktestChart.Line> lines = new ArrayList<>(autonomyLines(assessments));
            lines.add(new BacktestChart.Line(series, "#2166ac", rows.stream().map(BacktestReport.Month::reference).toList(), Axis.REFERENCE));
            String svg = BacktestChart.svg(focus + ": autonomy score and " + series + " by month-end", months, lines,
                    episodeList.stream().map(e -> new BacktestChart.Tick(e.month(), e.event())).toList());
            BacktestReport.Setup setup = new BacktestReport.Setup(
                    ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                    new BacktestReport.Input(history.toString(), BacktestInputs.sha256(history), String.format("%d rows (%s)",
                            read.rows(), format)),
                    new BacktestReport.Input(episodes.toString(), BacktestInputs.sha256(episodes), episodeList.size() + " episodes"),
                    new BacktestReport.Input(reference.toString(), BacktestInputs.sha256(reference), "series `" + series + "`, "
                            + ref.get(series).size() + " months with a value"),
                    series, placeboSeries, ref.containsKey(placeboSeries), focus, rules.toString(), ruleset.version(), commandLine(months),
                    chart.getFileName().toString(), draws, seed);
            String report = BacktestReport.markdown(setup, rows, figures);
            write(chart, svg);
            String previous = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : null;
            write(out, BacktestReport.withNotes(report, previous));
            BacktestReport.summary(figures, out + " and " + chart).forEach(stdout::println);
            stdout.flush();
            return 0;
        } catch (InputException | RulesetException e) {
            stderr.println("backtest: " + e.getMessage());
            return 2;
        } catch (org.mandala.rules.RuleBoundException e) {
            stderr.println("backtest: the rules stopped at a bound: " + e.getMessage());
            return 1;
        } catch (IOException | java.io.UncheckedIOException e) {
            stderr.println("backtest: " + e.getMessage());
            return 2;
        }
    }

    /** Drools logs the building of its knowledge base and its MVEL jitting on standard output, which would bury the summary. */
    private static void quietDrools() {
        for (String name : List.of("org.drools", "org.kie")) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }

    /**
     * The lines drawn on the score's axis, one value per month-end read from its assessment. The
     * components of the score that the engine is about to expose ("structural", "acute") are one
     * line each here, e.g. {@code lines.add(line("structural", "#4393c3", assessments, a -> a.autonomy().structural()));}.
     */
    static List<BacktestChart.Line> autonomyLines(List<Assessment> assessments) {
        List<BacktestChart.Line> lines = new ArrayList<>();
        lines.add(line("autonomy score", "#b2182b", assessments, BacktestCommand::score));
        lines.add(line("structural", "#1f4e79", assessments, a -> a.autonomy().isSufficient() ? a.autonomy().getStructural() : null));
        lines.add(line("acute", "#b35c00", assessments, a -> a.autonomy().isSufficient() ? a.autonomy().getAcute() : null));
        return lines;
    }

    private static BacktestChart.Line line(String name, String colour, List<Assessment> assessments, Function<Assessment, Double> number) {
        return new BacktestChart.Line(name, colour, assessments.stream().map(a -> a.autonomy() == null ? null : finite(number.apply(a)))
                .toList(), Axis.SCORE);
    }

    /** The autonomy score, or null when the engine gave none (no conclusion, or too little data). */
    static Double score(Assessment a) {
        return a.autonomy() == null ? null : finite(a.autonomy().shownScore());
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    private ReadResult readHistory(Ruleset ruleset, ActorCodes codes, List<Indicator> sink) {
        CountryNames names = format.equals("sipri") ? referenceList(facts.resolve("reference/country-names.csv"), CountryNames::read) : null;
        IndicatorFormat reader = IndicatorFormats.of(format, ruleset, codes, names);
        try (InputStream in = Files.newInputStream(history)) {
            return reader.read(in, sink::add);
        } catch (IOException e) {
            throw new InputException(history, 0, "cannot be read: " + e.getMessage());
        }
    }

    /** A reference list of {@code facts/}, its problems (which name the file) as an input error. */
    private static <T> T referenceList(Path file, Function<Path, T> reader) {
        BacktestInputs.requireFile(file, "reference list");
        try {
            return reader.apply(file);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new InputException(file, 0, e.getMessage());
        }
    }

    private String describe(ValidationError e) {
        return history + ":" + e.line() + (e.column() == null ? "" : ", " + e.column()) + ": " + e.message()
                + (e.value() == null ? "" : " ('" + e.value() + "')");
    }

    /** Every month from --from (else the history's first) to --to (else its last). */
    private List<YearMonth> months(List<Indicator> indicators) {
        YearMonth first = from != null ? from : indicators.stream().map(i -> YearMonth.from(i.date())).min(YearMonth::compareTo).orElseThrow();
        YearMonth last = to != null ? to : indicators.stream().map(i -> YearMonth.from(i.date())).max(YearMonth::compareTo).orElseThrow();
        if (first.isAfter(last)) {
            throw new InputException(history, 0, "no month to assess between " + first + " and " + last);
        }
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    private Path chartPath() {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return out.resolveSibling(stem + "-" + focus + ".svg");
    }

    /** The command that makes this report again, every option spelled out, the months fixed. */
    private String commandLine(List<YearMonth> months) {
        List<String> args = new ArrayList<>(List.of("java", "-jar", "target/mandala.jar", "backtest", "--history", history.toString(),
                "--format", format, "--episodes", episodes.toString(), "--reference", reference.toString(), "--series", series,
                "--placebo-series", placeboSeries, "--focus", focus, "--from", months.get(0).toString(), "--to",
                months.get(months.size() - 1).toString(), "--rules", rules.toString(), "--facts", facts.toString(), "--out",
                out.toString(), "--seed", String.valueOf(seed), "--draws", String.valueOf(draws)));
        return String.join(" ", args.stream().map(a -> a.matches("[A-Za-z0-9_./:=+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .toList());
    }

    private static void write(Path file, String text) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** {@code yyyy-MM}. */
    static final class MonthConverter implements CommandLine.ITypeConverter<YearMonth> {
        @Override
        public YearMonth convert(String value) {
            try {
                return YearMonth.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a month as yyyy-MM");
            }
        }
    }
}
