package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.threat;

import org.junit.jupiter.api.Test;
import org.mandala.model.RiskLevel;

/** Rules of {@code rules/coercion.drl} (methodology v2: COERCION). */
class CoercionRulesTests {

    @Test
    void aStateThatSanctionsTariffsOrThreatensTheFocusCoercesIt() {
        var a = assess("IND", "2023-09-30", "2023-09-01,,SANCTION_THREAT,CHN,IND,A1\n");
        var t = threat(a, "COERCION", "CHN", "IND").orElseThrow();
        assertThat(t.getRule()).isEqualTo("A state that sanctions, tariffs or threatens the focus coerces it");
        assertThat(t.getLabel()).isEqualTo("Coercion");
        // a threat of sanctions weighs 10 at A1, decayed over 29 days of a 45-day half-life: 10 × 2^(−29/45) = 6.40
        // points of evidence, 10.1 through COERCION_SCALE 60
        assertThat(t.getRaw()).isCloseTo(6.40, within(0.01));
        assertThat(t.getScore()).isCloseTo(10.11, within(0.01));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.LOW);
    }

    @Test
    void coercionByAPartnerOfTheFocusPressesItToPickACamp() {
        // a tariff lowers the alignment, so the partnership in force is what keeps the US a partner
        var a = assess("IND", "2025-09-30", "2020-02-25,,STRATEGIC_PARTNERSHIP,IND,USA,A1\n2025-08-27,,TARIFF,USA,IND,A1\n");
        var t = threat(a, "COERCION", "IND", "USA").orElseThrow();
        assertThat(t.getRule()).isEqualTo("A state that sanctions, tariffs or threatens the focus coerces it");
        assertThat(t.getGrounds()).as("the partner is among what it used").anySatisfy(g -> assertThat(g).isInstanceOf(org.mandala.model.Partner.class));
        // the tariff weighs 20 at A1, decayed over 34 days of a 60-day half-life: 13.50 points, 20.2 through COERCION_SCALE 60
        assertThat(t.getScore()).isCloseTo(20.15, within(0.01));
        assertThat(t.getLevel()).as("COERCION_PARTNER_FLOOR, though the score alone is GUARDED").isEqualTo(RiskLevel.ELEVATED);
    }

    @Test
    void evidenceThatNoLongerWeighsCoercesNobody() {
        var a = assess("IND", "2023-09-30", "2015-01-01,,SANCTION_THREAT,CHN,IND,A1\n");
        assertThat(threat(a, "COERCION", "CHN", "IND")).isEmpty();
    }

    @Test
    void sanctionsBetweenOtherStatesAreNoCoercionOfTheFocus() {
        var a = assess("IND", "2023-09-30", "2023-09-01,,SANCTION,USA,RUS,A1\n");
        assertThat(threat(a, "COERCION", "RUS", "USA")).isEmpty();
    }

    @Test
    void aStateThatProtestsAgainstTheFocusPressesItDiplomatically() {
        // a protest weighs 5 at A1, 12 days old with a 30-day half-life: 5 × 2^(−12/30) = 3.79 points of evidence,
        // 11.9 through DIPLOMATIC_PRESSURE_SCALE 30: LOW, acute
        var a = assess("IND", "2023-09-30", "2023-09-18,,DIPLOMATIC_PROTEST,CAN,IND,A1\n2022-01-10,,DIPLOMATIC_PROTEST,CHN,IND,A1\n");
        var t = threat(a, "DIPLOMATIC_PRESSURE", "CAN", "IND").orElseThrow();
        assertThat(t.getRule()).isEqualTo("A state that protests against the focus presses it diplomatically");
        assertThat(t.getRaw()).isCloseTo(3.79, within(0.01));
        assertThat(t.getScore()).isCloseTo(11.86, within(0.01));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(t.getComponent()).isEqualTo("ACUTE");
        // a protest of 2022 has faded below MIN_WEIGHT
        assertThat(threat(a, "DIPLOMATIC_PRESSURE", "CHN", "IND")).isEmpty();
    }
}
