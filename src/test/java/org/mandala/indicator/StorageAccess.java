package org.mandala.indicator;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.mandala.rules.ActiveRuleset;
import org.mandala.system.MandalaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/** An import service over any data source, wired by hand, for tests and benchmarks outside Spring. */
public final class StorageAccess {
    private StorageAccess() {
    }

    public static IndicatorImportService importer(DataSource ds) {
        return importer(ds, new Spool(Path.of(System.getProperty("java.io.tmpdir"), "mandala-spool")));
    }

    static IndicatorImportService importer(DataSource ds, Spool spool) {
        var properties = new MandalaProperties("IND", new MandalaProperties.Rules(Path.of("rules"), java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(250), java.time.Duration.ofSeconds(10), false,
            new MandalaProperties.Session(5_000_000, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10), DataSize.ofGigabytes(4), 1_000_000), true),
                new MandalaProperties.Facts(Path.of("facts"), false), new MandalaProperties.Upload(DataSize.ofGigabytes(1), DataSize.ofGigabytes(1),
                        java.time.Duration.ofMinutes(5), null, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60)),
                new MandalaProperties.Decisions(java.time.Duration.ofDays(365), 100_000), new MandalaProperties.Reports(Path.of("reports")),
            new MandalaProperties.Security(false, java.util.List.of()));
        return new IndicatorImportService(new IndicatorRepository(new JdbcTemplate(ds)), new ActiveRuleset(properties),
                ActorCodes.read(Path.of("facts/reference/actors.csv")), CountryNames.read(Path.of("facts/reference/country-names.csv")),
                new TransactionTemplate(new DataSourceTransactionManager(ds)), new ImportQueue(java.time.Duration.ofMinutes(5)), spool);
    }
}
