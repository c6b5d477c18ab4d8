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
        // the score is the RUS–PAK alignment's: 25 points of evidence, 26.8 through ALIGNMENT_SCALE 80
        assertThat(t.getScore()).isCloseTo(26.84, within(0.01));
        assertThat(t.getRule()).isEqualTo("A partner of the focus aligned with an adversary of the focus is a convergence");
    }

    @Test
    void aStrongConvergenceIsAtLeastHigh() {
        // 15 + 10 + 12 + 8 + 8 = 53 points of evidence, 48.4 through ALIGNMENT_SCALE 80: STRONG (from 45)
        // (v1's 45 points without the economic agreement now score 43.0, MODERATE)
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + moderate("IND", "RUS") + moderate("RUS", "PAK")
                + "2023-09-30,,ARMS_TRANSFER,RUS,PAK,A1\n2023-09-30,,MINISTERIAL_VISIT,PAK,RUS,A1\n"
                + "2023-09-30,,ECONOMIC_AGREEMENT,RUS,PAK,A1\n");
        assertThat(RuleScenario.alignment(a, "PAK", "RUS").orElseThrow().getLevel()).isEqualTo(org.mandala.model.AlignmentLevel.STRONG);
        var t = threat(a, "PARTNER_ADVERSARY_CONVERGENCE", "PAK", "RUS").orElseThrow();
        assertThat(t.getScore()).isCloseTo(48.44, within(0.01));
        assertThat(t.getLevel()).as("CLOSE_CONVERGENCE_FLOOR, though the score alone is ELEVATED").isEqualTo(RiskLevel.HIGH);
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
        // 12 points of evidence, 21.3 through ARMAMENT_SCALE 50: GUARDED
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + "2023-09-30,,ARMS_TRANSFER,CHN,PAK,A1\n");
        var t = threat(a, "ADVERSARY_ARMAMENT", "CHN", "PAK").orElseThrow();
        assertThat(t.getRaw()).isCloseTo(12.0, within(1e-9));
        assertThat(t.getScore()).isCloseTo(100 * (1 - Math.exp(-12.0 / 50)), within(1e-9)).isCloseTo(21.34, within(0.01));
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
        // mean alignment of the three pairs (26.84 each) and no size bonus for three members: 26.84 points of
        // evidence, 30.1 through AXIS_SCALE 75
        assertThat(t.getRaw()).isCloseTo(26.84, within(0.01));
        assertThat(t.getScore()).isCloseTo(30.08, within(0.01));
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
    void aBorderClashArmedConflictOrMilitaryThreatWithAnAdversaryStillWeighingIsDirectMilitaryPressure() {
        // 25 points of evidence, 22.1 through MILITARY_PRESSURE_SCALE 100, would be GUARDED; a border clash is at least ELEVATED
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2023-09-30,,BORDER_CLASH,CHN,IND,A1\n");
        var t = threat(a, "DIRECT_MILITARY_PRESSURE", "CHN", "IND").orElseThrow();
        assertThat(t.getScore()).isCloseTo(22.12, within(0.01));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.ELEVATED);
        assertThat(t.getComponent()).isEqualTo("ACUTE");
        assertThat(t.getActors()).isEqualTo(List.of("CHN", "IND"));
        assertThat(t.getRule()).isEqualTo("A border clash, armed conflict or military threat with an adversary still weighing is direct military pressure");
        // a military threat alone counts too (v2): 10 points, 9.5 through the curve, LOW by score, ELEVATED by the floor
        var threatened = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2023-09-30,,MILITARY_THREAT,CHN,IND,A1\n");
        var m = threat(threatened, "DIRECT_MILITARY_PRESSURE", "CHN", "IND").orElseThrow();
        assertThat(m.getScore()).isCloseTo(9.52, within(0.01));
        assertThat(m.getLevel()).isEqualTo(RiskLevel.ELEVATED);
    }

    @Test
    void anArmedConflictIsAtLeastHigh() {
        // one half-life (45 days) after the conflict ended: 25 points, 22.1 through MILITARY_PRESSURE_SCALE 100,
        // GUARDED by score, raised to HIGH
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY + "2023-05-01,2023-08-16,ARMED_CONFLICT,IND,PAK,A1\n");
        var t = threat(a, "DIRECT_MILITARY_PRESSURE", "IND", "PAK").orElseThrow();
        assertThat(t.getRaw()).isCloseTo(25.0, within(1e-9));
        assertThat(t.getScore()).isCloseTo(22.12, within(0.01));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void aClashThatNoLongerWeighsIsNoPressure() {
        // five half-lives (5 × 45 days) ago: 25 / 32 = 0.78 < MIN_WEIGHT
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2023-02-17,,BORDER_CLASH,CHN,IND,A1\n");
        assertThat(threat(a, "DIRECT_MILITARY_PRESSURE", "CHN", "IND")).isEmpty();
    }

    @Test
    void aTerritorialDisputeInForceWithAnAdversaryOfTheFocusIsAStandingDispute() {
        // 30 points of evidence, 39.3 through DISPUTE_SCALE 60: GUARDED, structural pressure
        var a = assess("IND", "2023-09-30", PAKISTAN_ADVERSARY);
        var t = threat(a, "STANDING_DISPUTE", "IND", "PAK").orElseThrow();
        assertThat(t.getRaw()).isCloseTo(30.0, within(1e-9));
        assertThat(t.getScore()).isCloseTo(39.35, within(0.01));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.GUARDED);
        assertThat(t.getComponent()).isEqualTo("STRUCTURAL");
        assertThat(t.getRule()).isEqualTo("A territorial dispute in force with an adversary of the focus is a standing dispute");
    }

    @Test
    void aLapsedTerritorialDisputeIsNoStandingDispute() {
        // CHN is an adversary by an armed conflict in force, but the dispute ended in 2000
        var a = assess("IND", "2023-09-30", "1962-10-20,2000-01-01,TERRITORIAL_DISPUTE,IND,CHN,A1\n2023-09-30,,ARMED_CONFLICT,CHN,IND,A1\n");
        assertThat(RuleScenario.conclusion(a, "D.CHN")).isPresent();
        assertThat(threat(a, "STANDING_DISPUTE", "CHN", "IND")).isEmpty();
    }

    @Test
    void aSupplierOfALargeShareOfTheArmsTheFocusReceivesMakesItDependent() {
        // arms into IND: four transfers from RUS (48 points), one from FRA (12), one from ISR a half-life ago (6): 66 in all.
        // RUS has 48/66 = 72.7% (at least DEPENDENCE_MIN_SHARE 0.2): evidence 48 × 0.727 = 34.9, 13.0 through
        // DEPENDENCE_SCALE 250; FRA has 18.2% and ISR 9.1%, too little to hold India
        String rus = "2023-09-30,,ARMS_TRANSFER,RUS,IND,A1\n";
        var a = assess("IND", "2023-09-30", rus + rus + rus + rus + "2023-09-30,,ARMS_TRANSFER,FRA,IND,A1\n"
                + "2018-10-02,,ARMS_TRANSFER,ISR,IND,A1\n");
        var t = threat(a, "SUPPLIER_DEPENDENCE", "IND", "RUS").orElseThrow();
        assertThat(t.getRule()).isEqualTo("A supplier of a large share of the arms the focus receives makes it dependent");
        assertThat(t.getComponent()).isEqualTo("STRUCTURAL");
        assertThat(t.getFactor()).as("RUS's share").isCloseTo(48.0 / 66, within(0.001));
        assertThat(t.getRaw()).isCloseTo(48.0 * 48 / 66, within(0.05));
        assertThat(t.getScore()).isCloseTo(100 * (1 - Math.exp(-48.0 * 48 / 66 / 250)), within(0.05)).isCloseTo(13.0, within(0.1));
        assertThat(t.getLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(t.getSummary()).startsWith("IND receives 73% of its weighed arms-transfer evidence from RUS (4 transfers)");
        assertThat(threat(a, "SUPPLIER_DEPENDENCE", "FRA", "IND")).as("18% is below DEPENDENCE_MIN_SHARE").isEmpty();
        assertThat(threat(a, "SUPPLIER_DEPENDENCE", "IND", "ISR")).isEmpty();
        // a sole supplier holds the focus whatever it is; more deals from it raise the score
        var sole = assess("IND", "2023-09-30", rus);
        var more = assess("IND", "2023-09-30", rus + rus + rus);
        assertThat(threat(sole, "SUPPLIER_DEPENDENCE", "IND", "RUS").orElseThrow().getScore())
                .isLessThan(threat(more, "SUPPLIER_DEPENDENCE", "IND", "RUS").orElseThrow().getScore());
    }
}
