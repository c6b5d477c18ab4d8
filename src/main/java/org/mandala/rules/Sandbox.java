package org.mandala.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules are code that runs inside the service: a DRL file (or a decision-table cell, which becomes
 * DRL) may use only the fact model ({@code org.mandala.model}) and an allow-list of
 * {@code java.lang}, {@code java.util} and {@code java.time} types. Anything that reaches for the
 * process, reflection, files, the network, threads or class loading is refused, naming the line.
 * The check reads the code with comments and string literals blanked out, so a description may
 * mention anything.
 */
public final class Sandbox {
    /** Packages an import may name. */
    static final Set<String> PACKAGES = Set.of("org.mandala.model", "java.util", "java.time", "java.lang");
    /** Types of java.lang that rules may use by their simple name. */
    static final Set<String> JAVA_LANG = Set.of("Math", "String", "StringBuilder", "Integer", "Long", "Double", "Float", "Boolean",
            "Character", "Number", "Object", "Comparable", "Iterable", "CharSequence", "Enum", "Short", "Byte");
    /** Names that give away the process, reflection, I/O, threads or class loading; refused wherever they appear. */
    static final Set<String> FORBIDDEN = Set.of("Runtime", "ProcessBuilder", "Process", "ProcessHandle", "System", "Thread", "ThreadGroup",
            "ThreadLocal", "ClassLoader", "Class", "Method", "Field", "Constructor", "reflect", "invoke", "getClass", "forName",
            "getDeclaredMethod", "getDeclaredMethods", "getWorkingMemory", "workingMemory", "kcontext", "getMethod", "getMethods", "getDeclaringClass", "declaringClass", "ResourceBundle", "getKieRuntime",
            "getKieBase", "getKnowledgeRuntime", "getSession", "getEntryPoint", "getRecordComponents", "getEnclosingClass", "newInstance", "setAccessible", "exec", "exit", "halt", "load", "loadLibrary",
            "File", "Files", "Path", "Paths", "FileSystems", "RandomAccessFile", "FileInputStream", "FileOutputStream", "Socket",
            "ServerSocket", "URL", "URI", "HttpClient", "HttpURLConnection", "InetAddress", "Executors", "ExecutorService",
            "ForkJoinPool", "CompletableFuture", "Timer", "Unsafe", "ScriptEngineManager", "ObjectInputStream", "InitialContext",
            "SecurityManager", "MethodHandles", "VarHandle", "ModuleLayer", "StackWalker", "Proxy", "Module", "Package", "ClassValue",
            "InheritableThreadLocal", "Compiler", "getClassLoader", "loadClass", "defineClass", "getResource", "getResourceAsStream",
            "getResources", "getSystemResource", "getProtectionDomain", "getModule", "getPackage", "getDeclaredField", "getField",
            "getDeclaredConstructor", "getConstructor", "getRuntime", "getenv", "getProperty", "setProperty", "lookup", "Expression",
            "Statement", "Beans", "Introspector");
    /** A name reached after a dot, also across spaces or a line break. */
    private static final Pattern MEMBER = Pattern.compile("\\.\\s*([A-Za-z_$][A-Za-z0-9_$]*)");
    /** A capitalised name: a type, or a constant. */
    private static final Pattern TYPE_NAME = Pattern.compile("(?<![.$\\w])([A-Z][A-Za-z0-9_$]*)");
    /** The JDK types rules may name (simple names of the allow-list's owners and a few types to declare values with). */
    private static final Set<String> JDK_TYPES = Bytecode.typeNames();
    /** A field of a type the rules declare: {@code name : Type} inside {@code declare ... end}. */
    private static final Pattern DECLARE_BLOCK = Pattern.compile("(?s)\\bdeclare\\b(.*?)\\bend\\b");
    private static final Pattern DECLARED_FIELD = Pattern.compile("(?m)^\\s*([a-z_][A-Za-z0-9_]*)\\s*:\\s*[A-Za-z]");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s");
    private static final Set<String> MEMBER_NAMES = Bytecode.memberNames();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    /** A package-qualified name, also with spaces, comments or line breaks around its dots (Java accepts them). */
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z_][a-z0-9_]*\\s*\\.\\s*)+)([A-Z][A-Za-z0-9_$]*)");
    /** A class literal, or the class property MVEL would read through getClass(). */
    private static final Pattern CLASS_LITERAL = Pattern.compile("\\bclass\\b");
    /** A dialect named in any quoting, at package or rule level: only {@code java} compiles to checked bytecode. */
    private static final Pattern DIALECT = Pattern.compile("\\bdialect\\s*([\"'])\\s*(?!java\\s*\\1)[^\"']*\\1");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:function\\s+|static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;?");

    private Sandbox() {
    }

    /** Problems of one DRL file; none when it keeps to the allow-list. */
    public static List<RuleProblem> check(String file, byte[] content) {
        return check(file, new String(content, StandardCharsets.UTF_8), null);
    }

    /** Problems of DRL text, each with its line, or with {@code cell} when the text came from a decision table. */
    static List<RuleProblem> check(String file, String drl, String cell) {
        List<RuleProblem> problems = new ArrayList<>();
        // comments blanked first: a comment between the keyword and the name must not hide the dialect
        Matcher dialect = DIALECT.matcher(blankComments(drl));
        if (dialect.find()) {
            problems.add(new RuleProblem(file, cell == null ? line(drl, dialect.start()) : 0,
                    "only the java dialect is allowed in rules: MVEL is interpreted and escapes the checks on compiled rule code", cell));
        }
        String code = blank(drl);
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            checkLine(file, cell == null ? i + 1 : 0, lines[i], problems, cell);
        }
        // qualified names, also spread over lines (java.\nio.File), and class literals
        Matcher q = QUALIFIED.matcher(code);
        while (q.find()) {
            String pkg = q.group(1).replaceAll("\\s+", "");
            pkg = pkg.substring(0, pkg.length() - 1);
            if (IMPORT.matcher(lines[line(code, q.start()) - 1]).find()) {
                continue; // an import is judged as a whole above
            }
            if (!PACKAGES.contains(pkg) || (pkg.startsWith("java.") && !JDK_TYPES.contains(q.group(2)))) {
                problems.add(new RuleProblem(file, cell == null ? line(code, q.start()) : 0, pkg + "." + q.group(2)
                        + " is not allowed in rules: only the fact model and java.util, java.time and a few java.lang types", cell));
            }
        }
        problems.addAll(members(file, code, cell));
        problems.addAll(jdkTypes(file, code, cell));
        Matcher literal = CLASS_LITERAL.matcher(code);
        if (literal.find()) {
            problems.add(new RuleProblem(file, cell == null ? line(code, literal.start()) : 0,
                    "\"class\" is not allowed in rules (a class literal, the class property or a local class): it leads to reflection and class loading", cell));
        }
        return problems;
    }

    /**
     * Every name reached after a dot must be a member rules may use. This is the only check on the
     * parts of a rule that Drools interprets rather than compiles (constraints and {@code from}
     * expressions, which MVEL evaluates and where {@code a.b} reads {@code a.getB()}), so it is an
     * allow-list: the fact model's members and properties, those of the bytecode allow-list, the
     * consequence helpers, and the fields of types the rules declare. Package names of qualified
     * types are judged above.
     */
    private static List<RuleProblem> members(String file, String code, String cell) {
        Set<String> allowed = new java.util.HashSet<>(MEMBER_NAMES);
        // fields count only inside declare ... end: elsewhere "name : Type" is a binding, and would widen the list
        Matcher blocks = DECLARE_BLOCK.matcher(code);
        StringBuilder declarations = new StringBuilder();
        while (blocks.find()) {
            declarations.append(blocks.group(1)).append('\n');
        }
        Matcher declared = DECLARED_FIELD.matcher(declarations);
        while (declared.find()) {
            String f = declared.group(1);
            String cap = Character.toUpperCase(f.charAt(0)) + f.substring(1);
            allowed.addAll(List.of(f, "get" + cap, "set" + cap, "is" + cap));
        }
        java.util.BitSet qualified = new java.util.BitSet();
        Matcher q = QUALIFIED.matcher(code);
        while (q.find()) {
            qualified.set(q.start(), q.end());
        }
        List<RuleProblem> problems = new ArrayList<>();
        Matcher m = MEMBER.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            if (qualified.get(m.start(1)) || allowed.contains(name) || numberBefore(code, m.start())) {
                continue;
            }
            int at = code.lastIndexOf('\n', m.start()) + 1;
            String lineText = code.substring(at, Math.max(at, code.indexOf('\n', m.start()) < 0 ? code.length() : code.indexOf('\n', m.start())));
            if (IMPORT.matcher(lineText).find() || PACKAGE.matcher(lineText).find()) {
                continue;
            }
            problems.add(new RuleProblem(file, cell == null ? line(code, m.start(1)) : 0, "\"" + name + "\" is not allowed in rules:"
                    + " after a dot, rules may name only members of the fact model, of declared types and of a listed few java.lang,"
                    + " java.util and java.time types", cell));
        }
        return problems;
    }

    /** Whether the dot at this offset ends a number (1.5), not a name ($w1.format). */
    private static boolean numberBefore(String code, int dot) {
        int i = dot - 1;
        while (i >= 0 && Character.isDigit(code.charAt(i))) {
            i--;
        }
        return i < dot - 1 && (i < 0 || !(Character.isJavaIdentifierPart(code.charAt(i))));
    }

    /**
     * Every type of java.lang, java.util or java.time that the text names by its simple name must be
     * one rules may use: a wildcard import or a constraint (which MVEL interprets, constructors
     * included) would otherwise reach any of them, e.g. {@code new Formatter(path)} writes a file.
     */
    private static List<RuleProblem> jdkTypes(String file, String code, String cell) {
        List<RuleProblem> problems = new ArrayList<>();
        Matcher t = TYPE_NAME.matcher(code);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (t.find()) {
            String name = t.group(1);
            if (JDK_TYPES.contains(name) || !seen.add(name) || !Bytecode.isJdkType(name)) {
                continue;
            }
            problems.add(new RuleProblem(file, cell == null ? line(code, t.start(1)) : 0, "\"" + name + "\" is not allowed in rules:"
                    + " of java.lang, java.util and java.time, rules may name only " + new java.util.TreeSet<>(JDK_TYPES), cell));
        }
        return problems;
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Problems of the code in a CSV decision table, by cell: the Import, Variables and Functions
     * cells, and in each RuleTable the pattern and code rows and the data of its CONDITION and
     * ACTION columns (data is pasted into the code). Notes, names, labels and DESCRIPTION columns
     * are text, not code.
     */
    public static List<RuleProblem> checkTable(String file, List<String[]> rows) {
        return checkTable(file, "1", rows);
    }

    /** As {@link #checkTable(String, List)}, for one named sheet of a spreadsheet. */
    public static List<RuleProblem> checkTable(String file, String sheet, List<String[]> rows) {
        List<RuleProblem> problems = new ArrayList<>();
        String[] types = null;
        int tableRow = -1;
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            String first = row.length == 0 || row[0] == null ? "" : row[0].strip();
            if (first.startsWith("RuleTable")) {
                tableRow = r;
                types = null;
                continue;
            }
            if (tableRow >= 0 && r == tableRow + 1) {
                types = row;
                continue;
            }
            if (types == null) {
                if (first.matches("(?i)import|variables|functions|queries|declare")) {
                    for (int c = 1; c < row.length; c++) {
                        check(file, sheet, row, r, c, problems);
                    }
                }
                continue;
            }
            if (r == tableRow + 4 || row.length == 0 || java.util.Arrays.stream(row).allMatch(v -> v == null || v.isBlank())) {
                if (r != tableRow + 4 && r > tableRow + 4) {
                    types = null;
                    tableRow = -1;
                }
                continue;
            }
            for (int c = 0; c < row.length && c < types.length; c++) {
                String type = types[c] == null ? "" : types[c].strip().toUpperCase(java.util.Locale.ROOT);
                if (type.startsWith("CONDITION") || type.startsWith("ACTION")) {
                    check(file, sheet, row, r, c, problems);
                }
            }
        }
        return problems;
    }

    private static void check(String file, String sheet, String[] row, int r, int c, List<RuleProblem> problems) {
        if (row[c] != null && !row[c].isBlank()) {
            problems.addAll(check(file, row[c], "sheet " + sheet + ", row " + (r + 1) + ", column " + TableCells.letter(c)));
        }
    }

    private static void checkLine(String file, int line, String code, List<RuleProblem> problems, String cell) {
        Matcher imp = IMPORT.matcher(code);
        if (imp.find()) {
            String name = imp.group(1);
            String pkg = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name.substring(0, Math.max(0, name.lastIndexOf('.')));
            String simple = name.substring(name.lastIndexOf('.') + 1);
            boolean allowed = PACKAGES.contains(pkg) && (!pkg.startsWith("java.") || simple.isEmpty() || simple.equals("*") || JDK_TYPES.contains(simple));
            if (!allowed) {
                problems.add(new RuleProblem(file, line, "import of " + name + " is not allowed: rules may use only the fact model"
                        + " (org.mandala.model) and java.util, java.time and a few java.lang types", cell));
                return;
            }
        }
        Matcher id = IDENTIFIER.matcher(code);
        while (id.find()) {
            if (FORBIDDEN.contains(id.group())) {
                problems.add(new RuleProblem(file, line, "\"" + id.group() + "\" is not allowed in rules: they may not reach the"
                        + " process, reflection, files, the network, threads or class loading", cell));
                return;
            }
        }
    }

    /** The text with comments replaced by spaces, string literals kept, line breaks kept. */
    static String blankComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                for (; i < end; i++) {
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        out.append(text.charAt(i++));
                    }
                    out.append(text.charAt(i++));
                }
                if (i < text.length()) {
                    out.append(text.charAt(i++));
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The text with comments and string literals replaced by spaces, keeping line breaks. */
    static String blank(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                while (i < text.length() && !(text.charAt(i) == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                out.append("  ");
                i += 2;
            } else if (c == '"' || c == '\'') {
                out.append(' ');
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\') {
                        out.append(' ');
                        i++;
                    }
                    if (i < text.length()) {
                        out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                        i++;
                    }
                }
                out.append(' ');
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
