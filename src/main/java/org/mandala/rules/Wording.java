package org.mandala.rules;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

/**
 * The wording of a rule's narrative, kept with the rule as {@code @wording("...")} so policy teams
 * edit the wording with the rule. Placeholders in braces are filled per conclusion:
 *
 * <ul>
 * <li>{@code {conclusion}} the conclusion in one line; {@code {level}}, {@code {score}},
 *     {@code {a}}, {@code {b}}, {@code {actors}}, {@code {summary}}, {@code {focus}};</li>
 * <li>{@code {evidence}} a sentence naming the decisive indicators with dates, grades and sources;</li>
 * <li>{@code {grounds}} the conclusions it follows from; {@code {amendments}} later changes by other rules;</li>
 * <li>{@code {confidence}} its confidence and what that rests on; {@code {description}} the rule's description;</li>
 * <li>for a warning, {@code {severity}}, {@code {was}} and {@code {now}} (what the earlier and current assessments said) and {@code {since}} (which earlier one).</li>
 * </ul>
 * A placeholder not in this list is refused when the ruleset is loaded.
 */
public final class Wording {
    public static final Set<String> VARIABLES = Set.of("conclusion", "level", "score", "a", "b", "actors", "summary", "focus",
            "evidence", "grounds", "amendments", "confidence", "description", "structural", "acute", "severity", "was", "now", "since");
    /** Used for a rule without {@code @wording}. */
    public static final String DEFAULT = "{conclusion}. {description} {evidence} {grounds} {amendments} Confidence {confidence}.";

    private Wording() {
    }

    /** The template with every placeholder filled (an absent value reads as nothing), spaces tidied. */
    public static String render(String template, Map<String, String> values) {
        java.util.Map<String, String> all = new java.util.HashMap<>();
        VARIABLES.forEach(v -> all.put(v, ""));
        values.forEach((k, v) -> all.put(k, v == null ? "" : v));
        StringSubstitutor substitutor = new StringSubstitutor(all, "{", "}");
        // values are indicator text from uploads: never read them as templates
        substitutor.setDisableSubstitutionInValues(true);
        String text = substitutor.replace(template == null || template.isBlank() ? DEFAULT : template);
        return text.replaceAll("\\s+", " ").replace(" .", ".").strip();
    }

    /** The placeholders of a template that are not {@link #VARIABLES}, in order. */
    static Set<String> unknownPlaceholders(String template) {
        Set<String> unknown = new TreeSet<>();
        StringLookup record = key -> {
            if (!VARIABLES.contains(key)) {
                unknown.add(key);
            }
            return "";
        };
        new StringSubstitutor(record, "{", "}", '\\').replace(template);
        return unknown;
    }
}
