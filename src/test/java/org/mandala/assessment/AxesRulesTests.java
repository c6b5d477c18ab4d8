package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mandala.assessment.RuleScenario.assess;
import static org.mandala.assessment.RuleScenario.axes;
import static org.mandala.assessment.RuleScenario.conclusion;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Rules of {@code rules/axes.drl} (methodology M6). */
class AxesRulesTests {

    /** A summit and an exercise on the assessment date: 25 points, MODERATE. */
    private static String moderate(String x, String y) {
        return "2023-09-30,,SUMMIT_MEETING," + x + "," + y + ",A1\n2023-09-30,,MILITARY_EXERCISE," + x + "," + y + ",A1\n";
    }

    private static String weak(String x, String y) {
        return "2023-09-30,,SUMMIT_MEETING," + x + "," + y + ",A1\n";
    }

    private static final String CHINA_ADVERSARY = "1962-10-20,,TERRITORIAL_DISPUTE,IND,CHN,A1\n";

    @Test
    void threeMutuallyAlignedStatesIncludingAnAdversaryOfTheFocusFormAnAxis() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS"));
        assertThat(axes(a)).containsExactly(List.of("CHN", "PRK", "RUS"));
        assertThat(conclusion(a, "X.CHN-PRK-RUS").orElseThrow().getRule())
                .isEqualTo("Three mutually aligned states including an adversary of the focus form an axis");
    }

    @Test
    void aWeakLinkBreaksTheAxis() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + weak("PRK", "RUS"));
        assertThat(axes(a)).isEmpty();
    }

    @Test
    void threeMutuallyAlignedStatesIncludingOneAPartnerOfTheFocusSanctionsFormAnAxis() {
        var a = assess("IND", "2023-09-30", moderate("IND", "USA") + "2022-02-24,,SANCTION,USA,RUS,A1\n"
                + moderate("IRN", "RUS") + moderate("PRK", "RUS") + moderate("IRN", "PRK"));
        assertThat(axes(a)).containsExactly(List.of("IRN", "PRK", "RUS"));
        assertThat(conclusion(a, "X.IRN-PRK-RUS").orElseThrow().getRule())
                .isEqualTo("Three mutually aligned states including one a partner of the focus sanctions form an axis");
    }

    @Test
    void aSanctionByAStateThatIsNoPartnerMakesNoAxis() {
        var a = assess("IND", "2023-09-30", "2022-02-24,,SANCTION,GBR,RUS,A1\n"
                + moderate("IRN", "RUS") + moderate("PRK", "RUS") + moderate("IRN", "PRK"));
        assertThat(axes(a)).isEmpty();
    }

    @Test
    void twoAxesThatDifferByOneMemberEachMergeWhenThoseMembersAreAligned() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS")
                + moderate("CHN", "IRN") + moderate("IRN", "RUS") + moderate("IRN", "PRK"));
        assertThat(axes(a)).containsExactly(List.of("CHN", "IRN", "PRK", "RUS"));
        assertThat(conclusion(a, "X.CHN-IRN-PRK-RUS").orElseThrow().getRule())
                .isEqualTo("Two axes that differ by one member each merge when those members are aligned");
    }

    @Test
    void axesWhoseOutsidersAreNotAlignedStayApart() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS")
                + moderate("CHN", "IRN") + moderate("IRN", "RUS") + weak("IRN", "PRK"));
        assertThat(axes(a)).containsExactlyInAnyOrder(List.of("CHN", "IRN", "RUS"), List.of("CHN", "PRK", "RUS"));
    }

    @Test
    void anAxisInsideALargerAxisIsReportedAsPartOfIt() {
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + moderate("CHN", "RUS") + moderate("CHN", "PRK") + moderate("PRK", "RUS")
                + moderate("CHN", "IRN") + moderate("IRN", "RUS") + moderate("IRN", "PRK"));
        // the triangles of the merged axis are marked part of it and not reported
        var triangle = (org.mandala.model.Axis) conclusion(a, "X.CHN-PRK-RUS").orElseThrow();
        assertThat(triangle.isPartOfLarger()).isTrue();
        assertThat(triangle.getAmendments()).singleElement()
                .satisfies(m -> assertThat(m.rule()).isEqualTo("An axis inside a larger axis is reported as part of it"));
        assertThat(a.axes()).hasSize(1);
        assertThat(RuleScenario.threat(a, "HOSTILE_AXIS", "CHN", "PRK", "RUS")).isEmpty();
        assertThat(RuleScenario.threat(a, "HOSTILE_AXIS", "CHN", "IRN", "PRK", "RUS")).isPresent();
    }

    @Test
    void theFocusIsNeverAMemberOfAnAxis() {
        // IND, CHN and RUS are pairwise MODERATE (IND-CHN by a partnership) and CHN is an adversary
        var a = assess("IND", "2023-09-30", CHINA_ADVERSARY + "2010-01-01,,STRATEGIC_PARTNERSHIP,IND,CHN,A1\n"
                + moderate("IND", "RUS") + moderate("CHN", "RUS"));
        assertThat(RuleScenario.alignment(a, "CHN", "IND").orElseThrow().getLevel()).isEqualTo(org.mandala.model.AlignmentLevel.MODERATE);
        assertThat(axes(a)).isEmpty();
    }
}
