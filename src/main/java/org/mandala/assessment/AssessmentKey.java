package org.mandala.assessment;

import java.time.LocalDate;

/** What makes an assessment: equal keys give equal assessments, on any replica. */
public record AssessmentKey(String focus, LocalDate asOf, long dataVersion, String rulesetVersion) {

    /** A strong entity tag for HTTP caching: changes exactly when the key does. */
    public String etag() {
        return "\"" + focus + "." + asOf + "." + dataVersion + "." + rulesetVersion + "\"";
    }
}
