package org.mandala.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path file = reports.defaultDir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("no report file is named " + name + "; POST /api/reports writes one");
        }
        MediaType type = name.endsWith(".md") ? MediaType.parseMediaType("text/markdown;charset=UTF-8")
                : MediaTypeFactory.getMediaType(name).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(file));
    }

    private static String link(Path p) {
        return "/api/reports/" + p.getFileName();
    }
}
