package org.mandala.web;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;

import org.mandala.indicator.ActorCodes;
import org.mandala.rules.ActiveRuleset;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the dashboard needs besides assessments: the states to pick a focus from, the catalogue's types, and who the caller is. */
@RestController
class ReferenceController {

    record State(String code, String name) {
    }

    /** A level and the scores it covers, {@code from} included, {@code to} not; null bounds for a level no score gives. */
    record Band(String level, Double from, Double to, String note) {
    }

    /** The bands of the active ruleset's levels ({@code levels.drl.csv}), for a legend. */
    record Levels(String rulesetVersion, List<Band> risk, List<Band> alignment) {
    }

    record Me(String name, String role) {
    }

    private final ActorCodes codes;
    private final ActiveRuleset rules;

    ReferenceController(ActorCodes codes, ActiveRuleset rules) {
        this.codes = codes;
        this.rules = rules;
    }

    @GetMapping("/api/reference/states")
    List<State> states() {
        return codes.all().values().stream().filter(a -> a.kind() == ActorCodes.Kind.STATE)
                .sorted(Comparator.comparing(ActorCodes.Actor::name)).map(a -> new State(a.code(), a.name())).toList();
    }

    @GetMapping("/api/reference/types")
    List<String> types() {
        return List.copyOf(new java.util.TreeSet<>(rules.get().configuration().types().keySet()));
    }

    /**
     * {@code GET /api/reference/levels}: the score bands of the risk and alignment levels of the active
     * ruleset, as a policy team set them, so a legend never restates them.
     */
    @GetMapping("/api/reference/levels")
    Levels levels() {
        org.mandala.rules.Ruleset r = rules.get();
        org.mandala.model.Configuration cfg = r.configuration();
        List<Band> risk = new java.util.ArrayList<>();
        org.mandala.model.RiskLevel[] rl = org.mandala.model.RiskLevel.values();
        for (int i = 0; i < rl.length; i++) {
            risk.add(new Band(rl[i].name(), cfg.riskMinimum(rl[i]), i + 1 < rl.length ? cfg.riskMinimum(rl[i + 1]) : 100.0, null));
        }
        List<Band> alignment = new java.util.ArrayList<>();
        List<org.mandala.model.AlignmentLevel> scored = java.util.Arrays.stream(org.mandala.model.AlignmentLevel.values())
                .filter(l -> l != org.mandala.model.AlignmentLevel.ALLIANCE).toList();
        for (int i = 0; i < scored.size(); i++) {
            alignment.add(new Band(scored.get(i).name(), cfg.alignmentMinimum(scored.get(i)),
                    i + 1 < scored.size() ? cfg.alignmentMinimum(scored.get(i + 1)) : 100.0, null));
        }
        alignment.add(new Band(org.mandala.model.AlignmentLevel.ALLIANCE.name(), null, null,
                "no score makes an alliance: only an alliance treaty in force does"));
        return new Levels(r.version(), risk, alignment);
    }

    /** The caller's key name and role, or none: the dashboard shows the pages that role may use. */
    @GetMapping("/api/me")
    Me me(Principal who) {
        if (who instanceof Authentication auth && auth.isAuthenticated() && !"anonymousUser".equals(auth.getName())) {
            String role = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).filter(r -> r.startsWith("ROLE_"))
                    .map(r -> r.substring(5)).findFirst().orElse(null);
            return new Me(auth.getName(), role);
        }
        return new Me(null, null);
    }
}
