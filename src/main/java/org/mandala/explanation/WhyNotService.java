package org.mandala.explanation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.mandala.assessment.Premises;
import org.mandala.model.AlignmentLevel;
import org.mandala.model.Alignment;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.model.Configuration;
import org.mandala.model.Pairs;
import org.mandala.model.RiskLevel;
import org.mandala.rules.Premise;
import org.mandala.rules.RuleInfo;
import org.springframework.stereotype.Service;

/**
 * Answers "why not?". For a kind of threat (or the autonomy risk) the rules say what they draw
 * ({@code @draws}) and name their premises as DRL queries ({@code @premiseOf}); this runs those
 * premises with the actors bound and reads the thresholds of the active ruleset, so a rule a policy
 * team adds is answered like the shipped ones. The alignment of a pair is answered the same way:
 * its score against the level settings, and the rules that raise it whatever the score
 * ({@code @raisesTo}) with their premises.
 */
@Service
public class WhyNotService {
    /** What a rule {@code @draws} when it draws, or raises, the alignment of a pair. */
    static final String ALIGNMENT = "ALIGNMENT";
    /** What a rule {@code @draws} when it draws the focus's autonomy risk, a conclusion that is not a threat. */
    static final String AUTONOMY = "AUTONOMY";

    private final AssessmentService assessments;

    WhyNotService(AssessmentService assessments) {
        this.assessments = assessments;
    }

    /** Why the alignment of a pair is not (at least) at {@code level}. */
    public WhyNot pair(String focus, LocalDate asOf, List<String> asked, String level) {
        List<String> pair = asked.stream().map(code -> assessments.state("pair", code)).toList();
        if (pair.size() != 2 || pair.get(0).equals(pair.get(1))) {
            throw new InvalidParameterException("pair", String.join(",", asked), "a pair is two different state codes, e.g. PAK,RUS");
        }
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
        // a level without a threshold (ALLIANCE, v2) comes from a rule that raises it, never from a score
        boolean byScoreAtAll = !Double.isNaN(required);
        boolean enough = byScoreAtAll && score >= required;
        List<RuleInfo> drawing = a.ruleset().rules().values().stream().filter(r -> r.draws().equals(ALIGNMENT)).toList();
        // the level the score reaches, by the thresholds of levels.drl.csv: arithmetic, not a premise
        List<WhyNot.Condition> byScore = List.of(byScoreAtAll
                ? new WhyNot.Condition(x + "–" + y + " alignment " + fmt(score) + (enough ? " ≥ " : " < ") + fmt(required)
                        + " needed for " + wanted + " (evidence " + fmt(raw) + " through the curve)", enough, round(score), required)
                : new WhyNot.Condition("no score makes " + x + "–" + y + " " + wanted + " (levels.drl.csv has no threshold for it): only a rule"
                        + " that raises the level, such as a treaty in force, does", false, round(score), null));
        // the extra evidence the curve needs to reach the threshold (the alignment rule's scale, parameters.drl.csv)
        String leastByScore = enough || drawn || !byScoreAtAll || !cfg.hasParameter("ALIGNMENT_SCALE") ? null
                : Premises.leastCooperation(cfg, cfg.evidenceFor(required, "ALIGNMENT_SCALE") - raw, a.asOf());
        List<RuleInfo> scoring = drawing.stream().filter(r -> r.raisesTo().isEmpty()).toList();
        if (scoring.isEmpty()) {
            rules.add(new WhyNot.RuleCheck("alignment levels (levels.drl.csv)", "rules/levels.drl.csv", enough, byScore, leastByScore));
        }
        scoring.forEach(r -> rules.add(new WhyNot.RuleCheck(r.name(), r.file(), enough, byScore, leastByScore)));
        // rules that raise the level whatever the score (a treaty in force), where they raise it far enough
        try (Premises premises = Premises.of(a, assessments.bounds())) {
            for (RuleInfo r : drawing) {
                if (r.raisesTo().isEmpty() || cfg.level(r.raisesTo()).compareTo(wanted) < 0) {
                    continue;
                }
                List<Premises.Checked> checked = premises.best(a.ruleset().premises(r.name()), List.of(x, y));
                boolean fires = al.isPresent() && al.get().getAmendments().stream().anyMatch(m -> m.rule().equals(r.name()));
                String least = drawn ? null : checked.stream().filter(c -> !c.held()).map(Premises.Checked::leastChange)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                rules.add(new WhyNot.RuleCheck(r.name(), r.file(), fires || (!checked.isEmpty() && checked.stream().allMatch(Premises.Checked::held)),
                        checked.stream().map(c -> new WhyNot.Condition(c.text(), c.held(), c.actual(), c.required())).toList(), least));
            }
        }
        String question = "Is " + x + "–" + y + " aligned at least " + wanted + " for " + key.focus() + " on " + key.asOf() + "?";
        return new WhyNot(question, drawn, drawn ? ExplanationId.of(key, al.get().key()) : null, rules);
    }

    /**
     * Why a conclusion of this kind between these actors (or the autonomy risk) is not drawn, or not
     * at {@code level}: the rules of the active ruleset that say they draw it ({@code @draws}), each
     * with its premises ({@code @premiseOf} queries) run with the actors bound.
     */
    public WhyNot kind(String focus, LocalDate asOf, String kind, List<String> actors, String level) {
        String k = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT);
        RiskLevel wanted = level == null ? null : parse(RiskLevel.class, "level", level);
        AssessmentKey key = assessments.currentKey(focus, asOf);
        Assessment a = assessments.assess(key);
        Configuration cfg = a.ruleset().configuration();
        // the kinds of threat, and the autonomy risk when a rule says it draws it
        Set<String> known = new LinkedHashSet<>(cfg.kinds().keySet());
        a.ruleset().rules().values().stream().map(RuleInfo::draws).filter(AUTONOMY::equals).forEach(known::add);
        known.addAll(cfg.tripwires().keySet());
        if (cfg.tripwires().containsKey(k)) {
            return tripwire(key, a, k, actors);
        }
        if (!known.contains(k)) {
            throw new InvalidParameterException("kind", kind, "kind must be one of " + String.join(", ", known));
        }
        String f = key.focus();
        List<String> sorted = actors.stream().map(code -> assessments.state("actors", code)).sorted().toList();
        if (sorted.stream().distinct().count() != sorted.size()) {
            throw new InvalidParameterException("actors", String.join(",", actors), "name each state once");
        }
        List<RuleInfo> drawing = a.ruleset().rules().values().stream().filter(r -> r.draws().equals(k)).toList();
        List<WhyNot.RuleCheck> rules = new ArrayList<>();
        Optional<? extends Conclusion> found;
        String what;
        if (k.equals(AUTONOMY)) {
            found = a.conclusion(ConclusionKey.autonomy(f));
            what = f + "'s autonomy risk";
            for (RuleInfo rule : drawing) {
                rules.add(new WhyNot.RuleCheck(rule.name(), rule.file(), found.isPresent(), autonomy(a, f, found), null));
            }
        } else {
            List<String> named = sorted;
            java.util.Map<String, List<String>> actorsOf = new java.util.HashMap<>();
            for (RuleInfo rule : drawing) {
                List<Premise> premises = a.ruleset().premises(rule.name());
                if (!premises.isEmpty()) {
                    named = Premises.fit(premises, sorted, f);
                    actorsOf.put(rule.name(), named);
                    int n = Premises.arity(premises);
                    if ((n < 0 && named.size() < 2) || (n >= 0 && named.size() != n)) {
                        throw new InvalidParameterException("actors", String.join(",", actors), "rule \"" + rule.name() + "\" takes "
                                + (n < 0 ? "two or more states" : n + " state" + (n == 1 ? "" : "s")) + ": "
                                + String.join(", ", Premises.roles(premises)));
                    }
                }
            }
            List<String> asked = named;
            found = a.conclusion(ConclusionKey.threat(k, sorted)).or(() -> a.threats().stream()
                    // the actors may stand inside a larger conclusion, e.g. members of a larger axis, or with the focus
                    .filter(t -> t.getKind().equals(k) && t.getActors().containsAll(asked)).findFirst());
            what = cfg.kind(k).label() + " " + String.join("–", found.map(Conclusion::actors).orElse(sorted));
            if (drawing.isEmpty()) {
                rules.add(new WhyNot.RuleCheck("rules drawing " + k, "", false, List.of(new WhyNot.Condition("no rule of ruleset "
                        + a.rulesetVersion() + " says it @draws(\"" + k + "\")", false, null, null)), null));
            }
            boolean anyPremises = drawing.stream().anyMatch(r -> !a.ruleset().premises(r.name()).isEmpty());
            try (Premises premises = anyPremises ? Premises.of(a, assessments.bounds()) : null) {
                for (RuleInfo rule : drawing) {
                    boolean fires = found.isPresent() && found.get().getRule().equals(rule.name());
                    List<Premise> ps = a.ruleset().premises(rule.name());
                    if (ps.isEmpty()) {
                        rules.add(new WhyNot.RuleCheck(rule.name(), rule.file(), fires, List.of(new WhyNot.Condition(fires
                                ? "the rule drew " + found.get().describe() : "the rule names no premises (no @premiseOf query)",
                                fires, null, null)), null));
                        continue;
                    }
                    List<Premises.Checked> checked = premises.best(ps, actorsOf.getOrDefault(rule.name(), asked));
                    String least = found.isPresent() ? null : checked.stream().filter(c -> !c.held()).map(Premises.Checked::leastChange)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                    rules.add(new WhyNot.RuleCheck(rule.name(), rule.file(), fires, checked.stream()
                            .map(c -> new WhyNot.Condition(c.text(), c.held(), c.actual(), c.required())).toList(), least));
                }
            }
        }
        Optional<? extends Conclusion> c = found;
        boolean atLevel = true;
        if (wanted != null && c.isPresent()) {
            double score = c.get().shownScore() == null ? 0.0 : c.get().shownScore();
            RiskLevel is = RiskLevel.valueOf(c.get().levelName());
            double required = cfg.riskMinimum(wanted);
            boolean reached = is.compareTo(wanted) >= 0;
            atLevel = reached;
            rules.add(new WhyNot.RuleCheck("risk levels (levels.drl.csv)", "rules/levels.drl.csv", reached, List.of(new WhyNot.Condition(
                    what + " score " + fmt(score) + (score >= required ? " ≥ " : " < ") + fmt(required) + " needed for " + wanted
                            + " (it is " + is + ")", reached, round(score), required)), null));
        }
        boolean drawn = c.isPresent() && atLevel;
        String question = k.equals(AUTONOMY)
                ? "Is " + what + (wanted == null ? " assessed" : " at least " + wanted) + " on " + key.asOf() + "?"
                : "Is there " + what + (wanted == null ? "" : " at least " + wanted) + " for " + f + " on " + key.asOf() + "?";
        return new WhyNot(question, drawn, drawn ? ExplanationId.of(key, c.get().key()) : null, rules);
    }

    /**
     * Why a tripwire's warning is not drawn for these states: the tripwires compared with the data
     * version before the current one (the last change of data) and with the previous month-end, as
     * alerts do; each rule that says it draws the tripwire, with its premises run over the assessment,
     * the earlier assessments and the warnings drawn.
     */
    private WhyNot tripwire(AssessmentKey key, Assessment a, String k, List<String> actors) {
        String f = key.focus();
        List<String> sorted = actors.stream().map(code -> assessments.state("actors", code)).distinct().sorted().toList();
        long previous = Math.max(0, key.dataVersion() - 1);
        Assessment before = assessments.assess(new AssessmentKey(f, key.asOf(), previous, key.rulesetVersion()));
        List<org.mandala.model.Earlier> earlier = assessments.earlier(a, before, "since data version " + previous);
        List<org.mandala.model.Warning> warnings = assessments.warnings(a, earlier, false);
        // the warning of exactly these states (a warning about the focus alone may be asked without naming it):
        // premises are run for exactly these states, so a larger warning that contains them would contradict them
        List<String> withFocus = java.util.stream.Stream.concat(sorted.stream(), java.util.stream.Stream.of(f)).distinct().sorted().toList();
        Optional<org.mandala.model.Warning> found = warnings.stream().filter(w -> w.getTripwire().equals(k)
                && (w.actors().equals(sorted) || w.actors().equals(withFocus))).findFirst();
        List<RuleInfo> drawing = a.ruleset().rules().values().stream().filter(r -> r.draws().equals(k)).toList();
        List<WhyNot.RuleCheck> rules = new ArrayList<>();
        List<Object> extra = new ArrayList<>(earlier);
        extra.addAll(warnings);
        try (Premises premises = Premises.of(a, assessments.bounds(), extra)) {
            for (RuleInfo rule : drawing) {
                boolean fires = found.isPresent() && found.get().getRule().equals(rule.name());
                List<Premise> ps = a.ruleset().premises(rule.name());
                if (ps.isEmpty()) {
                    rules.add(new WhyNot.RuleCheck(rule.name(), rule.file(), fires, List.of(new WhyNot.Condition(fires
                            ? "the rule drew " + found.get().describe() : "the rule names no premises (no @premiseOf query)", fires, null, null)),
                            null));
                    continue;
                }
                List<String> named = Premises.fit(ps, sorted, f);
                List<Premises.Checked> checked = premises.best(ps, named);
                if (checked.isEmpty()) {
                    throw new InvalidParameterException("actors", String.join(",", actors), "rule \"" + rule.name() + "\" takes "
                            + String.join(", ", Premises.roles(ps)));
                }
                rules.add(new WhyNot.RuleCheck(rule.name(), rule.file(), fires, checked.stream()
                        .map(c -> new WhyNot.Condition(c.text(), c.held(), c.actual(), c.required())).toList(), null));
            }
        }
        if (drawing.isEmpty()) {
            rules.add(new WhyNot.RuleCheck("rules drawing " + k, "", false, List.of(new WhyNot.Condition("no rule of ruleset "
                    + a.rulesetVersion() + " says it @draws(\"" + k + "\")", false, null, null)), null));
        }
        String what = a.ruleset().configuration().tripwire(k).label() + (sorted.isEmpty() ? "" : " " + String.join("–", sorted));
        return new WhyNot("Is there a warning " + what + " for " + f + " on " + key.asOf() + ", against data version " + previous
                + " and the month-end of " + org.mandala.assessment.Warnings.previousMonthEnd(key.asOf()) + "?", found.isPresent(), null, rules);
    }

    /** The autonomy risk's arithmetic: the pressure of the threats less balancing. */
    /** The autonomy risk's conditions: drawn or not, and how its score follows, as its rule's {@code @arithmetic} says. */
    private static List<WhyNot.Condition> autonomy(Assessment a, String f, Optional<? extends Conclusion> found) {
        if (found.isEmpty()) {
            return List.of(new WhyNot.Condition("the rules drew an autonomy risk for " + f, false, null, null));
        }
        Conclusion u = found.get();
        String line = Arithmetic.of(u, a.ruleset());
        return List.of(new WhyNot.Condition(line == null ? u.describe() : line, true,
                u.shownScore() == null ? null : round(u.shownScore()), null));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, value, name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
