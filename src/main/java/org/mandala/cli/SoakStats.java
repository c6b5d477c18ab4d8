package org.mandala.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests of the soak by kind: their answers by status, their latencies and the unexpected ones.
 * A request the child could not answer because it was killed counts as unavailable, apart from
 * the failures; one that timed out while the child was up counts as a hang.
 */
final class SoakStats {
    static final String UNAVAILABLE = "unavailable";
    static final String HANG = "hang";
    static final String IO_ERROR = "io-error";

    /** A 5xx answer, or another failure worth naming in the report. */
    record Incident(String kind, String outcome, String method, String path, String body) {
        String describe() {
            return outcome + " " + method + " " + path + (body == null || body.isBlank() ? "" : ": " + body);
        }
    }

    private static final class Kind {
        final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        final LongAdder failures = new LongAdder();
    }

    private final Map<String, Kind> kinds = new ConcurrentSkipListMap<>();
    private final List<Incident> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<Incident> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Set<Integer>> expected = new ConcurrentHashMap<>();

    /** The statuses a kind of request expects; anything else but a 503 or an unavailable child is a failure. */
    void expect(String kind, Integer... statuses) {
        expected.put(kind, Set.of(statuses));
    }

    /** Records an HTTP answer; returns whether it was expected. */
    boolean answer(String kind, int status, long nanos, String method, String path, String body) {
        Kind k = kind(kind);
        k.outcomes.computeIfAbsent(String.valueOf(status), s -> new LongAdder()).increment();
        k.nanos.add(nanos);
        boolean ok = expected.getOrDefault(kind, Set.of(200)).contains(status);
        if (status >= 500) {
            serverErrors.add(new Incident(kind, String.valueOf(status), method, path, firstLines(body)));
        }
        if (!ok && status != 503) {
            k.failures.increment();
            if (status < 500) {
                failures.add(new Incident(kind, String.valueOf(status), method, path, firstLines(body)));
            }
        }
        return ok;
    }

    /** Records a request without an HTTP answer: {@link #UNAVAILABLE}, {@link #HANG} or {@link #IO_ERROR}. */
    void noAnswer(String kind, String outcome, long nanos, String method, String path, String detail) {
        Kind k = kind(kind);
        k.outcomes.computeIfAbsent(outcome, s -> new LongAdder()).increment();
        if (!outcome.equals(UNAVAILABLE)) {
            k.nanos.add(nanos);
            k.failures.increment();
            failures.add(new Incident(kind, outcome, method, path, detail));
        }
    }

    private Kind kind(String kind) {
        return kinds.computeIfAbsent(kind, n -> new Kind());
    }

    long count(String outcome) {
        return kinds.values().stream().mapToLong(k -> k.outcomes.getOrDefault(outcome, new LongAdder()).sum()).sum();
    }

    long requests() {
        return kinds.values().stream().mapToLong(k -> k.outcomes.values().stream().mapToLong(LongAdder::sum).sum()).sum();
    }

    long failureCount() {
        return kinds.values().stream().mapToLong(k -> k.failures.sum()).sum();
    }

    List<Incident> serverErrors() {
        synchronized (serverErrors) {
            return List.copyOf(serverErrors);
        }
    }

    List<Incident> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    List<Incident> serverErrorsOtherThan503() {
        return serverErrors().stream().filter(i -> !i.outcome().equals("503")).toList();
    }

    /** A Markdown table: requests, answers by status, unavailable, failures, p50/p99/max latency in ms, per kind. */
    String table() {
        StringBuilder s = new StringBuilder(
                "| kind | requests | answers | unavailable | failures | 5xx | p50 ms | p99 ms | max ms |\n"
                        + "|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        kinds.forEach((name, k) -> {
            Map<String, Long> byOutcome = new TreeMap<>();
            k.outcomes.forEach((o, n) -> byOutcome.put(o, n.sum()));
            long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
            long unavailable = byOutcome.getOrDefault(UNAVAILABLE, 0L);
            long fivexx = byOutcome.entrySet().stream().filter(e -> e.getKey().startsWith("5")).mapToLong(Map.Entry::getValue).sum();
            List<String> answers = new ArrayList<>();
            byOutcome.forEach((o, n) -> {
                if (!o.equals(UNAVAILABLE)) {
                    answers.add(o + "×" + n);
                }
            });
            List<Long> sorted;
            synchronized (k.nanos) {
                sorted = new ArrayList<>(k.nanos);
            }
            Collections.sort(sorted);
            s.append(String.format("| %s | %d | %s | %d | %d | %d | %s | %s | %s |%n", name, total, String.join(", ", answers),
                    unavailable, k.failures.sum(), fivexx, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                    ms(sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1))));
        });
        return s.toString();
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "–" : String.valueOf(Math.round(nanos / 1e6));
    }

    /** The first two lines of a body, at most 300 characters: enough to tell one error from another. */
    static String firstLines(String body) {
        if (body == null) {
            return null;
        }
        String[] lines = body.strip().split("\\R", 3);
        String s = lines.length > 1 ? lines[0] + " / " + lines[1] : lines[0];
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
