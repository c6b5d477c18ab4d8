package org.mandala.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentServed;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/** The decision log hears every assessment served, logs it once per key, and stays bounded: by age, then by number of rows. */
class DecisionLogTests {

    static JdbcTemplate database(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        return new JdbcTemplate(ds);
    }

    @Test
    void anAssessmentServedIsHeardAndLoggedOncePerKey() {
        JdbcTemplate jdbc = database("decisions-served");
        SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(Path.of("rules"));
        Ruleset rules = RulesetCompiler.compile(files);
        LocalDate asOf = LocalDate.of(2023, 9, 30);
        Assessment a = AssessmentEngine.assess(rules, IndicatorSnapshot.of(List.of()), 1, "IND", asOf,
                ActorCodes.read(Path.of("facts/reference/actors.csv")));
        AssessmentKey key = new AssessmentKey("IND", asOf, 1, rules.version());
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
            context.registerBean(DecisionLog.class, () -> new DecisionLog(jdbc, Duration.ofDays(30), 1000, Clock.systemUTC()));
            context.refresh();

            context.publishEvent(new AssessmentServed(a, key));
            context.publishEvent(new AssessmentServed(a, key));

            DecisionLog log = context.getBean(DecisionLog.class);
            assertThat(log.page(0, 10)).singleElement().satisfies(d -> {
                assertThat(d.key()).isEqualTo(key);
                assertThat(d.resultHash()).isEqualTo(DecisionLog.resultHash(a));
            });
        }
    }

    @Test
    void purgeDropsWhatIsOlderThanTheRetentionThenTheOldestBeyondTheRowLimit() {
        JdbcTemplate jdbc = database("decisions");
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
