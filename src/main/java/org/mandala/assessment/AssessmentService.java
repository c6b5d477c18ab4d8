package org.mandala.assessment;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.indicator.IndicatorSnapshots;
import org.mandala.rules.ActiveRuleset;
import org.mandala.rules.RuleBoundException;
import org.mandala.rules.RuleBoundReached;
import org.mandala.rules.Ruleset;
import org.mandala.rules.SessionBounds;
import org.mandala.system.MandalaProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Makes assessments and caches them by {@link AssessmentKey}. The key is cheap to compute (one
 * small query for the data version), so a poller whose assessment has not changed is answered
 * without running any rule.
 */
@Service
public class AssessmentService {
    private final ActiveRuleset rules;
    private final IndicatorRepository indicators;
    private final IndicatorSnapshots snapshots;
    private final ActorCodes codes;
    private final String defaultFocus;
    private final Clock clock;
    private final SessionBounds bounds;
    private final ApplicationEventPublisher events;
    /**
     * Assessments by key, bounded by what they hold (their evidence and conclusions), not by their
     * number: a dense world's assessment holds thousands of facts, the sample's a few hundred.
     */
    private final Cache<AssessmentKey, Assessment> cache = Caffeine.newBuilder().maximumWeight(MAX_CACHED_FACTS)
            .weigher((AssessmentKey k, Assessment a) -> a.evidence().size() + a.conclusions().size()).build();
    /**
     * The most facts (evidence and conclusions) the cached assessments may hold together: a quarter of
     * the heap at a rough 300 bytes a fact (an {@code Evidence} alone is 88 bytes in a heap histogram,
     * and its lists and the conclusions come on top), and never fewer than 500,000. The fixed 500,000
     * it replaces did not hold the 24 month-ends of a 100,000-indicator store's trend, so a trend asked
     * again after an upload made evicted month-ends again.
     */
    static final long MAX_CACHED_FACTS = Math.max(500_000, Runtime.getRuntime().maxMemory() / 4 / 300);

    @Autowired
    AssessmentService(ActiveRuleset rules, IndicatorRepository indicators, IndicatorSnapshots snapshots, ActorCodes codes,
                      MandalaProperties properties, ApplicationEventPublisher events) {
        this(rules, indicators, snapshots, codes, properties, events, Clock.systemUTC());
    }

    AssessmentService(ActiveRuleset rules, IndicatorRepository indicators, IndicatorSnapshots snapshots, ActorCodes codes,
                      MandalaProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.bounds = SessionBounds.of(properties.rules().session());
        this.events = events;
        this.rules = rules;
        this.indicators = indicators;
        this.snapshots = snapshots;
        this.codes = codes;
        this.defaultFocus = properties.focus();
        this.clock = clock;
    }

    /** The bounds every rule session of this service runs within, queries included. */
    public SessionBounds bounds() {
        return bounds;
    }

    /**
     * The key of the assessment a request asks for now: its focus (the configured one when
     * {@code null}), its date (today when {@code null}), the current data and ruleset versions.
     */
    public AssessmentKey currentKey(String focus, LocalDate asOf) {
        // both versions as this replica knows them, with no query: an unchanged assessment's 304 touches no database
        return new AssessmentKey(focus(focus), asOf == null ? LocalDate.now(clock) : asOf, indicators.knownVersion(),
                rules.get().version());
    }

    /** Checks a focus parameter: a state code of the reference list. */
    public String focus(String focus) {
        if (focus == null || focus.isBlank()) {
            return defaultFocus;
        }
        return state("focus", focus);
    }

    /**
     * Checks a state code named by a request parameter: a state of the reference list, in any case
     * ({@code ind} is {@code IND}: people type codes in filters and links as they come).
     */
    public String state(String parameter, String code) {
        String f = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (!codes.isState(f)) {
            throw new InvalidParameterException(parameter, code, parameter + " must name states by their ISO 3166-1 alpha-3 codes, e.g. IND");
        }
        return f;
    }

    /** Empties the cache of assessments: for the benchmark, between the stores it measures. */
    public void forgetAll() {
        cache.invalidateAll();
    }

    /** The assessment for the key, from the cache or made now. */
    public Assessment assess(AssessmentKey key) {
        Ruleset ruleset = ruleset(key);
        // An upload of indicators dated after the key's day changes nothing on that day: the assessment
        // is the one made at the last data version that stored anything dated by then (cached under
        // that version), so a month-end of a trend is made again only when new rows reach back to it.
        IndicatorSnapshot snapshot = snapshots.atLeast(key.dataVersion());
        AssessmentKey same = new AssessmentKey(key.focus(), key.asOf(), snapshot.lastVersionDatedBy(key.dataVersion(),
                (int) key.asOf().toEpochDay()), key.rulesetVersion());
        try {
            boolean[] made = {false};
            Assessment a = cache.get(same, k -> {
                made[0] = true;
                return run(ruleset, k);
            });
            org.mandala.system.MandalaMetrics.assessmentAsked(!made[0]);
            return same.dataVersion() == key.dataVersion() ? a : a.at(key.dataVersion());
        } catch (RuleBoundException e) {
            // published outside the cache's computation: a rollback may follow, and must not hold the cache's lock
            events.publishEvent(new RuleBoundReached(e));
            throw e;
        }
    }

    /** Runs the rules for the key within the session bounds; a session stopped at a bound throws (and the request answers 503). */
    private Assessment run(Ruleset ruleset, AssessmentKey k) {
        long start = System.nanoTime();
        Assessment a = AssessmentEngine.assess(ruleset, snapshots.atLeast(k.dataVersion()), k.dataVersion(), k.focus(), k.asOf(), codes,
                bounds, null);
        org.mandala.system.MandalaMetrics.assessmentMade(System.nanoTime() - start);
        return a;
    }

    /** The ruleset a key names: the active one, a recent one, or a stored one. */
    private Ruleset ruleset(AssessmentKey key) {
        Ruleset ruleset = rules.byVersion(key.rulesetVersion()).orElseThrow(() -> new UnknownVersionException(
                "ruleset version " + key.rulesetVersion() + " is not stored (the active one is " + rules.get().version() + ")"));
        // the version this replica knows is no later than the stored one: ask the database only beyond it
        if (key.dataVersion() > indicators.knownVersion() && key.dataVersion() > indicators.currentVersion()) {
            throw new UnknownVersionException("data version " + key.dataVersion() + " does not exist yet");
        }
        return ruleset;
    }

    /**
     * The assessment for the key as if {@code hypothetical} indicators were stored in its data
     * version (a what-if): made afresh, never cached, logged or stored. A session bound reached here
     * is the hypothetical data's doing, so it rolls nothing back (the request answers as for any bound).
     */
    public Assessment assessWith(AssessmentKey key, java.util.List<org.mandala.indicator.Indicator> hypothetical) {
        return AssessmentEngine.assess(ruleset(key), snapshots.atLeast(key.dataVersion()).withHypothetical(hypothetical, key.dataVersion()),
                key.dataVersion(), key.focus(), key.asOf(), codes, bounds, null);
    }

    /**
     * The warnings the tripwires of {@code now}'s ruleset draw against {@code before} (since
     * {@code LAST_CHANGE}, worded as {@code beforeWording}, e.g. "since data version 4") and against the
     * previous month-end of {@code now}'s date with its data and ruleset versions (since {@code MONTH_END}).
     * For a what-if, {@code now} is hypothetical and {@code before} the real assessment; the month-end is
     * then the stored data's, and a bound reached rolls nothing back ({@code hypothetical}).
     */
    public java.util.List<org.mandala.model.Warning> warnings(Assessment now, Assessment before, String beforeWording, boolean hypothetical) {
        return warnings(now, earlier(now, before, beforeWording), hypothetical);
    }

    /** What the tripwires compare {@code now} with: {@code before} (since the last change) and the previous month-end. */
    public java.util.List<org.mandala.model.Earlier> earlier(Assessment now, Assessment before, String beforeWording) {
        Assessment monthEnd = assess(new AssessmentKey(now.focus(), Warnings.previousMonthEnd(now.asOf()), now.dataVersion(),
                now.rulesetVersion()));
        return Warnings.earlier(before, beforeWording, monthEnd);
    }

    /** The warnings the tripwires draw over {@code now} against the earlier assessments. */
    public java.util.List<org.mandala.model.Warning> warnings(Assessment now, java.util.List<org.mandala.model.Earlier> earlier, boolean hypothetical) {
        try {
            return Warnings.evaluate(now, earlier, bounds, null);
        } catch (RuleBoundException e) {
            if (!hypothetical) {
                events.publishEvent(new RuleBoundReached(e));
            }
            throw e;
        }
    }

    /** The assessment for the key made afresh, bypassing the cache: for replaying a logged decision. */
    public Assessment assessUncached(AssessmentKey key) {
        try {
            return run(ruleset(key), key);
        } catch (RuleBoundException e) {
            events.publishEvent(new RuleBoundReached(e));
            throw e;
        }
    }

    /** The steps of a history: the dates between {@code from} and {@code to}, at most this many. */
    public static final int MAX_HISTORY_STEPS = 400;

    /**
     * The dates of a history from {@code from} to {@code to}: the last day of each period
     * ({@code month}, {@code quarter}, {@code year}), each day, or each seventh day from
     * {@code from} ({@code week}), keeping those within the range.
     */
    public static java.util.List<LocalDate> steps(LocalDate from, LocalDate to, String step) {
        if (from == null || to == null) {
            throw new InvalidParameterException(from == null ? "from" : "to", null, "a history needs both from and to");
        }
        if (to.isBefore(from)) {
            throw new InvalidParameterException("to", to.toString(), "to (" + to + ") is before from (" + from + ")");
        }
        java.util.List<LocalDate> dates = new java.util.ArrayList<>();
        String unit = step == null ? "month" : step.strip().toLowerCase(Locale.ROOT);
        LocalDate d = switch (unit) {
            case "day", "week" -> from;
            case "month" -> from.withDayOfMonth(from.lengthOfMonth());
            case "quarter" -> from.withMonth((from.getMonthValue() - 1) / 3 * 3 + 3).withDayOfMonth(1)
                    .plusMonths(1).minusDays(1);
            case "year" -> from.withDayOfYear(from.lengthOfYear());
            default -> throw new InvalidParameterException("step", step, "step must be day, week, month, quarter or year");
        };
        while (!d.isAfter(to)) {
            dates.add(d);
            if (dates.size() > MAX_HISTORY_STEPS) {
                throw new InvalidParameterException("step", step, "more than " + MAX_HISTORY_STEPS
                        + " steps between from and to; choose a longer step or a shorter range");
            }
            d = switch (unit) {
                case "day" -> d.plusDays(1);
                case "week" -> d.plusWeeks(1);
                case "month" -> d.plusDays(1).plusMonths(1).minusDays(1);
                case "quarter" -> d.plusDays(1).plusMonths(3).minusDays(1);
                default -> d.plusDays(1).plusYears(1).minusDays(1);
            };
        }
        return dates;
    }

    /** The assessments of a focus at each date, with the data and ruleset versions of now. */
    public java.util.List<Assessment> history(String focus, java.util.List<LocalDate> dates) {
        String f = focus(focus);
        // the version the keys of the same request were made with (currentKey), so its ETag names what it holds
        long dataVersion = indicators.knownVersion();
        String rulesetVersion = rules.get().version();
        // steps are independent sessions over one immutable snapshot: run them on every core
        return dates.parallelStream().map(d -> assess(new AssessmentKey(f, d, dataVersion, rulesetVersion))).toList();
    }

    /** A version named in a request (e.g. by an explanation id) that this service cannot rebuild. */
    public static class UnknownVersionException extends RuntimeException {
        public UnknownVersionException(String message) {
            super(message);
        }
    }
}
