package io.jcoro.weaver.hierarchy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads {@value #RESOURCE} files: methods of classes you do not own, declared suspendable as if they
 * were annotated {@code @Suspendable}. Every such file a class loader sees
 * ({@code getResources}, so a loader's parents' files count too) adds to what that loader's classes
 * treat as suspendable. Format, one entry a line:
 *
 * <pre>
 * // full-line comments start with // (or #); blank lines are ignored
 * com.example.lib.Pipeline#run                     every overload of run
 * com.example.lib.Stage#process(Ljava/lang/Object;)Ljava/lang/Object;   one method, by JVM descriptor
 * com/example/lib/Outer$Inner#call                 internal names (slashes) work too; nested classes use $
 * com.example.lib.Pipeline$1Callback#*             every method the class declares
 * </pre>
 *
 * The owner is a binary class name ({@code com.example.Outer$Inner}) or an internal one
 * ({@code com/example/Outer$Inner}); {@code #} separates it from the method name; an optional JVM
 * method descriptor follows the name without a space. A {@code *} in place of the method name (and no
 * descriptor) declares every method declared in that class file, whatever its access, static or not,
 * synthetic accessors and bridges included; not the methods it inherits, and never its constructors or
 * static initializer (which cannot suspend). It is meant for a library's callback classes, whose
 * private methods and compiler-generated accessors would otherwise have to be listed one by one.
 * Anything after the entry and whitespace must be a comment starting with {@code //} or {@code #}. A
 * malformed line is reported as a warning naming the file and line, and skipped.
 */
public final class DeclarationFiles {
    public static final String RESOURCE = "META-INF/jcoro/suspendables";
    private static final String FIELD_TYPE = "\\[*(?:[BCDFIJSZ]|L[^;\\[.()]+;)";

    /** Compiled when a declaration has a descriptor: most runs have no declarations file at all. */
    private static final class Descriptor {
        static final Pattern METHOD_DESCRIPTOR = Pattern.compile("\\((?:" + FIELD_TYPE + ")*\\)(?:V|" + FIELD_TYPE + ")");
    }

    private DeclarationFiles() {}

    /** Every declaration in the {@value #RESOURCE} files {@code loader} sees (none for the bootstrap loader). */
    public static SuspendableDeclarations read(ClassLoader loader) {
        return read(loader, ToLog.INSTANCE);
    }

    /** {@link Warnings#warn} as a consumer, without a lambda: the agent reads declarations while it starts. */
    private static final class ToLog implements Consumer<String> {
        static final ToLog INSTANCE = new ToLog();

        @Override
        public void accept(String warning) {
            Warnings.warn(warning);
        }
    }

    /**
     * As {@link #read(ClassLoader)}, with what is wrong in the files (unreadable, a malformed line) told to
     * {@code warnings} instead of the platform logger: a build tool reports it with the rest of its run.
     */
    public static SuspendableDeclarations read(ClassLoader loader, Consumer<String> warnings) {
        if (loader == null) {
            return SuspendableDeclarations.NONE;
        }
        Set<String> entries = new LinkedHashSet<>();
        try {
            Enumeration<URL> files = loader.getResources(RESOURCE);
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    parse(in, file.toString(), entries, warnings);
                } catch (IOException e) {
                    warnings.accept("jcoro could not read " + file + ": " + e);
                }
            }
        } catch (IOException e) {
            warnings.accept("jcoro could not list the " + RESOURCE + " files of " + loader + ": " + e);
        }
        return entries.isEmpty() ? SuspendableDeclarations.NONE : new SuspendableDeclarations(entries);
    }

    /** Adds the entries of one file to {@code entries}, in the form {@link SuspendableDeclarations} takes. */
    static void parse(BufferedReader in, String fileName, Set<String> entries, Consumer<String> warnings)
            throws IOException {
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("//") || entry.startsWith("#")) {
                continue;
            }
            String error = null;
            int space = indexOfWhitespace(entry);
            if (space >= 0) {
                String rest = entry.substring(space).strip();
                entry = entry.substring(0, space);
                if (!rest.startsWith("//") && !rest.startsWith("#")) {
                    error = "text after the entry must be a comment starting with // or #";
                }
            }
            String normalized = error == null ? normalize(entry) : null;
            if (normalized == null) {
                warnings.accept("jcoro: " + fileName + " line " + number + ": ignored '" + line.strip()
                        + "': " + (error != null ? error : "expected owner#method or owner#method(descriptor), "
                        + "e.g. com.example.Stage#process, com.example.Stage#process(Ljava/lang/String;)V or com.example.Stage#*"));
                continue;
            }
            entries.add(normalized);
        }
    }

    /** {@code owner#name[desc]} or {@code owner#*} with the owner in internal form, or null when malformed. */
    static String normalize(String entry) {
        int hash = entry.indexOf('#');
        if (hash <= 0 || hash != entry.lastIndexOf('#') || hash == entry.length() - 1) {
            return null;
        }
        String owner = entry.substring(0, hash).replace('.', '/');
        String method = entry.substring(hash + 1);
        if (method.equals(SuspendableDeclarations.EVERY_METHOD)) {
            return isIdentifierPath(owner, '/') ? owner + "#" + method : null;
        }
        int paren = method.indexOf('(');
        String name = paren < 0 ? method : method.substring(0, paren);
        if (!isIdentifierPath(owner, '/') || !isIdentifierPath(name, (char) 0) || name.isEmpty()) {
            return null;
        }
        if (paren >= 0 && !Descriptor.METHOD_DESCRIPTOR.matcher(method.substring(paren)).matches()) {
            return null;
        }
        return owner + "#" + method;
    }

    private static boolean isIdentifierPath(String s, char separator) {
        if (s.isEmpty()) {
            return false;
        }
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == separator) {
                if (start) {
                    return false;
                }
                start = true;
            } else if (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c)) {
                start = false;
            } else {
                return false;
            }
        }
        return !start;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
