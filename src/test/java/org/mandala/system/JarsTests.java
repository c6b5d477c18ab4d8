package org.mandala.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The jar a class runs from, as the benchmark, the soak and the compiled-rules cache find it. */
class JarsTests {

    @Test
    void aClassPathUrlInsideAJarNamesTheJar() {
        assertThat(Jars.archive("jar:nested:/app/mandala.jar/!BOOT-INF/classes/!/org/x.class")).contains("/app/mandala.jar");
        assertThat(Jars.archive("jar:file:/app/mandala.jar!/META-INF/build-info.properties")).contains("/app/mandala.jar");
        assertThat(Jars.archive("file:/app/mandala.jar")).contains("/app/mandala.jar");
        assertThat(Jars.archive("file:/my%20apps/mandala.jar")).contains("/my apps/mandala.jar");
        assertThat(Jars.archive("file:/app/target/classes/")).isEmpty();
    }

    @Test
    void runFromClassesThereIsNoJar() {
        // the tests run from target/classes
        assertThat(Jars.of(Jars.class)).isEmpty();
        assertThat(Jars.of(Test.class)).hasValueSatisfying(jar -> assertThat(jar.getFileName().toString()).startsWith("junit-jupiter-api"));
    }
}
