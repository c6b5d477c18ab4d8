package org.mandala.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The start-up probe says so when it does not run from a jar. */
class StartupProbeTests {

    @Test
    void runFromClassesItIsNotMeasured() {
        List<String> rows = new ArrayList<>();
        StartupProbe.measure((what, time, note) -> rows.add(time + " | " + note));
        assertThat(rows).containsExactly("not measured | run from the jar: `java -jar target/mandala.jar benchmark`");
    }
}
