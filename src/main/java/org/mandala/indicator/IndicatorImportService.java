package org.mandala.indicator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.mandala.rules.ActiveRuleset;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports indicator files whole or not at all. A file is read twice from disk: once to check
 * every row (nothing is written when any row is bad), then to store it in one transaction that
 * takes the next data version. Memory use does not grow with the file.
 */
@Service
public class IndicatorImportService {
    static final int PROGRESS_EVERY = 10_000;

    private final IndicatorRepository repository;
    private final ActiveRuleset rules;
    private final ActorCodes codes;
    private final CountryNames countryNames;
    private final TransactionTemplate transactions;

    IndicatorImportService(IndicatorRepository repository, ActiveRuleset rules, ActorCodes codes, CountryNames countryNames,
                           TransactionTemplate transactions) {
        this.repository = repository;
        this.rules = rules;
        this.codes = codes;
        this.countryNames = countryNames;
        this.transactions = transactions;
    }

    /** The reader of a format, checking rows against the active catalogue, mappings and reference codes. */
    public IndicatorFormat format(String name) {
        return IndicatorFormats.of(name, rules.get(), codes, countryNames);
    }

    public ImportReport importNative(Path file, String fileName) {
        return importFile(file, fileName, "native");
    }

    /**
     * Imports a file of the given format whole or not at all.
     *
     * @throws IndicatorsRejectedException when any row is invalid, or the file is not of that format; nothing is stored then
     */
    public ImportReport importFile(Path file, String fileName, String formatName) {
        return importFile(file, fileName, formatName, Progress.NONE);
    }

    /** Told how far an import has come: rows checked in the first pass, rows stored in the second. */
    public interface Progress {
        Progress NONE = (checked, stored) -> { };

        void update(long checked, long stored);
    }

    /** As {@link #importFile(Path, String, String)}, reporting progress every {@value #PROGRESS_EVERY} rows. */
    public ImportReport importFile(Path file, String fileName, String formatName, Progress progress) {
        IndicatorFormat reader = format(formatName);
        long[] checkedRows = {0};
        ReadResult checked = read(reader, file, row -> {
            if (++checkedRows[0] % PROGRESS_EVERY == 0) {
                progress.update(checkedRows[0], 0);
            }
        });
        progress.update(checked.rows(), 0);
        if (checked.hasErrors()) {
            throw new IndicatorsRejectedException(checked.errors(), checked.errorCount());
        }
        String batchId = UUID.randomUUID().toString();
        ImportReport report = transactions.execute(status -> {
            long version = repository.takeNextVersion();
            int batch = repository.batchSize();
            List<Indicator> pending = new ArrayList<>(batch);
            long[] accepted = {0};
            ReadResult stored = read(reader, file, row -> {
                pending.add(row);
                if (pending.size() == batch) {
                    long before = accepted[0];
                    accepted[0] += repository.insert(pending, version);
                    pending.clear();
                    if (accepted[0] / PROGRESS_EVERY > before / PROGRESS_EVERY) {
                        progress.update(checked.rows(), accepted[0]);
                    }
                }
            });
            if (stored.hasErrors()) {
                // The file changed between the two reads: refuse it rather than store part of it.
                status.setRollbackOnly();
                throw new IndicatorsRejectedException(stored.errors(), stored.errorCount());
            }
            if (!pending.isEmpty()) {
                accepted[0] += repository.insert(pending, version);
            }
            ImportReport r = new ImportReport(batchId, stored.rows(), accepted[0], stored.valid() - accepted[0], stored.skipped());
            if (accepted[0] == 0) {
                // Nothing new: leave the data version as it was, so pollers keep their 304.
                status.setRollbackOnly();
                return new ImportReport(null, r.rows(), 0, r.duplicates(), r.skipped());
            }
            repository.saveBatch(batchId, version, reader.name(), fileName, r);
            return r;
        });
        return report;
    }

    public ImportReport importNative(InputStream in, String fileName) {
        return importStream(in, fileName, "native");
    }

    /** Imports a stream by spooling it to a temporary file first. */
    public ImportReport importStream(InputStream in, String fileName, String formatName) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("mandala-upload-", ".csv");
            try (InputStream source = in) {
                Files.copy(source, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return importFile(tmp, fileName, formatName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static ReadResult read(IndicatorFormat reader, Path file, java.util.function.Consumer<Indicator> sink) {
        try (InputStream in = Files.newInputStream(file)) {
            return reader.read(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a temporary file left behind is removed by the OS; the import's outcome stands
            }
        }
    }
}
