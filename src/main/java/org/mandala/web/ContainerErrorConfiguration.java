package org.mandala.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Errors Tomcat answers itself, before any filter or controller sees the request (a malformed
 * request line, a bad {@code %} escape, a character a URL may not hold, an encoded {@code /}), as
 * problem+json rather than Tomcat's HTML page: the host's error report valve is replaced by one
 * that writes the same body every other error has.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnClass(StandardHost.class)
class ContainerErrorConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        // once the host has its valves (Boot adds one for server.error.include-stacktrace), swap them for ours
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() instanceof StandardHost host) {
                useProblemReports(host);
            }
        }));
    }

    static void useProblemReports(StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        for (Valve v : host.getPipeline().getValves()) {
            if (v instanceof ErrorReportValve && !(v instanceof ProblemErrorReportValve)) {
                host.getPipeline().removeValve(v);
            }
        }
        for (Valve v : host.getPipeline().getValves()) {
            if (v instanceof ProblemErrorReportValve) {
                return;
            }
        }
        host.getPipeline().addValve(new ProblemErrorReportValve());
    }

    /** Tomcat's error report as RFC 9457 problem+json: status and reason, never a stack trace or server version. */
    static final class ProblemErrorReportValve extends ErrorReportValve {

        ProblemErrorReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            // as Tomcat's own: nothing below 400, nothing once a body is written, each error reported once
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            String title = status == null ? "Error" : status.getReasonPhrase();
            String detail = code == 400 ? "the request is not valid HTTP: its request line, URL or headers are malformed"
                    : code >= 500 ? "the request failed on the server; the error is logged"
                    : "the request was refused: " + title;
            try {
                // the headers of every other answer (README, Access): this one never reached the security chain
                SecurityConfiguration.commonHeaders(response);
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + code
                            + ",\"detail\":\"" + detail + "\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the answer was committed meanwhile: nothing more to say
            }
        }
    }
}
