package org.mandala.alert;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.mandala.assessment.AssessmentService;
import org.springframework.stereotype.Service;

/** Webhook subscriptions: checked when saved (the URL, the focus, the severity, the secret); the secret is never shown again. */
@Service
public class Subscriptions {
    /** The least length of a secret: an HMAC key short enough to guess signs nothing. */
    static final int MIN_SECRET = 16;

    /**
     * What a POLICY key sends.
     *
     * @param focus    a state code, or none for every focus alerts are raised for
     * @param severity the least severity sent (LOW when none)
     * @param secret   the HMAC-SHA256 key of {@code X-Mandala-Signature}, at least 16 characters
     */
    public record Request(String url, String focus, String severity, String secret) {
    }

    /** A subscription as shown: never its secret. */
    public record View(long id, String url, String focus, String severity, String createdBy, Instant createdAt) {
    }

    /** A subscription refused, naming the field and why (422). */
    public static class Refused extends RuntimeException {
        private final String field;

        Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final AlertStore store;
    private final AlertsProperties settings;
    private final AssessmentService assessments;

    private final AlertService alerts;

    Subscriptions(AlertStore store, AlertsProperties settings, AssessmentService assessments, AlertService alerts) {
        this.store = store;
        this.settings = settings;
        this.assessments = assessments;
        this.alerts = alerts;
    }

    public View subscribe(Request r, String who) {
        if (r == null) {
            throw new Refused("body", "a subscription is a JSON object: {\"url\": ..., \"focus\": ..., \"severity\": ..., \"secret\": ...}");
        }
        String url;
        try {
            url = Targets.check(r.url(), settings.allowPrivateTargets()).toString();
        } catch (Targets.Refused e) {
            throw new Refused("url", e.getMessage());
        }
        String focus = null;
        if (r.focus() != null && !r.focus().isBlank()) {
            try {
                focus = assessments.state("focus", r.focus());
            } catch (org.mandala.assessment.InvalidParameterException e) {
                throw new Refused("focus", e.getMessage());
            }
            if (!alerts.foci().contains(focus)) {
                throw new Refused("focus", "alerts are raised for " + String.join(", ", alerts.foci()) + " only (mandala.alerts.focus): a"
                        + " subscription to " + focus + " would never receive one");
            }
        }
        org.mandala.model.RiskLevel severity;
        try {
            severity = AlertService.severity("severity", r.severity());
        } catch (org.mandala.assessment.InvalidParameterException e) {
            throw new Refused("severity", e.getMessage());
        }
        if (r.secret() == null || r.secret().length() < MIN_SECRET) {
            throw new Refused("secret", "a subscription needs a secret of at least " + MIN_SECRET
                    + " characters: each alert is signed with it (X-Mandala-Signature: sha256=<HMAC-SHA256 of the body>)");
        }
        if (r.secret().length() > 255) {
            throw new Refused("secret", "a secret is at most 255 characters");
        }
        String f = focus;
        java.util.Optional<AlertStore.Subscription> same = store.subscriptions().stream()
                .filter(x -> x.url().equals(url) && java.util.Objects.equals(x.focus(), f) && x.minSeverity().equals(severity.name())).findFirst();
        if (same.isPresent()) {
            throw new Refused("url", "this url is subscribed already, with the same focus and severity, as subscription " + same.get().id()
                    + ": each alert would be sent twice");
        }
        long id = store.subscribe(url, focus, severity.name(), severity.ordinal(), r.secret(), who);
        return view(store.subscription(id).orElseThrow());
    }

    public List<View> list() {
        return store.subscriptions().stream().map(Subscriptions::view).toList();
    }

    public boolean unsubscribe(long id) {
        return store.unsubscribe(id);
    }

    private static View view(AlertStore.Subscription s) {
        return new View(s.id(), s.url(), s.focus(), s.minSeverity().toUpperCase(Locale.ROOT), s.createdBy(), s.createdAt());
    }
}
