package org.mandala.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mandala.system.MandalaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Access by API key ({@code Authorization: Bearer <key>}), configured as
 * {@code mandala.security.keys[i].name}, {@code .role} and {@code .sha256} (the hex SHA-256 of the
 * key; keys are never stored in clear). Three roles, each including the one before:
 * {@code VIEWER} reads the API and the dashboard, {@code ANALYST} also uploads indicators and
 * writes reports, {@code POLICY} also changes, validates, previews and activates rules. A write
 * without a key gets {@code 401}, with a key of too low a role {@code 403}; reads need a key
 * unless {@code mandala.security.public-read=true}. A key that matches none gets {@code 401}.
 */
@Configuration
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {
    static final Set<String> ROLES = Set.of("VIEWER", "ANALYST", "POLICY");

    /** No users and no passwords: API keys are the only way in (and Boot generates no default password). */
    @Bean
    org.springframework.security.core.userdetails.UserDetailsService noUsers() {
        return new org.springframework.security.provisioning.InMemoryUserDetailsManager();
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_POLICY > ROLE_ANALYST\nROLE_ANALYST > ROLE_VIEWER");
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, MandalaProperties properties) throws Exception {
        boolean publicRead = properties.security().publicRead();
        Map<String, MandalaProperties.Key> keys = keys(properties.security().keys());
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new KeyFilter(keys), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(response, 401, "Unauthorized",
                                "this needs an API key: send Authorization: Bearer <key>"))
                        .accessDeniedHandler((request, response, ex) -> problem(response, 403, "Forbidden",
                                "your key's role may not do this (" + needed(request) + " needed)")))
                .authorizeHttpRequests(a -> {
                    a.requestMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/webjars/**", "/favicon.ico", "/error").permitAll();
                    a.requestMatchers(HttpMethod.POST, "/api/indicators", "/api/indicators/**", "/api/reports").hasRole("ANALYST");
                    if (publicRead) {
                        a.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
                        a.requestMatchers(HttpMethod.HEAD, "/api/**").permitAll();
                    } else {
                        a.requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER");
                        a.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER");
                    }
                    a.anyRequest().hasRole("POLICY");
                });
        return http.build();
    }

    private static String needed(HttpServletRequest request) {
        String m = request.getMethod();
        String p = request.getRequestURI();
        if ("GET".equals(m) || "HEAD".equals(m)) {
            return "VIEWER";
        }
        return p.startsWith("/api/indicators") || p.equals("/api/reports") ? "ANALYST" : "POLICY";
    }

    /** Checks the configured keys at startup: a known role and a 64-digit hex hash each. */
    static Map<String, MandalaProperties.Key> keys(List<MandalaProperties.Key> keys) {
        for (MandalaProperties.Key k : keys) {
            if (k.role() == null || !ROLES.contains(k.role().toUpperCase(Locale.ROOT))) {
                throw new IllegalStateException("mandala.security.keys: the key " + k.name() + " has role " + k.role()
                        + "; roles are VIEWER, ANALYST and POLICY");
            }
            if (k.sha256() == null || !k.sha256().strip().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("mandala.security.keys: the key " + k.name()
                        + " needs sha256, the hex SHA-256 of the key (64 digits)");
            }
        }
        return keys.stream().collect(Collectors.toMap(k -> k.sha256().strip().toLowerCase(Locale.ROOT), k -> k, (x, y) -> x));
    }

    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\"", "'") + "\"}");
    }

    /** Turns a known bearer key into an authentication with its role; an unknown key is refused at once. */
    static final class KeyFilter extends OncePerRequestFilter {
        private final Map<String, MandalaProperties.Key> keys;

        KeyFilter(Map<String, MandalaProperties.Key> keys) {
            this.keys = keys;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                MandalaProperties.Key key = keys.get(sha256(header.substring(7).strip()));
                if (key == null) {
                    problem(response, 401, "Unauthorized", "the API key is not known");
                    return;
                }
                var auth = new UsernamePasswordAuthenticationToken(key.name(), null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + key.role().toUpperCase(Locale.ROOT))));
                SecurityContextHolder.getContext().setAuthentication(auth);
            }
            chain.doFilter(request, response);
        }

        static String sha256(String key) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
