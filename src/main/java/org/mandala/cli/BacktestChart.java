package org.mandala.cli;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The backtest's chart as SVG text, drawn by hand so that it diffs and reads in any browser: lines
 * on a left axis of 0–100 (the score and its components), lines on a right axis of their own
 * min–max (the reference index), episode months as vertical ticks, years along the bottom.
 */
final class BacktestChart {
    static final int WIDTH = 1200;
    static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int RIGHT = 70;
    private static final int TOP = 50;
    private static final int BOTTOM = 40;

    private BacktestChart() {
    }

    enum Axis { SCORE, REFERENCE }

    /** One line: its name in the legend, its colour, one value (or null) per month, the axis it is read on. */
    record Line(String name, String colour, List<Double> values, Axis axis) {
    }

    /** An episode month, with the event shown as the tick's tooltip. */
    record Tick(YearMonth month, String label) {
    }

    static String svg(String title, List<YearMonth> months, List<Line> lines, List<Tick> ticks) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<title>").append(xml(title)).append("</title>\n");
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, xml(title)));
        int n = months.size();
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double[] range = referenceRange(lines);

        for (int v = 0; v <= 100; v += 25) {
            double y = TOP + plotH * (1 - v / 100.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n", LEFT, y,
                    LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%d</text>%n", LEFT - 6, y + 4, v));
            if (range != null) {
                double ref = range[0] + (range[1] - range[0]) * v / 100.0;
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#2166ac\">%s</text>%n", LEFT + plotW + 6, y + 4,
                        number(ref)));
            }
        }
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">"
                + "score (0–100)</text>%n", TOP + plotH / 2));
        if (range != null) {
            s.append(String.format(Locale.ROOT, "<text transform=\"translate(%d %.1f) rotate(90)\" text-anchor=\"middle\" fill=\"#2166ac\">"
                    + "reference (own axis, its min–max)</text>%n", WIDTH - 12, TOP + plotH / 2));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotW, plotH));

        int every = Math.max(1, (int) Math.ceil(n / 12.0 * 34 / plotW));
        for (int i = 0; i < n; i++) {
            YearMonth m = months.get(i);
            if (m.getMonthValue() == 1 || i == 0) {
                double x = x(i, n, plotW);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>%n", x,
                        TOP + plotH, x, TOP + plotH + 5));
                if (m.getYear() % every == 0 || n <= 24) {
                    String label = n <= 24 ? m.toString() : String.valueOf(m.getYear());
                    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#444\">%s</text>%n", x,
                            TOP + plotH + 18, label));
                }
            }
        }

        for (Tick t : ticks) {
            int i = months.indexOf(t.month());
            if (i < 0) {
                continue;
            }
            double x = x(i, n, plotW);
            s.append(String.format(Locale.ROOT, "<g><title>%s</title><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                            + "stroke-dasharray=\"3 3\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d6604d\" "
                            + "stroke-width=\"3\"/></g>%n", xml(t.month() + ": " + t.label()), x, TOP, x, TOP + plotH, x, TOP + plotH - 10,
                    x, TOP + plotH));
        }

        int legendX = LEFT + 420;
        for (Line line : lines) {
            List<String> segments = new ArrayList<>();
            StringBuilder seg = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Double v = i < line.values().size() ? line.values().get(i) : null;
                if (v == null) {
                    if (!seg.isEmpty()) {
                        segments.add(seg.toString());
                        seg.setLength(0);
                    }
                    continue;
                }
                double share = line.axis() == Axis.SCORE ? v / 100.0 : range == null || range[1] == range[0] ? 0.5
                        : (v - range[0]) / (range[1] - range[0]);
                seg.append(seg.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x(i, n, plotW),
                        TOP + plotH * (1 - Math.max(0, Math.min(1, share)))));
            }
            if (!seg.isEmpty()) {
                segments.add(seg.toString());
            }
            boolean reference = line.axis() == Axis.REFERENCE;
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s><title>%s</title></path>%n",
                    String.join(" ", segments), line.colour(), reference ? "1.5" : "2.5", reference ? " stroke-opacity=\"0.8\"" : "",
                    xml(line.name())));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"32\" x2=\"%d\" y2=\"32\" stroke=\"%s\" stroke-width=\"3\"/>"
                    + "<text x=\"%d\" y=\"36\">%s</text>%n", legendX, legendX + 20, line.colour(), legendX + 25, xml(line.name())));
            legendX += 30 + 7 * line.name().length() + 20;
        }
        if (!ticks.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"38\" stroke=\"#d6604d\" stroke-width=\"3\"/>"
                    + "<text x=\"%d\" y=\"36\">episode month</text>%n", legendX, legendX, legendX + 6));
        }
        return s.append("</svg>\n").toString();
    }

    private static double x(int i, int n, double plotW) {
        return LEFT + (n <= 1 ? plotW / 2 : plotW * i / (n - 1));
    }

    /** The min and max of the values of the reference-axis lines, or null when they have none. */
    private static double[] referenceRange(List<Line> lines) {
        double[] v = lines.stream().filter(l -> l.axis() == Axis.REFERENCE).flatMap(l -> l.values().stream())
                .filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return null;
        }
        double min = java.util.Arrays.stream(v).min().orElseThrow();
        double max = java.util.Arrays.stream(v).max().orElseThrow();
        return new double[] {min, max};
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
