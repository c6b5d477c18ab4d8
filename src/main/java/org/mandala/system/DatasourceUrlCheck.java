package org.mandala.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses at start, before any connection, an H2 URL that Mandala's SQL cannot run on: one set of
 * migrations and statements serves PostgreSQL and H2 only in H2's PostgreSQL mode. A user pointing
 * Mandala at their own H2 file writes {@code jdbc:h2:file:./mine}; they are told what to add instead
 * of reading a migration's stack trace.
 */
public class DatasourceUrlCheck implements EnvironmentPostProcessor, Ordered {
    /** The H2 settings Mandala's SQL needs, as they are written in the URL. */
    static final List<String> H2_SETTINGS = List.of("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE");

    private final org.apache.commons.logging.Log log;

    public DatasourceUrlCheck(org.springframework.boot.logging.DeferredLogFactory logs) {
        this.log = logs.getLog(DatasourceUrlCheck.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        List<String> missing = missing(url);
        if (!missing.isEmpty()) {
            throw new UnusableDatasourceException(url, missing);
        }
        if (url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:file:")
                && !url.toUpperCase(Locale.ROOT).replace(" ", "").contains(";WRITE_DELAY=0")) {
            // seen here: killed mid-import, 2 runs in 15 left rows of the import behind; 0 in 28 with WRITE_DELAY=0
            log.warn("spring.datasource.url " + url + " has no WRITE_DELAY=0: H2 then writes commits up to half a second late,"
                    + " so a process killed just after answering can lose an upload, and one killed in the middle of an import was"
                    + " seen to leave rows of it behind. Add ;WRITE_DELAY=0 as the default URL has.");
        }
    }

    /** The settings an H2 URL lacks; none for another database or no URL. */
    static List<String> missing(String url) {
        List<String> missing = new ArrayList<>();
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return missing;
        }
        String settings = url.toUpperCase(Locale.ROOT).replace(" ", "");
        for (String s : H2_SETTINGS) {
            if (!settings.contains(";" + s.toUpperCase(Locale.ROOT))) {
                missing.add(s);
            }
        }
        return missing;
    }

    @Override
    public int getOrder() {
        // after the configuration files and the command line are read
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** An H2 URL without the settings Mandala's SQL needs. */
    public static final class UnusableDatasourceException extends IllegalStateException {
        private final transient List<String> missing;

        UnusableDatasourceException(String url, List<String> missing) {
            super("spring.datasource.url " + url + " lacks " + String.join(", ", missing));
            this.missing = List.copyOf(missing);
        }

        List<String> missing() {
            return missing;
        }
    }

    /** Says in one line what to add, instead of a stack trace. */
    public static final class Analyzer extends AbstractFailureAnalyzer<UnusableDatasourceException> {
        @Override
        protected FailureAnalysis analyze(Throwable root, UnusableDatasourceException cause) {
            return new FailureAnalysis(cause.getMessage() + ": Mandala's SQL runs on H2 only in its PostgreSQL mode.",
                    "Add ;" + String.join(";", cause.missing()) + " to the URL.", cause);
        }
    }
}
