package org.mandala.alert;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts' settings.
 *
 * @param enabled             evaluate tripwires and raise alerts at all (the benchmark turns it off: it would compete for the CPU)
 * @param focus               the focus states whose tripwires are evaluated; the default focus when empty
 * @param check               how often a replica looks for a new data version or ruleset activation to evaluate
 *                            (one replica at a time evaluates)
 * @param asOf                the date the tripwires are evaluated at; today when unset (set it to replay a past day)
 * @param maxPerChange        the most alerts one change raises for a focus: the gravest; the rest are counted in one more alert
 * @param allowPrivateTargets let subscriptions name loopback, link-local and private addresses (tests, a receiver on the same host)
 * @param delivery            webhook delivery
 */
@ConfigurationProperties("mandala.alerts")
public record AlertsProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<String> focus, @DefaultValue("2s") Duration check,
                               LocalDate asOf, @DefaultValue("20") int maxPerChange,
                               @DefaultValue("false") boolean allowPrivateTargets, @DefaultValue Delivery delivery) {

    /**
     * @param interval    how often due deliveries are sent
     * @param timeout     the connect and the request timeout of one attempt
     * @param firstRetry  the wait after the first failed attempt; each later wait doubles, up to {@code maxRetry}
     * @param maxRetry    the longest wait between two attempts
     * @param maxAttempts attempts after which a delivery is given up ({@code FAILED})
     */
    public record Delivery(@DefaultValue("1s") Duration interval, @DefaultValue("10s") Duration timeout,
                           @DefaultValue("2s") Duration firstRetry, @DefaultValue("10m") Duration maxRetry,
                           @DefaultValue("20") int maxAttempts) {
    }
}
