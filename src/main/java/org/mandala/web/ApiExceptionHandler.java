package org.mandala.web;

import java.net.URI;
import java.util.List;

import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.mandala.indicator.IndicatorsRejectedException;
import org.mandala.indicator.ValidationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}: Spring's own (415, 405, 413 on
 * multipart, ...) through {@link ResponseEntityExceptionHandler}, Mandala's below. A failure
 * nobody foresaw is logged with its stack trace and answered without one.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Why a query Tomcat could not read is refused. */
    static final String UNREADABLE_QUERY = "the query cannot be read: a parameter holds a bad % escape or bytes that are not UTF-8";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(IndicatorsRejectedException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid indicator file", e.getMessage());
        List<ValidationError> errors = e.errors();
        p.setProperty("errors", errors);
        p.setProperty("errorCount", e.errorCount());
        if (e.errorCount() > errors.size()) {
            p.setProperty("errorsListed", errors.size());
        }
        return body(p);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rulesRefused(org.mandala.rules.RulesetException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Ruleset refused",
                "the candidate ruleset cannot be used; nothing was changed and the active version still serves");
        p.setProperty("problems", e.problems());
        return body(p);
    }

    /** A rule session stopped at a bound: the service goes on, this answer names the rule and the version. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> ruleBound(org.mandala.rules.RuleBoundException e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "Rules stopped at a bound", e.getMessage());
        p.setProperty("bound", e.bound().name());
        p.setProperty("rule", e.rule());
        p.setProperty("rulesetVersion", e.rulesetVersion());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(RulesController.VersionConflictException e) {
        return body(problem(HttpStatus.PRECONDITION_FAILED, "Version conflict", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Invalid parameter", e.getMessage());
        p.setProperty("parameter", e.parameter());
        p.setProperty("value", e.value());
        return body(p);
    }

    /** A query Tomcat could not read (a bad {@code %} escape): the client's error, not the server's. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadableQuery(org.apache.tomcat.util.http.InvalidParameterException e) {
        return body(problem(HttpStatus.BAD_REQUEST, "Bad Request", UNREADABLE_QUERY));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(IndicatorController.PayloadTooLargeException e) {
        return body(problem(HttpStatus.CONTENT_TOO_LARGE, "File too large", e.getMessage()));
    }

    /** Busy, not broken: nothing was stored and the same request can be sent again after Retry-After. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> importsBusy(org.mandala.indicator.ImportsBusyException e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "Imports busy", e.getMessage());
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        p.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(p.getStatus()).header(org.springframework.http.HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> subscriptionRefused(org.mandala.alert.Subscriptions.Refused e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Subscription refused", e.getMessage());
        p.setProperty("field", e.field());
        return body(p);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> streamFull(AlertController.StreamFullException e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many listeners", e.getMessage());
        return ResponseEntity.status(p.getStatus()).header(org.springframework.http.HttpHeaders.RETRY_AFTER, "30")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return body(problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownVersion(AssessmentService.UnknownVersionException e) {
        return body(problem(HttpStatus.NOT_FOUND, "Unknown version", e.getMessage()));
    }

    /** The database is down or does not answer in time: 503 quickly, so a balancer and a client can retry. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.dao.QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(org.springframework.dao.DataAccessException e) {
        log.warn("Database unavailable: {}", e.getMostSpecificCause().getMessage());
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                "the database does not answer; nothing was changed, try again shortly");
        p.setProperty("retryAfterSeconds", 5);
        return ResponseEntity.status(p.getStatus()).header(org.springframework.http.HttpHeaders.RETRY_AFTER, "5")
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Request failed", e);
        return body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed on the server; the error is logged"));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        return p;
    }

    private static ResponseEntity<ProblemDetail> body(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
