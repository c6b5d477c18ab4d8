package org.mandala.indicator;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;


/**
 * The SIPRI Arms Transfers Database trade register in either of its layouts. The older one has one
 * row per deal (ISO-8859-1, preamble lines
 * before the {@code Recipient,Supplier,...} header, a blank-named {@code ?} column after each
 * uncertain field). Each deal becomes one {@code ARMS_TRANSFER} from supplier to recipient, dated
 * 1 January of the order year (the first delivery year when the order year is missing), its
 * magnitude the TIV of the whole order in {@code TIV_M} (of the deliveries when SIPRI gives no
 * order total). Grade {@code B2}; {@code C3} where SIPRI marks the year or a number uncertain.
 * Parties that are not states (rebels, organisations, unknown) are skipped and counted. The newer
 * one has a row per deal and delivery year; see {@link SipriDeliveryRows}.
 */
final class SipriRegisterReader implements IndicatorFormat {
    private static final int HEADER_SEARCH_LINES = 40;
    private static final double MAX_TIV = 1e9;
    private static final String SOURCE = "SIPRI Arms Transfers Database, trade register";

    private final CountryNames names;
    private final ActorCodes codes;

    SipriRegisterReader(CountryNames names, ActorCodes codes) {
        this.names = names;
        this.codes = codes;
    }

    @Override
    public String name() {
        return "sipri";
    }

    /** Positions of the columns used, found by name in the header. */
    private record Columns(int recipient, int supplier, int year, int yearFlag, int ordered, int orderedFlag, int designation,
                           int description, int delivered, int deliveredFlag, int deliveryYears, int status, int comments,
                           int tivOrder, int tivDelivered, int width) {

        static Columns of(String[] header) {
            List<String> h = Arrays.stream(header).map(String::strip).toList();
            int year = h.indexOf("Year of order");
            int ordered = h.indexOf("Number ordered");
            int delivered = h.indexOf("Number delivered");
            return new Columns(h.indexOf("Recipient"), h.indexOf("Supplier"), year, flag(h, year), ordered, flag(h, ordered),
                    h.indexOf("Weapon designation"), h.indexOf("Weapon description"), delivered, flag(h, delivered),
                    h.indexOf("Year(s) of delivery"), h.indexOf("status"), h.indexOf("Comments"),
                    h.indexOf("SIPRI TIV for total order"), h.indexOf("SIPRI TIV of delivered weapons"), header.length);
        }

        private static int flag(List<String> h, int after) {
            return after >= 0 && after + 1 < h.size() && h.get(after + 1).isEmpty() ? after + 1 : -1;
        }

        boolean usable() {
            return recipient >= 0 && supplier >= 0 && year >= 0 && (tivOrder >= 0 || tivDelivered >= 0);
        }
    }

    @Override
    public ReadResult read(InputStream in, Consumer<Indicator> sink) throws IOException {
        ErrorList errors = new ErrorList();
        Map<String, Long> skipped = new TreeMap<>();
        long rows = 0;
        long valid = 0;
        try (CsvInput csv = new CsvInput(new InputStreamReader(in, StandardCharsets.ISO_8859_1), CsvInput::rfc4180)) {
            Columns columns = null;
            String[] record;
            while (columns == null) {
                record = csv.next(errors);
                if (record == null && csv.failed()) {
                    return errors.result(0, 0, skipped);
                }
                if (record == null || csv.linesRead() > HEADER_SEARCH_LINES) {
                    errors.add(1, null, null, "not a SIPRI trade register: no header row starting Recipient,Supplier,Year of order,"
                            + " nor one naming Supplier, Recipient, Delivery year and TIV_M, in the first " + HEADER_SEARCH_LINES + " lines");
                    return errors.result(0, 0, skipped);
                }
                SipriDeliveryRows.Columns deliveryColumns = record.length > 3 ? SipriDeliveryRows.Columns.of(record) : null;
                if (deliveryColumns != null && !(record[0].strip().equals("Recipient") && record[1].strip().equals("Supplier"))) {
                    return readDeliveryRows(csv, deliveryColumns, errors, skipped, sink);
                }
                if (record.length > 2 && record[0].strip().equals("Recipient") && record[1].strip().equals("Supplier")) {
                    columns = Columns.of(record);
                    if (!columns.usable()) {
                        errors.add((int) csv.linesRead(), null, null,
                                "not a SIPRI trade register layout Mandala reads: the header lacks Year of order or the TIV columns");
                        return errors.result(0, 0, skipped);
                    }
                }
            }
            String[] pending = null;
            while (true) {
                int line = (int) csv.linesRead() + 1;
                record = pending != null ? pending : csv.next(errors);
                pending = null;
                if (record == null) {
                    break;
                }
                if (record.length == 1 && record[0].isBlank()) {
                    continue;
                }
                // A comment with an unquoted line break splits a deal over two lines: join them back.
                while (record.length < columns.width()) {
                    String[] more = csv.next(errors);
                    if (more == null) {
                        break;
                    }
                    if (record.length + more.length - 1 > columns.width()) {
                        pending = more;
                        break;
                    }
                    record = join(record, more);
                }
                rows++;
                if (record.length != columns.width()) {
                    errors.add(line, null, null, "the deal has " + record.length + " fields but the header has " + columns.width());
                    continue;
                }
                Indicator indicator = deal(record, columns, skipped);
                if (indicator != null) {
                    valid++;
                    sink.accept(indicator);
                }
            }
        }
        return errors.result(rows, valid, skipped);
    }

    /** The rest of a file in the newer layout: its rows summed by deal, then resolved to indicators. */
    private ReadResult readDeliveryRows(CsvInput csv, SipriDeliveryRows.Columns columns, ErrorList errors, Map<String, Long> skipped,
                                        Consumer<Indicator> sink) throws IOException {
        SipriDeliveryRows deals = new SipriDeliveryRows(columns);
        long rows = 0;
        while (true) {
            int line = (int) csv.linesRead() + 1;
            String[] record = csv.next(errors);
            if (record == null) {
                break;
            }
            if (record.length == 1 && record[0].isBlank()) {
                continue;
            }
            rows++;
            if (record.length != columns.width()) {
                errors.add(line, null, null, "the row has " + record.length + " fields but the header has " + columns.width());
                continue;
            }
            if (!deals.add(record)) {
                skipped.merge(SipriDeliveryRows.FURTHER_YEAR, 1L, Long::sum);
            }
        }
        List<Indicator> indicators = deals.indicators(name -> party(name, skipped), skipped, SOURCE);
        indicators.forEach(sink);
        return errors.result(rows, indicators.size(), skipped);
    }

    private static String[] join(String[] first, String[] second) {
        String[] joined = Arrays.copyOf(first, first.length + second.length - 1);
        joined[first.length - 1] = first[first.length - 1] + " " + second[0];
        System.arraycopy(second, 1, joined, first.length, second.length - 1);
        return joined;
    }

    private Indicator deal(String[] r, Columns c, Map<String, Long> skipped) {
        String supplier = party(r[c.supplier()], skipped);
        String recipient = supplier == null ? null : party(r[c.recipient()], skipped);
        if (supplier == null || recipient == null) {
            return null;
        }
        if (supplier.equals(recipient)) {
            skipped.merge("supplier and recipient are the same state", 1L, Long::sum);
            return null;
        }
        Integer year = year(r[c.year()]);
        if (year == null) {
            year = year(field(r, c.deliveryYears()).split(";")[0]);
        }
        if (year == null) {
            skipped.merge("no order or delivery year", 1L, Long::sum);
            return null;
        }
        Double tiv = number(field(r, c.tivOrder()));
        if (tiv == null) {
            tiv = number(field(r, c.tivDelivered()));
        }
        boolean uncertain = flagged(r, c.yearFlag()) || flagged(r, c.orderedFlag()) || flagged(r, c.deliveredFlag());
        String summary = summary(r, c);
        return new Indicator(id(r), LocalDate.of(year, 1, 1), null, "ARMS_TRANSFER", supplier, recipient, tiv,
                tiv == null ? null : "TIV_M", uncertain ? "C3" : "B2", SOURCE, summary);
    }

    private String party(String name, Map<String, Long> skipped) {
        String n = name.strip();
        String code = names.code(n);
        if (code == null) {
            // newer exports are UTF-8: read as ISO-8859-1, "Côte d'Ivoire" arrives as "CÃ´te d'Ivoire"
            code = names.code(new String(n.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        if (code != null && codes.isKnown(code)) {
            return code;
        }
        String reason = n.endsWith("*") || n.toLowerCase(java.util.Locale.ROOT).startsWith("unknown")
                ? "a party is not a state (rebels, organisations, unknown)"
                : "a party's name is not in facts/reference/country-names.csv";
        skipped.merge(reason, 1L, Long::sum);
        return null;
    }

    private static boolean flagged(String[] r, int column) {
        return field(r, column).equals("?");
    }

    static Integer year(String text) {
        String t = text.strip();
        return t.matches("\\d{4}") ? Integer.valueOf(t) : null;
    }

    /** A TIV in millions as SIPRI writes it; null when blank, or not a number of a size a deal can have. */
    static Double number(String text) {
        String t = text.strip();
        try {
            Double d = t.isEmpty() ? null : Double.valueOf(t);
            // NaN, Infinity, 1e400 and negatives parse, but are no value of a deal; 1e9 million TIV is beyond any
            return d == null || !(d >= 0 && d <= MAX_TIV) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String summary(String[] r, Columns c) {
        List<String> parts = new ArrayList<>();
        String ordered = field(r, c.ordered());
        String what = (field(r, c.designation()) + " (" + field(r, c.description()) + ")").replace(" ()", "").strip();
        String deal = (ordered + " " + what).strip();
        if (!deal.isEmpty()) {
            parts.add(deal);
        }
        if (!field(r, c.status()).isEmpty()) {
            parts.add(field(r, c.status()));
        }
        if (!field(r, c.deliveryYears()).isEmpty()) {
            parts.add("delivered " + field(r, c.deliveryYears()));
        }
        if (!field(r, c.comments()).isEmpty()) {
            parts.add(field(r, c.comments()));
        }
        return IndicatorCsvReader.clip(String.join("; ", parts).strip(), IndicatorCsvReader.MAX_TEXT);
    }

    /** A field of the row by the position its column has in the header; empty when the header lacks that column. */
    static String field(String[] r, int column) {
        return column >= 0 && column < r.length ? r[column].strip() : "";
    }

    /** The same deal gives the same id on every import. */
    static String id(String[] r) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\u001f", r).getBytes(StandardCharsets.UTF_8));
            return "sipri-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
