package org.mandala.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.explanation.ChangeService;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorImportService;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/assessment/what-if}: the assessment as if some hypothetical indicators (a
 * native CSV, checked exactly as an upload is) were stored, and what they change against the real
 * one, and the warnings the tripwires would raise. Nothing is stored, cached or logged: the data
 * version, the indicators, the decision log and the alerts are as they were. Any reader may ask.
 */
@RestController
class WhatIfController {
    /** A what-if is a few invented indicators, not a data load. */
    static final int MAX_ROWS = 1_000;
    static final int MAX_BYTES = 1024 * 1024;
    /** The most warnings a what-if lists, each explained. */
    static final int MAX_WARNINGS = 50;

    /**
     * @param hypothetical always true: nothing here is stored, and no explanation id is given (none could be opened)
     * @param indicators   how many hypothetical indicators were assumed
     * @param assessment   the assessment with them
     * @param appeared     conclusions they make appear, with their causes (each with {@code before} null)
     * @param explanations the explanation of each conclusion that appeared or changed, as it stands with them, by its key
     *                     ({@code T.HOSTILE_AXIS.CHN-PAK-RUS}), inline since no id could rebuild it
     * @param warnings     the warnings the tripwires would raise against the real assessment (and against the
     *                     stored data's previous month-end), gravest first, each with its explanation inline; at most
     *                     {@value #MAX_WARNINGS}, {@code warningsOmitted} counting the rest
     */
    record WhatIfView(boolean hypothetical, String focus, LocalDate asOf, String rulesetVersion, String dataVersion, int indicators,
                      AssessmentController.AssessmentView assessment, List<AssessmentController.ChangeView> appeared,
                      List<AssessmentController.ChangeView> disappeared, List<AssessmentController.ChangeView> changed,
                      java.util.Map<String, org.mandala.explanation.Explanation> explanations,
                      List<org.mandala.alert.AlertService.Drawn> warnings,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Integer warningsOmitted) {
    }

    private final AssessmentService assessments;
    private final ChangeService changes;
    private final IndicatorImportService importer;
    private final org.mandala.explanation.ExplanationService explanations;

    WhatIfController(AssessmentService assessments, ChangeService changes, IndicatorImportService importer,
                     org.mandala.explanation.ExplanationService explanations) {
        this.assessments = assessments;
        this.changes = changes;
        this.importer = importer;
        this.explanations = explanations;
    }

    @PostMapping(value = "/api/assessment/what-if", consumes = {"text/csv", "text/plain"})
    WhatIfView whatIf(@RequestParam(required = false) String focus, @RequestParam(required = false) String asOf,
                      HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new IndicatorController.PayloadTooLargeException("a what-if takes at most " + MAX_BYTES / (1024 * 1024) + " MB and "
                    + MAX_ROWS + " rows of hypothetical indicators: upload real data with POST /api/indicators");
        }
        AssessmentKey key = assessments.currentKey(focus, RequestParameters.date("asOf", asOf));
        List<Indicator> rows = importer.readHypothetical(new ByteArrayInputStream(body), "native", MAX_ROWS);
        ChangeService.Changes c = changes.whatIf(key, rows);
        // the real assessment's side of each change keeps its explanation id; the hypothetical side has none
        ChangeService.Changes shown = new ChangeService.Changes(c.from(), c.fromKey(), c.to(), null, c.appeared(), c.disappeared(),
                c.changed());
        java.util.Map<String, org.mandala.explanation.Explanation> explained = new java.util.LinkedHashMap<>();
        java.util.stream.Stream.concat(c.appeared().stream(), c.changed().stream()).map(ChangeService.Change::after)
                .forEach(after -> explained.put(after.key().toString(), explanations.explainHypothetical(c.to(), after, rows)));
        List<org.mandala.model.Warning> drawn = assessments.warnings(c.to(), c.from(), "against the stored data", true);
        // an invented upload can cross hundreds of tripwires: the gravest are explained, the rest counted
        List<org.mandala.alert.AlertService.Drawn> warnings = drawn.stream().limit(MAX_WARNINGS)
                .map(w -> org.mandala.alert.AlertService.drawn(w, explanations.explainHypothetical(c.to(), w, rows))).toList();
        return new WhatIfView(true, key.focus(), key.asOf(), key.rulesetVersion(), String.valueOf(key.dataVersion()), rows.size(),
                AssessmentController.view(c.to(), null), AssessmentController.changeViews(shown, c.appeared()),
                AssessmentController.changeViews(shown, c.disappeared()), AssessmentController.changeViews(shown, c.changed()), explained,
                warnings, drawn.size() > warnings.size() ? drawn.size() - warnings.size() : null);
    }
}
