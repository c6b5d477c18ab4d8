package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTests {

    @TempDir
    Path root;

    private static void age(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
    }

    @Test
    void aStartingProcessSweepsWhatAStoppedOneLeft() throws Exception {
        Path gone = Files.createDirectories(root.resolve("stopped-process"));
        Files.createFile(gone.resolve(".lock"));
        Files.writeString(gone.resolve("job-1.upload"), "date,type,actor,target\n");
        age(gone);

        try (Spool spool = new Spool(root)) {
            assertThat(gone).doesNotExist();
            assertThat(spool.directory()).isDirectory();
        }
    }

    @Test
    void aSweepKeepsFilesInUseAndThoseOfALiveProcessAndRemovesOrphans() throws Exception {
        try (Spool live = new Spool(root)) {
            Path reading = live.write(new ByteArrayInputStream("x".getBytes()), "upload");
            Path orphan = Files.writeString(live.directory().resolve("job-left.upload"), "x");
            age(live.directory());

            try (Spool other = new Spool(root)) {
                other.sweep();
                assertThat(reading).exists();
                assertThat(orphan).exists();
            }
            assertThat(live.sweep()).isEqualTo(1);
            assertThat(orphan).doesNotExist();
            assertThat(reading).exists();
            live.remove(reading);
            assertThat(reading).doesNotExist();
        }
    }
}
