package org.mandala.model;

import java.util.HashMap;
import java.util.Map;

/**
 * M8 (v2): the focus state's strategic-autonomy risk. Its two components are each 0–100: the
 * structural pressure (durable alignments, axes, disputes, treaties) and the acute pressure
 * (recent clashes, attacks, threats, coercion); the rule that draws it combines them and takes off
 * what balancing offsets, and says how in its {@code @arithmetic}. With too little data about the
 * focus (see {@link Coverage}) it has no score and its level is {@code INSUFFICIENT_DATA}.
 */
public final class Autonomy extends Conclusion {
    /** The level of a focus the data says too little about. */
    public static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";

    private final String focus;
    private final double structuralPressure;
    private final double structural;
    private final double acutePressure;
    private final double acute;
    private final double combined;
    private final double offset;
    private final Double score;
    private final RiskLevel level;

    /**
     * @param structuralPressure what the structural threats press with, before the curve
     * @param structural         the structural component, 0–100
     * @param acutePressure      what the acute threats press with, before the curve
     * @param acute              the acute component, 0–100
     * @param combined           the two components combined, before balancing
     * @param offset             the points balancing takes off the combined pressure
     */
    public Autonomy(String focus, double structuralPressure, double structural, double acutePressure, double acute, double combined,
                    double offset, Configuration cfg) {
        super(ConclusionKey.autonomy(focus));
        this.focus = focus;
        this.structuralPressure = structuralPressure;
        this.structural = clamp(structural);
        this.acutePressure = acutePressure;
        this.acute = clamp(acute);
        this.combined = combined;
        this.offset = offset;
        this.score = clamp(combined - offset);
        this.level = cfg.riskLevel(this.score);
    }

    private Autonomy(String focus) {
        super(ConclusionKey.autonomy(focus));
        this.focus = focus;
        this.structuralPressure = 0.0;
        this.structural = 0.0;
        this.acutePressure = 0.0;
        this.acute = 0.0;
        this.combined = 0.0;
        this.offset = 0.0;
        this.score = null;
        this.level = null;
    }

    /** The autonomy risk of a focus the data says too little about: no score, level {@code INSUFFICIENT_DATA}. */
    public static Autonomy insufficient(String focus) {
        return new Autonomy(focus);
    }

    public String getFocus() {
        return focus;
    }

    public boolean isSufficient() {
        return score != null;
    }

    public double getStructuralPressure() {
        return structuralPressure;
    }

    public double getAcutePressure() {
        return acutePressure;
    }

    /** The structural component, 0–100. */
    public double getStructural() {
        return structural;
    }

    /** The acute component, 0–100. */
    public double getAcute() {
        return acute;
    }

    /** The two components combined, before balancing. */
    public double getCombined() {
        return combined;
    }

    /** Points balancing takes off the combined pressure. */
    public double getOffset() {
        return offset;
    }

    /** The score, or null with too little data. */
    public Double getScore() {
        return score;
    }

    /** The risk level, or null with too little data (then {@link #levelName()} is {@code INSUFFICIENT_DATA}). */
    public RiskLevel getLevel() {
        return level;
    }

    @Override
    public String levelName() {
        return level == null ? INSUFFICIENT_DATA : level.name();
    }

    @Override
    public Double shownScore() {
        return score;
    }

    @Override
    public String describe() {
        return focus + " strategic-autonomy risk " + levelName() + (score == null ? " (too little data)" : " (" + format(score) + ")");
    }

    @Override
    public Map<String, String> placeholders() {
        Map<String, String> v = new HashMap<>();
        v.put("level", levelName());
        v.put("score", score == null ? "no score" : format(score));
        v.put("focus", focus);
        v.put("structural", format(structural));
        v.put("acute", format(acute));
        return v;
    }
}
