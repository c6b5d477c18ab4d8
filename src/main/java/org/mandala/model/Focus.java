package org.mandala.model;

import java.time.LocalDate;

/** The state whose strategic autonomy is assessed, and the date the assessment is made at. */
public final class Focus {
    private final String state;
    private final LocalDate asOf;

    public Focus(String state, LocalDate asOf) {
        this.state = state;
        this.asOf = asOf;
    }

    public String getState() {
        return state;
    }

    public LocalDate getAsOf() {
        return asOf;
    }
}
