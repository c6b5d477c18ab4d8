package org.mandala.assessment;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Alignment;
import org.mandala.model.Autonomy;
import org.mandala.model.Axis;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.model.Confidence;
import org.mandala.model.Coverage;
import org.mandala.model.Evidence;
import org.mandala.model.Threat;
import org.mandala.rules.Ruleset;

/**
 * What the rules concluded for one focus state at one date, from one data version and one
 * ruleset version. Immutable; the conclusions keep their grounds, so explanations are built from
 * it on request.
 *
 * @param threats     most severe first
 * @param alignments  pairs with a level above {@code NONE}, by pair
 * @param conclusions every conclusion by its key, in key order, for explanations
 * @param evidence    every evidence the rules saw, sorted by actor, target and type
 * @param coverage    how much of the data concerns the focus, and whether a rule found it sufficient
 * @param confidences each conclusion's confidence once judged (it walks every ground beneath): a cache to fill
 * @param beneath     the evidence beneath each conclusion, remembered while confidences are judged
 * @param memo        what is worked out from it once and asked again (see {@link #reported()})
 */
public record Assessment(String focus, LocalDate asOf, long dataVersion, Ruleset ruleset, IndicatorSnapshot snapshot,
                         Autonomy autonomy, List<Threat> threats, List<Alignment> alignments, List<Axis> axes,
                         Map<ConclusionKey, Conclusion> conclusions, List<Evidence> evidence, Coverage coverage,
                         Map<Conclusion, Confidence.Basis> confidences, Confidence.Beneath beneath, Memo memo) {

    /** What is worked out from an assessment once and asked again: a trend asks every step's reported conclusions twice. */
    public static final class Memo {
        private volatile Map<ConclusionKey, Conclusion> reported;
        private volatile byte[] served;

        /**
         * The result as served, in the bytes the decision log hashes ({@code DecisionLog.resultHash}),
         * made once: a trend after an upload logs two dozen month-ends under the new data version.
         */
        public byte[] served(java.util.function.Supplier<byte[]> make) {
            byte[] s = served;
            if (s == null) {
                s = make.get();
                served = s;
            }
            return s;
        }
    }

    public String rulesetVersion() {
        return ruleset.version();
    }

    /**
     * This assessment as made at a later data version that stored nothing dated by its day (see
     * {@code IndicatorSnapshot.lastVersionDatedBy}): the same conclusions and evidence, named by that version.
     */
    public Assessment at(long laterVersion) {
        return new Assessment(focus, asOf, laterVersion, ruleset, snapshot, autonomy, threats, alignments, axes, conclusions, evidence,
                coverage, confidences, beneath, memo);
    }

    /**
     * The conclusion's confidence and what it rests on (see {@link Confidence}), held to the least
     * confidence of the premises its rule requires: the conclusions it rests on that are conditions
     * of the rule, not what the rule scores it by ({@code @scoredBy}).
     */
    public Confidence.Basis confidence(Conclusion c) {
        Confidence.Basis known = confidences.get(c);
        if (known != null) {
            return known;
        }
        Confidence.Basis basis = beneath.of(c, ruleset.configuration());
        org.mandala.rules.RuleInfo rule = ruleset.rule(c.getRule());
        for (Object g : c.getGrounds()) {
            // the premise graph is acyclic: a rule never rests a conclusion on itself
            if (g instanceof Conclusion premise && premise != c && rule != null
                    && !rule.scores(g.getClass().getSimpleName(), premise.shownScore() != null)) {
                basis = basis.atMost(confidence(premise).confidence(), premise.describe());
            }
        }
        Confidence.Basis previous = confidences.putIfAbsent(c, basis);
        return previous != null ? previous : basis;
    }

    /** The evidence of one type from actor to target, if any. */
    public Optional<Evidence> evidence(String actor, String target, String type) {
        for (Evidence e : evidence) {
            if (e.getActor().equals(actor) && e.getTarget().equals(target) && e.getType().equals(type)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public Optional<Conclusion> conclusion(ConclusionKey key) {
        return Optional.ofNullable(conclusions.get(key));
    }

    /** The conclusion whose key prints as {@code key}, e.g. {@code A.PRK-RUS}; empty when none does or it is no key. */
    public Optional<Conclusion> conclusion(String key) {
        return ConclusionKey.parse(key).flatMap(this::conclusion);
    }

    /** The conclusions it reports: the autonomy risk, threats, alignments above NONE, standing axes; by key. */
    public Map<ConclusionKey, Conclusion> reported() {
        Map<ConclusionKey, Conclusion> known = memo.reported;
        if (known != null) {
            return known;
        }
        Map<ConclusionKey, Conclusion> m = new java.util.LinkedHashMap<>();
        if (autonomy != null) {
            m.put(autonomy.key(), autonomy);
        }
        threats.forEach(t -> m.put(t.key(), t));
        alignments.forEach(al -> m.put(al.key(), al));
        axes.forEach(ax -> m.put(ax.key(), ax));
        memo.reported = java.util.Collections.unmodifiableMap(m);
        return memo.reported;
    }

    /** The states the rules found to be partners of the focus, sorted by code. */
    public List<String> partners() {
        return states(ConclusionKey.Type.PARTNER);
    }

    /** The states the rules found to be adversaries of the focus, sorted by code. */
    public List<String> adversaries() {
        return states(ConclusionKey.Type.ADVERSARY);
    }

    private List<String> states(ConclusionKey.Type type) {
        return conclusions.keySet().stream().filter(k -> k.type() == type).map(ConclusionKey::state).sorted().toList();
    }
}
