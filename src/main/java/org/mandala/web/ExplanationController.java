package org.mandala.web;

import org.mandala.explanation.Explanation;
import org.mandala.explanation.ExplanationService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/explanations/{id}}: why a conclusion holds, down to indicators and sources. */
@RestController
class ExplanationController {
    private final ExplanationService explanations;

    ExplanationController(ExplanationService explanations) {
        this.explanations = explanations;
    }

    @GetMapping("/api/explanations/{id}")
    Explanation explanation(@PathVariable String id) {
        return explanations.explain(id).orElseThrow(() -> new NotFoundException("no explanation has the id " + id
                + "; ids come from an assessment's explanationId fields"));
    }
}
