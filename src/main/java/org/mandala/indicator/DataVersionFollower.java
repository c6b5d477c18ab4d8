package org.mandala.indicator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the data version every {@code mandala.data.follow} (250 ms: one row by its key), so that a
 * replica learns of another replica's import within that interval while its polls answered
 * {@code 304} touch no database. A polled row rather than PostgreSQL's {@code LISTEN/NOTIFY}: it is
 * the same on H2, the embedded default; it needs no connection held open outside the pool; and it
 * cannot miss a notification sent while the connection was being re-established. Its cost is one
 * indexed single-row read four times a second per replica.
 */
@Component
class DataVersionFollower {
    private static final Logger log = LoggerFactory.getLogger(DataVersionFollower.class);
    private final IndicatorRepository indicators;
    private boolean failing;

    DataVersionFollower(IndicatorRepository indicators) {
        this.indicators = indicators;
    }

    @Scheduled(fixedDelayString = "${mandala.data.follow:250ms}", initialDelayString = "${mandala.data.follow:250ms}")
    void follow() {
        try {
            indicators.followVersion();
            if (failing) {
                log.info("The data version can be read again");
                failing = false;
            }
        } catch (DataAccessException e) {
            // the database is down: keep what is known; readiness and the requests that need it say so
            if (!failing) {
                log.warn("The data version cannot be read: {}", e.getMostSpecificCause().getMessage());
                failing = true;
            }
        }
    }
}
