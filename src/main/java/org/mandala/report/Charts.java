package org.mandala.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;
import org.mandala.model.Alignment;
import org.mandala.model.AlignmentLevel;

/** The report's two pictures, drawn with JFreeChart as PNG. */
final class Charts {
    static final Color PARTNER = new Color(0x1b7837);
    static final Color ADVERSARY = new Color(0xb2182b);
    static final Color OTHER = new Color(0x4d4d4d);

    private Charts() {
    }

    /** The autonomy score month by month. */
    static byte[] autonomy(String focus, List<LocalDate> dates, List<Double> scores) {
        TimeSeries series = new TimeSeries(focus + " autonomy risk");
        for (int i = 0; i < dates.size(); i++) {
            if (scores.get(i) != null) {
                LocalDate d = dates.get(i);
                series.addOrUpdate(new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear()), scores.get(i));
            }
        }
        JFreeChart chart = ChartFactory.createTimeSeriesChart(focus + ": strategic-autonomy risk score by month", "month-end",
                "score (0-100)", new TimeSeriesCollection(series), false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 100);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2.5f));
        plot.getRenderer().setSeriesPaint(0, ADVERSARY);
        return png(chart, 800, 360);
    }

    /**
     * The alignment network: states on a circle, alignments as edges (wider and darker the
     * stronger), the focus in the middle of the legend's colours: partners green, adversaries red.
     */
    static byte[] network(String focus, List<Alignment> alignments, Collection<String> partners, Collection<String> adversaries,
                          Set<String> axisMembers) {
        Set<String> states = new TreeSet<>();
        alignments.forEach(al -> {
            states.add(al.getA());
            states.add(al.getB());
        });
        states.add(focus);
        List<String> order = new ArrayList<>(states);
        Map<String, double[]> at = new java.util.HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            double angle = 2 * Math.PI * i / order.size() - Math.PI / 2;
            at.put(order.get(i), new double[] {Math.cos(angle), Math.sin(angle)});
        }
        JFreeChart chart = ChartFactory.createScatterPlot(focus + ": alignment network", null, null, new XYSeriesCollection());
        chart.removeLegend();
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.getDomainAxis().setVisible(false);
        plot.getRangeAxis().setVisible(false);
        plot.getDomainAxis().setRange(-1.4, 1.4);
        plot.getRangeAxis().setRange(-1.3, 1.3);
        for (Alignment al : alignments) {
            double[] p = at.get(al.getA());
            double[] q = at.get(al.getB());
            float width = switch (al.getLevel()) {
                case ALLIANCE -> 6f;
                case STRONG -> 4.5f;
                case MODERATE -> 3f;
                default -> 1.5f;
            };
            boolean axis = axisMembers.contains(al.getA()) && axisMembers.contains(al.getB()) && al.atLeast(AlignmentLevel.MODERATE);
            Color colour = axis ? new Color(0xd6604d) : al.atLeast(AlignmentLevel.STRONG) ? new Color(0x2166ac) : new Color(0x92c5de);
            plot.addAnnotation(new XYLineAnnotation(p[0], p[1], q[0], q[1], new BasicStroke(width), colour));
            plot.addAnnotation(new XYTextAnnotation(al.getLevel().name().toLowerCase(java.util.Locale.ROOT),
                    (p[0] + q[0]) / 2, (p[1] + q[1]) / 2));
        }
        for (String s : order) {
            double[] p = at.get(s);
            Color fill = s.equals(focus) ? new Color(0xf4a582) : partners.contains(s) ? PARTNER : adversaries.contains(s) ? ADVERSARY : OTHER;
            double r = s.equals(focus) ? 0.11 : 0.08;
            plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(p[0] - r, p[1] - r, 2 * r, 2 * r), new BasicStroke(1f),
                    Color.BLACK, fill));
            XYTextAnnotation label = new XYTextAnnotation(s, p[0], p[1] - r - 0.07);
            label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            plot.addAnnotation(label);
        }
        return png(chart, 720, 640);
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        chart.setAntiAlias(true);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
