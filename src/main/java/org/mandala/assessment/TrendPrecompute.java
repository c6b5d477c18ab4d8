package org.mandala.assessment;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.mandala.indicator.IndicatorRepository;
import org.mandala.rules.ActiveRuleset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Computes the configured focus states' trend (the dashboard's month-ends to today, and today) as
 * soon as this replica serves a new data version or ruleset, on one background thread, so that the
 * first trend asked for after an upload is answered from the cache instead of waiting for two dozen
 * assessments. Each replica does it for itself: the cache is per process. Versions that land while
 * it runs are caught up in one pass afterwards, not one pass each.
 */
@Component
public class TrendPrecompute implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(TrendPrecompute.class);
    private final AssessmentService assessments;
    private final IndicatorRepository indicators;
    private final ActiveRuleset rules;
    private final TrendsProperties properties;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "trend-precompute");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String done = "";

    TrendPrecompute(AssessmentService assessments, IndicatorRepository indicators, ActiveRuleset rules, TrendsProperties properties) {
        this.assessments = assessments;
        this.indicators = indicators;
        this.rules = rules;
        this.properties = properties;
        // today as the dashboard reckons it (the browser's date in UTC) and as an assessment without a date does
        this.clock = Clock.systemUTC();
    }

    /** The data and ruleset versions ({@code 7.0123456789ab}) whose trends were last computed ahead; empty before the first. */
    public String done() {
        return done;
    }

    @Scheduled(fixedDelayString = "${mandala.data.follow:250ms}", initialDelayString = "${mandala.rules.poll:2s}")
    void check() {
        if (!properties.precompute() || !running.compareAndSet(false, true)) {
            return;
        }
        String now = indicators.knownVersion() + "." + rules.get().version();
        if (now.equals(done)) {
            running.set(false);
            return;
        }
        worker.execute(() -> {
            try {
                long start = System.nanoTime();
                LocalDate today = LocalDate.now(clock);
                // the dashboard's range: from the first of the month (months − 1) back, to today
                List<LocalDate> dates = AssessmentService.steps(today.minusMonths(properties.months() - 1L).withDayOfMonth(1), today, "month");
                List<String> focus = properties.focus().isEmpty() ? List.of(assessments.focus(null)) : properties.focus();
                for (String f : focus) {
                    assessments.history(f, dates);
                }
                done = now;
                log.info("Trends of {} computed ahead for data and rules {} in {} ms", focus, now, (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                // a bound reached or the database down: the requests will say so; try again at the next version
                done = now;
                log.warn("Trends not computed ahead for {}: {}", now, e.getMessage());
            } finally {
                running.set(false);
            }
        });
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
