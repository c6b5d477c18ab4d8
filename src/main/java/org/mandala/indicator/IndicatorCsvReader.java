package org.mandala.indicator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;

/**
 * Reads and checks an indicator CSV in the native format (CONTRACT section 1), row by row,
 * without holding the file in memory. Every error is collected with its line, column, value and
 * a message; valid rows go to a consumer. The caller decides what to do with a file that has
 * errors (the importer stores nothing of it).
 */
public final class IndicatorCsvReader implements IndicatorFormat {

    static final int MAX_ID = 128;
    static final int MAX_TEXT = 2000;
    /** The most decimal places, or zeros implied by an exponent, a magnitude may have. */
    private static final int MAX_SCALE = 100;
    public static final Set<String> UNITS = Set.of("TONNES", "BARRELS", "USD_M", "TIV_M", "UNITS", "TROOPS", "CASUALTIES");
    static final List<String> COLUMNS = List.of("id", "date", "until", "type", "actor", "target", "magnitude", "unit",
            "grade", "source", "summary");
    static final List<String> REQUIRED = List.of("date", "type", "actor", "target");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern GRADE = Pattern.compile("[A-F][1-6]");
    private static final Pattern CODE_SHAPE = Pattern.compile("[A-Z0-9]{2,5}");
    private static final String BLOC_ACCESSION = "BLOC_ACCESSION";

    private final Set<String> types;
    private final ActorCodes codes;

    /**
     * @param types the catalogue's types, upper case
     * @param codes the actor codes that rows may name
     */
    public IndicatorCsvReader(Set<String> types, ActorCodes codes) {
        this.types = Set.copyOf(types);
        this.codes = codes;
    }

    @Override
    public String name() {
        return "native";
    }

    /** Reads the whole stream (UTF-8, a BOM tolerated), passing each valid row to {@code sink}. */
    @Override
    public ReadResult read(InputStream in, Consumer<Indicator> sink) throws IOException {
        ErrorList errors = new ErrorList();
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        skipBom(buffered);
        Reader reader = new InputStreamReader(buffered, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        long rows = 0;
        long valid = 0;
        try (CsvInput csv = new CsvInput(reader, r -> new CSVReaderBuilder(r).withCSVParser(new RFC4180ParserBuilder().build())
                .withKeepCarriageReturn(false).build())) {
            int[] positions = null;
            long lineBefore = 0;
            String[] record;
            while (true) {
                int line = (int) lineBefore + 1;
                record = csv.next(errors);
                lineBefore = csv.linesRead();
                if (record == null) {
                    break;
                }
                if (positions == null) {
                    positions = header(record, errors);
                    if (positions == null) {
                        break;
                    }
                    continue;
                }
                if (record.length == 1 && record[0].isBlank()) {
                    continue;
                }
                rows++;
                Indicator indicator = row(line, record, positions, errors);
                if (indicator != null) {
                    valid++;
                    sink.accept(indicator);
                }
            }
            if (positions == null && errors.count == 0) {
                errors.add(new ValidationError(1, null, null, "the file is empty: a header row is required"));
            }
        }
        return errors.result(rows, valid, Map.of());
    }

    private static void skipBom(BufferedInputStream in) throws IOException {
        in.mark(3);
        if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
            in.reset();
        }
    }

    /** Maps each contract column to its position in the file, or returns null when the header is unusable. */
    private static int[] header(String[] record, ErrorList errors) {
        int[] positions = new int[COLUMNS.size()];
        java.util.Arrays.fill(positions, -1);
        boolean ok = true;
        for (int i = 0; i < record.length; i++) {
            String name = record[i].strip().toLowerCase(Locale.ROOT);
            int column = COLUMNS.indexOf(name);
            if (column < 0) {
                errors.add(new ValidationError(1, record[i], record[i], "unknown column \"" + ValidationError.quote(record[i])
                        + "\"; the columns are " + String.join(", ", COLUMNS)));
                ok = false;
            } else if (positions[column] >= 0) {
                errors.add(new ValidationError(1, name, record[i], "column \"" + name + "\" appears twice"));
                ok = false;
            } else {
                positions[column] = i;
            }
        }
        for (String required : REQUIRED) {
            if (positions[COLUMNS.indexOf(required)] < 0 && !(record.length == 1 && record[0].isBlank())) {
                errors.add(new ValidationError(1, required, null, "required column \"" + required + "\" is missing"));
                ok = false;
            }
        }
        return ok ? positions : null;
    }

    private Indicator row(int line, String[] record, int[] positions, ErrorList errors) {
        int expected = 0;
        for (int p : positions) {
            expected = Math.max(expected, p + 1);
        }
        if (record.length != expected) {
            errors.add(new ValidationError(line, null, null, "the row has " + record.length + " field"
                    + (record.length == 1 ? "" : "s") + " but the header has " + expected));
            return null;
        }
        long before = errors.count;
        Cells c = new Cells(record, positions);

        String id = c.get("id");
        if (id != null) {
            if (id.length() > MAX_ID) {
                errors.add(new ValidationError(line, "id", id, "an id has at most " + MAX_ID + " characters"));
            } else if (id.chars().anyMatch(Character::isISOControl)) {
                errors.add(new ValidationError(line, "id", id, "an id may not contain control characters"));
            }
        }
        LocalDate date = date(line, "date", c.get("date"), true, errors);
        LocalDate until = date(line, "until", c.get("until"), false, errors);
        if (date != null && until != null && until.isBefore(date)) {
            errors.add(new ValidationError(line, "until", c.get("until"), "until (" + until + ") is before date (" + date + ")"));
        }
        String type = c.get("type");
        if (type == null) {
            errors.add(new ValidationError(line, "type", null, "type is required"));
        } else if (!types.contains(type)) {
            String hint = types.contains(type.toUpperCase(Locale.ROOT)) ? "; types are upper case: " + type.toUpperCase(Locale.ROOT)
                    : "; see the catalogue in rules/catalogue.drl.csv";
            errors.add(new ValidationError(line, "type", type, "unknown indicator type \"" + ValidationError.quote(type) + "\"" + hint));
        }
        String actor = code(line, "actor", c.get("actor"), errors);
        String target = code(line, "target", c.get("target"), errors);
        if (actor != null && actor.equals(target)) {
            errors.add(new ValidationError(line, "target", target, "target must differ from actor"));
        }
        if (BLOC_ACCESSION.equals(type)) {
            if (target != null && !codes.isBloc(target)) {
                errors.add(new ValidationError(line, "target", target, "the target of a BLOC_ACCESSION must be a bloc code"));
            }
            if (actor != null && codes.isBloc(actor)) {
                errors.add(new ValidationError(line, "actor", actor, "the actor of a BLOC_ACCESSION must be a state"));
            }
        }
        Double magnitude = null;
        String magnitudeText = c.get("magnitude");
        if (magnitudeText != null) {
            try {
                BigDecimal m = new BigDecimal(magnitudeText);
                if (m.signum() < 0) {
                    errors.add(new ValidationError(line, "magnitude", magnitudeText, "magnitude must be ≥ 0"));
                } else if (Math.abs(m.scale()) > MAX_SCALE || Double.isInfinite(m.doubleValue())) {
                    // 1e999999999 parses, but is no count of anything, and spelt out (for the id) it would fill the memory
                    errors.add(new ValidationError(line, "magnitude", magnitudeText, "magnitude is out of range; write it as e.g. 45000 or 12.5"));
                } else {
                    magnitude = m.doubleValue();
                }
            } catch (NumberFormatException e) {
                errors.add(new ValidationError(line, "magnitude", magnitudeText, "magnitude must be a number, e.g. 45000 or 12.5"));
            }
        }
        String unit = c.get("unit");
        if (unit != null && !UNITS.contains(unit)) {
            errors.add(new ValidationError(line, "unit", unit, "unknown unit; units are " + String.join(", ", new java.util.TreeSet<>(UNITS))));
        } else if (unit != null && magnitudeText == null) {
            errors.add(new ValidationError(line, "unit", unit, "a unit is given without a magnitude"));
        } else if (unit == null && magnitudeText != null) {
            errors.add(new ValidationError(line, "unit", null, "a magnitude needs a unit"));
        }
        String grade = c.get("grade");
        if (grade != null && !GRADE.matcher(grade).matches()) {
            errors.add(new ValidationError(line, "grade", grade, "grade must be an Admiralty code: reliability A–F then credibility 1–6, e.g. B2"));
        }
        String source = c.get("source");
        if (source != null && source.length() > MAX_TEXT) {
            errors.add(new ValidationError(line, "source", source, "source has at most " + MAX_TEXT + " characters"));
        }
        String summary = c.get("summary");
        if (summary != null && summary.length() > MAX_TEXT) {
            errors.add(new ValidationError(line, "summary", summary, "summary has at most " + MAX_TEXT + " characters"));
        }
        if (errors.count > before) {
            return null;
        }
        if (id == null) {
            id = contentId(date, until, type, actor, target, magnitudeText, unit, source);
        }
        return new Indicator(id, date, until, type, actor, target, magnitude, unit, grade == null ? "F6" : grade, source, summary);
    }

    private static LocalDate date(int line, String column, String text, boolean required, ErrorList errors) {
        if (text == null) {
            if (required) {
                errors.add(new ValidationError(line, column, null, column + " is required"));
            }
            return null;
        }
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            String why = text.matches("\\d{4}-\\d{2}-\\d{2}") ? "there is no such day" : "dates are written yyyy-MM-dd, e.g. 2023-09-13";
            errors.add(new ValidationError(line, column, text, why));
            return null;
        }
    }

    private String code(int line, String column, String text, ErrorList errors) {
        if (text == null) {
            errors.add(new ValidationError(line, column, null, column + " is required"));
            return null;
        }
        if (codes.isKnown(text)) {
            return text;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        String message = codes.isKnown(upper) ? "codes are upper case: " + upper
                : CODE_SHAPE.matcher(upper).matches() ? "unknown code; use an ISO 3166-1 alpha-3 code (e.g. IND) or a bloc code (e.g. BRICS)"
                : "not a country or bloc code; use an ISO 3166-1 alpha-3 code (e.g. IND) or a bloc code (e.g. BRICS)";
        errors.add(new ValidationError(line, column, text, message));
        return null;
    }

    /**
     * The id of a row without one: a hash of what makes it the same event, so that the same row
     * uploaded twice is the same indicator. The magnitude is normalised (45000 = 45000.0).
     */
    static String contentId(LocalDate date, LocalDate until, String type, String actor, String target,
                            String magnitude, String unit, String source) {
        String m = magnitude == null ? "" : new BigDecimal(magnitude).stripTrailingZeros().toPlainString();
        String key = String.join("\u001f", String.valueOf(date), until == null ? "" : until.toString(), type, actor, target,
                m, unit == null ? "" : unit, source == null ? "" : source);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "h-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text cut to at most {@code max} characters, with "..." where it was cut, never inside a surrogate pair. */
    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 3;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end) + "...";
    }

    private static final class Cells {
        private final Map<String, String> values = new HashMap<>();

        Cells(String[] record, int[] positions) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (positions[i] >= 0) {
                    String v = record[positions[i]].strip();
                    if (!v.isEmpty()) {
                        values.put(COLUMNS.get(i), v);
                    }
                }
            }
        }

        String get(String column) {
            return values.get(column);
        }
    }
}
