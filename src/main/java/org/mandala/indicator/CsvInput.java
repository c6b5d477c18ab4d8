package org.mandala.indicator;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.function.Function;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvException;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;

/**
 * The records of an uploaded CSV, read so that no file can break the reader: whatever OpenCSV
 * cannot parse becomes one error on the line where the record began, in Mandala's words (OpenCSV's
 * messages quote the line, so they reach neither the answer nor the log), and reading stops there.
 * A record may not grow beyond {@value #MAX_RECORD} characters, so a quote left open cannot pull a
 * whole upload into memory.
 */
final class CsvInput implements Closeable {
    /** The most characters one record (or, for GDELT, one line) may take; real rows take a few thousand at most. */
    static final int MAX_RECORD = 1 << 20;

    private final Bounded bounded;
    private final CSVReader csv;
    private boolean failed;

    CsvInput(Reader reader, Function<Reader, CSVReader> open) {
        this.bounded = new Bounded(reader);
        this.csv = open.apply(bounded);
    }

    /**
     * The next record, or null at the end of the file and where the file cannot be read on; then
     * {@code errors} says why, and {@link #failed()} is true.
     *
     * @throws IOException only when the stream itself fails, never for what the file holds
     */
    String[] next(ErrorList errors) throws IOException {
        if (failed) {
            return null;
        }
        int line = (int) csv.getLinesRead() + 1;
        bounded.startRecord();
        String why;
        try {
            return csv.readNext();
        } catch (CsvException e) {
            why = "the line cannot be read as CSV";
        } catch (IOException e) {
            why = unreadable(e);
            if (why == null) {
                throw e;
            }
        }
        failed = true;
        errors.add(line, null, null, why);
        return null;
    }

    /** Whether reading stopped at a line that cannot be read. */
    boolean failed() {
        return failed;
    }

    /** Physical lines read so far. */
    long linesRead() {
        return csv.getLinesRead();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    /**
     * OpenCSV's reader with its RFC 4180 parser: quotes only as RFC 4180 has them, no backslash
     * escapes. Its default parser takes time that grows with the square of a line's length when
     * quotes stand inside unquoted fields ({@code a"b}), so a fuzzed line of 80,000 characters
     * took two seconds and one of a megabyte minutes.
     */
    static CSVReader rfc4180(Reader reader) {
        return new CSVReaderBuilder(reader).withCSVParser(new RFC4180ParserBuilder().build()).build();
    }

    /** Why the file cannot be read on, in our words; null when the failure is the stream's, not the content's. */
    static String unreadable(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "the file is not valid UTF-8 from this line on";
        }
        if (e instanceof CsvMalformedLineException || e instanceof CsvMultilineLimitBrokenException) {
            return "a quoted field begins in the row that starts on this line and is not closed: is a quote left open?";
        }
        if (e instanceof Bounded.TooLong) {
            return "the row that starts on this line is longer than " + MAX_RECORD + " characters: is a quote left open, or is this"
                    + " not a text file?";
        }
        return null;
    }

    /** Counts the characters read since the last {@link #startRecord()}, failing beyond {@link #MAX_RECORD}. */
    static final class Bounded extends FilterReader {
        private long read;

        Bounded(Reader in) {
            super(in);
        }

        /**
         * Starts counting afresh. A buffering reader on top may already hold some characters of
         * the record, so the limit is not exact; it need not be.
         */
        void startRecord() {
            read = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count(1);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLong {
            read += n;
            if (read > MAX_RECORD) {
                throw new TooLong();
            }
        }

        /** A record beyond the limit. */
        static final class TooLong extends IOException {
            TooLong() {
                super("record longer than " + MAX_RECORD + " characters");
            }
        }
    }
}
