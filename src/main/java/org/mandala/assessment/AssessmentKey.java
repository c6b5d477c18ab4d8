package org.mandala.assessment;

import java.time.LocalDate;

/** What makes an assessment: equal keys give equal assessments, on any replica. */
public record AssessmentKey(String focus, LocalDate asOf, long dataVersion, String rulesetVersion) {

    /**
     * An entity tag for HTTP caching: changes exactly when the key does. Weak, because the same
     * assessment travels gzipped or not (a strong tag would name one encoding's bytes, and Tomcat
     * compresses no answer with a strong tag); {@code If-None-Match} compares tags weakly, so a poll
     * with the tag as sent before this change ({@code "IND..."}) still matches.
     */
    public String etag() {
        return "W/\"" + focus + "." + asOf + "." + dataVersion + "." + rulesetVersion + "\"";
    }
}
