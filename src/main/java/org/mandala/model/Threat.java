package org.mandala.model;

import java.util.List;
import java.util.Map;

/** M4–M7: a threat to the focus state's strategic autonomy, naming the states behind it. */
public final class Threat extends Conclusion {
    private final String kind;
    private final String label;
    private final List<String> actors;
    private final List<String> ordered;
    private final double raw;
    private final double score;
    private final String component;
    private final RiskLevel level;
    private final String summary;
    private double factor = 1.0;

    /**
     * A threat whose score is its evidence held to 0–100 (methodology v1); a rule of v2 passes the
     * score its curve made of the evidence instead.
     */
    public Threat(String kind, List<String> actors, double raw, RiskLevel floor, Configuration cfg, String summary) {
        this(kind, actors, raw, raw, floor, cfg, summary);
    }

    /**
     * @param raw   the evidence the rule weighed for it
     * @param score what the rule's curve made of that evidence, 0–100
     * @param floor the least level the rule gives this threat; the kind's floor (kinds table) and
     *              the score's band may raise it
     */
    public Threat(String kind, List<String> actors, double raw, double score, RiskLevel floor, Configuration cfg, String summary) {
        super(ConclusionKey.threat(kind, actors));
        KindProfile profile = cfg.kind(kind);
        this.kind = kind;
        this.label = profile.label();
        this.component = profile.component();
        this.actors = actors();
        this.ordered = List.copyOf(actors);
        this.raw = raw;
        this.score = clamp(score);
        this.level = RiskLevel.max(RiskLevel.max(floor, profile.floor()), cfg.riskLevel(this.score));
        this.summary = summary;
    }

    /** The highest score among the given threats, 0 when there are none. */
    public static double gravest(java.util.Collection<?> threats) {
        double top = 0.0;
        for (Object o : threats) {
            if (o instanceof Threat t) {
                top = Math.max(top, t.getScore());
            }
        }
        return top;
    }

    /** The states in the order the rule named them (the key sorts them): who does what to whom, for its direction. */
    public List<String> getOrdered() {
        return ordered;
    }

    public String getKind() {
        return kind;
    }

    /** The kind's name for people, from the kinds table. */
    public String getLabel() {
        return label;
    }

    public List<String> getActors() {
        return actors;
    }

    public double getRaw() {
        return raw;
    }

    public double getScore() {
        return score;
    }

    /**
     * A factor the rule applied to the evidence before its curve (a share, a discount), which an
     * {@code @arithmetic} line shows as {@code {property:factor}}; 1 when it applied none.
     */
    public double getFactor() {
        return factor;
    }

    /** Records the factor the rule applied to the evidence before its curve; returns this threat. */
    public Threat factor(double factor) {
        this.factor = factor;
        return this;
    }

    /** The component of the autonomy risk its kind presses on: {@code STRUCTURAL} or {@code ACUTE} (kinds table). */
    public String getComponent() {
        return component;
    }

    public RiskLevel getLevel() {
        return level;
    }

    public String getSummary() {
        return summary;
    }

    @Override
    public String levelName() {
        return level.name();
    }

    @Override
    public Double shownScore() {
        return getScore();
    }

    @Override
    public String describe() {
        return label + " " + String.join("–", actors) + " " + level + " (" + format(getScore()) + ")";
    }

    @Override
    public Map<String, String> placeholders() {
        // a summary may be null: Map.of would refuse it
        Map<String, String> v = new java.util.HashMap<>();
        v.put("level", level.name());
        v.put("score", format(getScore()));
        v.put("actors", sentence(actors));
        v.put("summary", summary);
        return v;
    }
}
