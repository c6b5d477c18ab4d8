package org.mandala.indicator;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

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
        for (String[] row : ReferenceCsv.rows(file, 3, "the reference list of actor codes")) {
            try {
                actors.put(row[0], new Actor(row[0], row[1], Kind.valueOf(row[2])));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the reference list of actor codes " + file + " gives " + row[0]
                        + " the kind " + row[2] + "; kinds are STATE, HISTORICAL, BLOC", e);
            }
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
