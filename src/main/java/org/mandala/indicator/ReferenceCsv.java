package org.mandala.indicator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

/** Reads a reference list under {@code facts/reference/}: UTF-8 CSV, a header, rows stripped, blank keys left out. */
final class ReferenceCsv {
    private ReferenceCsv() {
    }

    /** The data rows with at least {@code width} fields, each field stripped. */
    static List<String[]> rows(Path file, int width, String what) {
        List<String[]> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(in)) {
            List<String[]> all = csv.readAll();
            for (String[] row : all.subList(Math.min(1, all.size()), all.size())) {
                if (row.length >= width && !row[0].isBlank()) {
                    String[] stripped = new String[row.length];
                    for (int i = 0; i < row.length; i++) {
                        stripped[i] = row[i].strip();
                    }
                    rows.add(stripped);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file, e);
        } catch (CsvException e) {
            throw new IllegalStateException(what + " " + file + " is malformed: " + e.getMessage(), e);
        }
        return rows;
    }
}
