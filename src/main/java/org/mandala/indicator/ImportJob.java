package org.mandala.indicator;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An import that runs in the background ({@code GET /api/indicators/jobs/{id}}).
 *
 * @param status   {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param rowsRead rows checked so far (all of them once the check is over)
 * @param accepted rows stored so far (they commit together at the end); with {@code DONE}, the report's figures;
 *                 with {@code FAILED}, 0
 * @param errors   with {@code FAILED} because of bad rows: the errors, as a synchronous upload lists them
 * @param message  with {@code FAILED}: why, in a sentence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportJob(String id, String status, String format, String fileName, long rowsRead, Long rows, long accepted,
                        Long duplicates, Map<String, Long> skipped, String batchId, List<ValidationError> errors,
                        Long errorCount, String message) {
}
