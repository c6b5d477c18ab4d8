package org.mandala.model;

/** Whether an indicator type is evidence of states aligning or of hostility between them. */
public enum Polarity {
    COOPERATIVE, HOSTILE
}
