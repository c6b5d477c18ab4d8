package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mandala.model.Confidence;

/** Confidence from grades and independent sources (parameters.drl.csv, CONFIDENCE_*). */
class ConfidenceTests {

    private static Confidence of(String rows) {
        Assessment a = RuleScenario.assessWithSources("IND", "2023-09-30", rows);
        return a.confidence(a.conclusion("A.PRK-RUS").orElseThrow()).confidence();
    }

    @Test
    void threeA1ReportsFromThreePublishersAreHighConfidence() {
        assertThat(of("""
                2023-09-13,,SUMMIT_MEETING,RUS,PRK,A1,https://www.cnn.com/a
                2023-09-14,,MILITARY_EXERCISE,RUS,PRK,A1,https://tass.com/b
                2023-09-15,,MINISTERIAL_VISIT,PRK,RUS,B2,Reuters; 15 September 2023
                """)).isEqualTo(Confidence.HIGH);
    }

    @Test
    void aSingleSourceIsLowConfidenceHoweverWellGraded() {
        assertThat(of("""
                2023-09-13,,SUMMIT_MEETING,RUS,PRK,A1,https://www.cnn.com/a
                2023-09-14,,MILITARY_EXERCISE,RUS,PRK,A1,https://cnn.com/b
                """)).isEqualTo(Confidence.LOW);
    }

    @Test
    void evidenceGradedOnlyF6IsLowConfidenceWhateverItsSources() {
        assertThat(of("""
                2023-09-13,,SUMMIT_MEETING,RUS,PRK,F6,https://www.cnn.com/a
                2023-09-14,,MILITARY_EXERCISE,RUS,PRK,F6,https://tass.com/b
                2023-09-15,,MINISTERIAL_VISIT,PRK,RUS,F6,Reuters
                2023-09-16,,DIPLOMATIC_SUPPORT,PRK,RUS,F6,Yonhap
                """)).isEqualTo(Confidence.LOW);
    }

    @Test
    void twoPublishersWithFairGradesAreMediumConfidence() {
        assertThat(of("""
                2023-09-13,,SUMMIT_MEETING,RUS,PRK,C3,https://www.cnn.com/a
                2023-09-14,,MILITARY_EXERCISE,RUS,PRK,C3,https://tass.com/b
                """)).isEqualTo(Confidence.MEDIUM);
    }
}
