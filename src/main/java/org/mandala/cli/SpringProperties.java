package org.mandala.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The Spring properties a command that starts a Spring context takes from its command line, as
 * {@code --name=value} ({@code --spring.profiles.active=postgres}, {@code --server.port=9000}).
 * Only names under the prefixes Mandala is configured with are taken: Spring would silently
 * ignore any other {@code --option}, so a mistyped option (or {@code --help} where a command has
 * none) would run the command as if it were not there.
 */
final class SpringProperties {
    static final List<String> PREFIXES = List.of("spring", "mandala", "server", "logging", "management");

    /** One line for the usage help of a command that takes them. */
    static final String HELP = "Spring properties go as --name=value, the name under spring., mandala., server., logging. or"
            + " management., e.g. --spring.profiles.active=postgres, --spring.datasource.url=URL, --mandala.focus=PAK.";

    private static final Pattern PROPERTY = Pattern.compile("--((?:" + String.join("|", PREFIXES) + ")\\.[^=\\s]+)=.*",
            Pattern.DOTALL);

    private SpringProperties() {
    }

    /**
     * The arguments picocli matched to no option or parameter of {@code spec}, each of which must
     * be a Spring property; the first that is not is a usage error that names it.
     */
    static List<String> check(CommandSpec spec, List<String> unmatched) {
        for (String a : unmatched) {
            if (!PROPERTY.matcher(a).matches()) {
                throw refusal(spec.commandLine(), a);
            }
        }
        return List.copyOf(unmatched);
    }

    private static ParameterException refusal(CommandLine commandLine, String arg) {
        if (!arg.startsWith("-")) {
            return new ParameterException(commandLine, "Unexpected argument: '" + arg + "'");
        }
        if (!arg.contains("=") && PROPERTY.matcher(arg + "=").matches()) {
            return new ParameterException(commandLine, "Unknown option: '" + arg + "'; a Spring property goes as --name=value");
        }
        return new CommandLine.UnmatchedArgumentException(commandLine, List.of(arg));
    }

    /**
     * The arguments of a Spring context: a command's own settings ({@code defaults}), except those
     * the user gave too, then the user's ({@code given}). Spring would join two values of one
     * property with a comma.
     */
    static String[] arguments(List<String> defaults, List<String> given) {
        Set<String> named = given.stream().map(SpringProperties::name).collect(Collectors.toSet());
        List<String> args = new ArrayList<>();
        defaults.stream().filter(d -> !named.contains(name(d))).forEach(args::add);
        args.addAll(given);
        return args.toArray(String[]::new);
    }

    private static String name(String arg) {
        Matcher m = PROPERTY.matcher(arg);
        return m.matches() ? m.group(1) : arg;
    }
}
