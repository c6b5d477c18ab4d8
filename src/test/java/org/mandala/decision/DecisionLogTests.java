package org.mandala.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The decision log stays bounded: by age, then by number of rows. */
class DecisionLogTests {

    @Test
    void purgeDropsWhatIsOlderThanTheRetentionThenTheOldestBeyondTheRowLimit() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:decisions;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        for (int day = 0; day < 6; day++) {
            jdbc.update("INSERT INTO decision (created_at, focus, as_of, data_version, ruleset_version, result_hash) VALUES (?, 'IND', ?, 1, 'v', ?)",
                    Timestamp.from(now.minus(Duration.ofDays(45 - day * 10L))), java.sql.Date.valueOf("2023-09-" + (10 + day)),
                    "0".repeat(64));
        }
        // days old: 45, 35, 25, 15, 5, -5: two are older than 30 days; of the other four, the oldest beyond 3 goes too
        DecisionLog log = new DecisionLog(jdbc, Duration.ofDays(30), 3, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(log.purge()).isEqualTo(3);
        assertThat(log.count()).isEqualTo(3);
        assertThat(log.page(0, 10)).extracting(d -> d.asOf().getDayOfMonth()).containsExactly(15, 14, 13);
    }
}
