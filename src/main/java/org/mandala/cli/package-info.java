/**
 * Command-line entry points other than the service: importing indicator files into the
 * configured store ({@code java -jar target/mandala.jar import ...}), soaking a child
 * service with concurrent traffic and kills ({@code soak}), and backtesting the rules against a
 * history, episodes and a reference index ({@code backtest}). Uses the features as a client.
 */
package org.mandala.cli;
