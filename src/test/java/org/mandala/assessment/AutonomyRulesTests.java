package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mandala.assessment.RuleScenario.ANY_COVERAGE;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.moderate;
import static org.mandala.assessment.RuleScenario.conclusion;

import org.junit.jupiter.api.Test;
import org.mandala.model.Autonomy;
import org.mandala.model.Balancing;
import org.mandala.model.RiskLevel;

/** Rules of {@code rules/autonomy.drl} (methodology M8, v2). */
class AutonomyRulesTests {


    private static final String CONVERGENCE = "1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,A1\n" + moderate("IND", "RUS") + moderate("RUS", "PAK");
    /** China's arms to Pakistan, and a border clash with Pakistan, on the assessment date. */
    private static final String ARMS_AND_CLASH = "2023-09-30,,ARMS_TRANSFER,CHN,PAK,A1\n2023-09-30,,BORDER_CLASH,PAK,IND,A1\n";

    @Test
    void cooperatingWithTwoRivalPartnersAtOnceIsBalancing() {
        // USA and RUS: both partners (25 points each, 26.8 through ALIGNMENT_SCALE 80), hostile to each other
        // (a sanction: 15 points, 17.1 through HOSTILITY_SCALE 80 ≥ RIVALRY_HOSTILITY 10); BALANCE_FACTOR 0.4 × 26.8
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + moderate("IND", "RUS") + "2022-02-24,,SANCTION,USA,RUS,A1\n");
        var b = (Balancing) conclusion(a, "B.RUS-USA").orElseThrow();
        assertThat(b.getOffset()).isCloseTo(0.4 * 100 * (1 - Math.exp(-25.0 / 80)), within(1e-9)).isCloseTo(10.74, within(0.01));
        assertThat(b.getRule()).isEqualTo("Cooperating with two rival partners at once is balancing");
    }

    @Test
    void partnersThatAreNotRivalsAreNoBalancing() {
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + moderate("IND", "JPN"));
        assertThat(conclusion(a, "B.JPN-USA")).isEmpty();
    }

    @Test
    void autonomyRiskCombinesStructuralAndAcutePressureLessBalancing() {
        // structural: the standing dispute with PAK (30 points, 39.35 through DISPUTE_SCALE 60), the convergence
        // PAK–RUS 26.84 and China's arms to Pakistan (12 points, 21.34 through ARMAMENT_SCALE 50):
        // 39.35 + SPILLOVER 0.05 × (26.84 + 21.34) = 41.76, 34.13 through STRUCTURAL_SCALE 100.
        // acute: the border clash (25 points, 22.12 through MILITARY_PRESSURE_SCALE 100), 35.75 through ACUTE_SCALE 50.
        // combined: 100 × (1 − 0.6587 × 0.6425) = 57.68, ELEVATED; no balancing
        var a = RuleScenario.assess(ANY_COVERAGE, "IND", "2023-09-30", CONVERGENCE + ARMS_AND_CLASH);
        assertThat(a.threats()).extracting(t -> t.getKind() + ":" + t.getComponent()).containsExactlyInAnyOrder(
                "STANDING_DISPUTE:STRUCTURAL", "PARTNER_ADVERSARY_CONVERGENCE:STRUCTURAL", "ADVERSARY_ARMAMENT:STRUCTURAL",
                "DIRECT_MILITARY_PRESSURE:ACUTE");
        Autonomy u = a.autonomy();
        assertThat(u.getStructuralPressure()).isCloseTo(41.76, within(0.01));
        assertThat(u.getStructural()).isCloseTo(34.13, within(0.01));
        assertThat(u.getAcutePressure()).isCloseTo(22.12, within(0.01));
        assertThat(u.getAcute()).isCloseTo(35.75, within(0.01));
        assertThat(u.getCombined()).isCloseTo(100 * (1 - (1 - u.getStructural() / 100) * (1 - u.getAcute() / 100)), within(1e-9))
                .isCloseTo(57.68, within(0.01));
        assertThat(u.getOffset()).isZero();
        assertThat(u.getScore()).isCloseTo(57.68, within(0.01));
        assertThat(u.getLevel()).isEqualTo(RiskLevel.ELEVATED);
        assertThat(u.getRule()).isEqualTo("Autonomy risk combines structural and acute pressure, less balancing");
    }

    @Test
    void balancingOffsetsPressure() {
        // as above, with USA a partner rival to RUS: balancing 10.74 (see above), 23.54 through BALANCE_SCALE 40,
        // takes off BALANCE_MAX_SHARE 0.4 × 23.54% of 57.68 = 5.43: 52.25
        var a = RuleScenario.assess(ANY_COVERAGE, "IND", "2023-09-30", CONVERGENCE + ARMS_AND_CLASH
                + moderate("IND", "USA") + "2022-02-24,,SANCTION,USA,RUS,A1\n");
        Autonomy u = a.autonomy();
        assertThat(u.getCombined()).isCloseTo(57.68, within(0.01));
        assertThat(u.getOffset()).isCloseTo(5.43, within(0.01));
        assertThat(u.getScore()).isCloseTo(u.getCombined() - u.getOffset(), within(1e-9)).isCloseTo(52.25, within(0.01));
        assertThat(u.getLevel()).isEqualTo(RiskLevel.ELEVATED);
    }

    @Test
    void noThreatIsLowRisk() {
        var a = RuleScenario.assess(ANY_COVERAGE, "IND", "2023-09-30", moderate("IND", "RUS"));
        assertThat(a.threats()).isEmpty();
        assertThat(a.autonomy().getStructural()).isZero();
        assertThat(a.autonomy().getAcute()).isZero();
        assertThat(a.autonomy().getScore()).isZero();
        assertThat(a.autonomy().getLevel()).isEqualTo(RiskLevel.LOW);
    }

    @Test
    void tooLittleDataAboutTheFocusGivesNoAutonomyScore() {
        // with the shipped coverage thresholds (15 indicators, 1 source, 6 months) four unsourced rows about
        // IND in two months are too little: threats are still drawn, the autonomy risk has no score
        var a = assess("IND", "2023-09-30", CONVERGENCE + ARMS_AND_CLASH);
        assertThat(a.coverage().getIndicators()).isEqualTo(4); // the dispute, the summit and exercise with RUS, the clash
        assertThat(a.coverage().getSources()).isZero();
        assertThat(a.coverage().getMonths()).isEqualTo(2);
        assertThat(a.coverage().isSufficient()).isFalse();
        assertThat(a.threats()).isNotEmpty();
        Autonomy u = a.autonomy();
        assertThat(u.getScore()).isNull();
        assertThat(u.getLevel()).isNull();
        assertThat(u.levelName()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(u.getRule()).isEqualTo("Too little data about the focus gives no autonomy score");
    }

    @Test
    void enoughIndicatorsSourcesAndMonthsAboutTheFocusMakeItsCoverageSufficient() {
        // visits IND–JPN at exactly the shipped thresholds (COVERAGE_MIN_INDICATORS, _SOURCES, _MONTHS of
        // parameters.drl.csv, read here so that calibrating them keeps the test about the rule): just enough
        var cfg = RuleScenario.RULESET.configuration();
        int n = (int) cfg.param("COVERAGE_MIN_INDICATORS");
        int sources = (int) cfg.param("COVERAGE_MIN_SOURCES");
        int months = (int) cfg.param("COVERAGE_MIN_MONTHS");
        assertThat(n).as("a threshold that keeps a few rows from having a score").isGreaterThan(1);
        assertThat(months).isGreaterThan(1);
        assertThat(sources).isPositive();
        var a = RuleScenario.assessWithSources("IND", "2023-09-30", visits(n, sources, months));
        assertThat(a.coverage().getIndicators()).isEqualTo(n);
        assertThat(a.coverage().getSources()).isEqualTo(sources);
        assertThat(a.coverage().getMonths()).isEqualTo(months);
        assertThat(a.coverage().isSufficient()).isTrue();
        assertThat(a.coverage().getRule()).isEqualTo("Enough indicators, sources and months about the focus make its coverage sufficient");
        assertThat(a.autonomy().getScore()).isZero();
        assertThat(a.autonomy().getLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(a.autonomy().getRule()).isEqualTo("Autonomy risk combines structural and acute pressure, less balancing");
        // one short on any of the three is too little
        for (String tooLittle : new String[] {visits(n - 1, sources, months), visits(n, sources - 1, months), visits(n, sources, months - 1)}) {
            var b = RuleScenario.assessWithSources("IND", "2023-09-30", tooLittle);
            assertThat(b.coverage().isSufficient()).as(b.coverage().toString()).isFalse();
            assertThat(b.coverage().getRule()).isNull();
            assertThat(b.autonomy().getScore()).isNull();
            assertThat(b.autonomy().levelName()).isEqualTo("INSUFFICIENT_DATA");
        }
    }

    @Test
    void nothingInTheFocusIsSpecificToIndia() {
        // the same convergence seen from Pakistan's side: IND is its adversary, RUS its partner
        var a = assess("PAK", "2023-09-30", "1947-10-22,,TERRITORIAL_DISPUTE,PAK,IND,A1\n" + moderate("PAK", "RUS") + moderate("RUS", "IND"));
        assertThat(RuleScenario.threat(a, "PARTNER_ADVERSARY_CONVERGENCE", "IND", "RUS")).isPresent();
        assertThat(a.autonomy().getFocus()).isEqualTo("PAK");
    }

    /**
     * {@code n} ministerial visits IND→JPN, A1, spread over the {@code months} months to 2023-09, from
     * {@code sources} publishers (none: unsourced rows).
     */
    private static String visits(int n, int sources, int months) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            java.time.LocalDate day = java.time.LocalDate.of(2023, 9, 15).minusMonths(i % months);
            String source = sources == 0 ? "" : "https://publisher" + i % sources + ".example/" + i;
            rows.append(day + ",,MINISTERIAL_VISIT,IND,JPN,A1," + source + "\n");
        }
        return rows.toString();
    }
}
