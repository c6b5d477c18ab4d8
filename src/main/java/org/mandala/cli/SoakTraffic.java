package org.mandala.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The soak's traffic against one child: uploaders, pollers, a rule activator and a killer at
 * once until the deadline, then the final check of what the service stored. Every request has a
 * timeout and every loop ends at the deadline.
 */
final class SoakTraffic {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern EXPLANATION_ID = Pattern.compile("\"explanationId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final int PAGE = 1000;

    record Settings(int uploaders, int pollers, Duration killEvery, Duration activateEvery, Duration requestTimeout) {
    }

    record Keys(String viewer, String analyst, String policy) {
    }

    /** A rule file the activator flips between two harmless variants. */
    record RuleFlip(String path, String original, String tweaked) {
    }

    /** The end of a run: restarts, the final check and its verdicts. */
    record Result(int kills, int killsDuringImport, int killsDuringActivation, List<Duration> restarts, boolean cleanStop,
                  Duration finalRestart, long storedRows, long listedTotal, long soakRows, SoakLedger.Verdicts verdicts, List<String> rulesLost,
                  String fatal) {
    }

    private record GeneratedFile(String name, byte[] csv, List<String> ids, boolean valid) {
    }

    private record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    }

    private final SoakChild child;
    private final String base;
    private final Keys keys;
    private final Settings settings;
    private final List<String> types;
    private final List<String> actors;
    private final List<String> targets;
    private final List<String> blocs;
    private final Path uploads;
    private final RuleFlip flip;
    private final String runId;
    private final SoakStats stats;
    private final SoakLedger ledger = new SoakLedger();

    private volatile HttpClient client = newClient();
    private volatile boolean up = true;
    private volatile String fatal;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger importsInFlight = new AtomicInteger();
    private final AtomicInteger activationsInFlight = new AtomicInteger();
    private final List<GeneratedFile> created = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> jobGeneration = new ConcurrentHashMap<>();
    private final List<Duration> restarts = Collections.synchronizedList(new ArrayList<>());
    private int kills;
    private int killsDuringImport;
    private int killsDuringActivation;
    private String acknowledgedRules;
    private final Set<String> rulesInDoubt = new LinkedHashSet<>();
    private long deadline;

    SoakTraffic(SoakChild child, int port, Keys keys, Settings settings, List<String> types, List<String> actors, List<String> targets,
                List<String> blocs, Path uploads, RuleFlip flip, SoakStats stats) {
        this.child = child;
        this.base = "http://127.0.0.1:" + port;
        this.keys = keys;
        this.settings = settings;
        this.types = types;
        this.actors = actors;
        this.targets = targets;
        this.blocs = blocs;
        this.uploads = uploads;
        this.flip = flip;
        this.stats = stats;
        this.runId = Long.toString(System.currentTimeMillis(), 36);
        this.acknowledgedRules = flip.original();
        stats.expect("upload", 201);
        stats.expect("upload-large", 202);
        stats.expect("upload-async", 202);
        stats.expect("upload-invalid", 422);
        stats.expect("upload-invalid-async", 202);
        stats.expect("upload-resend", 201);
        stats.expect("job", 200);
        stats.expect("assessment", 200, 304);
        stats.expect("history", 200, 304);
        stats.expect("explanation", 200);
        stats.expect("rules-read", 200);
        stats.expect("activation", 200, 412);
        stats.expect("final-check", 200);
        // a job the store lost is a verdict of its own, not a failed request as well
        stats.expect("final-check-job", 200, 404);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Runs the traffic for {@code length}, then checks what is stored; the child is left stopped. */
    Result run(Duration length) throws InterruptedException {
        deadline = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < settings.uploaders(); i++) {
            int n = i;
            threads.add(thread("soak-uploader-" + i, () -> uploader(n)));
        }
        for (int i = 0; i < settings.pollers(); i++) {
            int n = i;
            threads.add(thread("soak-poller-" + i, () -> poller(n)));
        }
        threads.add(thread("soak-activator", this::activator));
        threads.add(thread("soak-killer", this::killer));
        threads.forEach(Thread::start);
        long joinBy = deadline + settings.requestTimeout().toNanos() + Duration.ofMinutes(4).toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                fatal = "thread " + t.getName() + " did not end after the deadline: a hang";
                t.interrupt();
            }
        }
        return finish();
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                fatal = name + " failed: " + e;
                e.printStackTrace();
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private boolean running() {
        return fatal == null && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted();
    }

    private void awaitUp() {
        while (!up && running()) {
            pause(50);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pauseUntil(long nanoTime) {
        while (running() && System.nanoTime() < nanoTime) {
            pause(Math.min(200, Math.max(1, (nanoTime - System.nanoTime()) / 1_000_000)));
        }
    }

    // ---- HTTP ----

    private HttpRequest.Builder request(String path, String key) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .timeout(settings.requestTimeout());
    }

    /** Sends and records a request; null when no answer came (child killed, timeout, connection error). */
    private Answer send(String kind, HttpRequest request) {
        int gen = generation.get();
        HttpClient c = client;
        String path = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = c.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            stats.answer(kind, r.statusCode(), System.nanoTime() - t0, request.method(), path, r.body());
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (HttpTimeoutException e) {
            boolean killed = generation.get() != gen || !up;
            stats.noAnswer(kind, killed ? SoakStats.UNAVAILABLE : SoakStats.HANG, System.nanoTime() - t0, request.method(), path,
                    "no answer within " + request.timeout().map(Duration::toSeconds).orElse(0L) + " s");
        } catch (IOException e) {
            boolean killed = generation.get() != gen || !up;
            stats.noAnswer(kind, killed ? SoakStats.UNAVAILABLE : SoakStats.IO_ERROR, System.nanoTime() - t0, request.method(), path,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    // ---- uploaders ----

    private void uploader(int u) {
        Random rnd = new Random(31L * u + 7);
        int n = 0;
        while (running()) {
            awaitUp();
            if (!running()) {
                break;
            }
            n++;
            String name = "u" + u + "-" + n;
            int dice = rnd.nextInt(100);
            GeneratedFile resend = dice < 10 ? pick(rnd) : null;
            if (resend != null) {
                post("upload-resend", resend, false, resend.name());
            } else if (dice < 20) {
                boolean async = rnd.nextInt(4) == 0;
                post(async ? "upload-invalid-async" : "upload-invalid", generate(name, 5 + rnd.nextInt(300), false, rnd), async, null);
            } else if (dice < 28) {
                post("upload-async", generate(name, 300 + rnd.nextInt(1200), true, rnd), true, null);
            } else if (dice < 33) {
                // over the child's async threshold (256 KB): answered 202 by size alone
                post("upload-large", generate(name, 2500 + rnd.nextInt(1500), true, rnd), false, null);
            } else {
                post("upload", generate(name, 5 + rnd.nextInt(200), true, rnd), false, null);
            }
            pause(50 + rnd.nextInt(200));
        }
    }

    private GeneratedFile pick(Random rnd) {
        synchronized (created) {
            return created.isEmpty() ? null : created.get(rnd.nextInt(created.size()));
        }
    }

    /** A native CSV file of unique ids; an invalid one has one row with a type the catalogue lacks. */
    private GeneratedFile generate(String name, int rows, boolean valid, Random rnd) {
        StringBuilder csv = new StringBuilder("id,date,until,type,actor,target,magnitude,unit,grade,source,summary\n");
        List<String> ids = new ArrayList<>(rows);
        int bad = valid ? -1 : rnd.nextInt(rows);
        LocalDate start = LocalDate.of(2019, 1, 1);
        for (int i = 0; i < rows; i++) {
            String id = "soak-" + runId + "-" + name + "-" + i;
            ids.add(id);
            String actor = actors.get(rnd.nextInt(actors.size()));
            String target = targets.get(rnd.nextInt(targets.size()));
            while (target.equals(actor)) {
                target = targets.get(rnd.nextInt(targets.size()));
            }
            String type = i == bad ? "NOT_A_CATALOGUE_TYPE" : types.get(rnd.nextInt(types.size()));
            if (type.equals("BLOC_ACCESSION")) {
                // the one type whose target must be a bloc
                target = blocs.get(rnd.nextInt(blocs.size()));
            }
            csv.append(id).append(',').append(start.plusDays(rnd.nextInt(1730))).append(",,").append(type).append(',')
                    .append(actor).append(',').append(target).append(',').append(1 + rnd.nextInt(1000)).append(",UNITS,")
                    .append("ABC".charAt(rnd.nextInt(3))).append(1 + rnd.nextInt(3))
                    .append(",https://soak.example/").append(runId).append('/').append(name).append('/').append(i)
                    .append(",Generated by the soak to load the service; row ").append(i).append(" of ").append(name).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(uploads.resolve(name + (valid ? "" : "-invalid") + ".csv"), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedFile(name, bytes, List.copyOf(ids), valid);
    }

    private void post(String kind, GeneratedFile file, boolean async, String resendOf) {
        String name = resendOf == null ? file.name() : file.name() + "-resent-" + System.nanoTime();
        importsInFlight.incrementAndGet();
        try {
            Answer a = send(kind, request("/api/indicators" + (async ? "?async=true" : ""), keys.analyst())
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(file.csv())).build());
            if (a == null) {
                ledger.record(new SoakLedger.Upload(name, file.ids(), file.valid(), resendOf, SoakLedger.Outcome.LOST, null, 0));
                return;
            }
            switch (a.status()) {
                case 201 -> {
                    long accepted = json(a.body()).path("accepted").asLong(-1);
                    ledger.record(new SoakLedger.Upload(name, file.ids(), file.valid(), resendOf, SoakLedger.Outcome.CREATED, null,
                            accepted));
                    if (resendOf == null && file.valid()) {
                        created.add(file);
                    }
                }
                case 202 -> {
                    String job = json(a.body()).path("id").asString("");
                    jobGeneration.put(job, generation.get());
                    ledger.record(new SoakLedger.Upload(name, file.ids(), file.valid(), resendOf, SoakLedger.Outcome.ACCEPTED, job, 0));
                    follow(job);
                }
                case 422 -> ledger.record(new SoakLedger.Upload(name, file.ids(), file.valid(), resendOf, SoakLedger.Outcome.REFUSED,
                        null, 0));
                default -> ledger.record(new SoakLedger.Upload(name, file.ids(), file.valid(), resendOf, SoakLedger.Outcome.OTHER,
                        null, 0));
            }
        } finally {
            importsInFlight.decrementAndGet();
        }
    }

    /** Polls a job until it ends, the child is killed or the deadline passes; the final check judges it. */
    private void follow(String job) {
        int gen = generation.get();
        while (running() && up && generation.get() == gen) {
            pause(300);
            Answer a = send("job", request("/api/indicators/jobs/" + job, keys.analyst()).GET().build());
            if (a != null && a.status() == 200 && !json(a.body()).path("status").asString("").equals("RUNNING")) {
                return;
            }
        }
    }

    // ---- pollers ----

    private void poller(int p) {
        Random rnd = new Random(1000L + p);
        LocalDate asOf = List.of(LocalDate.of(2023, 9, 30), LocalDate.of(2023, 6, 30), LocalDate.of(2022, 12, 31)).get(p % 3);
        String etag = null;
        String historyEtag = null;
        List<String> explanations = List.of();
        while (running()) {
            awaitUp();
            if (!running()) {
                break;
            }
            int dice = rnd.nextInt(100);
            if (dice < 85 || explanations.isEmpty() && dice < 95) {
                HttpRequest.Builder b = request("/api/assessment?focus=IND&asOf=" + asOf, keys.viewer()).GET();
                if (etag != null) {
                    b.header("If-None-Match", etag);
                }
                Answer a = send("assessment", b.build());
                if (a != null && a.status() == 200) {
                    etag = a.headers().firstValue("ETag").orElse(null);
                    List<String> ids = new ArrayList<>();
                    Matcher m = EXPLANATION_ID.matcher(a.body());
                    while (m.find()) {
                        ids.add(m.group(1));
                    }
                    explanations = ids;
                }
            } else if (dice < 95) {
                String id = explanations.get(rnd.nextInt(explanations.size()));
                send("explanation", request("/api/explanations/" + id, keys.viewer()).GET().build());
            } else {
                HttpRequest.Builder b = request("/api/assessment/history?focus=IND&from=" + asOf.minusMonths(9) + "&to=" + asOf + "&step=month",
                        keys.viewer()).GET();
                if (historyEtag != null) {
                    b.header("If-None-Match", historyEtag);
                }
                Answer a = send("history", b.build());
                if (a != null && a.status() == 200) {
                    historyEtag = a.headers().firstValue("ETag").orElse(null);
                }
            }
            pause(rnd.nextInt(400));
        }
    }

    // ---- activator ----

    private void activator() {
        int n = 0;
        long next = System.nanoTime() + settings.activateEvery().toNanos();
        while (running()) {
            pauseUntil(next);
            next = System.nanoTime() + settings.activateEvery().toNanos();
            awaitUp();
            if (!running()) {
                break;
            }
            Answer rules = send("rules-read", request("/api/rules", keys.policy()).GET().build());
            Answer file = send("rules-read", request("/api/rules/files/" + flip.path(), keys.policy()).GET().build());
            if (rules == null || file == null || rules.status() != 200 || file.status() != 200) {
                continue;
            }
            String version = json(rules.body()).path("activeVersion").asString("");
            String content = file.body().equals(flip.tweaked()) ? flip.original() : flip.tweaked();
            n++;
            activationsInFlight.incrementAndGet();
            Answer put;
            try {
                put = send("activation", request("/api/rules/files/" + flip.path(), keys.policy())
                        .header("Content-Type", "text/plain").header("X-Change-Note", "soak: flip " + n)
                        .header("If-Match", "\"" + version + "\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8)).build());
            } finally {
                activationsInFlight.decrementAndGet();
            }
            synchronized (rulesInDoubt) {
                if (put == null) {
                    rulesInDoubt.add(content);
                } else if (put.status() == 200) {
                    acknowledgedRules = content;
                    rulesInDoubt.clear();
                }
            }
        }
    }

    // ---- killer ----

    private void killer() {
        if (settings.killEvery().isZero()) {
            return;
        }
        while (running()) {
            pauseUntil(System.nanoTime() + settings.killEvery().toNanos());
            if (!running()) {
                break;
            }
            // rather while an import or an activation is in flight: wait a little for one
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (importsInFlight.get() == 0 && activationsInFlight.get() == 0 && System.nanoTime() < until) {
                pause(10);
            }
            boolean duringImport = importsInFlight.get() > 0;
            boolean duringActivation = activationsInFlight.get() > 0;
            up = false;
            long t0 = System.nanoTime();
            try {
                child.kill();
                kills++;
                killsDuringImport += duringImport ? 1 : 0;
                killsDuringActivation += duringActivation ? 1 : 0;
                System.out.printf("  kill %d (%s), restarting...%n", kills, duringImport && duringActivation ? "during an import and an activation"
                        : duringImport ? "during an import" : duringActivation ? "during an activation" : "nothing in flight");
                child.start();
            } catch (Exception e) {
                fatal = "the service did not come back after kill " + kills + ": " + e.getMessage();
                return;
            }
            Duration restart = Duration.ofNanos(System.nanoTime() - t0);
            restarts.add(restart);
            System.out.printf("  back after %.1f s%n", restart.toMillis() / 1000.0);
            client = newClient();
            generation.incrementAndGet();
            up = true;
        }
    }

    // ---- the final check ----

    private Result finish() throws InterruptedException {
        boolean cleanStop = false;
        Duration finalRestart = null;
        long storedRows = 0;
        long listedTotal = 0;
        List<String> rulesLost = new ArrayList<>();
        Map<String, String> jobs = new HashMap<>();
        Map<String, Integer> stored = new HashMap<>();
        if (fatal == null) {
            deadline = Long.MAX_VALUE;
            try {
                drainJobs();
                System.out.println("Stopping the service cleanly, starting it again for the final check...");
                cleanStop = child.stop(Duration.ofSeconds(60));
                up = false;
                finalRestart = child.start();
                client = newClient();
                generation.incrementAndGet();
                up = true;
                for (SoakLedger.Upload u : ledger.uploads()) {
                    if (u.jobId() != null) {
                        Answer a = send("final-check-job", request("/api/indicators/jobs/" + u.jobId(), keys.analyst()).GET().build());
                        if (a == null || a.status() != 404) {
                            jobs.put(u.jobId(), a == null ? "no answer" : a.status() == 200
                                    ? json(a.body()).path("status").asString("") : "HTTP " + a.status());
                        }
                    }
                }
                for (String actor : actors) {
                    for (int page = 0; ; page++) {
                        Answer a = send("final-check", request("/api/indicators?actor=" + actor + "&size=" + PAGE + "&page=" + page,
                                keys.viewer()).timeout(LIST_TIMEOUT).GET().build());
                        if (a == null || a.status() != 200) {
                            throw new IllegalStateException("could not list the stored indicators of " + actor + ": "
                                    + (a == null ? "no answer" : "HTTP " + a.status()));
                        }
                        JsonNode body = json(a.body());
                        if (page == 0) {
                            listedTotal += body.path("total").asLong();
                        }
                        JsonNode items = body.path("items");
                        for (JsonNode item : items) {
                            stored.merge(item.path("id").asString(""), 1, Integer::sum);
                            storedRows++;
                        }
                        if (items.size() < PAGE) {
                            break;
                        }
                    }
                }
                Answer rules = send("final-check", request("/api/rules/files/" + flip.path(), keys.policy()).GET().build());
                Set<String> acceptable = new LinkedHashSet<>();
                synchronized (rulesInDoubt) {
                    acceptable.add(acknowledgedRules);
                    acceptable.addAll(rulesInDoubt);
                }
                if (rules == null || rules.status() != 200) {
                    rulesLost.add("could not read " + flip.path() + " of the active ruleset");
                } else if (!acceptable.contains(rules.body())) {
                    rulesLost.add("the active " + flip.path() + " is neither the last change acknowledged nor one whose answer was lost"
                            + " (" + describe(rules.body()) + ", expected " + describe(acknowledgedRules) + ")");
                }
                child.stop(Duration.ofSeconds(60));
            } catch (Exception e) {
                fatal = "the final check failed: " + e.getMessage();
            }
        }
        SoakLedger.Verdicts verdicts = SoakLedger.judge(ledger.uploads(), stored, jobs);
        long soakRows = stored.keySet().stream().filter(id -> id.startsWith("soak-" + runId + "-")).count();
        return new Result(kills, killsDuringImport, killsDuringActivation, List.copyOf(restarts), cleanStop, finalRestart, storedRows,
                listedTotal, soakRows, verdicts, rulesLost, fatal);
    }

    private String describe(String rules) {
        return rules.equals(flip.original()) ? "the original" : rules.equals(flip.tweaked()) ? "the tweaked variant"
                : "another content of " + rules.length() + " characters";
    }

    /** Waits (at most a minute) for the jobs the running child accepted, so that a clean stop interrupts none. */
    private void drainJobs() {
        int gen = generation.get();
        long until = System.nanoTime() + DRAIN.toNanos();
        for (Map.Entry<String, Integer> job : new LinkedHashMap<>(jobGeneration).entrySet()) {
            if (job.getValue() != gen) {
                continue;
            }
            while (System.nanoTime() < until) {
                Answer a = send("job", request("/api/indicators/jobs/" + job.getKey(), keys.analyst()).GET().build());
                if (a == null || a.status() != 200 || !json(a.body()).path("status").asString("").equals("RUNNING")) {
                    break;
                }
                pause(300);
            }
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    SoakLedger ledger() {
        return ledger;
    }

    Map<String, Long> uploadOutcomes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SoakLedger.Upload u : ledger.uploads()) {
            counts.merge(u.outcome().name(), 1L, Long::sum);
        }
        return counts;
    }

    long rowsAcknowledged() {
        return ledger.uploads().stream().filter(u -> u.outcome() == SoakLedger.Outcome.CREATED && u.resendOf() == null)
                .mapToLong(u -> u.ids().size()).sum();
    }
}
