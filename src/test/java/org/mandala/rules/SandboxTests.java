package org.mandala.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Rules may use only the fact model and java.lang, java.util and java.time; anything else is refused naming its line. */
class SandboxTests {
    static final SortedMap<String, byte[]> SHIPPED = RulesetCompiler.readDirectory(Path.of("rules"));

    static SortedMap<String, byte[]> with(String file, String content) {
        SortedMap<String, byte[]> files = new TreeMap<>(SHIPPED);
        files.put(file, content.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static String rule(String consequence) {
        return "package mandala.rules;\nimport org.mandala.model.*;\n\nrule \"Reaching out\"\n    @description(\"test\")\nwhen\n"
                + "    Focus( $f : state )\nthen\n    " + consequence + "\nend\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Runtime.getRuntime().exec(\"id\");",
        "new ProcessBuilder(\"id\").start();",
        "System.exit(1);",
        "new Thread(() -> {}).start();",
        "Class.forName(\"java.lang.Runtime\");",
        "$f.getClass().getDeclaredMethods();",
        "java.nio.file.Files.delete(null);",
        "new java.io.File(\"/tmp/x\").delete();",
        "new java.net.Socket(\"example.org\", 80);",
        "java.util.concurrent.Executors.newSingleThreadExecutor();"})
    void codeThatReachesOutsideTheFactModelIsRefusedNamingItsLine(String consequence) {
        assertThatThrownBy(() -> RulesetCompiler.compile(with("outside.drl", rule(consequence))))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("outside.drl");
                    assertThat(p.line()).isEqualTo(9);
                    assertThat(p.message()).contains("not allowed");
                }));
    }

    @Test
    void anImportOutsideTheAllowListIsRefused() {
        String drl = rule("insert( new Pair( $f, $f ) );").replace("import org.mandala.model.*;", "import org.mandala.model.*;\nimport java.io.File;");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("outside.drl", drl)))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("java.io.File");
                }));
    }

    @Test
    void descriptionsAndCommentsMayMentionAnything() {
        String drl = rule("java.util.List<String> names = new java.util.ArrayList<>(); names.add( $f ); // not System.exit")
                .replace("@description(\"test\")", "@description(\"Mentions Runtime and System in text only\")");
        assertThat(RulesetCompiler.compile(with("harmless.drl", drl)).rules()).containsKey("Reaching out");
    }

    @Test
    void codePastedIntoADecisionTableCellIsRefusedNamingTheCell() {
        String table = new String(SHIPPED.get("parameters.drl.csv"), StandardCharsets.UTF_8)
                .replace("Parameter MIN_WEIGHT,MIN_WEIGHT,1.0,", "Parameter MIN_WEIGHT,MIN_WEIGHT,Runtime.getRuntime().availableProcessors(),");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("parameters.drl.csv", table)))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("parameters.drl.csv");
                    assertThat(p.cell()).startsWith("sheet 1, row ").endsWith("column C");
                    assertThat(p.message()).contains("Runtime");
                }));
    }

    @Test
    void aSpreadsheetThatUnpacksToFarMoreThanItsSizeIsRefusedAsAZipBomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 60; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        SortedMap<String, byte[]> files = new TreeMap<>(SHIPPED);
        files.put("bomb.drl.xlsx", bytes.toByteArray());
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("bomb.drl.xlsx");
                    assertThat(p.message()).contains("zip bomb");
                }));
    }

    @Test
    void aBadDecisionTableCellIsReportedByItsRowAndColumn() {
        String table = new String(SHIPPED.get("catalogue.drl.csv"), StandardCharsets.UTF_8).replace(
                "Catalogue defines MINISTERIAL_VISIT,MINISTERIAL_VISIT,COOPERATIVE,8,", "Catalogue defines MINISTERIAL_VISIT,MINISTERIAL_VISIT,COOPERATIVE,eight,");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("catalogue.drl.csv", table)))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.cell()).isEqualTo("sheet 1, row 13, column D (Weight (points))");
                    assertThat(p.message()).contains("eight");
                }));
    }
}
