package org.mandala.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** M6: three or more states, each pair aligned at least moderately. */
public final class Axis extends Conclusion {
    private final SortedSet<String> members;
    private boolean partOfLarger;

    public Axis(Collection<String> members) {
        this.members = new TreeSet<>(members);
    }

    public List<String> getMembers() {
        return new ArrayList<>(members);
    }

    /** The key an axis of these members has, whatever their order. */
    public static String keyOf(String... members) {
        return new Axis(java.util.Arrays.asList(members)).key();
    }

    /** Whether a larger axis holds every member of this one; such an axis is not reported. */
    public boolean isPartOfLarger() {
        return partOfLarger;
    }

    public void setPartOfLarger(boolean partOfLarger) {
        this.partOfLarger = partOfLarger;
    }

    public int getSize() {
        return members.size();
    }

    public boolean includes(String state) {
        return members.contains(state);
    }

    public boolean encloses(Axis other) {
        return other != this && members.size() > other.members.size() && members.containsAll(other.members);
    }

    /**
     * When this axis and the other have the same size and share all members but one, the member
     * of this one that the other lacks; otherwise {@code null}.
     */
    public String outsiderAgainst(Axis other) {
        if (other.members.size() != members.size()) {
            return null;
        }
        String outsider = null;
        for (String m : members) {
            if (!other.members.contains(m)) {
                if (outsider != null) {
                    return null;
                }
                outsider = m;
            }
        }
        return outsider;
    }

    /** This axis with one more member. */
    public Axis with(String state) {
        List<String> grown = new ArrayList<>(members);
        grown.add(state);
        return new Axis(grown);
    }

    @Override
    public String key() {
        return "X." + String.join("-", members);
    }

    @Override
    public String describe() {
        return "axis of " + String.join(", ", members);
    }
}
