/**
 * Command-line entry points other than the service: importing indicator files into the
 * configured store ({@code java -jar target/mandala.jar import ...}), and soaking a child
 * service with concurrent traffic and kills ({@code soak}). Uses the features as a client.
 */
package org.mandala.cli;
