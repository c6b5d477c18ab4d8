package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.mandala.indicator.ActorCodes;
import org.mandala.rules.RulesetCompiler;

/** The rule tests under rules/tests/ pass with the shipped rules, and together fire every DRL rule. */
class ShippedRuleTests {

    @Test
    void everyScenarioPassesAndEveryRuleFiresInOne() {
        SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(Path.of("rules"));
        RuleTests.Report report = RuleTests.run(RulesetCompiler.compile(files), files, ActorCodes.read(Path.of("facts/reference/actors.csv")));
        assertThat(report.scenarios()).filteredOn(s -> !s.passed()).as("failed scenarios").isEmpty();
        assertThat(report.scenarios()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(report.rulesNeverFired()).as("rules that fired in no scenario").isEmpty();
    }
}
