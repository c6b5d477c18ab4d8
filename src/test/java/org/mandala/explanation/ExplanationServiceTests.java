package org.mandala.explanation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.assessment.AssessmentKey;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorFormats;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;

class ExplanationServiceTests {
    static final Ruleset RULESET = RulesetCompiler.compile(RulesetCompiler.readDirectory(Path.of("rules")));
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));

    @Test
    void aConclusionRestingOnManyOthersExpandsTheFirstAndCountsTheRest() throws IOException {
        List<String> states = List.of("AFG", "AGO", "ALB", "ARG", "ARM", "AUT", "AZE", "BDI", "BEL", "BEN", "BFA", "BGD", "BGR", "BHR",
                "BIH", "BLR", "BOL", "BRA", "BRN", "BTN", "BWA", "CAF", "CAN", "CHE", "CHL", "CIV", "CMR", "COD", "COG", "COL");
        StringBuilder csv = new StringBuilder("date,type,actor,target,grade,source\n");
        // a dispute with each (dated over six months, so that the data about IND is enough for an autonomy
        // score) makes it an adversary and a standing dispute; arms from China arm each: 60 threats
        for (int i = 0; i < states.size(); i++) {
            String s = states.get(i);
            csv.append("2000-0").append(1 + i % 6).append("-01,TERRITORIAL_DISPUTE,IND,").append(s).append(",A1,dispute\n");
            csv.append("2023-0").append(4 + i % 6).append("-01,ARMS_TRANSFER,CHN,").append(s).append(",A1,arms\n");
        }
        List<Indicator> rows = new ArrayList<>();
        IndicatorFormats.of("native", RULESET, CODES, null).read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), rows::add);
        var assessment = AssessmentEngine.assess(RULESET, IndicatorSnapshot.of(rows), 1, "IND", LocalDate.of(2023, 9, 30), CODES);
        assertThat(assessment.threats()).hasSize(60);
        assertThat(assessment.coverage().isSufficient()).isTrue();

        IndicatorRepository repository = mock(IndicatorRepository.class);
        when(repository.findBySeq(any())).thenReturn(List.of());
        var service = new ExplanationService(null, repository);
        var key = new AssessmentKey("IND", LocalDate.of(2023, 9, 30), 1, RULESET.version());
        Explanation e = service.explain(assessment, key, assessment.autonomy());

        assertThat(e.because()).filteredOn(b -> b.explanation() != null).hasSize(ExplanationService.MAX_NESTED);
        assertThat(e.omittedConclusions()).isEqualTo(60 - ExplanationService.MAX_NESTED);
        assertThat(e.narrative()).contains("and 35 more");
    }
}
