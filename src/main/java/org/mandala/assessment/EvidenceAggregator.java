package org.mandala.assessment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Configuration;
import org.mandala.model.Coverage;
import org.mandala.model.Evidence;
import org.mandala.model.Pair;
import org.mandala.model.TypeProfile;

/**
 * Weighs every indicator of a data version at the assessment date and sums them per (actor,
 * target, type) into {@link Evidence}: a tight loop over primitive columns that allocates
 * nothing per indicator, so the rules see thousands of facts rather than millions.
 */
final class EvidenceAggregator {

    /** The facts for one assessment. */
    record Facts(List<Evidence> evidence, Collection<Pair> pairs, Coverage coverage) {
    }

    /** The number of grade F6, cannot be judged. */
    private static final int UNJUDGED = 35;

    private EvidenceAggregator() {
    }

    static Facts aggregate(IndicatorSnapshot snapshot, long dataVersion, LocalDate asOf, String focus, Configuration cfg,
                           ActorCodes codes) {
        int asOfDay = (int) asOf.toEpochDay();
        double inForceHalfLives = cfg.param("IN_FORCE_HALF_LIVES");
        List<String> typeNames = snapshot.types();
        TypeProfile[] profiles = new TypeProfile[typeNames.size()];
        for (int t = 0; t < profiles.length; t++) {
            profiles[t] = cfg.profile(typeNames.get(t));
        }
        double[] gradeFactors = new double[36];
        for (int g = 0; g < 36; g++) {
            gradeFactors[g] = cfg.gradeFactor(IndicatorSnapshot.gradeText(g));
        }
        List<String> codeNames = snapshot.codes();
        boolean[] isState = new boolean[codeNames.size()];
        for (int c = 0; c < isState.length; c++) {
            isState[c] = codes.isState(codeNames.get(c));
        }
        int focusCode = codeNames.indexOf(focus);
        int focusRows = 0;
        java.util.Set<Integer> focusSources = new java.util.HashSet<>();
        java.util.Set<Integer> focusMonths = new java.util.HashSet<>();
        Evidence[] byGroup = new Evidence[snapshot.groupCount()];
        for (int row = 0, n = snapshot.size(); row < n; row++) {
            int date = snapshot.date(row);
            if (date > asOfDay || snapshot.dataVersion(row) > dataVersion) {
                continue;
            }
            TypeProfile profile = profiles[snapshot.type(row)];
            if (profile == null) {
                // a type the active catalogue no longer defines does not count
                continue;
            }
            int until = snapshot.until(row);
            double decay = Weighing.decay(profile, date, until, asOfDay);
            if (decay <= 0.0) {
                continue;
            }
            double magnitude = snapshot.magnitude(row);
            double ungraded = profile.weight() * decay
                    * (Double.isNaN(magnitude) ? 1.0 : cfg.magnitudeFactor(snapshot.unit(row), magnitude));
            int grade = snapshot.grade(row);
            double contribution = ungraded * gradeFactors[grade];
            int actor = snapshot.actor(row);
            int target = snapshot.target(row);
            if (actor == focusCode || target == focusCode) {
                // coverage: what the data says about the focus at all, whatever it weighs
                focusRows++;
                focusSources.add(snapshot.source(row));
                LocalDate day = LocalDate.ofEpochDay(date);
                focusMonths.add(day.getYear() * 12 + day.getMonthValue());
            }
            int group = snapshot.group(row);
            Evidence e = byGroup[group];
            if (e == null) {
                e = new Evidence(codeNames.get(actor), codeNames.get(target), snapshot.groupPairKey(group), profile,
                        isState[actor] && isState[target]);
                byGroup[group] = e;
            }
            e.add(row, contribution, ungraded, Weighing.inForce(profile, date, until, asOfDay, inForceHalfLives),
                    snapshot.source(row), grade == UNJUDGED, date, asOfDay);
        }
        // a fixed order, so that equal inputs give equal results and explanations on every replica
        List<Evidence> evidence = new ArrayList<>();
        for (int group : snapshot.groupOrder()) {
            if (byGroup[group] != null) {
                evidence.add(byGroup[group]);
            }
        }
        java.util.Map<String, Pair> pairs = new java.util.LinkedHashMap<>();
        for (Evidence e : evidence) {
            if (e.isBetweenStates()) {
                pairs.computeIfAbsent(e.getPairKey(), k -> new Pair(e.getA(), e.getB()));
            }
        }
        focusSources.remove(-1);
        return new Facts(evidence, pairs.values(), new Coverage(focus, focusRows, focusSources.size(), focusMonths.size()));
    }
}
