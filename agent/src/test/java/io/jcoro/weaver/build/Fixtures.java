package io.jcoro.weaver.build;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Inputs for the weaving tests: compiled classes with a suspendable method, a refused method, resources. */
final class Fixtures {
    static final String COUNTER = """
            package w;

            import io.jcoro.Continuation;
            import io.jcoro.Suspendable;

            public class Counter {
                @Suspendable
                public static int count(int n) {
                    int sum = 0;
                    for (int i = 1; i <= n; i++) {
                        Continuation.suspend();
                        sum += i;
                    }
                    return sum;
                }
            }
            """;
    static final String PLAIN = """
            package w;

            public class Plain {
                public static int next(int x) {
                    return x + 1;
                }
            }
            """;
    /** The line of the refused method's suspending call in {@link #writeOdd}. */
    static final int ODD_LINE = 7;
    static final FileTime TIME = FileTime.fromMillis(1_600_000_000_000L);

    private Fixtures() {}

    /** The continuation API's jar or class directory: what the fixtures compile against. */
    static Path api() {
        try {
            return Path.of(io.jcoro.Suspendable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles Counter and Plain into {@code dir} and adds a resource; every file gets {@link #TIME}. */
    static Path classes(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-src").resolve("w"));
        Files.writeString(src.resolve("Counter.java"), COUNTER);
        Files.writeString(src.resolve("Plain.java"), PLAIN);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", dir.toString(), "-cp", api().toString(), "--release", "17",
                src.resolve("Counter.java").toString(), src.resolve("Plain.java").toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + rc);
        }
        Files.writeString(dir.resolve("w/data.txt"), "some data\n");
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, TIME);
            }
        }
        return dir;
    }

    /**
     * A jar of {@link #classes}: manifest first, directory entries, a resource, and the suspendable class
     * again as a multi-release version (META-INF/versions/17/). Some entries stored, some deflated.
     */
    static Path jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Multi-Release", "true");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest)) {
            put(out, "w/", null, false);
            put(out, "w/Counter.class", Files.readAllBytes(classes.resolve("w/Counter.class")), false);
            put(out, "w/Plain.class", Files.readAllBytes(classes.resolve("w/Plain.class")), true);
            put(out, "w/data.txt", "some data\n".getBytes(StandardCharsets.UTF_8), true);
            put(out, "META-INF/versions/17/w/Counter.class", Files.readAllBytes(classes.resolve("w/Counter.class")), false);
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes, boolean stored) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(TIME.toMillis());
        if (stored) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            e.setCrc(crc.getValue());
        }
        out.putNextEntry(e);
        if (bytes != null) {
            out.write(bytes);
        }
        out.closeEntry();
    }

    /**
     * Writes {@code w.Odd}, whose {@code @Suspendable static Object call()} keeps an uninitialized object
     * on the operand stack across a suspending call ({@code NEW} without the {@code DUP} after it, a shape
     * javac never emits): valid code the transformer must refuse.
     */
    static Path writeOdd(Path root) throws IOException {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "w/Odd", null, "java/lang/Object", null);
        cw.visitSource("Odd.java", null);
        MethodVisitor call = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "call", "()Ljava/lang/Object;", null, null);
        call.visitAnnotation("Lio/jcoro/Suspendable;", true).visitEnd();
        call.visitCode();
        Label line = new Label();
        call.visitLabel(line);
        call.visitLineNumber(ODD_LINE, line);
        call.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        call.visitMethodInsn(Opcodes.INVOKESTATIC, "io/jcoro/Continuation", "suspend", "()V", false);
        call.visitInsn(Opcodes.DUP);
        call.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
        call.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        call.visitInsn(Opcodes.ARETURN);
        call.visitMaxs(0, 0);
        call.visitEnd();
        cw.visitEnd();
        Path file = root.resolve("w/Odd.class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
        return root;
    }

    /**
     * A library that knows nothing of jcoro, in {@code dir}: a callback interface {@code lib.Stage} and
     * an abstract class {@code lib.Handler}, whose methods its {@code META-INF/jcoro/suspendables} file
     * declares suspendable.
     */
    static Path library(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-src").resolve("lib"));
        Files.writeString(src.resolve("Stage.java"), """
                package lib;

                public interface Stage {
                    String apply(String input);
                }
                """);
        Files.writeString(src.resolve("Handler.java"), """
                package lib;

                public abstract class Handler {
                    public abstract void handle();
                }
                """);
        compile(dir, List.of(), src.resolve("Stage.java"), src.resolve("Handler.java"));
        Path declarations = Files.createDirectories(dir.resolve("META-INF/jcoro")).resolve("suspendables");
        Files.writeString(declarations, "lib.Stage#apply\nlib.Handler#handle\n");
        return dir;
    }

    /**
     * Classes of an application that suspend in the callbacks of {@link #library}: a lambda and a method
     * reference of {@code lib.Stage}, a class implementing it, a subclass of {@code lib.Handler} (through
     * a class of its own); and, suspendable or not whatever the class path, a lambda of
     * {@code Runnable} and an unannotated method that suspends.
     */
    static Path libraryUser(Path dir, Path library) throws IOException {
        Path src = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-src").resolve("app"));
        Files.writeString(src.resolve("Callbacks.java"), """
                package app;

                import io.jcoro.Continuation;
                import lib.Stage;

                public class Callbacks {
                    static Stage lambda() {
                        return s -> {
                            Continuation.suspend();
                            return s + "!";
                        };
                    }

                    static Stage reference() {
                        return Callbacks::shout;
                    }

                    private static String shout(String s) {
                        Continuation.suspend();
                        return s.toUpperCase();
                    }

                    static Runnable runnable() {
                        return () -> Continuation.suspend();
                    }

                    static void notAnnotated() {
                        Continuation.suspend();
                    }
                }
                """);
        Files.writeString(src.resolve("Exclaim.java"), """
                package app;

                public class Exclaim implements lib.Stage {
                    @Override
                    public String apply(String input) {
                        io.jcoro.Continuation.suspend();
                        return input + "!";
                    }
                }
                """);
        Files.writeString(src.resolve("BaseHandler.java"), """
                package app;

                public abstract class BaseHandler extends lib.Handler {
                }
                """);
        Files.writeString(src.resolve("Greeter.java"), """
                package app;

                public class Greeter extends BaseHandler {
                    @Override
                    public void handle() {
                        io.jcoro.Continuation.suspend();
                    }
                }
                """);
        compile(dir, List.of(library), src.resolve("Callbacks.java"), src.resolve("Exclaim.java"),
                src.resolve("BaseHandler.java"), src.resolve("Greeter.java"));
        return dir;
    }

    private static void compile(Path out, List<Path> classPath, Path... sources) {
        List<String> args = new java.util.ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-cp",
                java.util.stream.Stream.concat(java.util.stream.Stream.of(api()), classPath.stream()).map(Path::toString)
                        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator))));
        for (Path s : sources) {
            args.add(s.toString());
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + rc);
        }
    }

    /** The names of the files and directories directly in {@code dir}. */
    static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
