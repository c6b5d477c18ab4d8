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
 * states and a long tail, dates spread over ten years, mostly mid-range grades, and camps: states
 * cooperate mostly within their camp and quarrel mostly across camps, as they do. Seeded, so a
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
    /** Camps by position in {@link #STATES}: 1 and 2 are rival camps, 0 the non-aligned. */
    private static final java.util.Map<String, Integer> CAMP = java.util.Map.ofEntries(
            java.util.Map.entry("USA", 1), java.util.Map.entry("JPN", 1), java.util.Map.entry("AUS", 1), java.util.Map.entry("GBR", 1),
            java.util.Map.entry("FRA", 1), java.util.Map.entry("DEU", 1), java.util.Map.entry("KOR", 1), java.util.Map.entry("ISR", 1),
            java.util.Map.entry("POL", 1), java.util.Map.entry("ITA", 1), java.util.Map.entry("ESP", 1), java.util.Map.entry("CAN", 1),
            java.util.Map.entry("PHL", 1), java.util.Map.entry("SGP", 1), java.util.Map.entry("UKR", 1),
            java.util.Map.entry("RUS", 2), java.util.Map.entry("CHN", 2), java.util.Map.entry("PRK", 2), java.util.Map.entry("IRN", 2),
            java.util.Map.entry("BLR", 2), java.util.Map.entry("SYR", 2), java.util.Map.entry("MMR", 2), java.util.Map.entry("KAZ", 2));
    private static final String[] GRADES = {"A1", "A2", "B1", "B2", "B2", "B3", "C2", "C3", "C3", "D4", "F6"};

    private IndicatorGenerator() {
    }

    public static void write(Path file, int n, long seed) throws IOException {
        write(file, n, seed, LocalDate.of(2014, 1, 1), LocalDate.of(2023, 12, 31));
    }

    /** As {@link #write(Path, int, long)}, dated from {@code from} (included) to {@code to} (excluded). */
    public static void write(Path file, int n, long seed, LocalDate from, LocalDate to) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = new double[TYPES.length];
        double total = 0;
        for (int i = 0; i < TYPES.length; i++) {
            total += Double.parseDouble(TYPES[i][1]);
            cumulative[i] = total;
        }
        LocalDate start = from;
        int days = (int) (to.toEpochDay() - start.toEpochDay());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,date,type,actor,target,grade,source\n");
            for (int i = 0; i < n; i++) {
                double pick = random.nextDouble() * total;
                int t = 0;
                while (cumulative[t] < pick) {
                    t++;
                }
                String actor = state(random);
                boolean hostile = HOSTILE.contains(TYPES[t][0]);
                String target = state(random);
                // cooperation mostly within a camp, hostility mostly across camps; rerolls keep it a mix
                for (int tries = 0; tries < 4 && (target.equals(actor) || !plausible(actor, target, hostile, random)); tries++) {
                    target = state(random);
                }
                while (target.equals(actor)) {
                    target = state(random);
                }
                w.write("gen-" + seed + "-" + i + "," + start.plusDays(random.nextInt(days)) + "," + TYPES[t][0] + "," + actor + ","
                        + target + "," + GRADES[random.nextInt(GRADES.length)] + ",generated\n");
            }
        }
    }

    private static final java.util.Set<String> HOSTILE = java.util.Set.of("DIPLOMATIC_PROTEST", "MILITARY_THREAT", "SANCTION",
            "BORDER_CLASH", "ARMED_CONFLICT", "TERRITORIAL_DISPUTE");

    private static boolean plausible(String actor, String target, boolean hostile, SplittableRandom random) {
        int a = CAMP.getOrDefault(actor, 0);
        int b = CAMP.getOrDefault(target, 0);
        boolean rivals = a != 0 && b != 0 && a != b;
        boolean sameCamp = a != 0 && a == b;
        if (hostile) {
            return rivals || random.nextDouble() < 0.15;
        }
        return !rivals && (sameCamp || random.nextDouble() < 0.5);
    }

    /** A few states are busy, most are not: the square skews the pick toward the head of the list. */
    private static String state(SplittableRandom random) {
        double u = random.nextDouble();
        return STATES.get((int) (u * u * STATES.size()));
    }
}
