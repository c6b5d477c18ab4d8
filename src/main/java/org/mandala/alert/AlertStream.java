package org.mandala.alert;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/alerts/stream}: server-sent events for pages that prefer push. Every replica looks
 * at the alert table once a second for alerts stored since (by any replica) and sends each to its own
 * listeners as an {@code alert} event whose id is the alert's, so a client that reconnects with
 * {@code Last-Event-ID} misses none. A comment every 20 s keeps proxies from closing a quiet stream.
 */
@Component
public class AlertStream {
    /** The most listeners one replica keeps; past it a new one is refused (503). */
    static final int MAX_LISTENERS = 200;
    private static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private record Listener(SseEmitter emitter, String focus, int minRank) {
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AlertStore store;
    private final AlertService alerts;
    private volatile long seen = -1;
    private long beats;

    AlertStream(AlertStore store, AlertService alerts) {
        this.store = store;
        this.alerts = alerts;
    }

    /** Whether another listener may join. */
    public boolean full() {
        return listeners.size() >= MAX_LISTENERS;
    }

    /** A new listener; {@code lastEventId} (null for none) first gets the alerts stored after it. */
    public SseEmitter listen(String focus, int minRank, Long lastEventId) throws IOException {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        Listener l = new Listener(emitter, focus, minRank);
        emitter.onCompletion(() -> listeners.remove(l));
        emitter.onTimeout(() -> listeners.remove(l));
        emitter.onError(e -> listeners.remove(l));
        if (seen < 0) {
            seen = store.maxId();
        }
        emitter.send(SseEmitter.event().comment("mandala alerts"));
        if (lastEventId != null) {
            for (AlertStore.Alert a : store.after(lastEventId, 500)) {
                send(l, a);
            }
        }
        listeners.add(l);
        return emitter;
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void poll() {
        if (listeners.isEmpty()) {
            // nobody to tell: no query; the first listener fixes where the stream starts
            seen = -1;
            return;
        }
        List<AlertStore.Alert> fresh = store.after(seen, 500);
        for (AlertStore.Alert a : fresh) {
            listeners.forEach(l -> send(l, a));
            seen = a.id();
        }
        if (++beats % 20 == 0) {
            for (Listener l : listeners) {
                try {
                    l.emitter().send(SseEmitter.event().comment("still here"));
                } catch (IOException | IllegalStateException gone) {
                    listeners.remove(l);
                }
            }
        }
    }

    /** Ends every stream when the service stops, so a graceful shutdown does not wait for listeners that never leave. */
    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    void closeAll() {
        for (Listener l : listeners) {
            listeners.remove(l);
            try {
                l.emitter().complete();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }

    private void send(Listener l, AlertStore.Alert a) {
        if ((l.focus() != null && !l.focus().equals(a.focus())) || severityRank(a) < l.minRank()) {
            return;
        }
        try {
            l.emitter().send(SseEmitter.event().id(String.valueOf(a.id())).name("alert").data(alerts.view(a),
                    org.springframework.http.MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            listeners.remove(l);
        }
    }

    private static int severityRank(AlertStore.Alert a) {
        return org.mandala.model.RiskLevel.valueOf(a.severity()).ordinal();
    }
}
