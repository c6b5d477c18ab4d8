package org.mandala.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes N synthetic indicators in the native CSV format with a realistic mix: common types
 * (meetings, visits, agreements) far more often than rare ones (clashes, treaties), a few busy
 * states and a long tail, dates spread over ten years, mostly mid-range grades. Seeded, so a
 * rerun writes the same file.
 */
public final class IndicatorGenerator {
    /** Type and relative frequency. */
    private static final String[][] TYPES = {
            {"SUMMIT_MEETING", "12"}, {"MINISTERIAL_VISIT", "20"}, {"ECONOMIC_AGREEMENT", "10"}, {"DIPLOMATIC_SUPPORT", "12"},
            {"DIPLOMATIC_PROTEST", "10"}, {"ARMS_TRANSFER", "8"}, {"MILITARY_EXERCISE", "6"}, {"FUEL_SHIPMENT", "5"},
            {"TECHNOLOGY_TRANSFER", "4"}, {"SPACE_COOPERATION", "1"}, {"MILITARY_THREAT", "4"}, {"SANCTION", "3"},
            {"BORDER_CLASH", "2"}, {"ARMED_CONFLICT", "1"}, {"STRATEGIC_PARTNERSHIP", "1"}, {"DEFENCE_AGREEMENT", "1"},
            {"TERRITORIAL_DISPUTE", "0.3"}, {"ALLIANCE_TREATY", "0.2"}};
    private static final List<String> STATES = List.of("IND", "RUS", "CHN", "USA", "PAK", "PRK", "IRN", "SAU", "ARE", "JPN",
            "AUS", "GBR", "FRA", "DEU", "TUR", "ISR", "EGY", "BRA", "ZAF", "IDN", "VNM", "KOR", "BGD", "LKA", "NPL", "AFG",
            "KAZ", "UZB", "BLR", "UKR", "POL", "ITA", "ESP", "CAN", "MEX", "ARG", "NGA", "ETH", "KEN", "MMR", "THA", "MYS",
            "SGP", "PHL", "QAT", "OMN", "IRQ", "SYR", "JOR", "AZE");
    private static final String[] GRADES = {"A1", "A2", "B1", "B2", "B2", "B3", "C2", "C3", "C3", "D4", "F6"};

    private IndicatorGenerator() {
    }

    public static void write(Path file, int n, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = new double[TYPES.length];
        double total = 0;
        for (int i = 0; i < TYPES.length; i++) {
            total += Double.parseDouble(TYPES[i][1]);
            cumulative[i] = total;
        }
        LocalDate start = LocalDate.of(2014, 1, 1);
        int days = (int) (LocalDate.of(2023, 12, 31).toEpochDay() - start.toEpochDay());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,date,type,actor,target,grade,source\n");
            for (int i = 0; i < n; i++) {
                double pick = random.nextDouble() * total;
                int t = 0;
                while (cumulative[t] < pick) {
                    t++;
                }
                String actor = state(random);
                String target = state(random);
                while (target.equals(actor)) {
                    target = state(random);
                }
                w.write("gen-" + seed + "-" + i + "," + start.plusDays(random.nextInt(days)) + "," + TYPES[t][0] + "," + actor + ","
                        + target + "," + GRADES[random.nextInt(GRADES.length)] + ",generated\n");
            }
        }
    }

    /** A few states are busy, most are not: the square skews the pick toward the head of the list. */
    private static String state(SplittableRandom random) {
        double u = random.nextDouble();
        return STATES.get((int) (u * u * STATES.size()));
    }
}
