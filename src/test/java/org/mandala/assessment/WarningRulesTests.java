package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.RiskLevel;
import org.mandala.model.Since;
import org.mandala.model.Warning;
import org.mandala.rules.Ruleset;
import org.mandala.rules.SessionBounds;

/**
 * Rules of {@code rules/warnings.drl}: the tripwires. Each case assesses a small world before and
 * after new indicators arrive and runs the tripwires as alerts do.
 */
class WarningRulesTests {
    static final String DISPUTE_PAK = "1947-10-22,,TERRITORIAL_DISPUTE,IND,PAK,A1\n";
    static final String DISPUTE_CHN = "1962-10-20,,TERRITORIAL_DISPUTE,IND,CHN,A1\n";
    /** Russia a partner of India. */
    static final String PARTNER_RUS = RuleScenario.moderate("IND", "RUS");

    /** The warnings when {@code added} arrives after {@code before}, at {@code asOf}. */
    static List<Warning> warnings(Ruleset ruleset, String asOf, String before, String added) {
        LocalDate date = LocalDate.parse(asOf);
        List<Indicator> old = RuleScenario.indicators(before);
        List<Indicator> all = new ArrayList<>(old);
        all.addAll(RuleScenario.indicators(added));
        IndicatorSnapshot now = IndicatorSnapshot.of(all);
        Assessment was = AssessmentEngine.assess(ruleset, IndicatorSnapshot.of(old), 1, "IND", date, RuleScenario.CODES);
        Assessment is = AssessmentEngine.assess(ruleset, now, 1, "IND", date, RuleScenario.CODES);
        Assessment monthEnd = AssessmentEngine.assess(ruleset, now, 1, "IND", Warnings.previousMonthEnd(date), RuleScenario.CODES);
        return Warnings.evaluate(is, Warnings.earlier(was, "since data version 1", monthEnd), SessionBounds.DEFAULTS, null);
    }

    static Optional<Warning> warning(List<Warning> warnings, String key) {
        return warnings.stream().filter(w -> w.key().toString().equals(key)).findFirst();
    }

    @Test
    void theAutonomyRiskRisingALevelSinceTheLastChangeIsAWarning() {
        List<Warning> ws = warnings(RuleScenario.ANY_COVERAGE, "2023-09-30", DISPUTE_CHN + RuleScenario.moderate("IND", "USA"),
                "2023-09-15,,ARMED_CONFLICT,CHN,IND,A1\n2023-09-16,,BORDER_CLASH,CHN,IND,A1\n");
        Warning w = warning(ws, "W.AUTONOMY_LEVEL_RISE.IND").orElseThrow();
        assertThat(w.getRule()).isEqualTo("The autonomy risk rising a level since the last change is a warning");
        assertThat(w.getSeverity()).isGreaterThanOrEqualTo(RiskLevel.ELEVATED);
        assertThat(w.getNow()).startsWith(w.getSeverity().name());
        assertThat(w.getSince()).isEqualTo("since data version 1");
        assertThat(w.getGrounds()).as("it rests on the autonomy risk, which leads down to the indicators")
                .anySatisfy(g -> assertThat(g).isInstanceOf(org.mandala.model.Autonomy.class));
    }

    @Test
    void theAutonomyRiskRisingSharplySinceTheMonthEndIsAWarning() {
        List<Warning> ws = warnings(RuleScenario.ANY_COVERAGE, "2023-09-30", DISPUTE_CHN + RuleScenario.moderate("IND", "USA"),
                "2023-09-15,,ARMED_CONFLICT,CHN,IND,A1\n");
        Warning w = warning(ws, "W.AUTONOMY_SURGE.IND").orElseThrow();
        assertThat(w.getRule()).isEqualTo("The autonomy risk rising sharply since the month-end is a warning");
        assertThat(w.getBasis()).isEqualTo(Since.MONTH_END);
        assertThat(w.getSince()).isEqualTo("since the month-end of 2023-08-31");
        // the same world a month later: the conflict was there at the month-end, no spike since
        assertThat(warning(warnings(RuleScenario.ANY_COVERAGE, "2023-10-05", DISPUTE_CHN + RuleScenario.moderate("IND", "USA"),
                "2023-09-15,,ARMED_CONFLICT,CHN,IND,A1\n"), "W.AUTONOMY_SURGE.IND")).isEmpty();
    }

    @Test
    void aNewGraveThreatIsAWarning() {
        List<Warning> ws = warnings(RuleScenario.RULESET, "2023-09-30", DISPUTE_PAK + PARTNER_RUS, "2023-09-20,,ALLIANCE_TREATY,PAK,RUS,A1\n");
        Warning w = warning(ws, "W.NEW_THREAT.PAK-RUS").orElseThrow();
        assertThat(w.getRule()).isEqualTo("A new grave threat is a warning");
        assertThat(w.getWas()).isEqualTo("nothing");
        assertThat(w.getSeverity()).as("the threat's level").isEqualTo(RiskLevel.HIGH);
        assertThat(w.getLabel()).isEqualTo("New grave threat");
        assertThat(w.getSummary()).as("the threat's own words, which say who presses whom").contains("RUS, a partner of IND, is aligned ALLIANCE with PAK");
        // below the level, nothing: a new armament threat from a small transfer is LOW
        assertThat(warnings(RuleScenario.RULESET, "2023-09-30", DISPUTE_PAK, "2023-09-20,,ARMS_TRANSFER,CHN,PAK,C3\n"))
                .noneMatch(x -> x.getTripwire().equals("NEW_THREAT"));
    }

    @Test
    void aThreatRisingALevelIsAWarning() {
        String moderate = DISPUTE_PAK + PARTNER_RUS + RuleScenario.moderate("PAK", "RUS");
        List<Warning> ws = warnings(RuleScenario.RULESET, "2023-09-30", moderate, "2023-09-20,,ALLIANCE_TREATY,PAK,RUS,A1\n");
        Warning w = warning(ws, "W.THREAT_RISE.PAK-RUS").orElseThrow();
        assertThat(w.getRule()).isEqualTo("A threat rising a level is a warning");
        assertThat(w.getWas()).startsWith("ELEVATED");
        assertThat(w.getNow()).startsWith("HIGH");
        assertThat(warning(ws, "W.NEW_THREAT.PAK-RUS")).as("it was there before").isEmpty();
    }

    @Test
    void aNewAxisThatIncludesAnAdversaryOfTheFocusIsAWarning() {
        String two = DISPUTE_CHN + RuleScenario.moderate("CHN", "RUS") + RuleScenario.moderate("CHN", "PRK");
        List<Warning> ws = warnings(RuleScenario.RULESET, "2023-09-30", two, RuleScenario.moderate("PRK", "RUS"));
        Warning w = warning(ws, "W.NEW_ADVERSARY_AXIS.CHN-PRK-RUS").orElseThrow();
        assertThat(w.getRule()).isEqualTo("A new axis that includes an adversary of the focus is a warning");
        assertThat(w.getSummary()).contains("CHN, an adversary");
        // the same triangle without an adversary in it is no warning
        assertThat(warnings(RuleScenario.RULESET, "2023-09-30", RuleScenario.moderate("CHN", "RUS") + RuleScenario.moderate("CHN", "PRK"),
                RuleScenario.moderate("PRK", "RUS"))).noneMatch(x -> x.getTripwire().equals("NEW_ADVERSARY_AXIS"));
    }

    @Test
    void aPartnerBecomingAlignedWithAnAdversaryIsAWarning() {
        List<Warning> ws = warnings(RuleScenario.RULESET, "2023-09-30", DISPUTE_PAK + PARTNER_RUS, RuleScenario.moderate("PAK", "RUS"));
        Warning w = warning(ws, "W.PARTNER_ADVERSARY_ALIGNMENT.PAK-RUS").orElseThrow();
        assertThat(w.getRule()).isEqualTo("A partner becoming aligned with an adversary is a warning");
        assertThat(w.getWas()).isEqualTo("nothing");
        assertThat(w.getNow()).startsWith("MODERATE");
        assertThat(w.getSeverity()).as("the tripwire's least severity").isEqualTo(RiskLevel.ELEVATED);
    }

    @Test
    void anyNewCoercionIsAWarning() {
        List<Warning> ws = warnings(RuleScenario.RULESET, "2023-09-30", "", "2023-09-01,,SANCTION_THREAT,CHN,IND,A1\n");
        Warning w = warning(ws, "W.NEW_COERCION.CHN-IND").orElseThrow();
        assertThat(w.getRule()).isEqualTo("Any new coercion is a warning");
        assertThat(w.getSeverity()).as("the tripwire's least severity, above the threat's LOW").isEqualTo(RiskLevel.ELEVATED);
        // the same coercion arriving again is nothing new
        assertThat(warnings(RuleScenario.RULESET, "2023-09-30", "2023-09-01,,SANCTION_THREAT,CHN,IND,A1\n",
                "2023-09-02,,SANCTION_THREAT,CHN,IND,A1\n")).noneMatch(x -> x.getTripwire().equals("NEW_COERCION"));
    }
}
