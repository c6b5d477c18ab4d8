package org.mandala.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.explanation.Explanation;
import org.mandala.explanation.ExplanationService;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.model.RiskLevel;
import org.mandala.model.Since;
import org.mandala.model.Warning;
import org.mandala.policy.RulesetStore;
import org.mandala.rules.ActiveRuleset;
import org.mandala.system.MandalaMetrics;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raises alerts: when the data version or the active ruleset of a configured focus state differs
 * from what its tripwires were last evaluated on, one replica at a time (ShedLock) assesses the focus
 * before and after, runs the tripwires ({@link AssessmentService#warnings}) and stores each warning
 * once as an alert, with its explanation and a delivery queued for each matching subscription, in
 * one transaction with the new state. The first evaluation of a focus records its state and raises
 * nothing: there is no earlier assessment of Mandala's to compare with; nor does the first data
 * stored into an empty store.
 */
@Service
public class AlertService {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);

    /**
     * What a tripwire drew, as an alert and its webhook carry it.
     *
     * @param since which earlier assessment it compared with, in words
     */
    public record Drawn(String key, String tripwire, String label, String severity, List<String> actors, String message, String was,
                        String now, String basis, String since, Explanation explanation) {
    }

    /** An alert as the API and webhooks show it. */
    public record AlertView(long id, String focus, String key, String tripwire, String label, String severity, List<String> actors,
                            String message, String was, String now, String basis, String since, LocalDate asOf, long dataVersion,
                            String rulesetVersion, Instant raisedAt, Instant acknowledgedAt, String acknowledgedBy, JsonNode explanation) {
    }

    private final AlertStore store;
    private final AlertsProperties settings;
    private final AssessmentService assessments;
    private final ExplanationService explanations;
    private final IndicatorRepository indicators;
    private final ActiveRuleset rules;
    private final RulesetStore rulesets;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final List<String> foci;
    private final Clock clock;

    @Autowired
    AlertService(AlertStore store, AlertsProperties settings, MandalaProperties properties, AssessmentService assessments,
                 ExplanationService explanations, IndicatorRepository indicators, ActiveRuleset rules, RulesetStore rulesets,
                 TransactionTemplate tx, JsonMapper json) {
        this.store = store;
        this.settings = settings;
        this.assessments = assessments;
        this.explanations = explanations;
        this.indicators = indicators;
        this.rules = rules;
        this.rulesets = rulesets;
        this.tx = tx;
        this.json = json;
        this.clock = Clock.systemUTC();
        List<String> f = settings.focus().stream().map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
        this.foci = f.isEmpty() ? List.of(properties.focus()) : f;
    }

    /** The focus states whose tripwires are evaluated. */
    public List<String> foci() {
        return foci;
    }

    @Scheduled(fixedDelayString = "${mandala.alerts.check:2s}", initialDelayString = "${mandala.alerts.check:2s}")
    @SchedulerLock(name = "alerts-evaluate", lockAtMostFor = "PT30M")
    public void scheduled() {
        evaluate();
    }

    /**
     * Evaluates the tripwires of every configured focus whose versions changed; the ids of the alerts
     * stored. Skipped while this replica does not serve the database's active ruleset yet (it is
     * compiling it): comparing with an older one would raise what another replica will not.
     */
    public List<Long> evaluate() {
        if (!settings.enabled()) {
            return List.of();
        }
        String active = rulesets.activeVersion().orElse(null);
        String serving = rules.get().version();
        if (active != null && !active.equals(serving)) {
            return List.of();
        }
        long dataVersion = indicators.currentVersion();
        List<Long> raised = new ArrayList<>();
        for (String focus : foci) {
            try {
                raised.addAll(evaluate(focus, dataVersion, serving));
            } catch (AssessmentService.UnknownVersionException | org.mandala.rules.RuleBoundException e) {
                // the earlier version cannot be assessed any more: start again from the current one
                log.warn("Alerts for {}: cannot compare with the state evaluated before ({}); the current one is the new baseline",
                        focus, e.getMessage());
                store.saveState(focus, dataVersion, serving);
            }
        }
        return raised;
    }

    private List<Long> evaluate(String focus, long dataVersion, String rulesetVersion) {
        Optional<AlertStore.State> state = store.state(focus);
        if (state.isEmpty()) {
            store.saveState(focus, dataVersion, rulesetVersion);
            log.info("Alerts for {}: first evaluation at data version {}, ruleset {}; later changes are compared with it",
                    focus, dataVersion, rulesetVersion);
            return List.of();
        }
        AlertStore.State was = state.get();
        if (was.dataVersion() == dataVersion && was.rulesetVersion().equals(rulesetVersion)) {
            return List.of();
        }
        if (was.dataVersion() == 0) {
            // evaluated on an empty store (a replica looked before the sample or the first upload landed): nothing to compare with yet
            store.saveState(focus, dataVersion, rulesetVersion);
            log.info("Alerts for {}: first data at data version {}; later changes are compared with it", focus, dataVersion);
            return List.of();
        }
        LocalDate asOf = settings.asOf() != null ? settings.asOf() : LocalDate.now(clock);
        AssessmentKey beforeKey = new AssessmentKey(focus, asOf, was.dataVersion(), was.rulesetVersion());
        AssessmentKey nowKey = new AssessmentKey(focus, asOf, dataVersion, rulesetVersion);
        Assessment before = assessments.assess(beforeKey);
        Assessment now = assessments.assess(nowKey);
        List<Warning> warnings = assessments.warnings(now, before, since(was, dataVersion, rulesetVersion), false);
        String change = "change " + was.dataVersion() + "/" + was.rulesetVersion() + " > " + dataVersion + "/" + rulesetVersion;
        // a large upload can cross hundreds of tripwires at once: the gravest are alerts, the rest one more alert that counts them
        List<Warning> each = warnings.subList(0, Math.min(warnings.size(), Math.max(0, settings.maxPerChange())));
        List<Warning> rest = warnings.subList(each.size(), warnings.size());
        List<Long> raised = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (Warning w : each) {
                String occasion = w.getBasis() == Since.LAST_CHANGE ? change
                        : "month-end " + org.mandala.assessment.Warnings.previousMonthEnd(asOf);
                Drawn drawn = drawn(w, explanations.explain(now, nowKey, w));
                store.insert(focus, w.key().toString(), occasion, w.getTripwire(), w.getSeverity().name(), w.getSeverity().ordinal(), asOf,
                        dataVersion, rulesetVersion, w.getSummary() == null ? w.describe() : w.getSummary(), json.writeValueAsString(drawn))
                        .ifPresent(id -> {
                            raised.add(id);
                            store.queue(id, focus, w.getSeverity().ordinal());
                        });
            }
            if (!rest.isEmpty()) {
                Drawn more = more(focus, rest, since(was, dataVersion, rulesetVersion));
                RiskLevel gravest = rest.get(0).getSeverity();
                store.insert(focus, more.key(), change, MORE, gravest.name(), gravest.ordinal(), asOf, dataVersion, rulesetVersion,
                        more.message(), json.writeValueAsString(more)).ifPresent(id -> {
                            raised.add(id);
                            store.queue(id, focus, gravest.ordinal());
                        });
            }
            store.saveState(focus, dataVersion, rulesetVersion);
        });
        if (!raised.isEmpty()) {
            MandalaMetrics.alertsRaised(raised.size());
            log.info("Alerts for {}: {} raised for {} warnings (gravest: {})", focus, raised.size(), warnings.size(),
                    warnings.stream().limit(5).map(w -> w.key().toString()).toList());
        }
        return raised;
    }

    /** The tripwire code of the one alert that counts the warnings past {@code max-per-change}. */
    public static final String MORE = "MORE_WARNINGS";

    /** The alert that counts the warnings of a change past the gravest {@code max-per-change}, by tripwire. */
    private static Drawn more(String focus, List<Warning> rest, String since) {
        java.util.Map<String, Long> byTripwire = new java.util.TreeMap<>();
        rest.forEach(w -> byTripwire.merge(w.getLabel(), 1L, Long::sum));
        String counts = byTripwire.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(java.util.stream.Collectors.joining("; "));
        String message = String.format(Locale.ROOT, "%,d more warnings %s, beyond the gravest listed as alerts: %s. See the assessment and what "
                + "changed for all of them.", rest.size(), since, counts);
        return new Drawn("W." + MORE + "." + focus, MORE, "More warnings", rest.get(0).getSeverity().name(), List.of(focus), message,
                null, null, Since.LAST_CHANGE.name(), since, null);
    }

    /** The earlier assessment in words: what changed since it. */
    private static String since(AlertStore.State was, long dataVersion, String rulesetVersion) {
        boolean data = was.dataVersion() != dataVersion;
        boolean rules = !was.rulesetVersion().equals(rulesetVersion);
        String shortRules = was.rulesetVersion().substring(0, Math.min(12, was.rulesetVersion().length()));
        if (data && rules) {
            return "since data version " + was.dataVersion() + " and ruleset " + shortRules;
        }
        return data ? "since data version " + was.dataVersion() : "since ruleset " + shortRules;
    }

    /** What a warning says, with its explanation: an alert's body, and a what-if's warnings. */
    public static Drawn drawn(Warning w, Explanation explanation) {
        return new Drawn(w.key().toString(), w.getTripwire(), w.getLabel(), w.getSeverity().name(), w.actors(), w.getSummary(), w.getWas(),
                w.getNow(), w.getBasis().name(), w.getSince(), explanation);
    }

    /**
     * An alert as the list, the stream and webhooks carry it: its explanation one level deep (the
     * warning, and each conclusion it rests on with its narrative and explanation id, which opens the
     * rest); an autonomy alert's whole tree can run to hundreds of kilobytes.
     */
    public AlertView view(AlertStore.Alert a) {
        return view(a, false);
    }

    /** The explanation without the trees beneath the conclusions it rests on. */
    static JsonNode brief(JsonNode explanation) {
        if (explanation == null || !explanation.isObject()) {
            return explanation;
        }
        tools.jackson.databind.node.ObjectNode top = (tools.jackson.databind.node.ObjectNode) explanation.deepCopy();
        for (JsonNode because : top.path("because")) {
            if (because.get("explanation") instanceof tools.jackson.databind.node.ObjectNode nested) {
                nested.remove(java.util.List.of("because", "arithmetic", "omitted", "omittedContribution", "omittedConclusions"));
            }
        }
        return top;
    }

    /** An alert with its whole explanation ({@code GET /api/alerts/{id}}), or as {@link #view(AlertStore.Alert)} has it. */
    public AlertView view(AlertStore.Alert a, boolean whole) {
        JsonNode body = json.readTree(a.body());
        List<String> actors = new ArrayList<>();
        body.path("actors").forEach(n -> actors.add(n.asString()));
        return new AlertView(a.id(), a.focus(), a.warningKey(), a.tripwire(), text(body, "label"), a.severity(), actors, a.message(),
                text(body, "was"), text(body, "now"), text(body, "basis"), text(body, "since"), a.asOf(), a.dataVersion(),
                a.rulesetVersion(), a.raisedAt(), a.acknowledgedAt(), a.acknowledgedBy(),
                whole ? body.get("explanation") : brief(body.get("explanation")));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    /** A severity parameter: a risk level, any case; null for none (LOW). */
    public static RiskLevel severity(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return RiskLevel.LOW;
        }
        try {
            return RiskLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.mandala.assessment.InvalidParameterException(parameter, value, parameter
                    + " must be a level: LOW, GUARDED, ELEVATED, HIGH or SEVERE");
        }
    }
}
