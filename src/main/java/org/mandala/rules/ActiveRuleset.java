package org.mandala.rules;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ruleset that assessments use now. At startup it is read from {@code mandala.rules.dir};
 * afterwards the policy lifecycle swaps in the versions that are activated (see
 * {@code org.mandala.policy}). A request takes one ruleset and names its version; the rulesets of
 * recent versions stay at hand, so a request that started under the previous version still
 * completes with it while another is activated.
 */
@Component
public class ActiveRuleset {
    private static final Logger log = LoggerFactory.getLogger(ActiveRuleset.class);

    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final Cache<String, Ruleset> known = Caffeine.newBuilder().maximumSize(16).build();
    private volatile Function<String, Optional<Ruleset>> loader = v -> Optional.empty();
    /** The compile of the rules on disk, started with this bean on its own thread; joined by the first use. */
    private final java.util.concurrent.CompletableFuture<Ruleset> startup;
    private volatile boolean started;
    private volatile RulesetException startupProblem;

    private final KieBaseCache cache;
    private final java.nio.file.Path dir;

    /** The rules on disk, compiled without a cache. */
    public ActiveRuleset(MandalaProperties properties) {
        this(properties, KieBaseCache.NONE);
    }

    /**
     * @param cacheDir where compiled rulesets are kept ({@code mandala.rules.cache-dir}), keyed by their
     *                 files and this build; blank for none
     */
    @org.springframework.beans.factory.annotation.Autowired
    public ActiveRuleset(MandalaProperties properties, @org.springframework.beans.factory.annotation.Value("${mandala.rules.cache-dir:}") String cacheDir) {
        this(properties, KieBaseCache.in(cacheDir.isBlank() ? null : java.nio.file.Path.of(cacheDir)));
    }

    /**
     * Reads the rules on disk and compiles them on a thread of their own, so that the rest of the
     * application starts meanwhile (the compile, or the build from the cache, is the longest single
     * step of a start); the first use of this bean waits for it. Nothing is served before: the
     * policy lifecycle takes the result, and tests it when it is new, before the web server opens.
     */
    public ActiveRuleset(MandalaProperties properties, KieBaseCache cache) {
        this.cache = cache;
        this.dir = properties.rules().dir();
        java.util.SortedMap<String, byte[]> files;
        try {
            files = RulesetCompiler.readDirectory(dir);
        } catch (RulesetException e) {
            startup = java.util.concurrent.CompletableFuture.failedFuture(e);
            return;
        }
        startup = new java.util.concurrent.CompletableFuture<>();
        Thread compile = new Thread(() -> {
            try {
                startup.complete(RulesetCompiler.compile(files, cache));
            } catch (RuntimeException | Error e) {
                startup.completeExceptionally(e);
            }
        }, "ruleset-startup-compile");
        // the app's class loader, which sees the fact model (the compiler sets it again around Drools)
        compile.setContextClassLoader(ActiveRuleset.class.getClassLoader());
        compile.setDaemon(true);
        compile.start();
    }

    /** Waits for the start-up compile once, and makes its ruleset the active one (or keeps its problem). */
    private void started() {
        if (started) {
            return;
        }
        synchronized (startup) {
            if (started) {
                return;
            }
            try {
                Ruleset ruleset = startup.join();
                if (current.get() == null) {
                    known.put(ruleset.version(), ruleset);
                    current.set(ruleset);
                }
                log.info("Ruleset {} read from {}: {} files, {} rules, {} indicator types", ruleset.version(), dir.toAbsolutePath(),
                        ruleset.files().size(), ruleset.rules().size(), ruleset.configuration().types().size());
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof RulesetException problem)) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                // the stored active version may still serve; the policy lifecycle decides at startup
                startupProblem = problem;
                log.error("The rules in {} cannot be used: {}", dir.toAbsolutePath(), problem.getMessage());
            } finally {
                started = true;
            }
        }
    }

    /** Compiles a ruleset's files, or builds it from the compiled rules cached for the same files and build. */
    public Ruleset compile(java.util.SortedMap<String, byte[]> files) {
        return RulesetCompiler.compile(files, cache);
    }

    /** The active ruleset. */
    public Ruleset get() {
        started();
        Ruleset r = current.get();
        if (r == null) {
            throw startupProblem != null ? startupProblem : new IllegalStateException("no ruleset is active");
        }
        return r;
    }

    /** Whether a ruleset is active (false only when the rules on disk were broken at startup and none is stored). */
    public boolean isPresent() {
        started();
        return current.get() != null;
    }

    /** The problem of the rules on disk at startup, if they could not be used. */
    public Optional<RulesetException> startupProblem() {
        started();
        return Optional.ofNullable(startupProblem);
    }

    /** Makes a ruleset the active one; requests that already took the previous one finish with it. */
    public void activate(Ruleset ruleset) {
        started();
        known.put(ruleset.version(), ruleset);
        current.set(ruleset);
    }

    /** Keeps a ruleset at hand that is about to be activated, so that {@link #byVersion} finds it without a compile. */
    public void prepare(Ruleset ruleset) {
        started();
        known.put(ruleset.version(), ruleset);
    }

    /** Whether the ruleset of a version is at hand without a compile. */
    public boolean isAtHand(String version) {
        started();
        return known.getIfPresent(version) != null;
    }

    /** The ruleset of a version: the active one, a recent one, or one the loader finds (in the database). */
    public Optional<Ruleset> byVersion(String version) {
        started();
        Ruleset r = current.get();
        if (r != null && r.version().equals(version)) {
            return Optional.of(r);
        }
        // one load per version at a time, however many requests name it
        return Optional.ofNullable(known.get(version, v -> loader.apply(v).orElse(null)));
    }

    /** Where rulesets of other versions come from: set by the policy lifecycle to read stored versions. */
    public void setLoader(Function<String, Optional<Ruleset>> loader) {
        this.loader = loader;
    }
}
