package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's command line: the service without a command, the commands by name, usage errors on one line. */
class MandalaCommandTests {
    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void startsTheServiceWithTheSpringPropertiesGiven() {
        assertThat(cli.run("--server.port=9000", "--spring.profiles.active=postgres", "--mandala.security.keys[0].name=me"))
                .isZero();
        assertThat(cli.serviceStarts).containsExactly(
                List.of("--server.port=9000", "--spring.profiles.active=postgres", "--mandala.security.keys[0].name=me"));
    }

    @Test
    void startsTheServiceWithoutArguments() {
        assertThat(cli.run()).isZero();
        assertThat(cli.serviceStarts).containsExactly(List.of());
    }

    @Test
    void helpListsEveryCommandAndStartsNothing() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("Usage: java -jar mandala.jar", "import", "report", "test-rules", "benchmark", "backtest",
                "soak", "--name=value");
        assertThat(cli.serviceStarts).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"import", "report", "test-rules", "benchmark", "backtest", "soak"})
    void everyCommandHasItsHelp(String command) {
        assertThat(cli.run(command, "--help")).isZero();
        assertThat(cli.out()).startsWith("Usage: java -jar mandala.jar " + command).contains("--help");
        assertThat(cli.err()).isEmpty();
    }

    @Nested
    class Refuses {

        @Test
        void anOptionThatIsNoSpringPropertyNamingItOnOneLine() {
            assertThat(cli.run("--server.port=9000", "--bogus")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("Unknown option: '--bogus'", "java -jar mandala.jar --help");
            assertThat(cli.serviceStarts).isEmpty();
        }

        @Test
        void anUnknownCommand() {
            assertThat(cli.run("reprot")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("Unknown command: 'reprot'");
            assertThat(cli.serviceStarts).isEmpty();
        }

        @Test
        void aSpringPropertyBeforeTheCommand() {
            assertThat(cli.run("--spring.profiles.active=postgres", "report")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(1).contains("'--spring.profiles.active=postgres' goes after the command 'report'");
        }

        @Test
        void anUnknownOptionOfTheBacktestAndTheSoakOnOneLine() {
            assertThat(cli.run("backtest", "--histroy", "h.csv")).isEqualTo(2);
            assertThat(cli.run("soak", "--minuts", "2")).isEqualTo(2);
            assertThat(cli.err()).hasLineCount(2).contains("backtest: Unknown options: '--histroy'", "did you mean --history?",
                    "soak: Unknown options: '--minuts'");
        }
    }
}
