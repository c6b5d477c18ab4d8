package org.mandala.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An earlier assessment of the focus, as the tripwires of {@code warnings.drl} compare with it: what
 * it reported (the autonomy risk, threats, alignments above {@code NONE}, standing axes), and which one it
 * is ({@link Since}). A tripwire rule names which, e.g. {@code Earlier( since == Since.MONTH_END )},
 * and asks it for the conclusion of the same key: {@code $was : Threat() from $e.threat( $t )}.
 */
public final class Earlier {

    private final Since since;
    private final LocalDate asOf;
    private final String wording;
    private final Map<ConclusionKey, Conclusion> reported = new LinkedHashMap<>();

    /**
     * @param wording how a warning names it, e.g. "since data version 4" or "since the month-end of 2026-11-30"
     * @param reported what that assessment reported
     */
    public Earlier(Since since, LocalDate asOf, String wording, Collection<? extends Conclusion> reported) {
        this.since = since;
        this.asOf = asOf;
        this.wording = wording;
        reported.forEach(c -> this.reported.put(c.key(), c));
    }

    public Since getSince() {
        return since;
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    /** How a warning names this basis, e.g. "since the month-end of 2026-11-30". */
    public String getWording() {
        return wording;
    }

    /** Its autonomy risk, or null when it had none (no focus data). */
    public Autonomy getAutonomy() {
        return reported.values().stream().filter(Autonomy.class::isInstance).map(Autonomy.class::cast).findFirst().orElse(null);
    }

    public List<Threat> getThreats() {
        return of(Threat.class);
    }

    public List<Alignment> getAlignments() {
        return of(Alignment.class);
    }

    public List<Axis> getAxes() {
        return of(Axis.class);
    }

    /** Whether it reported a conclusion of the same key as {@code now}. */
    public boolean had(Conclusion now) {
        return reported.containsKey(now.key());
    }

    /** Its threat of the same key as {@code now}, or null (a rule reads it with {@code from}, which skips null). */
    public Threat threat(Threat now) {
        return reported.get(now.key()) instanceof Threat t ? t : null;
    }

    /** Its alignment of the same pair as {@code now}, or null when it was {@code NONE} or absent. */
    public Alignment alignment(Alignment now) {
        return reported.get(now.key()) instanceof Alignment a ? a : null;
    }

    /** The level its alignment of the same pair had, {@code NONE} when it reported none. */
    public AlignmentLevel alignmentLevel(Alignment now) {
        Alignment a = alignment(now);
        return a == null ? AlignmentLevel.NONE : a.getLevel();
    }

    private <T> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        reported.values().forEach(c -> {
            if (type.isInstance(c)) {
                out.add(type.cast(c));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "the assessment " + wording.replaceFirst("^since ", "of ");
    }
}
