package org.mandala.indicator;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** A file format indicators are imported from: the native CSV, GDELT or SIPRI exports. */
public interface IndicatorFormat {

    /** The name the API and the command line use: {@code native}, {@code gdelt2}, {@code gdelt1}, {@code sipri}. */
    String name();

    /**
     * Reads the whole stream, passing each indicator to {@code sink}. A file that is not of this
     * format yields an error that says so, on the line where that shows.
     */
    ReadResult read(InputStream in, Consumer<Indicator> sink) throws IOException;
}
