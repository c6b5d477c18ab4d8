package org.mandala.assessment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.kie.api.runtime.KieSession;
import org.mandala.model.Earlier;
import org.mandala.model.Focus;
import org.mandala.model.Warning;
import org.mandala.rules.RuleSessions;
import org.mandala.rules.SessionBounds;

/**
 * Evaluates the tripwires (the rules of agenda group {@value #GROUP}, {@code warnings.drl}) over an
 * assessment and earlier ones: a session of the assessment's ruleset gets the focus, the coverage,
 * every conclusion of the assessment and the {@link Earlier} facts, and fires that group alone
 * within the session bounds. Evidence is not inserted: tripwires compare conclusions, and the
 * conclusions lead down to the evidence in explanations.
 */
public final class Warnings {
    /** The agenda group of the tripwire rules. */
    public static final String GROUP = "warnings";

    private Warnings() {
    }

    /**
     * The warnings the tripwires draw, gravest first.
     *
     * @param fired told the name of each rule as it fires (rule-test coverage), or null
     * @throws org.mandala.rules.RuleBoundException when the session reaches a bound
     */
    public static List<Warning> evaluate(Assessment now, List<Earlier> earlier, SessionBounds bounds, Consumer<String> fired) {
        KieSession session = now.ruleset().kieBase().newKieSession();
        List<Warning> warnings = new ArrayList<>();
        try {
            session.setGlobal("cfg", now.ruleset().configuration());
            if (fired != null) {
                session.addEventListener(new org.kie.api.event.rule.DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent event) {
                        fired.accept(event.getMatch().getRule().getName());
                    }
                });
            }
            RuleSessions.unfired(now.ruleset(), bounds, "inserting the facts the tripwires compare", () -> {
                session.insert(new Focus(now.focus(), now.asOf()));
                session.insert(now.coverage());
                now.conclusions().values().forEach(session::insert);
                earlier.forEach(session::insert);
                return null;
            });
            RuleSessions.fireGroup(session, now.ruleset(), GROUP, bounds);
            for (Object o : session.getObjects(o -> o instanceof Warning)) {
                warnings.add((Warning) o);
            }
        } finally {
            session.dispose();
        }
        warnings.sort(Comparator.comparing(Warning::getSeverity).reversed().thenComparing(Warning::key));
        return List.copyOf(warnings);
    }

    /** The earlier fact of an assessment on a basis, worded for the warnings that compare with it. */
    public static Earlier earlier(org.mandala.model.Since since, Assessment a, String wording) {
        return new Earlier(since, a.asOf(), wording, a.reported().values());
    }

    /**
     * What the tripwires compare with: {@code before} since the last change (worded as {@code beforeWording},
     * e.g. "since data version 4") and the previous month-end's assessment with the same data and ruleset.
     */
    public static List<Earlier> earlier(Assessment before, String beforeWording, Assessment monthEnd) {
        return List.of(earlier(org.mandala.model.Since.LAST_CHANGE, before, beforeWording),
                earlier(org.mandala.model.Since.MONTH_END, monthEnd, "since the month-end of " + monthEnd.asOf()));
    }

    /** The previous month-end before a date: the last day of the month before its month. */
    public static java.time.LocalDate previousMonthEnd(java.time.LocalDate asOf) {
        return asOf.withDayOfMonth(1).minusDays(1);
    }
}
