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
