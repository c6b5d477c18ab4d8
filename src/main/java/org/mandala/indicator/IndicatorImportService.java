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
 * Imports indicator files whole or not at all. A file is read once: every row is checked and the
 * valid ones are staged on disk in the form the database bulk-loads ({@link StagedRows}); nothing is
 * written to the database when any row is bad. The staged rows are then stored in one transaction
 * that takes the next data version, with one set-based move into the indicator table
 * ({@link IndicatorRepository#insertStaged}). Memory use does not grow with the file. Checks run
 * side by side; stores take turns ({@link ImportQueue}), so concurrent uploads wait rather than fail.
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

    /** Told how far an import has come: rows checked, then rows stored, every {@value #PROGRESS_EVERY} of each. */
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
        List<Path> staged = new ArrayList<>();
        try {
            long[] checkedRows = {0};
            ReadResult checked;
            StagedRows stage = new StagedRows(() -> {
                Path f = spool.create("staged");
                staged.add(f);
                return f;
            }, PROGRESS_EVERY);
            try (stage) {
                // one read checks every row and stages the valid ones for the database's bulk load
                checked = read(reader, file, row -> {
                    stage.add(row);
                    if (++checkedRows[0] % PROGRESS_EVERY == 0) {
                        progress.update(checkedRows[0], 0);
                    }
                });
            }
            progress.update(checked.rows(), 0);
            if (checked.hasErrors()) {
                org.mandala.system.MandalaMetrics.importRefused();
                throw new IndicatorsRejectedException(checked.errors(), checked.errorCount());
            }
            List<Path> files = stage.files();
            return queue.inTurn(progress::cancelled, lockWait -> store(reader, files, fileName, batchId, checked, lockWait, progress));
        } finally {
            staged.forEach(spool::remove);
        }
    }

    /**
     * Stores the staged rows in one transaction that takes the next data version: a set-based move
     * into the indicator table for each staged file of {@value #PROGRESS_EVERY} rows, in file order,
     * skipping ids stored already (and repeats within the file), the progress reported after each.
     */
    private ImportReport store(IndicatorFormat reader, List<Path> staged, String fileName, String batchId, ReadResult checked,
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
            long accepted = 0;
            for (Path chunk : staged) {
                accepted += repository.insertStaged(chunk, version);
                // still inside the transaction: a progress that throws here leaves nothing stored
                progress.update(checked.rows(), accepted);
            }
            ImportReport r = new ImportReport(batchId, checked.rows(), accepted, checked.valid() - accepted, checked.skipped());
            org.mandala.system.MandalaMetrics.rowsImported(accepted, checked.valid() - accepted);
            if (accepted == 0) {
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
