package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mandala.rules.ActiveRuleset;
import org.mandala.system.MandalaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * What the indicator store promises, run against each database Mandala supports: the same
 * Flyway migrations and SQL on H2 and on a real PostgreSQL server.
 */
abstract class StorageContract {
    private static final MandalaProperties PROPERTIES = new MandalaProperties("IND", new MandalaProperties.Rules(Path.of("rules"), java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(250), java.time.Duration.ofSeconds(10), false,
            new MandalaProperties.Session(5_000_000, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10), DataSize.ofGigabytes(4), 1_000_000), true),
            new MandalaProperties.Facts(Path.of("facts"), false), new MandalaProperties.Upload(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1),
                    java.time.Duration.ofMinutes(5), null, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60)),
            new MandalaProperties.Decisions(java.time.Duration.ofDays(365), 100_000), new MandalaProperties.Reports(Path.of("reports")),
            new MandalaProperties.Security(false, java.util.List.of()));
    private static ActiveRuleset rules;

    IndicatorRepository repository;
    IndicatorImportService importer;
    IndicatorSnapshots snapshots;
    DataSource dataSource;
    JdbcTemplate jdbc;
    DataSourceTransactionManager transactions;
    @TempDir
    Path spoolRoot;
    Spool spool;

    /** A fresh, empty database for each test. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSource ds = freshDatabase();
        Flyway.configure().dataSource(ds).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(ds).load().migrate();
        if (rules == null) {
            rules = new ActiveRuleset(PROPERTIES);
        }
        dataSource = ds;
        jdbc = new JdbcTemplate(ds);
        transactions = new DataSourceTransactionManager(ds);
        repository = new IndicatorRepository(jdbc);
        spool = new Spool(spoolRoot);
        importer = importer(Duration.ofMinutes(5));
        snapshots = new IndicatorSnapshots(repository);
    }

    @AfterEach
    void closeSpool() {
        spool.close();
    }

    /** An import service of its own, as another replica has, with its own queue. */
    IndicatorImportService importer(Duration queueTimeout) {
        return importer(new ImportQueue(queueTimeout));
    }

    IndicatorImportService importer(ImportQueue queue) {
        return new IndicatorImportService(repository, rules, ActorCodes.read(Path.of("facts/reference/actors.csv")),
                CountryNames.read(Path.of("facts/reference/country-names.csv")), new TransactionTemplate(transactions), queue, spool);
    }

    ImportReport upload(String csv) {
        return importer.importNative(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test.csv");
    }

    @Test
    void storesAFileAndTakesANewDataVersion() {
        assertThat(repository.currentVersion()).isZero();
        var report = upload("id,date,until,type,actor,target,magnitude,unit,grade,source,summary\n"
                + "a,2023-06-11,,FUEL_SHIPMENT,RUS,PAK,45000,TONNES,A1,src,\"crude, first cargo\"\n"
                + "b,1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,,,A1,src,\n");
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(repository.currentVersion()).isEqualTo(1);
        var stored = repository.page(new IndicatorRepository.Filter("RUS", null, null, null, null), 0, 10);
        assertThat(stored).singleElement().satisfies(s -> assertThat(s.indicator()).isEqualTo(new Indicator("a",
                LocalDate.of(2023, 6, 11), null, "FUEL_SHIPMENT", "RUS", "PAK", 45000.0, "TONNES", "A1", "src", "crude, first cargo")));
    }

    @Test
    void countsDuplicatesWithinAndAcrossFilesAndKeepsTheVersionWhenNothingIsNew() {
        String csv = "date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,PRK\n2023-09-13,SUMMIT_MEETING,RUS,PRK\n";
        var first = upload(csv);
        assertThat(first.accepted()).isEqualTo(1);
        assertThat(first.duplicates()).isEqualTo(1);
        var second = upload(csv);
        assertThat(second.accepted()).isZero();
        assertThat(second.duplicates()).isEqualTo(2);
        assertThat(second.batchId()).isNull();
        assertThat(repository.count()).isEqualTo(1);
        assertThat(repository.currentVersion()).isEqualTo(1);
    }

    @Test
    void storesNothingOfAFileWithABadRow() {
        upload("date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,PRK\n");
        assertThatThrownBy(() -> upload("date,type,actor,target\n2023-09-14,SUMMIT_MEETING,RUS,PRK\n2023-09-15,SUMMIT_MEETING,RUS,XXX\n"))
                .isInstanceOfSatisfying(IndicatorsRejectedException.class,
                        e -> assertThat(e.errors()).extracting(ValidationError::line).containsExactly(3));
        assertThat(repository.count()).isEqualTo(1);
        assertThat(repository.currentVersion()).isEqualTo(1);
    }

    @Test
    void pagesNewestFirstWithFiltersAndATotal() {
        StringBuilder csv = new StringBuilder("date,type,actor,target\n");
        for (int day = 1; day <= 9; day++) {
            csv.append("2023-09-0").append(day).append(",SUMMIT_MEETING,RUS,PRK\n");
        }
        csv.append("2023-09-05,SUMMIT_MEETING,IND,USA\n");
        upload(csv.toString());
        var filter = new IndicatorRepository.Filter("RUS", "PRK", "SUMMIT_MEETING", LocalDate.of(2023, 9, 3), LocalDate.of(2023, 9, 8));
        assertThat(repository.count(filter)).isEqualTo(6);
        assertThat(repository.page(filter, 1, 4)).extracting(s -> s.indicator().date().getDayOfMonth()).containsExactly(4, 3);
    }

    @Test
    void snapshotsGrowWithEachVersionAndRowsKeepTheVersionThatAddedThem() {
        upload("date,type,actor,target,grade\n2023-09-13,SUMMIT_MEETING,RUS,PRK,B2\n");
        assertThat(snapshots.atLeast(1).size()).isEqualTo(1);
        upload("date,until,type,actor,target\n2023-09-14,2023-09-20,MILITARY_EXERCISE,RUS,CHN\n");
        IndicatorSnapshot s = snapshots.atLeast(2);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.dataVersion(0)).isEqualTo(1);
        assertThat(s.dataVersion(1)).isEqualTo(2);
        assertThat(IndicatorSnapshot.gradeText(s.grade(0))).isEqualTo("B2");
        assertThat(s.until(1)).isEqualTo((int) LocalDate.of(2023, 9, 20).toEpochDay());
        List<Long> seqs = new ArrayList<>(List.of(s.seq(0), s.seq(1)));
        assertThat(repository.findBySeq(seqs)).extracting(x -> x.indicator().type()).containsExactlyInAnyOrder("SUMMIT_MEETING", "MILITARY_EXERCISE");
    }
}
