package org.mandala.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mandala.model.Polarity;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Consistency of the files under {@code rules/}: they compile, every rule is named once and tested. */
class RulesFilesTests {
    private static final Path RULES = Path.of("rules");
    private static final Pattern RULE_NAME = Pattern.compile("^rule\\s+\"([^\"]+)\"", Pattern.MULTILINE);

    private static List<String> drlRuleNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                Matcher m = RULE_NAME.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    @Test
    void everyFileInRulesCompilesIntoAUsableRuleset() {
        Ruleset ruleset = RulesetCompiler.compile(RulesetCompiler.readDirectory(RULES));
        assertThat(ruleset.version()).hasSize(12);
        assertThat(ruleset.files()).containsKeys("alignment.drl", "catalogue.drl.csv", "levels.drl.csv");
        assertThat(ruleset.rules().values()).allSatisfy(r -> assertThat(r.file()).startsWith("rules/"));
    }

    @Test
    void ruleNamesAreUniqueSentences() throws IOException {
        List<String> names = drlRuleNames();
        assertThat(names).doesNotHaveDuplicates().hasSizeGreaterThan(10);
        assertThat(names).allSatisfy(n -> assertThat(n).matches("[A-Z].* .* .*"));
    }

    @Test
    void everyRuleHasATestNamedLikeIt() throws IOException {
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                tests.append(Files.readString(f));
            }
        }
        String all = tests.toString();
        for (String name : drlRuleNames()) {
            String method = methodName(name);
            assertThat(all).as("a test method %s for rule \"%s\"", method, name).contains("void " + method + "(");
            assertThat(all).as("a test asserting rule \"%s\" drew its conclusion", name).contains("\"" + name + "\"");
        }
    }

    /** "A partner of the focus is ..." becomes {@code aPartnerOfTheFocusIs...}. */
    static String methodName(String ruleName) {
        String[] words = ruleName.replaceAll("[^A-Za-z0-9 ]", " ").trim().split("\\s+");
        StringBuilder sb = new StringBuilder(words[0].toLowerCase());
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString();
    }

    @Test
    void theCatalogueDefinesEveryTypeOfTheContractWithItsPolarity() {
        var cfg = RulesetCompiler.compile(RulesetCompiler.readDirectory(RULES)).configuration();
        List<String> cooperative = List.of("SUMMIT_MEETING", "MINISTERIAL_VISIT", "STRATEGIC_PARTNERSHIP", "ALLIANCE_TREATY",
                "DEFENCE_AGREEMENT", "ARMS_TRANSFER", "MILITARY_EXERCISE", "FUEL_SHIPMENT", "ECONOMIC_AGREEMENT",
                "SPACE_COOPERATION", "TECHNOLOGY_TRANSFER", "DIPLOMATIC_SUPPORT", "BLOC_ACCESSION");
        List<String> hostile = List.of("SANCTION", "DIPLOMATIC_PROTEST", "TERRITORIAL_DISPUTE", "MILITARY_THREAT", "BORDER_CLASH",
                "ARMED_CONFLICT");
        cooperative.forEach(t -> assertThat(cfg.profile(t).polarity()).as(t).isEqualTo(Polarity.COOPERATIVE));
        hostile.forEach(t -> assertThat(cfg.profile(t).polarity()).as(t).isEqualTo(Polarity.HOSTILE));
        List.of("STRATEGIC_PARTNERSHIP", "ALLIANCE_TREATY", "DEFENCE_AGREEMENT", "BLOC_ACCESSION", "SANCTION", "TERRITORIAL_DISPUTE")
                .forEach(t -> assertThat(cfg.profile(t).durable()).as(t + " is durable").isTrue());
        assertThat(cfg.gradeFactor("A1")).isEqualTo(1.0);
        assertThat(cfg.gradeFactor("F6")).isLessThan(cfg.gradeFactor("B2"));
    }

    /**
     * What the classic engine warns while it builds a KieBase from the files: a constraint that
     * tests another pattern's fact instead of its own properties makes its pattern re-match on
     * every change of any fact of its class ("class reactivity").
     */
    private static List<String> classReactivityWarnings(SortedMap<String, byte[]> files) {
        Logger logger = (Logger) LoggerFactory.getLogger("org.drools.mvel.MVELConstraint");
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.WARN);
        try {
            RulesetCompiler.compile(files);
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
        return events.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("class reactivity")).toList();
    }

    @Test
    void theShippedRulesCompileWithoutClassReactivityWarnings() {
        assertThat(classReactivityWarnings(RulesetCompiler.readDirectory(RULES))).isEmpty();
    }

    @Test
    void aConstraintOnAnotherPatternsFactIsWarnedAboutAsClassReactivity() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        files.put("reactive.drl", """
                package mandala.rules;
                import org.mandala.model.*;

                rule "Evidence involving the focus is noted"
                    @description("tests the evidence through a method given another pattern's binding")
                when
                    Focus( $f : state )
                    $e : Evidence( involves( $f ) )
                then
                end
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(classReactivityWarnings(files)).singleElement().asString().contains("involves( $f )");
    }

    @Test
    void aBrokenDrlIsReportedWithItsFileAndLine() throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        files.put("broken.drl", """
                package mandala.rules;
                import org.mandala.model.*;

                rule "A rule with a typo"
                    @description("broken on purpose")
                when
                    Pair( a == )
                then
                end
                """.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("broken.drl");
                    assertThat(p.line()).isEqualTo(7);
                }));
    }

    @Test
    void aWordingWithAnUnknownPlaceholderIsReportedNamingIt() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        String alignment = new String(files.get("alignment.drl"), StandardCharsets.UTF_8);
        files.put("alignment.drl", alignment.replace("{a} and {b} are aligned", "{a} and {partner} are aligned")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("alignment.drl");
                    assertThat(p.message()).contains("[partner]");
                }));
    }

    @Test
    void aNarrativeFollowsTheWordingKeptWithItsRule() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        Ruleset ruleset = RulesetCompiler.compile(files);
        RuleInfo info = ruleset.rule("Alignment of two states is their cooperative minus their hostile evidence");
        assertThat(info.wording()).startsWith("{a} and {b} are aligned {level}");
        assertThat(Wording.render(info.wording(), java.util.Map.of("a", "PRK", "b", "RUS", "level", "STRONG", "score", "61.4",
                "confidence", "HIGH")))
                .startsWith("PRK and RUS are aligned STRONG (61.4 points)").endsWith("Confidence HIGH.");
    }

    @Test
    void aDecisionTableUnderAnotherNameIsReportedInsteadOfIgnored() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        files.put("extra-levels.csv", "RuleSet,mandala.configuration\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo("extra-levels.csv");
                    assertThat(p.message()).contains("*.drl.csv");
                }));
    }

    @Test
    void aRulesetWithoutThresholdsIsRefusedNamingWhatIsMissing() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        files.remove("levels.drl.csv");
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).extracting(RuleProblem::message).contains("no threshold for alignment level STRONG"));
    }

    @Test
    void aRulesetWithoutALevelSettingTheRulesReadIsRefusedNamingIt() {
        SortedMap<String, byte[]> files = new TreeMap<>(RulesetCompiler.readDirectory(RULES));
        String levels = new String(files.get("levels.drl.csv"), StandardCharsets.UTF_8);
        files.put("levels.drl.csv", levels.lines().filter(l -> !l.startsWith("Setting CONVERGENCE_FLOOR,"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RulesetCompiler.compile(files)).isInstanceOfSatisfying(RulesetException.class,
                e -> assertThat(e.problems()).extracting(RuleProblem::message).containsExactly("no risk setting CONVERGENCE_FLOOR"));
    }

    @Test
    void theVersionDependsOnTheContentOnly() {
        SortedMap<String, byte[]> files = RulesetCompiler.readDirectory(RULES);
        String v1 = RulesetCompiler.compile(files).version();
        assertThat(RulesetCompiler.compile(new TreeMap<>(files)).version()).isEqualTo(v1);
        SortedMap<String, byte[]> changed = new TreeMap<>(files);
        changed.put("levels.drl.csv", new String(files.get("levels.drl.csv"), StandardCharsets.UTF_8)
                .replace("Risk SEVERE from 80,SEVERE,80", "Risk SEVERE from 85,SEVERE,85").getBytes(StandardCharsets.UTF_8));
        assertThat(RulesetCompiler.compile(changed).version()).isNotEqualTo(v1);
    }
}
