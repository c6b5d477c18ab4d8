package org.mandala.system;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Metrics;

/**
 * Mandala's own meters, named in one place (README, "Operations"). Every one is registered at zero
 * when the service starts, so that a fresh replica already shows them at {@code /actuator/prometheus}.
 */
public final class MandalaMetrics {
    static final String CACHE = "mandala.assessments.cache";
    static final String MADE = "mandala.assessments.made";
    static final String IMPORT_FILES = "mandala.import.files";
    static final String IMPORT_ROWS = "mandala.import.rows";
    static final String RULES_CHANGES = "mandala.rules.changes";
    static final String ALERTS_RAISED = "mandala.alerts.raised";
    static final String ALERTS_SENT = "mandala.alerts.sent";
    static final String POLLS = "mandala.polls";
    /** Found once: a poll is counted without looking its meter up by name and tags. */
    private static final io.micrometer.core.instrument.Counter UNCHANGED = Metrics.counter(POLLS, "answer", "unchanged");
    private static final io.micrometer.core.instrument.Counter CACHED = Metrics.counter(POLLS, "answer", "cached");
    private static final String[] SENT = {"delivered", "retried", "failed"};
    /** The origins of a ruleset change, as {@code RulesetActivated.Origin} names them in lower case. */
    private static final String[] ORIGINS = {"startup", "api", "disk", "rollback", "replica"};

    private MandalaMetrics() {
    }

    /** An assessment asked for: served from the cache, or made. */
    public static void assessmentAsked(boolean hit) {
        Metrics.counter(CACHE, "result", hit ? "hit" : "miss").increment();
    }

    /** A rule session run to make an assessment, and how long it took. */
    public static void assessmentMade(long nanos) {
        Metrics.timer(MADE).record(nanos, TimeUnit.NANOSECONDS);
    }

    public static void importRefused() {
        Metrics.counter(IMPORT_FILES, "outcome", "refused").increment();
    }

    public static void rowsImported(long accepted, long duplicates) {
        Metrics.counter(IMPORT_ROWS, "outcome", "accepted").increment(accepted);
        Metrics.counter(IMPORT_ROWS, "outcome", "duplicate").increment(duplicates);
    }

    /** A proposed ruleset change, by origin ({@code RulesetActivated.Origin}), activated or refused. */
    public static void rulesChange(Enum<?> origin, boolean activated) {
        Metrics.counter(RULES_CHANGES, "origin", origin.name().toLowerCase(Locale.ROOT), "outcome", activated ? "activated" : "refused")
                .increment();
    }

    /** Alerts stored by this replica (each alert is stored once, by one replica). */
    public static void alertsRaised(int n) {
        Metrics.counter(ALERTS_RAISED).increment(n);
    }

    /** One webhook attempt: {@code delivered} (a 2xx), {@code retried} (to be tried again) or {@code failed} (given up). */
    public static void alertSent(String outcome) {
        Metrics.counter(ALERTS_SENT, "outcome", outcome).increment();
    }

    /**
     * An assessment answered ahead of the request observation, so counted here and not in
     * {@code http.server.requests}: {@code unchanged} (a {@code 304}) or {@code cached} (bytes sent before).
     */
    public static void polled(boolean unchanged) {
        (unchanged ? UNCHANGED : CACHED).increment();
    }

    /** Registers every meter at zero. */
    public static void registerAll() {
        Metrics.counter(CACHE, "result", "hit");
        Metrics.counter(CACHE, "result", "miss");
        Metrics.timer(MADE);
        Metrics.counter(IMPORT_FILES, "outcome", "refused");
        Metrics.counter(IMPORT_ROWS, "outcome", "accepted");
        Metrics.counter(IMPORT_ROWS, "outcome", "duplicate");
        Metrics.counter(ALERTS_RAISED);
        Metrics.counter(POLLS, "answer", "unchanged");
        Metrics.counter(POLLS, "answer", "cached");
        for (String outcome : SENT) {
            Metrics.counter(ALERTS_SENT, "outcome", outcome);
        }
        for (String origin : ORIGINS) {
            Metrics.counter(RULES_CHANGES, "origin", origin, "outcome", "activated");
            Metrics.counter(RULES_CHANGES, "origin", origin, "outcome", "refused");
        }
    }
}
