package org.mandala.rules;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

/**
 * Points a problem that Drools reports against the DRL it generated from a CSV decision table
 * back to the cell it came from: the row of the rule it names, and the column whose value the
 * message quotes.
 */
final class TableCells {
    private static final Pattern RULE_NAME = Pattern.compile("Rule name='([^']*)'");

    private TableCells() {
    }

    static RuleProblem locate(RuleProblem p, byte[] table) {
        if (table == null || !p.file().toLowerCase(java.util.Locale.ROOT).endsWith(".drl.csv")) {
            return p;
        }
        List<String[]> rows;
        try (CSVReader csv = new CSVReader(new StringReader(new String(table, StandardCharsets.UTF_8)))) {
            rows = csv.readAll();
        } catch (IOException | CsvException e) {
            return p;
        }
        Matcher m = RULE_NAME.matcher(p.message());
        String ruleName = m.find() ? m.group(1) : generatedRuleAt(table, p.line());
        String[] header = null;
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length > 0 && row[0].strip().equals("Rule")) {
                header = row;
            }
            if (ruleName != null && row.length > 0 && row[0].strip().equals(ruleName)) {
                String message = p.message().replaceAll("\\s*\\[Rule name='[^']*'\\]\\s*", " ").strip();
                int column = quotedColumn(row, message);
                String cell = "sheet 1, row " + (r + 1) + (column < 0 ? "" : ", column " + letter(column)
                        + (header != null && column < header.length && !header[column].isBlank() ? " (" + header[column].strip() + ")" : ""));
                return new RuleProblem(p.file(), 0, message + " (rule \"" + ruleName + "\")", cell);
            }
        }
        return p;
    }

    /** The rule of the DRL that Drools generates from the table, at that line of it; null when unknown. */
    private static String generatedRuleAt(byte[] table, int line) {
        if (line <= 0) {
            return null;
        }
        try {
            String drl = new org.drools.decisiontable.SpreadsheetCompiler().compile(new java.io.ByteArrayInputStream(table),
                    org.drools.decisiontable.InputType.CSV);
            String[] lines = drl.split("\n", -1);
            for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
                Matcher rule = Pattern.compile("^\\s*rule\\s+\"(.*)\"").matcher(lines[i]);
                if (rule.find()) {
                    return rule.group(1);
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The column, other than the rule name, whose value the message quotes; -1 when none does. */
    private static int quotedColumn(String[] row, String message) {
        List<Integer> hits = new ArrayList<>();
        for (int c = 1; c < row.length; c++) {
            String v = row[c].strip();
            if (!v.isEmpty() && Pattern.compile("(^|\\W)" + Pattern.quote(v) + "(\\W|$)").matcher(message).find()) {
                hits.add(c);
            }
        }
        return hits.isEmpty() ? -1 : hits.get(hits.size() - 1);
    }

    static String letter(int column) {
        StringBuilder sb = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            sb.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return sb.toString();
    }
}
