package org.mandala.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.mandala.system.MandalaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the outbox ({@code alert_delivery}) one replica at a time (ShedLock): each due delivery is
 * POSTed as the alert's JSON with {@code X-Mandala-Signature: sha256=<hex>}, the HMAC-SHA256 of the
 * body's bytes under the subscription's secret. A 2xx delivers it; anything else (another status, a
 * timeout, a refused connection, a target that now resolves to a private address) is recorded and
 * tried again after a wait that doubles from {@code first-retry} to {@code max-retry}, until
 * {@code max-attempts}. At least once: a receiver may see an alert twice (a 2xx lost on its way
 * back) and should key on {@code X-Mandala-Delivery}.
 */
@Component
public class AlertDelivery {
    public static final String SIGNATURE = "X-Mandala-Signature";
    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
    private static final int BATCH = 50;

    private final AlertStore store;
    private final AlertService alerts;
    private final AlertsProperties settings;
    private final JsonMapper json;
    /** Made at the first delivery: an HTTP client sets up TLS, which the start of the service need not wait for. */
    private final SingletonSupplier<HttpClient> http;

    AlertDelivery(AlertStore store, AlertService alerts, AlertsProperties settings, JsonMapper json) {
        this.store = store;
        this.alerts = alerts;
        this.settings = settings;
        this.json = json;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(settings.delivery().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    @Scheduled(fixedDelayString = "${mandala.alerts.delivery.interval:1s}", initialDelayString = "${mandala.alerts.delivery.interval:1s}")
    @SchedulerLock(name = "alerts-deliver", lockAtMostFor = "PT10M")
    public void scheduled() {
        deliverDue();
    }

    /** Sends every due delivery (at most a batch, at once); how many were attempted. */
    public int deliverDue() {
        List<AlertStore.Due> due = store.due(Instant.now(), BATCH);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (AlertStore.Due d : due) {
            sent.add(send(d));
        }
        sent.forEach(CompletableFuture::join);
        return due.size();
    }

    private CompletableFuture<Void> send(AlertStore.Due d) {
        int attempt = d.attempts() + 1;
        long start = System.nanoTime();
        byte[] body;
        URI target;
        try {
            AlertStore.Alert alert = store.find(d.alertId()).orElseThrow();
            body = json.writeValueAsBytes(alerts.view(alert));
            target = Targets.check(d.url(), settings.allowPrivateTargets());
        } catch (Targets.Refused e) {
            // a name that does not resolve may come back; a private or malformed target will not: given up at once
            settle(d, attempt, null, "not sent: " + e.getMessage(), start, e.getMessage().contains("does not resolve"));
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(settings.delivery().timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Mandala-Alerts")
                .header(SIGNATURE, "sha256=" + sign(body, d.secret()))
                .header("X-Mandala-Alert", String.valueOf(d.alertId()))
                .header("X-Mandala-Delivery", String.valueOf(d.id()))
                .header("X-Mandala-Attempt", String.valueOf(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.obtain().sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            try {
                if (failure != null) {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    settle(d, attempt, null, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), start,
                            true);
                } else {
                    int code = response.statusCode();
                    settle(d, attempt, code, code / 100 == 2 ? null : "answered " + code, start, true);
                }
            } catch (RuntimeException e) {
                log.warn("Alert delivery {}: the attempt could not be recorded: {}", d.id(), e.getMessage());
            }
            return null;
        });
    }

    private void settle(AlertStore.Due d, int attempt, Integer code, String error, long start, boolean retry) {
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        boolean delivered = error == null;
        Instant next = null;
        if (!delivered && retry && attempt < settings.delivery().maxAttempts()) {
            next = Instant.now().plus(wait(attempt));
        }
        store.attempted(d.id(), attempt, code, error, millis, delivered, next);
        MandalaMetrics.alertSent(delivered ? "delivered" : next != null ? "retried" : "failed");
        if (!delivered && next == null) {
            log.warn("Alert {} to {}: given up after attempt {} ({})", d.alertId(), d.url(), attempt, error);
        } else if (!delivered) {
            log.debug("Alert {} to {}: attempt {} failed ({}); next at {}", d.alertId(), d.url(), attempt, error, next);
        }
    }

    /** The wait after a failed attempt: {@code first-retry} doubled for each earlier failure, at most {@code max-retry}. */
    Duration wait(int failedAttempts) {
        Duration first = settings.delivery().firstRetry();
        Duration max = settings.delivery().maxRetry();
        Duration w = first;
        for (int i = 1; i < failedAttempts && w.compareTo(max) < 0; i++) {
            w = w.multipliedBy(2);
        }
        return w.compareTo(max) > 0 ? max : w;
    }

    /** The HMAC-SHA256 of the bytes under the secret, in lower-case hex. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
