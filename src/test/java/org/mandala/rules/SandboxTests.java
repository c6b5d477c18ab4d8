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
        "java.util.concurrent.Executors.newSingleThreadExecutor();",
        "new java. io. FileWriter(\"/tmp/mandala-sandbox\").close();",
        "new java.\n        io.FileWriter(\"/tmp/mandala-sandbox\").close();",
        "Object rt = new java. beans. Expression(Focus.class.getClassLoader().loadClass(\"java.lang.Runtime\"), \"getRuntime\", new Object[0]).getValue();",
        "Object in = Focus.class.getResourceAsStream(\"/application.properties\");"})
    void codeThatReachesOutsideTheFactModelIsRefusedNamingItsLine(String consequence) {
        assertThatThrownBy(() -> RulesetCompiler.compile(with("outside.drl", rule(consequence))))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("outside.drl");
                    assertThat(p.line()).isEqualTo(9);
                    assertThat(p.message()).contains("not allowed");
                }));
        assertThat(Path.of("/tmp/mandala-sandbox")).as("nothing ran").doesNotExist();
    }

    @Test
    void aFunctionIsCheckedLikeAConsequence() {
        String drl = "package mandala.rules;\nimport org.mandala.model.*;\n\nfunction void leak() {\n    new java. io. FileWriter(\"/tmp/mandala-sandbox\");\n}\n";
        assertThatThrownBy(() -> RulesetCompiler.compile(with("leak.drl", drl))).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.line()).isEqualTo(5)));
    }

    @Test
    void compiledRuleCodeIsCheckedClassByClassBeforeAnyOfItRuns() {
        // "format" is a member name rules may use (LocalDate.format), String.format is not among the members rule code may call
        String drl = rule("String s = String.format( \"%d\", 1 );");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("format.drl", drl))).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("java.lang.String.format", "compiled rule code")));
    }

    @Test
    void theMvelDialectIsRefused() {
        String drl = rule("insert( new Pair( $f, $f ) );").replace("@description(\"test\")", "@description(\"test\")\n    dialect \"mvel\"");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("mvel.drl", drl))).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("java dialect")));
    }

    @Test
    void codeInATableColumnTypedByItsFirstLetterIsStillChecked() {
        // Drools reads a column typed "A" as an ACTION: the DRL it generates is checked, not only the cells
        String table = new String(SHIPPED.get("parameters.drl.csv"), StandardCharsets.UTF_8)
                .replace("NAME,ACTION,ACTION,DESCRIPTION,", "NAME,A,A,DESCRIPTION,")
                .replace("Parameter MIN_WEIGHT,MIN_WEIGHT,1.0,", "Parameter MIN_WEIGHT,MIN_WEIGHT,Runtime.getRuntime().availableProcessors(),");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("parameters.drl.csv", table)))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("parameters.drl.csv");
                    assertThat(p.message()).contains("Runtime");
                    assertThat(p.cell()).contains("row ");
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
                    assertThat(p.cell()).isEqualTo("sheet 1, row 26, column D (Weight (points))");
                    assertThat(p.message()).contains("eight");
                }));
    }

    @Test
    void aLevelThatIsNoneIsReportedOnceAtItsRowNotAsEverythingAfterIt() {
        String table = new String(SHIPPED.get("warnings.drl.csv"), StandardCharsets.UTF_8).replace(
                "Tripwire THREAT_RISE,THREAT_RISE,Threat up a level,LOW,", "Tripwire THREAT_RISE,THREAT_RISE,Threat up a level,BOGUS,");
        assertThatThrownBy(() -> RulesetCompiler.compile(with("warnings.drl.csv", table)))
                .isInstanceOfSatisfying(RulesetException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("warnings.drl.csv");
                    assertThat(p.line()).isEqualTo(15);
                    assertThat(p.message()).contains("\"BOGUS\" is not a level");
                }));
    }
}
