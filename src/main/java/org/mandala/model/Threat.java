package org.mandala.model;

import java.util.Arrays;
import java.util.List;

/** M4–M7: a threat to the focus state's strategic autonomy, naming the states behind it. */
public final class Threat extends Conclusion {
    private final String kind;
    private final String label;
    private final List<String> actors;
    private final double raw;
    private final RiskLevel level;
    private final String summary;
    private final String key;

    /**
     * @param floor the least level the rule gives this threat; the kind's floor (kinds table) and
     *              the score's band may raise it
     */
    public Threat(String kind, List<String> actors, double raw, RiskLevel floor, Configuration cfg, String summary) {
        KindProfile profile = cfg.kind(kind);
        this.kind = kind;
        this.label = profile.label();
        String[] sorted = actors.toArray(String[]::new);
        Arrays.sort(sorted);
        this.actors = List.of(sorted);
        this.raw = raw;
        this.level = RiskLevel.max(RiskLevel.max(floor, profile.floor()), cfg.riskLevel(clamp(raw)));
        this.summary = summary;
        this.key = "T." + kind + "." + String.join("-", this.actors);
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
        return clamp(raw);
    }

    public RiskLevel getLevel() {
        return level;
    }

    public String getSummary() {
        return summary;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String describe() {
        return label + " " + String.join("–", actors) + " " + level + " (" + score(getScore()) + ")";
    }
}
