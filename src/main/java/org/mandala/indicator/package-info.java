/**
 * Indicators: the analyst's facts. Reading and validating indicator CSV files (CONTRACT section 1),
 * the reference list of actor codes, storing indicators append-only with the data version that
 * added them, and the compact in-memory snapshot that assessments read. Uses the active ruleset's
 * catalogue to know the valid types. Imports take turns to store (a bounded wait, then busy), and
 * background import jobs keep their state, heartbeat and batch id in the database, so that any
 * replica can tell from the store whether a job's file landed.
 */
package org.mandala.indicator;
