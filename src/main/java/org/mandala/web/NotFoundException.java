package org.mandala.web;

/** A resource the request names does not exist. */
class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
