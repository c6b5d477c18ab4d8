package org.mandala.indicator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The newer SIPRI trade register layout, one row per deal and delivery year: columns found by
 * name, whatever their order ({@code Deal ID}, {@code Supplier}, {@code Recipient},
 * {@code Year of order} or {@code Order year}, {@code Delivery year}, {@code TIV_M} or
 * {@code TIV delivery values}, and {@code ... is estimate} flags). The rows of one deal are summed
 * into one {@code ARMS_TRANSFER}, dated by the order year; a flag set on any of them lowers the
 * grade. The further rows of a deal are counted as skipped ("another delivery year of a deal"),
 * so every row is accounted for.
 */
final class SipriDeliveryRows {
    static final String FURTHER_YEAR = "another delivery year of a deal already counted";
    private static final Set<String> YES = Set.of("?", "yes", "y", "true", "1", "x", "estimate", "estimated");

    /** Positions of the columns used; -1 when absent. */
    record Columns(int deal, int supplier, int recipient, int orderYear, int deliveryYear, int tiv, int designation,
                   int description, int status, int[] flags, int width) {

        /** The columns of a header in this layout, or null when the header is not one. */
        static Columns of(String[] header) {
            List<String> h = new ArrayList<>();
            for (String name : header) {
                h.add(name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
            }
            Function<List<String>, Integer> find = names -> names.stream().mapToInt(h::indexOf).filter(i -> i >= 0).findFirst().orElse(-1);
            int supplier = find.apply(List.of("supplier"));
            int recipient = find.apply(List.of("recipient"));
            int deliveryYear = find.apply(List.of("deliveryyear", "yearofdelivery"));
            int tiv = find.apply(List.of("tivm", "tivdeliveryvalues", "tivdeliveryvalue", "sipritivofdeliveredweapons", "tiv"));
            if (supplier < 0 || recipient < 0 || deliveryYear < 0 || tiv < 0) {
                return null;
            }
            int[] flags = java.util.stream.IntStream.range(0, h.size())
                    .filter(i -> h.get(i).endsWith("isestimate") || h.get(i).endsWith("isestimated") || h.get(i).endsWith("uncertain"))
                    .toArray();
            return new Columns(find.apply(List.of("dealid", "deal", "dealnumber")), supplier, recipient,
                    find.apply(List.of("yearoforder", "orderyear", "orderdate")), deliveryYear, tiv,
                    find.apply(List.of("weapondesignation", "designation")), find.apply(List.of("weapondescription", "description")),
                    find.apply(List.of("status")), flags, header.length);
        }
    }

    /** One deal being summed. */
    private static final class Deal {
        final String[] first;
        final List<String> years = new ArrayList<>();
        double tiv;
        boolean hasTiv;
        boolean uncertain;

        Deal(String[] first) {
            this.first = first;
        }
    }

    private final Columns columns;
    private final Map<String, Deal> deals = new LinkedHashMap<>();

    SipriDeliveryRows(Columns columns) {
        this.columns = columns;
    }

    /** Adds one row; false when it is a further row of a deal already seen. */
    boolean add(String[] r) {
        Columns c = columns;
        String key = c.deal() >= 0 && !r[c.deal()].isBlank() ? r[c.deal()].strip()
                : String.join("\u001f", r[c.supplier()].strip(), r[c.recipient()].strip(), field(r, c.orderYear()),
                        field(r, c.designation()));
        Deal deal = deals.get(key);
        boolean first = deal == null;
        if (first) {
            deal = new Deal(r);
            deals.put(key, deal);
        }
        String year = field(r, c.deliveryYear());
        if (!year.isEmpty()) {
            deal.years.add(year);
        }
        Double tiv = SipriRegisterReader.number(r[c.tiv()]);
        if (tiv != null) {
            deal.tiv += tiv;
            deal.hasTiv = true;
        }
        for (int flag : c.flags()) {
            deal.uncertain |= YES.contains(r[flag].strip().toLowerCase(Locale.ROOT));
        }
        return first;
    }

    /** Number of deals read. */
    int size() {
        return deals.size();
    }

    /** The deals in the order first seen, as indicators; parties resolved by {@code party}. */
    List<Indicator> indicators(Function<String, String> party, Map<String, Long> skipped, String source) {
        Columns c = columns;
        List<Indicator> out = new ArrayList<>();
        for (Map.Entry<String, Deal> e : deals.entrySet()) {
            Deal d = e.getValue();
            String[] r = d.first;
            String supplier = party.apply(r[c.supplier()]);
            String recipient = supplier == null ? null : party.apply(r[c.recipient()]);
            if (supplier == null || recipient == null) {
                continue;
            }
            if (supplier.equals(recipient)) {
                skipped.merge("supplier and recipient are the same state", 1L, Long::sum);
                continue;
            }
            Integer year = SipriRegisterReader.year(field(r, c.orderYear()).length() >= 4 ? field(r, c.orderYear()).substring(0, 4) : "");
            if (year == null && !d.years.isEmpty()) {
                year = d.years.stream().map(SipriRegisterReader::year).filter(java.util.Objects::nonNull).min(Integer::compare).orElse(null);
            }
            if (year == null) {
                skipped.merge("no order or delivery year", 1L, Long::sum);
                continue;
            }
            List<String> parts = new ArrayList<>();
            String what = (field(r, c.designation()) + " (" + field(r, c.description()) + ")").replace(" ()", "");
            if (!what.isBlank()) {
                parts.add(what.strip());
            }
            if (!field(r, c.status()).isEmpty()) {
                parts.add(field(r, c.status()));
            }
            if (!d.years.isEmpty()) {
                parts.add("delivered " + String.join("; ", d.years));
            }
            String summary = String.join("; ", parts);
            String dealId = e.getKey().replaceAll("[^A-Za-z0-9_.-]", "");
            String id = c.deal() >= 0 && !r[c.deal()].isBlank() && dealId.length() <= 64 ? "sipri-deal-" + dealId
                    : SipriRegisterReader.id(new String[] {e.getKey()});
            Double tiv = d.hasTiv ? d.tiv : null;
            out.add(new Indicator(id, LocalDate.of(year, 1, 1), null, "ARMS_TRANSFER", supplier, recipient, tiv,
                    tiv == null ? null : "TIV_M", d.uncertain ? "C3" : "B2", source, IndicatorCsvReader.clip(summary, IndicatorCsvReader.MAX_TEXT)));
        }
        return out;
    }

    private static String field(String[] r, int column) {
        return SipriRegisterReader.field(r, column);
    }
}
