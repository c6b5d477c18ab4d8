package org.mandala.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import org.mandala.assessment.InvalidParameterException;

/** Parsing of query parameters with errors that name the parameter. */
final class RequestParameters {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private RequestParameters() {
    }

    static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return LocalDate.parse(v, DATE);
        } catch (DateTimeParseException e) {
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new InvalidParameterException(name, value, name + " " + v + " is written right but there is no such day");
            }
            throw new InvalidParameterException(name, value, name + " must be a date written yyyy-MM-dd, e.g. 2023-09-30");
        }
    }

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidParameterException(name, String.valueOf(value), name + " must be between " + min + " and " + max);
        }
        return value;
    }
}
