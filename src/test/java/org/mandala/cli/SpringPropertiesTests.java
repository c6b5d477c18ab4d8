package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class SpringPropertiesTests {
    private final CommandSpec spec = new CommandLine(CommandSpec.create().name("report")).getCommandSpec();

    @Test
    void takesPropertiesUnderTheApplicationsPrefixesAsNameEqualsValue() {
        List<String> given = List.of("--spring.profiles.active=postgres", "--spring.datasource.url=jdbc:h2:mem:x;MODE=PostgreSQL",
                "--mandala.security.keys[0].name=me", "--server.port=9000", "--logging.level.root=INFO",
                "--management.endpoints.web.exposure.include=health", "--mandala.focus=");
        assertThat(SpringProperties.check(spec, given)).isEqualTo(given);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--help2", "--bogus.name=value", "--spring=x", "--spring.profiles.active", "-x", "file.csv",
        "--springx.a=b"})
    void refusesAnythingElseNamingIt(String arg) {
        assertThatThrownBy(() -> SpringProperties.check(spec, List.of("--server.port=9000", arg)))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'" + arg + "'");
    }

    @Test
    void aPropertyTheUserGivesReplacesTheCommandsOwn() {
        assertThat(SpringProperties.arguments(List.of("--logging.level.root=WARN", "--mandala.facts.load-on-startup=false"),
                List.of("--logging.level.root=INFO"))).containsExactly("--mandala.facts.load-on-startup=false",
                "--logging.level.root=INFO");
    }
}
