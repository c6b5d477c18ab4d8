package org.mandala.model;

/** The level of a threat or of the focus state's strategic-autonomy risk. */
public enum RiskLevel {
    LOW, GUARDED, ELEVATED, HIGH, SEVERE;

    public static RiskLevel max(RiskLevel a, RiskLevel b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
