package org.mandala.indicator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads the sample facts ({@code facts/*.csv}) into an empty store at startup, when
 * {@code mandala.facts.load-on-startup} is true. A file with errors is reported in the log with
 * every error and left out; the service still starts.
 */
@Component
class SampleFactsLoader implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(SampleFactsLoader.class);

    private final MandalaProperties properties;
    private final IndicatorRepository repository;
    private final IndicatorImportService importer;
    private final org.springframework.beans.factory.ObjectProvider<net.javacrumbs.shedlock.core.LockProvider> locks;

    SampleFactsLoader(MandalaProperties properties, IndicatorRepository repository, IndicatorImportService importer,
                      org.springframework.beans.factory.ObjectProvider<net.javacrumbs.shedlock.core.LockProvider> locks) {
        this.properties = properties;
        this.repository = repository;
        this.importer = importer;
        this.locks = locks;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.facts().loadOnStartup() || repository.count() > 0) {
            return;
        }
        // The sample lands as one file a data version. Holding the alerts' evaluation lock meanwhile, no
        // replica evaluates the tripwires between its files, so the whole sample is one baseline, not a
        // baseline and then a crossing (a "new" axis that is only the second file of the sample).
        net.javacrumbs.shedlock.core.LockProvider provider = locks.getIfAvailable();
        java.util.Optional<net.javacrumbs.shedlock.core.SimpleLock> lock = java.util.Optional.empty();
        if (provider != null) {
            net.javacrumbs.shedlock.core.LockConfiguration config = new net.javacrumbs.shedlock.core.LockConfiguration(
                    java.time.Instant.now(), "alerts-evaluate", java.time.Duration.ofMinutes(10), java.time.Duration.ZERO);
            long until = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            // an evaluation under way holds it for a moment: wait for it, but never keep the sample out for long
            while ((lock = provider.lock(config)).isEmpty() && System.nanoTime() < until) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try {
            load();
        } finally {
            lock.ifPresent(net.javacrumbs.shedlock.core.SimpleLock::unlock);
        }
    }

    private void load() {
        for (Path file : factFiles(properties.facts().dir())) {
            try {
                ImportReport report = importer.importNative(file, file.getFileName().toString());
                log.info("Loaded {}: {} rows, {} accepted, {} duplicates", file, report.rows(), report.accepted(), report.duplicates());
            } catch (IndicatorsRejectedException e) {
                StringBuilder sb = new StringBuilder();
                e.errors().forEach(err -> sb.append(String.format("%n  line %d, %s: %s (%s)", err.line(), err.column(), err.message(), err.value())));
                log.error("Sample facts {} not loaded: {}{}", file, e.getMessage(), sb);
            }
        }
    }

    /** The indicator files of the facts directory, in name order (the reference list lives in a subfolder). */
    static List<Path> factFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
