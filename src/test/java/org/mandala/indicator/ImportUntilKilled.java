package org.mandala.indicator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
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
        if (args.length > 3) {
            runAsJob(ds, Path.of(args[2]), Path.of(args[3]));
            return;
        }
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

    /** As a background job spooled under {@code spoolRoot}: reports the job's id, then STORING once it has stored rows. */
    private static void runAsJob(DriverManagerDataSource ds, Path csv, Path spoolRoot) throws Exception {
        Spool spool = new Spool(spoolRoot);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        ImportJobs jobs = new ImportJobs(StorageAccess.importer(ds, spool), new IndicatorRepository(jdbc), jdbc,
                new DataSourceTransactionManager(ds), spool, Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofSeconds(5));
        jobs.start();
        String id;
        try (var in = Files.newInputStream(csv)) {
            id = jobs.start(in, "big.csv", "native");
        }
        System.out.println("JOB " + id);
        System.out.flush();
        ImportJob job;
        while ((job = jobs.find(id).orElseThrow()).accepted() == 0 && job.status().equals("RUNNING")) {
            Thread.sleep(10);
        }
        System.out.println("STORING");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
