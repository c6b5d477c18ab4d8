package org.mandala.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.asm.ClassReader;

/**
 * The second line of the sandbox: every class Drools compiled from the rules (consequences,
 * functions, accumulate code) is read before any of it runs, and each class it refers to must be
 * on the allow-list. This catches what a reading of the source can miss (names built across
 * lines, code pasted into decision-table cells, formulas in spreadsheets). The code Drools
 * generates itself needs {@code java.lang.Class} and {@code MethodHandles}; their reflective
 * methods are refused call by call.
 */
final class Bytecode {
    /** Packages (as internal-name prefixes) rule code may refer to. */
    private static final List<String> ALLOWED_PREFIXES = List.of("org/mandala/model/", "mandala/", "java/time/", "java/util/",
            "org/drools/", "org/kie/");
    /** Parts of java.util that reach threads, services, logging, files or archives. */
    private static final List<String> DENIED_PREFIXES = List.of("java/util/concurrent/", "java/util/ServiceLoader", "java/util/logging/",
            "java/util/prefs/", "java/util/jar/", "java/util/zip/", "java/util/spi/", "java/util/Timer", "java/util/Scanner",
            "java/util/Properties", "java/util/ResourceBundle");
    /** The java.lang types rule code may refer to: values, text, maths, exceptions, and what lambdas and string joins compile to. */
    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer", "Math", "StrictMath",
            "Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character", "Number", "Comparable", "CharSequence",
            "Iterable", "Enum", "Void", "Record", "AutoCloseable", "Throwable", "Exception", "RuntimeException", "Error",
            "IllegalArgumentException", "IllegalStateException", "NullPointerException", "ArithmeticException", "ClassCastException",
            "IndexOutOfBoundsException", "ArrayIndexOutOfBoundsException", "UnsupportedOperationException", "NumberFormatException",
            "Deprecated", "Override", "SuppressWarnings", "FunctionalInterface", "SafeVarargs",
            "invoke/LambdaMetafactory", "invoke/StringConcatFactory", "invoke/MethodHandles$Lookup", "invoke/MethodHandle",
            "invoke/MethodType", "invoke/CallSite", "invoke/MethodHandles", "Class");
    /** Methods of java.lang.Class that reach reflection, class loading or resources: never called from rule code. */
    private static final Set<String> CLASS_METHODS_DENIED = Set.of("forName", "getClassLoader", "getDeclaredMethod", "getDeclaredMethods",
            "getMethod", "getMethods", "getDeclaredField", "getDeclaredFields", "getField", "getFields", "getConstructor",
            "getConstructors", "getDeclaredConstructor", "getDeclaredConstructors", "newInstance", "getResource", "getResourceAsStream",
            "getModule", "getProtectionDomain", "getNestHost", "getRecordComponents", "getEnclosingMethod", "getDeclaredClasses",
            "getClasses");
    /** Methods of java.lang.invoke that look up or call arbitrary code. */
    private static final Set<String> INVOKE_METHODS_DENIED = Set.of("findVirtual", "findStatic", "findSpecial", "findConstructor",
            "findGetter", "findSetter", "findStaticGetter", "findStaticSetter", "findVarHandle", "findClass", "unreflect",
            "unreflectConstructor", "unreflectGetter", "unreflectSetter", "defineClass", "defineHiddenClass", "privateLookupIn",
            "invoke", "invokeExact", "invokeWithArguments", "bind");
    private static final int METHOD_REF = 10;
    private static final int INTERFACE_METHOD_REF = 11;
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([^;<>]+);");
    private static final int CLASS = 7;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_TYPE = 16;

    private Bytecode() {
    }

    /** The classes a class file refers to, as internal names ({@code java/lang/String}). */
    static Set<String> referencedClasses(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        Set<String> names = new TreeSet<>();
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            switch (reader.readByte(offset - 1)) {
                case CLASS -> {
                    String name = reader.readUTF8(offset, buffer);
                    if (name.startsWith("[")) {
                        descriptorTypes(name, names);
                    } else {
                        names.add(name);
                    }
                }
                case NAME_AND_TYPE -> descriptorTypes(reader.readUTF8(offset + 2, buffer), names);
                case METHOD_TYPE -> descriptorTypes(reader.readUTF8(offset, buffer), names);
                case METHOD_REF, INTERFACE_METHOD_REF -> {
                    String owner = reader.readClass(offset, buffer);
                    String method = reader.readUTF8(reader.getItem(reader.readUnsignedShort(offset + 2)), buffer);
                    if ((owner.equals("java/lang/Class") && CLASS_METHODS_DENIED.contains(method))
                            || (owner.startsWith("java/lang/invoke/") && INVOKE_METHODS_DENIED.contains(method))) {
                        names.add(owner + "." + method + "()");
                    }
                }
                default -> {
                }
            }
        }
        return names;
    }

    private static void descriptorTypes(String descriptor, Set<String> into) {
        Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    static boolean allowed(String internalName) {
        if (internalName.endsWith("()")) {
            return false; // a denied method, recorded as owner.method()
        }
        if (internalName.startsWith("java/lang/")) {
            return JAVA_LANG.contains(internalName.substring("java/lang/".length()));
        }
        for (String denied : DENIED_PREFIXES) {
            if (internalName.startsWith(denied)) {
                return false;
            }
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The classes a compiled rule class refers to that rules may not use. */
    static List<String> forbidden(byte[] classFile) {
        List<String> out = new ArrayList<>();
        for (String name : referencedClasses(classFile)) {
            if (!allowed(name)) {
                out.add(name.replace('/', '.'));
            }
        }
        return out;
    }
}
