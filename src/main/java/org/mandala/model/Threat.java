package org.mandala.model;

import java.util.List;
import java.util.Map;

/** M4–M7: a threat to the focus state's strategic autonomy, naming the states behind it. */
public final class Threat extends Conclusion {
    private final String kind;
    private final String label;
    private final List<String> actors;
    private final double raw;
    private final RiskLevel level;
    private final String summary;

    /**
     * @param floor the least level the rule gives this threat; the kind's floor (kinds table) and
     *              the score's band may raise it
     */
    public Threat(String kind, List<String> actors, double raw, RiskLevel floor, Configuration cfg, String summary) {
        super(ConclusionKey.threat(kind, actors));
        KindProfile profile = cfg.kind(kind);
        this.kind = kind;
        this.label = profile.label();
        this.actors = actors();
        this.raw = raw;
        this.level = RiskLevel.max(RiskLevel.max(floor, profile.floor()), cfg.riskLevel(clamp(raw)));
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
