/**
 * The command line of the jar ({@code MandalaCommand}): without a command it runs the service;
 * otherwise it imports indicator files into the configured store ({@code import}), writes a
 * report ({@code report}), runs the rule scenarios ({@code test-rules}), soaks a child service with
 * concurrent traffic and kills ({@code soak}), backtests the rules against a history, episodes and
 * a reference index ({@code backtest}), or runs the benchmark of {@code org.mandala.benchmark}.
 * Uses the features as a client.
 */
package org.mandala.cli;
