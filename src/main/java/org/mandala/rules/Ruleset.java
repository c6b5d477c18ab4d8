package org.mandala.rules;

import java.util.Map;
import java.util.SortedMap;

import org.kie.api.KieBase;
import org.mandala.model.Configuration;

/**
 * A compiled, validated ruleset: immutable, shared by every assessment made with it.
 *
 * @param version       content hash of every file, so that replicas with the same files agree on it
 * @param files         path relative to the rules directory to SHA-256 of its content
 * @param configuration what the decision tables define, frozen
 * @param rules         every rule by name (queries are not rules here)
 * @param premises      each rule's premises ({@code @premiseOf} queries), in file order, by rule name
 * @param cameo         the CAMEO-to-type mapping of {@code mappings/cameo.csv}, for GDELT imports
 */
public record Ruleset(String version, SortedMap<String, String> files, KieBase kieBase,
                      Configuration configuration, Map<String, RuleInfo> rules,
                      Map<String, java.util.List<Premise>> premises, CameoMapping cameo) {

    /** The rule of that name, or a placeholder for a name that is not in this ruleset. */
    public RuleInfo rule(String name) {
        RuleInfo info = rules.get(name);
        return info != null ? info : new RuleInfo(name, "", "", "");
    }

    /** The premises of the rule of that name, none when it names none. */
    public java.util.List<Premise> premises(String rule) {
        return premises.getOrDefault(rule, java.util.List.of());
    }
}
