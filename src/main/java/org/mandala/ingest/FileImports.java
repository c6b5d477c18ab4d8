package org.mandala.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mandala.indicator.ImportReport;
import org.mandala.indicator.IndicatorImportService;
import org.mandala.indicator.IndicatorsRejectedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports one file for a feed or a folder and records it in {@code ingest_file}. When the file stores
 * rows, its record commits in the same transaction as they do, so a file is stored and recorded
 * together or neither; a file refused is recorded {@code FAILED} with its errors and stores nothing.
 */
@Component
class FileImports {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final IndicatorImportService importer;
    private final IngestLog log;

    FileImports(IndicatorImportService importer, IngestLog log) {
        this.importer = importer;
        this.log = log;
    }

    /** What became of a file: its status and the report written beside it, as JSON. */
    record Outcome(boolean done, String report) {
    }

    /**
     * Imports {@code file} and records it as {@code (source, item)}. Anything but a refusal of the file's
     * content (a database outage, busy imports) is thrown and records nothing, so the file is tried again.
     */
    Outcome importAndRecord(Path file, String source, String item, String fileName, String format) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", fileName);
        report.put("format", format);
        report.put("at", Instant.now().toString());
        boolean[] recorded = {false};
        try {
            ImportReport r = importer.importFile(file, fileName, format, new IndicatorImportService.Progress() {
                @Override
                public void update(long checked, long stored) {
                }

                @Override
                public void landing(ImportReport landed) {
                    report.put("status", IngestLog.DONE);
                    report.put("report", landed);
                    log.record(source, item, fileName, IngestLog.DONE, JSON.writeValueAsString(report));
                    recorded[0] = true;
                }
            });
            report.put("status", IngestLog.DONE);
            report.put("report", r);
            String json = JSON.writeValueAsString(report);
            if (!recorded[0]) {
                // every row was already stored: nothing landed, so the record is written on its own
                log.record(source, item, fileName, IngestLog.DONE, json);
            }
            return new Outcome(true, json);
        } catch (IndicatorsRejectedException e) {
            report.put("status", IngestLog.FAILED);
            report.put("message", e.getMessage());
            report.put("errorCount", e.errorCount());
            report.put("errors", e.errors());
            String json = JSON.writeValueAsString(report);
            log.record(source, item, fileName, IngestLog.FAILED, json);
            return new Outcome(false, json);
        }
    }
}
