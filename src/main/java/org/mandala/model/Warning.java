package org.mandala.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tripwire crossed: drawn by a rule of {@code warnings.drl} that compares the assessment with an
 * {@link Earlier} one. Its grounds are conclusions of the current assessment, so its explanation
 * goes down to the indicators like any other; what it was before is in {@link #getWas()}.
 */
public final class Warning extends Conclusion {
    private final String tripwire;
    private final String label;
    private final RiskLevel severity;
    private final Since basis;
    private final String since;
    private final String was;
    private final String now;
    private final String summary;

    /**
     * @param tripwire its code in the tripwires table, e.g. {@code NEW_THREAT}
     * @param least    the least severity the rule gives it; the tripwire's own severity may raise it
     * @param earlier  what it compares with
     * @param was      what the earlier assessment said, e.g. "ELEVATED (52.0)" or "nothing"
     * @param now      what the assessment says now, e.g. "HIGH (61.3)"
     * @param summary  one sentence a person reads
     */
    public Warning(String tripwire, List<String> actors, RiskLevel least, Earlier earlier, String was, String now,
                   Configuration cfg, String summary) {
        super(ConclusionKey.warning(tripwire, actors));
        TripwireProfile profile = cfg.tripwire(tripwire);
        this.tripwire = tripwire;
        this.label = profile.label();
        this.severity = RiskLevel.max(least == null ? RiskLevel.LOW : least, profile.severity());
        this.basis = earlier.getSince();
        this.since = earlier.getWording();
        this.was = was;
        this.now = now;
        this.summary = summary;
    }

    public String getTripwire() {
        return tripwire;
    }

    /** The tripwire's name for people, from the tripwires table. */
    public String getLabel() {
        return label;
    }

    public RiskLevel getSeverity() {
        return severity;
    }

    /** Which earlier assessment it compared with. */
    public Since getBasis() {
        return basis;
    }

    /** The earlier assessment in words, e.g. "since the month-end of 2026-11-30". */
    public String getSince() {
        return since;
    }

    public String getWas() {
        return was;
    }

    public String getNow() {
        return now;
    }

    public String getSummary() {
        return summary;
    }

    /** What a conclusion said, for {@code was} and {@code now}: {@code HIGH (61.3)}, or "nothing" for none. */
    public static String said(Conclusion c) {
        return c == null ? "nothing" : c.levelName() + (c.shownScore() == null ? "" : " (" + format(c.shownScore()) + ")");
    }

    /** Points as warnings write them: one decimal. */
    public static String points(double value) {
        return format(value);
    }

    @Override
    public String levelName() {
        return severity.name();
    }

    @Override
    public String describe() {
        return label + " " + String.join("–", actors()) + ": " + was + " → " + now;
    }

    @Override
    public Map<String, String> placeholders() {
        Map<String, String> v = new HashMap<>();
        v.put("level", severity.name());
        v.put("severity", severity.name());
        v.put("actors", sentence(actors()));
        v.put("summary", summary);
        v.put("was", was);
        v.put("now", now);
        v.put("since", since);
        return v;
    }
}
