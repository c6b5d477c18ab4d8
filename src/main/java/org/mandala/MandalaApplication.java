package org.mandala;

import org.mandala.benchmark.BenchmarkCommand;
import org.mandala.cli.ImportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Mandala: a rules-based strategic risk assessment engine. Without arguments it runs the
 * service; {@code import [--format=...] FILE...} imports files into the store,
 * {@code report [--focus F] [--as-of D]} writes a report, {@code test-rules [DIR]} runs the rule tests and
 * {@code benchmark [N ...]} runs the benchmark, {@code soak} soaks a child service and
 * {@code backtest} assesses a history month by month and writes {@code reports/validation.md} instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class MandalaApplication {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("benchmark")) {
            BenchmarkCommand.run(MandalaApplication.class, args);
            return;
        }
        if (args.length > 0 && args[0].equals("test-rules")) {
            System.exit(org.mandala.cli.TestRulesCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(org.mandala.cli.ReportCommand.run(MandalaApplication.class, args));
        }
        if (args.length > 0 && args[0].equals("soak")) {
            System.exit(org.mandala.cli.SoakCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("backtest")) {
            System.exit(org.mandala.cli.BacktestCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(ImportCommand.run(MandalaApplication.class, args));
        }
        SpringApplication.run(MandalaApplication.class, args);
    }
}
