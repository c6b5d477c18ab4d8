/**
 * Wiring shared by every feature: the typed settings of {@code application.properties} and the
 * application's command-line entry points. Depends on no feature.
 */
package org.mandala.system;
