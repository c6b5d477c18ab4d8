package org.mandala.indicator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvValidationException;

/**
 * Country names as exports write them (SIPRI's "Soviet Union", "DR Congo", "Turkiye") mapped to
 * the codes of the reference list, from {@code facts/reference/country-names.csv} ({@code name,code}).
 */
public final class CountryNames {
    private final Map<String, String> codes;

    public CountryNames(Map<String, String> codes) {
        this.codes = Map.copyOf(codes);
    }

    public static CountryNames read(Path file) {
        Map<String, String> codes = new HashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(in)) {
            String[] row = csv.readNext();
            while ((row = csv.readNext()) != null) {
                if (row.length >= 2 && !row[0].isBlank()) {
                    codes.put(row[0].strip(), row[1].strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the country names " + file, e);
        } catch (CsvValidationException e) {
            throw new IllegalStateException("the country names " + file + " are malformed: " + e.getMessage(), e);
        }
        return new CountryNames(codes);
    }

    /** The code of a name, or {@code null} when the list does not have it. */
    public String code(String name) {
        return codes.get(name.strip());
    }
}
