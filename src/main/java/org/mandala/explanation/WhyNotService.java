package org.mandala.explanation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Alignment;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.model.Configuration;
import org.mandala.model.Evidence;
import org.mandala.model.Hostility;
import org.mandala.model.Pairs;
import org.mandala.model.Polarity;
import org.mandala.model.RiskLevel;
import org.mandala.model.Threat;
import org.mandala.model.TypeProfile;
import org.mandala.rules.RuleInfo;
import org.springframework.stereotype.Service;

/**
 * Answers "why not?" for the conclusions the shipped rules draw. Each check names the rule it
 * mirrors and reads the thresholds of the active ruleset (levels and parameters), so an edited
 * threshold shows at once; a rule that the active ruleset no longer has is reported as missing.
 * The conditions mirror the DRL of {@code rules/}; a new kind of conclusion needs a check here.
 */
@Service
public class WhyNotService {
    static final String ALIGNMENT = "Alignment of two states is their cooperative minus their hostile evidence";
    static final String ALLIANCE = "An alliance treaty in force makes an alliance";
    static final String PARTNERSHIP = "A strategic partnership in force makes at least a moderate alignment";
    static final String CONVERGENCE = "A partner of the focus aligned with an adversary of the focus is a convergence";
    static final String ARMAMENT = "Arms supplied to an adversary of the focus arm it";
    static final String AXIS = "An axis that includes an adversary of the focus is a hostile axis";
    static final String PRESSURE = "A border clash or armed conflict with an adversary still weighing is direct military pressure";
    static final String AUTONOMY = "Autonomy risk is the pressure of the threats less balancing";
    static final List<String> KINDS = List.of("PARTNER_ADVERSARY_CONVERGENCE", "ADVERSARY_ARMAMENT", "HOSTILE_AXIS",
            "DIRECT_MILITARY_PRESSURE", "AUTONOMY");

    private final AssessmentService assessments;

    WhyNotService(AssessmentService assessments) {
        this.assessments = assessments;
    }

    /** Why the alignment of a pair is not (at least) at {@code level}. */
    public WhyNot pair(String focus, LocalDate asOf, List<String> pair, String level) {
        if (pair.size() != 2 || pair.get(0).equals(pair.get(1))) {
            throw new InvalidParameterException("pair", String.join(",", pair), "a pair is two different state codes, e.g. PAK,RUS");
        }
        pair.forEach(code -> assessments.state("pair", code));
        AlignmentLevel wanted = parse(AlignmentLevel.class, "level", level == null ? "MODERATE" : level);
        AssessmentKey key = assessments.currentKey(focus, asOf);
        Assessment a = assessments.assess(key);
        Configuration cfg = a.ruleset().configuration();
        String x = Pairs.first(pair.get(0), pair.get(1));
        String y = Pairs.second(pair.get(0), pair.get(1));
        Optional<Alignment> al = a.conclusion(ConclusionKey.alignment(x, y)).map(Alignment.class::cast);
        double score = al.map(Alignment::getScore).orElse(0.0);
        double raw = al.map(Alignment::getRaw).orElse(0.0);
        double required = cfg.alignmentMinimum(wanted);
        boolean drawn = al.isPresent() && al.get().atLeast(wanted);
        List<WhyNot.RuleCheck> rules = new ArrayList<>();
        boolean enough = raw >= required;
        rules.add(check(a, ALIGNMENT, enough, List.of(new WhyNot.Condition(x + "–" + y + " alignment " + fmt(raw)
                        + (enough ? " ≥ " : " < ") + fmt(required) + " needed for " + wanted
                        + (raw == score ? "" : " (shown as " + fmt(score) + ")"), enough, round(raw), required)),
                enough || drawn ? null : leastCooperation(cfg, required - raw, a.asOf())));
        // treaties raise the level whatever the score: an alliance to ALLIANCE, a partnership to PARTNERSHIP_ALIGNMENT
        rules.add(treaty(a, ALLIANCE, x, y, "ALLIANCE_TREATY", drawn));
        if (wanted.compareTo(cfg.alignment("PARTNERSHIP_ALIGNMENT")) <= 0) {
            rules.add(treaty(a, PARTNERSHIP, x, y, "STRATEGIC_PARTNERSHIP", drawn));
        }
        String question = "Is " + x + "–" + y + " aligned at least " + wanted + " for " + key.focus() + " on " + key.asOf() + "?";
        return new WhyNot(question, drawn, drawn ? ExplanationId.of(key, al.get().key()) : null, rules);
    }

    /** Why a threat of this kind between these actors (or the autonomy risk) is not drawn, or not at {@code level}. */
    public WhyNot kind(String focus, LocalDate asOf, String kind, List<String> actors, String level) {
        String k = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT);
        RiskLevel wanted = level == null ? null : parse(RiskLevel.class, "level", level);
        AssessmentKey key = assessments.currentKey(focus, asOf);
        Assessment a = assessments.assess(key);
        Configuration cfg = a.ruleset().configuration();
        java.util.Set<String> known = new java.util.LinkedHashSet<>(KINDS);
        known.addAll(cfg.kinds().keySet());
        if (!known.contains(k)) {
            throw new InvalidParameterException("kind", kind, "kind must be one of " + String.join(", ", known));
        }
        String f = key.focus();
        List<String> sorted = actors.stream().map(code -> assessments.state("actors", code)).sorted().toList();
        if (!KINDS.contains(k)) {
            return drawnOrNot(a, key, k, sorted, wanted);
        }
        List<WhyNot.RuleCheck> rules = new ArrayList<>();
        Optional<? extends Conclusion> found;
        String what;
        switch (k) {
            case "AUTONOMY" -> {
                found = a.conclusion(ConclusionKey.autonomy(f));
                what = f + "'s autonomy risk";
                List<WhyNot.Condition> parts = new ArrayList<>();
                if (found.isPresent()) {
                    org.mandala.model.Autonomy u = (org.mandala.model.Autonomy) found.get();
                    double top = a.threats().stream().mapToDouble(Threat::getScore).max().orElse(0);
                    parts.add(new WhyNot.Condition("pressure: the gravest threat " + fmt(top) + " plus SPILLOVER ("
                            + num(cfg.param("SPILLOVER")) + ") times the others, at most 100 = " + fmt(u.getPressure()), true,
                            round(u.getPressure()), null));
                    parts.add(new WhyNot.Condition("balancing between rival partners takes off " + fmt(u.getOffset())
                            + " (at most BALANCE_CAP " + num(cfg.param("BALANCE_CAP")) + ")", true, round(u.getOffset()),
                            cfg.param("BALANCE_CAP")));
                } else {
                    parts.add(new WhyNot.Condition("the rules drew an autonomy risk for " + f, false, null, null));
                }
                rules.add(check(a, AUTONOMY, found.isPresent(), parts, null));
            }
            case "ADVERSARY_ARMAMENT", "PARTNER_ADVERSARY_CONVERGENCE" -> {
                boolean arms = k.equals("ADVERSARY_ARMAMENT");
                need(sorted, 2, arms ? "a supplier and an adversary, e.g. CHN,PAK" : "a partner and an adversary of the focus, e.g. PAK,RUS");
                found = a.conclusion(ConclusionKey.threat(k, sorted));
                what = k + " " + String.join("–", sorted);
                // either state may play either part: check the way round that comes closer to firing
                java.util.function.BiFunction<String, String, List<WhyNot.RuleCheck>> roles = arms
                        ? (x, y) -> armament(a, cfg, f, x, y) : (x, y) -> convergence(a, cfg, f, x, y);
                List<WhyNot.RuleCheck> one = roles.apply(sorted.get(0), sorted.get(1));
                List<WhyNot.RuleCheck> two = roles.apply(sorted.get(1), sorted.get(0));
                rules.addAll(held(one) >= held(two) ? one : two);
            }
            case "DIRECT_MILITARY_PRESSURE" -> {
                String x = sorted.stream().filter(s -> !s.equals(f)).findFirst()
                        .orElseThrow(() -> new InvalidParameterException("actors", String.join(",", actors), "name the adversary, e.g. CHN"));
                List<String> pair = List.of(Pairs.first(f, x), Pairs.second(f, x));
                found = a.conclusion(ConclusionKey.threat(k, pair));
                what = k + " " + String.join("–", pair);
                // the rule counts each evidence (type, direction) that weighs at least MIN_WEIGHT on its own
                double clash = 0;
                for (String type : List.of("BORDER_CLASH", "ARMED_CONFLICT")) {
                    clash = Math.max(clash, a.evidence(f, x, type).map(Evidence::getScore).orElse(0.0));
                    clash = Math.max(clash, a.evidence(x, f, type).map(Evidence::getScore).orElse(0.0));
                }
                double min = cfg.param("MIN_WEIGHT");
                rules.add(check(a, PRESSURE, found.isPresent(), List.of(adversary(a, cfg, f, x),
                        new WhyNot.Condition("the weightiest BORDER_CLASH or ARMED_CONFLICT evidence between " + f + " and " + x + " weighs "
                                + fmt(clash) + (clash >= min ? " ≥ " : " < ") + fmt(min) + " (MIN_WEIGHT)", clash >= min, round(clash), min)),
                        clash >= min ? null : least(cfg, "BORDER_CLASH", min - clash, a.asOf())));
            }
            default -> {
                need(sorted, 3, "three or more members, e.g. CHN,PRK,RUS");
                found = a.conclusion(ConclusionKey.threat(k, sorted));
                if (found.isEmpty()) {
                    // axes are the largest mutually aligned groups: the members asked about may stand inside a larger one
                    found = a.threats().stream().filter(t -> t.getKind().equals(k) && t.getActors().containsAll(sorted)).findFirst();
                }
                what = k + " " + String.join("–", sorted);
                List<WhyNot.Condition> conditions = new ArrayList<>();
                AlignmentLevel least = cfg.alignment("AXIS_ALIGNMENT");
                double needed = cfg.alignmentMinimum(least);
                for (int i = 0; i < sorted.size(); i++) {
                    for (int j = i + 1; j < sorted.size(); j++) {
                        double s = alignment(a, sorted.get(i), sorted.get(j));
                        boolean ok = atLeast(a, sorted.get(i), sorted.get(j), least);
                        conditions.add(new WhyNot.Condition(sorted.get(i) + "–" + sorted.get(j) + " aligned " + level(a, sorted.get(i), sorted.get(j))
                                + " (" + fmt(s) + "), at least " + least + " needed (from " + fmt(needed) + " points)", ok, round(s), needed));
                    }
                }
                boolean anyAdversary = sorted.stream().anyMatch(m -> a.conclusion(ConclusionKey.adversary(m)).isPresent());
                conditions.add(new WhyNot.Condition("a member is an adversary of " + f, anyAdversary, null, null));
                conditions.add(new WhyNot.Condition(f + " is not a member", !sorted.contains(f), null, null));
                rules.add(check(a, AXIS, found.isPresent(), conditions, null));
            }
        }
        Optional<? extends Conclusion> c = found;
        boolean atLevel = true;
        if (wanted != null && c.isPresent()) {
            double score = c.get() instanceof Threat t ? t.getScore() : ((org.mandala.model.Autonomy) c.get()).getScore();
            RiskLevel is = c.get() instanceof Threat t ? t.getLevel() : ((org.mandala.model.Autonomy) c.get()).getLevel();
            double required = cfg.riskMinimum(wanted);
            boolean reached = is.compareTo(wanted) >= 0;
            atLevel = reached;
            rules.add(new WhyNot.RuleCheck("risk levels (levels.drl.csv)", "rules/levels.drl.csv", reached, List.of(new WhyNot.Condition(
                    what + " score " + fmt(score) + (score >= required ? " ≥ " : " < ") + fmt(required) + " needed for " + wanted
                            + " (it is " + is + ")", reached, round(score), required)), null));
        }
        boolean drawn = c.isPresent() && atLevel;
        String question = k.equals("AUTONOMY")
                ? "Is " + what + (wanted == null ? " assessed" : " at least " + wanted) + " on " + key.asOf() + "?"
                : "Is there " + what + (wanted == null ? "" : " at least " + wanted) + " for " + f + " on " + key.asOf() + "?";
        return new WhyNot(question, drawn, drawn ? ExplanationId.of(key, c.get().key()) : null, rules);
    }

    /**
     * A kind of the kinds table that has no check here (a policy team's new kind): whether a rule
     * drew it for these actors, and which; its premises are not listed.
     */
    private WhyNot drawnOrNot(Assessment a, AssessmentKey key, String k, List<String> sorted, RiskLevel wanted) {
        String label = a.ruleset().configuration().kind(k).label();
        Optional<Threat> t = a.threats().stream().filter(x -> x.getKind().equals(k) && x.getActors().containsAll(sorted)).findFirst();
        boolean drawn = t.isPresent() && (wanted == null || t.get().getLevel().compareTo(wanted) >= 0);
        List<WhyNot.RuleCheck> rules = new ArrayList<>();
        if (t.isPresent()) {
            RuleInfo rule = a.ruleset().rule(t.get().getRule());
            rules.add(new WhyNot.RuleCheck(rule.name(), rule.file(), true, List.of(new WhyNot.Condition("the rule drew "
                    + t.get().describe(), true, round(t.get().getScore()), wanted == null ? null : a.ruleset().configuration().riskMinimum(wanted))),
                    null));
        } else {
            rules.add(new WhyNot.RuleCheck("rules drawing " + k, "", false, List.of(new WhyNot.Condition("no rule of ruleset "
                    + a.rulesetVersion() + " drew a " + label + " threat naming " + String.join(", ", sorted) + " (the premises of rules"
                    + " added by a policy team are not listed yet)", false, null, null)), null));
        }
        String question = "Is there " + label + " " + String.join("–", sorted) + (wanted == null ? "" : " at least " + wanted)
                + " for " + key.focus() + " on " + key.asOf() + "?";
        return new WhyNot(question, drawn, drawn ? ExplanationId.of(key, t.get().key()) : null, rules);
    }

    private List<WhyNot.RuleCheck> armament(Assessment a, Configuration cfg, String f, String supplier, String adversary) {
        double arms = score(a, supplier, adversary, "ARMS_TRANSFER");
        double min = cfg.param("MIN_WEIGHT");
        boolean fires = a.conclusion(ConclusionKey.threat("ADVERSARY_ARMAMENT", List.of(supplier, adversary))).isPresent();
        return List.of(check(a, ARMAMENT, fires, List.of(adversary(a, cfg, f, adversary),
                new WhyNot.Condition(supplier + " is not " + f, !supplier.equals(f), null, null),
                new WhyNot.Condition("ARMS_TRANSFER evidence " + supplier + "→" + adversary + " weighs " + fmt(arms)
                        + (arms >= min ? " ≥ " : " < ") + fmt(min) + " (MIN_WEIGHT)", arms >= min, round(arms), min)),
                arms >= min ? null : least(cfg, "ARMS_TRANSFER", min - arms, a.asOf())));
    }

    private List<WhyNot.RuleCheck> convergence(Assessment a, Configuration cfg, String f, String partner, String adversary) {
        AlignmentLevel partnerLeast = cfg.alignment("PARTNER_ALIGNMENT");
        double partnerMinimum = cfg.alignmentMinimum(partnerLeast);
        AlignmentLevel least = cfg.alignment("CONVERGENCE_ALIGNMENT");
        double needed = cfg.alignmentMinimum(least);
        double between = alignment(a, partner, adversary);
        boolean fires = a.conclusion(ConclusionKey.threat("PARTNER_ADVERSARY_CONVERGENCE", List.of(partner, adversary))).isPresent();
        double withFocus = alignment(a, partner, f);
        String focusLevel = level(a, partner, f);
        boolean linked = atLeast(a, partner, adversary, least);
        return List.of(check(a, CONVERGENCE, fires, List.of(
                new WhyNot.Condition(partner + " is a partner of " + f + ": aligned " + focusLevel + " (" + fmt(withFocus)
                        + "), at least " + partnerLeast + " needed (from " + fmt(partnerMinimum) + " points, or a partnership or treaty in force), and not its adversary",
                        a.conclusion(ConclusionKey.partner(partner)).isPresent(), round(withFocus), partnerMinimum),
                adversary(a, cfg, f, adversary),
                new WhyNot.Condition(partner + "–" + adversary + " aligned " + level(a, partner, adversary) + " (" + fmt(between)
                        + "), at least " + least + " needed (from " + fmt(needed) + " points)", linked, round(between), needed)),
                linked ? null : leastCooperation(cfg, needed - raw(a, partner, adversary), a.asOf())));
    }

    private static WhyNot.Condition adversary(Assessment a, Configuration cfg, String f, String x) {
        boolean held = a.conclusion(ConclusionKey.adversary(x)).isPresent();
        double hostility = a.conclusion(ConclusionKey.hostility(f, x)).map(h -> ((Hostility) h).getScore()).orElse(0.0);
        double required = cfg.param("ADVERSARY_HOSTILITY");
        return new WhyNot.Condition(x + " is an adversary of " + f + ": a territorial dispute or armed conflict in force, or hostility "
                + fmt(hostility) + (hostility >= required ? " ≥ " : " < ") + fmt(required) + " (ADVERSARY_HOSTILITY)", held,
                round(hostility), required);
    }

    private WhyNot.RuleCheck treaty(Assessment a, String rule, String x, String y, String type, boolean drawn) {
        boolean inForce = a.evidence(x, y, type).map(Evidence::isInForce).orElse(false)
                || a.evidence(y, x, type).map(Evidence::isInForce).orElse(false);
        return check(a, rule, inForce, List.of(new WhyNot.Condition("a " + type + " between " + x + " and " + y + " in force",
                inForce, null, null)), inForce || drawn ? null : "one " + type + " between " + x + " and " + y + " in force on " + a.asOf());
    }

    private static WhyNot.RuleCheck check(Assessment a, String rule, boolean fires, List<WhyNot.Condition> conditions, String least) {
        RuleInfo info = a.ruleset().rules().get(rule);
        if (info == null) {
            return new WhyNot.RuleCheck(rule, null, false, List.of(new WhyNot.Condition(
                    "the active ruleset has no rule of this name", false, null, null)), null);
        }
        return new WhyNot.RuleCheck(rule, info.file(), fires, conditions, least);
    }

    /** The least cooperative evidence that adds {@code missing} points: the heaviest cooperative type, graded A1, dated that day. */
    private static String leastCooperation(Configuration cfg, double missing, LocalDate asOf) {
        Optional<TypeProfile> best = cfg.types().values().stream()
                .filter(p -> p.polarity() == Polarity.COOPERATIVE && !p.durable())
                .max(Comparator.comparingDouble(TypeProfile::weight));
        return best.map(p -> least(cfg, p.type(), missing, asOf)).orElse(null);
    }

    private static String least(Configuration cfg, String type, double missing, LocalDate asOf) {
        TypeProfile p = cfg.profile(type);
        if (p == null || p.weight() <= 0) {
            return null;
        }
        int n = (int) Math.ceil(missing / p.weight() - 1e-9);
        return fmt(missing) + " more points: e.g. " + n + " × " + type + " graded A1 dated " + asOf + " (" + fmt(p.weight())
                + " points each)";
    }

    private static double score(Assessment a, String actor, String target, String type) {
        return a.evidence(actor, target, type).map(Evidence::getScore).orElse(0.0)
                + (type.equals("ARMS_TRANSFER") ? 0.0 : a.evidence(target, actor, type).map(Evidence::getScore).orElse(0.0));
    }

    private static double alignment(Assessment a, String x, String y) {
        return a.conclusion(ConclusionKey.alignment(x, y)).map(c -> ((Alignment) c).getScore()).orElse(0.0);
    }

    private static String level(Assessment a, String x, String y) {
        return a.conclusion(ConclusionKey.alignment(x, y)).map(c -> ((Alignment) c).getLevel().name()).orElse("NONE");
    }

    private static boolean atLeast(Assessment a, String x, String y, AlignmentLevel least) {
        return a.conclusion(ConclusionKey.alignment(x, y)).map(c -> ((Alignment) c).atLeast(least)).orElse(false);
    }

    private static double raw(Assessment a, String x, String y) {
        return a.conclusion(ConclusionKey.alignment(x, y)).map(c -> ((Alignment) c).getRaw()).orElse(0.0);
    }

    private static long held(List<WhyNot.RuleCheck> checks) {
        return checks.stream().flatMap(r -> r.conditions().stream()).filter(WhyNot.Condition::held).count();
    }

    private static void need(List<String> actors, int n, String example) {
        if (actors.size() < n || (n == 2 && actors.size() != 2) || actors.stream().distinct().count() != actors.size()) {
            throw new InvalidParameterException("actors", String.join(",", actors), "this kind needs " + example);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, value, name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A parameter as written in its table: 0.05, 40. */
    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
