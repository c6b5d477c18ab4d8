package org.mandala.indicator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.enums.CSVReaderNullFieldIndicator;
import com.opencsv.exceptions.CsvException;

/**
 * The checked rows of an import, staged on disk in the one read that checks them, so that storing
 * them parses nothing again and memory does not grow with the file. The form is a CSV that both
 * databases bulk-load as it is: PostgreSQL's {@code COPY ... (FORMAT csv, HEADER true)} and H2's
 * {@code CSVREAD}. A header names the columns; {@code ord} is the row's place in the file. Every
 * text is quoted, so an empty text stays empty; a missing value is an empty unquoted field, which
 * both read as NULL. Numbers and dates are written as the databases read them back exactly
 * ({@link Double#toString} round-trips, ISO dates).
 */
final class StagedRows implements AutoCloseable {
    static final List<String> COLUMNS = List.of("ord", "id", "event_date", "until_date", "type", "actor", "target", "magnitude",
            "unit", "grade", "source", "summary");

    private final java.util.function.Supplier<Path> newFile;
    private final int chunk;
    private final List<Path> files = new java.util.ArrayList<>();
    private final StringBuilder line = new StringBuilder(256);
    private BufferedWriter out;
    private long rows;

    /**
     * Stages into files of at most {@code chunk} rows each, made by {@code newFile}: the store moves one
     * file at a time and reports its progress between them.
     */
    StagedRows(java.util.function.Supplier<Path> newFile, int chunk) {
        this.newFile = newFile;
        this.chunk = chunk;
    }

    void add(Indicator r) {
        if (rows % chunk == 0) {
            next();
        }
        StringBuilder b = line;
        b.setLength(0);
        b.append(rows++).append(',');
        quote(b, r.id()).append(',').append(r.date()).append(',');
        if (r.until() != null) {
            b.append(r.until());
        }
        b.append(',');
        quote(b, r.type()).append(',');
        quote(b, r.actor()).append(',');
        quote(b, r.target()).append(',');
        if (r.magnitude() != null) {
            b.append(r.magnitude().doubleValue());
        }
        b.append(',');
        quote(b, r.unit()).append(',');
        quote(b, r.grade()).append(',');
        quote(b, r.source()).append(',');
        quote(b, r.summary()).append('\n');
        try {
            out.append(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void next() {
        close();
        Path file = newFile.get();
        files.add(file);
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(String.join(",", COLUMNS));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows staged. */
    long rows() {
        return rows;
    }

    /** The files staged, in order; each begins with the header. */
    List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
            out = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A quoted CSV field, or nothing for NULL. */
    private static StringBuilder quote(StringBuilder b, String value) {
        if (value == null) {
            return b;
        }
        b.append('"');
        if (value.indexOf('"') < 0) {
            b.append(value);
        } else {
            b.append(value.replace("\"", "\"\""));
        }
        return b.append('"');
    }

    /**
     * Reads staged rows back, in order, for a database that cannot bulk-load the file itself: an
     * empty unquoted field is NULL, a quoted empty one an empty text, as the databases read them.
     */
    static void readBack(Path file, Consumer<Indicator> each) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVReader csv = new CSVReaderBuilder(in).withCSVParser(new RFC4180ParserBuilder()
                     .withFieldAsNull(CSVReaderNullFieldIndicator.EMPTY_SEPARATORS).build()).build()) {
            csv.readNext();
            String[] f;
            while ((f = csv.readNext()) != null) {
                each.accept(new Indicator(f[1], LocalDate.parse(f[2]), f[3] == null ? null : LocalDate.parse(f[3]), f[4], f[5], f[6],
                        f[7] == null ? null : Double.valueOf(f[7]), f[8], f[9], f[10], f[11]));
            }
        } catch (IOException | CsvException e) {
            throw new IllegalStateException("the staged rows of an import cannot be read back: " + e.getMessage(), e);
        }
    }
}
