package org.mandala.assessment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.runtime.KieSession;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Alignment;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Autonomy;
import org.mandala.model.Axis;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.model.Evidence;
import org.mandala.model.Focus;
import org.mandala.model.Pair;
import org.mandala.model.Threat;
import org.mandala.rules.RuleBoundException;
import org.mandala.rules.RuleSessions;
import org.mandala.rules.Ruleset;
import org.mandala.rules.SessionBounds;

/** Runs a ruleset over the evidence of a data version at a date, for one focus state. */
public final class AssessmentEngine {

    private AssessmentEngine() {
    }

    /** Assessments of one focus at several dates, made in parallel; in the order of the dates. */
    public static List<Assessment> assessAll(Ruleset ruleset, IndicatorSnapshot snapshot, long dataVersion, String focus,
                                             List<LocalDate> dates, ActorCodes codes) {
        return dates.parallelStream().map(d -> assess(ruleset, snapshot, dataVersion, focus, d, codes)).toList();
    }

    /** An assessment within the default session bounds. */
    public static Assessment assess(Ruleset ruleset, IndicatorSnapshot snapshot, long dataVersion, String focus,
                                    LocalDate asOf, ActorCodes codes) {
        return assess(ruleset, snapshot, dataVersion, focus, asOf, codes, SessionBounds.DEFAULTS, null);
    }

    /**
     * An assessment within the session bounds, telling {@code fired} the name of each rule as it
     * fires (for rule-test coverage; null for none).
     *
     * @throws RuleBoundException when the session reaches a bound
     */
    public static Assessment assess(Ruleset ruleset, IndicatorSnapshot snapshot, long dataVersion, String focus,
                                    LocalDate asOf, ActorCodes codes, SessionBounds bounds, java.util.function.Consumer<String> fired) {
        EvidenceAggregator.Facts facts = EvidenceAggregator.aggregate(snapshot, dataVersion, asOf, focus, ruleset.configuration(), codes);
        KieSession session = ruleset.kieBase().newKieSession();
        List<Conclusion> conclusions = new ArrayList<>();
        try {
            session.setGlobal("cfg", ruleset.configuration());
            if (fired != null) {
                session.addEventListener(new org.kie.api.event.rule.DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent event) {
                        fired.accept(event.getMatch().getRule().getName());
                    }
                });
            }
            session.insert(new Focus(focus, asOf));
            session.insert(facts.coverage());
            for (Pair p : facts.pairs()) {
                session.insert(p);
            }
            for (Evidence e : facts.evidence()) {
                session.insert(e);
            }
            RuleSessions.fireAll(session, ruleset, bounds);
            for (Object o : session.getObjects(o -> o instanceof Conclusion)) {
                conclusions.add((Conclusion) o);
            }
        } finally {
            session.dispose();
        }
        conclusions.sort(Comparator.comparing(Conclusion::key));
        Map<ConclusionKey, Conclusion> byKey = new LinkedHashMap<>();
        conclusions.forEach(c -> byKey.put(c.key(), c));

        Autonomy autonomy = null;
        List<Threat> threats = new ArrayList<>();
        List<Alignment> alignments = new ArrayList<>();
        List<Axis> axes = new ArrayList<>();
        for (Conclusion c : conclusions) {
            if (c instanceof Autonomy a && a.getFocus().equals(focus)) {
                autonomy = a;
            } else if (c instanceof Threat t) {
                threats.add(t);
            } else if (c instanceof Alignment al && al.getLevel() != AlignmentLevel.NONE) {
                alignments.add(al);
            } else if (c instanceof Axis ax && ax.isStanding()) {
                axes.add(ax);
            }
        }
        threats.sort(Comparator.comparing(Threat::getLevel).reversed()
                .thenComparing(Comparator.comparingDouble(Threat::getScore).reversed())
                .thenComparing(Threat::key));
        return new Assessment(focus, asOf, dataVersion, ruleset, snapshot, autonomy, List.copyOf(threats),
                List.copyOf(alignments), List.copyOf(axes), byKey, facts.evidence(), facts.coverage(),
                new java.util.concurrent.ConcurrentHashMap<>(), new org.mandala.model.Confidence.Beneath(), new Assessment.Memo());
    }
}
