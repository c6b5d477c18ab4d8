package org.mandala.rules;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Fires a session's rules within its {@link SessionBounds}: at most so many firings, a watchdog that
 * halts the session when its time is up, and the {@link RuleBudget} that stops rule code looping or
 * allocating past its bound. A session that reaches a bound ends in {@link RuleBoundException}
 * naming the rule to blame; the caller disposes of the session as always.
 */
public final class RuleSessions {
    /** How many firings the post-mortem watches to find the rule that fires most in a runaway session. */
    private static final int POST_MORTEM_FIRINGS = 10_000;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mandala-rule-watchdog");
        t.setDaemon(true);
        return t;
    });

    private RuleSessions() {
    }

    /**
     * Fires the session's rules within the bounds.
     *
     * @throws RuleBoundException when a bound is reached
     */
    public static void fireAll(KieSession session, Ruleset ruleset, SessionBounds bounds) {
        fireAll(session, ruleset.version(), ruleset.rules().keySet(), bounds, null);
    }

    /**
     * Fires only the rules of one agenda group within the bounds, e.g. the tripwires of
     * {@code warnings.drl} over an assessment's conclusions, which the assessment's own rules must not re-derive.
     *
     * @throws RuleBoundException when a bound is reached
     */
    public static void fireGroup(KieSession session, Ruleset ruleset, String agendaGroup, SessionBounds bounds) {
        session.getAgenda().getAgendaGroup(agendaGroup).setFocus();
        fireAll(session, ruleset.version(), ruleset.rules().keySet(), bounds,
                match -> match.getRule() instanceof org.drools.base.definitions.rule.impl.RuleImpl r
                        && (agendaGroup.equals(r.getAgendaGroup()) || agendaGroup.equals(r.getRuleFlowGroup())));
    }

    static void fireAll(KieSession session, String version, Collection<String> ruleNames, SessionBounds bounds) {
        fireAll(session, version, ruleNames, bounds, null);
    }

    private static void fireAll(KieSession session, String version, Collection<String> ruleNames, SessionBounds bounds,
                                org.kie.api.runtime.rule.AgendaFilter filter) {
        AtomicBoolean timedOut = new AtomicBoolean();
        // set once the session stops firing, so a watchdog that wakes just then does not call a finished session late
        AtomicBoolean finished = new AtomicBoolean();
        int fired;
        try (RuleBudget.Scope scope = RuleBudget.open(bounds.timeout(), bounds.maxAllocation(), bounds.maxArrayLength())) {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                if (finished.compareAndSet(false, true)) {
                    timedOut.set(true);
                    scope.stop("the session's time");
                    session.halt();
                }
            }, bounds.timeout().toNanos(), TimeUnit.NANOSECONDS);
            try {
                fired = filter == null ? session.fireAllRules(bounds.maxFirings()) : session.fireAllRules(filter, bounds.maxFirings());
                finished.compareAndSet(false, true);
            } catch (RuntimeException | RuleBudget.Exceeded | StackOverflowError | OutOfMemoryError e) {
                Throwable inRuleCode = ruleCodeFailure(e);
                if (inRuleCode == null) {
                    throw e;
                }
                String rule = ruleOf(inRuleCode, ruleNames);
                throw new RuleBoundException(RuleBoundException.Bound.CODE, rule, version, "ruleset " + version + ": the code of "
                        + describe(rule) + " was stopped: " + message(inRuleCode) + " (bounds: " + bounds.timeout().toMillis()
                        + " ms per session, arrays of at most " + bounds.maxArrayLength() + " elements)");
            } finally {
                watchdog.cancel(false);
            }
        }
        if (timedOut.get() || fired >= bounds.maxFirings()) {
            String rule = firesMost(session, ruleNames, bounds, filter);
            boolean time = timedOut.get();
            throw new RuleBoundException(time ? RuleBoundException.Bound.TIME : RuleBoundException.Bound.FIRINGS, rule, version,
                    "ruleset " + version + ": the session was stopped after " + (time ? bounds.timeout().toMillis() + " ms"
                            : bounds.maxFirings() + " rule firings") + "; " + describe(rule) + " fired most");
        }
    }

    /**
     * Runs work on a session whose rules do not fire (inserting facts, running queries such as a
     * rule's premises) within the bounds' time and memory for rule code, since a query's constraints
     * may call rule code too. {@code what} names the work for the message.
     *
     * @throws RuleBoundException when rule code reaches a bound
     */
    public static <T> T unfired(Ruleset ruleset, SessionBounds bounds, String what, java.util.function.Supplier<T> work) {
        try (RuleBudget.Scope scope = RuleBudget.open(bounds.timeout(), bounds.maxAllocation(), bounds.maxArrayLength())) {
            return work.get();
        } catch (RuntimeException | RuleBudget.Exceeded | StackOverflowError e) {
            Throwable inRuleCode = ruleCodeFailure(e);
            if (inRuleCode == null) {
                throw e;
            }
            throw new RuleBoundException(RuleBoundException.Bound.CODE, what, ruleset.version(), "ruleset " + ruleset.version()
                    + ": " + what + " stopped: " + message(inRuleCode));
        }
    }

    /** The failure that rule code caused (its own bound, a stack overflow or the heap), or null for another failure. */
    private static Throwable ruleCodeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleBudget.Exceeded || t instanceof StackOverflowError || t instanceof OutOfMemoryError) {
                return t;
            }
        }
        return null;
    }

    private static String message(Throwable t) {
        if (t instanceof StackOverflowError) {
            return "it recursed too deep";
        }
        if (t instanceof OutOfMemoryError) {
            return "it ran out of memory";
        }
        return t.getMessage();
    }

    private static String describe(String rule) {
        return rule.isEmpty() ? "an unknown rule" : "rule \"" + rule + "\"";
    }

    /**
     * The rule whose compiled code is on the failure's stack. Drools names a rule's class
     * {@code Rule_} and the rule's name with every other character than a letter or digit as
     * {@code _}, then a number; a function's class is its name, capitalised.
     */
    static String ruleOf(Throwable failure, Collection<String> ruleNames) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String cls = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
            if (cls.startsWith("Rule_")) {
                String rest = cls.substring("Rule_".length());
                String best = "";
                for (String name : ruleNames) {
                    String sanitized = name.replaceAll("[^A-Za-z0-9]", "_");
                    if (rest.startsWith(sanitized) && sanitized.length() > best.replaceAll("[^A-Za-z0-9]", "_").length()) {
                        best = name;
                    }
                }
                if (!best.isEmpty()) {
                    return best;
                }
            }
        }
        // deep in a function (a stack overflow keeps only the top frames): name the function
        for (StackTraceElement frame : failure.getStackTrace()) {
            String name = frame.getClassName();
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("org.") && !name.startsWith("sun.")
                    && !name.startsWith("com.sun.")) {
                String cls = name.substring(name.lastIndexOf('.') + 1);
                return "function " + Character.toLowerCase(cls.charAt(0)) + cls.substring(1);
            }
        }
        return "";
    }

    /** Lets a runaway session fire a little longer, counting firings by rule, and names the rule that fired most. */
    private static String firesMost(KieSession session, Collection<String> ruleNames, SessionBounds bounds,
                                    org.kie.api.runtime.rule.AgendaFilter filter) {
        Map<String, Integer> counts = new HashMap<>();
        DefaultAgendaEventListener counter = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                counts.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
            }
        };
        session.addEventListener(counter);
        try (RuleBudget.Scope scope = RuleBudget.open(java.time.Duration.ofSeconds(1), bounds.maxAllocation(), bounds.maxArrayLength())) {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                scope.stop("the post-mortem's time");
                session.halt();
            }, 1, TimeUnit.SECONDS);
            try {
                if (filter == null) {
                    session.fireAllRules(POST_MORTEM_FIRINGS);
                } else {
                    session.fireAllRules(filter, POST_MORTEM_FIRINGS);
                }
            } catch (RuntimeException | RuleBudget.Exceeded | StackOverflowError e) {
                String rule = ruleOf(e, ruleNames);
                if (!rule.isEmpty()) {
                    return rule;
                }
            } finally {
                watchdog.cancel(false);
            }
        } finally {
            session.removeEventListener(counter);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }
}
