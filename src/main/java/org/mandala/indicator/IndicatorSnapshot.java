package org.mandala.indicator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stored indicator up to one data version, in columns of primitives: what an assessment
 * needs to weigh them (dates, type, parties, grade) and the storage sequence number that leads
 * back to the full row for explanations. About 40 bytes an indicator, so a million fit in 40 MB.
 * Immutable once built; types and codes are numbered in dictionaries of their own.
 */
public final class IndicatorSnapshot {
    /** The {@link #until(int)} of a row without an until date. */
    public static final int NO_UNTIL = Integer.MIN_VALUE;

    private final long version;
    private final int size;
    private final long[] seq;
    private final int[] date;
    private final int[] until;
    private final int[] type;
    private final int[] actor;
    private final int[] target;
    private final byte[] grade;
    private final long[] dataVersion;
    private final int[] group;
    private final int[] source;
    private final float[] magnitude;
    private final byte[] unit;
    private final List<String> units;
    private final List<String> sources;
    private final List<String> types;
    private final List<String> codes;
    private final int[] groupActor;
    private final int[] groupTarget;
    private final int[] groupType;
    private volatile int[] groupOrder;
    private volatile String[] groupPairKeys;
    /** Each data version held, ascending, and the earliest event date among its rows: see {@link #lastVersionDatedBy}. */
    private volatile long[][] versionsAndEarliest;

    private IndicatorSnapshot(Builder b, long version) {
        this.version = version;
        this.size = b.size;
        this.seq = Arrays.copyOf(b.seq, b.size);
        this.date = Arrays.copyOf(b.date, b.size);
        this.until = Arrays.copyOf(b.until, b.size);
        this.type = Arrays.copyOf(b.type, b.size);
        this.actor = Arrays.copyOf(b.actor, b.size);
        this.target = Arrays.copyOf(b.target, b.size);
        this.grade = Arrays.copyOf(b.grade, b.size);
        this.dataVersion = Arrays.copyOf(b.dataVersion, b.size);
        this.group = Arrays.copyOf(b.group, b.size);
        this.source = Arrays.copyOf(b.source, b.size);
        this.magnitude = Arrays.copyOf(b.magnitude, b.size);
        this.unit = Arrays.copyOf(b.unit, b.size);
        this.units = List.copyOf(b.units);
        this.sources = List.copyOf(b.sources);
        this.types = List.copyOf(b.types);
        this.codes = List.copyOf(b.codes);
        this.groupActor = Arrays.copyOf(b.groupActor, b.groupCount);
        this.groupTarget = Arrays.copyOf(b.groupTarget, b.groupCount);
        this.groupType = Arrays.copyOf(b.groupType, b.groupCount);
    }

    /**
     * A snapshot of indicators that are not stored, numbered 1, 2, ... in list order, all of data
     * version 1: for rule tests, previews and benchmarks.
     */
    public static IndicatorSnapshot of(List<Indicator> indicators) {
        Builder b = new Builder();
        long seq = 1;
        for (Indicator i : indicators) {
            b.add(seq++, (int) i.date().toEpochDay(), i.until() == null ? NO_UNTIL : (int) i.until().toEpochDay(), i.type(),
                    i.actor(), i.target(), i.grade(), 1, i.source(), i.magnitude(), i.unit());
        }
        return b.build(1);
    }

    /**
     * The first sequence number of hypothetical indicators ({@link #withHypothetical}): above any a
     * store gives, so that they sort after the stored rows.
     */
    public static final long HYPOTHETICAL = Long.MAX_VALUE - 10_000_000L;

    /** Whether a sequence number is one of a what-if's hypothetical indicators rather than a stored one. */
    public static boolean isHypothetical(long seq) {
        return seq >= HYPOTHETICAL;
    }

    /**
     * This snapshot with {@code extra} indicators as if they had been stored in data version
     * {@code dataVersion}: numbered {@link #HYPOTHETICAL}, +1, ... in list order. This snapshot is left
     * as it is.
     */
    public IndicatorSnapshot withHypothetical(List<Indicator> extra, long dataVersion) {
        Builder b = toBuilder();
        long seqNumber = HYPOTHETICAL;
        for (Indicator i : extra) {
            b.add(seqNumber++, (int) i.date().toEpochDay(), i.until() == null ? NO_UNTIL : (int) i.until().toEpochDay(), i.type(),
                    i.actor(), i.target(), i.grade(), dataVersion, i.source(), i.magnitude(), i.unit());
        }
        return b.build(version);
    }

    public static IndicatorSnapshot empty() {
        return new Builder().build(0);
    }

    /** A builder holding this snapshot's rows (copied column by column), to append newer ones to. */
    Builder toBuilder() {
        Builder b = new Builder();
        int capacity = Math.max(1024, size + size / 8);
        b.size = size;
        b.seq = Arrays.copyOf(seq, capacity);
        b.date = Arrays.copyOf(date, capacity);
        b.until = Arrays.copyOf(until, capacity);
        b.type = Arrays.copyOf(type, capacity);
        b.actor = Arrays.copyOf(actor, capacity);
        b.target = Arrays.copyOf(target, capacity);
        b.grade = Arrays.copyOf(grade, capacity);
        b.dataVersion = Arrays.copyOf(dataVersion, capacity);
        b.group = Arrays.copyOf(group, capacity);
        b.source = Arrays.copyOf(source, capacity);
        b.magnitude = Arrays.copyOf(magnitude, capacity);
        b.unit = Arrays.copyOf(unit, capacity);
        units.forEach(u -> Builder.index(u, b.units, b.unitIndex));
        sources.forEach(x -> Builder.index(x, b.sources, b.sourceIndex));
        b.groupCount = groupActor.length;
        int groupCapacity = Math.max(1024, b.groupCount + b.groupCount / 8);
        b.groupActor = Arrays.copyOf(groupActor, groupCapacity);
        b.groupTarget = Arrays.copyOf(groupTarget, groupCapacity);
        b.groupType = Arrays.copyOf(groupType, groupCapacity);
        for (int g = 0; g < b.groupCount; g++) {
            b.groupIndex.put(Builder.groupKey(groupActor[g], groupTarget[g], groupType[g]), g);
        }
        types.forEach(t -> Builder.index(t, b.types, b.typeIndex));
        codes.forEach(c -> Builder.index(c, b.codes, b.codeIndex));
        return b;
    }

    public long version() {
        return version;
    }

    public int size() {
        return size;
    }

    public long seq(int row) {
        return seq[row];
    }

    /** The row of a storage sequence number, or -1 when this snapshot does not hold it (rows are in sequence order). */
    public int row(long seqNumber) {
        int r = Arrays.binarySearch(seq, 0, size, seqNumber);
        return r < 0 ? -1 : r;
    }

    /** The event date as an epoch day. */
    public int date(int row) {
        return date[row];
    }

    /** The until date as an epoch day, or {@link #NO_UNTIL}. */
    public int until(int row) {
        return until[row];
    }

    /** The type's number in {@link #types()}. */
    public int type(int row) {
        return type[row];
    }

    public int actor(int row) {
        return actor[row];
    }

    public int target(int row) {
        return target[row];
    }

    /** The grade's number: reliability (A=0 … F=5) times 6 plus credibility − 1. */
    public int grade(int row) {
        return grade[row];
    }

    public long dataVersion(int row) {
        return dataVersion[row];
    }

    /**
     * The last data version, up to {@code upTo}, that stored an indicator dated on or before
     * {@code day} (an epoch day); 0 when none did. An assessment on that day counts only such
     * indicators, so it is the same at {@code upTo} as at this version: what a later upload of
     * later-dated indicators leaves as it was.
     */
    public long lastVersionDatedBy(long upTo, int day) {
        long[][] ve = versionsAndEarliest;
        if (ve == null) {
            java.util.TreeMap<Long, Integer> earliest = new java.util.TreeMap<>();
            for (int r = 0; r < size; r++) {
                earliest.merge(dataVersion[r], date[r], Math::min);
            }
            ve = new long[2][earliest.size()];
            int i = 0;
            for (var e : earliest.entrySet()) {
                ve[0][i] = e.getKey();
                ve[1][i++] = e.getValue();
            }
            versionsAndEarliest = ve;
        }
        for (int i = ve[0].length - 1; i >= 0; i--) {
            if (ve[0][i] <= upTo && ve[1][i] <= day) {
                return ve[0][i];
            }
        }
        return 0;
    }

    /**
     * The row's group: rows of the same actor, target and type share one, numbered from 0 in the
     * order they first appear, so an assessment can sum them into an array instead of a map.
     */
    public int group(int row) {
        return group[row];
    }

    public int groupCount() {
        return groupActor.length;
    }

    /** The unordered pair of a group's actor and target as a key ({@code CHN-PAK}): made once per snapshot, not per assessment. */
    public String groupPairKey(int group) {
        String[] keys = groupPairKeys;
        if (keys == null) {
            keys = new String[groupActor.length];
            for (int g = 0; g < keys.length; g++) {
                String x = codes.get(groupActor[g]);
                String y = codes.get(groupTarget[g]);
                keys[g] = x.compareTo(y) <= 0 ? x + "-" + y : y + "-" + x;
            }
            groupPairKeys = keys;
        }
        return keys[group];
    }

    /** The groups sorted by actor, target and type code: a fixed order for equal results everywhere. */
    public int[] groupOrder() {
        int[] order = groupOrder;
        if (order == null) {
            order = java.util.stream.IntStream.range(0, groupActor.length).boxed()
                    .sorted(java.util.Comparator.<Integer, String>comparing(g -> codes.get(groupActor[g]))
                            .thenComparing(g -> codes.get(groupTarget[g]))
                            .thenComparing(g -> types.get(groupType[g])))
                    .mapToInt(Integer::intValue).toArray();
            groupOrder = order;
        }
        return order;
    }

    /**
     * The row's source as a number in {@link #sources()}, or -1 without one. Rows from the same
     * publisher (a URL's host, or a citation's first part) share a number: what counts as one
     * independent source when judging confidence.
     */
    public int source(int row) {
        return source[row];
    }

    public List<String> sources() {
        return sources;
    }

    /** The row's magnitude, or NaN without one. */
    public double magnitude(int row) {
        return magnitude[row];
    }

    /** The unit of the row's magnitude, or null without one. */
    public String unit(int row) {
        return unit[row] < 0 ? null : units.get(unit[row]);
    }

    /** The publisher a source cites: a URL's host without {@code www.}, else the text before the first comma or semicolon. */
    public static String publisher(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String s = source.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("http://") || s.startsWith("https://")) {
            int start = s.indexOf("//") + 2;
            int end = start;
            while (end < s.length() && "/?#:".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            String host = s.substring(start, end);
            return host.startsWith("www.") ? host.substring(4) : host;
        }
        int cut = s.length();
        for (char c : new char[] {',', ';'}) {
            int i = s.indexOf(c);
            if (i > 0 && i < cut) {
                cut = i;
            }
        }
        return s.substring(0, cut).strip();
    }

    public List<String> types() {
        return types;
    }

    public List<String> codes() {
        return codes;
    }

    public static String gradeText(int number) {
        return "" + (char) ('A' + number / 6) + (char) ('1' + number % 6);
    }

    static byte gradeNumber(String grade) {
        return (byte) ((grade.charAt(0) - 'A') * 6 + (grade.charAt(1) - '1'));
    }

    /** Collects rows in storage order. */
    static final class Builder {
        private int size;
        private long[] seq = new long[1024];
        private int[] date = new int[1024];
        private int[] until = new int[1024];
        private int[] type = new int[1024];
        private int[] actor = new int[1024];
        private int[] target = new int[1024];
        private byte[] grade = new byte[1024];
        private long[] dataVersion = new long[1024];
        private int[] group = new int[1024];
        private int[] source = new int[1024];
        private float[] magnitude = new float[1024];
        private byte[] unit = new byte[1024];
        private final List<String> units = new ArrayList<>();
        private final Map<String, Integer> unitIndex = new HashMap<>();
        private final List<String> sources = new ArrayList<>();
        private final Map<String, Integer> sourceIndex = new HashMap<>();
        private int groupCount;
        private int[] groupActor = new int[1024];
        private int[] groupTarget = new int[1024];
        private int[] groupType = new int[1024];
        private final Map<Long, Integer> groupIndex = new HashMap<>();
        private final List<String> types = new ArrayList<>();
        private final List<String> codes = new ArrayList<>();
        private final Map<String, Integer> typeIndex = new HashMap<>();
        private final Map<String, Integer> codeIndex = new HashMap<>();

        void add(long seqValue, int dateDay, int untilDay, String typeName, String actorCode, String targetCode,
                 String gradeText, long version, String sourceText, Double magnitudeValue, String unitName) {
            if (size == seq.length) {
                int n = size * 2;
                seq = Arrays.copyOf(seq, n);
                date = Arrays.copyOf(date, n);
                until = Arrays.copyOf(until, n);
                type = Arrays.copyOf(type, n);
                actor = Arrays.copyOf(actor, n);
                target = Arrays.copyOf(target, n);
                grade = Arrays.copyOf(grade, n);
                dataVersion = Arrays.copyOf(dataVersion, n);
                group = Arrays.copyOf(group, n);
                source = Arrays.copyOf(source, n);
                magnitude = Arrays.copyOf(magnitude, n);
                unit = Arrays.copyOf(unit, n);
            }
            seq[size] = seqValue;
            date[size] = dateDay;
            until[size] = untilDay;
            type[size] = index(typeName, types, typeIndex);
            actor[size] = index(actorCode, codes, codeIndex);
            target[size] = index(targetCode, codes, codeIndex);
            grade[size] = gradeNumber(gradeText);
            dataVersion[size] = version;
            group[size] = group(actor[size], target[size], type[size]);
            String publisher = publisher(sourceText);
            source[size] = publisher == null ? -1 : index(publisher, sources, sourceIndex);
            boolean measured = magnitudeValue != null && unitName != null;
            magnitude[size] = measured ? magnitudeValue.floatValue() : Float.NaN;
            unit[size] = measured ? (byte) index(unitName, units, unitIndex) : -1;
            size++;
        }

        private int group(int actorIndex, int targetIndex, int typeIndex) {
            Integer g = groupIndex.get(groupKey(actorIndex, targetIndex, typeIndex));
            if (g == null) {
                if (groupCount == groupActor.length) {
                    int n = groupCount * 2;
                    groupActor = Arrays.copyOf(groupActor, n);
                    groupTarget = Arrays.copyOf(groupTarget, n);
                    groupType = Arrays.copyOf(groupType, n);
                }
                g = groupCount++;
                groupActor[g] = actorIndex;
                groupTarget[g] = targetIndex;
                groupType[g] = typeIndex;
                groupIndex.put(groupKey(actorIndex, targetIndex, typeIndex), g);
            }
            return g;
        }

        static long groupKey(int actorIndex, int targetIndex, int typeIndex) {
            return ((long) actorIndex << 40) | ((long) targetIndex << 20) | typeIndex;
        }

        private static int index(String value, List<String> values, Map<String, Integer> index) {
            Integer i = index.get(value);
            if (i == null) {
                i = values.size();
                values.add(value);
                index.put(value, i);
            }
            return i;
        }

        IndicatorSnapshot build(long version) {
            return new IndicatorSnapshot(this, version);
        }
    }
}
