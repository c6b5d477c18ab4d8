/**
 * Indicators: the analyst's facts. Reading and validating indicator CSV files (CONTRACT section 1),
 * the reference list of actor codes, storing indicators append-only with the data version that
 * added them, and the compact in-memory snapshot that assessments read. Uses the active ruleset's
 * catalogue to know the valid types.
 */
package org.mandala.indicator;
