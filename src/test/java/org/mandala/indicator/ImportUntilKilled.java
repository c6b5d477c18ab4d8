package org.mandala.indicator;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.mandala.rules.ActiveRuleset;
import org.mandala.system.MandalaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * A process that imports a file and, once it has stored its first rows, stalls until it is
 * killed: {@link KilledImportTests} kills it there and looks at what is left in the database.
 */
public final class ImportUntilKilled {
    private ImportUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        DriverManagerDataSource ds = new DriverManagerDataSource(args[0], args[1], "");
        Flyway.configure().dataSource(ds).load().migrate();
        var properties = new MandalaProperties("IND", new MandalaProperties.Rules(Path.of("rules")),
                new MandalaProperties.Facts(Path.of("facts"), false), new MandalaProperties.Upload(DataSize.ofGigabytes(1), DataSize.ofGigabytes(1)));
        var repository = new IndicatorRepository(new JdbcTemplate(ds));
        var importer = new IndicatorImportService(repository, new ActiveRuleset(properties), ActorCodes.read(Path.of("facts/reference/actors.csv")),
                CountryNames.read(Path.of("facts/reference/country-names.csv")), new TransactionTemplate(new DataSourceTransactionManager(ds)));
        importer.importFile(Path.of(args[2]), "big.csv", "native", (checked, stored) -> {
            if (stored > 0) {
                System.out.println("STORING " + stored);
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        System.out.println("FINISHED");
    }
}
