package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.moderate;
import static org.mandala.assessment.RuleScenario.weak;
import static org.mandala.assessment.RuleScenario.axes;
import static org.mandala.assessment.RuleScenario.conclusion;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Axis;

/** Rules of {@code rules/axes.drl} (methodology M6). */
class AxesRulesTests {



    private static final String CHINA_ADVERSARY = "1962-10-20,,TERRITORIAL_DISPUTE,IND,CHN,A1\n";

    private static Axis axis(Assessment a, String key) {
        return (Axis) conclusion(a, key).orElseThrow();
    }

    @Test
    void statesPairwiseAlignedAtLeastModeratelyFormACandidateAxis() {
        var a = assess("IND", "2023-09-30", moderate("IRN", "RUS") + moderate("PRK", "RUS") + moderate("IRN", "PRK"));
        var candidate = axis(a, "X.IRN-PRK-RUS");
        assertThat(candidate.getRule()).isEqualTo("States pairwise aligned at least moderately form a candidate axis");
        assertThat(candidate.getGrounds()).hasSize(3);
        // nothing makes it matter to India: not reported
        assertThat(candidate.isStanding()).isFalse();
        assertThat(a.axes()).isEmpty();
    }

    @Test
    void theLeastSizeAndAlignmentOfAnAxisAreSettingsOfTheTables() {
        String rows = CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS");
        var fourOrMore = RuleScenario.rulesWithRow("parameters.drl.csv", "AXIS_MIN_SIZE,AXIS_MIN_SIZE,3,", "AXIS_MIN_SIZE,AXIS_MIN_SIZE,4,");
        assertThat(conclusion(RuleScenario.assess(fourOrMore, "IND", "2023-09-30", rows), "X.CHN-PRK-RUS")).isEmpty();
        var strongOnly = RuleScenario.rulesWithRow("levels.drl.csv", "AXIS_ALIGNMENT,AXIS_ALIGNMENT,MODERATE,", "AXIS_ALIGNMENT,AXIS_ALIGNMENT,STRONG,");
        assertThat(conclusion(RuleScenario.assess(strongOnly, "IND", "2023-09-30", rows), "X.CHN-PRK-RUS")).isEmpty();
        var weakEnough = RuleScenario.rulesWithRow("levels.drl.csv", "AXIS_ALIGNMENT,AXIS_ALIGNMENT,MODERATE,", "AXIS_ALIGNMENT,AXIS_ALIGNMENT,WEAK,");
        assertThat(axes(RuleScenario.assess(weakEnough, "IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS")
                + moderate("CHN", "PRK") + weak("PRK", "RUS")))).containsExactly(List.of("CHN", "PRK", "RUS"));
    }

    @Test
    void aWeakLinkMakesNoCandidateAxis() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + weak("PRK", "RUS"));
        assertThat(conclusion(a, "X.CHN-PRK-RUS")).isEmpty();
    }

    @Test
    void anAxisWithAnAdversaryOfTheFocusAmongItsMembersStands() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS"));
        assertThat(axes(a)).containsExactly(List.of("CHN", "PRK", "RUS"));
        assertThat(axis(a, "X.CHN-PRK-RUS").getAmendments()).singleElement()
                .satisfies(m -> assertThat(m.rule()).isEqualTo("An axis with an adversary of the focus among its members stands"));
    }

    @Test
    void anAxisWithAMemberThatAPartnerOfTheFocusSanctionsStands() {
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + "2022-02-24,,SANCTION,USA,RUS,A1\n"
                + moderate("IRN", "RUS") + moderate("PRK", "RUS") + moderate("IRN", "PRK"));
        assertThat(axes(a)).containsExactly(List.of("IRN", "PRK", "RUS"));
        assertThat(axis(a, "X.IRN-PRK-RUS").getAmendments()).singleElement()
                .satisfies(m -> assertThat(m.rule()).isEqualTo("An axis with a member that a partner of the focus sanctions stands"));
    }

    @Test
    void aSanctionByAStateThatIsNoPartnerMakesNoAxisStand() {
        var a = assess("IND", "2023-09-30", "2022-02-24,,SANCTION,GBR,RUS,A1\n"
                + moderate("IRN", "RUS") + moderate("PRK", "RUS") + moderate("IRN", "PRK"));
        assertThat(axes(a)).isEmpty();
    }

    @Test
    void fourMutuallyAlignedStatesFormOneAxis() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS")
                + moderate("CHN", "IRN") + moderate("IRN", "RUS") + moderate("IRN", "PRK"));
        assertThat(axes(a)).containsExactly(List.of("CHN", "IRN", "PRK", "RUS"));
        assertThat(conclusion(a, "X.CHN-PRK-RUS")).as("no smaller axis inside it").isEmpty();
    }

    @Test
    void groupsWhoseOutsidersAreNotAlignedStayApart() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS")
                + moderate("CHN", "IRN") + moderate("IRN", "RUS") + weak("IRN", "PRK"));
        assertThat(axes(a)).containsExactlyInAnyOrder(List.of("CHN", "IRN", "RUS"), List.of("CHN", "PRK", "RUS"));
    }

    @Test
    void theFocusIsNeverAMemberOfAnAxis() {
        // IND, CHN and RUS are pairwise MODERATE (IND-CHN by a partnership) and CHN is an adversary
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2010-01-01,,STRATEGIC_PARTNERSHIP,IND,CHN,A1\n"
                + moderate("IND", "RUS") + moderate("CHN", "RUS"));
        assertThat(RuleScenario.alignment(a, "CHN", "IND").orElseThrow().getLevel()).isEqualTo(AlignmentLevel.MODERATE);
        assertThat(axes(a)).isEmpty();
    }

    @Test
    void manyMutuallyAlignedStatesMakeOneAxisNotEveryGroupOfThem() {
        List<String> states = List.of("CHN", "RUS", "PRK", "IRN", "BLR", "SYR", "VEN", "CUB", "MMR", "ERI", "NIC", "MLI");
        StringBuilder rows = new StringBuilder(CHINA_ADVERSARY);
        for (int i = 0; i < states.size(); i++) {
            for (int j = i + 1; j < states.size(); j++) {
                rows.append(moderate(states.get(i), states.get(j)));
            }
        }
        var a = assess("IND", "2023-09-30", rows.toString());
        assertThat(a.axes()).singleElement().satisfies(ax -> assertThat(ax.getSize()).isEqualTo(12));
    }
}
