package org.mandala.model;

import java.util.Map;

/** M3: a state aligned at least moderately with the focus that is not its adversary. */
public final class Partner extends Conclusion {
    private final String state;
    private final String focus;
    private final String pairKey;

    public Partner(String state, String focus) {
        super(ConclusionKey.partner(state));
        this.state = state;
        this.focus = focus;
        this.pairKey = Pairs.key(state, focus);
    }

    /** The key of the pair (this state, the focus), to join on without computing it in a constraint. */
    public String getPairKey() {
        return pairKey;
    }

    public String getState() {
        return state;
    }

    public String getFocus() {
        return focus;
    }


    @Override
    public String describe() {
        return state + " is a partner of " + focus;
    }

    @Override
    public Map<String, String> placeholders() {
        return Map.of("actors", state);
    }
}
