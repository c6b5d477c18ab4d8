package org.mandala.model;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far a conclusion can be trusted, from the indicators beneath it (through every conclusion
 * it rests on): how many independent publishers report them, and how well they are graded. The
 * thresholds are parameters of {@code parameters.drl.csv}:
 *
 * <ul>
 * <li>{@code LOW}: every indicator is graded F6 (cannot be judged), or fewer than
 *     {@code CONFIDENCE_MEDIUM_SOURCES} publishers, or a mean grade factor below
 *     {@code CONFIDENCE_MEDIUM_GRADE};</li>
 * <li>{@code HIGH}: at least {@code CONFIDENCE_HIGH_SOURCES} publishers and a mean grade factor of
 *     at least {@code CONFIDENCE_HIGH_GRADE};</li>
 * <li>{@code MEDIUM} otherwise.</li>
 * </ul>
 * The mean grade factor is weighted by what each indicator weighs: its contributions over what
 * they would be if every indicator were graded A1. Publishers are counted up to
 * {@link Evidence#MAX_SOURCES} per evidence, so a sources threshold above that cannot be met by one evidence alone.
 */
public enum Confidence {
    LOW, MEDIUM, HIGH;

    /** What a confidence was judged on, to say why in narratives and why-not answers. */
    public record Basis(Confidence confidence, int sources, double meanGrade, boolean allUnjudged, int indicators, String cappedBy) {

        public Basis(Confidence confidence, int sources, double meanGrade, boolean allUnjudged, int indicators) {
            this(confidence, sources, meanGrade, allUnjudged, indicators, null);
        }

        /**
         * This basis held to a premise's confidence (v2: a conclusion is never more certain than
         * what it requires), or itself when the premise is at least as confident.
         */
        public Basis atMost(Confidence premise, String premiseDescription) {
            return premise.compareTo(confidence) >= 0 ? this
                    : new Basis(premise, sources, meanGrade, allUnjudged, indicators, premiseDescription);
        }

        /** E.g. "MEDIUM: 2 independent sources, mean grade factor 0.81, 5 indicators". */
        public String describe() {
            return confidence + ": " + sources + " independent source" + (sources == 1 ? "" : "s")
                    + ", mean grade factor " + String.format(java.util.Locale.ROOT, "%.2f", meanGrade) + ", " + indicators
                    // every indicator beneath the conclusion, its premises' included: more than those its score rests on
                    + " indicator" + (indicators == 1 ? "" : "s") + " beneath it and its premises"
                    + (allUnjudged && indicators > 0 ? ", all graded F6" : "")
                    + (cappedBy == null ? "" : "; held to " + confidence + ", the confidence of its premise " + cappedBy);
        }
    }

    public static Basis of(Conclusion conclusion, Configuration cfg) {
        Walk walk = new Walk();
        walk.visit(conclusion);
        return walk.basis(cfg);
    }

    /**
     * The confidence of each conclusion of one assessment, the evidence beneath each remembered as a
     * set over the assessment's evidence, so that judging every conclusion of a large assessment (an
     * axis of ten states rests on 45 alignments; the autonomy risk on everything) walks each
     * conclusion once rather than once per conclusion above it. Judges as {@link #of} does.
     */
    public static final class Beneath {
        private final Map<Evidence, Integer> index = new IdentityHashMap<>();
        private final List<Evidence> evidence = new java.util.ArrayList<>();
        private final Map<Conclusion, java.util.BitSet> memo = new IdentityHashMap<>();

        /** The judgement of a conclusion; safe to call from several threads. */
        public synchronized Basis of(Conclusion conclusion, Configuration cfg) {
            java.util.BitSet beneath = beneath(conclusion);
            // the set holds each evidence once, as the walk's identity set does: add them up directly
            double score = 0;
            double unweighted = 0;
            boolean allUnjudged = true;
            int indicators = 0;
            java.util.BitSet publishers = new java.util.BitSet();
            for (int i = beneath.nextSetBit(0); i >= 0; i = beneath.nextSetBit(i + 1)) {
                Evidence e = evidence.get(i);
                score += e.getScore();
                unweighted += e.getUnweighted();
                allUnjudged &= e.isAllUnjudged();
                indicators += e.getCount();
                for (int k = 0; k < e.sourceCount(); k++) {
                    publishers.set(e.source(k));
                }
            }
            return judge(score, unweighted, allUnjudged, indicators, publishers.cardinality(), cfg);
        }

        private java.util.BitSet beneath(Conclusion c) {
            java.util.BitSet known = memo.get(c);
            if (known != null) {
                return known;
            }
            java.util.BitSet b = new java.util.BitSet();
            // the premise graph is acyclic; should it not be, a conclusion met again adds what is known of it so far
            memo.put(c, b);
            add(b, c.getGrounds());
            for (Conclusion.Amendment a : c.getAmendments()) {
                add(b, a.grounds());
            }
            return b;
        }

        private void add(java.util.BitSet b, List<Object> grounds) {
            for (Object g : grounds) {
                if (g instanceof Evidence e) {
                    b.set(index.computeIfAbsent(e, x -> {
                        evidence.add(x);
                        return evidence.size() - 1;
                    }));
                } else if (g instanceof Conclusion n) {
                    b.or(beneath(n));
                }
            }
        }
    }

    private static final class Walk {
        private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Integer> sources = new HashSet<>();
        private double score;
        private double unweighted;
        private boolean allUnjudged = true;
        private int indicators;

        void visit(Object ground) {
            if (!seen.add(ground)) {
                return;
            }
            if (ground instanceof Evidence e) {
                score += e.getScore();
                unweighted += e.getUnweighted();
                allUnjudged &= e.isAllUnjudged();
                indicators += e.getCount();
                for (int s : e.sources()) {
                    sources.add(s);
                }
            } else if (ground instanceof Conclusion c) {
                c.getGrounds().forEach(this::visit);
                for (Conclusion.Amendment a : c.getAmendments()) {
                    a.grounds().forEach(this::visit);
                }
            }
        }

        Basis basis(Configuration cfg) {
            return judge(score, unweighted, allUnjudged, indicators, sources.size(), cfg);
        }
    }

    /** The confidence of what {@code n} publishers report, with the weighted mean grade factor {@code score / unweighted}. */
    private static Basis judge(double score, double unweighted, boolean allUnjudged, int indicators, int n, Configuration cfg) {
        double mean = unweighted > 0 ? score / unweighted : 0.0;
        Confidence c;
        if (indicators == 0 || allUnjudged || n < cfg.param("CONFIDENCE_MEDIUM_SOURCES") || mean < cfg.param("CONFIDENCE_MEDIUM_GRADE")) {
            c = LOW;
        } else if (n >= cfg.param("CONFIDENCE_HIGH_SOURCES") && mean >= cfg.param("CONFIDENCE_HIGH_GRADE")) {
            c = HIGH;
        } else {
            c = MEDIUM;
        }
        return new Basis(c, n, mean, allUnjudged, indicators);
    }

    /** Parameters this judgement reads; a ruleset without them is incomplete. */
    public static final List<String> PARAMETERS = List.of("CONFIDENCE_MEDIUM_SOURCES", "CONFIDENCE_MEDIUM_GRADE",
            "CONFIDENCE_HIGH_SOURCES", "CONFIDENCE_HIGH_GRADE");
}
