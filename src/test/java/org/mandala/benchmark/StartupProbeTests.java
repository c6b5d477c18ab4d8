package org.mandala.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up probe finds the jar it runs from, and says so when it does not run from one. */
class StartupProbeTests {

    @Test
    void aCodeSourceInsideAJarNamesTheJar(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("mandala.jar"));
        assertThat(StartupProbe.archive("jar:nested:" + jar + "/!BOOT-INF/classes/!/")).contains(jar);
        assertThat(StartupProbe.archive("file:" + jar)).contains(jar);
        assertThat(StartupProbe.archive("file:" + dir + "/classes/")).isEmpty();
    }

    @Test
    void runFromClassesItIsNotMeasured() {
        List<String> rows = new ArrayList<>();
        StartupProbe.measure((what, time, note) -> rows.add(time + " | " + note));
        assertThat(rows).containsExactly("not measured | run from the jar: `java -jar target/mandala.jar benchmark`");
    }
}
