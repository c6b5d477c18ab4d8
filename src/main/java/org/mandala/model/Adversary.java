package org.mandala.model;

/** M3: a state the focus is in dispute or conflict with, or hostile enough to count as one. */
public final class Adversary extends Conclusion {
    private final String state;
    private final String focus;

    public Adversary(String state, String focus) {
        this.state = state;
        this.focus = focus;
    }

    public String getState() {
        return state;
    }

    public String getFocus() {
        return focus;
    }

    @Override
    public String key() {
        return "D." + state;
    }

    @Override
    public String describe() {
        return state + " is an adversary of " + focus;
    }
}
