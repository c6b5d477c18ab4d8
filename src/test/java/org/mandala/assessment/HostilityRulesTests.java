package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.conclusion;

import org.junit.jupiter.api.Test;
import org.mandala.model.Hostility;

/** Rules of {@code rules/hostility.drl} (methodology M3). */
class HostilityRulesTests {

    @Test
    void hostilityOfTwoStatesIsTheirHostileEvidence() {
        var a = assess("IND", "2023-09-30", """
                1962-10-20,,TERRITORIAL_DISPUTE,IND,CHN,A1
                2023-09-30,,BORDER_CLASH,CHN,IND,A1
                2023-09-30,,SUMMIT_MEETING,CHN,IND,A1
                """);
        // 30 (dispute in force) + 25 (clash on the day); the summit is not hostile: 55 points of evidence,
        // 49.7 through HOSTILITY_SCALE 80
        var h = (Hostility) conclusion(a, "H.CHN-IND").orElseThrow();
        assertThat(h.getRaw()).isCloseTo(55.0, within(1e-9));
        assertThat(h.getScore()).isCloseTo(100 * (1 - Math.exp(-55.0 / 80)), within(1e-9)).isCloseTo(49.72, within(0.01));
        assertThat(h.getRule()).isEqualTo("Hostility of two states is their hostile evidence");
    }

    @Test
    void cooperationAloneIsNoHostility() {
        var a = assess("IND", "2023-09-30", "2023-09-30,,SUMMIT_MEETING,CHN,IND,A1\n");
        assertThat(conclusion(a, "H.CHN-IND")).isEmpty();
    }

    @Test
    void aTerritorialDisputeOrArmedConflictInForceWithTheFocusMakesAnAdversary() {
        var a = assess("IND", "2023-09-30", """
                1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,E5
                2023-09-01,,ARMED_CONFLICT,ARM,AZE,A1
                """);
        assertThat(conclusion(a, "D.PAK")).hasValueSatisfying(d -> assertThat(d.getRule())
                .isEqualTo("A territorial dispute or armed conflict in force with the focus makes an adversary"));
        // a conflict between others makes no adversary of the focus
        assertThat(conclusion(a, "D.ARM")).isEmpty();
        assertThat(conclusion(a, "D.AZE")).isEmpty();
    }

    @Test
    void aSettledDisputeMakesNoAdversary() {
        var a = assess("IND", "2023-09-30", "1947-10-22,2015-06-06,TERRITORIAL_DISPUTE,IND,BGD,A1\n");
        assertThat(conclusion(a, "D.BGD")).isEmpty();
    }

    @Test
    void hostilityWithTheFocusAtOrAboveTheThresholdMakesAnAdversary() {
        // 25 + 10 = 35 ≥ ADVERSARY_HOSTILITY (30)
        var a = assess("IND", "2023-09-30", """
                2023-09-30,,BORDER_CLASH,CHN,IND,A1
                2023-09-30,,MILITARY_THREAT,CHN,IND,A1
                """);
        assertThat(conclusion(a, "D.CHN")).hasValueSatisfying(d -> assertThat(d.getRule())
                .isEqualTo("Hostility with the focus at or above the threshold makes an adversary"));
    }

    @Test
    void hostilityBelowTheThresholdMakesNoAdversary() {
        var a = assess("IND", "2023-09-30", "2023-09-30,,BORDER_CLASH,CHN,IND,A1\n");
        assertThat(conclusion(a, "D.CHN")).isEmpty();
    }

    @Test
    void aStateAlignedAtLeastModeratelyWithTheFocusThatIsNotItsAdversaryIsAPartner() {
        var a = assess("IND", "2023-09-30", """
                2023-09-30,,SUMMIT_MEETING,IND,RUS,A1
                2023-09-30,,MILITARY_EXERCISE,IND,RUS,A1
                """);
        assertThat(conclusion(a, "P.RUS")).hasValueSatisfying(p -> assertThat(p.getRule())
                .isEqualTo("A state aligned at least moderately with the focus that is not its adversary is a partner"));
    }

    @Test
    void aWeaklyAlignedStateOrAnAdversaryIsNoPartner() {
        var a = assess("IND", "2023-09-30", """
                2023-09-30,,SUMMIT_MEETING,IND,RUS,A1
                2010-01-01,,STRATEGIC_PARTNERSHIP,IND,CHN,A1
                2023-01-01,,SUMMIT_MEETING,IND,CHN,A1
                2023-01-01,,ECONOMIC_AGREEMENT,IND,CHN,A1
                1962-10-20,,TERRITORIAL_DISPUTE,IND,CHN,A1
                """);
        assertThat(conclusion(a, "P.RUS")).isEmpty();
        assertThat(conclusion(a, "D.CHN")).isPresent();
        assertThat(conclusion(a, "P.CHN")).isEmpty();
    }
}
