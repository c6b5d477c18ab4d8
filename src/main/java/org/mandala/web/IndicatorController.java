package org.mandala.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.mandala.assessment.InvalidParameterException;
import org.mandala.indicator.ImportJob;
import org.mandala.indicator.ImportJobs;
import org.mandala.indicator.ImportReport;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorFormats;
import org.mandala.indicator.IndicatorImportService;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.system.MandalaProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Uploading indicator files ({@code POST /api/indicators}) and listing stored indicators. */
@RestController
class IndicatorController {

    record Page<T>(List<T> items, int page, int size, long total) {
    }

    private final IndicatorImportService importer;
    private final ImportJobs jobs;
    private final IndicatorRepository repository;
    private final long maxBytes;
    private final long asyncBytes;

    IndicatorController(IndicatorImportService importer, ImportJobs jobs, IndicatorRepository repository, MandalaProperties properties) {
        this.importer = importer;
        this.jobs = jobs;
        this.repository = repository;
        this.maxBytes = properties.upload().maxSize().toBytes();
        this.asyncBytes = properties.upload().asyncThreshold().toBytes();
    }

    @PostMapping(value = "/api/indicators", consumes = {"text/csv", "text/tab-separated-values"})
    ResponseEntity<?> uploadCsv(@RequestParam(defaultValue = "native") String format,
                                @RequestParam(defaultValue = "false") boolean async, HttpServletRequest request) throws IOException {
        String f = checkFormat(format);
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        InputStream body = new LimitedInputStream(request.getInputStream(), maxBytes);
        if (async || length > asyncBytes) {
            return accepted(jobs.start(body, "upload", f));
        }
        return created(importer.importStream(body, "upload", f));
    }

    @PostMapping(value = "/api/indicators", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> uploadMultipart(@RequestParam(defaultValue = "native") String format,
                                      @RequestParam(defaultValue = "false") boolean async,
                                      @RequestPart("file") MultipartFile file) throws IOException {
        String f = checkFormat(format);
        if (file.getSize() > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        if (async || file.getSize() > asyncBytes) {
            return accepted(jobs.start(file.getInputStream(), file.getOriginalFilename(), f));
        }
        return created(importer.importStream(file.getInputStream(), file.getOriginalFilename(), f));
    }

    /** {@code GET /api/indicators/jobs/{id}}: a background import's progress and, once done, its report. */
    @GetMapping("/api/indicators/jobs/{id}")
    ImportJob job(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("no import job has the id " + id));
    }

    private static ResponseEntity<ImportJob> accepted(String jobId) {
        return ResponseEntity.accepted().location(URI.create("/api/indicators/jobs/" + jobId))
                .body(new ImportJob(jobId, "RUNNING", null, null, 0, null, 0, null, null, null, null, null, null));
    }

    @GetMapping("/api/indicators")
    Page<Indicator> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String target,
                                          @RequestParam(required = false) String type, @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "50") int size) {
        RequestParameters.range("page", page, 0, Integer.MAX_VALUE / 1000);
        RequestParameters.range("size", size, 1, 1000);
        // codes are upper case; a person may type them in lower case
        IndicatorRepository.Filter filter = new IndicatorRepository.Filter(upper(actor), upper(target), upper(type),
                RequestParameters.date("from", from), RequestParameters.date("to", to));
        return new Page<>(repository.page(filter, page, size).stream().map(IndicatorRepository.Stored::indicator).toList(),
                page, size, repository.count(filter));
    }

    /** The native CSV columns, in the contract's order: an export loads back as it is. */
    static final String[] EXPORT_HEADER = {"id", "date", "until", "type", "actor", "target", "magnitude", "unit", "grade", "source", "summary"};

    /**
     * {@code GET /api/indicators/export}: the indicators the filters match (as for the list), all of them,
     * as a native Mandala CSV in storage order, streamed. The file loads back unchanged: every id is kept.
     */
    @GetMapping(value = "/api/indicators/export", produces = "text/csv")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> export(
            @RequestParam(required = false) String actor, @RequestParam(required = false) String target,
            @RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        // checked before the answer starts, so a bad date is a 400, not a broken download
        IndicatorRepository.Filter filter = new IndicatorRepository.Filter(upper(actor), upper(target), upper(type),
                RequestParameters.date("from", from), RequestParameters.date("to", to));
        org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody body = out -> {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
            com.opencsv.ICSVWriter csv = new com.opencsv.CSVWriterBuilder(w).withLineEnd("\r\n").build();
            csv.writeNext(EXPORT_HEADER, false);
            repository.forEach(filter, 5000, i -> csv.writeNext(new String[]{i.id(), i.date().toString(),
                    i.until() == null ? "" : i.until().toString(), i.type(), i.actor(), i.target(),
                    i.magnitude() == null ? "" : java.math.BigDecimal.valueOf(i.magnitude()).stripTrailingZeros().toPlainString(),
                    i.unit() == null ? "" : i.unit(), i.grade(), i.source() == null ? "" : i.source(), i.summary() == null ? "" : i.summary()}, false));
            csv.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"indicators.csv\"").body(body);
    }

    private static String upper(String s) {
        String v = blankToNull(s);
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    private static String checkFormat(String format) {
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!IndicatorFormats.NAMES.contains(f)) {
            throw new InvalidParameterException("format", format, "format " + format + " is not supported; formats are "
                    + String.join(", ", IndicatorFormats.NAMES));
        }
        return f;
    }

    private static ResponseEntity<ImportReport> created(ImportReport report) {
        return ResponseEntity.status(HttpStatus.CREATED).body(report);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The body is larger than the upload limit. */
    static class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(long maxBytes) {
            super("the file is larger than the upload limit of " + maxBytes / (1024 * 1024) + " MB (mandala.upload.max-size)");
        }

        PayloadTooLargeException(String message) {
            super(message);
        }
    }

    /** Fails once more than {@code max} bytes were read, for bodies sent without a length. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long read;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new PayloadTooLargeException(max);
            }
        }
    }
}
