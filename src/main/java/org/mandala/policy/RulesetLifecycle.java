package org.mandala.policy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.PostConstruct;
import org.mandala.indicator.ActorCodes;
import org.mandala.rules.ActiveRuleset;
import org.mandala.rules.RuleBoundException;
import org.mandala.rules.RuleBoundReached;
import org.mandala.rules.RuleProblem;
import org.mandala.rules.RulesetActivated;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import org.mandala.rules.SessionBounds;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The one way the active ruleset changes ({@link #propose}), without a restart and without ever
 * replacing a working set by a broken one.
 *
 * <ul>
 * <li>Every candidate with new content, from disk or the API, is validated: compiled (which
 *     includes the sandbox check), its rule tests run and required to fire every DRL rule, and
 *     tried on the stored indicators. Only then is it stored and activated.</li>
 * <li>{@link RulesDirectory} proposes the rules on disk at startup and each edit there, and writes
 *     API activations back; {@link ReplicaFollower} serves here what another replica activated.</li>
 * <li>Each activation publishes {@link RulesetActivated}; each outcome shows at {@code GET /api/rules/status}.</li>
 * </ul>
 */
@Service
public class RulesetLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RulesetLifecycle.class);

    /** The outcome of the last attempt to change the active ruleset. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Reload(Instant at, String source, String version, boolean ok, String message, List<RuleProblem> problems,
                         RuleTests.Report tests) {
    }

    /** A session of a version that reached a bound on real data, and what was done about it. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BoundReached(Instant at, String version, String bound, String rule, String message, String rolledBackTo) {
    }

    /** What {@code GET /api/rules/status} shows; {@code replicas}: every replica sharing the database, and the version each serves. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String activeVersion, Instant lastCheck, Reload lastReload, BoundReached lastBound, List<Replicas.Replica> replicas) {
    }

    /**
     * A proposed change of the active ruleset: every file of the set it would make active.
     *
     * @param origin          what proposes it; a {@code ROLLBACK} proposes the files of a stored version
     * @param author          who, as kept with the version and its activation
     * @param note            why
     * @param expectedVersion the version the change was made against, or {@code null} to change whatever is active
     */
    public record Proposal(RulesetActivated.Origin origin, SortedMap<String, byte[]> files, String author, String note,
                           String expectedVersion) {

        /** The version the files make. */
        public String version() {
            return RulesetCompiler.version(files);
        }
    }

    /** What became of a proposal: activated, or refused with the reason. */
    public sealed interface Outcome permits Activated, Refused {
        String version();
    }

    /** The proposal serves now, on every replica; {@code tests} is its rule-test report when they ran. */
    public record Activated(String version, RuleTests.Report tests) implements Outcome {
    }

    /** The proposal was refused: nothing was stored or activated, and the active version still serves. */
    public record Refused(String version, Reason reason, String message, List<RuleProblem> problems) implements Outcome {

        public enum Reason {
            /** It does not compile, breaks the sandbox, fails or leaves uncovered its rule tests, or runs away on the stored data. */
            INVALID,
            /** It was made against a version that is no longer active. */
            STALE,
            /** A rollback to a version that is not stored or no longer loads. */
            NOT_STORED
        }
    }

    /** A candidate that passed validation: its ruleset and its rule-test report. */
    public record Validated(Ruleset ruleset, SortedMap<String, byte[]> files, RuleTests.Report tests) {
    }

    private final ActiveRuleset rules;
    private final RulesetStore store;
    private final ActorCodes codes;
    private final Path dir;
    private final ApplicationEventPublisher events;
    private final boolean rollbackOnBound;
    private final SessionBounds testBounds;
    /** Versions that reached a session bound on real data: never rolled back to. */
    private final java.util.Set<String> bounded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile BoundReached lastBound;
    private final java.util.Set<String> unusable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Instant lastCheck;
    private volatile Reload lastReload;

    private final org.mandala.indicator.IndicatorSnapshots snapshots;
    private final org.mandala.indicator.IndicatorRepository indicators;
    private final String focus;
    private final SessionBounds bounds;
    private final Replicas replicas;

    RulesetLifecycle(ActiveRuleset rules, RulesetStore store, ActorCodes codes, MandalaProperties properties,
                     org.mandala.indicator.IndicatorSnapshots snapshots, org.mandala.indicator.IndicatorRepository indicators,
                     ApplicationEventPublisher events, Replicas replicas) {
        this.replicas = replicas;
        this.events = events;
        this.snapshots = snapshots;
        this.indicators = indicators;
        this.focus = properties.focus();
        this.bounds = SessionBounds.of(properties.rules().session());
        this.rules = rules;
        this.store = store;
        this.codes = codes;
        this.dir = properties.rules().dir();
        this.rollbackOnBound = properties.rules().rollbackOnBound();
        this.testBounds = SessionBounds.ofTests(properties.rules().session());
    }

    /** The rule tests of the rules on disk, started ahead when the database shows they will be needed at startup. */
    private volatile java.util.concurrent.CompletableFuture<RuleTests.Report> testsAhead;
    private volatile String testsAheadVersion;
    private volatile Ruleset testsAheadRuleset;

    @PostConstruct
    void start() {
        rules.setLoader(this::loadQuietly);
        testAhead();
    }

    /**
     * When the rules on disk are new to the database (or no version is active yet), their tests will
     * run at startup before the web server opens: they start now on a thread of their own, while the
     * rest of the application starts, and {@link #startup} takes their report. A version already
     * stored is not tested again, so nothing starts for it.
     */
    private void testAhead() {
        try {
            SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(dir);
            String version = RulesetCompiler.version(files);
            if (store.exists(version) && store.activeVersion().isPresent()) {
                return;
            }
            java.util.concurrent.CompletableFuture<RuleTests.Report> future = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    Ruleset ruleset = rules.isPresent() ? rules.get() : null;
                    if (ruleset == null || !ruleset.version().equals(version)) {
                        future.complete(null);
                        return;
                    }
                    testsAheadRuleset = ruleset;
                    future.complete(RuleTests.run(ruleset, files, codes, testBounds));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            }, "ruleset-startup-tests");
            t.setContextClassLoader(RulesetLifecycle.class.getClassLoader());
            t.setDaemon(true);
            testsAheadVersion = version;
            testsAhead = future;
            t.start();
        } catch (RuntimeException e) {
            // the rules directory or the database cannot be read now: startup reports it, and tests then if it must
            testsAhead = null;
        }
    }

    /** The tests of a ruleset at startup: the report of those started ahead when they are of this very ruleset, else run now. */
    private RuleTests.Report startupTests(Ruleset disk, SortedMap<String, byte[]> files) {
        java.util.concurrent.CompletableFuture<RuleTests.Report> ahead = testsAhead;
        testsAhead = null;
        if (ahead != null && disk.version().equals(testsAheadVersion)) {
            try {
                RuleTests.Report report = ahead.join();
                if (report != null && testsAheadRuleset == disk) {
                    log.info("Rule tests of version {} ran while the application started: {} passed, {} failed", disk.version(),
                            report.passed(), report.failed());
                    return report;
                }
            } catch (java.util.concurrent.CompletionException e) {
                log.warn("The rule tests started ahead failed ({}); they run again", e.getCause().toString());
            }
        }
        return RuleTests.run(disk, files, codes, testBounds);
    }

    /**
     * The one way to change the active ruleset, whatever proposes it: an API change, an edit on disk,
     * a rollback, startup. New content (from the API or disk) is compiled (sandbox included), its
     * rule tests must pass and fire every DRL rule, and it must not reach a session bound on the
     * stored indicators; then it is stored and activated for every replica. A rollback activates a
     * stored version without running its tests again. At startup the rules on disk win if no version
     * is active yet (even when their tests fail: reported at the status) or if they are new and pass;
     * otherwise the stored active version serves, so a rollback survives restarts.
     * <p>
     * Every outcome is reported at {@link #status()}; an activation publishes {@link RulesetActivated}.
     * A proposal made against an {@code expectedVersion} that is no longer active is refused as
     * {@link Refused.Reason#STALE}, also when another activation wins while it is being validated.
     *
     * @throws RulesetException at startup only, when the rules on disk cannot be used and no version is stored
     */
    public Outcome propose(Proposal proposal) {
        return switch (proposal.origin()) {
            case STARTUP -> startup(proposal);
            case ROLLBACK -> rollback(proposal);
            case API, DISK -> change(proposal);
            case REPLICA -> throw new IllegalArgumentException("a replica's activation is followed, not proposed");
        };
    }

    private Outcome change(Proposal p) {
        String version = p.version();
        Optional<String> stale = stale(p);
        if (stale.isPresent()) {
            return refused(p, new Refused(version, Refused.Reason.STALE, stale.get(), List.of()));
        }
        if (store.activeVersion().filter(version::equals).isPresent()) {
            // the files of the active version: nothing to test, store or activate again
            return new Activated(version, null);
        }
        Validated v;
        try {
            v = validate(p.files());
        } catch (RulesetException e) {
            return refused(p, new Refused(version, Refused.Reason.INVALID, stillServes(), e.problems()));
        }
        synchronized (this) {
            // checked again: another activation may have won while this one was being tested
            stale = stale(p);
            if (stale.isPresent()) {
                return refused(p, new Refused(version, Refused.Reason.STALE, stale.get(), List.of()));
            }
            try {
                store.save(version, p.files(), RulesetCompiler.hashes(p.files()), p.author(), p.note());
            } catch (RulesetException e) {
                return refused(p, new Refused(version, Refused.Reason.INVALID, stillServes(), e.problems()));
            }
            // every live replica compiles it ahead, so that all switch to it together
            rules.prepare(v.ruleset());
            replicas.awaitPrepared(store, version, p.expectedVersion());
            // a compare-and-set on the database's active version: of two replicas changing the same version, one wins
            if (p.expectedVersion() == null) {
                store.activate(version, p.author(), p.note());
            } else if (!store.activate(p.expectedVersion(), version, p.author(), p.note())) {
                store.releasePending(version);
                return refused(p, new Refused(version, Refused.Reason.STALE, staleMessage(p.expectedVersion()), List.of()));
            }
            serve(v.ruleset(), p.origin(), p.author(), p.note());
            reloaded(p.origin(), version, true, "activated", List.of(), v.tests());
            return new Activated(version, v.tests());
        }
    }

    private synchronized Outcome rollback(Proposal p) {
        String version = p.version();
        Optional<String> stale = stale(p);
        if (stale.isPresent()) {
            return refused(p, new Refused(version, Refused.Reason.STALE, stale.get(), List.of()));
        }
        if (store.activeVersion().filter(version::equals).isPresent() && rules.get().version().equals(version)) {
            return new Activated(version, null);
        }
        Optional<Ruleset> r = store.exists(version) ? rules.byVersion(version) : Optional.empty();
        if (r.isEmpty()) {
            return refused(p, new Refused(version, Refused.Reason.NOT_STORED, "ruleset version " + version
                    + (store.exists(version) ? " cannot be loaded" : " is not stored"), List.of()));
        }
        String expected = p.expectedVersion() != null ? p.expectedVersion() : store.activeVersion().orElse(null);
        replicas.awaitPrepared(store, version, expected);
        if (expected == null) {
            store.activate(version, p.author(), p.note());
        } else if (!store.activate(expected, version, p.author(), p.note())) {
            store.releasePending(version);
            return refused(p, new Refused(version, Refused.Reason.STALE, staleMessage(expected), List.of()));
        }
        serve(r.get(), p.origin(), p.author(), p.note());
        reloaded(p.origin(), version, true, "activated (stored version)", List.of(), null);
        return new Activated(version, null);
    }

    private synchronized Outcome startup(Proposal p) {
        Optional<String> stored = store.activeVersion();
        String version = p.version();
        Ruleset disk;
        try {
            disk = rules.isPresent() && rules.get().version().equals(version) ? rules.get() : rules.compile(p.files());
        } catch (RulesetException problem) {
            Ruleset active = stored.flatMap(this::loadQuietly).orElseThrow(() -> problem);
            serve(active, p.origin(), p.author(), p.note());
            String message = "the rules on disk cannot be used; the stored version " + active.version() + " serves";
            reloaded(p.origin(), version, false, message, problem.problems(), null);
            return new Refused(version, Refused.Reason.INVALID, message, problem.problems());
        }
        boolean isNew = store.save(version, p.files(), RulesetCompiler.hashes(p.files()), p.author(), p.note());
        RuleTests.Report tests = isNew || stored.isEmpty() ? startupTests(disk, p.files()) : null;
        List<RuleProblem> problems = tests == null ? List.of() : RuleTests.problems(tests, disk);
        Optional<Ruleset> active = stored.filter(v -> !v.equals(version)).flatMap(this::loadQuietly);
        if (stored.isEmpty() || (isNew && (problems.isEmpty() || active.isEmpty()))) {
            // replicas starting together: one records the start-up activation, the others serve what it activated
            if (!store.activate(stored.orElse(null), version, p.author(), p.note())) {
                Optional<Ruleset> won = store.activeVersion().flatMap(this::loadQuietly);
                if (won.isPresent()) {
                    serve(won.get(), p.origin(), "database", "activated by another replica starting at the same time");
                    return new Activated(won.get().version(), null);
                }
                store.activate(version, p.author(), p.note());
            }
            serve(disk, p.origin(), p.author(), p.note());
            reloaded(p.origin(), version, true, problems.isEmpty() ? "activated"
                    : "activated, but rule tests fail or rules fire in no scenario", problems, tests);
            if (!problems.isEmpty()) {
                log.error("Ruleset {} from {} was activated at startup but it fails its rule tests:\n{}", version, dir,
                        new RulesetException(problems).getMessage());
            }
            return new Activated(version, tests);
        }
        if (active.isPresent()) {
            // the stored active version serves: a rollback survives restarts, and new rules on disk that fail their tests wait
            serve(active.get(), p.origin(), "database", "the active version in the database; the rules in " + dir + " are version " + version);
            if (isNew) {
                String message = "the rules on disk fail their rule tests; the stored version " + active.get().version() + " serves";
                reloaded(p.origin(), version, false, message, problems, tests);
                return new Refused(version, Refused.Reason.INVALID, message, problems);
            }
            return new Activated(active.get().version(), null);
        }
        // the rules on disk are the stored active version, or the stored one can no longer be used
        serve(disk, p.origin(), p.author(), p.note());
        return new Activated(version, tests);
    }

    /** Why a proposal made against a version is stale: the database's active version is another one. */
    private Optional<String> stale(Proposal p) {
        if (p.expectedVersion() == null) {
            return Optional.empty();
        }
        String active = store.activeVersion().orElse(rules.get().version());
        return p.expectedVersion().equals(active) ? Optional.empty() : Optional.of(staleMessage(p.expectedVersion(), active));
    }

    /** Why a compare-and-set against {@code expected} failed, read once from the database. */
    private String staleMessage(String expected) {
        return staleMessage(expected, store.activeVersion().orElse(rules.get().version()));
    }

    private static String staleMessage(String expected, String active) {
        return "the active ruleset is " + active + ", not " + expected
                + ": someone activated another version meanwhile; reload it and apply your change again";
    }


    private String stillServes() {
        return "refused; the active version " + rules.get().version() + " still serves";
    }

    private Refused refused(Proposal p, Refused r) {
        reloaded(p.origin(), r.version(), false, r.message(), r.problems(), null);
        // the API answers its caller with the problems; an edit on disk has only the status and this log to say so
        if (p.origin() == RulesetActivated.Origin.DISK && r.reason() == Refused.Reason.INVALID) {
            log.error("The edit in {} is refused; version {} still serves:\n{}", dir, rules.get().version(),
                    new RulesetException(r.problems()).getMessage());
        } else {
            log.info("The change from {} by {} ({}) is refused: {}", p.origin(), p.author(), p.note(), r.message());
        }
        return r;
    }

    /** Makes a ruleset the one this replica serves and says so; the database is the caller's business. */
    private void serve(Ruleset r, RulesetActivated.Origin origin, String author, String note) {
        String previous = origin == RulesetActivated.Origin.STARTUP || !rules.isPresent() ? null : rules.get().version();
        rules.activate(r);
        log.info("Ruleset {} activated by {} ({}): {}", r.version(), author, origin, note);
        events.publishEvent(new RulesetActivated(r.version(), previous, origin, author, note));
    }

    /**
     * Serves here the version the database says is active, which another replica activated. Under
     * the same lock as activations here, and the database is read again after the (slow) load, so
     * an activation made meanwhile is never undone.
     */
    synchronized void follow(Ruleset loaded) {
        String version = loaded.version();
        if (!store.activeVersion().equals(Optional.of(version)) || version.equals(rules.get().version())) {
            return;
        }
        RulesetStore.Activation last = store.activations(1).get(0);
        serve(loaded, RulesetActivated.Origin.REPLICA, last.author(), last.note());
    }

    /** Whether a stored version can still be compiled (false once it failed to, e.g. under a stricter sandbox). */
    boolean usable(String version) {
        return !unusable.contains(version);
    }

    /** The rules directory was looked at. */
    void checked() {
        lastCheck = Instant.now();
    }
    /**
     * Compiles a candidate (sandbox included), runs its rule tests and tries it on the stored
     * indicators: what a change must pass to be activated.
     *
     * @throws RulesetException with every problem when it is not usable: failing rule tests, and each
     *                          DRL rule that fires in no scenario, named with its file
     */
    public Validated validate(SortedMap<String, byte[]> files) {
        Validated v = compileAndTest(files);
        List<RuleProblem> problems = RuleTests.problems(v.tests(), v.ruleset());
        if (!problems.isEmpty()) {
            throw new RulesetException(problems);
        }
        // the rule tests hold little data: a trial on the stored indicators catches a rule that runs away only on real data
        long dataVersion = indicators.currentVersion();
        java.time.LocalDate today = java.time.LocalDate.now();
        trial(() -> org.mandala.assessment.AssessmentEngine.assess(v.ruleset(), snapshots.atLeast(dataVersion), dataVersion,
                focus, today, codes, bounds, null), v.ruleset(), today);
        return v;
    }

    /**
     * Compiles a candidate (sandbox included) and runs its rule tests, failing ones included in the
     * report rather than thrown: what a preview shows before anyone decides.
     *
     * @throws RulesetException when the candidate does not compile or breaks the sandbox
     */
    public Validated compileAndTest(SortedMap<String, byte[]> files) {
        Ruleset ruleset = rules.compile(files);
        return new Validated(ruleset, files, RuleTests.run(ruleset, files, codes, testBounds));
    }

    /**
     * Runs a candidate's assessment; a session stopped at a bound refuses the candidate, naming the
     * rule, its file and the date.
     */
    static <T> T trial(java.util.function.Supplier<T> assessment, Ruleset candidate, java.time.LocalDate date) {
        try {
            return assessment.get();
        } catch (RuleBoundException e) {
            String file = e.rule().isEmpty() ? "" : candidate.rule(e.rule()).file().replaceFirst("^rules/", "");
            throw new RulesetException(List.of(new RuleProblem(file, 0, "on the stored indicators at " + date
                    + " the rules were stopped: " + e.getMessage())));
        }
    }

    /** The active files with some replaced ({@code null} content removes a file). */
    public SortedMap<String, byte[]> withChanges(Map<String, byte[]> changes) {
        return withChanges(activeVersion(), changes);
    }

    /** The files of a stored version (the active one when it is not stored) with these changes; a null content removes a file. */
    public SortedMap<String, byte[]> withChanges(String base, Map<String, byte[]> changes) {
        SortedMap<String, byte[]> files = new TreeMap<>(store.files(base).orElseGet(this::activeFiles));
        changes.forEach((path, content) -> {
            if (content == null) {
                files.remove(path);
            } else {
                files.put(path, content);
            }
        });
        return files;
    }

    /** The files of the active version: the database's, which another replica may have activated a moment ago. */
    public SortedMap<String, byte[]> activeFiles() {
        return store.files(activeVersion()).orElseGet(() -> RulesetCompiler.readDirectory(dir));
    }

    /** The active version as the database has it (this replica's when the database has none yet). */
    public String activeVersion() {
        return store.activeVersion().orElseGet(() -> rules.get().version());
    }

    public Status status() {
        return new Status(rules.get().version(), lastCheck, lastReload, lastBound, replicas.all());
    }

    /**
     * A session of the active version reached a bound on real data (its rule tests did not): the
     * version is reported at the status and, unless {@code mandala.rules.rollback-on-bound=false},
     * the last version activated before it that never reached a bound is activated again, for every
     * replica. Assessments of that data answer 503 until then.
     */
    @EventListener
    public synchronized void boundReached(RuleBoundReached event) {
        RuleBoundException e = event.failure();
        String version = e.rulesetVersion();
        boolean firstTime = bounded.add(version);
        if (firstTime) {
            log.error("Ruleset {} reached a session bound: {}", version, e.getMessage());
        }
        String rolledBackTo = null;
        if (rollbackOnBound && version.equals(rules.get().version())) {
            for (RulesetStore.Activation a : store.activations(100)) {
                Optional<SortedMap<String, byte[]>> files = bounded.contains(a.version()) || unusable.contains(a.version())
                        ? Optional.empty() : store.files(a.version());
                if (files.isPresent() && propose(new Proposal(RulesetActivated.Origin.ROLLBACK, files.get(), "mandala",
                        "rolled back automatically: version " + version + " reached a session bound (" + e.bound()
                                + (e.rule().isEmpty() ? "" : ", rule \"" + e.rule() + "\"") + ")", null)) instanceof Activated) {
                    rolledBackTo = a.version();
                    break;
                }
            }
            if (rolledBackTo == null) {
                log.error("No earlier ruleset version to roll back to from {}; it stays active", version);
            }
        } else if (!firstTime) {
            return;
        }
        lastBound = new BoundReached(Instant.now(), version, e.bound().name(), e.rule(), e.getMessage(), rolledBackTo);
    }

    private Optional<Ruleset> load(String version) {
        return store.files(version).map(rules::compile);
    }

    /** A stored version compiled, or empty (and logged) when it no longer compiles, e.g. under a stricter sandbox. */
    private Optional<Ruleset> loadQuietly(String version) {
        try {
            return load(version);
        } catch (RulesetException e) {
            if (unusable.add(version)) {
                log.error("The stored ruleset version {} can no longer be used: {}", version, e.getMessage());
            }
            return Optional.empty();
        }
    }

    private void reloaded(RulesetActivated.Origin origin, String version, boolean ok, String message, List<RuleProblem> problems,
                          RuleTests.Report tests) {
        org.mandala.system.MandalaMetrics.rulesChange(origin, ok);
        // the status names where a change came from as it always has: a rollback is made through the API
        String source = switch (origin) {
            case STARTUP -> "startup";
            case DISK -> "disk";
            case API, ROLLBACK -> "api";
            case REPLICA -> "replica";
        };
        lastReload = new Reload(Instant.now(), source, version, ok, message, problems, tests);
    }
}
