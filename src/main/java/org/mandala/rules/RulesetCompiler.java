package org.mandala.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.mandala.model.Configuration;

/**
 * Compiles the files of a ruleset into a {@link Ruleset}. DRL files ({@code *.drl}) and decision
 * tables ({@code *.drl.csv}, {@code *.drl.xls}, {@code *.drl.xlsx}) are compiled; Drools ignores a
 * decision table under any other name, so a CSV that starts like one is reported instead of being
 * silently dropped. Every rule of a DRL file must carry a {@code @description}.
 */
public final class RulesetCompiler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RulesetCompiler.class);

    /** The agenda group of the decision-table rules that fill the configuration. */
    public static final String CONFIGURATION_GROUP = "configuration";
    private static final String KIE_ROOT = "src/main/resources/mandala/";
    /** The largest file a ruleset may hold. */
    public static final int MAX_FILE_BYTES = 5 * 1024 * 1024;
    /** What a spreadsheet (a zip) may unpack to, and the largest ratio of unpacked to packed: a guard against zip bombs. */
    static final long MAX_UNPACKED_BYTES = 50L * 1024 * 1024;
    static final int MAX_INFLATE_RATIO = 100;

    private RulesetCompiler() {
    }

    /** Reads every file under the directory, paths relative to it with {@code /} separators. */
    public static SortedMap<String, byte[]> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulesetException(List.of(new RuleProblem("", 0, "the rules directory " + dir.toAbsolutePath() + " does not exist")));
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).filter(p -> !isScratch(dir.relativize(p))).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Editor and backup files (a name starting with a dot, or ending in ~, .swp, .bak, .tmp, .orig) are not part of a ruleset. */
    public static boolean isScratch(Path relative) {
        for (Path part : relative) {
            String n = part.toString();
            if (n.startsWith(".") || n.endsWith("~") || n.endsWith(".swp") || n.endsWith(".bak") || n.endsWith(".tmp") || n.endsWith(".orig")) {
                return true;
            }
        }
        return false;
    }

    public static boolean isRuleFile(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.endsWith(".drl") || p.endsWith(".drl.csv") || p.endsWith(".drl.xls") || p.endsWith(".drl.xlsx");
    }

    /** The version a set of files compiles to: a hash of their paths and contents, so the same files make the same version. */
    public static String version(SortedMap<String, byte[]> files) {
        MessageDigest whole = sha256();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            whole.update(f.getKey().getBytes(StandardCharsets.UTF_8));
            whole.update((byte) 0);
            whole.update(f.getValue());
            whole.update((byte) 0);
        }
        return HexFormat.of().formatHex(whole.digest()).substring(0, 12);
    }

    /** A spreadsheet that unpacks to too much, or too steeply (a zip bomb), is refused before any reader opens it. */
    static java.util.Optional<RuleProblem> unpackedProblem(String file, byte[] content) {
        long total = 0;
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(content))) {
            byte[] buffer = new byte[64 * 1024];
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > MAX_UNPACKED_BYTES || total > (long) MAX_INFLATE_RATIO * Math.max(content.length, 1024)) {
                        return java.util.Optional.of(new RuleProblem(file, 0, "the spreadsheet unpacks to more than "
                                + Math.min(MAX_UNPACKED_BYTES, (long) MAX_INFLATE_RATIO * Math.max(content.length, 1024))
                                + " bytes: refused as a possible zip bomb"));
                    }
                }
            }
        } catch (IOException e) {
            return java.util.Optional.of(new RuleProblem(file, 0, "the spreadsheet cannot be read: " + e.getMessage()));
        }
        return java.util.Optional.empty();
    }

    /**
     * Checks every class Drools compiled from the rules against the member allow-list and, when all
     * pass, replaces each with its rewritten form whose loops and allocations answer to the session's
     * {@link RuleBudget}. The classes are defined only when a KieBase is made from the module, so the
     * rewritten bytes are the ones that run.
     */
    private static List<RuleProblem> checkCompiledClasses(KieBuilder builder) {
        List<RuleProblem> problems = new ArrayList<>();
        if (!(builder.getKieModule() instanceof org.drools.compiler.kie.builder.impl.InternalKieModule module)) {
            problems.add(new RuleProblem("", 0, "the compiled rules cannot be inspected, so they are not run"));
            return problems;
        }
        // the classic engine keeps the classes it compiled (consequences, functions, accumulate code) per package
        List<org.drools.core.rule.JavaDialectRuntimeData> stores = new ArrayList<>();
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (String kieBase : module.getKieModuleModel().getKieBaseModels().keySet()) {
            for (org.kie.api.definition.KiePackage pkg : module.getKnowledgePackagesForKieBase(kieBase)) {
                if (pkg instanceof org.drools.base.definitions.InternalKnowledgePackage ip) {
                    ip.getTypeDeclarations().values().forEach(t -> declared.add(t.getTypeClassName().replace('.', '/')));
                    if (ip.getDialectRuntimeRegistry().getDialectData("java") instanceof org.drools.core.rule.JavaDialectRuntimeData java) {
                        stores.add(java);
                    }
                }
            }
        }
        for (org.drools.core.rule.JavaDialectRuntimeData java : stores) {
            List<String> forbidden = new ArrayList<>();
            Map<String, byte[]> rewritten = Bytecode.checkAndInstrument(java.getStore(), declared, forbidden);
            for (String f : forbidden) {
                problems.add(new RuleProblem("", 0, "compiled rule code " + f + ", which rules may not use: only the fact model and"
                        + " listed members of java.lang, java.util and java.time, and the helpers insert, insertLogical, modify,"
                        + " update, delete and drools.getRule()"));
            }
            if (forbidden.isEmpty()) {
                rewritten.forEach(java::write);
            }
        }
        return problems;
    }

    /** The SHA-256 of each file, hex. */
    public static SortedMap<String, String> hashes(SortedMap<String, byte[]> files) {
        SortedMap<String, String> hashes = new TreeMap<>();
        files.forEach((path, content) -> hashes.put(path, HexFormat.of().formatHex(sha256().digest(content))));
        return hashes;
    }

    /**
     * Compiles the files into a ruleset.
     *
     * @throws RulesetException listing every problem, when the files do not make a usable ruleset
     */
    public static Ruleset compile(SortedMap<String, byte[]> files) {
        return compile(files, KieBaseCache.NONE);
    }

    /**
     * Compiles the files into a ruleset, or builds it from the packages a cache kept of the same
     * files compiled by this build (every check passed then): what is read from the KieBase (rules,
     * premises, the configuration the tables fill, the CAMEO mapping) is read and checked again
     * either way. A cached ruleset that fails to build or to pass is compiled instead.
     *
     * @throws RulesetException listing every problem, when the files do not make a usable ruleset
     */
    public static Ruleset compile(SortedMap<String, byte[]> files, KieBaseCache cache) {
        java.util.Optional<String> key = cache.key(files);
        if (key.isPresent()) {
            ClassLoader appLoader = RulesetCompiler.class.getClassLoader();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(appLoader);
            try {
                long start = System.nanoTime();
                java.util.Optional<KieBase> kieBase = cache.read(key.get(), appLoader);
                if (kieBase.isPresent()) {
                    List<RuleProblem> problems = new ArrayList<>();
                    Ruleset ruleset = assemble(version(files), hashes(files), kieBase.get(), files, problems);
                    if (ruleset != null) {
                        log.info("Ruleset {} built from its compiled rules cached in {} in {} ms", ruleset.version(),
                                cache.dir().orElseThrow(), (System.nanoTime() - start) / 1_000_000);
                        return ruleset;
                    }
                    log.warn("The cached compiled rules of version {} do not pass ({}); they are compiled again", version(files), problems);
                    cache.evict(key.get());
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("The cached compiled rules of version {} cannot be used ({}); they are compiled again", version(files), e.toString());
                cache.evict(key.get());
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        Ruleset ruleset = compileFully(files);
        key.ifPresent(k -> cache.write(k, ruleset.kieBase()));
        return ruleset;
    }

    private static Ruleset compileFully(SortedMap<String, byte[]> files) {
        List<RuleProblem> problems = new ArrayList<>();
        SortedMap<String, String> hashes = hashes(files);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!isRuleFile(f.getKey()) && f.getKey().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                    && new String(f.getValue(), StandardCharsets.UTF_8).stripLeading().startsWith("RuleSet")) {
                problems.add(new RuleProblem(f.getKey(), 1,
                        "this looks like a decision table but would be ignored: name it *.drl.csv to have it compiled"));
            }
        }
        String version = version(files);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey().toLowerCase(java.util.Locale.ROOT);
            if (f.getValue().length > MAX_FILE_BYTES) {
                problems.add(new RuleProblem(f.getKey(), 0, "the file has " + f.getValue().length + " bytes; at most " + MAX_FILE_BYTES));
                continue;
            }
            byte[] content = f.getValue();
            boolean zip = content.length > 3 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
            if (zip || name.endsWith(".xlsx")) {
                java.util.Optional<RuleProblem> bomb = unpackedProblem(f.getKey(), content);
                if (bomb.isPresent()) {
                    problems.add(bomb.get());
                    continue;
                }
            }
            if (name.endsWith(".drl")) {
                problems.addAll(Sandbox.check(f.getKey(), content));
            } else if (name.endsWith(".drl.csv") || name.endsWith(".drl.xls") || name.endsWith(".drl.xlsx")) {
                // the cells first, for the most precise place; then the DRL Drools generates from them,
                // which catches what the cells hide (column types, escaping, formulas)
                List<RuleProblem> cells = new ArrayList<>();
                if (name.endsWith(".drl.csv")) {
                    try (com.opencsv.CSVReader csv = new com.opencsv.CSVReader(new java.io.StringReader(
                            new String(content, StandardCharsets.UTF_8)))) {
                        cells.addAll(Sandbox.checkTable(f.getKey(), csv.readAll()));
                    } catch (IOException | com.opencsv.exceptions.CsvException e) {
                        cells.add(new RuleProblem(f.getKey(), 0, "the decision table cannot be read as CSV: " + e.getMessage()));
                    }
                } else {
                    Map<String, List<String[]>> sheets = TableCells.sheets(content);
                    if (sheets.isEmpty()) {
                        cells.add(new RuleProblem(f.getKey(), 0, "the spreadsheet cannot be read"));
                    }
                    sheets.forEach((sheet, rows) -> cells.addAll(Sandbox.checkTable(f.getKey(), sheet, rows)));
                }
                problems.addAll(cells.isEmpty() ? TableCells.checkGenerated(f.getKey(), content) : cells);
            }
        }

        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("org.mandala", "ruleset-" + version, "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        files.forEach((path, content) -> {
            if (isRuleFile(path)) {
                // decision tables declare package mandala.configuration, DRL files mandala.rules:
                // folders that match keep Drools from warning about every table
                kfs.write(KIE_ROOT + (path.endsWith(".drl") ? "rules/" : "configuration/") + path, content);
            }
        });
        if (files.keySet().stream().noneMatch(RulesetCompiler::isRuleFile)) {
            problems.add(new RuleProblem("", 0, "no rule file (*.drl, *.drl.csv, *.drl.xls, *.drl.xlsx) in the ruleset"));
        }
        if (!problems.isEmpty()) {
            throw new RulesetException(problems);
        }

        // The class loader that can see the fact model must be current while Drools compiles and
        // later instantiates generated classes; a request or scheduler thread may carry another.
        ClassLoader appLoader = RulesetCompiler.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            KieBuilder builder;
            try {
                builder = ks.newKieBuilder(kfs, appLoader).buildAll();
            } catch (RuntimeException e) {
                // A decision table that cannot be parsed throws instead of reporting a message.
                throw new RulesetException(List.of(tableProblem(e)));
            }
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            for (Message m : errors) {
                // Drools adds "Parser returned a null Package" after the parser's own errors of a file: it says nothing more
                if (m.getText().contains("Parser returned a null Package") && errors.size() > 1) {
                    continue;
                }
                String file = relative(m.getPath());
                problems.add(TableCells.locate(new RuleProblem(file, Math.max(m.getLine(), 0), m.getText().strip()), files.get(file)));
            }
            if (!problems.isEmpty()) {
                throw new RulesetException(problems);
            }
            // nothing compiled from the rules runs before every class is checked against the allow-list
            problems.addAll(checkCompiledClasses(builder));
            if (!problems.isEmpty()) {
                throw new RulesetException(problems);
            }
            KieContainer container = ks.newKieContainer(releaseId, appLoader);
            KieBase kieBase = container.getKieBase();
            ks.getRepository().removeKieModule(releaseId);
            Ruleset ruleset = assemble(version, hashes, kieBase, files, problems);
            if (ruleset == null) {
                throw new RulesetException(problems);
            }
            return ruleset;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The ruleset of a built KieBase: its rules, premises, the configuration its tables fill and the
     * CAMEO mapping, each checked; null with the problems added when one fails.
     */
    private static Ruleset assemble(String version, SortedMap<String, String> hashes, KieBase kieBase,
                                    SortedMap<String, byte[]> files, List<RuleProblem> problems) {
        Map<String, RuleInfo> rules = describeRules(kieBase, problems);
        Map<String, List<Premise>> premises = premises(kieBase, rules, problems);
        Configuration configuration = configure(kieBase, version, rules.keySet(), problems, files);
        if (configuration == null) {
            // a table row failed: what the rows after it define is unknown, so nothing is checked against it
            return null;
        }
        checkThresholds(premises, configuration, problems);
        rules.values().stream().filter(r -> !r.raisesTo().isEmpty()).forEach(r -> {
            try {
                configuration.level(r.raisesTo());
            } catch (IllegalArgumentException e) {
                problems.add(new RuleProblem(r.file(), 0, "rule \"" + r.name() + "\" @raisesTo: " + e.getMessage()));
            }
        });
        CameoMapping cameo = files.containsKey(CameoMapping.FILE)
                ? CameoMapping.parse(files.get(CameoMapping.FILE), configuration, problems) : CameoMapping.empty();
        if (!problems.isEmpty()) {
            return null;
        }
        return new Ruleset(version, hashes, kieBase, configuration, rules, premises, cameo);
    }

    private static Map<String, RuleInfo> describeRules(KieBase kieBase, List<RuleProblem> problems) {
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                if (rule instanceof RuleImpl impl && impl.isQuery()) {
                    continue;
                }
                String file = "";
                if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
                    file = relative(impl.getResource().getSourcePath());
                }
                // Drools resolves @description to its own annotation type and keys the metadata by that name.
                Object description = rule.getMetaData().getOrDefault("description",
                        rule.getMetaData().get(org.kie.api.definition.type.Description.class.getName()));
                String text = description == null ? "" : unquote(description.toString());
                if (text.isBlank() && file.endsWith(".drl")) {
                    problems.add(new RuleProblem(file, 0, "rule \"" + rule.getName()
                            + "\" has no @description: explanations show it to analysts"));
                }
                Object wording = rule.getMetaData().get("wording");
                String template = wording == null ? "" : unquote(wording.toString());
                java.util.Set<String> unknown = Wording.unknownPlaceholders(template);
                if (!unknown.isEmpty()) {
                    problems.add(new RuleProblem(file, 0, "rule \"" + rule.getName() + "\" has @wording with unknown placeholders "
                            + unknown + "; known are " + new java.util.TreeSet<>(Wording.VARIABLES)));
                }
                String arithmetic = meta(rule, "arithmetic");
                java.util.Set<String> unknownInArithmetic = ArithmeticTemplate.unknownPlaceholders(arithmetic);
                if (!unknownInArithmetic.isEmpty()) {
                    problems.add(new RuleProblem(file, 0, "rule \"" + rule.getName() + "\" has @arithmetic with unknown placeholders "
                            + unknownInArithmetic + "; known are " + ArithmeticTemplate.KNOWN));
                }
                rules.put(rule.getName(), new RuleInfo(rule.getName(), text, template, file.isEmpty() ? "" : "rules/" + file,
                        meta(rule, "draws"), meta(rule, "raisesTo"), list(meta(rule, "scoredBy")), list(meta(rule, "lowers")), arithmetic));
            }
        }
        return rules;
    }

    /**
     * The queries that name a rule with {@code @premiseOf}, by that rule, in the order they are
     * written. A query naming no rule is a helper and is left alone; one naming a rule that does not
     * exist is a problem, as is a measured premise without a {@code $fact} to measure.
     */
    private static Map<String, List<Premise>> premises(KieBase kieBase, Map<String, RuleInfo> rules, List<RuleProblem> problems) {
        List<org.drools.base.definitions.rule.impl.QueryImpl> queries = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                if (rule instanceof org.drools.base.definitions.rule.impl.QueryImpl q && !meta(q, "premiseOf").isEmpty()) {
                    queries.add(q);
                }
            }
        }
        queries.sort(java.util.Comparator.comparingInt(RuleImpl::getLoadOrder));
        Map<String, List<Premise>> premises = new LinkedHashMap<>();
        for (org.drools.base.definitions.rule.impl.QueryImpl q : queries) {
            String of = meta(q, "premiseOf");
            String file = q.getResource() == null || q.getResource().getSourcePath() == null ? "" : relative(q.getResource().getSourcePath());
            if (!rules.containsKey(of)) {
                problems.add(new RuleProblem(file, 0, "query \"" + q.getName() + "\" is a @premiseOf \"" + of + "\", which is no rule"));
                continue;
            }
            List<String> names = new ArrayList<>();
            List<Boolean> lists = new ArrayList<>();
            for (org.drools.base.rule.Declaration d : q.getParameters()) {
                names.add(d.getIdentifier().replaceFirst("^\\$", ""));
                lists.add(java.util.Collection.class.isAssignableFrom(d.getDeclarationClass()));
            }
            String actual = meta(q, "actual");
            if (!actual.isEmpty() && q.getDeclarations().get("$fact") == null) {
                problems.add(new RuleProblem(file, 0, "query \"" + q.getName() + "\" measures @actual(\"" + actual
                        + "\") but binds no $fact to measure it on"));
            } else if (!actual.isEmpty() && !hasNumber(q.getDeclarations().get("$fact").getDeclarationClass(), actual)) {
                problems.add(new RuleProblem(file, 0, "query \"" + q.getName() + "\" measures @actual(\"" + actual + "\"), which "
                        + q.getDeclarations().get("$fact").getDeclarationClass().getSimpleName() + " has not as a number"));
            }
            premises.computeIfAbsent(of, r -> new ArrayList<>()).add(new Premise(q.getName(), of, List.copyOf(names), List.copyOf(lists),
                    blankToNull(actual), blankToNull(meta(q, "atLeastParameter")), blankToNull(meta(q, "atLeastAlignment")),
                    blankToNull(meta(q, "evidenceType")), q.getMetaData().containsKey("eachPair")));
        }
        premises.replaceAll((r, list) -> List.copyOf(list));
        return premises;
    }

    /** A premise's threshold must name a parameter or level setting of the tables, or why-not could not read it. */
    private static void checkThresholds(Map<String, List<Premise>> premises, Configuration cfg, List<RuleProblem> problems) {
        premises.values().stream().flatMap(List::stream).forEach(p -> {
            try {
                if (p.atLeastParameter() != null) {
                    cfg.param(p.atLeastParameter());
                }
                if (p.atLeastAlignment() != null) {
                    cfg.alignment(p.atLeastAlignment());
                }
            } catch (IllegalArgumentException e) {
                problems.add(new RuleProblem("", 0, "premise \"" + p.name() + "\" of rule \"" + p.rule() + "\": " + e.getMessage()));
            }
        });
    }

    private static String meta(Rule rule, String key) {
        Object value = rule.getMetaData().get(key);
        return value == null ? "" : unquote(value.toString());
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }

    /** Runs the decision-table rules once to fill the configuration, then checks it is complete; null when a row failed. */
    private static Configuration configure(KieBase kieBase, String version, java.util.Collection<String> ruleNames,
                                           List<RuleProblem> problems, SortedMap<String, byte[]> files) {
        Configuration configuration = new Configuration();
        KieSession session = kieBase.newKieSession();
        try {
            session.setGlobal("cfg", configuration);
            session.getAgenda().getAgendaGroup(CONFIGURATION_GROUP).setFocus();
            RuleSessions.fireAll(session, version, ruleNames, SessionBounds.DEFAULTS);
        } catch (RuntimeException e) {
            // the rows after the failing one never ran: what they would have defined is not missing, so only this is said
            problems.add(badCell(rootMessage(e), files));
            return null;
        } finally {
            session.dispose();
        }
        configuration.missingPieces().forEach(m -> problems.add(new RuleProblem("", 0, m)));
        return configuration.complete();
    }

    /**
     * The problem of a table row whose action failed, e.g. "No enum constant org.mandala.model.RiskLevel.BOGUS":
     * located at the first table row holding the refused value as a cell, when one does.
     */
    static RuleProblem badCell(String message, SortedMap<String, byte[]> files) {
        String text = "the decision tables failed to fill the configuration: " + message;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("No enum constant [\\w.]+\\.(\\w+)").matcher(message);
        if (m.find()) {
            String value = m.group(1);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().endsWith(".drl.csv")) {
                    continue;
                }
                String[] lines = new String(f.getValue(), StandardCharsets.UTF_8).split("\\R", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (java.util.Arrays.asList(lines[i].split(",", -1)).contains(value)) {
                        return new RuleProblem(f.getKey(), i + 1, "\"" + value + "\" is not a level here (levels are LOW, GUARDED, ELEVATED,"
                                + " HIGH, SEVERE; alignments NONE, WEAK, MODERATE, STRONG, ALLIANCE): " + text);
                    }
                }
            }
        }
        return new RuleProblem("", 0, text);
    }

    /** The file and message of a decision-table parse failure: {@code [mandala/rules/x.drl.csv] Code ... in cell D11 ...}. */
    private static RuleProblem tableProblem(RuntimeException e) {
        String message = rootMessage(e);
        String file = "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([^\\]]+)\\]\\s*(.*)", java.util.regex.Pattern.DOTALL)
                .matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            file = relative(m.group(1));
            message = m.group(2).strip();
        }
        return new RuleProblem(file, 0, message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String relative(String kiePath) {
        if (kiePath == null) {
            return "";
        }
        for (String folder : List.of("mandala/rules/", "mandala/configuration/")) {
            int at = kiePath.indexOf(folder);
            if (at >= 0) {
                return kiePath.substring(at + folder.length());
            }
        }
        return kiePath;
    }

    /** Whether a fact type answers the property as a number ({@code score} → {@code getScore()}). */
    private static boolean hasNumber(Class<?> type, String property) {
        try {
            Class<?> r = type.getMethod("get" + Character.toUpperCase(property.charAt(0)) + property.substring(1)).getReturnType();
            return Number.class.isAssignableFrom(r) || (r.isPrimitive() && r != boolean.class && r != void.class && r != char.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A comma-separated metadata value as a list. */
    private static List<String> list(String value) {
        return value.isBlank() ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
