package org.mandala.rules;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import org.mandala.model.Configuration;

/**
 * Which CAMEO event codes (GDELT) become which indicator type, from {@code rules/mappings/cameo.csv}
 * ({@code cameo,type,meaning}). A code matches its longest listed prefix, so {@code 19} would
 * cover every code from 190 to 196 that is not listed on its own. Codes that match nothing are
 * not imported.
 */
public final class CameoMapping {
    public static final String FILE = "mappings/cameo.csv";

    private final TreeMap<String, String> types;

    private CameoMapping(TreeMap<String, String> types) {
        this.types = types;
    }

    public static CameoMapping empty() {
        return new CameoMapping(new TreeMap<>());
    }

    /** Parses the mapping, naming every line whose type the catalogue lacks. */
    static CameoMapping parse(byte[] content, Configuration cfg, List<RuleProblem> problems) {
        TreeMap<String, String> types = new TreeMap<>();
        try (CSVReader csv = new CSVReader(new StringReader(new String(content, StandardCharsets.UTF_8)))) {
            List<String[]> rows = csv.readAll();
            for (int i = 1; i < rows.size(); i++) {
                String[] row = rows.get(i);
                if (row.length == 1 && row[0].isBlank()) {
                    continue;
                }
                if (row.length < 2 || !row[0].strip().matches("\\d{2,4}")) {
                    problems.add(new RuleProblem(FILE, i + 1, "expected a CAMEO code of 2 to 4 digits and a type"));
                } else if (cfg.profile(row[1].strip()) == null) {
                    problems.add(new RuleProblem(FILE, i + 1, "type " + row[1].strip() + " is not in the catalogue"));
                } else {
                    types.put(row[0].strip(), row[1].strip());
                }
            }
        } catch (IOException | CsvException e) {
            problems.add(new RuleProblem(FILE, 0, "cannot be read as CSV: " + e.getMessage()));
        }
        return new CameoMapping(types);
    }

    /** The type of a CAMEO event code (with its leading zeros), by its longest listed prefix. */
    public Optional<String> type(String code) {
        for (int n = code.length(); n >= 2; n--) {
            String type = types.get(code.substring(0, n));
            if (type != null) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
