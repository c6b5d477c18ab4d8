package org.mandala.indicator;

import java.util.Map;

/**
 * What an import did: {@code rows = accepted + duplicates + sum(skipped)}.
 *
 * @param batchId    the import's id; {@code null} when it added nothing
 * @param rows       data rows read
 * @param accepted   rows stored
 * @param duplicates rows whose id was already stored (or came earlier in the same file)
 * @param skipped    rows an importer leaves out on purpose, by reason
 */
public record ImportReport(String batchId, long rows, long accepted, long duplicates, Map<String, Long> skipped) {
}
