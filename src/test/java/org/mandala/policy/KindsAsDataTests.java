package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.RiskLevel;
import org.mandala.model.Threat;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;

/**
 * A kind of threat is data of the ruleset: a policy team adds a row to {@code kinds.drl.csv} and a
 * rule that draws it, and the threat carries the row's label and floor, and rule tests can expect
 * it, with no change to Java. {@code PARTNER_COERCION} exists nowhere in the Java code.
 */
class KindsAsDataTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final String ROW = "Kind PARTNER_COERCION,PARTNER_COERCION,Coercion by a partner,A partner of the focus sanctions it,ELEVATED,ACUTE,test\n";
    static final String RULE = """
            package mandala.rules;
            import org.mandala.model.*;
            import java.util.List;
            global Configuration cfg;

            rule "A partner of the focus that sanctions it coerces it"
                @description("A partner of the focus with a SANCTION in force against the focus; the score is that evidence.")
                @wording("{summary} {evidence}")
                salience 50
            when
                Focus( $f : state )
                $p : Partner( $ps : state )
                $e : Evidence( type == "SANCTION", actor == $ps, target == $f, inForce )
            then
                insertLogical( new Threat( "PARTNER_COERCION", List.of( $ps, $f ), $e.getScore(), RiskLevel.LOW, cfg,
                        $ps + " sanctions " + $f + "." ).drawnBy( drools.getRule().getName(), $p, $e ) );
            end
            """;
    static final String SCENARIO = """
            scenarios:
              - name: A partner that sanctions the focus coerces it
                focus: IND
                asOf: 2023-09-30
                indicators: |
                  date,type,actor,target,grade,source
                  2020-01-01,STRATEGIC_PARTNERSHIP,IND,USA,A1,https://example.org/a
                  2023-09-01,SANCTION,USA,IND,B2,https://example.org/b
                expect:
                  - threat: PARTNER_COERCION IND,USA
                    minLevel: ELEVATED
            """;

    static SortedMap<String, byte[]> files() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        files.put("kinds.drl.csv", (new String(files.get("kinds.drl.csv"), StandardCharsets.UTF_8) + ROW).getBytes(StandardCharsets.UTF_8));
        files.put("partner-coercion.drl", RULE.getBytes(StandardCharsets.UTF_8));
        files.put("tests/partner-coercion.yaml", SCENARIO.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    @Test
    void aNewKindCarriesTheLabelAndFloorOfItsRow() {
        Ruleset r = RulesetCompiler.compile(files());
        assertThat(r.configuration().kind("PARTNER_COERCION").label()).isEqualTo("Coercion by a partner");
        LocalDate asOf = LocalDate.of(2023, 9, 30);
        Assessment a = AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of(
                new Indicator("p", LocalDate.of(2020, 1, 1), null, "STRATEGIC_PARTNERSHIP", "IND", "USA", null, null, "A1", "x", null),
                new Indicator("s", LocalDate.of(2023, 9, 1), null, "SANCTION", "USA", "IND", null, null, "B2", "y", null))),
                1, "IND", asOf, CODES);
        Threat t = a.threats().stream().filter(x -> x.getKind().equals("PARTNER_COERCION")).findFirst().orElseThrow();
        assertThat(t.getLabel()).isEqualTo("Coercion by a partner");
        assertThat(t.getLevel()).as("the row's floor, though the score is small").isEqualTo(RiskLevel.ELEVATED);
        assertThat(t.describe()).startsWith("Coercion by a partner IND–USA ELEVATED");
    }

    @Test
    void ruleTestsExpectANewKind() {
        SortedMap<String, byte[]> files = files();
        RuleTests.Report report = RuleTests.run(RulesetCompiler.compile(files), files, CODES);
        assertThat(report.scenarios()).filteredOn(s -> s.file().equals("tests/partner-coercion.yaml")).singleElement()
                .satisfies(s -> assertThat(s.passed()).as(String.join("; ", s.differences())).isTrue());
        assertThat(report.rulesNeverFired()).doesNotContain("A partner of the focus that sanctions it coerces it");
    }

    @Test
    void aScenarioFailsWhenAPremiseOfARuleDoesNotHoldForWhatTheRuleDrew() {
        // a premise that drifted from the rule's conditions: the rule never asks for an adversary
        SortedMap<String, byte[]> files = files();
        files.put("partner-coercion.drl", (RULE + """

                query "{coercer} is an adversary of the focus and coerces it" ( String $coercer )
                    @premiseOf("A partner of the focus that sanctions it coerces it")
                    Adversary( state == $coercer )
                end
                """).getBytes(StandardCharsets.UTF_8));
        RuleTests.Report report = RuleTests.run(RulesetCompiler.compile(files), files, CODES);
        assertThat(report.scenarios()).filteredOn(s -> s.file().equals("tests/partner-coercion.yaml")).singleElement()
                .satisfies(s -> assertThat(s.differences()).singleElement().asString().startsWith(
                        "premise \"{coercer} is an adversary of the focus and coerces it\" of rule \"A partner of the focus that sanctions it coerces it\""
                                + " does not hold though the rule drew Coercion by a partner IND–USA"));
    }

    @Test
    void theShippedKindsHaveLabels() {
        Ruleset r = RulesetCompiler.compile(RulesetCompiler.readDirectory(Path.of("rules")));
        assertThat(r.configuration().kinds()).containsOnlyKeys("PARTNER_ADVERSARY_CONVERGENCE", "ADVERSARY_ARMAMENT", "HOSTILE_AXIS", "COERCION",
                "DIRECT_MILITARY_PRESSURE", "STANDING_DISPUTE", "DIPLOMATIC_PRESSURE", "SUPPLIER_DEPENDENCE");
        r.configuration().kinds().values().forEach(k -> assertThat(k.label()).isNotEqualTo(k.kind()).isNotBlank());
    }
}
