package org.mandala.indicator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where uploads wait on disk until they are read. Each process spools into a directory of its own
 * whose {@code .lock} file it holds locked for its life; the operating system drops the lock of a
 * process that dies, even by SIGKILL. So a sweep, by any process sharing the directory, removes
 * the directory of a process that is gone (its lock is free) and, in its own directory, the files
 * no import is reading; it never removes a file that a live process still reads.
 */
class Spool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String LOCK = ".lock";
    /** A directory younger than this may be one whose process has not locked it yet. */
    private static final Duration SETTLING = Duration.ofSeconds(5);

    /**
     * The directories locked by spools of this JVM. POSIX drops a process's lock when it closes any
     * descriptor of the locked file, so a sweep must not even open the lock file of one of these.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path own;
    private final FileChannel lockChannel;
    private final Set<Path> inUse = ConcurrentHashMap.newKeySet();

    Spool(Path root) {
        this.root = root;
        this.own = root.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(own);
            lockChannel = FileChannel.open(own.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // held until close(); the lock file is never opened otherwise here, as closing any other
            // descriptor of it would drop the process's lock
            if (lockChannel.tryLock() == null) {
                throw new IllegalStateException("the new spool directory " + own + " is locked by another process");
            }
            HELD.add(own.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sweep();
    }

    /** This process's directory. */
    Path directory() {
        return own;
    }

    /** Copies the stream into a new file of this process's directory; {@link #remove} it once read. */
    Path write(InputStream in, String prefix) {
        Path file = own.resolve(prefix + "-" + UUID.randomUUID() + ".upload");
        inUse.add(file);
        try (InputStream source = in) {
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException | RuntimeException e) {
            remove(file);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** A new file's path in this process's directory, not created yet, kept from sweeps until it is {@link #remove}d. */
    Path create(String prefix) {
        Path file = own.resolve(prefix + "-" + UUID.randomUUID() + ".staged");
        inUse.add(file);
        return file;
    }

    void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Spooled upload {} not removed now; the next sweep removes it", file, e);
        } finally {
            inUse.remove(file);
        }
    }

    /**
     * Removes what no live import reads: the directories of processes that are gone and, in this
     * process's directory, files that are not in use. Returns how many files were removed.
     */
    int sweep() {
        int removed = 0;
        for (Path file : list(own)) {
            if (!file.getFileName().toString().equals(LOCK) && !inUse.contains(file) && delete(file)) {
                removed++;
            }
        }
        for (Path dir : list(root)) {
            if (!HELD.contains(dir.toAbsolutePath()) && Files.isDirectory(dir) && !young(dir)) {
                removed += sweepGone(dir);
            }
        }
        return removed;
    }

    private int sweepGone(Path dir) {
        Path lockFile = dir.resolve(LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (channel.tryLock() == null) {
                return 0;
            }
            int removed = 0;
            for (Path file : list(dir)) {
                if (!file.equals(lockFile) && delete(file)) {
                    removed++;
                }
            }
            delete(lockFile);
            delete(dir);
            if (removed > 0) {
                log.info("Swept {} spooled upload(s) left by a stopped process from {}", removed, dir);
            }
            return removed;
        } catch (IOException e) {
            log.warn("Spool directory {} not swept", dir, e);
            return 0;
        }
    }

    private static boolean young(Path dir) {
        try {
            FileTime modified = Files.getLastModifiedTime(dir);
            return modified.toInstant().isAfter(Instant.now().minus(SETTLING));
        } catch (IOException e) {
            return true;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean delete(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }

    /** Releases the lock and removes this process's directory with what is left in it. */
    @Override
    public void close() {
        for (Path file : list(own)) {
            if (!file.getFileName().toString().equals(LOCK)) {
                delete(file);
            }
        }
        delete(own.resolve(LOCK));
        try {
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Spool lock {} not released cleanly", own, e);
        }
        delete(own);
        HELD.remove(own.toAbsolutePath());
    }
}
