package org.mandala.model;

/** Unordered pairs of states, written with the codes in sorted order. */
public final class Pairs {
    private Pairs() {
    }

    /** The key of the unordered pair {x, y}: {@code "PRK-RUS"} for both orders. */
    public static String key(String x, String y) {
        return x.compareTo(y) <= 0 ? x + "-" + y : y + "-" + x;
    }

    public static String first(String x, String y) {
        return x.compareTo(y) <= 0 ? x : y;
    }

    public static String second(String x, String y) {
        return x.compareTo(y) <= 0 ? y : x;
    }
}
