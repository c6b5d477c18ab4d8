package org.mandala.explanation;

import java.util.HashMap;
import java.util.Map;

import org.mandala.model.Conclusion;

/** The placeholders of a conclusion itself for its rule's wording (see {@link org.mandala.rules.Wording}). */
final class Narratives {

    private Narratives() {
    }

    static Map<String, String> variables(Conclusion c, String focus) {
        Map<String, String> v = new HashMap<>();
        v.put("conclusion", c.describe());
        v.put("focus", focus);
        v.putAll(c.placeholders());
        return v;
    }
}
