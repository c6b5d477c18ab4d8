package org.mandala.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mandala.rules.RulesetCompiler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database's active version is the truth of every replica. This replica is made a stale one
 * (it follows other replicas only once an hour) and another replica's activation is written into
 * the shared database as that replica would: changes made here must apply to the database's
 * version, never to this replica's stale copy, and {@code If-Match} is a compare-and-set on it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:shared-rules;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.rules.poll=1h", "mandala.rules.session.timeout=5s", "mandala.rules.session.test-timeout=3s",
        "mandala.security.keys[0].name=policy-analyst", "mandala.security.keys[0].role=POLICY",
        "mandala.security.keys[0].sha256=7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d"})
@DirtiesContext
class SharedRulesTests {
    static final Path RULES = PolicyTests.copyOfRules();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    RulesetStore store;

    @Autowired
    RulesetLifecycle lifecycle;

    @DynamicPropertySource
    static void rulesDir(DynamicPropertyRegistry registry) {
        registry.add("mandala.rules.dir", RULES::toString);
    }

    HttpResponse<String> put(String file, String content, String ifMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules/files/" + file))
                .PUT(HttpRequest.BodyPublishers.ofString(content)).header("Authorization", "Bearer " + PolicyTests.POLICY)
                .header("Content-Type", "text/plain").header("X-Change-Note", "test: " + file);
        if (ifMatch != null) {
            b.header("If-Match", "\"" + ifMatch + "\"");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What another replica does when a change is made there: the version stored and made active in the shared database. */
    String activatedElsewhere(String file, String content) {
        String before = store.activeVersion().orElseThrow();
        SortedMap<String, byte[]> files = new TreeMap<>(store.files(before).orElseThrow());
        files.put(file, content.getBytes(StandardCharsets.UTF_8));
        String version = RulesetCompiler.version(files);
        store.save(version, files, RulesetCompiler.hashes(files), "replica-2", "changed on replica 2");
        assertThat(store.activate(before, version, "replica-2", "changed on replica 2")).isTrue();
        return version;
    }

    String stored(String version, String file) {
        return new String(store.files(version).orElseThrow().get(file), StandardCharsets.UTF_8);
    }

    @Test
    void changesApplyToTheDatabasesVersionAndIfMatchIsACompareAndSetOnIt() throws Exception {
        String v0 = store.activeVersion().orElseThrow();
        String levels = stored(v0, "levels.drl.csv").replace("Alignment STRONG from 45,STRONG,45,", "Alignment STRONG from 45,STRONG,44,");
        String v1 = activatedElsewhere("levels.drl.csv", levels);
        assertThat(lifecycle.status().activeVersion()).as("this replica has not followed yet").isEqualTo(v0);

        // made against the version this replica still serves: refused, and the other replica's change stands
        String parameters = stored(v0, "parameters.drl.csv") + "\n";
        HttpResponse<String> late = put("parameters.drl.csv", parameters, v0);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(412);
        assertThat(store.activeVersion()).contains(v1);

        // without If-Match: applied to the database's latest files, so the other replica's change is kept
        HttpResponse<String> change = put("parameters.drl.csv", parameters, null);
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
        String v2 = store.activeVersion().orElseThrow();
        assertThat(v2).isNotIn(v0, v1);
        assertThat(stored(v2, "levels.drl.csv")).as("replica 2's change is not lost").isEqualTo(levels);
        assertThat(stored(v2, "parameters.drl.csv")).isEqualTo(parameters);

        // two changes against the same version at once: exactly one wins, the other is told to reload
        String a = stored(v2, "parameters.drl.csv") + "\n";
        String b = stored(v2, "levels.drl.csv") + "\n";
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> call(() -> put("parameters.drl.csv", a, v2)));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> call(() -> put("levels.drl.csv", b, v2)));
        List<Integer> codes = List.of(first.join().statusCode(), second.join().statusCode());
        assertThat(codes).containsExactlyInAnyOrder(200, 412);
        assertThat(store.activations(1).get(0).version()).isEqualTo(store.activeVersion().orElseThrow());
    }

    HttpResponse<String> send(HttpRequest.Builder request, String ifMatch) throws Exception {
        request.header("Authorization", "Bearer " + PolicyTests.POLICY).header("X-Change-Note", "test");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> putRaw(String file, String content, String ifMatch) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules/files/" + file))
                .PUT(HttpRequest.BodyPublishers.ofString(content)).header("Content-Type", "text/plain"), ifMatch);
    }

    /** If-Match as RFC 9110 has it (strong comparison, lists, {@code *}), on changes and rollbacks alike; the version is the ETag. */
    @Test
    void ifMatchIsReadAsHttpHasItAndTheVersionIsTheETag() throws Exception {
        String v0 = store.activeVersion().orElseThrow();
        HttpResponse<String> rules = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules")).GET(), null);
        assertThat(rules.headers().firstValue("ETag")).contains("\"" + v0 + "\"");
        HttpResponse<String> file = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules/files/levels.drl.csv")).GET(), null);
        assertThat(file.headers().firstValue("ETag")).contains("\"" + v0 + "\"");

        String levels = stored(v0, "levels.drl.csv");
        int activations = store.activations(1000).size();
        HttpResponse<String> same = putRaw("levels.drl.csv", levels, "\"" + v0 + "\"");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(store.activations(1000)).as("the active files again: nothing activated").hasSize(activations);

        HttpResponse<String> weak = putRaw("levels.drl.csv", levels + "\n", "W/\"" + v0 + "\"");
        assertThat(weak.statusCode()).isEqualTo(412);
        HttpResponse<String> garbage = putRaw("levels.drl.csv", levels + "\n", "garbage");
        assertThat(garbage.statusCode()).isEqualTo(412);
        assertThat(garbage.body()).contains("names no stored ruleset version", v0).doesNotContain("meanwhile");

        HttpResponse<String> listed = putRaw("levels.drl.csv", levels + "\n", "\"0123456789ab\", \"" + v0 + "\"");
        assertThat(listed.statusCode()).as("a list naming the active version matches: " + listed.body()).isEqualTo(200);
        String v1 = store.activeVersion().orElseThrow();
        HttpResponse<String> any = putRaw("levels.drl.csv", levels + "\n\n", "*");
        assertThat(any.statusCode()).as(any.body()).isEqualTo(200);
        String v2 = store.activeVersion().orElseThrow();
        assertThat(v2).isNotIn(v0, v1);

        // a rollback made against a version no longer active is refused, as a change is
        HttpResponse<String> staleRollback = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules/versions/" + v0
                + "/activate")).POST(HttpRequest.BodyPublishers.noBody()), "\"" + v1 + "\"");
        assertThat(staleRollback.statusCode()).as(staleRollback.body()).isEqualTo(412);
        assertThat(store.activeVersion()).contains(v2);
        HttpResponse<String> rollback = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rules/versions/" + v0
                + "/activate")).POST(HttpRequest.BodyPublishers.noBody()), "\"" + v2 + "\"");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(store.activeVersion()).contains(v0);
    }

    @Test
    void aSecondReplicaStartingOnTheSameRulesRecordsNoActivation() {
        // a second replica starting with the same rules on its disk proposes them as this one did at its start
        SortedMap<String, byte[]> disk = RulesetCompiler.readDirectory(RULES);
        long before = store.activations(1000).size();
        RulesetLifecycle.Outcome outcome = lifecycle.propose(new RulesetLifecycle.Proposal(org.mandala.rules.RulesetActivated.Origin.STARTUP,
                disk, "disk", "read from rules at startup", null));
        assertThat(outcome).isInstanceOf(RulesetLifecycle.Activated.class);
        assertThat(((RulesetLifecycle.Activated) outcome).tests()).as("the stored, tested active version serves without its tests run again")
                .isNull();
        assertThat(store.activations(1000)).as("the start-up activation is recorded once, not once per replica").hasSize((int) before);
    }

    @Test
    void newRulesOnDiskThatFailTheirTestsAtStartupAreTestedAndRefusedWhileTheStoredVersionServes() throws Exception {
        // a restart with rules on disk new to the database: they are tested before they could serve, and they fail
        String active = store.activeVersion().orElseThrow();
        SortedMap<String, byte[]> disk = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        disk.put("levels.drl.csv", new String(disk.get("levels.drl.csv"), StandardCharsets.UTF_8)
                .replace("Alignment MODERATE from 25,MODERATE,25,", "Alignment MODERATE from 25,MODERATE,27,").getBytes(StandardCharsets.UTF_8));
        RulesetLifecycle.Outcome outcome = lifecycle.propose(new RulesetLifecycle.Proposal(org.mandala.rules.RulesetActivated.Origin.STARTUP,
                disk, "disk", "read from rules at startup", null));
        assertThat(outcome).isInstanceOf(RulesetLifecycle.Refused.class);
        assertThat(((RulesetLifecycle.Refused) outcome).problems()).anySatisfy(p -> assertThat(p.file() + " " + p.message()).contains("alignment.yaml"));
        assertThat(store.activeVersion()).contains(active);
        assertThat(lifecycle.status().activeVersion()).isEqualTo(active);
    }

    interface Call<T> {
        T run() throws Exception;
    }

    static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
