package org.mandala.ingest;

import java.time.Instant;
import java.util.List;

import org.mandala.indicator.IndicatorFormats;
import org.springframework.stereotype.Service;

/** What {@code GET /api/ingest} shows: the feed and each drop folder, with their last run and last error. */
@Service
public class IngestStatus {
    private final GdeltFeed feed;
    private final DropFolders folders;
    private final IngestLog log;

    IngestStatus(GdeltFeed feed, DropFolders folders, IngestLog log) {
        this.feed = feed;
        this.folders = folders;
        this.log = log;
    }

    /**
     * @param enabled whether anything is polled at all
     */
    public record Overview(boolean enabled, List<Feed> feeds, List<Folder> folders) {
    }

    /** A feed; {@code interval} as ISO-8601 (PT15M). */
    public record Feed(String name, String url, boolean enabled, String interval, Instant lastRun, String lastFile, String lastError,
                       long filesDone, long filesFailed) {
    }

    public record Folder(String path, String format, boolean enabled, Instant lastRun, String lastFile, String lastError,
                         long filesDone, long filesFailed) {
    }

    public Overview overview() {
        IngestProperties.Gdelt g = feed.settings();
        IngestLog.Summary fs = log.summary(GdeltFeed.SOURCE);
        Feed gdelt = new Feed(GdeltFeed.SOURCE, g.url() == null ? null : g.url().toString(), g.url() != null, g.interval().toString(),
                fs.lastRun(), fs.lastFile(), fs.lastError(), fs.done(), fs.failed());
        boolean watching = folders.root() != null;
        List<Folder> list = IndicatorFormats.NAMES.stream().map(format -> {
            IngestLog.Summary s = log.summary(DropFolders.source(format));
            return new Folder(watching ? folders.root().resolve(format).toString() : null, format, watching, s.lastRun(), s.lastFile(),
                    s.lastError(), s.done(), s.failed());
        }).toList();
        return new Overview(gdelt.enabled() || watching, List.of(gdelt), list);
    }
}
