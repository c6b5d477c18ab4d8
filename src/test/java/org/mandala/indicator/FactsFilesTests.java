package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mandala.rules.RulesetCompiler;

/** Consistency of {@code facts/}: every file parses, and every row is dated, graded and cited. */
class FactsFilesTests {
    private static final Path FACTS = Path.of("facts");

    @Test
    void everyFactsFileParsesAndEveryRowIsGradedAndCited() throws IOException {
        var types = RulesetCompiler.compile(RulesetCompiler.readDirectory(Path.of("rules"))).configuration().types().keySet();
        var reader = new IndicatorCsvReader(types, ActorCodes.read(FACTS.resolve("reference/actors.csv")));
        List<Path> files = SampleFactsLoader.factFiles(FACTS);
        assertThat(files).isNotEmpty();
        Set<String> ids = new HashSet<>();
        for (Path f : files) {
            List<Indicator> rows = new ArrayList<>();
            try (InputStream in = Files.newInputStream(f)) {
                var result = reader.read(in, rows::add);
                assertThat(result.errors()).as(f.toString()).isEmpty();
            }
            assertThat(rows).as(f.toString()).isNotEmpty().allSatisfy(i -> {
                assertThat(i.id()).as("an analyst id in %s", f).doesNotStartWith("h-");
                assertThat(i.grade()).as("grade of %s", i.id()).isNotEqualTo("F6");
                assertThat(i.source()).as("source of %s", i.id()).isNotBlank();
                assertThat(ids.add(i.id())).as("id %s is unique across facts/", i.id()).isTrue();
            });
        }
    }

    @Test
    void theReferenceListHasTheStatesAndEveryBlocOfTheCatalogue() {
        ActorCodes codes = ActorCodes.read(FACTS.resolve("reference/actors.csv"));
        assertThat(List.of("IND", "RUS", "PRK", "CHN", "IRN", "PAK", "USA")).allMatch(codes::isState);
        assertThat(List.of("BRICS", "SCO", "QUAD", "NATO", "G7", "G20", "ASEAN", "EU", "CSTO", "AUKUS", "GCC", "OIC")).allMatch(codes::isBloc);
        assertThat(codes.isState("SUN")).as("the Soviet Union, for SIPRI's history").isTrue();
        assertThat(codes.all().values().stream().filter(a -> a.kind() == ActorCodes.Kind.STATE).count()).isGreaterThan(240);
    }
}
