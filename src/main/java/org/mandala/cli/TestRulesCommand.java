package org.mandala.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.concurrent.Callable;

import org.mandala.indicator.ActorCodes;
import org.mandala.policy.RuleTests;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar target/mandala.jar test-rules [RULES_DIR] [--facts FACTS_DIR]}: compiles the
 * rules (sandbox included), runs their scenarios under {@code tests/}, prints each as passed or
 * failed with its differences, and the rules that fired in no scenario. Exits 1 when the rules do
 * not compile, a scenario fails or a DRL rule fires in no scenario: what would refuse their
 * activation; 2 on a usage error or when the reference list of actors cannot be read.
 */
@Command(name = "test-rules", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Compiles the rules, runs their scenarios (tests/*.yaml), prints each as passed or failed with its"
                + " differences, and the rules that fired in no scenario. No service, no database.",
        footer = {"", "Exit status: 0 when the rules would be activated, 1 when they do not compile, a scenario fails or a DRL"
                + " rule fires in no scenario, 2 on a usage error or when the reference list of actors cannot be read."})
public final class TestRulesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RULES_DIR", arity = "0..1", description = "The rules (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--facts", paramLabel = "FACTS_DIR", description = "Where reference/actors.csv is (default: ${DEFAULT-VALUE}).")
    Path facts = Path.of("facts");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(rules);
            org.mandala.rules.Ruleset ruleset = RulesetCompiler.compile(files);
            ActorCodes codes;
            try {
                codes = ActorCodes.read(facts.resolve("reference/actors.csv"));
            } catch (UncheckedIOException | IllegalStateException e) {
                err.println("test-rules: " + e.getMessage());
                return 2;
            }
            RuleTests.Report report = RuleTests.run(ruleset, files, codes);
            for (RuleTests.ScenarioResult s : report.scenarios()) {
                out.println((s.passed() ? "PASS " : "FAIL ") + s.file() + ": " + s.name());
                s.differences().forEach(d -> out.println("     " + d));
            }
            out.printf("%d passed, %d failed%n", report.passed(), report.failed());
            if (report.rulesNeverFired().isEmpty()) {
                out.println("coverage: every rule fired in at least one scenario");
            } else {
                out.println("coverage: rules that fired in no scenario:");
                report.rulesNeverFired().forEach(r -> out.println("     " + r));
            }
            return RuleTests.problems(report, ruleset).isEmpty() ? 0 : 1;
        } catch (RulesetException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
