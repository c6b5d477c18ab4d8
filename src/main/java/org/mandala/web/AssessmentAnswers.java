package org.mandala.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.mandala.assessment.AssessmentKey;
import org.springframework.stereotype.Component;

/**
 * The answers of {@code GET /api/assessment} as sent, by key: an unchanged assessment asked again in
 * full (a new tab, a page without its ETag) is those bytes, with no view built, no JSON written and no
 * query for when it changed, and gzipped once for the readers that accept it. The key names the data
 * and ruleset versions, so any replica's bytes for it are the same; at most {@link #MAX_BYTES} are
 * kept (both encodings counted), the least used going first.
 */
@Component
class AssessmentAnswers {
    static final long MAX_BYTES = 64L * 1024 * 1024;
    /** Smaller answers go as they are (as {@code server.compression.min-response-size}): gzip would save little. */
    static final int GZIP_FROM = 8 * 1024;

    /** An answer's bytes, and the same gzipped when it is worth it ({@code null} otherwise). */
    record Answer(byte[] identity, byte[] gzip) {
        int weight() {
            return identity.length + (gzip == null ? 0 : gzip.length);
        }
    }

    private final Cache<AssessmentKey, Answer> answers = Caffeine.newBuilder().maximumWeight(MAX_BYTES)
            .weigher((AssessmentKey k, Answer v) -> v.weight()).build();

    Answer get(AssessmentKey key) {
        return answers.getIfPresent(key);
    }

    Answer put(AssessmentKey key, byte[] body) {
        Answer answer = new Answer(body, body.length >= GZIP_FROM ? gzip(body) : null);
        answers.put(key, answer);
        return answer;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
