package org.mandala.web;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import org.mandala.alert.AlertService;
import org.mandala.alert.AlertStore;
import org.mandala.alert.AlertStream;
import org.mandala.alert.Subscriptions;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Alerts: the warnings the tripwires raised ({@code GET /api/alerts}, newest first, with an ETag),
 * one alert, its acknowledgement (ANALYST) and its webhook deliveries (ANALYST), a server-sent-events
 * stream, and the webhook subscriptions (POLICY).
 */
@RestController
class AlertController {
    static final int MAX_LIMIT = 500;

    /**
     * The alerts asked for, and how many of the focus's (every focus's when none is named) at the severity
     * asked are not acknowledged, whenever they were raised.
     */
    record AlertsView(List<AlertService.AlertView> alerts, long unacknowledged, List<String> foci) {
    }

    private final AlertStore store;
    private final AlertService alerts;
    private final AlertStream stream;
    private final Subscriptions subscriptions;
    private final AssessmentService assessments;

    AlertController(AlertStore store, AlertService alerts, AlertStream stream, Subscriptions subscriptions, AssessmentService assessments) {
        this.store = store;
        this.alerts = alerts;
        this.stream = stream;
        this.subscriptions = subscriptions;
        this.assessments = assessments;
    }

    @GetMapping("/api/alerts")
    ResponseEntity<AlertsView> list(@RequestParam(required = false) String focus, @RequestParam(required = false) String since,
                                    @RequestParam(required = false) String severity, @RequestParam(required = false) Integer limit,
                                    WebRequest request) {
        String f = focus == null || focus.isBlank() ? null : assessments.state("focus", focus);
        Instant from = instant(since);
        int minRank = AlertService.severity("severity", severity).ordinal();
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new InvalidParameterException("limit", String.valueOf(limit), "limit must be between 1 and " + MAX_LIMIT);
        }
        String etag = "\"alerts." + store.tag() + "." + Integer.toHexString(java.util.Objects.hash(f, from, minRank, n)) + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
        }
        List<AlertService.AlertView> shown = store.list(f, from, minRank, n).stream().map(alerts::view).toList();
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache())
                .body(new AlertsView(shown, store.unacknowledged(f, minRank), alerts.foci()));
    }

    @GetMapping("/api/alerts/{id}")
    AlertService.AlertView one(@PathVariable String id) {
        return alerts.view(store.find(id(id)).orElseThrow(() -> new NotFoundException("no alert " + id)), true);
    }

    @PostMapping("/api/alerts/{id}/acknowledge")
    AlertService.AlertView acknowledge(@PathVariable String id, Principal who) {
        long n = id(id);
        if (!store.acknowledge(n, who == null ? "anonymous" : who.getName())) {
            throw new NotFoundException("no alert " + id);
        }
        return one(id);
    }

    @GetMapping("/api/alerts/{id}/deliveries")
    List<AlertStore.Delivery> deliveries(@PathVariable String id) {
        long n = id(id);
        store.find(n).orElseThrow(() -> new NotFoundException("no alert " + id));
        return store.deliveries(n);
    }

    @GetMapping(value = "/api/alerts/stream", produces = "text/event-stream")
    SseEmitter stream(@RequestParam(required = false) String focus, @RequestParam(required = false) String severity,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletResponse response)
            throws IOException {
        if (stream.full()) {
            throw new StreamFullException();
        }
        String f = focus == null || focus.isBlank() ? null : assessments.state("focus", focus);
        Long last = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                last = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("Last-Event-ID", lastEventId, "Last-Event-ID must be the id of an alert event");
            }
        }
        // proxies must pass events on as they come
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-cache");
        return stream.listen(f, AlertService.severity("severity", severity).ordinal(), last);
    }

    @PostMapping("/api/alerts/subscriptions")
    ResponseEntity<Subscriptions.View> subscribe(@RequestBody Subscriptions.Request body, Principal who) {
        Subscriptions.View created = subscriptions.subscribe(body, who == null ? "anonymous" : who.getName());
        return ResponseEntity.created(URI.create("/api/alerts/subscriptions/" + created.id())).body(created);
    }

    @GetMapping("/api/alerts/subscriptions")
    List<Subscriptions.View> subscriptionList() {
        return subscriptions.list();
    }

    @DeleteMapping("/api/alerts/subscriptions/{id}")
    ResponseEntity<Void> unsubscribe(@PathVariable String id) {
        if (!subscriptions.unsubscribe(id(id))) {
            throw new NotFoundException("no subscription " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no alert or subscription " + id + ": ids are numbers");
        }
    }

    /** {@code since}: a date (its start, UTC) or an instant. */
    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        String s = since.strip();
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException("since", since, "since must be a date (2026-12-01) or an instant (2026-12-01T09:00:00Z)");
        }
    }

    /** Too many listeners on this replica. */
    static class StreamFullException extends RuntimeException {
        StreamFullException() {
            super("this replica has as many alert listeners as it keeps; poll GET /api/alerts or try again later");
        }
    }
}
