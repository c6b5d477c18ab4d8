package org.mandala.indicator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
        for (String[] row : ReferenceCsv.rows(file, 2, "the country names")) {
            codes.put(row[0], row[1]);
        }
        return new CountryNames(codes);
    }

    /** The code of a name, or {@code null} when the list does not have it. */
    public String code(String name) {
        return codes.get(name.strip());
    }
}
