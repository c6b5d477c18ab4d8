package org.mandala.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mandala.indicator.ActorCodes;
import org.mandala.policy.RuleTests;

/** The compiled rules kept on disk: reused only for the same files and build, and they behave as compiled ones. */
class KieBaseCacheTests {
    private static final SortedMap<String, byte[]> SAMPLE = RulesetCompiler.readDirectory(Path.of("rules"));
    private static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));

    @TempDir
    Path dir;

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".kbase")).toList();
        }
    }

    @Test
    void aRulesetBuiltFromTheCacheIsTheCompiledOneAndPassesItsRuleTests() throws IOException {
        KieBaseCache cache = KieBaseCache.in(dir);
        Ruleset compiled = RulesetCompiler.compile(SAMPLE, cache);
        assertThat(cache.hits()).isZero();
        assertThat(entries()).hasSize(1);
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));

        Ruleset cached = RulesetCompiler.compile(SAMPLE, cache);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cached.kieBase()).isNotSameAs(compiled.kieBase());
        assertThat(cached.version()).isEqualTo(compiled.version());
        assertThat(cached.files()).isEqualTo(compiled.files());
        assertThat(cached.rules()).isEqualTo(compiled.rules());
        assertThat(cached.premises()).isEqualTo(compiled.premises());
        assertThat(cached.configuration().types()).isEqualTo(compiled.configuration().types());
        RuleTests.Report fromCompile = RuleTests.run(compiled, SAMPLE, CODES);
        RuleTests.Report fromCache = RuleTests.run(cached, SAMPLE, CODES);
        assertThat(fromCache).isEqualTo(fromCompile);
        assertThat(fromCache.failed()).isZero();
        assertThat(fromCache.rulesNeverFired()).isEmpty();
    }

    @Test
    void aChangedFileIsCompiledNotTakenFromTheCache() throws IOException {
        KieBaseCache cache = KieBaseCache.in(dir);
        RulesetCompiler.compile(SAMPLE, cache);
        SortedMap<String, byte[]> changed = new TreeMap<>(SAMPLE);
        changed.put("alignment.drl", (new String(SAMPLE.get("alignment.drl"), StandardCharsets.UTF_8) + "\n// edited\n")
                .getBytes(StandardCharsets.UTF_8));
        Ruleset r = RulesetCompiler.compile(changed, cache);
        assertThat(cache.hits()).isZero();
        assertThat(r.version()).isNotEqualTo(RulesetCompiler.version(SAMPLE));
        assertThat(entries()).hasSize(2);
    }

    @Test
    void aBrokenRulesetIsRefusedAndNeverCached() throws IOException {
        KieBaseCache cache = KieBaseCache.in(dir);
        SortedMap<String, byte[]> broken = new TreeMap<>(SAMPLE);
        broken.put("broken.drl", "package mandala.rules;\nrule \"Broken\" when then nonsense( end\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RulesetCompiler.compile(broken, cache)).isInstanceOf(RulesetException.class);
        assertThatThrownBy(() -> RulesetCompiler.compile(broken, cache)).isInstanceOf(RulesetException.class);
        assertThat(entries()).isEmpty();
        assertThat(cache.hits()).isZero();
    }

    @Test
    void anEntryThatCannotBeReadIsCompiledAgainAndReplaced() throws IOException {
        KieBaseCache cache = KieBaseCache.in(dir);
        RulesetCompiler.compile(SAMPLE, cache);
        Path entry = entries().get(0);
        Files.write(entry, "not a kbase".getBytes(StandardCharsets.UTF_8));
        Ruleset r = RulesetCompiler.compile(SAMPLE, cache);
        assertThat(cache.hits()).isZero();
        assertThat(r.rules()).isNotEmpty();
        assertThat(Files.size(entry)).isGreaterThan(1000);
        RulesetCompiler.compile(SAMPLE, cache);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        KieBaseCache cache = KieBaseCache.in(dir);
        RulesetCompiler.compile(SAMPLE, cache);
        RulesetCompiler.compile(SAMPLE, cache);
        assertThat(entries()).isEmpty();
        assertThat(cache.hits()).isZero();
    }
}
