/**
 * The benchmark command ({@code java -jar target/mandala.jar benchmark}): times startup, an
 * assessment of the sample and an assessment over generated indicators, and writes the figures
 * to {@code reports/benchmarks.md}. Uses the features as a client would.
 */
package org.mandala.benchmark;
