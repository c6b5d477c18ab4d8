package org.mandala.cli;

import java.nio.file.Path;
import java.util.SortedMap;

import org.mandala.indicator.ActorCodes;
import org.mandala.policy.RuleTests;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;

/**
 * {@code java -jar target/mandala.jar test-rules [RULES_DIR] [--facts FACTS_DIR]}: compiles the
 * rules (sandbox included), runs their scenarios under {@code tests/}, prints each as passed or
 * failed with its differences, and the rules that fired in no scenario. Exits 1 when the rules do
 * not compile, a scenario fails or a DRL rule fires in no scenario: what would refuse their activation.
 */
public final class TestRulesCommand {
    private TestRulesCommand() {
    }

    public static int run(String[] args) {
        Path rules = Path.of("rules");
        Path facts = Path.of("facts");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--facts") && i + 1 < args.length) {
                facts = Path.of(args[++i]);
            } else if (!args[i].startsWith("--")) {
                rules = Path.of(args[i]);
            } else {
                System.err.println("usage: java -jar mandala.jar test-rules [RULES_DIR] [--facts FACTS_DIR]");
                return 2;
            }
        }
        try {
            SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(rules);
            org.mandala.rules.Ruleset ruleset = RulesetCompiler.compile(files);
            RuleTests.Report report = RuleTests.run(ruleset, files,
                    ActorCodes.read(facts.resolve("reference/actors.csv")));
            for (RuleTests.ScenarioResult s : report.scenarios()) {
                System.out.println((s.passed() ? "PASS " : "FAIL ") + s.file() + ": " + s.name());
                s.differences().forEach(d -> System.out.println("     " + d));
            }
            System.out.printf("%d passed, %d failed%n", report.passed(), report.failed());
            if (report.rulesNeverFired().isEmpty()) {
                System.out.println("coverage: every rule fired in at least one scenario");
            } else {
                System.out.println("coverage: rules that fired in no scenario:");
                report.rulesNeverFired().forEach(r -> System.out.println("     " + r));
            }
            return RuleTests.problems(report, ruleset).isEmpty() ? 0 : 1;
        } catch (RulesetException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
