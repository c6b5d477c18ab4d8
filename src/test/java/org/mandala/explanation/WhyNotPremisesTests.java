package org.mandala.explanation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;

/**
 * Why-not lists the premises a rule writes beside it as DRL queries, for a kind that exists nowhere
 * in Java ({@code PARTNER_COERCION}) as for the shipped ones: each premise held or failed, with its
 * actual and required values and the least extra evidence.
 */
class WhyNotPremisesTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final LocalDate AS_OF = LocalDate.of(2023, 9, 30);
    static final String COERCES = "A partner of the focus that sanctions it coerces it";
    static final String ROW = "Kind PARTNER_COERCION,PARTNER_COERCION,Coercion by a partner,A partner of the focus sanctions it,ELEVATED,ACUTE,test\n";
    static final String RULE = """
            package mandala.rules;
            import org.mandala.model.*;
            import java.util.List;
            global Configuration cfg;

            rule "A partner of the focus that sanctions it coerces it"
                @description("A partner of the focus with a SANCTION in force against the focus, weighing at least MIN_WEIGHT; the score is that evidence.")
                @wording("{summary} {evidence}")
                @draws("PARTNER_COERCION")
                salience 50
            when
                Focus( $f : state )
                $p : Partner( $ps : state )
                $e : Evidence( type == "SANCTION", actor == $ps, target == $f, inForce, score >= cfg.param( "MIN_WEIGHT" ) )
            then
                insertLogical( new Threat( "PARTNER_COERCION", List.of( $ps, $f ), $e.getScore(), RiskLevel.LOW, cfg,
                        $ps + " sanctions " + $f + "." ).drawnBy( drools.getRule().getName(), $p, $e ) );
            end

            query "{coercer} is a partner of {focus} that could coerce it" ( String $coercer )
                @premiseOf("A partner of the focus that sanctions it coerces it")
                Partner( state == $coercer )
            end

            query "a SANCTION in force by {coercer} against {focus} weighs at least MIN_WEIGHT" ( String $coercer )
                @premiseOf("A partner of the focus that sanctions it coerces it")
                @actual("score") @atLeastParameter("MIN_WEIGHT") @evidenceType("SANCTION")
                Focus( $f : state )
                $fact : Evidence( type == "SANCTION", actor == $coercer, target == $f, inForce )
            end
            """;

    final AssessmentService assessments = mock(AssessmentService.class);
    final WhyNotService whyNot = new WhyNotService(assessments);

    static Ruleset ruleset(boolean withCoercion) {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(Path.of("rules")));
        if (withCoercion) {
            files.put("kinds.drl.csv", (new String(files.get("kinds.drl.csv"), StandardCharsets.UTF_8) + ROW).getBytes(StandardCharsets.UTF_8));
            files.put("partner-coercion.drl", RULE.getBytes(StandardCharsets.UTF_8));
        }
        return RulesetCompiler.compile(files);
    }

    static Indicator row(String id, String date, String type, String actor, String target, String grade) {
        return new Indicator(id, LocalDate.parse(date), null, type, actor, target, null, null, grade, "https://example.org/" + id, null);
    }

    void given(Ruleset r, Indicator... rows) {
        Assessment a = AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of(rows)), 1, "IND", AS_OF, CODES);
        AssessmentKey key = new AssessmentKey("IND", AS_OF, 1, r.version());
        org.mockito.BDDMockito.given(assessments.currentKey(any(), any())).willReturn(key);
        org.mockito.BDDMockito.given(assessments.assess(key)).willReturn(a);
        org.mockito.BDDMockito.given(assessments.state(anyString(), anyString())).willAnswer(i -> i.getArgument(1));
        org.mockito.BDDMockito.given(assessments.bounds()).willReturn(org.mandala.rules.SessionBounds.DEFAULTS);
    }

    @Test
    void aKindAddedByAPolicyTeamListsItsPremisesHeldAndFailedWithNumbers() {
        given(ruleset(true),
                row("usa", "2020-01-01", "STRATEGIC_PARTNERSHIP", "IND", "USA", "A1"),
                row("fra", "2020-01-01", "STRATEGIC_PARTNERSHIP", "IND", "FRA", "A1"),
                row("sanction", "2023-09-01", "SANCTION", "USA", "IND", "B2"));

        WhyNot held = whyNot.kind("IND", AS_OF, "PARTNER_COERCION", List.of("USA"), null);
        assertThat(held.drawn()).isTrue();
        assertThat(held.explanationId()).endsWith("T.PARTNER_COERCION.IND-USA");
        WhyNot.RuleCheck rule = held.rules().get(0);
        assertThat(rule.name()).isEqualTo(COERCES);
        assertThat(rule.file()).isEqualTo("rules/partner-coercion.drl");
        assertThat(rule.fires()).isTrue();
        assertThat(rule.conditions()).extracting(WhyNot.Condition::held).containsExactly(true, true);
        assertThat(rule.conditions().get(0).text()).isEqualTo("USA is a partner of IND that could coerce it");
        assertThat(rule.conditions().get(1).actual()).isGreaterThan(1.0);
        assertThat(rule.conditions().get(1).required()).isEqualTo(1.0);
        assertThat(rule.leastChange()).isNull();

        // France is a partner that imposes no sanction: the first premise holds, the second fails at 0 of 1
        WhyNot failed = whyNot.kind("IND", AS_OF, "PARTNER_COERCION", List.of("IND", "FRA"), null);
        assertThat(failed.drawn()).isFalse();
        WhyNot.RuleCheck check = failed.rules().get(0);
        assertThat(check.fires()).isFalse();
        assertThat(check.conditions()).extracting(WhyNot.Condition::held).containsExactly(true, false);
        WhyNot.Condition sanction = check.conditions().get(1);
        assertThat(sanction.text()).isEqualTo("a SANCTION in force by FRA against IND weighs at least MIN_WEIGHT: 0.0 < 1.0");
        assertThat(sanction.actual()).isEqualTo(0.0);
        assertThat(sanction.required()).isEqualTo(1.0);
        assertThat(check.leastChange()).isEqualTo("1.0 more points: e.g. 1 × SANCTION graded A1 dated 2023-09-30 (15.0 points each)");
    }

    @Test
    void aShippedKindIsAnsweredFromTheQueriesBesideItsRule() {
        given(ruleset(false),
                row("kashmir", "2019-08-05", "TERRITORIAL_DISPUTE", "IND", "PAK", "A1"),
                row("frigate", "2023-06-01", "ARMS_TRANSFER", "CHN", "PAK", "A1"));

        WhyNot drawn = whyNot.kind("IND", AS_OF, "ADVERSARY_ARMAMENT", List.of("PAK", "CHN"), null);
        assertThat(drawn.drawn()).isTrue();
        WhyNot.RuleCheck arms = drawn.rules().get(0);
        assertThat(arms.name()).isEqualTo("Arms supplied to an adversary of the focus arm it");
        assertThat(arms.conditions()).extracting(WhyNot.Condition::text).containsExactly("PAK is an adversary of IND",
                "CHN is not IND", "ARMS_TRANSFER evidence CHN→PAK weighs at least MIN_WEIGHT: "
                        + String.format(java.util.Locale.ROOT, "%.1f", arms.conditions().get(2).actual()) + " ≥ 1.0");
        assertThat(arms.conditions()).allMatch(WhyNot.Condition::held);

        // Russia supplies nothing: the roles are tried both ways and the closer one is reported
        WhyNot none = whyNot.kind("IND", AS_OF, "ADVERSARY_ARMAMENT", List.of("RUS", "PAK"), null);
        assertThat(none.drawn()).isFalse();
        WhyNot.RuleCheck check = none.rules().get(0);
        assertThat(check.conditions()).extracting(WhyNot.Condition::held).containsExactly(true, true, false);
        assertThat(check.conditions().get(2).actual()).isEqualTo(0.0);
        assertThat(check.conditions().get(2).required()).isEqualTo(1.0);
        assertThat(check.leastChange()).startsWith("1.0 more points: e.g. 1 × ARMS_TRANSFER graded A1");
    }

    @Test
    void aPairListsTheRulesThatRaiseItsLevelWithTheirPremises() {
        given(ruleset(false),
                row("treaty", "2020-01-01", "ALLIANCE_TREATY", "CHN", "PRK", "A1"),
                row("summit", "2023-09-13", "SUMMIT_MEETING", "PRK", "RUS", "A1"));

        WhyNot raised = whyNot.pair("IND", AS_OF, List.of("PRK", "CHN"), "STRONG");
        assertThat(raised.drawn()).isTrue();
        assertThat(raised.rules()).extracting(WhyNot.RuleCheck::name).containsExactly(
                "Alignment of two states is their cooperative minus their hostile evidence", "An alliance treaty in force makes an alliance");
        WhyNot.RuleCheck alliance = raised.rules().get(1);
        assertThat(alliance.fires()).isTrue();
        assertThat(alliance.conditions()).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("an ALLIANCE_TREATY between CHN and PRK in force");
            assertThat(c.held()).isTrue();
        });

        // MODERATE is within a partnership's reach too, so both treaty rules are listed, neither in force
        WhyNot not = whyNot.pair("IND", AS_OF, List.of("PRK", "RUS"), "MODERATE");
        assertThat(not.rules()).extracting(WhyNot.RuleCheck::name).contains("An alliance treaty in force makes an alliance",
                "A strategic partnership in force makes at least a moderate alignment");
        assertThat(not.rules().stream().filter(r -> r.name().startsWith("A strategic")).findFirst().orElseThrow().leastChange())
                .isEqualTo("one STRATEGIC_PARTNERSHIP between PRK and RUS in force on 2023-09-30");
    }

    @Test
    void actorsThatDoNotFitTheRolesAreRefusedNamingThem() {
        given(ruleset(false), row("kashmir", "2019-08-05", "TERRITORIAL_DISPUTE", "IND", "PAK", "A1"));
        assertThatThrownBy(() -> whyNot.kind("IND", AS_OF, "ADVERSARY_ARMAMENT", List.of("PAK"), null))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("supplier");
    }
}
