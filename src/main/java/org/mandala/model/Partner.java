package org.mandala.model;

/** M3: a state aligned at least moderately with the focus that is not its adversary. */
public final class Partner extends Conclusion {
    private final String state;
    private final String focus;

    public Partner(String state, String focus) {
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
        return "P." + state;
    }

    @Override
    public String describe() {
        return state + " is a partner of " + focus;
    }
}
