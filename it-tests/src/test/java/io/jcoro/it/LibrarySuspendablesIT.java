package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library that knows nothing of jcoro, as a jar of its own: a callback interface whose method its
 * {@code META-INF/jcoro/suspendables} declares suspendable. An application suspends in a lambda and in a
 * class that implement it, and calls them from its own {@code @Suspendable} method. Woven by
 * {@code java -jar jcoro-agent.jar weave} with the library on {@code --classpath}, it runs with the runtime
 * jars, the library jar and no agent, its frames saved and restored through the callbacks. Woven without
 * the library, the weave command warns, naming the callbacks and the interface, and the program fails
 * clearly when it first suspends instead of printing a wrong value.
 */
class LibrarySuspendablesIT {
    private static final String STAGE = """
            package com.example.lib;

            /** A library's callback interface: no annotation, no jcoro on its class path. */
            public interface Stage {
                String apply(String input);
            }
            """;
    private static final String MAIN = """
            package com.example.app;

            import com.example.lib.Stage;
            import io.jcoro.Continuation;
            import io.jcoro.Suspendable;
            import io.jcoro.SuspensionError;
            import io.jcoro.debug.LogicalStack;

            public class Main {
                @Suspendable
                static String run(Stage[] stages, String input) {
                    String value = input;
                    for (Stage stage : stages) {
                        value = stage.apply(value); // marker: run applies a stage
                    }
                    return value;
                }

                static final class Exclaim implements Stage {
                    @Override
                    public String apply(String input) {
                        int length = input.length();
                        Continuation.suspend(); // marker: class stage suspends
                        return input + "!".repeat(length - 4);
                    }
                }

                public static void main(String[] args) {
                    Stage upper = s -> {
                        String before = s + s.length();
                        Continuation.suspend(); // marker: lambda stage suspends
                        return before.toUpperCase();
                    };
                    Stage[] stages = {upper, new Exclaim(), s -> "<" + s + ">"};
                    String[] result = new String[1];
                    Continuation c = new Continuation(() -> result[0] = run(stages, "hello")); // marker: body runs
                    try {
                        int resumes = 0;
                        while (!c.isDone()) {
                            c.resume();
                            resumes++;
                            if (!c.isDone()) {
                                System.out.print("suspended at:\\n" + LogicalStack.format(LogicalStack.of(c)));
                            }
                        }
                        System.out.println("result: " + result[0] + ", resumes: " + resumes);
                    } catch (SuspensionError e) {
                        System.out.println("failed: " + e.getMessage());
                    }
                }
            }
            """;

    @TempDir
    static Path dir;
    static Path library;
    static Path app;

    @BeforeAll
    static void buildTheLibraryAndTheApp() throws IOException {
        Path libClasses = compile("lib", STAGE, "com/example/lib/Stage.java", List.of());
        Path declarations = Files.createDirectories(libClasses.resolve("META-INF/jcoro")).resolve("suspendables");
        Files.writeString(declarations, "# the library's callbacks may suspend\ncom.example.lib.Stage#apply\n");
        library = jar(libClasses, dir.resolve("lib.jar"));
        List<Path> cp = new ArrayList<>(RuntimeJars.classpath());
        cp.add(library);
        app = compile("app", MAIN, "com/example/app/Main.java", cp);
    }

    private static Path compile(String name, String source, String file, List<Path> classPath) throws IOException {
        Path src = dir.resolve(name + "-src").resolve(file);
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        if (!classPath.isEmpty()) {
            args.add("-cp");
            args.add(join(classPath));
        }
        args.add(src.toString());
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0])),
                "javac " + args);
        return classes;
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code java -jar jcoro-agent.jar weave --classpath CP app OUT}. */
    private static JvmRun.Result weave(List<Path> classPath, Path out) throws Exception {
        return JvmRun.execute(List.of(ItConfig.java().toString(), "-jar", ItConfig.agentJar().toString(), "weave",
                "--classpath", join(classPath), app.toString(), out.toString()));
    }

    /** The woven app with the runtime jars and the library jar, no agent. */
    private static JvmRun.Result runWithoutAgent(Path woven) throws Exception {
        List<Path> cp = new ArrayList<>();
        cp.add(woven);
        cp.addAll(RuntimeJars.classpath());
        cp.add(library);
        return JvmRun.execute(List.of(ItConfig.java().toString(), "-cp", join(cp), "com.example.app.Main"));
    }

    private static int line(String marker) {
        String[] lines = MAIN.split("\n");
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("marker: " + marker)) {
                if (found >= 0) {
                    throw new IllegalStateException("marker twice: " + marker);
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("no marker: " + marker);
        }
        return found;
    }

    private static String at(String method, String marker) {
        return "\tat com.example.app.Main" + method + "(Main.java:" + line(marker) + ")\n";
    }

    @Test
    void wovenWithTheLibraryOnTheClassPathTheCallbacksSuspendWithoutTheAgent() throws Exception {
        List<Path> cp = new ArrayList<>(RuntimeJars.classpath());
        cp.add(library);
        Path woven = dir.resolve("woven");
        JvmRun.Result w = weave(cp, woven);
        assertEquals(0, w.exitCode(), w::describe);
        assertEquals("", w.stderr(), w::describe);
        assertEquals("jcoro weave: 2 classes, 2 woven (4 methods), 0 guarded methods, 0 refused methods -> " + woven + "\n",
                w.stdout(), "run, the body, the lambda stage and Exclaim.apply are woven\n" + w.describe());

        JvmRun.Result r = runWithoutAgent(woven);
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("suspended at:\n"
                + at(".lambda$main$0", "lambda stage suspends")
                + at(".run", "run applies a stage")
                + at(".lambda$main$2", "body runs")
                + "suspended at:\n"
                + at("$Exclaim.apply", "class stage suspends")
                + at(".run", "run applies a stage")
                + at(".lambda$main$2", "body runs")
                + "result: <HELLO5!!>, resumes: 3\n", r.stdout(), r::describe);
        assertEquals("", r.stderr(), r::describe);
    }

    @Test
    void wovenWithoutTheLibraryTheCommandWarnsAndTheProgramFailsInsteadOfPrintingAWrongValue() throws Exception {
        Path woven = dir.resolve("woven-without-lib");
        JvmRun.Result w = weave(RuntimeJars.classpath(), woven);
        assertEquals(0, w.exitCode(), "a warning does not fail the run\n" + w.describe());
        String advice = " calls suspendable code but is left unwoven: whether it may suspend depends on "
                + "com.example.lib.Stage, which is not on the weave class path, so a suspension through it will fail "
                + "at run time; add the library that has it to --classpath (jcoro-maven-plugin weaves with the "
                + "project's compile class path: make it a dependency)\n";
        // in the order of the class files' paths: Main$Exclaim.class before Main.class
        assertEquals("jcoro weave: warning: com.example.app.Main$Exclaim.apply(Ljava/lang/String;)Ljava/lang/String;" + advice
                + "jcoro weave: warning: com.example.app.Main.lambda$main$0(Ljava/lang/String;)Ljava/lang/String;" + advice,
                w.stderr(), w::describe);
        assertEquals("jcoro weave: 2 classes, 2 woven (1 methods), 2 guarded methods, 0 refused methods, 2 warnings -> "
                + woven + "\n", w.stdout(), "only the body is woven\n" + w.describe());

        JvmRun.Result r = runWithoutAgent(woven);
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("failed: cannot suspend at com.example.app.Main.lambda$main$0(Main.java:" + line("lambda stage suspends")
                + "): this lambda calls a suspendable method but its functional interface method is not @Suspendable, so its "
                + "state would be lost; use an interface whose method is @Suspendable (SuspendableRunnable, "
                + "SuspendableCallable, or your own)\n", r.stdout(), r::describe);
        assertEquals("", r.stderr(), r::describe);
    }
}
