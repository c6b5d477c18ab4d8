package org.mandala.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.Handle;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * The second line of the sandbox: every class Drools compiled from the rules (consequences,
 * functions, accumulate code, evals) is read before any of it runs, and every member it calls or
 * reads must be on an allow-list of named classes and members: the fact model, the ruleset's own
 * classes, listed members of {@code java.lang}, {@code java.util} and {@code java.time}, and the
 * members of Drools that its generated code and the documented consequence helpers ({@code insert},
 * {@code insertLogical}, {@code modify}, {@code update}, {@code delete}, {@code getRule}) need.
 * Nothing is allowed by package prefix. Then each class is rewritten so that its loops, recursion
 * and array allocations answer to the session's {@link RuleBudget}.
 */
final class Bytecode {
    /** The fact model: every member of its classes. */
    private static final String MODEL = "org/mandala/model/";
    private static final String BUDGET = Type.getInternalName(RuleBudget.class);
    /** Constructors that take a size: a rule must not preallocate. */
    private static final Set<String> SIZED_CONSTRUCTORS = Set.of("(I)V", "(IF)V", "(IFZ)V");

    /** Members by owner; {@code *} allows every member of a value type. */
    private static final Map<String, Set<String>> MEMBERS = Map.ofEntries(
            Map.entry("java/lang/Object", Set.of("<init>", "equals", "hashCode", "toString", "getClass")),
            // not replace: one call can multiply a string's length by another's
            Map.entry("java/lang/String", Set.of("valueOf", "join", "length", "isEmpty", "isBlank", "equals", "equalsIgnoreCase",
                    "compareTo", "compareToIgnoreCase", "contains", "startsWith", "endsWith", "indexOf", "lastIndexOf", "substring",
                    "charAt", "toUpperCase", "toLowerCase", "trim", "strip", "stripLeading", "stripTrailing", "concat",
                    "hashCode", "toString")),
            Map.entry("java/lang/StringBuilder", Set.of("<init>", "append", "toString", "length", "charAt", "reverse")),
            Map.entry("java/lang/CharSequence", Set.of("length", "charAt", "toString")),
            Map.entry("java/lang/Math", Set.of("*")),
            Map.entry("java/lang/StrictMath", Set.of("*")),
            Map.entry("java/lang/Number", Set.of("intValue", "longValue", "doubleValue", "floatValue", "shortValue", "byteValue")),
            Map.entry("java/lang/Integer", boxes()),
            Map.entry("java/lang/Long", boxes()),
            Map.entry("java/lang/Double", boxes()),
            Map.entry("java/lang/Float", boxes()),
            Map.entry("java/lang/Short", boxes()),
            Map.entry("java/lang/Byte", boxes()),
            Map.entry("java/lang/Boolean", Set.of("valueOf", "booleanValue", "parseBoolean", "TRUE", "FALSE", "equals", "hashCode",
                    "toString", "compare", "compareTo", "logicalAnd", "logicalOr", "logicalXor")),
            Map.entry("java/lang/Character", Set.of("valueOf", "charValue", "isDigit", "isLetter", "isUpperCase", "isLowerCase",
                    "toUpperCase", "toLowerCase", "equals", "hashCode", "toString", "compare")),
            Map.entry("java/lang/Enum", Set.of("name", "ordinal", "compareTo", "equals", "hashCode", "toString")),
            Map.entry("java/lang/Comparable", Set.of("compareTo")),
            Map.entry("java/lang/Iterable", Set.of("iterator", "forEach")),
            Map.entry("java/lang/RuntimeException", Set.of("<init>")),
            Map.entry("java/lang/IllegalArgumentException", Set.of("<init>")),
            Map.entry("java/lang/IllegalStateException", Set.of("<init>")),
            Map.entry("java/util/Iterator", Set.of("hasNext", "next")),
            Map.entry("java/util/Collection", collections()),
            Map.entry("java/util/List", collections()),
            Map.entry("java/util/Set", collections()),
            Map.entry("java/util/Map", collections()),
            Map.entry("java/util/Map$Entry", Set.of("getKey", "getValue")),
            Map.entry("java/util/ArrayList", collections()),
            Map.entry("java/util/LinkedList", collections()),
            Map.entry("java/util/HashMap", collections()),
            Map.entry("java/util/LinkedHashMap", collections()),
            Map.entry("java/util/TreeMap", collections()),
            Map.entry("java/util/HashSet", collections()),
            Map.entry("java/util/LinkedHashSet", collections()),
            Map.entry("java/util/TreeSet", collections()),
            Map.entry("java/util/Collections", Set.of("emptyList", "emptySet", "emptyMap", "unmodifiableList", "unmodifiableSet",
                    "unmodifiableMap", "unmodifiableCollection", "singletonList", "singleton", "sort", "max", "min")),
            Map.entry("java/util/Arrays", Set.of("asList")),
            Map.entry("java/util/Objects", Set.of("equals", "hashCode", "hash", "requireNonNull", "isNull", "nonNull", "toString")),
            Map.entry("java/util/Comparator", Set.of("comparing", "comparingDouble", "comparingInt", "reversed", "thenComparing",
                    "naturalOrder", "reverseOrder", "compare")),
            Map.entry("java/util/function/Consumer", Set.of("accept")),
            Map.entry("java/util/function/Function", Set.of("apply")),
            Map.entry("java/util/function/Predicate", Set.of("test")),
            Map.entry("java/util/function/ToDoubleFunction", Set.of("applyAsDouble")),
            Map.entry("java/time/LocalDate", Set.of("*")),
            Map.entry("java/time/Period", Set.of("*")),
            Map.entry("java/time/YearMonth", Set.of("*")),
            Map.entry("java/time/Month", Set.of("*")),
            Map.entry("java/time/DayOfWeek", Set.of("*")),
            Map.entry("java/time/temporal/ChronoUnit", Set.of("*")),
            // what the classes Drools generates call, and the documented helpers of a consequence
            Map.entry("org/drools/core/rule/consequence/KnowledgeHelper", Set.of("insert", "insertLogical", "update", "delete",
                    "retract", "getRule", "getWorkingMemory")),
            Map.entry("org/drools/core/WorkingMemory", Set.of("getFactHandle")),
            Map.entry("org/kie/api/definition/rule/Rule", Set.of("getName")),
            Map.entry("org/kie/api/runtime/rule/FactHandle", Set.of("getObject")),
            Map.entry("org/drools/core/common/InternalFactHandle", Set.of("getObject")),
            Map.entry("org/drools/base/base/ValueResolver", Set.of("getGlobal")),
            Map.entry("org/drools/base/rule/Declaration", Set.of("getValue", "getIdentifier", "getDoubleValue", "getIntValue",
                    "getLongValue", "getBooleanValue", "getFloatValue", "getShortValue", "getByteValue", "getCharValue")),
            Map.entry("org/drools/base/rule/accessor/CompiledInvoker", Set.of("getMethodBytecode")),
            Map.entry("org/drools/base/rule/consequence/Consequence", Set.of("evaluate")),
            Map.entry("org/drools/base/rule/consequence/ConsequenceContext", Set.of("getRequiredDeclarations", "getTuple")),
            Map.entry("org/drools/base/rule/accessor/EvalExpression", Set.of("evaluate")),
            Map.entry("org/drools/base/rule/accessor/ReturnValueExpression", Set.of("evaluate")),
            Map.entry("org/drools/base/rule/accessor/Accumulator", Set.of("createContext", "init", "accumulate", "reverse",
                    "getResult", "supportsReverse", "createWorkingMemoryContext")),
            Map.entry("org/drools/core/reteoo/Tuple", Set.of("get")),
            Map.entry("org/drools/base/reteoo/BaseTuple", Set.of("get")),
            Map.entry("org/drools/mvel/asm/ConsequenceGenerator", Set.of("generate")),
            Map.entry("org/drools/mvel/asm/EvalGenerator", Set.of("generate")),
            Map.entry("org/drools/mvel/asm/ReturnValueGenerator", Set.of("generate")),
            Map.entry("org/drools/mvel/asm/MethodComparator", Set.of("compareBytecode", "getMethodBytecode")),
            Map.entry("org/drools/mvel/field/FieldFactory", Set.of("getInstance", "getFieldValue")),
            Map.entry("org/drools/util/bitmask/AllSetButLastBitMask", Set.of("get")),
            Map.entry("org/drools/util/bitmask/AllSetBitMask", Set.of("get")),
            Map.entry("org/drools/util/bitmask/EmptyBitMask", Set.of("get")),
            Map.entry("org/drools/util/bitmask/LongBitMask", Set.of("<init>")),
            Map.entry("org/drools/util/bitmask/OpenBitSet", Set.of("<init>", "set")));
    /** Bootstrap methods of invokedynamic: string concatenation and lambdas. */
    private static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/LambdaMetafactory.metafactory", "java/lang/invoke/LambdaMetafactory.altMetafactory");
    /** The Drools interface whose generated method {@code getMethodBytecode} reads the class's own bytes (not rule code). */
    private static final String COMPILED_INVOKER = "org/drools/base/rule/accessor/CompiledInvoker";

    private Bytecode() {
    }

    private static Set<String> boxes() {
        return Set.of("valueOf", "intValue", "longValue", "doubleValue", "floatValue", "shortValue", "byteValue", "parseInt",
                "parseLong", "parseDouble", "parseFloat", "compare", "compareTo", "equals", "hashCode", "toString", "isNaN",
                "isInfinite", "isFinite", "sum", "max", "min", "signum", "MAX_VALUE", "MIN_VALUE", "NaN", "POSITIVE_INFINITY",
                "NEGATIVE_INFINITY");
    }

    private static Set<String> collections() {
        return Set.of("<init>", "add", "addAll", "get", "set", "size", "isEmpty", "contains", "containsAll", "containsKey",
                "containsValue", "iterator", "remove", "put", "putAll", "putIfAbsent", "getOrDefault", "keySet", "values",
                "entrySet", "of", "copyOf", "indexOf", "forEach", "sort", "subList", "first", "last", "firstKey", "lastKey",
                "equals", "hashCode", "toString", "clear", "merge");
    }

    /**
     * Whether rule code may use this member. {@code own} are the ruleset's own classes (compiled
     * from it, or declared types), themselves checked or generated by Drools.
     */
    static boolean allowed(String owner, String name, String descriptor, Set<String> own) {
        if (own.contains(owner) || (owner.startsWith(MODEL) && owner.indexOf('/', MODEL.length()) < 0)) {
            return true;
        }
        if (owner.startsWith("[")) {
            return name.equals("clone") || name.equals("length");
        }
        Set<String> members = MEMBERS.get(owner);
        if (members == null || !(members.contains("*") || members.contains(name))) {
            return false;
        }
        return !(name.equals("<init>") && SIZED_CONSTRUCTORS.contains(descriptor));
    }

    /**
     * Checks every class against the allow-list and, when all pass, rewrites each one with its
     * budget calls. Returns the rewritten classes by name; the problems are added to {@code forbidden}
     * as "class: member" texts.
     */
    static Map<String, byte[]> checkAndInstrument(Map<String, byte[]> classes, Set<String> declaredTypes, List<String> forbidden) {
        Set<String> own = new HashSet<>(declaredTypes);
        for (String file : classes.keySet()) {
            own.add(file.endsWith(".class") ? file.substring(0, file.length() - ".class".length()) : file);
        }
        Map<String, byte[]> rewritten = new java.util.TreeMap<>();
        for (var c : classes.entrySet()) {
            Set<String> uses = new TreeSet<>();
            ClassReader reader = new ClassReader(c.getValue());
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new Rewriter(writer, own, uses), 0);
            if (uses.isEmpty()) {
                rewritten.put(c.getKey(), writer.toByteArray());
            } else {
                String cls = c.getKey().substring(c.getKey().lastIndexOf('/') + 1).replaceAll("\\.class$", "");
                forbidden.add(cls + " uses " + String.join(", ", uses));
            }
        }
        return rewritten;
    }

    /** Checks each instruction of a class and adds the budget calls. */
    private static final class Rewriter extends ClassVisitor {
        private final Set<String> own;
        private final Set<String> uses;
        private boolean invoker;

        Rewriter(ClassVisitor next, Set<String> own, Set<String> uses) {
            super(Opcodes.ASM9, next);
            this.own = own;
            this.uses = uses;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            invoker = interfaces != null && List.of(interfaces).contains(COMPILED_INVOKER);
            if (superName != null && !superName.equals("java/lang/Object") && !own.contains(superName)) {
                // a subclass of a JDK or fact-model class would inherit members past the allow-list, or run
                // its overrides (key(), equals(), ...) after the session, outside its bound
                uses.add("a subclass of " + superName.replace('/', '.'));
            }
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (Set.of("finalize", "readObject", "readResolve", "writeObject").contains(name)) {
                uses.add("a " + name + " method (it would run outside any session)");
            }
            if (invoker && name.equals("getMethodBytecode")) {
                // Drools's own template: reads the class's bytes to compare invokers; no rule text reaches it
                return next;
            }
            return new Budgeted(next, own, uses, (access & Opcodes.ACC_ABSTRACT) == 0);
        }
    }

    private static final class Budgeted extends MethodVisitor {
        private final Set<String> own;
        private final Set<String> uses;
        private final boolean hasCode;
        private final Set<Label> seen = new HashSet<>();

        Budgeted(MethodVisitor next, Set<String> own, Set<String> uses, boolean hasCode) {
            super(Opcodes.ASM9, next);
            this.own = own;
            this.uses = uses;
            this.hasCode = hasCode;
        }

        private void tick() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BUDGET, "tick", "()V", false);
        }

        private void member(String owner, String name, String descriptor) {
            if (!allowed(owner, name, descriptor, own)) {
                uses.add(owner.replace('/', '.') + "." + name);
            }
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (hasCode) {
                tick(); // recursion answers to the budget too
            }
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                tick(); // a backward jump: a loop
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            tick();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            tick();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == Opcodes.NEWARRAY) {
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BUDGET, "array", "(I)V", false);
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.ANEWARRAY) {
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BUDGET, "array", "(I)V", false);
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            uses.add("multi-dimensional arrays");
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            member(owner, name, descriptor);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (owner.startsWith("java/") && !name.equals("<init>")) {
                tick(); // what one JDK call allocated counts at once, not at the next loop
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            member(owner, name, descriptor);
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Type t && t.getSort() == Type.OBJECT && !own.contains(t.getInternalName())
                    && !t.getInternalName().startsWith(MODEL)) {
                uses.add("the class literal " + t.getClassName() + ".class");
            } else if (value instanceof Handle h) {
                member(h.getOwner(), h.getName(), h.getDesc());
            }
            super.visitLdcInsn(value);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            if (!BOOTSTRAPS.contains(bootstrap.getOwner() + "." + bootstrap.getName())) {
                uses.add("invokedynamic with " + bootstrap.getOwner().replace('/', '.') + "." + bootstrap.getName());
            }
            for (Object a : arguments) {
                if (a instanceof Handle h) {
                    member(h.getOwner(), h.getName(), h.getDesc());
                }
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }
    }

    /**
     * The names rule text may reach after a dot: the members of the allow-list (every public member
     * of a class allowed whole), of the fact model, and the bean properties their getters make
     * (MVEL reads {@code a.b} as {@code a.getB()}).
     */
    static Set<String> memberNames() {
        Set<String> names = new HashSet<>();
        MEMBERS.forEach((owner, members) -> {
            if (members.contains("*")) {
                try {
                    addPublicMembers(Class.forName(owner.replace('/', '.')), names);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                members.stream().filter(m -> !m.startsWith("<")).forEach(names::add);
            }
        });
        try {
            var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver(Bytecode.class.getClassLoader());
            for (var r : resolver.getResources("classpath*:" + MODEL + "*.class")) {
                String file = r.getFilename();
                if (file != null && !file.contains("$") && !file.equals("package-info.class")) {
                    addPublicMembers(Class.forName(MODEL.replace('/', '.') + file.replace(".class", "")), names);
                }
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("the fact model cannot be listed", e);
        }
        return names;
    }

    private static void addPublicMembers(Class<?> type, Set<String> names) {
        for (java.lang.reflect.Method m : type.getMethods()) {
            Class<?> declaring = m.getDeclaringClass();
            if (declaring.getName().startsWith("java.") && declaring != type) {
                // inherited from the JDK (Enum.getDeclaringClass, Object.getClass, ...): only what its own allow-list says
                Set<String> jdk = MEMBERS.get(declaring.getName().replace('.', '/'));
                if (jdk == null || !jdk.contains(m.getName())) {
                    continue;
                }
            }
            if (m.getReturnType() == Class.class) {
                continue;
            }
            names.add(m.getName());
            String n = m.getName();
            int prefix = n.startsWith("get") ? 3 : n.startsWith("is") ? 2 : 0;
            if (prefix > 0 && n.length() > prefix && m.getParameterCount() == 0) {
                names.add(Character.toLowerCase(n.charAt(prefix)) + n.substring(prefix + 1));
            }
        }
        for (java.lang.reflect.Field f : type.getFields()) {
            names.add(f.getName());
        }
        for (Class<?> inner : type.getClasses()) {
            names.add(inner.getSimpleName());
        }
    }

    /** Types rules may name besides the allow-list's owners: to declare and cast values. */
    private static final Set<String> DECLARABLE = Set.of("Object", "String", "Number", "Integer", "Long", "Double", "Float", "Short",
            "Byte", "Boolean", "Character", "Math", "Comparable", "CharSequence", "Iterable", "List", "Collection", "Set", "Map",
            "Entry", "Iterator", "Override", "SuppressWarnings", "FunctionalInterface", "Deprecated", "Exception", "RuntimeException",
            "IllegalArgumentException", "IllegalStateException", "Throwable", "Error");

    /** The simple names of the JDK types rules may name. */
    static Set<String> typeNames() {
        Set<String> names = new HashSet<>(DECLARABLE);
        for (String owner : MEMBERS.keySet()) {
            if (owner.startsWith("java/")) {
                String simple = owner.substring(owner.lastIndexOf('/') + 1);
                names.add(simple.substring(simple.lastIndexOf('$') + 1));
            }
        }
        return names;
    }

    /** Whether a simple name is a type of a package a rule's imports or java.lang bring in by that name. */
    static boolean isJdkType(String simpleName) {
        for (String pkg : List.of("java.lang.", "java.util.", "java.time.", "java.util.function.", "java.time.temporal.")) {
            try {
                Class.forName(pkg + simpleName, false, Bytecode.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // not in this package
            }
        }
        return false;
    }

    /** For tests: the members a class uses that rules may not, as "owner.member" texts. */
    static List<String> forbidden(byte[] classFile) {
        List<String> problems = new ArrayList<>();
        checkAndInstrument(Map.of("probe.class", classFile), Set.of(), problems);
        return problems;
    }
}
