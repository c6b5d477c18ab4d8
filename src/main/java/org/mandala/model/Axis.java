package org.mandala.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * M6: three or more states, each pair aligned at least moderately. An axis first stands as a
 * candidate (a maximal group of mutually aligned states); it is reported once a rule finds the
 * member that makes it matter to the focus.
 */
public final class Axis extends Conclusion {
    private final SortedSet<String> members;
    private boolean standing;

    public Axis(Collection<String> members) {
        this.members = new TreeSet<>(members);
    }

    /**
     * The maximal groups of at least {@code minSize} states in which every pair is linked by one of
     * the alignments (Bron–Kerbosch with pivoting), each with the alignments among its members as
     * its grounds still to be recorded by the rule. Deterministic: states are visited in code order.
     */
    public static List<Axis> maximalCliques(Collection<?> alignments, int minSize) {
        Map<String, SortedSet<String>> neighbours = new HashMap<>();
        for (Object o : alignments) {
            Alignment al = (Alignment) o;
            neighbours.computeIfAbsent(al.getA(), k -> new TreeSet<>()).add(al.getB());
            neighbours.computeIfAbsent(al.getB(), k -> new TreeSet<>()).add(al.getA());
        }
        List<Axis> found = new ArrayList<>();
        expand(new TreeSet<>(), new TreeSet<>(neighbours.keySet()), new TreeSet<>(), neighbours, minSize, found);
        return found;
    }

    private static void expand(SortedSet<String> clique, SortedSet<String> candidates, SortedSet<String> excluded,
                               Map<String, SortedSet<String>> neighbours, int minSize, List<Axis> found) {
        if (candidates.isEmpty() && excluded.isEmpty()) {
            if (clique.size() >= minSize) {
                found.add(new Axis(clique));
            }
            return;
        }
        String pivot = null;
        int best = -1;
        for (SortedSet<String> pool : List.of(candidates, excluded)) {
            for (String u : pool) {
                int n = 0;
                for (String v : neighbours.get(u)) {
                    n += candidates.contains(v) ? 1 : 0;
                }
                if (n > best) {
                    best = n;
                    pivot = u;
                }
            }
        }
        for (String v : new ArrayList<>(candidates)) {
            if (neighbours.get(pivot).contains(v)) {
                continue;
            }
            SortedSet<String> grown = new TreeSet<>(clique);
            grown.add(v);
            SortedSet<String> nextCandidates = new TreeSet<>(candidates);
            nextCandidates.retainAll(neighbours.get(v));
            SortedSet<String> nextExcluded = new TreeSet<>(excluded);
            nextExcluded.retainAll(neighbours.get(v));
            expand(grown, nextCandidates, nextExcluded, neighbours, minSize, found);
            candidates.remove(v);
            excluded.add(v);
        }
    }

    /** The alignments of the list whose two states are both members of this axis. */
    public List<Object> linksAmong(Collection<?> alignments) {
        List<Object> links = new ArrayList<>();
        for (Object o : alignments) {
            Alignment al = (Alignment) o;
            if (members.contains(al.getA()) && members.contains(al.getB())) {
                links.add(al);
            }
        }
        return links;
    }

    public List<String> getMembers() {
        return new ArrayList<>(members);
    }

    /** Whether a member makes this axis matter to the focus (M6); only standing axes are reported. */
    public boolean isStanding() {
        return standing;
    }

    public void setStanding(boolean standing) {
        this.standing = standing;
    }

    public int getSize() {
        return members.size();
    }

    public boolean includes(String state) {
        return members.contains(state);
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
