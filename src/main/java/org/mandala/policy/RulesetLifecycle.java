package org.mandala.policy;

import java.nio.charset.StandardCharsets;
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
import org.mandala.rules.RuleProblem;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /** What {@code GET /api/rules/status} shows. */
    public record Status(String activeVersion, Instant lastCheck, Reload lastReload) {
    }

    /** A candidate that passed validation: its ruleset and its rule-test report. */
    public record Validated(Ruleset ruleset, SortedMap<String, byte[]> files, RuleTests.Report tests) {
    }

    private final ActiveRuleset rules;
    private final RulesetStore store;
    private final ActorCodes codes;
    private final Path dir;
    private volatile String lastDiskVersion;
    private volatile Instant lastCheck;
    private volatile Reload lastReload;

    RulesetLifecycle(ActiveRuleset rules, RulesetStore store, ActorCodes codes, MandalaProperties properties) {
        this.rules = rules;
        this.store = store;
        this.codes = codes;
        this.dir = properties.rules().dir();
    }

    @PostConstruct
    void start() {
        rules.setLoader(this::load);
        Optional<String> stored = store.activeVersion();
        if (rules.isPresent()) {
            SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(dir);
            Ruleset disk = rules.get();
            lastDiskVersion = disk.version();
            boolean isNew = store.save(disk.version(), files, RulesetCompiler.hashes(files), "disk", "read from " + dir + " at startup");
            if (stored.isEmpty() || isNew) {
                RuleTests.Report tests = RuleTests.run(disk, files, codes);
                store.activate(disk.version(), "disk", "read from " + dir + " at startup");
                reloaded("startup", disk.version(), true, tests.allPassed() ? "activated" : "activated, but rule tests fail", List.of(), tests);
                if (!tests.allPassed()) {
                    log.error("Ruleset {} from {} was activated at startup but {} rule test(s) fail", disk.version(), dir, tests.failed());
                }
            } else if (!stored.get().equals(disk.version())) {
                load(stored.get()).ifPresent(rules::activate);
                log.info("Ruleset {} is active in the database; the rules in {} ({}) are a stored version", stored.get(), dir,
                        disk.version());
            }
        } else {
            RulesetException problem = rules.startupProblem().orElseThrow();
            Ruleset active = stored.flatMap(this::load).orElseThrow(() -> problem);
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
                lastDiskVersion = version;
                try {
                    activate(validate(files), "disk", "edited in " + dir, "disk");
                } catch (RulesetException e) {
                    reloaded("disk", version, false, "refused; the active version " + rules.get().version() + " still serves",
                            e.problems(), null);
                    log.error("The edit in {} is refused; version {} still serves:\n{}", dir, rules.get().version(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            log.warn("The rules directory {} cannot be read: {}", dir, e.getMessage());
        }
        follow();
    }

    /** Activates the database's active version here if another replica changed it. */
    public void follow() {
        store.activeVersion().ifPresent(v -> {
            if (!v.equals(rules.get().version())) {
                load(v).ifPresent(r -> {
                    rules.activate(r);
                    log.info("Ruleset {} activated (followed the database)", v);
                });
            }
        });
    }

    /**
     * Compiles a candidate (sandbox included) and runs its rule tests.
     *
     * @throws RulesetException with every problem, failing rule tests included, when it is not usable
     */
    public Validated validate(SortedMap<String, byte[]> files) {
        Ruleset ruleset = RulesetCompiler.compile(files);
        RuleTests.Report tests = RuleTests.run(ruleset, files, codes);
        if (!tests.allPassed()) {
            List<RuleProblem> problems = new ArrayList<>();
            for (RuleTests.ScenarioResult s : tests.scenarios()) {
                if (!s.passed()) {
                    problems.add(new RuleProblem(s.file(), 0, "rule test \"" + s.name() + "\" fails: " + String.join("; ", s.differences())));
                }
            }
            throw new RulesetException(problems);
        }
        return new Validated(ruleset, files, tests);
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
        reloaded("api", version, true, "activated (stored version)", List.of(), null);
        log.info("Ruleset {} activated again by {}: {}", version, author, note);
        return Optional.of(version);
    }

    public Status status() {
        return new Status(rules.get().version(), lastCheck, lastReload);
    }

    /** Records a refused candidate from the API, for the status page. */
    public void refused(String source, SortedMap<String, byte[]> files, RulesetException e) {
        reloaded(source, RulesetCompiler.version(files), false, "refused; the active version " + rules.get().version() + " still serves",
                e.problems(), null);
    }

    private Optional<Ruleset> load(String version) {
        return store.files(version).map(RulesetCompiler::compile);
    }

    private void reloaded(String source, String version, boolean ok, String message, List<RuleProblem> problems, RuleTests.Report tests) {
        lastReload = new Reload(Instant.now(), source, version, ok, message, problems, tests);
    }

    /** A file's text, for the API. */
    static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }
}
