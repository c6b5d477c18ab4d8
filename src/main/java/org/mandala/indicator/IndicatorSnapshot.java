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
    private final List<String> types;
    private final List<String> codes;

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
        this.types = List.copyOf(b.types);
        this.codes = List.copyOf(b.codes);
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
                    i.actor(), i.target(), i.grade(), 1);
        }
        return b.build(1);
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
        private final List<String> types = new ArrayList<>();
        private final List<String> codes = new ArrayList<>();
        private final Map<String, Integer> typeIndex = new HashMap<>();
        private final Map<String, Integer> codeIndex = new HashMap<>();

        void add(long seqValue, int dateDay, int untilDay, String typeName, String actorCode, String targetCode,
                 String gradeText, long version) {
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
            }
            seq[size] = seqValue;
            date[size] = dateDay;
            until[size] = untilDay;
            type[size] = index(typeName, types, typeIndex);
            actor[size] = index(actorCode, codes, codeIndex);
            target[size] = index(targetCode, codes, codeIndex);
            grade[size] = gradeNumber(gradeText);
            dataVersion[size] = version;
            size++;
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
