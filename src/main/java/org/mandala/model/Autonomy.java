package org.mandala.model;

import java.util.Map;

/** M8: the focus state's strategic-autonomy risk: threat pressure less balancing. */
public final class Autonomy extends Conclusion {
    private final String focus;
    private final double pressure;
    private final double offset;
    private final RiskLevel level;

    public Autonomy(String focus, double pressure, double offset, Configuration cfg) {
        super(ConclusionKey.autonomy(focus));
        this.focus = focus;
        this.pressure = pressure;
        this.offset = offset;
        this.level = cfg.riskLevel(getScore());
    }

    public String getFocus() {
        return focus;
    }

    /** Pressure from the threats, before balancing. */
    public double getPressure() {
        return pressure;
    }

    public double getOffset() {
        return offset;
    }

    public double getScore() {
        return clamp(pressure - offset);
    }

    public RiskLevel getLevel() {
        return level;
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
        return focus + " strategic-autonomy risk " + level + " (" + format(getScore()) + ")";
    }

    @Override
    public Map<String, String> placeholders() {
        return Map.of("level", level.name(), "score", format(getScore()), "focus", focus);
    }
}
