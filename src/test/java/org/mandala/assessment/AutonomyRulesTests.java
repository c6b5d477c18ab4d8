package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.moderate;
import static org.mandala.assessment.RuleScenario.conclusion;

import org.junit.jupiter.api.Test;
import org.mandala.model.Balancing;
import org.mandala.model.RiskLevel;

/** Rules of {@code rules/autonomy.drl} (methodology M8). */
class AutonomyRulesTests {


    private static final String CONVERGENCE = "1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,A1\n" + moderate("IND", "RUS") + moderate("RUS", "PAK");

    @Test
    void cooperatingWithTwoRivalPartnersAtOnceIsBalancing() {
        // USA and RUS: both partners (25 each), hostile to each other (a sanction: 15 ≥ RIVALRY_HOSTILITY)
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + moderate("IND", "RUS") + "2022-02-24,,SANCTION,USA,RUS,A1\n");
        var b = (Balancing) conclusion(a, "B.RUS-USA").orElseThrow();
        assertThat(b.getOffset()).isCloseTo(0.4 * 25.0, within(1e-9));
        assertThat(b.getRule()).isEqualTo("Cooperating with two rival partners at once is balancing");
    }

    @Test
    void partnersThatAreNotRivalsAreNoBalancing() {
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + moderate("IND", "JPN"));
        assertThat(conclusion(a, "B.JPN-USA")).isEmpty();
    }

    @Test
    void autonomyRiskIsThePressureOfTheThreatsLessBalancing() {
        // the convergence scores 25, China's arms to Pakistan 24: 25 + 0.05 * 24 = 26.2, GUARDED
        var a = assess("IND", "2023-09-30", CONVERGENCE + "2023-09-30,,ARMS_TRANSFER,CHN,PAK,A1\n");
        assertThat(a.threats()).hasSize(2);
        assertThat(a.autonomy().getScore()).isCloseTo(26.2, within(1e-9));
        assertThat(a.autonomy().getLevel()).isEqualTo(RiskLevel.GUARDED);
        assertThat(a.autonomy().getRule()).isEqualTo("Autonomy risk is the pressure of the threats less balancing");
    }

    @Test
    void balancingOffsetsPressure() {
        // as above, with USA a partner rival to RUS: 26.2 - 0.4 * 25 = 16.2, LOW
        var a = assess("IND", "2023-09-30", CONVERGENCE + "2023-09-30,,ARMS_TRANSFER,CHN,PAK,A1\n"
                + moderate("IND", "USA") + "2022-02-24,,SANCTION,USA,RUS,A1\n");
        assertThat(a.autonomy().getScore()).isCloseTo(16.2, within(1e-9));
        assertThat(a.autonomy().getLevel()).isEqualTo(RiskLevel.LOW);
    }

    @Test
    void noThreatIsLowRisk() {
        var a = assess("IND", "2023-09-30", moderate("IND", "RUS"));
        assertThat(a.threats()).isEmpty();
        assertThat(a.autonomy().getScore()).isZero();
        assertThat(a.autonomy().getLevel()).isEqualTo(RiskLevel.LOW);
    }

    @Test
    void nothingInTheFocusIsSpecificToIndia() {
        // the same convergence seen from Pakistan's side: IND is its adversary, RUS its partner
        var a = assess("PAK", "2023-09-30", "1947-10-22,,TERRITORIAL_DISPUTE,PAK,IND,A1\n" + moderate("PAK", "RUS") + moderate("RUS", "IND"));
        assertThat(RuleScenario.threat(a, "PARTNER_ADVERSARY_CONVERGENCE", "IND", "RUS")).isPresent();
        assertThat(a.autonomy().getFocus()).isEqualTo("PAK");
    }
}
