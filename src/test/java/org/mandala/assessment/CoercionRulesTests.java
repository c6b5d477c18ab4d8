package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
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
        // a threat of sanctions weighs 10 at A1, a little decayed after 29 days of a 180-day half-life, times COERCION_FACTOR 1.5
        assertThat(t.getScore()).isBetween(13.0, 15.0);
        assertThat(t.getLevel()).isEqualTo(RiskLevel.LOW);
    }

    @Test
    void coercionByAPartnerOfTheFocusPressesItToPickACamp() {
        // a tariff lowers the alignment, so the partnership in force is what keeps the US a partner
        var a = assess("IND", "2025-09-30", "2020-02-25,,STRATEGIC_PARTNERSHIP,IND,USA,A1\n2025-08-27,,TARIFF,USA,IND,A1\n");
        var t = threat(a, "COERCION", "IND", "USA").orElseThrow();
        assertThat(t.getRule()).isEqualTo("A state that sanctions, tariffs or threatens the focus coerces it");
        assertThat(t.getGrounds()).as("the partner is among what it used").anySatisfy(g -> assertThat(g).isInstanceOf(org.mandala.model.Partner.class));
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
}
