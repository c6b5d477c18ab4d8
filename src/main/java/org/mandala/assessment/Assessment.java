package org.mandala.assessment;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Alignment;
import org.mandala.model.Autonomy;
import org.mandala.model.Axis;
import org.mandala.model.Conclusion;
import org.mandala.model.Threat;
import org.mandala.rules.Ruleset;

/**
 * What the rules concluded for one focus state at one date, from one data version and one
 * ruleset version. Immutable; the conclusions keep their grounds, so explanations are built from
 * it on request.
 *
 * @param threats     most severe first
 * @param alignments  pairs with a level above {@code NONE}, by pair
 * @param conclusions every conclusion by its key, for explanations
 */
public record Assessment(String focus, LocalDate asOf, long dataVersion, Ruleset ruleset, IndicatorSnapshot snapshot,
                         Autonomy autonomy, List<Threat> threats, List<Alignment> alignments, List<Axis> axes,
                         Map<String, Conclusion> conclusions) {

    public String rulesetVersion() {
        return ruleset.version();
    }

    public Optional<Conclusion> conclusion(String key) {
        return Optional.ofNullable(conclusions.get(key));
    }
}
