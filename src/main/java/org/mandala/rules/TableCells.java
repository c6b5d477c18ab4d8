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
    private static final Pattern GENERATED_RULE = Pattern.compile("^\\s*rule\\s+\"(.*)\"");

    private TableCells() {
    }

    static RuleProblem locate(RuleProblem p, byte[] table) {
        if (table == null || !isTable(p.file())) {
            return p;
        }
        Matcher m = RULE_NAME.matcher(p.message());
        String ruleName = m.find() ? m.group(1) : ruleAt(generatedDrl(p.file(), table), p.line());
        return locate(p, rowsBySheet(p.file(), table), ruleName);
    }

    private static boolean isTable(String file) {
        String name = file.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".drl.csv") || name.endsWith(".drl.xls") || name.endsWith(".drl.xlsx");
    }

    /** The table's cells by sheet: a CSV is one sheet, named 1; empty when it cannot be read. */
    private static java.util.Map<String, List<String[]>> rowsBySheet(String file, byte[] table) {
        if (!file.toLowerCase(java.util.Locale.ROOT).endsWith(".drl.csv")) {
            return sheets(table);
        }
        try (CSVReader csv = new CSVReader(new StringReader(new String(table, StandardCharsets.UTF_8)))) {
            return java.util.Map.of("1", csv.readAll());
        } catch (IOException | CsvException e) {
            return java.util.Map.of();
        }
    }

    private static RuleProblem locate(RuleProblem p, java.util.Map<String, List<String[]>> sheets, String ruleName) {
        for (var sheet : sheets.entrySet()) {
            RuleProblem located = locate(p, sheet.getKey(), sheet.getValue(), ruleName);
            if (located != p) {
                return located;
            }
        }
        return p;
    }

    /**
     * The sandbox's check of the DRL that Drools generates from a decision table: what Drools will
     * compile, whatever the cells' layout, escaping or formulas. Problems point to the row of their rule.
     */
    static List<RuleProblem> checkGenerated(String file, byte[] table) {
        String drl = generatedDrl(file, table);
        if (drl == null) {
            return List.of(); // a table that cannot be read is reported when it is compiled
        }
        List<RuleProblem> problems = Sandbox.check(file, drl, null);
        if (problems.isEmpty()) {
            return problems;
        }
        java.util.Map<String, List<String[]>> sheets = rowsBySheet(file, table);
        List<RuleProblem> located = new ArrayList<>();
        for (RuleProblem p : problems) {
            RuleProblem cell = locate(p, sheets, ruleAt(drl, p.line()));
            located.add(cell != p ? cell : new RuleProblem(file, 0, p.message() + " (in the table's settings or code templates)",
                    "generated DRL line " + p.line()));
        }
        return located;
    }

    /** The cells of every sheet of a spreadsheet, as text the way the sheet shows them; empty when it cannot be read. */
    static java.util.Map<String, List<String[]>> sheets(byte[] spreadsheet) {
        java.util.Map<String, List<String[]>> sheets = new java.util.LinkedHashMap<>();
        try (org.apache.poi.ss.usermodel.Workbook wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(
                new java.io.ByteArrayInputStream(spreadsheet))) {
            org.apache.poi.ss.usermodel.DataFormatter format = new org.apache.poi.ss.usermodel.DataFormatter();
            for (org.apache.poi.ss.usermodel.Sheet sheet : wb) {
                List<String[]> rows = new ArrayList<>();
                for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                    org.apache.poi.ss.usermodel.Row row = sheet.getRow(r);
                    if (row == null || row.getLastCellNum() < 0) {
                        rows.add(new String[0]);
                        continue;
                    }
                    String[] cells = new String[row.getLastCellNum()];
                    for (int c = 0; c < cells.length; c++) {
                        org.apache.poi.ss.usermodel.Cell cell = row.getCell(c);
                        cells[c] = cell == null ? "" : format.formatCellValue(cell);
                    }
                    rows.add(cells);
                }
                sheets.put(sheet.getSheetName(), rows);
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Map.of();
        }
        return sheets;
    }

    private static RuleProblem locate(RuleProblem p, String sheet, List<String[]> rows, String ruleName) {
        String[] header = null;
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length > 0 && row[0].strip().equals("Rule")) {
                header = row;
            }
            if (ruleName != null && java.util.Arrays.stream(row).anyMatch(v -> v != null && v.strip().equals(ruleName))) {
                String message = p.message().replaceAll("\\s*\\[Rule name='[^']*'\\]\\s*", " ").strip();
                int column = quotedColumn(row, message);
                String cell = "sheet " + sheet + ", row " + (r + 1) + (column < 0 ? "" : ", column " + letter(column)
                        + (header != null && column < header.length && !header[column].isBlank() ? " (" + header[column].strip() + ")" : ""));
                return new RuleProblem(p.file(), 0, message + " (rule \"" + ruleName + "\")", cell);
            }
        }
        return p;
    }

    /** The DRL Drools generates from a decision table, or null when the table cannot be read. */
    private static String generatedDrl(String file, byte[] table) {
        org.drools.decisiontable.InputType type = file.toLowerCase(java.util.Locale.ROOT).endsWith(".drl.csv")
                ? org.drools.decisiontable.InputType.CSV : org.drools.decisiontable.InputType.XLS;
        try {
            return new org.drools.decisiontable.SpreadsheetCompiler().compile(new java.io.ByteArrayInputStream(table), type);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The rule of generated DRL at that line of it; null when unknown. */
    private static String ruleAt(String drl, int line) {
        if (drl == null || line <= 0) {
            return null;
        }
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher rule = GENERATED_RULE.matcher(lines[i]);
            if (rule.find()) {
                return rule.group(1);
            }
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
