package org.mandala.indicator;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

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
        StorageAccess.importer(ds).importFile(Path.of(args[2]), "big.csv", "native", (checked, stored) -> {
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
