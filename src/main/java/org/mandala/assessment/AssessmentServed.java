package org.mandala.assessment;

/**
 * Published when an assessment was served to a client (by {@code /api/assessment}, its history
 * or its changes), so that whoever keeps a record of what was served, such as the decision log,
 * hears of it without the web layer knowing who listens. Assessments made for explanations,
 * previews, reports or replays are not served and not published.
 *
 * @param assessment what the rules concluded
 * @param key        the focus, date, data version and ruleset version it was made for
 */
public record AssessmentServed(Assessment assessment, AssessmentKey key) {
}
