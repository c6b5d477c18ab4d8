package org.mandala.assessment;

/** A request parameter that cannot be used; says which and why. */
public class InvalidParameterException extends RuntimeException {
    private final String parameter;
    private final String value;

    public InvalidParameterException(String parameter, String value, String message) {
        super(message);
        this.parameter = parameter;
        this.value = value;
    }

    public String parameter() {
        return parameter;
    }

    public String value() {
        return value;
    }
}
