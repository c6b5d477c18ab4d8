package org.mandala.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a conclusion within one assessment: its type, the threat kind for threats, and
 * the states it names, sorted. It prints as the key the API and explanation ids have always used,
 * e.g. {@code A.PRK-RUS}, {@code T.HOSTILE_AXIS.CHN-PRK-RUS}, {@code D.CHN}, {@code U.IND},
 * {@code W.NEW_THREAT.PAK-RUS}, and
 * {@link #parse} reads that form back.
 *
 * @param kind   the threat kind, e.g. {@code HOSTILE_AXIS}, or a warning's tripwire, e.g. {@code NEW_THREAT}; null for every other type
 * @param actors the states named, sorted by code
 */
public record ConclusionKey(Type type, String kind, List<String> actors) implements Comparable<ConclusionKey> {

    /** The types of conclusion, each with the letter its keys start with and how many states it names. */
    public enum Type {
        ALIGNMENT('A', 2, 2), HOSTILITY('H', 2, 2), ADVERSARY('D', 1, 1), PARTNER('P', 1, 1), AXIS('X', 1, Integer.MAX_VALUE),
        THREAT('T', 1, Integer.MAX_VALUE), BALANCING('B', 2, 2), AUTONOMY('U', 1, 1), WARNING('W', 1, Integer.MAX_VALUE);

        /** Whether its keys carry a kind: a threat's kind, a warning's tripwire. */
        public boolean hasKind() {
            return this == THREAT || this == WARNING;
        }

        private final char letter;
        private final int fewest;
        private final int most;

        Type(char letter, int fewest, int most) {
            this.letter = letter;
            this.fewest = fewest;
            this.most = most;
        }

        public char letter() {
            return letter;
        }

        static Optional<Type> of(char letter) {
            return Arrays.stream(values()).filter(t -> t.letter == letter).findFirst();
        }
    }

    public ConclusionKey {
        Objects.requireNonNull(type, "type");
        if (type.hasKind() != (kind != null)) {
            throw new IllegalArgumentException(type.hasKind() ? "a " + type.name().toLowerCase(java.util.Locale.ROOT) + " key needs its kind"
                    : "only a threat or warning key has a kind");
        }
        if (kind != null && !word(kind)) {
            throw new IllegalArgumentException("not a " + (type == Type.THREAT ? "threat kind" : "tripwire") + ": '" + kind + "'");
        }
        String[] sorted = actors.toArray(String[]::new);
        Arrays.sort(sorted);
        actors = List.of(sorted);
        if (actors.size() < type.fewest || actors.size() > type.most) {
            throw new IllegalArgumentException(type + " names " + (type.fewest == type.most ? "" : "at least ") + type.fewest
                    + " state(s), not " + actors.size());
        }
        for (String actor : actors) {
            if (!word(actor)) {
                throw new IllegalArgumentException("not a state code: '" + actor + "'");
            }
        }
    }

    /** Letters, digits and underscores: nothing that could be read as a separator of the printed key. */
    private static boolean word(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> ch == '_' || ch < 128 && Character.isLetterOrDigit(ch));
    }

    public static ConclusionKey alignment(String x, String y) {
        return new ConclusionKey(Type.ALIGNMENT, null, List.of(x, y));
    }

    public static ConclusionKey hostility(String x, String y) {
        return new ConclusionKey(Type.HOSTILITY, null, List.of(x, y));
    }

    public static ConclusionKey adversary(String state) {
        return new ConclusionKey(Type.ADVERSARY, null, List.of(state));
    }

    public static ConclusionKey partner(String state) {
        return new ConclusionKey(Type.PARTNER, null, List.of(state));
    }

    public static ConclusionKey axis(Collection<String> members) {
        return new ConclusionKey(Type.AXIS, null, List.copyOf(members));
    }

    public static ConclusionKey threat(String kind, Collection<String> actors) {
        return new ConclusionKey(Type.THREAT, kind, List.copyOf(actors));
    }

    /** A warning's key: its tripwire and the states it names. */
    public static ConclusionKey warning(String tripwire, Collection<String> actors) {
        return new ConclusionKey(Type.WARNING, tripwire, List.copyOf(actors));
    }

    public static ConclusionKey balancing(String x, String y) {
        return new ConclusionKey(Type.BALANCING, null, List.of(x, y));
    }

    public static ConclusionKey autonomy(String focus) {
        return new ConclusionKey(Type.AUTONOMY, null, List.of(focus));
    }

    /** The key that {@code text} prints, or empty when it is not one (unknown type, wrong number of states). */
    public static Optional<ConclusionKey> parse(String text) {
        if (text == null || text.length() < 3 || text.charAt(1) != '.') {
            return Optional.empty();
        }
        Optional<Type> type = Type.of(text.charAt(0));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String rest = text.substring(2);
        String kind = null;
        if (type.get().hasKind()) {
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            kind = rest.substring(0, dot);
            rest = rest.substring(dot + 1);
        }
        try {
            ConclusionKey key = new ConclusionKey(type.get(), kind, List.of(rest.split("-", -1)));
            // only the printed form of a key is one: not "A.RUS-PRK", which names the same pair
            return key.toString().equals(text) ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The one state of an adversary, partner or autonomy key. */
    public String state() {
        if (actors.size() != 1) {
            throw new IllegalStateException(this + " names " + actors.size() + " states");
        }
        return actors.get(0);
    }

    @Override
    public String toString() {
        return type.letter + "." + (kind == null ? "" : kind + ".") + String.join("-", actors);
    }

    /**
     * The order of the printed keys, without printing them: the letter, the kind, then the states
     * one by one. The same order, as a separator sorts before every letter and digit.
     */
    @Override
    public int compareTo(ConclusionKey o) {
        int c = Character.compare(type.letter, o.type.letter);
        if (c == 0 && kind != null) {
            c = kind.compareTo(o.kind);
        }
        for (int i = 0; c == 0 && i < Math.min(actors.size(), o.actors.size()); i++) {
            c = actors.get(i).compareTo(o.actors.get(i));
        }
        return c != 0 ? c : Integer.compare(actors.size(), o.actors.size());
    }
}
