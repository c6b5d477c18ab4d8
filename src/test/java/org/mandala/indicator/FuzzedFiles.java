package org.mandala.indicator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Mutated copies of valid files of each import format, the same for the same seed: for the fuzz
 * tests of the readers and of the upload endpoint. A case starts from a valid file of its format
 * (the fixtures, and the head of the real files of {@code ../shared/data} where present) and
 * applies one to three mutations: flipped bytes, deleted, duplicated or truncated lines, stray
 * quotes, removed or added columns, swapped fields, unicode, NUL and control characters, invalid
 * UTF-8, very long fields, odd numbers and dates, other line endings, an empty body, the header
 * alone, random bytes, another encoding, or a file of another format.
 *
 * <p>The bytes are edited as ISO-8859-1 text, one char a byte, so any byte survives a mutation.
 */
final class FuzzedFiles {
    static final List<String> FORMATS = IndicatorFormats.NAMES;
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Path SHARED = Path.of("../shared/data");
    private static final int REAL_HEAD_LINES = 60;
    private static final String[] ODD_VALUES = {"", " ", "\"", "\"\"", "?", "-1", "-0", "0", "NaN", "Infinity", "-Infinity",
            "1e400", "1E+999999999", "1e-999999999", "99999999999999999999", "0x1F", "2023-02-30", "+2023-09-13", "99999-01-01",
            "20230231", "00000000", "99991231", "999999999999", "IND", "ind", "RUS", "BRICS", "XXX", "A1", "Z9", "SUMMIT_MEETING",
            "summit_meeting", "190", "04", "4", "1", "2023", "9999", "0000", "Unknown supplier", "Rebels*", "Soviet Union",
            "\t", "\r", "\\", ";", "; ;", "1990; 1991", "=cmd|' /C calc'!A0"};
    private static final String[] ODD_CHARS = {"\u0000", "\u0001", "\u001f", "\u007f", "\u00e9", "\u00a0", "\u2028", "\ufeff", "\ufffd",
            "\ud83d\ude00", "\u202e", "\u4e2d\u6587", "\u0301"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0,
            (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};

    /** A valid file to start from. */
    record Base(String format, String name, byte[] bytes) {
        char separator() {
            return format.startsWith("gdelt") && !name.endsWith(".csv") ? '\t' : ',';
        }
    }

    /** One mutated file, and how to make it again. */
    record Case(long seed, String format, String base, List<String> mutations, byte[] bytes) {
        @Override
        public String toString() {
            return "seed " + seed + " (" + format + " from " + base + ": " + String.join(", ", mutations) + "; " + bytes.length
                    + " bytes; again with -Dfuzz.seed=" + seed + " -Dfuzz.cases=1)";
        }
    }

    private final List<Base> bases;

    private FuzzedFiles(List<Base> bases) {
        this.bases = bases;
    }

    /** The fixtures of every format, and the heads of the real files where they are beside the project. */
    static FuzzedFiles load() {
        List<Base> bases = new ArrayList<>();
        bases.add(fixture("native", "native-indicators.csv"));
        bases.add(fixture("gdelt2", "gdelt2-events.tsv"));
        bases.add(fixture("gdelt1", "gdelt1-events.tsv"));
        bases.add(fixture("sipri", "sipri-register.csv"));
        bases.add(fixture("sipri", "sipri-deliveries.csv"));
        real(bases, "native", Path.of("facts/scenario-2023-09.csv"));
        real(bases, "gdelt2", SHARED.resolve("gdelt/gdelt2_events_joined_mentions_20201113_LukaRadulovic.csv"));
        real(bases, "gdelt1", SHARED.resolve("gdelt/gdelt1_events_sample_reed9999.tsv"));
        real(bases, "sipri", SHARED.resolve("sipri/sipri_trade_register_1950-2024_MJHofmann.csv"));
        return new FuzzedFiles(List.copyOf(bases));
    }

    List<Base> bases() {
        return bases;
    }

    private static Base fixture(String format, String name) {
        try {
            return new Base(format, name, Files.readAllBytes(FIXTURES.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void real(List<Base> bases, String format, Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            int end = 0;
            for (int lines = 0; end < all.length && lines < REAL_HEAD_LINES; end++) {
                if (all[end] == '\n') {
                    lines++;
                }
            }
            bases.add(new Base(format, file.getFileName().toString(), java.util.Arrays.copyOf(all, end)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The case of this seed: its format, the file it starts from and its mutations all follow from the seed. */
    Case generate(long seed) {
        // mixed first: java.util.Random's first draws barely differ between neighbouring seeds
        Random random = new Random(new java.util.SplittableRandom(seed).nextLong());
        String format = FORMATS.get(random.nextInt(FORMATS.size()));
        List<Base> ofFormat = bases.stream().filter(b -> b.format().equals(format)).toList();
        Base base = ofFormat.get(random.nextInt(ofFormat.size()));
        StringBuilder text = new StringBuilder(latin1(base.bytes()));
        List<String> applied = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            applied.add(mutate(text, base, random));
        }
        return new Case(seed, format, base.name(), applied, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private String mutate(StringBuilder text, Base base, Random random) {
        char sep = base.separator();
        int kind = random.nextInt(22);
        switch (kind) {
            case 0 -> {
                int n = 1 + random.nextInt(5);
                for (int i = 0; i < n && text.length() > 0; i++) {
                    int at = random.nextInt(text.length());
                    text.setCharAt(at, (char) ((text.charAt(at) ^ (1 << random.nextInt(8))) & 0xff));
                }
                return "flipped " + n + " bytes";
            }
            case 1 -> {
                List<String> lines = lines(text);
                if (!lines.isEmpty()) {
                    lines.remove(random.nextInt(lines.size()));
                }
                setLines(text, lines);
                return "deleted a line";
            }
            case 2 -> {
                List<String> lines = lines(text);
                if (!lines.isEmpty()) {
                    int at = random.nextInt(lines.size());
                    lines.add(at, lines.get(at));
                }
                setLines(text, lines);
                return "duplicated a line";
            }
            case 3 -> {
                List<String> lines = lines(text);
                if (!lines.isEmpty()) {
                    int at = random.nextInt(lines.size());
                    String l = lines.get(at);
                    lines.set(at, l.substring(0, l.isEmpty() ? 0 : random.nextInt(l.length())));
                }
                setLines(text, lines);
                return "truncated a line";
            }
            case 4 -> {
                text.setLength(text.isEmpty() ? 0 : random.nextInt(text.length()));
                return "truncated the file";
            }
            case 5 -> {
                int n = 1 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    text.insert(random.nextInt(text.length() + 1), '"');
                }
                return "inserted " + n + " stray quote" + (n == 1 ? "" : "s");
            }
            case 6 -> {
                List<String> lines = lines(text);
                if (!lines.isEmpty()) {
                    int at = random.nextInt(lines.size());
                    List<String> fields = new ArrayList<>(List.of(lines.get(at).split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1)));
                    fields.remove(random.nextInt(fields.size()));
                    lines.set(at, String.join(String.valueOf(sep), fields));
                }
                setLines(text, lines);
                return "removed a column";
            }
            case 7 -> {
                List<String> lines = lines(text);
                int n = 1 + random.nextInt(3);
                if (!lines.isEmpty()) {
                    int at = random.nextInt(lines.size());
                    StringBuilder l = new StringBuilder(lines.get(at));
                    for (int i = 0; i < n; i++) {
                        l.insert(random.nextInt(l.length() + 1), sep);
                    }
                    lines.set(at, l.toString());
                }
                setLines(text, lines);
                return "added " + n + " column" + (n == 1 ? "" : "s");
            }
            case 8 -> {
                List<String> lines = lines(text);
                if (!lines.isEmpty()) {
                    int at = random.nextInt(Math.min(lines.size(), 12)) == 0 ? 0 : random.nextInt(lines.size());
                    List<String> fields = new ArrayList<>(List.of(lines.get(at).split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1)));
                    Collections.swap(fields, random.nextInt(fields.size()), random.nextInt(fields.size()));
                    lines.set(at, String.join(String.valueOf(sep), fields));
                }
                setLines(text, lines);
                return "swapped two fields";
            }
            case 9 -> {
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    text.insert(random.nextInt(text.length() + 1), latin1(ODD_CHARS[random.nextInt(ODD_CHARS.length)].getBytes(StandardCharsets.UTF_8)));
                }
                return "inserted " + n + " unicode or control characters";
            }
            case 10 -> {
                byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
                text.insert(random.nextInt(text.length() + 1), latin1(bad));
                return "inserted invalid UTF-8";
            }
            case 11 -> {
                int length = random.nextInt(4) == 0 ? 200_000 + random.nextInt(300_000) : 1_000 + random.nextInt(10_000);
                String field = random.nextBoolean() ? "A".repeat(length) : "x,\"y\" ".repeat(length / 6);
                replaceField(text, sep, random, random.nextBoolean() ? '"' + field.replace("\"", "\"\"") + '"' : field);
                return "a field of " + length + " characters";
            }
            case 12 -> {
                replaceField(text, sep, random, ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
                return "an odd value in a field";
            }
            case 13 -> {
                text.setLength(0);
                if (random.nextBoolean()) {
                    text.append(random.nextBoolean() ? "\n" : "   \r\n\n");
                }
                return "an empty body";
            }
            case 14 -> {
                List<String> lines = lines(text);
                int header = 0;
                while (header < lines.size() - 1 && !lines.get(header).contains(String.valueOf(sep))) {
                    header++;
                }
                setLines(text, new ArrayList<>(lines.subList(0, Math.min(lines.size(), header + 1))));
                return "the header alone";
            }
            case 15 -> {
                byte[] garbage = new byte[1 + random.nextInt(4096)];
                random.nextBytes(garbage);
                if (random.nextBoolean()) {
                    text.setLength(0);
                }
                text.insert(random.nextInt(text.length() + 1), latin1(garbage));
                return "random bytes";
            }
            case 16 -> {
                String utf8 = new String(text.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                java.nio.charset.Charset charset = random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE;
                text.setLength(0);
                text.append(latin1(utf8.getBytes(charset)));
                return "encoded as " + charset;
            }
            case 17 -> {
                List<Base> others = bases.stream().filter(b -> !b.format().equals(base.format())).toList();
                Base other = others.get(random.nextInt(others.size()));
                text.setLength(0);
                text.append(latin1(other.bytes()));
                return "a file of format " + other.format() + " (" + other.name() + ")";
            }
            case 18 -> {
                String s = text.toString().replace("\r\n", "\n");
                String ending = random.nextBoolean() ? "\r\n" : "\r";
                text.setLength(0);
                text.append(s.replace("\n", ending));
                return "line endings " + (ending.length() == 2 ? "CRLF" : "CR");
            }
            case 19 -> {
                List<String> lines = lines(text);
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    lines.add(random.nextInt(lines.size() + 1), random.nextBoolean() ? "" : " \t ");
                }
                setLines(text, lines);
                return "inserted " + n + " blank lines";
            }
            case 20 -> {
                int n = 1 + random.nextInt(200);
                text.insert(random.nextInt(text.length() + 1), "\u0000".repeat(n));
                return "inserted " + n + " NUL bytes";
            }
            default -> {
                List<String> lines = lines(text);
                int n = 50 + random.nextInt(500);
                if (lines.size() > 1) {
                    int at = 1 + random.nextInt(lines.size() - 1);
                    for (int i = 0; i < n; i++) {
                        lines.add(at, lines.get(at));
                    }
                }
                setLines(text, lines);
                return "a row repeated " + n + " times";
            }
        }
    }

    /** Replaces one field of a random line, as split by the separator, with {@code value}. */
    private static void replaceField(StringBuilder text, char sep, Random random, String value) {
        List<String> lines = lines(text);
        if (lines.isEmpty()) {
            text.append(value);
            return;
        }
        int at = random.nextInt(lines.size());
        String[] fields = lines.get(at).split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
        fields[random.nextInt(fields.length)] = value;
        lines.set(at, String.join(String.valueOf(sep), fields));
        setLines(text, lines);
    }

    private static List<String> lines(StringBuilder text) {
        List<String> lines = new ArrayList<>(List.of(text.toString().split("\n", -1)));
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static void setLines(StringBuilder text, List<String> lines) {
        text.setLength(0);
        text.append(String.join("\n", lines));
        if (!lines.isEmpty()) {
            text.append('\n');
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
