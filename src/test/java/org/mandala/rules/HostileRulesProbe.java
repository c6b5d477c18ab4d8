package org.mandala.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorSnapshot;

/**
 * Hostile rule files, as a malicious or careless policy analyst would write them. Each probe asserts
 * what SHOULD happen: refused at compile time, or stopped within about twice the session's bound,
 * never a side effect. Side effects attempted are harmless (a file under /tmp/mandala-probe-*,
 * reading /etc/hostname, removing a rule from the probe's own KieBase) and every loop is finite.
 */
@Timeout(120)
class HostileRulesProbe {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final SessionBounds SHORT = new SessionBounds(100_000, Duration.ofSeconds(2), 1L << 30, 1_000_000);
    static final LocalDate AS_OF = LocalDate.of(2023, 9, 30);
    static final String HEAD = "package mandala.rules;\nimport org.mandala.model.*;\nimport java.util.*;\nglobal Configuration cfg;\n\n";

    static String rule(String name, String attributes, String when, String then) {
        return "rule \"" + name + "\"\n    @description(\"probe\")\n" + attributes + "when\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    static Ruleset compile(String drl) {
        return RulesetCompiler.compile(SandboxTests.with("hostile.drl", drl));
    }

    static Object assess(Ruleset r, SessionBounds bounds) {
        return AssessmentEngine.assess(r, IndicatorSnapshot.of(List.of()), 1, "IND", AS_OF, CODES, bounds, null);
    }

    static void report(String probe, Object outcome) {
        System.out.println("PROBE " + probe + " => " + String.valueOf(outcome).replace('\n', ' '));
    }

    static void refused(String probe, String drl) {
        Throwable t = null;
        try {
            compile(drl);
        } catch (Throwable e) {
            t = e;
        }
        report(probe, t == null ? "COMPILED (not refused)" : t.getClass().getSimpleName() + ": " + t.getMessage());
        assertThat(t).as(probe + " should be refused at compile time").isInstanceOf(RulesetException.class);
    }

    // ---------------------------------------------------------------- compile-time refusals (java dialect consequences)

    @ParameterizedTest
    @ValueSource(strings = {
        "Object c = $f.\\u0067etClass(); insert( List.of( c ) );",                       // unicode escape hides getClass
        "\\u0052untime.getRuntime().availableProcessors();",                               // unicode escape hides Runtime
        "String s = \"\\u0022 + Runtime.getRuntime().availableProcessors() + \\u0022\";", // \u0022 ends the string for javac
        "Object o = drools . /* x */ getKieRuntime();",
        "Object o = kcontext.getKieRuntime();",
        "Object o = kcontext . getKieRuntime ( );",
        "Map m = new HashMap( 1 << 30 );",
        "StringBuilder b = new StringBuilder( Integer.MAX_VALUE );",
        "String s = \"x\".intern();",
        "java.util.function.Function<String, String> f = String::intern; f.apply(\"x\");",
        "java.util.function.Function<Object, Object> f = Object::getClass; insert( f.apply( $f ) );",
        "try { synchronized (cfg) { cfg.wait( 1 ); } } catch (InterruptedException e) { }",
        "Collections.nCopies( 3, \"x\" );"})
    void javaConsequencesOffTheAllowListAreRefused(String consequence) {
        refused("consequence `" + consequence + "`", HEAD + rule("Probe", "", "Focus( $f : state )", consequence));
    }


    @ParameterizedTest
    @ValueSource(strings = {
        "Object o = new Object() { protected void finalize() { for (long i = 0; i < 10; i++) { } } };",
        "Object wm = drools.getWorkingMemory(); insert( List.of( wm ) );"})
    void holesInTheJavaAllowList(String consequence) {
        javaConsequencesOffTheAllowListAreRefused(consequence);
    }

    // ---------------------------------------------------------------- the dialect check


    @ParameterizedTest
    @ValueSource(strings = {"dialect /* java */ \"mvel\"", "dialect // java\n    \"mvel\"", "dialect/**/'mvel'"})
    void mvelDialectBehindACommentIsRefused(String dialect) {
        String ruleLevel = HEAD + rule("Interpreted", "    " + dialect + "\n", "Focus()", "int i = 0;");
        refused("rule-level `" + dialect + "`", ruleLevel);
        String packageLevel = HEAD.replace("global Configuration cfg;", "global Configuration cfg;\n" + dialect + "\n")
                + rule("Interpreted", "", "Focus()", "int i = 0;");
        refused("package-level `" + dialect + "`", packageLevel);
    }


    @Test
    void anMvelConsequenceCannotHangTheThread() {
        // if the dialect check is passed, MVEL interprets the consequence: no tick, no budget
        String drl = HEAD + rule("Spins interpreted", "    dialect /**/ \"mvel\"\n", "Focus()",
                "long i = 0; while (i < 20000000) { i = i + 1; }");
        Ruleset r;
        try {
            r = compile(drl);
        } catch (RulesetException e) {
            report("MVEL loop via commented dialect", "refused: " + e.getMessage());
            return;
        }
        long start = System.nanoTime();
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        report("MVEL loop via commented dialect", "compiled; ran " + took.toMillis() + " ms, then " + t);
        assertThat(took).as("stopped within 2x the 2 s bound").isLessThan(Duration.ofSeconds(4));
    }

    // ---------------------------------------------------------------- MVEL (constraints and from) side effects


    @Test
    void mvelFromCannotCreateAFile() throws Exception {
        Path target = Path.of("/tmp/mandala-probe-formatter-" + ProcessHandle.current().pid());
        Files.deleteIfExists(target);
        // no fact pattern: this rule fires while the ruleset is compiled (the configuration session)
        String drl = HEAD + rule("Writes a file", "", "$w : Object() from new java.util.Formatter( \"" + target + "\" )", "");
        Throwable t = null;
        try {
            compile(drl);
        } catch (Throwable e) {
            t = e;
        }
        report("from new java.util.Formatter(path)", (t == null ? "compiled" : "refused: " + t.getMessage())
                + "; file created: " + Files.exists(target));
        boolean created = Files.deleteIfExists(target);
        assertThat(created).as("no file created").isFalse();
        assertThat(t).isInstanceOf(RulesetException.class);
    }


    @Test
    void mvelFromCannotWriteIntoAFile() throws Exception {
        Path target = Path.of("/tmp/mandala-probe-written-" + ProcessHandle.current().pid());
        Files.deleteIfExists(target);
        // a name after a dot that follows a digit ($w1.format) is not checked
        String drl = HEAD + rule("Writes into a file", "",
                "$w1 : Formatter() from new java.util.Formatter( \"" + target + "\" )\n"
                        + "    $x2 : Object() from $w1.format( \"%s\", \"written by a rule\" )\n"
                        + "    $x3 : Object() from $w1.format( \"%9000s\", \"\" )", ""); // over BufferedWriter's 8192 chars: flushed
        Throwable t = null;
        try {
            compile(drl);
        } catch (Throwable e) {
            t = e;
        }
        String content = Files.exists(target) ? Files.readString(target) : null;
        report("from Formatter.format via digit-suffixed binding", (t == null ? "compiled" : "refused: " + t.getMessage())
                + "; file content: " + (content == null ? null : content.length() + " chars starting \"" + content.substring(0, Math.min(20, content.length())) + "\""));
        Files.deleteIfExists(target);
        assertThat(content).as("nothing written").isNull();
        assertThat(t).isInstanceOf(RulesetException.class);
    }

    @Test
    void mvelInATableConditionCellCannotCreateAFile() throws Exception {
        Path target = Path.of("/tmp/mandala-probe-table-" + ProcessHandle.current().pid());
        Files.deleteIfExists(target);
        String table = "RuleSet,mandala.configuration\nImport,org.mandala.model.Focus\n,\nRuleTable Probe,,\nNAME,CONDITION\n"
                + ",$f : Focus\n,state != $param\nRule,State\n"
                + "Probe 1,\"new java.util.Formatter(\"\"" + target + "\"\").toString()\"\n";
        Throwable t = null;
        try {
            Ruleset r = RulesetCompiler.compile(SandboxTests.with("probe.drl.csv", table));
            try {
                assess(r, SHORT);
            } catch (Throwable e) {
                t = e;
            }
            report("table CONDITION cell new java.util.Formatter(path)", "compiled; ran: " + t + "; file created: " + Files.exists(target));
        } catch (RulesetException e) {
            t = e;
            report("table CONDITION cell new java.util.Formatter(path)", "refused: " + e.getMessage() + "; file created: " + Files.exists(target));
        }
        boolean created = Files.deleteIfExists(target);
        assertThat(created).as("no file created").isFalse();
    }

    @Test
    void mvelFromCannotReadAFile() throws Exception {
        String hostname = Files.readString(Path.of("/etc/hostname")).strip();
        // each from expression is one step; a digit before the dot hides the member name from the source check
        String when = "$m1 : AlignmentLevel( $c2 : declaringClass ) from AlignmentLevel.MODERATE\n"
                + "    $p3 : Object() from $c2.protectionDomain.codeSource.location.toURI().resolve( \"/etc/hostname\" ).toURL().openStream()\n"
                + "    $s4 : Scanner() from new java.util.Scanner( $p3 )\n"
                + "    $t5 : String() from $s4.nextLine()";
        String drl = HEAD + rule("Reads a file", "", when, "throw new IllegalStateException( \"read: \" + $t5 );");
        Throwable t = null;
        try {
            compile(drl);
        } catch (Throwable e) {
            t = e;
        }
        report("from chain reading /etc/hostname", t == null ? "compiled, fired silently" : t.getClass().getSimpleName() + ": " + t.getMessage());
        assertThat(t).isInstanceOf(RulesetException.class);
        assertThat(t.getMessage()).as("the file's content never shows").doesNotContain("read: " + hostname);
    }

    @Test
    void mvelFromCannotReadAFileStepByStep() throws Exception {
        String hostname = Files.readString(Path.of("/etc/hostname")).strip();
        String when = "$m1 : AlignmentLevel( $c2 : declaringClass ) from AlignmentLevel.MODERATE\n"
                + "    $p3 : Object() from $c2.protectionDomain\n"
                + "    $s4 : Object() from $p3.codeSource\n"
                + "    $u5 : Object() from $s4.location\n"
                + "    $i6 : Object() from $u5.toURI()\n"
                + "    $f7 : Object() from $i6.resolve( \"/etc/hostname\" )\n"
                + "    $u8 : Object() from $f7.toURL()\n"
                + "    $in9 : Object() from $u8.openStream()\n"
                + "    $sc10 : Object() from new java.util.Scanner( $in9 )\n"
                + "    $t11 : String() from $sc10.nextLine()";
        String drl = HEAD + rule("Reads a file", "", when, "throw new IllegalStateException( \"read: \" + $t11 );");
        Throwable t = null;
        try {
            compile(drl);
        } catch (Throwable e) {
            t = e;
        }
        report("from chain (step by step) reading /etc/hostname", t == null ? "compiled, fired silently" : t.getClass().getSimpleName() + ": " + t.getMessage());
        assertThat(t).isInstanceOf(RulesetException.class);
        assertThat(t.getMessage()).as("the file's content never shows").doesNotContain("read: " + hostname);
    }

    @Test
    void rulesCannotReachTheSharedKieBase() {
        String victim = "An alliance treaty in force makes an alliance";
        String drl = HEAD
                + rule("Hands out the session", "    salience 1000\n", "Focus()", "insert( List.of( drools.getWorkingMemory() ) );")
                + rule("Edits the KieBase", "", "$l : List( size == 1 )\n    $wm1 : Object() from $l\n"
                        + "    $x2 : Object() from $wm1.kieBase.removeRule( \"mandala.rules\", \"" + victim + "\" )", "");
        Ruleset r;
        try {
            r = compile(drl);
        } catch (RulesetException e) {
            report("getWorkingMemory -> kieBase.removeRule", "refused: " + e.getMessage());
            return;
        }
        boolean before = r.kieBase().getRule("mandala.rules", victim) != null;
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        boolean after = r.kieBase().getRule("mandala.rules", victim) != null;
        report("getWorkingMemory -> kieBase.removeRule", "compiled; ran: " + t + "; victim rule present before " + before + ", after " + after);
        assertThat(after).as("another rule of the shared KieBase is still there").isEqualTo(before);
    }

    // ---------------------------------------------------------------- bounds

    @Test
    void aFunctionInAnAlphaConstraintIsBoundedDuringInsert() {
        String drl = HEAD + "function boolean spin(String s) { long n = 0; for (long i = 0; i < 3000000000L; i++) { n += i ^ s.length(); } return n == 42; }\n\n"
                + rule("Spins at insert", "", "Focus( spin( state ) )", "");
        Ruleset r = compile(drl);
        long start = System.nanoTime();
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        report("function loop in an alpha constraint (evaluated at insert)", "ran " + took.toMillis() + " ms, then " + t);
        assertThat(took).as("stopped within 2x the 2 s bound").isLessThan(Duration.ofSeconds(4));
        assertThat(t).isInstanceOf(RuleBoundException.class);
    }


    @Test
    void aConclusionSubclassCannotRunCodeAfterTheSession() {
        String anon = "insert( new Conclusion() { public String key() { long n = 0; for (long i = 0; i < 3000000000L; i++) { n += i; } return \"K\" + n; }"
                + " public String describe() { return \"d\"; } } );";
        Ruleset r;
        try {
            r = compile(HEAD + rule("Subclasses a conclusion", "", "Focus()", anon));
        } catch (RulesetException e) {
            report("anonymous Conclusion subclass with slow key()", "refused: " + e.getMessage());
            return;
        }
        long start = System.nanoTime();
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        report("anonymous Conclusion subclass with slow key()", "compiled; ran " + took.toMillis() + " ms, then " + t);
        assertThat(took).as("stopped within 2x the 2 s bound").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aDeclaredSubclassOfAListCannotPreallocate() {
        // \u002e is a dot for javac only: the source check sees no member name; the declared type is "own" for the bytecode check
        String drl = HEAD + "declare Hoard extends java.util.ArrayList\nend\n\n"
                + rule("Preallocates", "", "Focus()", "Hoard h = new Hoard(); h\\u002eensureCapacity( Integer.MAX_VALUE - 16 ); insert( h );");
        Ruleset r;
        try {
            r = compile(drl);
        } catch (RulesetException e) {
            report("declare Hoard extends ArrayList + ensureCapacity", "refused: " + e.getMessage());
            return;
        }
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        report("declare Hoard extends ArrayList + ensureCapacity", "compiled; ran: " + t);
        assertThat(t).isInstanceOf(RuleBoundException.class);
        assertThat(t.getMessage()).as("stopped by the array bound, before allocating").contains("array of");
    }


    @Test
    void oneCallCannotAllocateFarPastTheMemoryBound() {
        // String.replace multiplies a string's length by another's in one call: it is off the allow-list
        String x512 = "x".repeat(512);
        refused("String.replace amplification", HEAD + rule("Amplifies", "", "Focus()",
                "String s = \"" + x512 + "\"; String m = s.replace( \"x\", s ); insert( List.of( m.length() ) );"));
        // and what the allowed calls allocate counts after each call, not at the next loop
        Ruleset r = compile(HEAD + rule("Doubles a list", "", "Focus()",
                "List l = new ArrayList(); l.add( \"" + x512 + "\" ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l );"
                        + " l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l );"
                        + " l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l );"
                        + " l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); l.addAll( l ); insert( l );"));
        SessionBounds tight = new SessionBounds(100_000, Duration.ofSeconds(20), 16L << 20, 1_000_000);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Throwable t = null;
        try {
            assess(r, tight);
        } catch (Throwable e) {
            t = e;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        report("List.addAll doubling (16 MB bound)", "allocated " + (allocated >> 20) + " MB, then " + t);
        assertThat(t).isInstanceOf(RuleBoundException.class);
        assertThat(allocated).as("at most 2x the 16 MB bound").isLessThan(32L << 20);
    }

    @Test
    void anMvelConstraintCannotExhaustTheHeap() {
        // 2^31 references cannot fit the heap: the JVM refuses at once (a safe stand-in for a size just under the heap)
        String drl = HEAD + rule("Exhausts the heap", "", "Focus( new java.util.ArrayList( 2147483000 ) != null )", "");
        Ruleset r;
        try {
            r = compile(drl);
        } catch (RulesetException e) {
            report("MVEL constraint new ArrayList(2^31)", "refused: " + e.getMessage());
            return;
        }
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        report("MVEL constraint new ArrayList(2^31)", "compiled; ran: " + t);
        assertThat(t).as("a bound, not an OutOfMemoryError").isInstanceOf(RuleBoundException.class);
    }

    @Test

    void anMvelConsequenceCannotReadAFile() throws Exception {
        String hostname = Files.readString(Path.of("/etc/hostname")).strip();
        // MVEL (past the dialect check) infers each variable's type; a digit before every dot hides the member names
        String then = "c1 = $m.declaringClass; pd2 = c1.protectionDomain; cs3 = pd2.codeSource; u4 = cs3.location;"
                + " i5 = u4.toURI(); f6 = i5.resolve( \"/etc/hostname\" ); u7 = f6.toURL(); in8 = u7.openStream();"
                + " sc9 = new java.util.Scanner( in8 ); t10 = sc9.nextLine(); Integer.parseInt( t10 );";
        String drl = HEAD + rule("Reads a file interpreted", "    dialect /**/ \"mvel\"\n", "$m : AlignmentLevel() from AlignmentLevel.MODERATE", then);
        Throwable t = null;
        try {
            compile(drl); // no fact pattern: fires in the configuration session, while the ruleset compiles
        } catch (Throwable e) {
            t = e;
        }
        report("MVEL consequence reading /etc/hostname", t == null ? "compiled silently" : t.getClass().getSimpleName() + ": " + t.getMessage());
        assertThat(t).isInstanceOf(RulesetException.class);
        assertThat(t.getMessage()).as("the file's content never shows").doesNotContain("\"" + hostname + "\"");
    }

    @Test
    void anAnonymousSubclassCannotWaitPastTheBound() {
        // members inherited by a class compiled from the rules count as the ruleset's own: wait() without a dot
        String then = "new Object() {{ synchronized (this) { try { wait( 6000 ); } catch (InterruptedException e) { } } }};";
        Ruleset r;
        try {
            r = compile(HEAD + rule("Waits", "", "Focus()", then));
        } catch (RulesetException e) {
            report("anonymous subclass calling inherited wait(6000)", "refused: " + e.getMessage());
            return;
        }
        long start = System.nanoTime();
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        report("anonymous subclass calling inherited wait(6000)", "compiled; ran " + took.toMillis() + " ms, then " + t);
        assertThat(took).as("stopped within 2x the 2 s bound").isLessThan(Duration.ofSeconds(4));
    }


    @Test
    void anAnonymousSubclassCannotPreallocate() {
        String then = "insert( new ArrayList() {{ ensureCapacity( Integer.MAX_VALUE - 16 ); }} );";
        Ruleset r;
        try {
            r = compile(HEAD + rule("Preallocates anonymously", "", "Focus()", then));
        } catch (RulesetException e) {
            report("anonymous ArrayList subclass calling inherited ensureCapacity(2^31)", "refused: " + e.getMessage());
            return;
        }
        Throwable t = null;
        try {
            assess(r, SHORT);
        } catch (Throwable e) {
            t = e;
        }
        report("anonymous ArrayList subclass calling inherited ensureCapacity(2^31)", "compiled; ran: " + t);
        assertThat(t).isInstanceOf(RuleBoundException.class);
        assertThat(t.getMessage()).as("stopped by the array bound, before allocating").contains("array of");
    }
}
