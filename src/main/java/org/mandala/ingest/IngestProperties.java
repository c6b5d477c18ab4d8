package org.mandala.ingest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Continuous ingestion's settings; nothing is polled unless a feed URL or a drop folder is set.
 *
 * @param gdelt         the GDELT 2.0 feed
 * @param watchDir      the drop folder, with one subfolder per format ({@code native/}, {@code gdelt1/}, ...); off when unset
 * @param watchInterval how often the drop folder is looked at; a file is complete once unchanged between two looks
 */
@ConfigurationProperties("mandala.ingest")
public record IngestProperties(@DefaultValue Gdelt gdelt, Path watchDir, @DefaultValue("10s") Duration watchInterval) {

    /**
     * @param url         the feed's {@code lastupdate.txt}; off when unset
     * @param interval    how often it is polled (GDELT publishes every 15 minutes)
     * @param timeout     the connect and the request timeout of every fetch
     * @param catchUp     at most this many earlier files are fetched when intervals were missed
     * @param maxFileSize the largest unzipped export accepted
     */
    public record Gdelt(URI url, @DefaultValue("15m") Duration interval, @DefaultValue("30s") Duration timeout,
                        @DefaultValue("8") int catchUp, @DefaultValue("1GB") DataSize maxFileSize) {
    }
}
