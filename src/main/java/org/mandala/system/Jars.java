package org.mandala.system;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The jar a class was loaded from, read from a class-path URL as the JVM or Spring Boot's launcher
 * gives it: {@code jar:nested:/a/mandala.jar/!BOOT-INF/classes/!/x} (the fat jar),
 * {@code jar:file:/a/mandala.jar!/x} or {@code file:/a/mandala.jar} (the extracted layout).
 */
public final class Jars {

    private Jars() {
    }

    /** The path of the jar file the URL points into, decoded; empty when it names no jar (classes in a directory). */
    public static Optional<String> archive(String url) {
        String path = url.replaceFirst("^jar:", "").replaceFirst("^nested:", "").replaceFirst("^file:", "");
        int end = path.indexOf(".jar");
        if (end < 0) {
            return Optional.empty();
        }
        String jar = path.substring(0, end + ".jar".length());
        try {
            return Optional.of(URI.create("file:" + jar).getPath());
        } catch (IllegalArgumentException e) {
            // not encoded as a URL: already a path
            return Optional.of(jar);
        }
    }

    /** The jar file on disk that {@code type} was loaded from; empty when it runs from classes in a directory. */
    public static Optional<Path> of(Class<?> type) {
        try {
            java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            return archive(source.getLocation().toString()).map(Path::of).filter(Files::isRegularFile);
        } catch (SecurityException e) {
            return Optional.empty();
        }
    }
}
