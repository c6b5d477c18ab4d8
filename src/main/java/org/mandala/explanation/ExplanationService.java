package org.mandala.explanation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.Weighing;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Alignment;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.model.Evidence;
import org.mandala.model.Polarity;
import org.mandala.rules.RuleInfo;
import org.mandala.rules.Wording;
import org.springframework.stereotype.Service;

/** Builds explanations on request, from the conclusions' grounds; nothing is built on the assessment's hot path. */
@Service
public class ExplanationService {
    /** Indicators listed per conclusion; the rest are summed into {@code omittedContribution}. */
    static final int MAX_INDICATORS = 50;
    private static final int MAX_DEPTH = 8;
    /** Conclusions expanded per node; the rest are counted, so a dense assessment's tree stays readable. */
    static final int MAX_NESTED = 25;

    private final AssessmentService assessments;
    private final IndicatorRepository indicators;

    ExplanationService(AssessmentService assessments, IndicatorRepository indicators) {
        this.assessments = assessments;
        this.indicators = indicators;
    }

    /**
     * The explanation of that id, or empty when the id names no conclusion.
     *
     * @throws AssessmentService.UnknownVersionException when the id names versions this service cannot rebuild
     */
    public Optional<Explanation> explain(String id) {
        Optional<ExplanationId> parsed = ExplanationId.parse(id);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        AssessmentKey key = parsed.get().assessment();
        assessments.focus(key.focus());
        Assessment assessment = assessments.assess(key);
        return assessment.conclusion(parsed.get().conclusion()).map(c -> explain(assessment, key, c));
    }

    public Explanation explain(Assessment assessment, AssessmentKey key, Conclusion conclusion) {
        return explain(assessment, key, conclusion, List.of());
    }

    /**
     * The explanation of a conclusion of a what-if's assessment, whose {@code hypothetical} indicators
     * are not stored: it has no id (no id could rebuild it), and cites the hypothetical rows as such.
     */
    public Explanation explainHypothetical(Assessment assessment, Conclusion conclusion, List<Indicator> hypothetical) {
        return explain(assessment, null, conclusion, hypothetical);
    }

    private Explanation explain(Assessment assessment, AssessmentKey key, Conclusion conclusion, List<Indicator> hypothetical) {
        Builder builder = new Builder(assessment, key);
        builder.collect(conclusion, 0, new HashSet<>());
        Map<Long, Indicator> rows = new HashMap<>();
        indicators.findBySeq(builder.seqs.stream().filter(s -> !IndicatorSnapshot.isHypothetical(s)).toList())
                .forEach(s -> rows.put(s.seq(), s.indicator()));
        for (int i = 0; i < hypothetical.size(); i++) {
            rows.put(IndicatorSnapshot.HYPOTHETICAL + i, hypothetical.get(i));
        }
        builder.rows = rows;
        return builder.build(conclusion, 0, new HashSet<>());
    }

    /**
     * The indicators that weigh most in a conclusion's score, through the conclusions it rests on
     * (conditions left out, see {@link ScoreGrounds}), with their signed contributions: what a report cites.
     */
    public List<Explanation.Because> weightiest(Assessment assessment, AssessmentKey key, Conclusion conclusion, int n) {
        Builder builder = new Builder(assessment, key);
        List<Weighed> top = builder.beneath(conclusion);
        top = top.subList(0, Math.min(n, top.size()));
        top.forEach(w -> builder.seqs.add(assessment.snapshot().seq(w.row())));
        Map<Long, Indicator> rows = new HashMap<>();
        indicators.findBySeq(builder.seqs).forEach(x -> rows.put(x.seq(), x.indicator()));
        builder.rows = rows;
        return top.stream().map(builder::entry).toList();
    }

    /** A weighed indicator row of one node. */
    private record Weighed(int row, Weighing weighing, double factor, double signedContribution) {
    }

    private static final class Builder {
        private final Assessment assessment;
        private final AssessmentKey key;
        private final int asOfDay;
        private final Set<Long> seqs = new HashSet<>();
        private Map<Long, Indicator> rows = Map.of();
        private final Map<Conclusion, List<Weighed>> beneath = new HashMap<>();

        Builder(Assessment assessment, AssessmentKey key) {
            this.assessment = assessment;
            this.key = key;
            this.asOfDay = (int) assessment.asOf().toEpochDay();
        }

        void collect(Conclusion c, int depth, Set<ConclusionKey> path) {
            if (depth > MAX_DEPTH || !path.add(c.key())) {
                return;
            }
            listed(c, evidenceOf(c.getGrounds())).forEach(w -> seqs.add(assessment.snapshot().seq(w.row())));
            if (evidenceOf(c.getGrounds()).isEmpty()) {
                // its narrative names the weightiest indicators beneath it
                beneath(c).stream().limit(3).forEach(w -> seqs.add(assessment.snapshot().seq(w.row())));
            }
            for (Conclusion.Amendment a : c.getAmendments()) {
                listed(c, evidenceOf(a.grounds())).forEach(w -> seqs.add(assessment.snapshot().seq(w.row())));
            }
            nested(c).stream().limit(MAX_NESTED).forEach(n -> collect(n, depth + 1, path));
            path.remove(c.key());
        }

        Explanation build(Conclusion c, int depth, Set<ConclusionKey> path) {
            path.add(c.key());
            List<Explanation.Because> because = new ArrayList<>();
            List<Weighed> all = weighAll(c, evidenceOf(c.getGrounds()), Arithmetic.scale(c, assessment.ruleset()));
            List<Weighed> listed = all.subList(0, Math.min(all.size(), MAX_INDICATORS));
            for (Weighed w : listed) {
                because.add(entry(w));
            }
            for (Conclusion.Amendment a : c.getAmendments()) {
                because.add(new Explanation.Because(null, null, null, null, null, null, null, amendment(c, a)));
            }
            List<Conclusion> nested = nested(c);
            for (Conclusion n : nested.subList(0, Math.min(nested.size(), MAX_NESTED))) {
                if (depth < MAX_DEPTH && !path.contains(n.key())) {
                    because.add(new Explanation.Because(null, null, null, null, null, null, null, build(n, depth + 1, path)));
                }
            }
            Integer omittedConclusions = nested.size() > MAX_NESTED ? nested.size() - MAX_NESTED : null;
            path.remove(c.key());
            Integer omitted = all.size() > listed.size() ? all.size() - listed.size() : null;
            Double omittedContribution = omitted == null ? null
                    : round(all.subList(listed.size(), all.size()).stream().mapToDouble(Weighed::signedContribution).sum());
            // a warning is drawn by comparing with an earlier assessment: no id names that, so none could rebuild it
            return new Explanation(key == null || c instanceof org.mandala.model.Warning ? null : ExplanationId.of(key, c.key()), c.describe(), assessment.confidence(c).confidence().name(),
                    rule(c.getRule()), narrative(c, listed, all.size()), Arithmetic.of(c, assessment.ruleset()), because,
                    omitted, omittedContribution, omittedConclusions);
        }

        private Explanation amendment(Conclusion c, Conclusion.Amendment a) {
            List<Weighed> all = weighAll(c, evidenceOf(a.grounds()), 1.0);
            List<Explanation.Because> because = new ArrayList<>();
            all.stream().limit(MAX_INDICATORS).forEach(w -> because.add(entry(w)));
            String conclusion = c.describe() + ": " + a.change();
            return new Explanation(null, conclusion, null, rule(a.rule()), conclusion + ". " + rule(a.rule()).description()
                    + indicatorSentence(all.subList(0, Math.min(3, all.size())), all.size()), null, because, null, null, null);
        }

        private Explanation.Because entry(Weighed w) {
            Weighing x = w.weighing();
            return new Explanation.Because(indicator(w.row()), round(x.weight()), round(x.gradeFactor()),
                    x.magnitudeFactor() == 1.0 ? null : round(x.magnitudeFactor()), round(x.decay()),
                    w.factor() == 1.0 ? null : round(w.factor()), round(w.signedContribution()), null);
        }

        private Explanation.IndicatorEntry indicator(int row) {
            Indicator i = rows.get(assessment.snapshot().seq(row));
            if (i == null) {
                IndicatorSnapshot s = assessment.snapshot();
                return new Explanation.IndicatorEntry("seq-" + s.seq(row), java.time.LocalDate.ofEpochDay(s.date(row)), null,
                        s.types().get(s.type(row)), s.codes().get(s.actor(row)), s.codes().get(s.target(row)), null, null,
                        IndicatorSnapshot.gradeText(s.grade(row)), null, null);
            }
            return new Explanation.IndicatorEntry(i.id(), i.date(), i.until(), i.type(), i.actor(), i.target(), i.magnitude(),
                    i.unit(), i.grade(), i.source(), i.summary());
        }

        /** Every indicator row of the evidence, weighed, largest contribution first. */
        private List<Weighed> weighAll(Conclusion c, List<Evidence> evidence, double factor) {
            List<Weighed> weighed = new ArrayList<>();
            org.mandala.rules.RuleInfo rule = assessment.ruleset().rule(c.getRule());
            for (Evidence e : evidence) {
                boolean lowers = rule.lowers("Evidence", e.isHostile());
                for (int row : e.rows()) {
                    Weighing w = Weighing.of(assessment.snapshot(), row, assessment.ruleset().configuration(), asOfDay);
                    double contribution = (lowers ? -w.contribution() : w.contribution()) * factor;
                    weighed.add(new Weighed(row, w, factor, contribution));
                }
            }
            weighed.sort(Comparator.comparingDouble((Weighed w) -> -Math.abs(w.signedContribution()))
                    .thenComparing(w -> assessment.snapshot().seq(w.row())));
            return weighed;
        }

        /** Every indicator beneath a conclusion's score (see {@link ScoreGrounds}), signed, largest first. */
        private List<Weighed> beneath(Conclusion c) {
            return beneath.computeIfAbsent(c, this::weighBeneath);
        }

        private List<Weighed> weighBeneath(Conclusion c) {
            List<Weighed> weighed = new ArrayList<>();
            ScoreGrounds.evidence(c, assessment.ruleset()).forEach((e, sign) -> {
                for (int row : e.rows()) {
                    Weighing w = Weighing.of(assessment.snapshot(), row, assessment.ruleset().configuration(), asOfDay);
                    weighed.add(new Weighed(row, w, 1.0, sign * w.contribution()));
                }
            });
            weighed.sort(Comparator.comparingDouble((Weighed w) -> -Math.abs(w.signedContribution()))
                    .thenComparing(w -> assessment.snapshot().seq(w.row())));
            return weighed;
        }

        private List<Weighed> listed(Conclusion c, List<Evidence> evidence) {
            List<Weighed> all = weighAll(c, evidence, Arithmetic.scale(c, assessment.ruleset()));
            return all.subList(0, Math.min(all.size(), MAX_INDICATORS));
        }

        /** The conclusions a conclusion used, in the order the rule recorded them. */
        private static List<Conclusion> nested(Conclusion c) {
            List<Conclusion> nested = new ArrayList<>();
            for (Object g : c.getGrounds()) {
                if (g instanceof Conclusion n) {
                    nested.add(n);
                }
            }
            return nested;
        }

        private static List<Evidence> evidenceOf(List<Object> grounds) {
            List<Evidence> evidence = new ArrayList<>();
            for (Object g : grounds) {
                if (g instanceof Evidence e) {
                    evidence.add(e);
                }
            }
            return evidence;
        }

        private Explanation.Rule rule(String name) {
            RuleInfo info = assessment.ruleset().rule(name);
            return new Explanation.Rule(info.name(), info.description(), info.file());
        }

        private String narrative(Conclusion c, List<Weighed> listed, int total) {
            Explanation.Rule rule = rule(c.getRule());
            Map<String, String> v = new HashMap<>(Narratives.variables(c, assessment.focus()));
            v.put("description", rule.description());
            if (!listed.isEmpty()) {
                v.put("evidence", indicatorSentence(listed.subList(0, Math.min(3, listed.size())), total).strip());
            } else {
                // a conclusion drawn from others: name the weightiest indicators beneath its score
                List<Weighed> below = beneath(c);
                v.put("evidence", indicatorSentence("It rests in the end on ", below.subList(0, Math.min(3, below.size())), below.size()).strip());
            }
            List<Conclusion> nested = nested(c);
            if (!nested.isEmpty()) {
                v.put("grounds", "It follows from: " + String.join("; ", nested.stream().limit(MAX_NESTED).map(Conclusion::describe).toList())
                        + (nested.size() > MAX_NESTED ? "; and " + (nested.size() - MAX_NESTED) + " more" : "") + ".");
            }
            StringBuilder amendments = new StringBuilder();
            for (Conclusion.Amendment a : c.getAmendments()) {
                amendments.append(" Then ").append(a.change()).append(" by the rule \"").append(a.rule()).append("\".");
            }
            v.put("amendments", amendments.toString().strip());
            v.put("confidence", assessment.confidence(c).describe());
            return Wording.render(assessment.ruleset().rule(c.getRule()).wording(), v);
        }

        private String indicatorSentence(List<Weighed> top, int total) {
            return indicatorSentence(" It rests on ", top, total);
        }

        private String indicatorSentence(String opening, List<Weighed> top, int total) {
            if (top.isEmpty()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            for (Weighed w : top) {
                Explanation.IndicatorEntry i = indicator(w.row());
                parts.add(i.type() + " " + i.actor() + "→" + i.target() + " on " + i.date() + " (grade " + i.grade()
                        + (i.source() == null ? ", no source" : ", " + i.source()) + ")");
            }
            return opening + total + " indicator" + (total == 1 ? "" : "s") + "; the weightiest: "
                    + String.join("; ", parts) + ".";
        }

        private static double round(double v) {
            return Math.round(v * 1000.0) / 1000.0;
        }
    }
}
