package org.mandala.indicator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final int BATCH = 1000;

    private final IndicatorRepository repository;
    private final ActiveRuleset rules;
    private final ActorCodes codes;
    private final TransactionTemplate transactions;

    IndicatorImportService(IndicatorRepository repository, ActiveRuleset rules, ActorCodes codes, TransactionTemplate transactions) {
        this.repository = repository;
        this.rules = rules;
        this.codes = codes;
        this.transactions = transactions;
    }

    /** A reader that checks rows against the active catalogue and the reference codes. */
    public IndicatorCsvReader reader() {
        return new IndicatorCsvReader(rules.get().configuration().types().keySet(), codes);
    }

    /**
     * Imports a native indicator CSV.
     *
     * @throws IndicatorsRejectedException when any row is invalid; nothing is stored then
     */
    public ImportReport importNative(Path file, String fileName) {
        IndicatorCsvReader reader = reader();
        IndicatorCsvReader.Result checked = read(reader, file, row -> { });
        if (checked.hasErrors()) {
            throw new IndicatorsRejectedException(checked.errors(), checked.errorCount());
        }
        String batchId = UUID.randomUUID().toString();
        ImportReport report = transactions.execute(status -> {
            long version = repository.takeNextVersion();
            List<Indicator> pending = new ArrayList<>(BATCH);
            long[] accepted = {0};
            IndicatorCsvReader.Result stored = read(reader, file, row -> {
                pending.add(row);
                if (pending.size() == BATCH) {
                    accepted[0] += repository.insert(pending, version);
                    pending.clear();
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
            ImportReport r = new ImportReport(batchId, stored.rows(), accepted[0], stored.rows() - accepted[0], Map.of());
            if (accepted[0] == 0) {
                // Nothing new: leave the data version as it was, so pollers keep their 304.
                status.setRollbackOnly();
                return new ImportReport(null, r.rows(), 0, r.duplicates(), Map.of());
            }
            repository.saveBatch(batchId, version, "native", fileName, r);
            return r;
        });
        return report;
    }

    /** Imports a stream by spooling it to a temporary file first. */
    public ImportReport importNative(InputStream in, String fileName) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("mandala-upload-", ".csv");
            try (InputStream source = in) {
                Files.copy(source, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return importNative(tmp, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static IndicatorCsvReader.Result read(IndicatorCsvReader reader, Path file, java.util.function.Consumer<Indicator> sink) {
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
