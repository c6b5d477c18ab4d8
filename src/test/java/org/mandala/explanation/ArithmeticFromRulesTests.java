package org.mandala.explanation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.mandala.model.Evidence;
import org.mandala.model.Threat;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import org.mandala.rules.Ruleset;

/**
 * The arithmetic line and which grounds set a score are the rule's to say ({@code @arithmetic},
 * {@code @scoredBy}, {@code @lowers}), so a kind a policy team adds explains its score like a
 * shipped one, and the shipped lines read the tables' numbers.
 */
class ArithmeticFromRulesTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final LocalDate AS_OF = LocalDate.of(2023, 9, 30);
    static final String RULE = """
            package mandala.rules;
            import org.mandala.model.*;
            import java.util.List;
            global Configuration cfg;

            rule "A partner of the focus that sanctions it coerces it"
                @description("A partner of the focus with a SANCTION in force against the focus; the score is that evidence times ACUTE_SPILLOVER.")
                @wording("{summary} {evidence}")
                @scoredBy("Evidence")
                @arithmetic("score = the sanction's evidence {sum} × ACUTE_SPILLOVER ({param:ACUTE_SPILLOVER}) = {raw}{clamped}")
                salience 50
            when
                Focus( $f : state )
                $p : Partner( $ps : state )
                $e : Evidence( type == "SANCTION", actor == $ps, target == $f, inForce )
            then
                insertLogical( new Threat( "PARTNER_COERCION", List.of( $ps, $f ), $e.getScore() * cfg.param( "ACUTE_SPILLOVER" ),
                        RiskLevel.LOW, cfg, $ps + " sanctions " + $f + "." ).drawnBy( drools.getRule().getName(), $p, $e ) );
            end
            """;

    static Ruleset compile(String drl) {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        files.put("partner-coercion.drl", drl.getBytes(StandardCharsets.UTF_8));
        return RulesetCompiler.compile(files);
    }

    static Assessment assess(Ruleset r) {
        return AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of(
                new Indicator("p", LocalDate.of(2020, 1, 1), null, "STRATEGIC_PARTNERSHIP", "IND", "USA", null, null, "A1", "x", null),
                new Indicator("s", LocalDate.of(2023, 9, 1), null, "SANCTION", "USA", "IND", null, null, "B2", "y", null))),
                1, "IND", AS_OF, CODES);
    }

    @Test
    void aNewRuleSaysItsArithmeticAndWhichGroundsSetItsScore() {
        Ruleset r = compile(RULE);
        Assessment a = assess(r);
        Threat t = a.threats().stream().filter(x -> x.getKind().equals("PARTNER_COERCION")).findFirst().orElseThrow();
        double evidence = t.getGrounds().stream().filter(Evidence.class::isInstance).mapToDouble(g -> ((Evidence) g).getScore()).sum();
        assertThat(Arithmetic.of(t, r)).isEqualTo(String.format(java.util.Locale.ROOT,
                "score = the sanction's evidence %.2f × ACUTE_SPILLOVER (0.50) = %.2f", evidence, t.getRaw()));
        assertThat(Arithmetic.scale(t, r)).as("the factor each indicator's contribution carries").isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        // the partner is a condition of the rule, not part of the score: only the sanction's evidence is beneath it
        assertThat(ScoreGrounds.evidence(t, r).keySet()).extracting(Evidence::getType).containsOnly("SANCTION");
    }

    @Test
    void anUnknownPlaceholderStopsTheRulesetNamingTheRule() {
        assertThatThrownBy(() -> compile(RULE.replace("{sum}", "{total}"))).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.message())
                        .contains("A partner of the focus that sanctions it coerces it", "@arithmetic", "total")));
    }
}
