package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mandala.assessment.RuleScenario.alignment;
import static org.mandala.assessment.RuleScenario.assess;

import org.junit.jupiter.api.Test;
import org.mandala.model.AlignmentLevel;

/** Rules of {@code rules/alignment.drl} (methodology M1, M2, M9). */
class AlignmentRulesTests {

    @Test
    void alignmentOfTwoStatesIsTheirCooperativeMinusTheirHostileEvidence() {
        // 15 (summit) + 10 (exercise) - 5 (protest), all A1 on the assessment date
        var a = assess("IND", "2023-09-30", """
                2023-09-30,,SUMMIT_MEETING,RUS,PRK,A1
                2023-09-30,,MILITARY_EXERCISE,PRK,RUS,A1
                2023-09-30,,DIPLOMATIC_PROTEST,RUS,PRK,A1
                """);
        var al = alignment(a, "PRK", "RUS").orElseThrow();
        assertThat(al.getScore()).isCloseTo(20.0, within(1e-9));
        assertThat(al.getLevel()).isEqualTo(AlignmentLevel.WEAK);
        assertThat(al.getRule()).isEqualTo("Alignment of two states is their cooperative minus their hostile evidence");
        assertThat(a.alignments()).extracting(x -> x.getA() + "-" + x.getB()).containsExactly("PRK-RUS");
    }

    @Test
    void alignmentDecaysByHalfLifeAndGrade() {
        // a summit one half-life (730 days) before asOf counts 7.5; B2 multiplies by 0.9 * 0.9
        var a = assess("IND", "2023-09-30", """
                2021-09-30,,SUMMIT_MEETING,RUS,PRK,A1
                2023-09-30,,SUMMIT_MEETING,RUS,PRK,B2
                """);
        assertThat(alignment(a, "PRK", "RUS").orElseThrow().getScore()).isCloseTo(7.5 + 15 * 0.81, within(1e-9));
    }

    @Test
    void indicatorsAfterTheAssessmentDateAreIgnored() {
        var a = assess("IND", "2023-09-30", """
                2023-09-30,,SUMMIT_MEETING,RUS,PRK,A1
                2024-06-19,,ALLIANCE_TREATY,RUS,PRK,A1
                """);
        var al = alignment(a, "PRK", "RUS").orElseThrow();
        assertThat(al.getScore()).isCloseTo(15.0, within(1e-9));
        assertThat(al.getLevel()).isEqualTo(AlignmentLevel.WEAK);
    }

    @Test
    void weakEvidenceIsNoAlignment() {
        // C3: 15 * 0.75 * 0.75 = 8.44, below WEAK (10): drawn, but not listed in the assessment
        var a = assess("IND", "2023-09-30", "2023-09-30,,SUMMIT_MEETING,RUS,PRK,C3\n");
        assertThat(alignment(a, "PRK", "RUS").orElseThrow().getLevel()).isEqualTo(AlignmentLevel.NONE);
        assertThat(a.alignments()).isEmpty();
    }

    @Test
    void anAllianceTreatyInForceMakesAnAlliance() {
        // 40 points would be MODERATE; the treaty makes it ALLIANCE
        var a = assess("IND", "2023-09-30", "1961-07-11,,ALLIANCE_TREATY,CHN,PRK,A1\n");
        var al = alignment(a, "CHN", "PRK").orElseThrow();
        assertThat(al.getScore()).isCloseTo(40.0, within(1e-9));
        assertThat(al.getLevel()).isEqualTo(AlignmentLevel.ALLIANCE);
        assertThat(al.getAmendments()).singleElement()
                .satisfies(m -> assertThat(m.rule()).isEqualTo("An alliance treaty in force makes an alliance"));
    }

    @Test
    void aLapsedAllianceTreatyNoLongerCounts() {
        var a = assess("IND", "2023-09-30", """
                1950-02-14,1979-04-11,ALLIANCE_TREATY,CHN,RUS,A1
                2023-09-30,,SUMMIT_MEETING,CHN,RUS,A1
                """);
        var al = alignment(a, "CHN", "RUS").orElseThrow();
        assertThat(al.getLevel()).isEqualTo(AlignmentLevel.WEAK);
        assertThat(al.getScore()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void aStrategicPartnershipInForceMakesAtLeastAModerateAlignment() {
        // C3: 20 * 0.5625 = 11.25, WEAK by score, MODERATE by the partnership
        var a = assess("IND", "2023-09-30", "2016-01-23,,STRATEGIC_PARTNERSHIP,CHN,IRN,C3\n");
        var al = alignment(a, "CHN", "IRN").orElseThrow();
        assertThat(al.getScore()).isCloseTo(11.25, within(1e-9));
        assertThat(al.getLevel()).isEqualTo(AlignmentLevel.MODERATE);
        assertThat(al.getAmendments()).singleElement().satisfies(m -> assertThat(m.rule())
                .isEqualTo("A strategic partnership in force makes at least a moderate alignment"));
    }

    @Test
    void anEndedStrategicPartnershipRaisesNothing() {
        var a = assess("IND", "2023-09-30", """
                2016-01-23,2020-01-01,STRATEGIC_PARTNERSHIP,CHN,IRN,A1
                2023-09-30,,SUMMIT_MEETING,CHN,IRN,A1
                """);
        assertThat(alignment(a, "CHN", "IRN").orElseThrow().getLevel()).isEqualTo(AlignmentLevel.WEAK);
    }
}
