package org.mandala.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvValidationException;

/**
 * The backtest's inputs other than the indicators: the episode list and the reference index
 * (a GPR export). A file that cannot be read throws {@link InputException} with one line naming
 * the file and, where there is one, the line.
 */
final class BacktestInputs {
    private static final DateTimeFormatter EPISODE_MONTH = DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter GPR_MONTH = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private BacktestInputs() {
    }

    /** A registered episode: the month it opens, the event that opens it, its source. */
    record Episode(YearMonth month, String event, String source, int line) {
    }

    /** A file the backtest cannot use; the message is one line, naming the file (and the line). */
    static final class InputException extends RuntimeException {
        InputException(Path file, int line, String message) {
            super(file + (line > 0 ? ":" + line : "") + ": " + message);
        }
    }

    /** {@code month,event,source} with months as {@code yyyy-MM}; a header is required, {@code source} may be empty. */
    static List<Episode> episodes(Path file) {
        List<Episode> episodes = new ArrayList<>();
        Table t = Table.read(file);
        int month = t.column("month");
        int event = t.column("event");
        int source = t.optionalColumn("source");
        for (Table.Row r : t.rows()) {
            YearMonth m = yearMonth(file, r.line(), r.cell(month), EPISODE_MONTH, "a month as yyyy-MM");
            String what = r.cell(event);
            if (what.isBlank()) {
                throw new InputException(file, r.line(), "the episode of " + m + " names no event");
            }
            episodes.add(new Episode(m, what.strip(), source < 0 ? "" : r.cell(source).strip(), r.line()));
        }
        if (episodes.isEmpty()) {
            throw new InputException(file, 0, "no episode in the file");
        }
        return episodes;
    }

    /**
     * Monthly values of the named columns of a GPR export ({@code month} as {@code dd/mm/yyyy}, a BOM
     * tolerated, empty cells for no value). A column the file does not have is absent from the answer.
     */
    static Map<String, TreeMap<YearMonth, Double>> reference(Path file, List<String> series) {
        Table t = Table.read(file);
        int month = t.column("month");
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (String s : series) {
            int c = t.optionalColumn(s);
            if (c >= 0) {
                columns.put(s, c);
            }
        }
        Map<String, TreeMap<YearMonth, Double>> values = new LinkedHashMap<>();
        columns.keySet().forEach(s -> values.put(s, new TreeMap<>()));
        for (Table.Row r : t.rows()) {
            YearMonth m = yearMonth(file, r.line(), r.cell(month), GPR_MONTH, "a month as dd/mm/yyyy");
            for (Map.Entry<String, Integer> c : columns.entrySet()) {
                String cell = r.cell(c.getValue()).strip();
                if (cell.isEmpty()) {
                    continue;
                }
                try {
                    double v = Double.parseDouble(cell);
                    if (!Double.isFinite(v)) {
                        throw new NumberFormatException();
                    }
                    values.get(c.getKey()).put(m, v);
                } catch (NumberFormatException e) {
                    throw new InputException(file, r.line(), c.getKey() + " '" + clip(cell) + "' is not a number");
                }
            }
        }
        return values;
    }

    /** The first 12 hex digits of the SHA-256 of a file's bytes. */
    static String sha256(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, 0, "no such file (the " + what + ")");
        }
    }

    private static YearMonth yearMonth(Path file, int line, String cell, DateTimeFormatter format, String expected) {
        String v = cell.strip();
        try {
            return format == GPR_MONTH ? YearMonth.from(LocalDate.parse(v, format)) : YearMonth.parse(v, format);
        } catch (DateTimeParseException e) {
            throw new InputException(file, line, "'" + clip(v) + "' is not " + expected);
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    /** A small CSV file read whole, with each record's line number. */
    private record Table(Path file, List<String> header, List<Row> rows) {
        record Row(int line, String[] cells) {
            String cell(int i) {
                return i < cells.length ? cells[i] : "";
            }
        }

        static Table read(Path file) {
            requireFile(file, "input");
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 CSVReader csv = new CSVReaderBuilder(in).withCSVParser(new RFC4180ParserBuilder().build()).build()) {
                String[] first = csv.readNext();
                if (first == null) {
                    throw new InputException(file, 1, "the file is empty; a header is needed");
                }
                List<String> header = Arrays.stream(first).map(h -> h.replace("\uFEFF", "").strip()).toList();
                List<Row> rows = new ArrayList<>();
                long before = csv.getLinesRead();
                String[] record;
                while ((record = next(csv, file, (int) before + 1)) != null) {
                    int line = (int) before + 1;
                    before = csv.getLinesRead();
                    if (record.length == 1 && record[0].isBlank()) {
                        continue;
                    }
                    rows.add(new Row(line, record));
                }
                return new Table(file, header, rows);
            } catch (CsvValidationException e) {
                throw new InputException(file, (int) e.getLineNumber(), "not CSV: " + e.getMessage());
            } catch (java.nio.charset.MalformedInputException e) {
                throw new InputException(file, 0, "not UTF-8 text");
            } catch (IOException e) {
                throw new InputException(file, 0, "cannot be read: " + e.getMessage());
            }
        }

        private static String[] next(CSVReader csv, Path file, int line) throws CsvValidationException {
            try {
                return csv.readNext();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new InputException(file, line, "not UTF-8 text");
            } catch (IOException e) {
                throw new InputException(file, line, "not CSV: " + e.getMessage());
            }
        }

        int column(String name) {
            int c = optionalColumn(name);
            if (c < 0) {
                throw new InputException(file, 1, "no column '" + name + "' in the header (" + clip(String.join(",", header)) + ")");
            }
            return c;
        }

        int optionalColumn(String name) {
            Map<String, Integer> byName = new HashMap<>();
            for (int i = header.size() - 1; i >= 0; i--) {
                byName.put(header.get(i), i);
            }
            return byName.getOrDefault(name, -1);
        }
    }
}
