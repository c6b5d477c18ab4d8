package org.mandala.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.explanation.Explanation;
import org.mandala.explanation.ExplanationService;
import org.mandala.model.Axis;
import org.mandala.model.Threat;
import org.mandala.system.MandalaProperties;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes the report on a focus at a date, in Markdown, HTML and PDF, with the same sections in
 * each: executive summary, threat table, alignment network, the autonomy score month by month
 * over the 24 months before the date, and the narratives with their sources.
 */
@Service
public class ReportService {
    /** Months of autonomy history in the chart. */
    static final int MONTHS = 24;
    /** Threats whose narratives the report gives in full; the table lists them all. */
    static final int NARRATED = 12;

    /** The files written. */
    public record Written(Path markdown, Path html, Path pdf, Path network, Path chart) {
        public List<Path> all() {
            return List.of(markdown, html, pdf, network, chart);
        }
    }

    /** One narrated conclusion with its sources. */
    record Narrative(String title, String confidence, String text, List<String> sources) {
    }

    private final AssessmentService assessments;
    private final ExplanationService explanations;
    private final Path defaultDir;

    ReportService(AssessmentService assessments, ExplanationService explanations, MandalaProperties properties) {
        this.assessments = assessments;
        this.explanations = explanations;
        this.defaultDir = properties.reports().dir();
    }

    public Path defaultDir() {
        return defaultDir;
    }

    /** Writes the report of a focus (the configured one when null) at a date into {@code dir}. */
    public Written write(String focus, LocalDate asOf, Path dir) {
        AssessmentKey key = assessments.currentKey(focus, asOf);
        Assessment a = assessments.assess(key);
        List<LocalDate> months = new ArrayList<>();
        for (int i = MONTHS; i >= 0; i--) {
            LocalDate d = key.asOf().minusMonths(i);
            months.add(i == 0 ? key.asOf() : d.withDayOfMonth(d.lengthOfMonth()));
        }
        List<Double> scores = new ArrayList<>();
        for (Assessment step : assessments.history(key.focus(), months)) {
            scores.add(step.autonomy() == null || step.autonomy().getScore() == null ? null
                    : Math.round(step.autonomy().getScore() * 10.0) / 10.0);
        }
        List<String> partners = a.partners();
        List<String> adversaries = a.adversaries();
        Set<String> axisMembers = new LinkedHashSet<>();
        a.axes().forEach(ax -> axisMembers.addAll(ax.getMembers()));
        List<Narrative> narratives = new ArrayList<>();
        if (a.autonomy() != null) {
            narratives.add(narrative(a, key, a.autonomy()));
        }
        a.threats().stream().limit(NARRATED).forEach(t -> narratives.add(narrative(a, key, t)));

        String base = "mandala-report-" + key.focus() + "-" + key.asOf();
        try {
            Files.createDirectories(dir);
            Path network = dir.resolve(base + "-network.png");
            Path chart = dir.resolve(base + "-autonomy.png");
            byte[] networkPng = Charts.network(key.focus(), a.alignments(), partners, adversaries, axisMembers);
            byte[] chartPng = Charts.autonomy(key.focus(), months, scores);
            Files.write(network, networkPng);
            Files.write(chart, chartPng);
            Content c = new Content(a, key, months, scores, partners, adversaries, narratives, network.getFileName().toString(),
                    chart.getFileName().toString());
            Path md = write(dir.resolve(base + ".md"), markdown(c));
            Path html = write(dir.resolve(base + ".html"), html(c));
            Path pdf = dir.resolve(base + ".pdf");
            try (OutputStream out = Files.newOutputStream(pdf)) {
                pdf(c, networkPng, chartPng, out);
            }
            return new Written(md, html, pdf, network, chart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Narrative narrative(Assessment a, AssessmentKey key, org.mandala.model.Conclusion c) {
        Explanation e = explanations.explain(a, key, c);
        List<String> sources = new ArrayList<>();
        for (Explanation.Because b : explanations.weightiest(a, key, c, 8)) {
            Explanation.IndicatorEntry i = b.indicator();
            sources.add(i.date() + ", " + i.type() + " " + i.actor() + "→" + i.target() + ", grade " + i.grade() + ", contribution "
                    + b.contribution() + ": " + (i.source() == null ? "no source given" : i.source()));
        }
        return new Narrative(c.describe(), e.confidence(), e.narrative(), sources);
    }

    private record Content(Assessment a, AssessmentKey key, List<LocalDate> months, List<Double> scores, List<String> partners,
                           List<String> adversaries, List<Narrative> narratives, String networkFile, String chartFile) {

        String title() {
            return "Strategic autonomy of " + key.focus() + " on " + key.asOf();
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            if (a.autonomy() != null && !a.autonomy().isSufficient()) {
                sb.append("The data says too little about ").append(key.focus()).append(" to assess the risk to its strategic autonomy (")
                        .append(a.coverage().getIndicators()).append(" indicators from ").append(a.coverage().getSources())
                        .append(" sources over ").append(a.coverage().getMonths()).append(" months): INSUFFICIENT_DATA. ");
            } else if (a.autonomy() != null) {
                sb.append("The risk to ").append(key.focus()).append("'s strategic autonomy is ").append(a.autonomy().getLevel())
                        .append(" (").append(fmt(a.autonomy().getScore())).append(" of 100), confidence ")
                        .append(a.confidence(a.autonomy()).confidence()).append(". ");
            }
            Double first = scores.get(0);
            Double last = scores.get(scores.size() - 1);
            if (first != null && last != null) {
                sb.append("Over the ").append(MONTHS).append(" months to ").append(key.asOf()).append(" the score went from ")
                        .append(fmt(first)).append(" to ").append(fmt(last)).append(". ");
            }
            sb.append(a.threats().size()).append(" threat").append(a.threats().size() == 1 ? "" : "s").append(" stand");
            if (!a.threats().isEmpty()) {
                sb.append("; the gravest: ");
                List<String> top = new ArrayList<>();
                for (Threat t : a.threats().subList(0, Math.min(3, a.threats().size()))) {
                    top.add(t.getLabel() + " " + String.join("–", t.getActors()) + " " + t.getLevel() + " (confidence "
                            + a.confidence(t).confidence() + ")");
                }
                sb.append(String.join("; ", top));
            }
            sb.append(". Partners: ").append(partners.isEmpty() ? "none" : String.join(", ", partners)).append(". Adversaries: ")
                    .append(adversaries.isEmpty() ? "none" : String.join(", ", adversaries)).append('.');
            return sb.toString();
        }

        List<List<String>> threatRows() {
            List<List<String>> rows = new ArrayList<>();
            for (Threat t : a.threats()) {
                rows.add(List.of(t.getLabel(), String.join(", ", t.getActors()), t.getLevel().name(), fmt(t.getScore()),
                        a.confidence(t).confidence().name(), t.getSummary()));
            }
            return rows;
        }

        String versions() {
            return "Data version " + key.dataVersion() + ", ruleset version " + key.rulesetVersion() + ". Axes: "
                    + (a.axes().isEmpty() ? "none" : String.join("; ", a.axes().stream().map(Axis::getMembers).map(m -> String.join("–", m)).toList()))
                    + ".";
        }
    }

    static final List<String> THREAT_COLUMNS = List.of("Kind", "Actors", "Level", "Score", "Confidence", "Summary");

    private static String markdown(Content c) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(c.title()).append("\n\n").append(c.versions()).append("\n\n");
        md.append("## Executive summary\n\n").append(c.summary()).append("\n\n");
        md.append("## Threats\n\n| ").append(String.join(" | ", THREAT_COLUMNS)).append(" |\n|");
        THREAT_COLUMNS.forEach(x -> md.append("---|"));
        md.append('\n');
        for (List<String> row : c.threatRows()) {
            md.append("| ").append(String.join(" | ", row.stream().map(v -> v.replace("|", "\\|")).toList())).append(" |\n");
        }
        md.append("\n## Alignment network\n\nStates as nodes, alignments as edges (wider and darker the stronger; axis edges red); ")
                .append("partners of ").append(c.key().focus()).append(" green, adversaries red.\n\n![Alignment network](")
                .append(c.networkFile()).append(")\n\n");
        md.append("## Autonomy risk, month by month\n\n![Autonomy risk by month](").append(c.chartFile()).append(")\n\n| month-end | score |\n|---|---:|\n");
        for (int i = 0; i < c.months().size(); i++) {
            md.append("| ").append(c.months().get(i)).append(" | ").append(c.scores().get(i) == null ? "–" : fmt(c.scores().get(i))).append(" |\n");
        }
        md.append("\n## Narratives\n");
        for (Narrative n : c.narratives()) {
            md.append("\n### ").append(n.title()).append("\n\nConfidence ").append(n.confidence()).append(".\n\n").append(n.text()).append("\n");
            if (!n.sources().isEmpty()) {
                md.append("\nSources:\n\n");
                n.sources().forEach(s -> md.append("- ").append(s).append('\n'));
            }
        }
        return md.toString();
    }

    private static String html(Content c) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(c.title())).append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top}"
                        + "img{max-width:100%}</style></head><body>\n");
        h.append("<h1>").append(esc(c.title())).append("</h1>\n<p>").append(esc(c.versions())).append("</p>\n");
        h.append("<h2>Executive summary</h2>\n<p>").append(esc(c.summary())).append("</p>\n");
        h.append("<h2>Threats</h2>\n<table><thead><tr>");
        THREAT_COLUMNS.forEach(x -> h.append("<th>").append(x).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        for (List<String> row : c.threatRows()) {
            h.append("<tr>");
            row.forEach(v -> h.append("<td>").append(esc(v)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n<h2>Alignment network</h2>\n<p>States as nodes, alignments as edges (wider and darker the stronger;"
                + " axis edges red); partners of ").append(esc(c.key().focus())).append(" green, adversaries red.</p>\n<img src=\"")
                .append(esc(c.networkFile())).append("\" alt=\"Alignment network\">\n");
        h.append("<h2>Autonomy risk, month by month</h2>\n<img src=\"").append(esc(c.chartFile())).append("\" alt=\"Autonomy risk by month\">\n");
        h.append("<h2>Narratives</h2>\n");
        for (Narrative n : c.narratives()) {
            h.append("<h3>").append(esc(n.title())).append("</h3>\n<p>Confidence ").append(esc(n.confidence())).append(".</p>\n<p>")
                    .append(esc(n.text())).append("</p>\n");
            if (!n.sources().isEmpty()) {
                h.append("<ul>");
                for (String s : n.sources()) {
                    h.append("<li>").append(linked(s)).append("</li>");
                }
                h.append("</ul>\n");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    /** A source line with its URL, if it ends in one, as a link. */
    private static String linked(String s) {
        int i = s.indexOf("http");
        if (i < 0) {
            return esc(s);
        }
        String url = s.substring(i);
        return esc(s.substring(0, i)) + "<a href=\"" + esc(url) + "\">" + esc(url) + "</a>";
    }

    private static void pdf(Content c, byte[] networkPng, byte[] chartPng, OutputStream out) throws IOException {
        Document doc = new Document(PageSize.A4, 40, 40, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle(c.title());
            doc.open();
            Font h1 = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
            Font h2 = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);
            Font h3 = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
            Font body = FontFactory.getFont(FontFactory.HELVETICA, 10);
            Font small = FontFactory.getFont(FontFactory.HELVETICA, 8);
            doc.add(new Paragraph(pdfText(c.title()), h1));
            doc.add(new Paragraph(pdfText(c.versions()), small));
            doc.add(heading("Executive summary", h2));
            doc.add(new Paragraph(pdfText(c.summary()), body));
            doc.add(heading("Threats", h2));
            PdfPTable table = new PdfPTable(new float[] {3.2f, 2f, 1.6f, 1.1f, 1.6f, 5f});
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            THREAT_COLUMNS.forEach(x -> table.addCell(new Paragraph(x, FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8))));
            for (List<String> row : c.threatRows()) {
                row.forEach(v -> table.addCell(new Paragraph(pdfText(v), small)));
            }
            table.setSpacingBefore(4);
            doc.add(table);
            doc.add(heading("Alignment network", h2));
            doc.add(image(networkPng, 380));
            doc.add(heading("Autonomy risk, month by month", h2));
            doc.add(image(chartPng, 500));
            doc.newPage();
            doc.add(heading("Narratives", h2));
            for (Narrative n : c.narratives()) {
                doc.add(heading(n.title(), h3));
                doc.add(new Paragraph("Confidence " + n.confidence() + ".", small));
                doc.add(new Paragraph(pdfText(n.text()), body));
                for (String s : n.sources()) {
                    doc.add(new Paragraph(new Chunk("- " + pdfText(s), small)));
                }
            }
        } catch (DocumentException e) {
            throw new IOException("the PDF could not be written: " + e.getMessage(), e);
        } finally {
            doc.close();
        }
    }

    private static Paragraph heading(String text, Font font) {
        Paragraph p = new Paragraph(pdfText(text), font);
        p.setSpacingBefore(10);
        p.setSpacingAfter(4);
        return p;
    }

    private static Image image(byte[] png, float width) throws IOException {
        Image image = Image.getInstance(png);
        image.scaleToFit(width, width);
        image.setBorderColor(Color.WHITE);
        return image;
    }

    /** The standard PDF fonts lack a few characters the narratives use. */
    private static String pdfText(String s) {
        return s.replace("→", "->").replace("≥", ">=").replace("×", "x").replace("’", "'");
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
