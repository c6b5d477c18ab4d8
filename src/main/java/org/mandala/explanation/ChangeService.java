package org.mandala.explanation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.mandala.assessment.Weighing;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Axis;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.springframework.stereotype.Service;

/**
 * What changed between two assessments of a focus ({@code GET /api/assessment/changes}): between
 * two dates, or between two data versions at one date. Conclusions that appeared, disappeared
 * or changed level or score, each with the indicators whose contribution changed most.
 */
@Service
public class ChangeService {
    /** Causes listed per change. */
    static final int MAX_CAUSES = 10;
    /** A score moving less than this is not a change (scores are shown to one decimal). */
    static final double SCORE_STEP = 0.05;

    /** One changed conclusion; {@code before} or {@code after} is null when it appeared or disappeared. */
    public record Change(Conclusion before, Conclusion after, List<Cause> causes) {
    }

    /** An indicator whose contribution to the conclusion changed: new, gone, or decayed. */
    public record Cause(Indicator indicator, double before, double after) {
    }

    public record Changes(Assessment from, AssessmentKey fromKey, Assessment to, AssessmentKey toKey,
                          List<Change> appeared, List<Change> disappeared, List<Change> changed) {
    }

    private final AssessmentService assessments;
    private final IndicatorRepository indicators;

    ChangeService(AssessmentService assessments, IndicatorRepository indicators) {
        this.assessments = assessments;
        this.indicators = indicators;
    }

    /** Between two dates at the current data version, or between two data versions at {@code to}. */
    public Changes between(String focus, LocalDate from, LocalDate to, Long fromVersion, Long toVersion) {
        if (to == null) {
            throw new InvalidParameterException("to", null, "changes need a to date (and a from date, or fromVersion)");
        }
        AssessmentKey now = assessments.currentKey(focus, to);
        AssessmentKey toKey = new AssessmentKey(now.focus(), to, toVersion == null ? now.dataVersion() : toVersion, now.rulesetVersion());
        AssessmentKey fromKey;
        if (fromVersion != null) {
            fromKey = new AssessmentKey(now.focus(), from == null ? to : from, fromVersion, now.rulesetVersion());
        } else if (from != null) {
            fromKey = new AssessmentKey(now.focus(), from, toKey.dataVersion(), now.rulesetVersion());
        } else {
            throw new InvalidParameterException("from", null, "changes need a from date or a fromVersion");
        }
        if (fromKey.dataVersion() < 0 || toKey.dataVersion() < 0) {
            throw new InvalidParameterException("fromVersion", String.valueOf(fromVersion), "data versions are 0 or more");
        }
        return compare(assessments.assess(fromKey), fromKey, assessments.assess(toKey), toKey, List.of());
    }

    /**
     * What a what-if changes: the assessment at {@code key} against the same with {@code hypothetical}
     * indicators as if stored, each change with its causes (hypothetical indicators among them).
     */
    public Changes whatIf(AssessmentKey key, List<Indicator> hypothetical) {
        return compare(assessments.assess(key), key, assessments.assessWith(key, hypothetical), key, hypothetical);
    }

    /** The conclusions that appeared, disappeared and changed from one assessment to another, with their causes. */
    private Changes compare(Assessment before, AssessmentKey fromKey, Assessment after, AssessmentKey toKey, List<Indicator> hypothetical) {
        Map<ConclusionKey, Conclusion> b = reported(before);
        Map<ConclusionKey, Conclusion> a = reported(after);
        List<Change> appeared = new ArrayList<>();
        List<Change> disappeared = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<Change> all = new ArrayList<>();
        for (Map.Entry<ConclusionKey, Conclusion> e : a.entrySet()) {
            Conclusion old = b.get(e.getKey());
            if (old == null) {
                appeared.add(new Change(null, e.getValue(), List.of()));
            } else if (differ(old, e.getValue())) {
                changed.add(new Change(old, e.getValue(), List.of()));
            }
        }
        for (Map.Entry<ConclusionKey, Conclusion> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                disappeared.add(new Change(e.getValue(), null, List.of()));
            }
        }
        all.addAll(appeared);
        all.addAll(disappeared);
        all.addAll(changed);
        // weigh every change's indicators on both sides, then fetch the rows of the causes at once
        Map<Change, List<long[]>> ranked = new IdentityHashMap<>();
        Set<Long> seqs = new java.util.HashSet<>();
        Map<Long, double[]> scratch = new HashMap<>();
        for (Change c : all) {
            scratch.clear();
            // the same indicators weighed at both dates, so an appearing conclusion shows what grew
            Map<Long, Integer> signs = new HashMap<>();
            signs(before, c.before(), signs);
            signs(after, c.after(), signs);
            signs.forEach((seq, sign) -> scratch.put(seq, new double[] {sign * weigh(before, seq), sign * weigh(after, seq)}));
            List<long[]> top = new ArrayList<>();
            scratch.entrySet().stream()
                    .filter(x -> Math.abs(x.getValue()[1] - x.getValue()[0]) >= SCORE_STEP / 10)
                    .sorted(Comparator.comparingDouble((Map.Entry<Long, double[]> x) -> -Math.abs(x.getValue()[1] - x.getValue()[0]))
                            .thenComparing(Map.Entry::getKey))
                    .limit(MAX_CAUSES)
                    .forEach(x -> top.add(new long[] {x.getKey(), Double.doubleToLongBits(x.getValue()[0]),
                            Double.doubleToLongBits(x.getValue()[1])}));
            top.forEach(t -> seqs.add(t[0]));
            ranked.put(c, top);
        }
        Map<Long, Indicator> rows = new HashMap<>();
        indicators.findBySeq(seqs.stream().filter(s -> !IndicatorSnapshot.isHypothetical(s)).toList())
                .forEach(s -> rows.put(s.seq(), s.indicator()));
        for (int i = 0; i < hypothetical.size(); i++) {
            rows.put(IndicatorSnapshot.HYPOTHETICAL + i, hypothetical.get(i));
        }
        return new Changes(before, fromKey, after, toKey, withCauses(appeared, ranked, rows), withCauses(disappeared, ranked, rows),
                withCauses(changed, ranked, rows));
    }

    private static List<Change> withCauses(List<Change> changes, Map<Change, List<long[]>> ranked, Map<Long, Indicator> rows) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            List<Cause> causes = new ArrayList<>();
            for (long[] t : ranked.get(c)) {
                Indicator i = rows.get(t[0]);
                if (i != null) {
                    causes.add(new Cause(i, round(Double.longBitsToDouble(t[1])), round(Double.longBitsToDouble(t[2]))));
                }
            }
            out.add(new Change(c.before(), c.after(), causes));
        }
        return out;
    }

    /** The sign each indicator beneath a conclusion's score adds with (see {@link ScoreGrounds}), by storage sequence. */
    private static void signs(Assessment a, Conclusion c, Map<Long, Integer> into) {
        if (c == null) {
            return;
        }
        ScoreGrounds.evidence(c, a.ruleset()).forEach((e, sign) -> {
            for (int row : e.rows()) {
                into.putIfAbsent(a.snapshot().seq(row), sign);
            }
        });
    }

    /** An indicator's contribution in an assessment: 0 when it is dated later or not stored yet at its data version. */
    private static double weigh(Assessment a, long seq) {
        int row = a.snapshot().row(seq);
        int asOfDay = (int) a.asOf().toEpochDay();
        if (row < 0 || a.snapshot().date(row) > asOfDay || a.snapshot().dataVersion(row) > a.dataVersion()) {
            return 0.0;
        }
        return Weighing.of(a.snapshot(), row, a.ruleset().configuration(), asOfDay).contribution();
    }

    /** The conclusions an assessment reports: autonomy, threats, alignments above NONE, standing axes; by key. */
    public static Map<ConclusionKey, Conclusion> reported(Assessment a) {
        return a.reported();
    }

    public static boolean differ(Conclusion x, Conclusion y) {
        return !Objects.equals(level(x), level(y)) || Math.abs(score(x) - score(y)) >= SCORE_STEP;
    }

    /** Its level; a standing axis has none, so it reads {@code STANDING}, and a type without one {@code NONE}. */
    public static String level(Conclusion c) {
        if (c.levelName() != null) {
            return c.levelName();
        }
        return c instanceof Axis ? "STANDING" : AlignmentLevel.NONE.name();
    }

    public static double score(Conclusion c) {
        return c.shownScore() == null ? 0.0 : c.shownScore();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
