package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.moderate;
import static org.mandala.assessment.RuleScenario.threat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mandala.model.RiskLevel;

/** Rules of {@code rules/threats.drl} (methodology M4–M7). */
class ThreatRulesTests {


    private static final String PAKISTAN_ADVERSARY = "1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,A1\n";
    private static final String CHINA_ADVERSARY = "1962-10-20,,TERRITORIAL_DISPUTE,IND,CHN,A1\n";

    @Test
    void aPartnerOfTheFocusAlignedWithAnAdversaryOfTheFocusIsAConvergence() {
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + moderate("IND", "RUS") + moderate("RUS", "PAK"));
        var t = threat(a, "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS").orElseThrow();
        assertThat(t.getActors()).containsExactly("PAK", "RUS");
        assertThat(t.getLevel()).isEqualTo(RiskLevel.ELEVATED);
        assertThat(t.getScore()).isCloseTo(25.0, within(1e-9));
        assertThat(t.getRule()).isEqualTo("A partner of the focus aligned with an adversary of the focus is a convergence");
    }

    @Test
    void aStrongConvergenceIsAtLeastHigh() {
        // 15 + 10 + 12 + 8 = 45: STRONG
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + moderate("IND", "RUS") + moderate("RUS", "PAK")
                + "2023-09-30,,ARMS_TRANSFER,RUS,PAK,A1\n2023-09-30,,MINISTERIAL_VISIT,PAK,RUS,A1\n");
        assertThat(threat(a, "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS").orElseThrow().getLevel()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void theFloorsOfAConvergenceAreSettingsOfTheTables() {
        String moderateTie = PAKISTAN_ADVERSARY + moderate("IND", "RUS") + moderate("RUS", "PAK");
        var raised = RuleScenario.rulesWithRow("levels.drl.csv", "CONVERGENCE_FLOOR,CONVERGENCE_FLOOR,ELEVATED,",
                "CONVERGENCE_FLOOR,CONVERGENCE_FLOOR,HIGH,");
        assertThat(threat(RuleScenario.assess(raised, "IND", "2023-09-30", moderateTie), "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS")
                .orElseThrow().getLevel()).isEqualTo(RiskLevel.HIGH);
        var closeFromModerate = RuleScenario.rulesWithRow("levels.drl.csv", "CLOSE_CONVERGENCE_ALIGNMENT,CLOSE_CONVERGENCE_ALIGNMENT,STRONG,",
                "CLOSE_CONVERGENCE_ALIGNMENT,CLOSE_CONVERGENCE_ALIGNMENT,MODERATE,");
        assertThat(threat(RuleScenario.assess(closeFromModerate, "IND", "2023-09-30", moderateTie), "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS")
                .orElseThrow().getLevel()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void aWeakTieBetweenPartnerAndAdversaryIsNoConvergence() {
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + moderate("IND", "RUS") + "2023-09-30,,SUMMIT_MEETING,RUS,PAK,A1\n");
        assertThat(threat(a, "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS")).isEmpty();
    }

    @Test
    void armsSuppliedToAnAdversaryOfTheFocusArmIt() {
        // 12 points, times ARMAMENT_FACTOR 2 = 24: GUARDED
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + "2023-09-30,,ARMS_TRANSFER,CHN,PAK,A1\n");
        var t = threat(a, "ADVERSARY_ARMAMENT", "CHN", "PAK").orElseThrow();
        assertThat(t.getScore()).isCloseTo(24.0, within(1e-9));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.GUARDED);
        assertThat(t.getRule()).isEqualTo("Arms supplied to an adversary of the focus arm it");
    }

    @Test
    void armsLongAgoOrToAStateThatIsNoAdversaryArmNothing() {
        // four half-lives (4 * 1825 days) ago: 12 / 16 = 0.75 < MIN_WEIGHT
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + "2003-10-04,,ARMS_TRANSFER,CHN,PAK,A1\n"
                + "2023-09-30,,ARMS_TRANSFER,CHN,BGD,A1\n");
        assertThat(threat(a, "ADVERSARY_ARMAMENT", "CHN", "PAK")).isEmpty();
        assertThat(threat(a, "ADVERSARY_ARMAMENT", "BGD", "CHN")).isEmpty();
    }

    @Test
    void anAxisThatIncludesAnAdversaryOfTheFocusIsAHostileAxis() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS"));
        var t = threat(a, "HOSTILE_AXIS", "CHN", "PRK", "RUS").orElseThrow();
        assertThat(t.getActors()).containsExactly("CHN", "PRK", "RUS");
        // mean alignment of the three pairs
        assertThat(t.getScore()).isCloseTo(25.0, within(1e-9));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.GUARDED);
        assertThat(t.getRule()).isEqualTo("An axis that includes an adversary of the focus is a hostile axis");
    }

    @Test
    void anAxisWithoutAnAdversaryIsNoHostileAxis() {
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + "2022-02-24,,SANCTION,USA,RUS,A1\n"
                + moderate("IRN", "RUS") + moderate("PRK", "RUS") + moderate("IRN", "PRK"));
        assertThat(a.axes()).hasSize(1);
        assertThat(threat(a, "HOSTILE_AXIS", "IRN", "PRK", "RUS")).isEmpty();
    }

    @Test
    void aBorderClashOrArmedConflictWithAnAdversaryStillWeighingIsDirectMilitaryPressure() {
        // 25 * 1.5 = 37.5 would be GUARDED; a border clash is at least ELEVATED
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2023-09-30,,BORDER_CLASH,CHN,IND,A1\n");
        var t = threat(a, "DIRECT_MILITARY_PRESSURE", "CHN", "IND").orElseThrow();
        assertThat(t.getScore()).isCloseTo(37.5, within(1e-9));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.ELEVATED);
        assertThat(t.getActors()).isEqualTo(List.of("CHN", "IND"));
        assertThat(t.getRule()).isEqualTo("A border clash or armed conflict with an adversary still weighing is direct military pressure");
    }

    @Test
    void anArmedConflictIsAtLeastHigh() {
        // one half-life after the conflict ended: 25 points * 1.5 = 37.5, raised to HIGH
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + "2019-02-26,2020-09-30,ARMED_CONFLICT,IND,PAK,A1\n");
        var t = threat(a, "DIRECT_MILITARY_PRESSURE", "IND", "PAK").orElseThrow();
        assertThat(t.getScore()).isCloseTo(37.5, within(1e-9));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void aClashThatNoLongerWeighsIsNoPressure() {
        // five half-lives ago: 25 / 32 = 0.78 < MIN_WEIGHT
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2008-10-05,,BORDER_CLASH,CHN,IND,A1\n");
        assertThat(threat(a, "DIRECT_MILITARY_PRESSURE", "CHN", "IND")).isEmpty();
    }
}
