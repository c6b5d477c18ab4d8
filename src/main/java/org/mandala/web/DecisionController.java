package org.mandala.web;

import java.util.List;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentService;
import org.mandala.decision.DecisionLog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/decisions}: the log of assessments served; a logged decision can be replayed. */
@RestController
class DecisionController {

    record DecisionPage(List<DecisionLog.Decision> items, int page, int size, long total) {
    }

    record Replay(long id, String resultHash, String replayedHash, boolean reproduced) {
    }

    private final DecisionLog log;
    private final AssessmentService assessments;

    DecisionController(DecisionLog log, AssessmentService assessments) {
        this.log = log;
        this.assessments = assessments;
    }

    @GetMapping("/api/decisions")
    DecisionPage decisions(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        int p = RequestParameters.range("page", page, 0, Integer.MAX_VALUE);
        int s = RequestParameters.range("size", size, 1, 500);
        return new DecisionPage(log.page(p, s), p, s, log.count());
    }

    @GetMapping("/api/decisions/{id}")
    DecisionLog.Decision decision(@PathVariable long id) {
        return log.find(id).orElseThrow(() -> new NotFoundException("no decision has the id " + id));
    }

    /** Makes the logged assessment again (from its data and ruleset versions) and compares the hashes. */
    @GetMapping("/api/decisions/{id}/replay")
    Replay replay(@PathVariable long id) {
        DecisionLog.Decision d = log.find(id).orElseThrow(() -> new NotFoundException("no decision has the id " + id));
        Assessment again = assessments.assessUncached(d.key());
        String hash = DecisionLog.resultHash(again);
        return new Replay(id, d.resultHash(), hash, hash.equals(d.resultHash()));
    }
}
