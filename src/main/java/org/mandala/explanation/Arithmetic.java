package org.mandala.explanation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mandala.model.Conclusion;
import org.mandala.model.Evidence;
import org.mandala.rules.ArithmeticTemplate;
import org.mandala.rules.RuleInfo;
import org.mandala.rules.Ruleset;

/**
 * How a conclusion's score follows from what it rests on, in one line with the numbers: the
 * {@code @arithmetic} of the rule that drew it, filled with this conclusion's numbers (see
 * {@link ArithmeticTemplate}); without one, the sum of indicator contributions (and its clamping)
 * when the score rests on evidence alone, else the score.
 */
final class Arithmetic {
    private static final String DEFAULT_SUM = "score = sum of the contributions = {raw}{clamped}";

    private Arithmetic() {
    }

    /**
     * The share of each contribution that the conclusion's score keeps: its score over the sum of
     * the evidence it rests on directly, so that the contributions add up to the score after the
     * rule's curve (v2) or factor; 1 when it rests on no evidence or its score is that sum.
     */
    static double scale(Conclusion c, Ruleset ruleset) {
        RuleInfo rule = ruleset.rule(c.getRule());
        double sum = 0;
        boolean evidence = false;
        for (Object g : c.getGrounds()) {
            if (g instanceof Evidence e) {
                sum += rule.lowers("Evidence", e.isHostile()) ? -e.getScore() : e.getScore();
                evidence = true;
            }
        }
        Double score = c.shownScore();
        if (!evidence || score == null || Math.abs(sum) < 1e-12 || Math.abs(score - sum) < 1e-9) {
            return 1.0;
        }
        return score / sum;
    }

    /** The line, or null for a conclusion without a score and a rule without {@code @arithmetic}. */
    static String of(Conclusion c, Ruleset ruleset) {
        RuleInfo rule = ruleset.rule(c.getRule());
        List<Object> scored = new ArrayList<>();
        for (Object g : c.getGrounds()) {
            boolean hasScore = g instanceof Conclusion n && n.shownScore() != null;
            if (rule.scores(g.getClass().getSimpleName(), hasScore)) {
                scored.add(g);
            }
        }
        String template = rule.arithmetic();
        if (template.isBlank()) {
            if (c.shownScore() == null) {
                return null;
            }
            template = scored.stream().allMatch(g -> g instanceof Evidence) ? DEFAULT_SUM : "score = {score}";
        }
        return ArithmeticTemplate.fill(template, name -> value(name, c, scored, ruleset));
    }

    private static String value(String name, Conclusion c, List<Object> scored, Ruleset ruleset) {
        Double score = c.shownScore();
        Double raw = number(c, "raw");
        switch (name) {
            case "score" -> {
                return score == null ? "–" : f(score);
            }
            case "raw" -> {
                return f(raw != null ? raw : score == null ? 0 : score);
            }
            case "clamped" -> {
                return raw == null || score == null || Math.abs(raw - score) < 1e-9 ? ""
                        : ", shown as " + f(score) + " (scores are held to 0–100)";
            }
            case "level" -> {
                return c.levelName() == null ? "–" : c.levelName();
            }
            default -> {
            }
        }
        int colon = name.indexOf(':');
        String head = colon < 0 ? name : name.substring(0, colon);
        String arg = colon < 0 ? null : name.substring(colon + 1);
        switch (head) {
            case "param" -> {
                return f(ruleset.configuration().param(arg));
            }
            case "property" -> {
                return text(c, arg);
            }
            case "ground" -> {
                return scored.isEmpty() ? "?" : text(scored.get(0), arg);
            }
            default -> {
                String type = arg == null ? null : arg.contains(".") ? arg.substring(0, arg.indexOf('.')) : arg;
                String property = arg != null && arg.contains(".") ? arg.substring(arg.indexOf('.') + 1) : null;
                List<Double> scores = new ArrayList<>();
                for (Object g : scored) {
                    if (type == null || g.getClass().getSimpleName().equals(type)) {
                        Double v = property != null ? number(g, property) : g instanceof Evidence e ? Double.valueOf(e.getScore())
                                : ((Conclusion) g).shownScore();
                        scores.add(v == null ? 0.0 : v);
                    }
                }
                double sum = scores.stream().mapToDouble(Double::doubleValue).sum();
                double max = scores.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                return switch (head) {
                    case "sum" -> f(sum);
                    case "max" -> f(max);
                    case "min" -> f(scores.stream().mapToDouble(Double::doubleValue).min().orElse(0));
                    case "mean" -> f(scores.isEmpty() ? 0 : sum / scores.size());
                    case "rest" -> f(sum - max);
                    case "count" -> String.valueOf(scores.size());
                    default -> scores.stream().map(Arithmetic::f).toList().toString();
                };
            }
        }
    }

    /** A number of a fact as the line shows it: a whole count as it is, a score with two decimals; "?" when there is none. */
    private static String text(Object fact, String property) {
        Object v = value(fact, property);
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        return v instanceof Number n ? f(n.doubleValue()) : "?";
    }

    private static Object value(Object fact, String property) {
        try {
            return fact.getClass().getMethod("get" + Character.toUpperCase(property.charAt(0)) + property.substring(1)).invoke(fact);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A number a fact of the model answers by its getter ({@code raw} → {@code getRaw()}), or null. */
    private static Double number(Object fact, String property) {
        return value(fact, property) instanceof Number n ? n.doubleValue() : null;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
