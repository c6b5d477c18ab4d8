package org.mandala.rules;

import java.util.concurrent.atomic.AtomicReference;

import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ruleset that assessments use now, read from {@code mandala.rules.dir} at startup. A
 * request takes the ruleset once and uses that one object throughout, so it names exactly one
 * version even if another is activated meanwhile.
 */
@Component
public class ActiveRuleset {
    private static final Logger log = LoggerFactory.getLogger(ActiveRuleset.class);

    private final AtomicReference<Ruleset> current = new AtomicReference<>();

    public ActiveRuleset(MandalaProperties properties) {
        Ruleset ruleset = RulesetCompiler.compile(RulesetCompiler.readDirectory(properties.rules().dir()));
        current.set(ruleset);
        log.info("Ruleset {} loaded from {}: {} files, {} rules, {} indicator types", ruleset.version(),
                properties.rules().dir().toAbsolutePath(), ruleset.files().size(), ruleset.rules().size(),
                ruleset.configuration().types().size());
    }

    public Ruleset get() {
        return current.get();
    }
}
