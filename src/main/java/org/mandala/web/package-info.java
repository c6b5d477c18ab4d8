/**
 * The HTTP API of CONTRACT section 4: controllers, response shapes and errors as
 * {@code application/problem+json}. Depends on the features; no feature depends on it.
 */
package org.mandala.web;
