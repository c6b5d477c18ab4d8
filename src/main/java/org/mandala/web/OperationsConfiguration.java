package org.mandala.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mandala.indicator.IndicatorRepository;
import org.mandala.rules.ActiveRuleset;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What operators and balancers read at {@code /actuator}: readiness includes the database and an
 * active, compiled ruleset ({@code ruleset} below); {@code info} names the active ruleset and the
 * data version. Liveness is the process's own ({@code livenessState}).
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    /** UP while a compiled ruleset serves; DOWN when the rules were broken at startup and none is stored. */
    @Bean
    HealthIndicator rulesetHealthIndicator(ActiveRuleset rules) {
        return () -> {
            if (!rules.isPresent()) {
                return Health.down().withDetail("problem", rules.startupProblem().map(Throwable::getMessage)
                        .map(m -> m.lines().findFirst().orElse(m)).orElse("no ruleset is active")).build();
            }
            return Health.up().withDetail("version", rules.get().version()).build();
        };
    }

    /** Mandala's meters at zero from the start, once the registry Prometheus reads exists. */
    @Bean
    org.springframework.beans.factory.InitializingBean mandalaMeters(io.micrometer.core.instrument.MeterRegistry registry) {
        return org.mandala.system.MandalaMetrics::registerAll;
    }

    @Bean
    InfoContributor mandalaInfoContributor(ActiveRuleset rules, IndicatorRepository indicators) {
        return builder -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("rulesetVersion", rules.isPresent() ? rules.get().version() : null);
            try {
                info.put("dataVersion", indicators.currentVersion());
            } catch (org.springframework.dao.DataAccessException e) {
                info.put("dataVersion", null);
                info.put("database", "unavailable");
            }
            builder.withDetail("mandala", info);
        };
    }
}
