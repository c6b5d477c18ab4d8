package org.mandala.indicator;

import java.util.List;
import java.util.Locale;

import org.mandala.rules.Ruleset;

/** The import formats by name, each checking rows against a ruleset's catalogue and mappings and the reference lists. */
public final class IndicatorFormats {
    /** The names the API and the command line take. */
    public static final List<String> NAMES = List.of("native", "gdelt2", "gdelt1", "sipri");

    private IndicatorFormats() {
    }

    public static IndicatorFormat of(String name, Ruleset ruleset, ActorCodes codes, CountryNames countryNames) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "native" -> new IndicatorCsvReader(ruleset.configuration().types().keySet(), codes);
            case "gdelt2" -> new GdeltReader(2, ruleset.cameo(), codes);
            case "gdelt1" -> new GdeltReader(1, ruleset.cameo(), codes);
            case "sipri" -> new SipriRegisterReader(countryNames, codes);
            default -> throw new IllegalArgumentException("unknown format " + name + "; formats are " + String.join(", ", NAMES));
        };
    }
}
