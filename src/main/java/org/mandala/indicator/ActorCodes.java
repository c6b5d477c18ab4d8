package org.mandala.indicator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvValidationException;

/**
 * The codes an indicator may name: ISO 3166-1 alpha-3 states, historical states (for SIPRI's
 * Soviet Union and the like) and the blocs of the catalogue, read from {@code facts/reference/actors.csv}
 * ({@code code,name,kind} with kind {@code STATE}, {@code HISTORICAL} or {@code BLOC}).
 */
public final class ActorCodes {

    public enum Kind { STATE, HISTORICAL, BLOC }

    public record Actor(String code, String name, Kind kind) {
    }

    private final Map<String, Actor> actors;

    public ActorCodes(Map<String, Actor> actors) {
        this.actors = Map.copyOf(actors);
    }

    public static ActorCodes read(Path file) {
        Map<String, Actor> actors = new HashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(in)) {
            String[] row = csv.readNext();
            while ((row = csv.readNext()) != null) {
                if (row.length >= 3 && !row[0].isBlank()) {
                    actors.put(row[0].strip(), new Actor(row[0].strip(), row[1].strip(), Kind.valueOf(row[2].strip())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference list of actor codes " + file, e);
        } catch (CsvValidationException | IllegalArgumentException e) {
            throw new IllegalStateException("the reference list of actor codes " + file + " is malformed: " + e.getMessage(), e);
        }
        return new ActorCodes(actors);
    }

    public boolean isKnown(String code) {
        return actors.containsKey(code);
    }

    public boolean isBloc(String code) {
        Actor a = actors.get(code);
        return a != null && a.kind() == Kind.BLOC;
    }

    /** A state, present or historical: what alignments are drawn between. */
    public boolean isState(String code) {
        Actor a = actors.get(code);
        return a != null && a.kind() != Kind.BLOC;
    }

    public Map<String, Actor> all() {
        return Collections.unmodifiableMap(actors);
    }
}
