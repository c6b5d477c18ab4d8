package org.mandala.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a dashboard's poll of an unchanged assessment ({@code GET /api/assessment} with an
 * {@code If-None-Match} that still holds) with {@code 304} before Spring MVC's dispatch: the key is
 * known without any query (the versions this replica knows), and a profile of that path put the
 * dispatch at a fifth of its time (reports/profile-304.md). It runs after the security filter chain,
 * so a deployment whose reads need a key still asks for one. Anything else, a bad parameter too,
 * goes on to the controller, which answers it as before.
 */
class UnchangedAssessmentFilter extends OncePerRequestFilter implements Ordered {
    private final AssessmentService assessments;

    UnchangedAssessmentFilter(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @Override
    public int getOrder() {
        return SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getHeader(HttpHeaders.IF_NONE_MATCH) == null
                || !"/api/assessment".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AssessmentKey key;
        try {
            key = assessments.currentKey(request.getParameter("focus"), RequestParameters.date("asOf", request.getParameter("asOf")));
        } catch (RuntimeException e) {
            // a bad focus or date: the controller says what is wrong with it
            chain.doFilter(request, response);
            return;
        }
        if (new ServletWebRequest(request, response).checkNotModified(key.etag())) {
            // checkNotModified has set the 304 and the ETag; the controller's caching rule goes with them
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Registered here rather than scanned as a component: a controller's slice test ({@code @WebMvcTest})
     * picks up every filter component, and this one needs the assessment service those tests leave out.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Registration {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<UnchangedAssessmentFilter> unchangedAssessmentFilter(
                AssessmentService assessments) {
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new UnchangedAssessmentFilter(assessments));
            registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
            registration.addUrlPatterns("/api/assessment");
            return registration;
        }
    }
}
