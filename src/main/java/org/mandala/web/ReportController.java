package org.mandala.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import org.mandala.report.ReportService;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/reports}: writes the report of a focus at a date; its files are then served under {@code /api/reports/}. */
@RestController
class ReportController {

    record ReportFiles(String markdown, String html, String pdf, List<String> images) {
    }

    static final String REPORT_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    @PostMapping("/api/reports")
    ResponseEntity<ReportFiles> write(@RequestParam(required = false) String focus, @RequestParam(required = false) String asOf) {
        ReportService.Written w = reports.write(focus, RequestParameters.date("asOf", asOf), reports.defaultDir());
        ReportFiles files = new ReportFiles(link(w.markdown()), link(w.html()), link(w.pdf()), List.of(link(w.network()), link(w.chart())));
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create(files.pdf())).body(files);
    }

    @GetMapping("/api/reports/{name}")
    ResponseEntity<Resource> file(@PathVariable String name) throws IOException {
        if (!name.matches("mandala-report-[A-Za-z0-9.-]+\\.(md|html|pdf|png)")) {
            throw new NotFoundException("no report file is named " + name);
        }
        Path file = reportFile(name);
        MediaType type = name.endsWith(".md") ? MediaType.parseMediaType("text/markdown;charset=UTF-8")
                : MediaTypeFactory.getMediaType(name).orElse(MediaType.APPLICATION_OCTET_STREAM);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(type);
        if (name.endsWith(".html")) {
            // a report is a document: its own inline style and its images, nothing else
            ok.header("Content-Security-Policy", REPORT_POLICY);
        }
        return ok.body(new NoFollowResource(file));
    }

    /**
     * The report file of that name, a regular file directly in the reports directory: a symbolic
     * link placed there is not followed, wherever it points.
     */
    private Path reportFile(String name) throws IOException {
        Path dir = reports.defaultDir();
        Path file = dir.resolve(name);
        boolean regular;
        try {
            regular = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()
                    && file.toRealPath().getParent().equals(dir.toRealPath());
        } catch (NoSuchFileException e) {
            regular = false;
        }
        if (!regular) {
            throw new NotFoundException("no report file is named " + name + "; POST /api/reports writes one");
        }
        return file;
    }

    /** Opens the file without following a link, so a file swapped for one after the check is refused too. */
    static final class NoFollowResource extends FileSystemResource {
        NoFollowResource(Path file) {
            super(file);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return Files.newInputStream(getFile().toPath(), LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public ReadableByteChannel readableChannel() throws IOException {
            return Files.newByteChannel(getFile().toPath(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static String link(Path p) {
        return "/api/reports/" + p.getFileName();
    }
}
