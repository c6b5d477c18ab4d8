package org.mandala.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code @arithmetic} of a rule: how the score of what it draws follows from what it rests on,
 * written by the policy team beside the rule and filled with the numbers of one conclusion.
 * Placeholders: {@code {score}}, {@code {raw}} (before holding to 0–100), {@code {clamped}} (a note
 * when the two differ), {@code {level}}; {@code {param:NAME}} a parameter of
 * {@code parameters.drl.csv}; {@code {property:NAME}} a number of the conclusion (e.g.
 * {@code pressure}); {@code {ground:NAME}} a number of the first ground that sets the score (e.g. an
 * axis's {@code meanScore}); and over the scores of the grounds that set the score (see
 * {@code @scoredBy}), optionally of one type: {@code {sum}}, {@code {max}}, {@code {min}},
 * {@code {mean}}, {@code {rest}} (the sum less the largest), {@code {count}}, {@code {scores}}, e.g.
 * {@code {max:Threat}}.
 */
public final class ArithmeticTemplate {
    static final List<String> KNOWN = List.of("score", "raw", "clamped", "level", "param:NAME", "property:NAME", "ground:NAME",
            "sum", "max", "min", "mean", "rest", "count", "scores", "sum:Type", "max:Type", "min:Type", "mean:Type", "rest:Type",
            "count:Type", "scores:Type", "sum:Type.property", "max:Type.property", "...");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern VALID = Pattern.compile("score|raw|clamped|level|(param|property|ground):[A-Za-z_][A-Za-z0-9_]*"
            + "|(sum|max|min|mean|rest|count|scores)(:[A-Z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)?)?");

    private ArithmeticTemplate() {
    }

    /** The placeholders of a template that are not of the forms above. */
    public static Set<String> unknownPlaceholders(String template) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!VALID.matcher(m.group(1)).matches()) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }

    /** The template with each placeholder replaced by what {@code values} answers for it. */
    public static String fill(String template, Function<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
