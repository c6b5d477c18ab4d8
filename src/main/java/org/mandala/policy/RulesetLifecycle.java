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
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import org.mandala.rules.SessionBounds;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Keeps the active ruleset in step with the stored versions and with edits on disk, without a
 * restart and without ever replacing a working set by a broken one.
 *
 * <ul>
 * <li>Every candidate, from disk or the API, is validated: compiled (which includes the sandbox
 *     check) and its rule tests run. Only then is it stored and activated.</li>
 * <li>Every few seconds ({@code mandala.rules.poll}) the rules directory is read: new content is
 *     validated and activated, or reported with its problems at {@code GET /api/rules/status}; and
 *     the database's active version is followed, so every replica serves the version activated on
 *     any of them.</li>
 * <li>At startup the rules on disk are stored if new and activated if no version is active yet or
 *     their content is new; otherwise the stored active version wins, so a rollback survives restarts.</li>
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

    /** What {@code GET /api/rules/status} shows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String activeVersion, Instant lastCheck, Reload lastReload, BoundReached lastBound) {
    }

    /** A candidate that passed validation: its ruleset and its rule-test report. */
    public record Validated(Ruleset ruleset, SortedMap<String, byte[]> files, RuleTests.Report tests) {
    }

    private final ActiveRuleset rules;
    private final RulesetStore store;
    private final ActorCodes codes;
    private final Path dir;
    private final boolean writeBack;
    private final boolean rollbackOnBound;
    private final SessionBounds testBounds;
    /** Versions that reached a session bound on real data: never rolled back to. */
    private final java.util.Set<String> bounded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile BoundReached lastBound;
    private final java.util.Set<String> unusable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String lastDiskVersion;
    private volatile Instant lastCheck;
    private volatile Reload lastReload;

    private final org.mandala.indicator.IndicatorSnapshots snapshots;
    private final org.mandala.indicator.IndicatorRepository indicators;
    private final String focus;
    private final SessionBounds bounds;

    RulesetLifecycle(ActiveRuleset rules, RulesetStore store, ActorCodes codes, MandalaProperties properties,
                     org.mandala.indicator.IndicatorSnapshots snapshots, org.mandala.indicator.IndicatorRepository indicators) {
        this.snapshots = snapshots;
        this.indicators = indicators;
        this.focus = properties.focus();
        this.bounds = SessionBounds.of(properties.rules().session());
        this.rules = rules;
        this.store = store;
        this.codes = codes;
        this.dir = properties.rules().dir();
        this.writeBack = properties.rules().writeBack();
        this.rollbackOnBound = properties.rules().rollbackOnBound();
        this.testBounds = SessionBounds.ofTests(properties.rules().session());
    }

    @PostConstruct
    void start() {
        rules.setLoader(this::loadQuietly);
        Optional<String> stored = store.activeVersion();
        if (rules.isPresent()) {
            SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(dir);
            Ruleset disk = rules.get();
            lastDiskVersion = disk.version();
            boolean isNew = store.save(disk.version(), files, RulesetCompiler.hashes(files), "disk", "read from " + dir + " at startup");
            RuleTests.Report tests = isNew || stored.isEmpty() ? RuleTests.run(disk, files, codes, testBounds) : null;
            Optional<Ruleset> active = stored.filter(v -> !v.equals(disk.version())).flatMap(this::loadQuietly);
            if (stored.isEmpty() || (isNew && (tests.allPassed() || active.isEmpty()))) {
                store.activate(disk.version(), "disk", "read from " + dir + " at startup");
                reloaded("startup", disk.version(), true, tests.allPassed() ? "activated" : "activated, but rule tests fail", List.of(), tests);
                if (!tests.allPassed()) {
                    log.error("Ruleset {} from {} was activated at startup but {} rule test(s) fail", disk.version(), dir, tests.failed());
                }
            } else if (active.isPresent()) {
                // the stored active version serves: a rollback survives restarts, and new rules on disk that fail their tests wait
                rules.activate(active.get());
                if (isNew) {
                    reloaded("startup", disk.version(), false, "the rules on disk fail their rule tests; the stored version "
                            + active.get().version() + " serves", List.of(), tests);
                }
                log.info("Ruleset {} is active in the database and serves; the rules in {} are version {}", active.get().version(), dir,
                        disk.version());
            }
        } else {
            RulesetException problem = rules.startupProblem().orElseThrow();
            Ruleset active = stored.flatMap(this::loadQuietly).orElseThrow(() -> problem);
            rules.activate(active);
            lastDiskVersion = RulesetCompiler.version(RulesetCompiler.readDirectory(dir));
            reloaded("startup", lastDiskVersion, false, "the rules on disk cannot be used; the stored version " + active.version()
                    + " serves", problem.problems(), null);
        }
    }

    /** Reads the rules directory and the database's active version; acts on what changed. */
    @Scheduled(fixedDelayString = "${mandala.rules.poll:2s}", initialDelayString = "${mandala.rules.poll:2s}")
    public void poll() {
        lastCheck = Instant.now();
        try {
            SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(dir);
            String version = RulesetCompiler.version(files);
            if (!version.equals(lastDiskVersion)) {
                try {
                    activate(validate(files), "disk", "edited in " + dir, "disk");
                } catch (RulesetException e) {
                    reloaded("disk", version, false, "refused; the active version " + rules.get().version() + " still serves",
                            e.problems(), null);
                    log.error("The edit in {} is refused; version {} still serves:\n{}", dir, rules.get().version(), e.getMessage());
                }
                // seen once it is activated or refused; a failure of the database is tried again at the next poll
                lastDiskVersion = version;
            }
        } catch (RuntimeException e) {
            log.warn("The rules directory {} cannot be read: {}", dir, e.getMessage());
        }
        follow();
    }

    /**
     * Activates the database's active version here if another replica changed it. Under the same
     * lock as activations here, and the database is read again after the (slow) load, so an
     * activation made meanwhile is never undone.
     */
    public void follow() {
        Optional<String> wanted = store.activeVersion();
        if (wanted.isEmpty() || wanted.get().equals(rules.get().version()) || unusable.contains(wanted.get())) {
            return;
        }
        Optional<Ruleset> loaded = rules.byVersion(wanted.get());
        synchronized (this) {
            if (loaded.isPresent() && store.activeVersion().equals(wanted) && !wanted.get().equals(rules.get().version())) {
                rules.activate(loaded.get());
                log.info("Ruleset {} activated (followed the database)", wanted.get());
            }
        }
    }

    /**
     * Compiles a candidate (sandbox included) and runs its rule tests.
     *
     * @throws RulesetException with every problem, failing rule tests included, when it is not usable
     */
    public Validated validate(SortedMap<String, byte[]> files) {
        Validated v = compileAndTest(files);
        RuleTests.Report tests = v.tests();
        if (tests.allPassed()) {
            // the rule tests hold little data: a trial on the stored indicators catches a rule that runs away only on real data
            long dataVersion = indicators.currentVersion();
            java.time.LocalDate today = java.time.LocalDate.now();
            trial(() -> org.mandala.assessment.AssessmentEngine.assess(v.ruleset(), snapshots.atLeast(dataVersion), dataVersion,
                    focus, today, codes, bounds, null), v.ruleset(), today);
        }
        if (!tests.allPassed()) {
            List<RuleProblem> problems = new ArrayList<>();
            for (RuleTests.ScenarioResult s : tests.scenarios()) {
                if (!s.passed()) {
                    problems.add(new RuleProblem(s.file(), 0, "rule test \"" + s.name() + "\" fails: " + String.join("; ", s.differences())));
                }
            }
            throw new RulesetException(problems);
        }
        return v;
    }

    /**
     * Compiles a candidate (sandbox included) and runs its rule tests, failing ones included in the
     * report rather than thrown: what a preview shows before anyone decides.
     *
     * @throws RulesetException when the candidate does not compile or breaks the sandbox
     */
    public Validated compileAndTest(SortedMap<String, byte[]> files) {
        Ruleset ruleset = RulesetCompiler.compile(files);
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
        SortedMap<String, byte[]> files = new TreeMap<>(activeFiles());
        changes.forEach((path, content) -> {
            if (content == null) {
                files.remove(path);
            } else {
                files.put(path, content);
            }
        });
        return files;
    }

    /** The files of the active version. */
    public SortedMap<String, byte[]> activeFiles() {
        return store.files(rules.get().version()).orElseGet(() -> RulesetCompiler.readDirectory(dir));
    }

    /** Stores a validated candidate, activates it here and for every replica; returns its version. */
    public synchronized String activate(Validated v, String author, String note, String source) {
        Ruleset r = v.ruleset();
        store.save(r.version(), v.files(), RulesetCompiler.hashes(v.files()), author, note);
        store.activate(r.version(), author, note);
        rules.activate(r);
        if (!source.equals("disk")) {
            writeBack(v.files());
        }
        reloaded(source, r.version(), true, "activated", List.of(), v.tests());
        log.info("Ruleset {} activated by {} ({}): {}", r.version(), author, source, note);
        return r.version();
    }

    /** Activates a stored version again: a rollback. */
    public synchronized Optional<String> activateStored(String version, String author, String note) {
        Optional<Ruleset> r = rules.byVersion(version);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        store.activate(version, author, note);
        rules.activate(r.get());
        store.files(version).ifPresent(this::writeBack);
        reloaded("api", version, true, "activated (stored version)", List.of(), null);
        log.info("Ruleset {} activated again by {}: {}", version, author, note);
        return Optional.of(version);
    }

    /**
     * Makes the rules directory hold exactly these files (each written to a temporary file and moved
     * into place), so an edit on disk starts from the active set rather than undoing an API change
     * or a rollback. Editor and backup files are left alone.
     */
    private void writeBack(SortedMap<String, byte[]> files) {
        if (!writeBack) {
            return;
        }
        try {
            for (var f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    continue;
                }
                java.nio.file.Files.createDirectories(target.getParent());
                Path tmp = java.nio.file.Files.createTempFile(target.getParent(), ".mandala-", ".tmp");
                java.nio.file.Files.write(tmp, f.getValue());
                java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            for (String path : RulesetCompiler.readDirectory(dir).keySet()) {
                if (!files.containsKey(path)) {
                    java.nio.file.Files.deleteIfExists(dir.resolve(path));
                }
            }
            lastDiskVersion = RulesetCompiler.version(RulesetCompiler.readDirectory(dir));
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("The active ruleset could not be written back to {}: {}", dir, e.getMessage());
        }
    }

    public Status status() {
        return new Status(rules.get().version(), lastCheck, lastReload, lastBound);
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
                if (!bounded.contains(a.version()) && !unusable.contains(a.version())) {
                    rolledBackTo = activateStored(a.version(), "mandala", "rolled back automatically: version " + version
                            + " reached a session bound (" + e.bound() + (e.rule().isEmpty() ? "" : ", rule \"" + e.rule() + "\"") + ")")
                            .orElse(null);
                    if (rolledBackTo != null) {
                        break;
                    }
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

    /** Records a refused candidate from the API, for the status page. */
    public void refused(String source, SortedMap<String, byte[]> files, RulesetException e) {
        reloaded(source, RulesetCompiler.version(files), false, "refused; the active version " + rules.get().version() + " still serves",
                e.problems(), null);
    }

    private Optional<Ruleset> load(String version) {
        return store.files(version).map(RulesetCompiler::compile);
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

    private void reloaded(String source, String version, boolean ok, String message, List<RuleProblem> problems, RuleTests.Report tests) {
        lastReload = new Reload(Instant.now(), source, version, ok, message, problems, tests);
    }
}
