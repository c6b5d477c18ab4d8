package org.mandala.web;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.mandala.assessment.InvalidParameterException;
import org.mandala.explanation.WhyNot;
import org.mandala.explanation.WhyNotService;
import org.springframework.web.bind.annotation.RequestParam;

import org.mandala.explanation.Explanation;
import org.mandala.explanation.ExplanationService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/explanations/{id}}: why a conclusion holds, down to indicators and sources. */
@RestController
class ExplanationController {
    private final ExplanationService explanations;
    private final WhyNotService whyNot;

    ExplanationController(ExplanationService explanations, WhyNotService whyNot) {
        this.explanations = explanations;
        this.whyNot = whyNot;
    }

    /**
     * {@code GET /api/explanations/why-not}: {@code kind} and {@code actors} for a threat (or
     * {@code kind=AUTONOMY}), or {@code pair} and {@code level} for an alignment.
     */
    @GetMapping("/api/explanations/why-not")
    WhyNot whyNot(@RequestParam(required = false) String focus, @RequestParam(required = false) String asOf,
                  @RequestParam(required = false) String kind, @RequestParam(required = false) String actors,
                  @RequestParam(required = false) String pair, @RequestParam(required = false) String level) {
        LocalDate date = RequestParameters.date("asOf", asOf);
        if (pair != null) {
            return whyNot.pair(focus, date, codes(pair), level);
        }
        if (kind == null) {
            throw new InvalidParameterException("kind", null, "ask about a kind (with actors) or a pair (with a level)");
        }
        return whyNot.kind(focus, date, kind, actors == null ? List.of() : codes(actors), level);
    }

    private static List<String> codes(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @GetMapping("/api/explanations/{id}")
    Explanation explanation(@PathVariable String id) {
        return explanations.explain(id).orElseThrow(() -> new NotFoundException("no explanation has the id " + id
                + "; ids come from an assessment's explanationId fields"));
    }
}
