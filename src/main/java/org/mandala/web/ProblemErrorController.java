package org.mandala.web;

import java.net.URI;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Boot's: an error the container or a filter
 * raises ({@code sendError}, an exception outside Spring MVC) answers problem+json like every
 * other, never a whitelabel HTML page; {@code /error} asked for directly is a 404, not
 * {@code 500 {"status":999}}.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR
                || !(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            throw new NotFoundException("nothing is served at /error");
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
                ? "the request failed on the server; the error is logged"
                : "the request was refused: " + status.getReasonPhrase());
        p.setTitle(status.getReasonPhrase());
        p.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
