/**
 * Command-line entry points other than the service: importing indicator files into the
 * configured store ({@code java -jar target/mandala.jar import ...}). Uses the features as a client.
 */
package org.mandala.cli;
