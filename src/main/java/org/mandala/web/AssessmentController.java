package org.mandala.web;

import org.mandala.explanation.ChangeService;
import org.mandala.model.Axis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentServed;
import org.mandala.assessment.AssessmentService;
import org.mandala.explanation.ExplanationId;
import org.mandala.model.Alignment;
import org.mandala.model.Autonomy;
import org.mandala.model.Conclusion;
import org.mandala.model.Threat;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** {@code GET /api/assessment}: levels, scores and explanation ids for a focus state at a date. */
@RestController
class AssessmentController {

    /** The autonomy risk: {@code score} is null, and {@code level} {@code INSUFFICIENT_DATA}, with too little data about the focus. */
    record AutonomyView(String level, @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) Double score,
                        ComponentsView components, String confidence, String explanationId) {
    }

    /** The structural and acute components of the autonomy risk, each 0–100 (v2). */
    record ComponentsView(double structural, double acute) {
    }

    /** How much of the data concerns the focus (v2): below the thresholds of the rules, not {@code sufficient}. */
    record CoverageView(int indicators, int sources, int months, boolean sufficient) {
    }

    /** @param direction who does what to whom, by the kinds table ({@code USA → PAK arms}); none for a kind without one */
    record ThreatView(String id, String kind, String label, String level, double score, List<String> actors, String summary,
                      String confidence, String explanationId,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String direction) {
    }

    /** A kind of threat as the active ruleset's kinds table names it, so a page can label, group and filter any kind. */
    /** @param matters why a threat of the kind matters to the focus, in one line (the kinds table's "Why it matters"); none without one */
    record KindView(String label, String description, String floor,
                    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String matters) {
    }

    record AlignmentView(String a, String b, String level, double score, String confidence, String explanationId) {
    }

    record AxisView(List<String> members, String confidence, String explanationId) {
    }

    /** Hostile evidence between two states (M3), for the network's hostility edges. */
    record HostilityView(String a, String b, double score, String confidence, String explanationId) {
    }

    /** The focus balancing between two partners hostile to each other (M8), and the points that takes off its risk. */
    record BalancingView(List<String> between, double points, String confidence, String explanationId) {
    }

    /** The weighed evidence of one type from one state to another: an arms flow on the map. */
    record FlowView(String from, String to, String type, double score, int indicators) {
    }

    record FlowsView(String focus, LocalDate asOf, String rulesetVersion, String dataVersion, String type, int total, List<FlowView> flows) {
    }

    /** The most hostilities an assessment lists, the gravest: enough for any network a person reads. */
    static final int MAX_HOSTILITIES = 300;

    /** The most flows {@code /api/assessment/flows} answers. */
    static final int MAX_FLOWS = 500;

    /**
     * @param changed when its data version was stored and its ruleset last activated, the later of the two
     *                being when what the assessment says last changed; none for a hypothetical one
     */
    record AssessmentView(String focus, LocalDate asOf, String rulesetVersion, String dataVersion, AutonomyView autonomy,
                          CoverageView coverage, List<ThreatView> threats, List<AlignmentView> alignments, List<AxisView> axes,
                          List<String> partners, List<String> adversaries, List<HostilityView> hostilities,
                          List<BalancingView> balancing, Map<String, KindView> kinds,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) ChangedView changed) {
    }

    /** When the data version was stored (null for version 0, the empty store), the ruleset last activated, and the later of the two. */
    record ChangedView(java.time.Instant data, java.time.Instant ruleset, java.time.Instant at) {
        static ChangedView of(java.time.Instant data, java.time.Instant ruleset) {
            java.time.Instant at = data == null ? ruleset : ruleset == null || data.isAfter(ruleset) ? data : ruleset;
            return new ChangedView(data, ruleset, at);
        }
    }

    record ScoreView(String level, @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) Double score,
                     ComponentsView components) {
    }

    /**
     * @param marks what changed since the step before (none for the first): the dashboard marks those steps and
     *              lists the changes with {@code /api/assessment/changes}
     */
    record HistoryStep(LocalDate asOf, ScoreView autonomy, Map<String, Map<String, Integer>> threats,
                       List<AlignmentView> alignments,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Marks marks) {
    }

    /** How many reported conclusions appeared, disappeared or changed level from one step to the next. */
    record Marks(int appeared, int disappeared, int changedLevel) {
        static Marks between(Assessment before, Assessment after) {
            Map<org.mandala.model.ConclusionKey, Conclusion> b = before.reported();
            Map<org.mandala.model.ConclusionKey, Conclusion> a = after.reported();
            int appeared = 0;
            int changed = 0;
            for (Map.Entry<org.mandala.model.ConclusionKey, Conclusion> e : a.entrySet()) {
                Conclusion old = b.get(e.getKey());
                if (old == null) {
                    appeared++;
                } else if (!ChangeService.level(old).equals(ChangeService.level(e.getValue()))) {
                    changed++;
                }
            }
            int disappeared = (int) b.keySet().stream().filter(k -> !a.containsKey(k)).count();
            return new Marks(appeared, disappeared, changed);
        }
    }

    /**
     * One threat's trend: its score at each month-end (null where it was not drawn) and how its level
     * moved since the previous month-end: {@code NEW}, {@code UP}, {@code DOWN} or {@code SAME}.
     */
    record ThreatTrend(List<Double> scores, String since, String previousLevel) {
    }

    /** @param dates the month-ends, then {@code asOf}: the dates of each trend's scores */
    record ThreatTrendsView(String focus, LocalDate asOf, String rulesetVersion, String dataVersion, List<LocalDate> dates,
                            Map<String, ThreatTrend> threats) {
    }

    /** The most month-ends a threat trend spans. */
    static final int MAX_TREND_MONTHS = 36;

    record HistoryView(String focus, String rulesetVersion, String dataVersion, List<HistoryStep> steps) {
    }

    record ChangeView(Object before, Object after, List<ChangeService.Cause> causes) {
    }

    record ChangesView(String focus, LocalDate from, LocalDate to, String fromDataVersion, String toDataVersion, String rulesetVersion,
                       List<ChangeView> appeared, List<ChangeView> disappeared, List<ChangeView> changed) {
    }

    private final AssessmentService assessments;
    /** Every assessment served is published ({@link AssessmentServed}): the decision log listens. */
    private final ApplicationEventPublisher events;
    private final ChangeService changes;

    private final org.mandala.indicator.IndicatorRepository indicators;
    private final org.mandala.policy.RulesetStore rulesets;
    private final tools.jackson.databind.json.JsonMapper json;
    /** The answers of {@code GET /api/assessment} as sent, by key (the filter serves them too). */
    private final AssessmentAnswers answers;

    AssessmentController(AssessmentService assessments, ApplicationEventPublisher events, ChangeService changes,
                         org.mandala.indicator.IndicatorRepository indicators, org.mandala.policy.RulesetStore rulesets,
                         tools.jackson.databind.json.JsonMapper json, AssessmentAnswers answers) {
        this.assessments = assessments;
        this.answers = answers;
        this.events = events;
        this.changes = changes;
        this.indicators = indicators;
        this.rulesets = rulesets;
        this.json = json;
    }

    /**
     * {@code GET /api/assessment/changes}: between two dates ({@code from}, {@code to}), or
     * between two data versions ({@code fromVersion}, {@code toVersion}) at {@code to}.
     */
    @GetMapping("/api/assessment/changes")
    ChangesView changes(@RequestParam(required = false) String focus, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, @RequestParam(required = false) Long fromVersion,
                        @RequestParam(required = false) Long toVersion) {
        ChangeService.Changes c = changes.between(focus, RequestParameters.date("from", from), RequestParameters.date("to", to),
                fromVersion, toVersion);
        events.publishEvent(new AssessmentServed(c.from(), c.fromKey()));
        events.publishEvent(new AssessmentServed(c.to(), c.toKey()));
        return new ChangesView(c.toKey().focus(), c.fromKey().asOf(), c.toKey().asOf(), String.valueOf(c.fromKey().dataVersion()),
                String.valueOf(c.toKey().dataVersion()), c.toKey().rulesetVersion(), changeViews(c, c.appeared()),
                changeViews(c, c.disappeared()), changeViews(c, c.changed()));
    }

    static List<ChangeView> changeViews(ChangeService.Changes c, List<ChangeService.Change> list) {
        return list.stream().map(x -> new ChangeView(entry(c.from(), c.fromKey(), x.before()), entry(c.to(), c.toKey(), x.after()),
                x.causes())).toList();
    }

    /** A conclusion in the shape the assessment shows it. */
    private static Object entry(Assessment a, AssessmentKey key, Conclusion c) {
        if (c == null) {
            return null;
        }
        if (c instanceof Threat t) {
            return threat(a, key, t);
        }
        if (c instanceof Alignment al) {
            return alignment(a, key, al);
        }
        if (c instanceof Axis ax) {
            return axis(a, key, ax);
        }
        return autonomy(a, key, (Autonomy) c);
    }

    private static AutonomyView autonomy(Assessment a, AssessmentKey key, Autonomy u) {
        return new AutonomyView(u.levelName(), round(u.getScore()), components(u), confidence(a, u), id(key, u));
    }

    private static ComponentsView components(Autonomy u) {
        return u.isSufficient() ? new ComponentsView(Conclusion.round1(u.getStructural()), Conclusion.round1(u.getAcute())) : null;
    }

    private static Double round(Double score) {
        return score == null ? null : Conclusion.round1(score);
    }

    private static AxisView axis(Assessment a, AssessmentKey key, Axis ax) {
        return new AxisView(ax.getMembers(), confidence(a, ax), id(key, ax));
    }

    @GetMapping("/api/assessment")
    ResponseEntity<byte[]> assessment(@RequestParam(required = false) String focus,
                                      @RequestParam(required = false) String asOf, WebRequest request) {
        AssessmentKey key = assessments.currentKey(focus, RequestParameters.date("asOf", asOf));
        // The key is known before any rule runs: an unchanged assessment costs one small query.
        if (request.checkNotModified(key.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(key.etag()).cacheControl(CacheControl.noCache())
                    .varyBy(org.springframework.http.HttpHeaders.ACCEPT_ENCODING).build();
        }
        AssessmentAnswers.Answer answer = answers.get(key);
        byte[] body = answer == null ? null : answer.identity();
        if (body == null) {
            // made outside the cache's computation: an assessment stopped at a bound must not hold its lock
            Assessment a = assessments.assess(key);
            events.publishEvent(new AssessmentServed(a, key));
            ChangedView changed = ChangedView.of(indicators.storedAt(key.dataVersion()).orElse(null),
                    rulesets.activatedAt(key.rulesetVersion()).orElse(null));
            body = json.writeValueAsBytes(view(a, key, changed));
            answers.put(key, body);
        }
        return ResponseEntity.ok().eTag(key.etag()).cacheControl(CacheControl.noCache()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(body);
    }

    /**
     * {@code GET /api/assessment/history}: per step the autonomy level and score, the threats by
     * kind and level, and the alignments of the focus with its partners and adversaries.
     */
    @GetMapping("/api/assessment/history")
    ResponseEntity<HistoryView> history(@RequestParam(required = false) String focus, @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(defaultValue = "month") String step, WebRequest request) {
        List<LocalDate> dates = AssessmentService.steps(RequestParameters.date("from", from), RequestParameters.date("to", to), step);
        AssessmentKey now = assessments.currentKey(focus, dates.isEmpty() ? null : dates.get(0));
        String etag = "\"" + now.focus() + ".h." + from + "." + to + "." + step + "." + now.dataVersion() + "." + now.rulesetVersion() + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
        }
        List<HistoryStep> steps = new ArrayList<>();
        Assessment previous = null;
        for (Assessment a : assessments.history(now.focus(), dates)) {
            AssessmentKey key = new AssessmentKey(a.focus(), a.asOf(), a.dataVersion(), a.rulesetVersion());
            events.publishEvent(new AssessmentServed(a, key));
            Map<String, Map<String, Integer>> threats = new TreeMap<>();
            for (Threat t : a.threats()) {
                threats.computeIfAbsent(t.getKind(), k -> new TreeMap<>()).merge(t.getLevel().name(), 1, Integer::sum);
            }
            List<AlignmentView> around = new ArrayList<>();
            Set<String> near = new HashSet<>(a.partners());
            near.addAll(a.adversaries());
            // every alignment, NONE too: a.alignments() leaves those out
            for (Conclusion c : a.conclusions().values()) {
                if (!(c instanceof Alignment al)) {
                    continue;
                }
                if (al.involves(a.focus()) && near.contains(al.other(a.focus()))) {
                    around.add(alignment(a, key, al));
                }
            }
            Autonomy u = a.autonomy();
            steps.add(new HistoryStep(a.asOf(), u == null ? null : new ScoreView(u.levelName(), round(u.getScore()), components(u)),
                    threats, around, previous == null ? null : Marks.between(previous, a)));
            previous = a;
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache())
                .body(new HistoryView(now.focus(), now.rulesetVersion(), String.valueOf(now.dataVersion()), steps));
    }

    /**
     * {@code GET /api/assessment/flows}: the evidence of one indicator type (arms transfers by default) from
     * each state to each other as the assessment at {@code asOf} weighs it, decayed and graded, largest
     * first: the arms flows of the dashboard's map.
     */
    @GetMapping("/api/assessment/flows")
    ResponseEntity<FlowsView> flows(@RequestParam(required = false) String focus, @RequestParam(required = false) String asOf,
                                    @RequestParam(defaultValue = "ARMS_TRANSFER") String type,
                                    @RequestParam(defaultValue = "200") int limit, WebRequest request) {
        if (limit < 1 || limit > MAX_FLOWS) {
            throw new org.mandala.assessment.InvalidParameterException("limit", String.valueOf(limit), "limit must be between 1 and " + MAX_FLOWS);
        }
        String wanted = type.trim().toUpperCase(java.util.Locale.ROOT);
        AssessmentKey key = assessments.currentKey(focus, RequestParameters.date("asOf", asOf));
        String etag = "\"" + key.focus() + ".f." + key.asOf() + "." + wanted + "." + limit + "." + key.dataVersion() + "." + key.rulesetVersion() + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
        }
        Assessment a = assessments.assess(key);
        if (!a.ruleset().configuration().types().containsKey(wanted)) {
            throw new org.mandala.assessment.InvalidParameterException("type", type, "not an indicator type of the catalogue");
        }
        List<FlowView> all = a.evidence().stream()
                .filter(e -> e.isBetweenStates() && e.getType().equals(wanted) && Conclusion.round1(e.getScore()) > 0)
                .sorted(java.util.Comparator.comparingDouble(org.mandala.model.Evidence::getScore).reversed()
                        .thenComparing(org.mandala.model.Evidence::getActor).thenComparing(org.mandala.model.Evidence::getTarget))
                .map(e -> new FlowView(e.getActor(), e.getTarget(), wanted, Conclusion.round1(e.getScore()), e.getCount()))
                .toList();
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache())
                .body(new FlowsView(key.focus(), key.asOf(), key.rulesetVersion(), String.valueOf(key.dataVersion()), wanted, all.size(),
                        all.subList(0, Math.min(limit, all.size()))));
    }

    /**
     * {@code GET /api/assessment/threat-trends}: for each threat of the assessment at {@code asOf}, its
     * score at the last {@code months} month-ends (for a sparkline) and how its level moved since the
     * previous month-end (an arrow). The month-end assessments are those the history caches.
     */
    @GetMapping("/api/assessment/threat-trends")
    ResponseEntity<ThreatTrendsView> threatTrends(@RequestParam(required = false) String focus, @RequestParam(required = false) String asOf,
                                                  @RequestParam(defaultValue = "12") int months, WebRequest request) {
        if (months < 1 || months > MAX_TREND_MONTHS) {
            throw new org.mandala.assessment.InvalidParameterException("months", String.valueOf(months),
                    "months must be between 1 and " + MAX_TREND_MONTHS);
        }
        AssessmentKey key = assessments.currentKey(focus, RequestParameters.date("asOf", asOf));
        String etag = "\"" + key.focus() + ".t." + key.asOf() + "." + months + "." + key.dataVersion() + "." + key.rulesetVersion() + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
        }
        LocalDate last = org.mandala.assessment.Warnings.previousMonthEnd(key.asOf());
        List<LocalDate> monthEnds = AssessmentService.steps(last.minusMonths(months - 1L).withDayOfMonth(1), last, "month");
        List<Assessment> history = assessments.history(key.focus(), monthEnds);
        Assessment now = assessments.assess(key);
        Assessment before = history.get(history.size() - 1);
        Map<String, ThreatTrend> trends = new java.util.LinkedHashMap<>();
        for (Threat t : now.threats()) {
            List<Double> scores = new ArrayList<>();
            for (Assessment h : history) {
                scores.add(h.conclusion(t.key()).map(c -> round(c.shownScore())).orElse(null));
            }
            scores.add(Conclusion.round1(t.getScore()));
            Conclusion was = before.conclusion(t.key()).orElse(null);
            String since = was == null ? "NEW" : Integer.compare(t.getLevel().ordinal(), org.mandala.model.RiskLevel.valueOf(was.levelName())
                    .ordinal()) > 0 ? "UP" : t.getLevel().name().equals(was.levelName()) ? "SAME" : "DOWN";
            trends.put(t.key().toString(), new ThreatTrend(scores, since, was == null ? null : was.levelName()));
        }
        List<LocalDate> dates = new ArrayList<>(monthEnds);
        dates.add(key.asOf());
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache())
                .body(new ThreatTrendsView(key.focus(), key.asOf(), key.rulesetVersion(), String.valueOf(key.dataVersion()), dates, trends));
    }

    static AssessmentView view(Assessment a, AssessmentKey key) {
        return view(a, key, null);
    }

    static AssessmentView view(Assessment a, AssessmentKey key, ChangedView changed) {
        Autonomy u = a.autonomy();
        AutonomyView autonomy = u == null ? null
                : autonomy(a, key, u);
        List<ThreatView> threats = a.threats().stream().map(t -> threat(a, key, t)).toList();
        List<AlignmentView> alignments = a.alignments().stream().map(al -> alignment(a, key, al)).toList();
        List<AxisView> axes = a.axes().stream().map(ax -> axis(a, key, ax)).toList();
        List<String> partners = a.partners();
        List<String> adversaries = a.adversaries();
        List<HostilityView> hostilities = a.conclusions().values().stream()
                .filter(c -> c instanceof org.mandala.model.Hostility h && Conclusion.round1(h.getScore()) > 0)
                .map(c -> (org.mandala.model.Hostility) c)
                .sorted(java.util.Comparator.comparingDouble(org.mandala.model.Hostility::getScore).reversed()
                        .thenComparing(org.mandala.model.Hostility::getPairKey))
                .limit(MAX_HOSTILITIES)
                .map(h -> new HostilityView(h.getA(), h.getB(), Conclusion.round1(h.getScore()), confidence(a, h), id(key, h)))
                .toList();
        List<BalancingView> balancing = a.conclusions().values().stream()
                .filter(c -> c instanceof org.mandala.model.Balancing)
                .map(c -> (org.mandala.model.Balancing) c)
                .map(b -> new BalancingView(List.of(b.getFirst(), b.getSecond()), Conclusion.round1(b.getOffset()), confidence(a, b), id(key, b)))
                .sorted(java.util.Comparator.comparingDouble(BalancingView::points).reversed())
                .toList();
        Map<String, KindView> kinds = new java.util.LinkedHashMap<>();
        a.ruleset().configuration().kinds().forEach((code, k) -> kinds.put(code,
                new KindView(k.label(), k.description(), k.floor().name(), a.ruleset().configuration().matters(code))));
        a.threats().forEach(t -> kinds.computeIfAbsent(t.getKind(), code -> new KindView(t.getLabel(), "", "LOW", null)));
        CoverageView coverage = new CoverageView(a.coverage().getIndicators(), a.coverage().getSources(), a.coverage().getMonths(),
                a.coverage().isSufficient());
        return new AssessmentView(a.focus(), a.asOf(), a.rulesetVersion(), String.valueOf(a.dataVersion()), autonomy, coverage, threats,
                alignments, axes, partners, adversaries, hostilities, balancing, kinds, changed);
    }

    static ThreatView threat(Assessment a, AssessmentKey key, Threat t) {
        String id = id(key, t);
        return new ThreatView(id, t.getKind(), t.getLabel(), t.getLevel().name(), Conclusion.round1(t.getScore()), t.getActors(), t.getSummary(),
                confidence(a, t), id, a.ruleset().configuration().direction(t.getKind(), t.getOrdered()));
    }

    static AlignmentView alignment(Assessment a, AssessmentKey key, Alignment al) {
        return new AlignmentView(al.getA(), al.getB(), al.getLevel().name(), Conclusion.round1(al.getScore()), confidence(a, al),
                id(key, al));
    }

    private static String confidence(Assessment a, Conclusion c) {
        return a.confidence(c).confidence().name();
    }

    /** A conclusion's explanation id; none for a conclusion of a what-if ({@code key} null), which no id could rebuild. */
    private static String id(AssessmentKey key, Conclusion c) {
        return key == null ? null : ExplanationId.of(key, c.key());
    }
}
