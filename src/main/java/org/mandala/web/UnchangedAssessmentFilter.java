package org.mandala.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a dashboard's poll of an assessment it already has ({@code GET /api/assessment} with an
 * {@code If-None-Match} that still holds) with {@code 304}, and a request for an assessment already
 * answered in full with those bytes ({@link AssessmentAnswers}), first of all filters: the key is known
 * without any query (the versions this replica knows), and a profile of the poll put the request
 * observation, the security chain and MVC's dispatch at three fifths of its time
 * (reports/profile-304.md). Being ahead of the security chain, it answers only when the chain would
 * let the reader have the assessment: a known key (every role reads it), or no key where reads are
 * public. Anything else (no key where reads need one, an unknown key, a bad parameter, an assessment
 * not yet made) goes on to the chain and the controller, which answer it as before. Its answers carry
 * the headers the chain and the controller write, and are counted in {@code mandala.polls}.
 */
class UnchangedAssessmentFilter extends OncePerRequestFilter implements Ordered {
    /** Ahead of the request observation ({@code ServerHttpObservationFilter}, at the highest precedence plus one). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;
    private final AssessmentService assessments;
    private final AssessmentAnswers answers;
    private final boolean publicRead;
    private final java.util.Set<String> keys;

    UnchangedAssessmentFilter(AssessmentService assessments, AssessmentAnswers answers, org.mandala.system.MandalaProperties properties) {
        this.assessments = assessments;
        this.answers = answers;
        this.publicRead = properties.security().publicRead();
        this.keys = SecurityConfiguration.keys(properties.security().keys()).keySet();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || !"/api/assessment".equals(request.getRequestURI())
                || !mayRead(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** Whether the security chain would let this reader have the assessment (see {@code SecurityConfiguration}). */
    private boolean mayRead(String authorization) {
        if (authorization == null) {
            return publicRead;
        }
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && keys.contains(SecurityConfiguration.KeyFilter.sha256(authorization.substring(7).strip()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] focus;
        String[] asOf;
        try {
            focus = request.getParameterValues("focus");
            asOf = request.getParameterValues("asOf");
        } catch (InvalidParameterException e) {
            // Tomcat could not read the query; asked again it would answer as if there were none, so the
            // controller would assess the default focus today: refused here
            SecurityConfiguration.problem(response, 400, "Bad Request", ApiExceptionHandler.UNREADABLE_QUERY);
            return;
        }
        if (focus != null && focus.length > 1 || asOf != null && asOf.length > 1) {
            // a repeated parameter: the controller refuses it
            chain.doFilter(request, response);
            return;
        }
        AssessmentKey key;
        try {
            key = assessments.currentKey(focus == null ? null : focus[0], RequestParameters.date("asOf", asOf == null ? null : asOf[0]));
        } catch (RuntimeException e) {
            // a bad focus or date: the controller says what is wrong with it
            chain.doFilter(request, response);
            return;
        }
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && unchanged(ifNoneMatch, key, request, response)) {
            // the controller's caching rule, the 200's Vary and the chain's headers go with the 304
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            SecurityConfiguration.commonHeaders(response);
            org.mandala.system.MandalaMetrics.polled(true);
            return;
        }
        AssessmentAnswers.Answer answer = answers.get(key);
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader(HttpHeaders.ETAG, key.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setContentType("application/json");
        SecurityConfiguration.commonHeaders(response);
        byte[] body = answer.identity();
        if (answer.gzip() != null) {
            // what Tomcat's compression would do for this answer, done once when it was cached
            response.setHeader("Vary", "Accept-Encoding");
            if (acceptsGzip(request)) {
                response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
                body = answer.gzip();
            }
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        org.mandala.system.MandalaMetrics.polled(false);
    }

    /**
     * Whether the reader's tag still holds, the 304 and the ETag set when it does: a weak comparison
     * (RFC 9110, 13.1.2), and {@code *}, which any current answer matches.
     */
    private static boolean unchanged(String ifNoneMatch, AssessmentKey key, HttpServletRequest request, HttpServletResponse response) {
        if ("*".equals(ifNoneMatch.strip())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, key.etag());
            return true;
        }
        return new ServletWebRequest(request, response).checkNotModified(key.etag());
    }

    /** Whether the reader takes gzip: named in {@code Accept-Encoding}, and not with {@code q=0}. */
    static boolean acceptsGzip(HttpServletRequest request) {
        for (var e = request.getHeaders(HttpHeaders.ACCEPT_ENCODING); e.hasMoreElements(); ) {
            for (String coding : e.nextElement().split(",")) {
                String[] parts = coding.split(";");
                if (parts[0].strip().equalsIgnoreCase("gzip")) {
                    return parts.length < 2 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
                }
            }
        }
        return false;
    }

    /**
     * Registered here rather than scanned as a component: a controller's slice test ({@code @WebMvcTest})
     * picks up every filter component, and this one needs the assessment service those tests leave out.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Registration {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<UnchangedAssessmentFilter> unchangedAssessmentFilter(
                AssessmentService assessments, AssessmentAnswers answers, org.mandala.system.MandalaProperties properties) {
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                    new UnchangedAssessmentFilter(assessments, answers, properties));
            registration.setOrder(ORDER);
            registration.addUrlPatterns("/api/assessment");
            return registration;
        }
    }
}
