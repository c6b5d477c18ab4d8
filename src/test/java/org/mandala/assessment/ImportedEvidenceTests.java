package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mandala.indicator.CountryNames;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorFormats;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.RiskLevel;

/** Imported exports feed the same rules as native indicators. */
class ImportedEvidenceTests {

    @Test
    void sipriDealsOfChinaWithPakistanArmAnAdversaryOnceKashmirIsLoaded() throws IOException {
        List<Indicator> all = new ArrayList<>(RuleScenario.indicators("1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,A1\n"));
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/fixtures/sipri-register.csv"))) {
            IndicatorFormats.of("sipri", RuleScenario.RULESET, RuleScenario.CODES, CountryNames.read(Path.of("facts/reference/country-names.csv")))
                    .read(in, all::add);
        }
        var a = AssessmentEngine.assess(RuleScenario.RULESET, IndicatorSnapshot.of(all), 1, "IND", LocalDate.of(2023, 9, 30), RuleScenario.CODES);
        var threat = RuleScenario.threat(a, "ADVERSARY_ARMAMENT", "CHN", "PAK").orElseThrow();
        assertThat(threat.getActors()).containsExactly("CHN", "PAK");
        assertThat(threat.getLevel()).isGreaterThanOrEqualTo(RiskLevel.GUARDED);
    }
}
