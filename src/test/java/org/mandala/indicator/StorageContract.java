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

    /**
     * A file of several staged chunks, checked and staged in one read, then moved chunk by chunk: a bad
     * last line stores nothing of it; without it, rows land in the file's order (seq), repeats within
     * the file (across chunks) and rows stored already are counted as duplicates, and every text,
     * number and date comes back as the reader read it.
     */
    @Test
    void storesAFileOfSeveralChunksInFileOrderCountingDuplicatesAndNothingWhenItsLastLineIsBad() {
        upload("id,date,type,actor,target\nx-3,2023-01-01,SUMMIT_MEETING,RUS,PRK\n");
        int n = IndicatorImportService.PROGRESS_EVERY * 2 + 500;
        StringBuilder csv = new StringBuilder("id,date,until,type,actor,target,magnitude,unit,source,summary\n");
        List<String> firstSeen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // every 1000th row repeats the id of an earlier row of the first chunk
            String id = i > 0 && i % 1000 == 0 ? "x-" + (i / 1000) : "x-" + i;
            if (i == 0 || i % 1000 != 0) {
                firstSeen.add(id);
            }
            csv.append(id).append(',').append(LocalDate.of(2014, 1, 1).plusDays(i % 3000)).append(',')
                    .append(i % 7 == 0 ? LocalDate.of(2014, 1, 1).plusDays(i % 3000 + 3).toString() : "").append(",SUMMIT_MEETING,")
                    .append(i % 2 == 0 ? "RUS,PRK," : "IND,USA,").append(i % 5 == 0 ? "12.5,TONNES," : ",,")
                    .append(i % 3 == 0 ? "\"Δ source, \"\"quoted\"\"\"," : "src,")
                    .append(i % 4 == 0 ? "\"two\nlines, ü\"" : "").append('\n');
        }
        firstSeen.remove("x-3");
        String bad = csv + "late,2023-09-15,,SUMMIT_MEETING,RUS,XXX,,,src,\n";
        assertThatThrownBy(() -> upload(bad)).isInstanceOfSatisfying(IndicatorsRejectedException.class,
                e -> assertThat(e.errors()).extracting(ValidationError::line).containsExactly(n + 2 + n / 4));
        assertThat(repository.count()).isEqualTo(1);
        assertThat(repository.currentVersion()).isEqualTo(1);

        ImportReport report = upload(csv.toString());
        assertThat(report.rows()).isEqualTo(n);
        assertThat(report.duplicates()).isEqualTo(n / 1000 + 1);
        assertThat(report.accepted()).isEqualTo(n - (n / 1000 + 1));
        assertThat(repository.currentVersion()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT id FROM indicator WHERE data_version = 2 ORDER BY seq", String.class))
                .containsExactlyElementsOf(firstSeen);
        List<Indicator> stored = new ArrayList<>();
        repository.forEach(new IndicatorRepository.Filter(null, null, null, null, null), 5_000, stored::add);
        assertThat(stored).filteredOn(r -> r.id().equals("x-12")).singleElement().isEqualTo(new Indicator("x-12",
                LocalDate.of(2014, 1, 13), null, "SUMMIT_MEETING", "RUS", "PRK", null, null, "F6", "\u0394 source, \"quoted\"", "two\nlines, \u00fc"));
        assertThat(stored).filteredOn(r -> r.id().equals("x-35")).singleElement().isEqualTo(new Indicator("x-35",
                LocalDate.of(2014, 2, 5), LocalDate.of(2014, 2, 8), "SUMMIT_MEETING", "IND", "USA", 12.5, "TONNES", "F6", "src", null));
    }
}
