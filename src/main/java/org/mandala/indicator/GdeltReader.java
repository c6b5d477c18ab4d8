package org.mandala.indicator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import org.mandala.rules.CameoMapping;

/**
 * GDELT event exports: 2.0 (61 fields) and 1.0 (57 fields, 58 with SOURCEURL), TAB-separated
 * without a header as GDELT publishes them. Also read: the same rows as CSV with a header, a
 * leading index column and a trailing column (as some tools save them); fields are taken by
 * position, never by header name. The first 35 fields (ids, date, actors, event, counts) are the
 * same in both versions.
 *
 * <p>The event code maps to a type through {@code rules/mappings/cameo.csv}; a row whose code maps
 * to nothing, or that lacks a country on either side, is skipped and counted by reason. The grade
 * comes from the row's evidence: source reliability B with 5 or more sources, C with 2 to 4, D with
 * one; information credibility 2 with 10 or more articles, 3 with 3 to 9, 4 with fewer, one step
 * lower when the event is not the root event of its article.
 */
final class GdeltReader implements IndicatorFormat {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("\\d{1,20}");
    private static final int ACTOR1_CODE = 5;
    private static final int ACTOR1_NAME = 6;
    private static final int ACTOR1_COUNTRY = 7;
    private static final int ACTOR2_CODE = 15;
    private static final int ACTOR2_NAME = 16;
    private static final int ACTOR2_COUNTRY = 17;
    private static final int IS_ROOT = 25;
    private static final int EVENT_CODE = 26;
    private static final int ROOT_CODE = 28;
    private static final int GOLDSTEIN = 30;
    private static final int NUM_SOURCES = 32;
    private static final int NUM_ARTICLES = 33;

    private final int version;
    private final CameoMapping cameo;
    private final ActorCodes codes;

    GdeltReader(int version, CameoMapping cameo, ActorCodes codes) {
        this.version = version;
        this.cameo = cameo;
        this.codes = codes;
    }

    @Override
    public String name() {
        return "gdelt" + version;
    }

    private boolean fieldCountFits(int n) {
        return version == 2 ? n == 61 : n == 57 || n == 58;
    }

    private String expected() {
        return version == 2 ? "61 fields" : "57 or 58 fields";
    }

    @Override
    public ReadResult read(InputStream in, Consumer<Indicator> sink) throws IOException {
        ErrorList errors = new ErrorList();
        Map<String, Long> skipped = new TreeMap<>();
        long rows = 0;
        long valid = 0;
        CsvInput.Bounded bounded = new CsvInput.Bounded(new InputStreamReader(in, StandardCharsets.UTF_8));
        BufferedReader reader = new BufferedReader(bounded, 1 << 16);
        int line = 1;
        String first = line(reader, bounded, line, errors);
        if (first == null) {
            if (errors.count == 0) {
                errors.add(1, null, null, "the file is empty");
            }
            return errors.result(0, 0, skipped);
        }
        boolean tabs = first.indexOf('\t') >= 0;
        int offset = 0;
        String text = first;
        if (!tabs) {
            // the CSV variant: a header row, then an index column before the 61 (or 57/58) fields
            String[] header = csv(first);
            if (header == null || !fieldCountFits(header.length - 1) && !fieldCountFits(header.length - 2)) {
                errors.add(1, null, null, "not a GDELT " + version + ".0 export: expected " + expected()
                        + " separated by TABs (or as CSV with an index column), found " + (header == null ? 0 : header.length));
                return errors.result(0, 0, skipped);
            }
            offset = 1;
            line++;
            text = line(reader, bounded, line, errors);
        }
        for (; text != null; line++, text = line(reader, bounded, line, errors)) {
            if (text.isBlank()) {
                continue;
            }
            String[] f = tabs ? text.split("\t", -1) : csv(text);
            rows++;
            if (f == null) {
                errors.add(line, null, null, "the line cannot be read as CSV: a quoted field on it is not closed");
                continue;
            }
            int width = f.length - offset;
            if (!(fieldCountFits(width) || !tabs && fieldCountFits(width - 1))) {
                errors.add(line, null, null, "not a GDELT " + version + ".0 row: expected " + expected() + ", found " + width);
                if (rows == 1) {
                    break;
                }
                continue;
            }
            Indicator indicator = event(f, offset, width, line, errors, skipped);
            if (indicator != null) {
                valid++;
                sink.accept(indicator);
            }
        }
        return errors.result(rows, valid, skipped);
    }

    /** The next line, or null at the end and at a line too long to be a GDELT row (then an error says so). */
    private static String line(BufferedReader reader, CsvInput.Bounded bounded, int line, ErrorList errors) throws IOException {
        bounded.startRecord();
        try {
            return reader.readLine();
        } catch (CsvInput.Bounded.TooLong e) {
            errors.add(line, null, null, CsvInput.unreadable(e));
            return null;
        }
    }

    /** The fields of one line of the CSV variant, or null when the line cannot be read as CSV. */
    private static String[] csv(String text) {
        try (CSVReader r = CsvInput.rfc4180(new StringReader(text))) {
            return r.readNext();
        } catch (CsvException | IOException e) {
            // a quote left open on the line; OpenCSV's message quotes it, so it goes no further
            return null;
        }
    }

    private Indicator event(String[] f, int o, int width, int line, ErrorList errors, Map<String, Long> skipped) {
        String id = f[o].strip();
        if (!EVENT_ID.matcher(id).matches()) {
            errors.add(line, "GLOBALEVENTID", id, "GLOBALEVENTID must be the event's number");
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(f[o + 1].strip(), DAY);
        } catch (DateTimeParseException e) {
            errors.add(line, "SQLDATE", f[o + 1], "not a date written yyyyMMdd");
            return null;
        }
        String code = eventCode(f[o + EVENT_CODE].strip(), f[o + ROOT_CODE].strip());
        String type = cameo.type(code).orElse(null);
        if (type == null) {
            skipped.merge("CAMEO code maps to no type", 1L, Long::sum);
            return null;
        }
        String actor = country(f[o + ACTOR1_COUNTRY], f[o + ACTOR1_CODE]);
        String target = country(f[o + ACTOR2_COUNTRY], f[o + ACTOR2_CODE]);
        if (actor == null || target == null) {
            skipped.merge("no actor country on one side", 1L, Long::sum);
            return null;
        }
        if (!codes.isKnown(actor) || !codes.isKnown(target)) {
            skipped.merge("actor country code not in the reference list", 1L, Long::sum);
            return null;
        }
        if (actor.equals(target)) {
            skipped.merge("actor and target are the same country", 1L, Long::sum);
            return null;
        }
        if ("BLOC_ACCESSION".equals(type) && !codes.isBloc(target)) {
            skipped.merge("bloc accession without a bloc", 1L, Long::sum);
            return null;
        }
        int sources = integer(f[o + NUM_SOURCES]);
        int articles = integer(f[o + NUM_ARTICLES]);
        boolean root = f[o + IS_ROOT].strip().equals("1");
        char reliability = sources >= 5 ? 'B' : sources >= 2 ? 'C' : 'D';
        int credibility = (articles >= 10 ? 2 : articles >= 3 ? 3 : 4) + (root ? 0 : 1);
        String url = sourceUrl(f, o, width);
        String summary = "CAMEO " + code + ": " + name(f[o + ACTOR1_NAME], actor) + " → " + name(f[o + ACTOR2_NAME], target)
                + ", Goldstein " + f[o + GOLDSTEIN].strip() + ", " + sources + " source" + (sources == 1 ? "" : "s") + ", "
                + articles + " article" + (articles == 1 ? "" : "s");
        return new Indicator("gdelt" + version + "-" + id, date, null, type, actor, target, null, null,
                "" + reliability + credibility, url != null ? url : "GDELT " + version + ".0 event " + id,
                IndicatorCsvReader.clip(summary, IndicatorCsvReader.MAX_TEXT));
    }

    /** The SOURCEURL: the last of the 61 fields (2.0), the 58th (1.0), absent in 57-field 1.0 rows. */
    private String sourceUrl(String[] f, int o, int width) {
        int at = version == 2 ? 60 : width >= 58 ? 57 : -1;
        if (at < 0 || o + at >= f.length) {
            return null;
        }
        String url = f[o + at].strip();
        return url.isEmpty() || url.length() > IndicatorCsvReader.MAX_TEXT ? null : url;
    }

    /** CAMEO codes that lost their leading zero on the way (4 for 04, 42 for 042) get it back. */
    static String eventCode(String code, String rootCode) {
        int root;
        try {
            root = Integer.parseInt(rootCode);
        } catch (NumberFormatException e) {
            return code;
        }
        return root < 10 && !code.startsWith("0") ? "0" + code : code;
    }

    /** The actor's country: its country code, else its code when that is a country's. */
    private static String country(String countryCode, String actorCode) {
        String c = countryCode.strip();
        if (c.length() == 3) {
            return c;
        }
        String a = actorCode.strip();
        return a.length() >= 3 ? a.substring(0, 3) : null;
    }

    private static String name(String name, String fallback) {
        return name.isBlank() ? fallback : name.strip();
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
