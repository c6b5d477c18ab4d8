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

import jakarta.servlet.DispatcherType;
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
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Access by API key ({@code Authorization: Bearer <key>}), configured as
 * {@code mandala.security.keys[i].name}, {@code .role} and {@code .sha256} (the hex SHA-256 of the
 * key; keys are never stored in clear). Three roles, each including the one before:
 * {@code VIEWER} reads the assessment, explanations, history, indicators and the dashboard;
 * {@code ANALYST} also reads the rules (files, versions, diffs, status), the decision log and alerts' deliveries, acknowledges alerts,
 * uploads indicators and writes reports; {@code POLICY} also changes, validates, previews and
 * activates rules and manages webhook subscriptions. Without a key a request gets {@code 401}, with a key of too low a role
 * {@code 403}; the reads a VIEWER may make need no key when {@code mandala.security.public-read=true}
 * (rule governance never is public). A key that matches none gets {@code 401}. Every answer
 * carries a Content-Security-Policy the dashboard works under and {@code Referrer-Policy: no-referrer}.
 */
@Configuration
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {
    static final Set<String> ROLES = Set.of("VIEWER", "ANALYST", "POLICY");
    /** Rule governance: what the rules say and which assessments were served; not for every viewer. */
    static final String[] GOVERNANCE = {"/api/rules", "/api/rules/**", "/api/decisions", "/api/decisions/**"};
    /**
     * Scripts, styles, data and images from this origin only. ECharts sets element styles through
     * the CSSOM, which {@code style-src} does not govern, but its tooltips are HTML with
     * {@code style="..."} attributes, hence {@code style-src-attr 'unsafe-inline'} (attributes only:
     * no inline {@code <style>} and no script). The icon is a {@code data:} URL.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(response, 401, "Unauthorized",
                                "this needs an API key: send Authorization: Bearer <key>"))
                        .accessDeniedHandler((request, response, ex) -> problem(response, 403, "Forbidden",
                                "your key's role may not do this (" + needed(request) + " needed)")))
                .authorizeHttpRequests(a -> {
                    // an error page is answered as it is, never replaced by a 401 for the request that failed
                    // an async dispatch (the end of an alert stream) belongs to a request authorised when it began
                    a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    a.requestMatchers("/error").permitAll();
                    a.requestMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/webjars/**", "/favicon.ico").permitAll();
                    // balancers and orchestrators probe without a key; the metrics are read like the picture
                    a.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
                    if (publicRead) {
                        a.requestMatchers(HttpMethod.GET, "/actuator/prometheus").permitAll();
                    } else {
                        a.requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole("VIEWER");
                    }
                    a.requestMatchers(HttpMethod.GET, GOVERNANCE).hasRole("ANALYST");
                    a.requestMatchers(HttpMethod.HEAD, GOVERNANCE).hasRole("ANALYST");
                    a.requestMatchers(HttpMethod.POST, "/api/indicators", "/api/indicators/**", "/api/reports").hasRole("ANALYST");
                    // webhook subscriptions hold URLs and secrets: policy only; an alert's deliveries name those URLs
                    a.requestMatchers("/api/alerts/subscriptions", "/api/alerts/subscriptions/**").hasRole("POLICY");
                    a.requestMatchers(HttpMethod.GET, "/api/alerts/*/deliveries").hasRole("ANALYST");
                    a.requestMatchers(HttpMethod.POST, "/api/alerts/*/acknowledge").hasRole("ANALYST");
                    // a what-if is a read: it stores nothing
                    if (publicRead) {
                        a.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
                        a.requestMatchers(HttpMethod.HEAD, "/api/**").permitAll();
                        a.requestMatchers(HttpMethod.POST, "/api/assessment/what-if").permitAll();
                    } else {
                        a.requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER");
                        a.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER");
                        a.requestMatchers(HttpMethod.POST, "/api/assessment/what-if").hasRole("VIEWER");
                    }
                    a.anyRequest().hasRole("POLICY");
                });
        return http.build();
    }

    /**
     * A request the firewall refuses ({@code //}, {@code ;}, an encoded {@code .} or {@code /} in the
     * path, ...) answers a problem like every other 400, not the servlet container's error page.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, ex) -> problem(response, 400, "Bad Request",
                "the request's URL is not accepted: it holds an encoded or repeated separator or a character a path may not hold");
    }

    private static String needed(HttpServletRequest request) {
        String m = request.getMethod();
        String p = request.getRequestURI();
        if (p.startsWith("/api/alerts/subscriptions")) {
            return "POLICY";
        }
        if ("GET".equals(m) || "HEAD".equals(m)) {
            return p.startsWith("/api/rules") || p.startsWith("/api/decisions") || p.endsWith("/deliveries") ? "ANALYST" : "VIEWER";
        }
        return p.startsWith("/api/indicators") || p.equals("/api/reports") || p.endsWith("/acknowledge") ? "ANALYST" : "POLICY";
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

    /**
     * The headers the chain writes on every answer, for the one answer given ahead of it (an
     * unchanged poll, {@code UnchangedAssessmentFilter}); {@code AccessTests} holds both to the same set.
     */
    static void commonHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-XSS-Protection", "0");
    }

    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        commonHeaders(response);
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
