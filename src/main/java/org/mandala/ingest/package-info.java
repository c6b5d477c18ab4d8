/**
 * Continuous ingestion: a GDELT 2.0 feed polled for its new export files and a drop folder of
 * files per format, both imported through the indicator feature's importer and recorded so that a
 * file is never imported twice. One replica at a time polls (a ShedLock row in the database).
 * Uses {@code indicator} and {@code system}; the web layer reads its status.
 */
package org.mandala.ingest;
