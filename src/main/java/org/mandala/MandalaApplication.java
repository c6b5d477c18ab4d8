package org.mandala;

import org.mandala.cli.MandalaCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Mandala: a rules-based strategic risk assessment engine. Without a command it runs the
 * service (Spring properties as {@code --name=value}); {@code import [--format=...] FILE...}
 * imports files into the store, {@code report [--focus F] [--as-of D]} writes a report,
 * {@code test-rules [DIR]} runs the rule tests, {@code benchmark [N ...]} runs the benchmark,
 * {@code soak} soaks a child service and {@code backtest} assesses a history month by month and
 * writes {@code reports/validation.md} instead; {@code --help} says more (see {@link MandalaCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class MandalaApplication {
    public static void main(String[] args) {
        MandalaCommand.run(MandalaApplication.class, args).ifPresent(System::exit);
    }
}
