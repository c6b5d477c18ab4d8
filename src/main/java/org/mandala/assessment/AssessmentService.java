package org.mandala.assessment;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.indicator.IndicatorSnapshots;
import org.mandala.rules.ActiveRuleset;
import org.mandala.rules.Ruleset;
import org.mandala.system.MandalaProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Makes assessments and caches them by {@link AssessmentKey}. The key is cheap to compute (one
 * small query for the data version), so a poller whose assessment has not changed is answered
 * without running any rule.
 */
@Service
public class AssessmentService {
    private final ActiveRuleset rules;
    private final IndicatorRepository indicators;
    private final IndicatorSnapshots snapshots;
    private final ActorCodes codes;
    private final String defaultFocus;
    private final Clock clock;
    private final Cache<AssessmentKey, Assessment> cache = Caffeine.newBuilder().maximumSize(256).build();

    @Autowired
    AssessmentService(ActiveRuleset rules, IndicatorRepository indicators, IndicatorSnapshots snapshots, ActorCodes codes,
                      MandalaProperties properties) {
        this(rules, indicators, snapshots, codes, properties, Clock.systemUTC());
    }

    AssessmentService(ActiveRuleset rules, IndicatorRepository indicators, IndicatorSnapshots snapshots, ActorCodes codes,
                      MandalaProperties properties, Clock clock) {
        this.rules = rules;
        this.indicators = indicators;
        this.snapshots = snapshots;
        this.codes = codes;
        this.defaultFocus = properties.focus();
        this.clock = clock;
    }

    /**
     * The key of the assessment a request asks for now: its focus (the configured one when
     * {@code null}), its date (today when {@code null}), the current data and ruleset versions.
     */
    public AssessmentKey currentKey(String focus, LocalDate asOf) {
        return new AssessmentKey(focus(focus), asOf == null ? LocalDate.now(clock) : asOf, indicators.currentVersion(),
                rules.get().version());
    }

    /** Checks a focus parameter: a state code of the reference list. */
    public String focus(String focus) {
        if (focus == null || focus.isBlank()) {
            return defaultFocus;
        }
        String f = focus.strip();
        if (!codes.isState(f)) {
            String upper = f.toUpperCase(Locale.ROOT);
            throw new InvalidParameterException("focus", focus, codes.isState(upper) ? "codes are upper case: " + upper
                    : "the focus must be a state's ISO 3166-1 alpha-3 code, e.g. IND");
        }
        return f;
    }

    /** The assessment for the key, from the cache or made now. */
    public Assessment assess(AssessmentKey key) {
        Ruleset ruleset = rules.get();
        if (!ruleset.version().equals(key.rulesetVersion())) {
            throw new UnknownVersionException("ruleset version " + key.rulesetVersion() + " is not the active one ("
                    + ruleset.version() + ")");
        }
        if (key.dataVersion() > indicators.currentVersion()) {
            throw new UnknownVersionException("data version " + key.dataVersion() + " does not exist yet");
        }
        return cache.get(key, k -> AssessmentEngine.assess(ruleset, snapshots.atLeast(k.dataVersion()), k.dataVersion(),
                k.focus(), k.asOf(), codes));
    }

    /** A version named in a request (e.g. by an explanation id) that this service cannot rebuild. */
    public static class UnknownVersionException extends RuntimeException {
        public UnknownVersionException(String message) {
            super(message);
        }
    }
}
