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
 * takes the next data version. Memory use does not grow with the file. Checks run side by side;
 * stores take turns ({@link ImportQueue}), so concurrent uploads wait rather than fail.
 */
@Service
public class IndicatorImportService {
    static final int PROGRESS_EVERY = 10_000;

    private final IndicatorRepository repository;
    private final ActiveRuleset rules;
    private final ActorCodes codes;
    private final CountryNames countryNames;
    private final TransactionTemplate transactions;
    private final ImportQueue queue;
    private final Spool spool;

    IndicatorImportService(IndicatorRepository repository, ActiveRuleset rules, ActorCodes codes, CountryNames countryNames,
                           TransactionTemplate transactions, ImportQueue queue, Spool spool) {
        this.repository = repository;
        this.rules = rules;
        this.codes = codes;
        this.countryNames = countryNames;
        this.transactions = transactions;
        this.queue = queue;
        this.spool = spool;
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

        /** Called every {@value #PROGRESS_EVERY} rows; throwing stops the import with nothing stored. */
        void update(long checked, long stored);

        /**
         * Called inside the store's transaction once every row is in, just before it commits; what it
         * writes commits with the rows or not at all, and throwing here leaves nothing stored.
         */
        default void landing(ImportReport report) {
        }

        /** Whether the import should give up waiting for its turn to store; it then stores nothing. */
        default boolean cancelled() {
            return false;
        }
    }

    /** As {@link #importFile(Path, String, String)}, reporting progress every {@value #PROGRESS_EVERY} rows. */
    public ImportReport importFile(Path file, String fileName, String formatName, Progress progress) {
        return importFile(file, fileName, formatName, UUID.randomUUID().toString(), progress);
    }

    /**
     * As {@link #importFile(Path, String, String, Progress)}, storing the file as batch {@code batchId}, chosen
     * by the caller so that whether the file landed can be looked up later ({@link IndicatorRepository#findBatch}).
     *
     * @throws ImportsBusyException when its turn to store does not come within {@code mandala.upload.queue-timeout}
     */
    ImportReport importFile(Path file, String fileName, String formatName, String batchId, Progress progress) {
        IndicatorFormat reader = format(formatName);
        long[] checkedRows = {0};
        ReadResult checked = read(reader, file, row -> {
            if (++checkedRows[0] % PROGRESS_EVERY == 0) {
                progress.update(checkedRows[0], 0);
            }
        });
        progress.update(checked.rows(), 0);
        if (checked.hasErrors()) {
            org.mandala.system.MandalaMetrics.importRefused();
            throw new IndicatorsRejectedException(checked.errors(), checked.errorCount());
        }
        return queue.inTurn(progress::cancelled, lockWait -> store(reader, file, fileName, batchId, checked.rows(), lockWait, progress));
    }

    private ImportReport store(IndicatorFormat reader, Path file, String fileName, String batchId, long checkedRows,
                               java.time.Duration lockWait, Progress progress) {
        return transactions.execute(status -> {
            long version;
            try {
                version = repository.takeNextVersion(lockWait);
            } catch (org.springframework.dao.DataAccessException e) {
                if (IndicatorRepository.isLockTimeout(e)) {
                    // another replica's import holds the data version past this upload's bound
                    throw queue.busy();
                }
                throw e;
            }
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
                        progress.update(checkedRows, accepted[0]);
                    }
                }
            });
            if (stored.hasErrors()) {
                // The file changed between the two reads: refuse it rather than store part of it.
                status.setRollbackOnly();
                org.mandala.system.MandalaMetrics.importRefused();
                throw new IndicatorsRejectedException(stored.errors(), stored.errorCount());
            }
            if (!pending.isEmpty()) {
                accepted[0] += repository.insert(pending, version);
            }
            ImportReport r = new ImportReport(batchId, stored.rows(), accepted[0], stored.valid() - accepted[0], stored.skipped());
            org.mandala.system.MandalaMetrics.rowsImported(accepted[0], stored.valid() - accepted[0]);
            if (accepted[0] == 0) {
                // Nothing new: leave the data version as it was, so pollers keep their 304.
                status.setRollbackOnly();
                return new ImportReport(null, r.rows(), 0, r.duplicates(), r.skipped());
            }
            repository.saveBatch(batchId, version, reader.name(), fileName, r);
            progress.landing(r);
            return r;
        });
    }

    public ImportReport importNative(InputStream in, String fileName) {
        return importStream(in, fileName, "native");
    }

    /** Imports a stream by spooling it to a file first. */
    public ImportReport importStream(InputStream in, String fileName, String formatName) {
        Path spooled = spool.write(in, "upload");
        try {
            return importFile(spooled, fileName, formatName);
        } finally {
            spool.remove(spooled);
        }
    }

    /**
     * Reads indicators that are not to be stored (a what-if), checked exactly as an upload of that
     * format is, at most {@code maxRows} of them.
     *
     * @throws IndicatorsRejectedException with every row's errors, as an upload answers them
     */
    public List<Indicator> readHypothetical(InputStream in, String formatName, int maxRows) {
        List<Indicator> rows = new ArrayList<>();
        ReadResult checked;
        try {
            checked = format(formatName).read(in, rows::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (checked.hasErrors()) {
            throw new IndicatorsRejectedException(checked.errors(), checked.errorCount());
        }
        if (rows.size() > maxRows) {
            throw new IndicatorsRejectedException(List.of(new ValidationError(maxRows + 2, null, null,
                    "a what-if takes at most " + maxRows + " hypothetical indicators; this has " + rows.size())), 1);
        }
        return rows;
    }

    private static ReadResult read(IndicatorFormat reader, Path file, java.util.function.Consumer<Indicator> sink) {
        try (InputStream in = Files.newInputStream(file)) {
            return reader.read(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
