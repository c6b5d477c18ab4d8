package org.mandala.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import com.opencsv.CSVReader;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Decision tables as spreadsheets: compiled like CSV ones, problems named by sheet, row and column, code in cells sandboxed. */
class SpreadsheetTablesTests {
    static final SortedMap<String, byte[]> SHIPPED = RulesetCompiler.readDirectory(Path.of("rules"));

    /** The shipped parameters table as an .xlsx with one sheet named Parameters, after a text replacement. */
    static SortedMap<String, byte[]> withParametersAsXlsx(String from, String to) throws Exception {
        String csv = new String(SHIPPED.get("parameters.drl.csv"), StandardCharsets.UTF_8).replace(from, to);
        List<String[]> rows;
        try (CSVReader reader = new CSVReader(new StringReader(csv))) {
            rows = reader.readAll();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("Parameters");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).length; c++) {
                    if (!rows.get(r)[c].isEmpty()) {
                        row.createCell(c).setCellValue(rows.get(r)[c]);
                    }
                }
            }
            wb.write(out);
        }
        SortedMap<String, byte[]> files = new TreeMap<>(SHIPPED);
        files.remove("parameters.drl.csv");
        files.put("parameters.drl.xlsx", out.toByteArray());
        return files;
    }

    @Test
    void aSpreadsheetTableCompilesLikeItsCsv() throws Exception {
        Ruleset r = RulesetCompiler.compile(withParametersAsXlsx("", ""));
        assertThat(r.configuration().param("ADVERSARY_HOSTILITY")).isEqualTo(30.0);
    }

    @Test
    void aBadCellOfASpreadsheetIsNamedBySheetRowAndColumn() throws Exception {
        var files = withParametersAsXlsx("Parameter MIN_WEIGHT,MIN_WEIGHT,1.0,", "Parameter MIN_WEIGHT,MIN_WEIGHT,one,");
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("parameters.drl.xlsx");
                    assertThat(p.cell()).startsWith("sheet Parameters, row ").endsWith("column C (Value)");
                }));
    }

    @Test
    void codeInASpreadsheetCellIsSandboxed() throws Exception {
        var files = withParametersAsXlsx("Parameter MIN_WEIGHT,MIN_WEIGHT,1.0,", "Parameter MIN_WEIGHT,MIN_WEIGHT,System.nanoTime(),");
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.cell()).startsWith("sheet Parameters, row ").endsWith("column C");
                    assertThat(p.message()).contains("System");
                }));
    }
}
