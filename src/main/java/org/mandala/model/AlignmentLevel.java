package org.mandala.model;

/** How closely two states are aligned, from {@code NONE} to {@code ALLIANCE}. */
public enum AlignmentLevel {
    NONE, WEAK, MODERATE, STRONG, ALLIANCE;

    public boolean atLeast(AlignmentLevel other) {
        return compareTo(other) >= 0;
    }
}
