package org.mandala.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.kie.api.KieBase;
import org.mandala.system.Jars;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled rule packages of rulesets that compiled and passed every check before, on disk, so
 * that a restart (or another replica on the same machine) builds the KieBase from them instead of
 * compiling the rules again: the compile is most of what start-up spends on the rules.
 * <p>
 * An entry is keyed by the SHA-256 of the ruleset's files and of this build of Mandala (its
 * {@code build-info.properties} and the classes that compile and check rules), the Drools version
 * and the Java version, so a changed file, a new build (perhaps a stricter sandbox) or another
 * Drools never reuses one. An entry is written only after the ruleset compiled and passed every
 * check, with the bytecode already rewritten to answer to the rule budget; reading it builds a new
 * KieBase from those packages. An entry that cannot be read is deleted and the rules are compiled.
 * <p>
 * The packages are Java-serialised, so the directory must be this user's alone: it is created
 * {@code rwx------}, and one owned by another user or writable by others is not used.
 */
public final class KieBaseCache {
    private static final Logger log = LoggerFactory.getLogger(KieBaseCache.class);
    /** No cache: every ruleset is compiled. */
    public static final KieBaseCache NONE = new KieBaseCache(null);
    private static final String FORMAT = "mandala-kbase-1";
    /** How many entries are kept. */
    static final int KEPT = 32;
    /** The classes whose code decides what a compiled ruleset is: a change to one must not reuse an entry. */
    private static final List<Class<?>> COMPILING = List.of(RulesetCompiler.class, Sandbox.class, Bytecode.class,
            TableCells.class, RuleBudget.class, KieBaseCache.class);

    private final Path dir;
    private volatile Boolean usable;
    private volatile boolean unidentified;
    private final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile String build;

    private KieBaseCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in that directory; none when the path is null or blank. */
    public static KieBaseCache in(Path dir) {
        return dir == null || dir.toString().isBlank() ? NONE : new KieBaseCache(dir);
    }

    /** How many KieBases were built from this cache's entries. */
    int hits() {
        return hits.get();
    }

    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** The key of a ruleset's files in this build, or empty when nothing is cached (no cache, or this build is unknown). */
    Optional<String> key(SortedMap<String, byte[]> files) {
        if (dir == null) {
            return Optional.empty();
        }
        if (build().isEmpty()) {
            if (!unidentified) {
                unidentified = true;
                log.info("Compiled rules are not cached in {}: this build cannot be identified (no META-INF/build-info.properties"
                        + " beside the classes)", dir);
            }
            return Optional.empty();
        }
        MessageDigest d = sha256();
        d.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        d.update(build().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            d.update((byte) 0);
            d.update(f.getKey().getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(sha256().digest(f.getValue()));
        }
        return Optional.of(HexFormat.of().formatHex(d.digest()));
    }

    /** The KieBase of an entry, built from its packages with the app's class loader; empty when there is none or it cannot be read. */
    Optional<KieBase> read(String key, ClassLoader appLoader) {
        if (!usable()) {
            return Optional.empty();
        }
        Path file = dir.resolve(key + ".kbase");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file);
             DroolsObjectInputStream objects = new DroolsObjectInputStream(new java.io.BufferedInputStream(in), appLoader)) {
            @SuppressWarnings("unchecked")
            List<KiePackage> packages = (List<KiePackage>) objects.readObject();
            KieServices ks = KieServices.Factory.get();
            org.drools.kiesession.rulebase.InternalKnowledgeBase kieBase = org.drools.kiesession.rulebase.KnowledgeBaseFactory
                    .newKnowledgeBase("defaultKieBase", ks.newKieBaseConfiguration(null, appLoader));
            kieBase.addPackages(packages);
            try {
                // used last: pruning keeps it
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            } catch (IOException e) {
                // pruning may then drop it sooner: no harm
            }
            hits.incrementAndGet();
            return Optional.of(kieBase);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            log.warn("The compiled rules cached in {} cannot be used ({}); they are compiled again", file, e.toString());
            evict(key);
            return Optional.empty();
        }
    }

    /** Keeps the packages of a KieBase that compiled and passed every check; a failure to write is logged and otherwise ignored. */
    void write(String key, KieBase kieBase) {
        if (!usable()) {
            return;
        }
        Path file = dir.resolve(key + ".kbase");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            try (DroolsObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
                out.writeObject(new ArrayList<>(kieBase.getKiePackages()));
            }
            Path temp = Files.createTempFile(dir, key, ".tmp");
            try {
                Files.write(temp, bytes.toByteArray());
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            prune();
        } catch (IOException | RuntimeException e) {
            log.warn("The compiled rules could not be cached in {}: {}", dir, e.toString());
        }
    }

    /** Keeps the {@link #KEPT} entries used last: each version activated, previewed or built by another build adds one. */
    private void prune() throws IOException {
        List<Path> entries;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            entries = files.filter(f -> f.getFileName().toString().endsWith(".kbase")).collect(java.util.stream.Collectors.toList());
        }
        if (entries.size() <= KEPT) {
            return;
        }
        entries.sort(java.util.Comparator.comparing((Path f) -> {
            try {
                return Files.getLastModifiedTime(f).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).reversed());
        for (Path old : entries.subList(KEPT, entries.size())) {
            Files.deleteIfExists(old);
        }
    }

    void evict(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + ".kbase"));
        } catch (IOException e) {
            log.warn("The cached compiled rules {} could not be deleted: {}", key, e.toString());
        }
    }

    /** Whether the directory exists (made if need be) and is this user's alone. */
    private boolean usable() {
        Boolean u = usable;
        if (u == null) {
            u = check();
            usable = u;
        }
        return u;
    }

    private boolean check() {
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                String owner = Files.getOwner(dir).getName();
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (!owner.equals(System.getProperty("user.name")) || permissions.contains(PosixFilePermission.GROUP_WRITE)
                        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    log.warn("The rules cache {} is not used: it belongs to {} with permissions {}; it must be {}'s alone",
                            dir, owner, PosixFilePermissions.toString(permissions), System.getProperty("user.name"));
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            log.warn("The rules cache {} is not used: {}", dir, e instanceof AccessDeniedException ? "access denied" : e.toString());
            return false;
        }
    }

    /**
     * What identifies this build: its {@code META-INF/build-info.properties} (from the same code source as
     * these classes), the bytes of the classes that compile and check rules, Drools' and Java's versions;
     * empty when the build information cannot be found, and then nothing is cached.
     */
    static String build() {
        String b = build;
        if (b == null) {
            b = identify();
            build = b;
        }
        return b;
    }

    private static String identify() {
        ClassLoader loader = KieBaseCache.class.getClassLoader();
        String self = "org/mandala/rules/KieBaseCache.class";
        java.net.URL own = loader.getResource(self);
        java.net.URL info = loader.getResource("META-INF/build-info.properties");
        if (own == null || info == null) {
            return "";
        }
        String base = own.toString().substring(0, own.toString().length() - self.length());
        if (!info.toString().startsWith(base) && !Jars.archive(info.toString()).orElse(info.toString()).equals(Jars.archive(own.toString()).orElse(own.toString()))) {
            // another application's build information, not this one's
            return "";
        }
        MessageDigest d = sha256();
        try {
            try (InputStream in = info.openStream()) {
                d.update(in.readAllBytes());
            }
            for (Class<?> c : COMPILING) {
                try (InputStream in = loader.getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
                    if (in == null) {
                        return "";
                    }
                    d.update(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            return "";
        }
        d.update(String.valueOf(KieServices.class.getPackage().getImplementationVersion()).getBytes(StandardCharsets.UTF_8));
        d.update(String.valueOf(KieBase.class.getProtectionDomain().getCodeSource()).getBytes(StandardCharsets.UTF_8));
        d.update(System.getProperty("java.vm.version", "").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
