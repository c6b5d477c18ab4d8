package org.mandala.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * M6: three or more states, each pair aligned at least moderately. An axis first stands as a
 * candidate (a largest group of mutually aligned states); it is reported once a rule finds the
 * member that makes it matter to the focus.
 */
public final class Axis extends Conclusion {
    private final List<String> members;
    private final Set<String> memberSet;
    private boolean standing;

    public Axis(Collection<String> members) {
        super(ConclusionKey.axis(new TreeSet<>(members)));
        this.members = actors();
        this.memberSet = Set.copyOf(this.members);
    }

    /**
     * The largest groups of at least {@code minSize} states in which every pair is linked by one of
     * the alignments (Bron–Kerbosch with pivoting, over bit sets), each drawn by the rule with the
     * alignments among its members as its grounds. Deterministic: states are numbered in code order.
     */
    public static List<Axis> maximalCliques(Collection<?> alignments, String rule, int minSize) {
        TreeSet<String> states = new TreeSet<>();
        Map<String, Alignment> byPair = new HashMap<>();
        for (Object o : alignments) {
            Alignment al = (Alignment) o;
            states.add(al.getA());
            states.add(al.getB());
            byPair.put(al.getPairKey(), al);
        }
        List<String> names = new ArrayList<>(states);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        BitSet[] neighbours = new BitSet[names.size()];
        for (int i = 0; i < neighbours.length; i++) {
            neighbours[i] = new BitSet(names.size());
        }
        Alignment[][] link = new Alignment[names.size()][names.size()];
        for (Alignment al : byPair.values()) {
            int a = index.get(al.getA());
            int b = index.get(al.getB());
            neighbours[a].set(b);
            neighbours[b].set(a);
            link[Math.min(a, b)][Math.max(a, b)] = al;
        }
        List<BitSet> cliques = new ArrayList<>();
        if (names.size() <= 64) {
            // the common case: states fit in one long, and the search allocates nothing
            long[] masks = new long[names.size()];
            for (int i = 0; i < masks.length; i++) {
                masks[i] = neighbours[i].isEmpty() ? 0L : neighbours[i].toLongArray()[0];
            }
            List<Long> found = new ArrayList<>();
            expand(0L, names.size() == 64 ? -1L : (1L << names.size()) - 1, 0L, masks, minSize, found);
            found.forEach(c -> cliques.add(BitSet.valueOf(new long[] {c})));
        } else {
            BitSet all = new BitSet(names.size());
            all.set(0, names.size());
            expand(new BitSet(), all, new BitSet(), neighbours, minSize, cliques);
        }
        List<Axis> axes = new ArrayList<>(cliques.size());
        for (BitSet clique : cliques) {
            List<String> members = new ArrayList<>();
            List<Object> links = new ArrayList<>();
            for (int i = clique.nextSetBit(0); i >= 0; i = clique.nextSetBit(i + 1)) {
                members.add(names.get(i));
                for (int j = clique.nextSetBit(i + 1); j >= 0; j = clique.nextSetBit(j + 1)) {
                    links.add(link[i][j]);
                }
            }
            Axis axis = new Axis(members);
            axis.drawnBy(rule, links);
            axes.add(axis);
        }
        return axes;
    }

    /** Bron–Kerbosch with pivoting over 64-bit masks. */
    private static void expand(long clique, long candidates, long excluded, long[] neighbours, int minSize, List<Long> found) {
        if (candidates == 0 && excluded == 0) {
            if (Long.bitCount(clique) >= minSize) {
                found.add(clique);
            }
            return;
        }
        int pivot = -1;
        int best = -1;
        for (long pool = candidates | excluded; pool != 0; pool &= pool - 1) {
            int u = Long.numberOfTrailingZeros(pool);
            int common = Long.bitCount(neighbours[u] & candidates);
            if (common > best) {
                best = common;
                pivot = u;
            }
        }
        for (long todo = candidates & ~neighbours[pivot]; todo != 0; todo &= todo - 1) {
            int v = Long.numberOfTrailingZeros(todo);
            long bit = 1L << v;
            expand(clique | bit, candidates & neighbours[v], excluded & neighbours[v], neighbours, minSize, found);
            candidates &= ~bit;
            excluded |= bit;
        }
    }

    private static void expand(BitSet clique, BitSet candidates, BitSet excluded, BitSet[] neighbours, int minSize, List<BitSet> found) {
        if (candidates.isEmpty() && excluded.isEmpty()) {
            if (clique.cardinality() >= minSize) {
                found.add((BitSet) clique.clone());
            }
            return;
        }
        int pivot = -1;
        int best = -1;
        BitSet pool = (BitSet) candidates.clone();
        pool.or(excluded);
        for (int u = pool.nextSetBit(0); u >= 0; u = pool.nextSetBit(u + 1)) {
            BitSet common = (BitSet) neighbours[u].clone();
            common.and(candidates);
            if (common.cardinality() > best) {
                best = common.cardinality();
                pivot = u;
            }
        }
        BitSet todo = (BitSet) candidates.clone();
        todo.andNot(neighbours[pivot]);
        for (int v = todo.nextSetBit(0); v >= 0; v = todo.nextSetBit(v + 1)) {
            clique.set(v);
            BitSet nextCandidates = (BitSet) candidates.clone();
            nextCandidates.and(neighbours[v]);
            BitSet nextExcluded = (BitSet) excluded.clone();
            nextExcluded.and(neighbours[v]);
            expand(clique, nextCandidates, nextExcluded, neighbours, minSize, found);
            clique.clear(v);
            candidates.clear(v);
            excluded.set(v);
        }
    }

    /** The mean score of the alignments among the given facts, 0 when there are none. */
    public static double meanScore(Collection<?> facts) {
        double sum = 0;
        int n = 0;
        for (Object o : facts) {
            if (o instanceof Alignment al) {
                sum += al.getScore();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public List<String> getMembers() {
        return members;
    }

    /** Whether a member makes this axis matter to the focus (M6); only standing axes are reported. */
    public boolean isStanding() {
        return standing;
    }

    public void setStanding(boolean standing) {
        this.standing = standing;
    }

    /** The mean score of the alignments between its members, what a hostile axis's score starts from. */
    public double getMeanScore() {
        return meanScore(getGrounds());
    }

    public int getSize() {
        return members.size();
    }

    public boolean includes(String state) {
        return memberSet.contains(state);
    }


    @Override
    public String describe() {
        return "axis of " + String.join(", ", members);
    }

    @Override
    public Map<String, String> placeholders() {
        return Map.of("actors", sentence(members));
    }
}
