package org.mandala.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.mandala.rules.RulesetActivated;
import org.mandala.rules.RulesetCompiler;
import org.mandala.system.MandalaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The rules directory ({@code mandala.rules.dir}) as a source of changes: its rules are proposed
 * at startup, and every few seconds ({@code mandala.rules.poll}) new content there is proposed as
 * an edit. What the API activates, or a rollback, is written back into it (unless
 * {@code mandala.rules.write-back=false}), so an edit on disk starts from the active set rather
 * than undoing it. Editor and backup files are left alone.
 */
@Component
class RulesDirectory implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(RulesDirectory.class);

    private final RulesetLifecycle lifecycle;
    private final RulesetStore store;
    private final Path dir;
    private final boolean writeBack;
    /** Reading the directory and writing it back take turns, so no proposal is made of a half-written directory. */
    private final Object turns = new Object();
    /** The version of the directory's content last proposed or written; guarded by {@link #turns}. */
    private String seen;
    /** The active version the directory's content was last in step with: an edit there is made against it; guarded by {@link #turns}. */
    private String base;

    RulesDirectory(RulesetLifecycle lifecycle, RulesetStore store, MandalaProperties properties) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.dir = properties.rules().dir();
        this.writeBack = properties.rules().writeBack();
    }

    /**
     * Proposes the rules on disk once every bean is ready, so every listener hears the activation,
     * and before the web server takes requests.
     */
    @Override
    public void afterSingletonsInstantiated() {
        SortedMap<String, byte[]> files;
        synchronized (turns) {
            files = RulesetCompiler.readDirectory(dir);
            seen = RulesetCompiler.version(files);
        }
        RulesetLifecycle.Outcome outcome = lifecycle.propose(new RulesetLifecycle.Proposal(RulesetActivated.Origin.STARTUP, files,
                "disk", "read from " + dir + " at startup", null));
        if (writeBack && outcome instanceof RulesetLifecycle.Activated a && !a.version().equals(seen)) {
            // the disk holds a version made before (this replica was down while another was activated, or rolled back
            // to): the active one is written there, so that an edit there later is made to it and never re-proposes
            // the old one. New rules on disk that were refused (they fail their tests) stay for their author to fix.
            synchronized (turns) {
                log.info("The rules in {} are version {}; the active version {} is written there", dir, seen, a.version());
                write(a.version(), null);
            }
        }
    }

    /** Reads the rules directory and proposes its content when it changed. */
    @Scheduled(fixedDelayString = "${mandala.rules.poll:2s}", initialDelayString = "${mandala.rules.poll:2s}")
    void poll() {
        lifecycle.checked();
        try {
            SortedMap<String, byte[]> files;
            String version;
            String before;
            String against;
            synchronized (turns) {
                files = RulesetCompiler.readDirectory(dir);
                version = RulesetCompiler.version(files);
                if (version.equals(seen)) {
                    return;
                }
                before = seen;
                against = base;
            }
            RulesetLifecycle.Outcome outcome = lifecycle.propose(new RulesetLifecycle.Proposal(RulesetActivated.Origin.DISK, files,
                    "disk", "edited in " + dir, against));
            if (outcome instanceof RulesetLifecycle.Refused r && r.reason() == RulesetLifecycle.Refused.Reason.STALE) {
                // another activation won meanwhile and is being written back: the directory is read again at the next poll
                return;
            }
            synchronized (turns) {
                // seen once activated or refused, unless a write-back changed the directory meanwhile
                if (Objects.equals(seen, before)) {
                    seen = version;
                }
            }
        } catch (RuntimeException e) {
            // a failure of the database included: the edit is tried again at the next poll
            log.warn("The rules in {} could not be taken up: {}", dir, e.getMessage());
        }
    }

    /** The active version moved: the directory is in step with it, after a write-back for API changes and rollbacks. */
    @EventListener
    void activated(RulesetActivated event) {
        // every replica materialises what became active into its working copy: a change through the API, a
        // rollback, or another replica's activation followed here; so an edit on any replica's disk is made to the
        // active version's files and never re-proposes a version it did not make
        boolean write = writeBack && (event.origin() == RulesetActivated.Origin.API || event.origin() == RulesetActivated.Origin.ROLLBACK
                || event.origin() == RulesetActivated.Origin.REPLICA);
        synchronized (turns) {
            String previous = base;
            base = event.version();
            if (write) {
                write(event.version(), previous);
            }
        }
    }

    /**
     * Makes the rules directory hold the files of {@code version} (each written to a temporary file and
     * moved into place, keeping the file's permissions). Edits made there since it last held
     * {@code previous} and not yet taken up are kept on top, so that the next poll proposes them against
     * {@code version}; where the activation changed the same file differently, its file wins and the
     * edit is kept beside it as {@code <file>.<previous>.orig} (ignored as a backup) and logged.
     * Editor and backup files are left alone.
     */
    private void write(String version, String previous) {
        try {
            SortedMap<String, byte[]> files = store.files(version).orElseThrow(() -> new IllegalStateException(version + " is not stored"));
            SortedMap<String, byte[]> target = new TreeMap<>(files);
            SortedMap<String, byte[]> onDisk = RulesetCompiler.readDirectory(dir);
            SortedMap<String, byte[]> before = previous == null ? onDisk : store.files(previous).orElse(onDisk);
            java.util.Set<String> paths = new java.util.TreeSet<>(onDisk.keySet());
            paths.addAll(before.keySet());
            for (String path : paths) {
                byte[] mine = onDisk.get(path);
                byte[] was = before.get(path);
                if (Arrays.equals(mine, was)) {
                    continue;
                }
                byte[] theirs = files.get(path);
                if (Arrays.equals(theirs, was) || Arrays.equals(theirs, mine)) {
                    // edited here only (or the same way): the edit stays, to be proposed against the new version
                    if (mine == null) {
                        target.remove(path);
                    } else {
                        target.put(path, mine);
                    }
                } else if (mine != null) {
                    Path aside = dir.resolve(path + "." + previous + ".orig");
                    Files.write(aside, mine);
                    log.warn("{} was edited in {} and changed by the activation of {} too: the active file is written, the edit is"
                            + " kept as {}", path, dir, version, aside.getFileName());
                }
            }
            for (var f : target.entrySet()) {
                Path file = dir.resolve(f.getKey()).normalize();
                if (!file.startsWith(dir.normalize())) {
                    continue;
                }
                if (Arrays.equals(onDisk.get(f.getKey()), f.getValue())) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), ".mandala-", ".tmp");
                Files.write(tmp, f.getValue());
                keepPermissions(file, tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            for (String path : onDisk.keySet()) {
                if (!target.containsKey(path)) {
                    Files.deleteIfExists(dir.resolve(path));
                }
            }
            // the active files are what the directory was last in step with: edits kept on top are proposed at the next poll
            seen = RulesetCompiler.version(files);
        } catch (IOException | RuntimeException e) {
            log.warn("The active ruleset could not be written back to {}: {}", dir, e.getMessage());
        }
    }

    /** A file written in place of another gets its permissions; a new one those of a file the user saved (rw-r--r--). */
    private static void keepPermissions(Path file, Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
}
