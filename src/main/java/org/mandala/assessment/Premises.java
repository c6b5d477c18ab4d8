package org.mandala.assessment;

import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.QueryResults;
import org.kie.api.runtime.rule.QueryResultsRow;
import org.mandala.model.Alignment;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Conclusion;
import org.mandala.model.Configuration;
import org.mandala.model.Focus;
import org.mandala.model.Polarity;
import org.mandala.model.TypeProfile;
import org.mandala.rules.Premise;
import org.mandala.rules.RuleSessions;
import org.mandala.rules.SessionBounds;

/**
 * Runs the premises a rule names beside it (its {@code @premiseOf} queries, see {@link Premise})
 * over an assessment's facts: the focus, the evidence and every conclusion, in a session whose
 * rules never fire, so a query sees what the rules saw and costs no more than the data; rule code
 * a query calls runs within the session bounds ({@link RuleSessions#unfired}). Nothing
 * here knows a rule, a kind or a threshold: the queries and their metadata say it all.
 */
public final class Premises implements AutoCloseable {

    /**
     * One premise as run for some actors.
     *
     * @param text        the query's name with the actors in it, and what was measured
     * @param actual      what the premise measured (0 when there was nothing to measure), or null
     * @param required    what it must reach, from the parameters or level settings, or null
     * @param leastChange the least extra evidence that would make it hold, where it can be computed, or null
     */
    public record Checked(Premise premise, String text, boolean held, Double actual, Double required, String leastChange) {
    }

    private final Assessment assessment;
    private final Configuration cfg;
    private final KieSession session;
    private final SessionBounds bounds;

    private Premises(Assessment assessment, SessionBounds bounds, List<?> extra) {
        this.assessment = assessment;
        this.bounds = bounds;
        this.cfg = assessment.ruleset().configuration();
        this.session = assessment.ruleset().kieBase().newKieSession();
        try {
            session.setGlobal("cfg", cfg);
            RuleSessions.unfired(assessment.ruleset(), bounds, "inserting the facts to check premises on", () -> {
                session.insert(new Focus(assessment.focus(), assessment.asOf()));
                assessment.evidence().forEach(session::insert);
                assessment.conclusions().values().forEach(session::insert);
                extra.forEach(session::insert);
                return null;
            });
        } catch (RuntimeException e) {
            session.dispose();
            throw e;
        }
    }

    /** A query session over the assessment's facts, rule code bounded as a rule session is; close it when done. */
    public static Premises of(Assessment assessment, SessionBounds bounds) {
        return new Premises(assessment, bounds, List.of());
    }

    /**
     * A query session over the assessment's facts and more: the {@code Earlier} facts the tripwires
     * compare with, and the warnings they drew, for the premises of {@code warnings.drl}.
     */
    public static Premises of(Assessment assessment, SessionBounds bounds, List<?> extra) {
        return new Premises(assessment, bounds, extra);
    }

    @Override
    public void close() {
        session.dispose();
    }

    /** The roles the actors play in the rule's premises, in the order they are first named; a list role takes them all. */
    public static List<String> roles(List<Premise> premises) {
        Set<String> roles = new LinkedHashSet<>();
        premises.forEach(p -> roles.addAll(p.roles()));
        return List.copyOf(roles);
    }

    /** How many actors the premises bind: -1 for any number (a list role), else one per role. */
    public static int arity(List<Premise> premises) {
        return premises.stream().anyMatch(p -> p.roles().stream().anyMatch(p::isList)) ? -1 : roles(premises).size();
    }

    /**
     * The actors without the focus when naming it leaves one too many for the roles (a rule about
     * the focus and one other names only the other).
     */
    public static List<String> fit(List<Premise> premises, List<String> actors, String focus) {
        int n = arity(premises);
        return n >= 0 && actors.size() == n + 1 && actors.contains(focus)
                ? actors.stream().filter(a -> !a.equals(focus)).toList() : actors;
    }

    /**
     * The rule's premises for these actors, each way round the roles can take them (the roles are
     * not given), keeping the way that holds most; empty when the actors do not fit the roles.
     */
    public List<Checked> best(List<Premise> premises, List<String> actors) {
        List<String> fitted = fit(premises, actors, assessment.focus());
        List<String> roles = roles(premises);
        // a premise checked for each pair of the actors does not depend on their roles: check it once
        Map<Premise, List<Checked>> pairs = new java.util.HashMap<>();
        for (Premise p : premises) {
            if (p.eachPair()) {
                List<Checked> each = new ArrayList<>();
                for (int i = 0; i < fitted.size(); i++) {
                    for (int j = i + 1; j < fitted.size(); j++) {
                        each.add(check(p, Map.of(p.parameters().get(0), fitted.get(i), p.parameters().get(1), fitted.get(j))));
                    }
                }
                pairs.put(p, each);
            }
        }
        List<Checked> best = List.of();
        long most = -1;
        for (Map<String, Object> binding : bindings(premises, roles, fitted)) {
            List<Checked> checked = new ArrayList<>();
            for (Premise p : premises) {
                if (p.eachPair()) {
                    checked.addAll(pairs.get(p));
                } else {
                    checked.add(check(p, binding));
                }
            }
            long held = checked.stream().filter(Checked::held).count();
            if (held > most) {
                most = held;
                best = checked;
            }
        }
        return best;
    }

    /**
     * Each premise of each rule that drew (or amended) a conclusion of the assessment and that does
     * not hold for it, however its actors take the roles: the premises have drifted from the rule.
     */
    public static List<String> unheld(Assessment a, SessionBounds bounds) {
        return unheld(a, bounds, List.of(), List.of());
    }

    /**
     * The same for the warnings the tripwires drew over the assessment, the {@code Earlier} facts they
     * compared with in the session ({@code extra}) as well.
     */
    public static List<String> unheld(Assessment a, SessionBounds bounds, List<?> extra, java.util.Collection<? extends Conclusion> warnings) {
        List<String> problems = new ArrayList<>();
        List<Map.Entry<String, Conclusion>> drawn = new ArrayList<>();
        List<Conclusion> all = new ArrayList<>(a.conclusions().values());
        all.addAll(warnings);
        for (Conclusion c : all) {
            drawn.add(Map.entry(c.getRule(), c));
            c.getAmendments().forEach(m -> drawn.add(Map.entry(m.rule(), c)));
        }
        drawn.removeIf(d -> a.ruleset().premises(d.getKey()).isEmpty());
        if (drawn.isEmpty()) {
            return problems;
        }
        try (Premises premises = of(a, bounds, extra)) {
            for (Map.Entry<String, Conclusion> d : drawn) {
                String rule = d.getKey();
                Conclusion c = d.getValue();
                List<Premise> ps = a.ruleset().premises(rule);
                List<Checked> best = premises.best(ps, c.actors());
                if (best.isEmpty()) {
                    problems.add("the premises of rule \"" + rule + "\" take " + roles(ps) + " but it drew " + c.describe());
                }
                best.stream().filter(x -> !x.held()).forEach(x -> problems.add("premise \"" + x.premise().name() + "\" of rule \""
                        + rule + "\" does not hold though the rule drew " + c.describe() + " (" + x.text() + ")"));
            }
        }
        return problems;
    }

    private static List<Map<String, Object>> bindings(List<Premise> premises, List<String> roles, List<String> actors) {
        if (arity(premises) < 0) {
            Map<String, Object> all = new java.util.HashMap<>();
            roles.forEach(r -> all.put(r, actors));
            return List.of(all);
        }
        if (actors.size() != roles.size() || actors.stream().distinct().count() != actors.size()) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        permute(new ArrayList<>(actors), 0, roles, out);
        return out;
    }

    private static void permute(List<String> actors, int k, List<String> roles, List<Map<String, Object>> out) {
        if (k == actors.size()) {
            Map<String, Object> m = new java.util.HashMap<>();
            for (int i = 0; i < roles.size(); i++) {
                m.put(roles.get(i), actors.get(i));
            }
            out.add(m);
            return;
        }
        for (int i = k; i < actors.size(); i++) {
            java.util.Collections.swap(actors, k, i);
            permute(actors, k + 1, roles, out);
            java.util.Collections.swap(actors, k, i);
        }
    }

    private Checked check(Premise p, Map<String, Object> binding) {
        Object[] args = p.parameters().stream().map(binding::get).toArray();
        QueryResults results = RuleSessions.unfired(assessment.ruleset(), bounds, "premise \"" + p.name() + "\"",
                () -> session.getQueryResults(p.name(), args));
        boolean found = results.size() > 0;
        boolean measures = p.actual() != null && java.util.Arrays.asList(results.getIdentifiers()).contains("$fact");
        Double actual = null;
        double exact = 0.0;
        Object measured = null;
        if (p.actual() != null) {
            double top = 0.0;
            for (QueryResultsRow row : results) {
                Object fact = measures ? row.get("$fact") : null;
                double v = fact == null ? 0.0 : property(fact, p.actual());
                if (measured == null || v > top) {
                    top = v;
                    measured = fact;
                }
            }
            exact = top;
            actual = round(top);
        }
        boolean held = found;
        Double required = null;
        String detail = "";
        String least = null;
        if (p.atLeastParameter() != null) {
            required = cfg.param(p.atLeastParameter());
            held = found && actual != null && exact >= required;
            detail = ": " + fmt(exact) + (held ? " ≥ " : " < ") + fmt(required);
            if (!held && p.evidenceType() != null) {
                least = least(cfg, p.evidenceType(), required - exact, assessment.asOf());
            }
        } else if (p.atLeastAlignment() != null) {
            AlignmentLevel level = cfg.alignment(p.atLeastAlignment());
            required = cfg.alignmentMinimum(level);
            Alignment al = measured instanceof Alignment x ? x : null;
            held = found && (al != null ? al.atLeast(level) : actual != null && exact >= required);
            detail = ": " + (al == null ? AlignmentLevel.NONE : al.getLevel()) + " (" + fmt(exact) + ")" + (held ? "," : ", but")
                    + " at least " + level + " needed (from " + fmt(required) + " points" + raisedBy(al) + ")";
            if (!held) {
                double raw = al == null ? 0.0 : al.getRaw();
                // the evidence the alignment curve needs for that score (the alignment rule's scale, parameters.drl.csv)
                double needed = cfg.hasParameter("ALIGNMENT_SCALE") ? cfg.evidenceFor(required, "ALIGNMENT_SCALE") : required;
                least = p.evidenceType() != null ? least(cfg, p.evidenceType(), needed - raw, assessment.asOf())
                        : leastCooperation(cfg, needed - raw, assessment.asOf());
            }
        } else if (actual != null) {
            detail = ": " + fmt(exact);
        } else if (!held && p.evidenceType() != null) {
            List<String> named = p.parameters().stream().map(binding::get).filter(String.class::isInstance).map(String.class::cast).toList();
            TypeProfile profile = cfg.profile(p.evidenceType());
            least = "one " + p.evidenceType() + (named.isEmpty() ? "" : " between " + String.join(" and ", named))
                    + (profile != null && profile.durable() ? " in force" : "") + " on " + assessment.asOf();
        }
        return new Checked(p, fill(p.name(), binding) + detail, held, actual, required, least);
    }

    /** Which rules lifted an alignment's level above what its score gives, e.g. a treaty in force. */
    private static String raisedBy(Alignment al) {
        return al == null || al.getAmendments().isEmpty() ? ""
                : ", or raised by \"" + String.join("\", \"", al.getAmendments().stream().map(Conclusion.Amendment::rule).toList()) + "\"";
    }

    private String fill(String template, Map<String, Object> binding) {
        String text = template.replace("{focus}", assessment.focus());
        for (Map.Entry<String, Object> e : binding.entrySet()) {
            String value = e.getValue() instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : String.valueOf(e.getValue());
            text = text.replace("{" + e.getKey() + "}", value);
        }
        return text;
    }

    /** The bean property of a fact, as a number: {@code score} reads {@code getScore()}. */
    private static double property(Object fact, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        try {
            Method getter = fact.getClass().getMethod("get" + cap);
            Object v = getter.invoke(fact);
            return v instanceof Number n ? n.doubleValue() : 0.0;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a premise measures " + name + " of a " + fact.getClass().getSimpleName()
                    + ", which has no such number", e);
        }
    }

    /** The least cooperative evidence that adds {@code missing} points: the heaviest cooperative type, graded A1, dated that day. */
    public static String leastCooperation(Configuration cfg, double missing, LocalDate asOf) {
        Optional<TypeProfile> best = cfg.types().values().stream()
                .filter(p -> p.polarity() == Polarity.COOPERATIVE && !p.durable())
                .max(Comparator.comparingDouble(TypeProfile::weight));
        return best.map(p -> least(cfg, p.type(), missing, asOf)).orElse(null);
    }

    /** The least evidence of one type, graded A1 and dated that day, that adds {@code missing} points. */
    public static String least(Configuration cfg, String type, double missing, LocalDate asOf) {
        TypeProfile p = cfg.profile(type);
        if (p == null || p.weight() <= 0) {
            return null;
        }
        int n = (int) Math.ceil(missing / p.weight() - 1e-9);
        return fmt(missing) + " more points: e.g. " + n + " × " + type + " graded A1 dated " + asOf + " (" + fmt(p.weight())
                + " points each)";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
