package org.mandala.web;

import org.mandala.ingest.IngestStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/ingest}: the feeds and drop folders polled, their last run and last error. */
@RestController
class IngestController {
    private final IngestStatus status;

    IngestController(IngestStatus status) {
        this.status = status;
    }

    @GetMapping("/api/ingest")
    IngestStatus.Overview ingest() {
        return status.overview();
    }
}
