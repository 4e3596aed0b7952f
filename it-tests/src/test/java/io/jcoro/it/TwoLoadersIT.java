package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two classes of one name, {@code com.example.plugin.Task}, with different bodies (as two web applications
 * or two plugin versions in one server have), each woven at build time by the weave command and loaded by
 * a {@link java.net.URLClassLoader} of its own, in one JVM without the agent. Their coroutines suspend and
 * resume in turn: each prints its own result, the logical stack of each shows its own lines (read with
 * its own resume points), and the registry holds one entry per defining loader for each method, with that
 * class's resume points. Were methods known by name alone, the class initialised second would take over
 * the first one's entries, and the first one's stacks would show the other's lines.
 */
class TwoLoadersIT {
    private static final String TASK_A = """
            package com.example.plugin;

            import io.jcoro.Continuation;
            import io.jcoro.Suspendable;
            import io.jcoro.SuspendableRunnable;

            public class Task implements SuspendableRunnable {
                @Override
                public void run() {
                    String s = "a";
                    for (int i = 1; i <= 2; i++) {
                        s = step(s, i); // marker: A run
                    }
                    System.out.println("A done: " + s);
                }

                @Suspendable
                static String step(String s, int i) {
                    Continuation.suspend(); // marker: A step
                    return s + i;
                }
            }
            """;
    /** The same class and method names and descriptors, another body, other lines, more resume points. */
    private static final String TASK_B = """
            package com.example.plugin;

            import io.jcoro.Continuation;
            import io.jcoro.Suspendable;
            import io.jcoro.SuspendableRunnable;

            public class Task implements SuspendableRunnable {
                @Override
                public void run() {
                    long product = 1;
                    String s = "b";

                    s = step(s, 3); // marker: B run first
                    product *= s.length();
                    s = step(s, 4); // marker: B run second
                    System.out.println("B done: " + s + " " + product);
                }

                @Suspendable
                static String step(String s, int i) {
                    String twice = s.repeat(2);

                    Continuation.suspend(); // marker: B step
                    return twice + i;
                }
            }
            """;
    /** Loads a Task from each directory, runs both in turn, and prints what the registry holds. */
    private static final String HOST = """
            package com.example.host;

            import io.jcoro.Continuation;
            import io.jcoro.SuspendableRunnable;
            import io.jcoro.debug.LogicalStack;
            import io.jcoro.internal.MethodRegistry;
            import io.jcoro.internal.ResumePoints;
            import java.net.URL;
            import java.net.URLClassLoader;
            import java.nio.file.Path;

            public class Host {
                public static void main(String[] args) throws Exception {
                    ClassLoader parent = Host.class.getClassLoader();
                    URLClassLoader a = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()}, parent);
                    URLClassLoader b = new URLClassLoader(new URL[] {Path.of(args[1]).toUri().toURL()}, parent);
                    Class<?> taskA = a.loadClass("com.example.plugin.Task");
                    Class<?> taskB = b.loadClass("com.example.plugin.Task");
                    System.out.println("defined by their own loaders: " + (taskA.getClassLoader() == a && taskB.getClassLoader() == b));
                    Continuation ca = new Continuation((SuspendableRunnable) taskA.getDeclaredConstructor().newInstance());
                    Continuation cb = new Continuation((SuspendableRunnable) taskB.getDeclaredConstructor().newInstance());
                    while (!ca.isDone() || !cb.isDone()) {
                        step("A", ca);
                        step("B", cb);
                    }
                    for (String method : new String[] {"run()V", "step(Ljava/lang/String;I)Ljava/lang/String;"}) {
                        String key = "com/example/plugin/Task." + method;
                        int inA = MethodRegistry.idOf(a, key);
                        int inB = MethodRegistry.idOf(b, key);
                        System.out.println(method + ": " + (inA != inB ? "two entries" : "ONE ENTRY")
                                + ", A's resume lines " + lines(MethodRegistry.resumePoints(inA))
                                + ", B's resume lines " + lines(MethodRegistry.resumePoints(inB)));
                    }
                }

                private static void step(String name, Continuation c) {
                    if (c.isDone()) {
                        return;
                    }
                    c.resume();
                    if (!c.isDone()) {
                        System.out.print(name + " suspended at:\\n" + LogicalStack.format(LogicalStack.of(c)));
                    }
                }

                private static String lines(ResumePoints points) {
                    if (points == null) {
                        return "(none)";
                    }
                    StringBuilder s = new StringBuilder("[");
                    for (int i = 0; i < points.count(); i++) {
                        s.append(i == 0 ? "" : ", ").append(points.line(i));
                    }
                    return s.append("]").toString();
                }
            }
            """;

    @TempDir
    Path dir;

    private Path compile(String name, String source, String file) throws IOException {
        Path src = dir.resolve(name + "-src").resolve(file);
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        String[] args = {"--release", "17", "-d", classes.toString(), "-cp", join(RuntimeJars.classpath()), src.toString()};
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args), "javac " + String.join(" ", args));
        return classes;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code java -jar jcoro-agent.jar weave}: compiled and woven, one class and two woven methods. */
    private Path woven(String name, String source) throws Exception {
        Path classes = compile(name, source, "com/example/plugin/Task.java");
        Path woven = dir.resolve(name + "-woven");
        JvmRun.Result w = JvmRun.execute(List.of(ItConfig.java().toString(), "-jar", ItConfig.agentJar().toString(),
                "weave", "--classpath", join(RuntimeJars.classpath()), classes.toString(), woven.toString()));
        assertEquals(0, w.exitCode(), w::describe);
        assertEquals("", w.stderr(), w::describe);
        assertEquals("jcoro weave: 1 classes, 1 woven (2 methods), 0 guarded methods, 0 refused methods -> " + woven + "\n",
                w.stdout(), w::describe);
        return woven;
    }

    private static int line(String source, String marker) {
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("// marker: " + marker)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no marker " + marker);
    }

    private static String at(String method, String source, String marker) {
        return "\tat com.example.plugin.Task." + method + "(Task.java:" + line(source, marker) + ")\n";
    }

    @Test
    void twoWovenClassesOfOneNameInTwoLoadersSuspendAndResumeEachWithItsOwnMethods() throws Exception {
        Path a = woven("a", TASK_A);
        Path b = woven("b", TASK_B);
        Path host = compile("host", HOST, "com/example/host/Host.java");
        List<Path> cp = new ArrayList<>();
        cp.add(host);
        cp.addAll(RuntimeJars.classpath());
        JvmRun.Result r = JvmRun.execute(List.of(ItConfig.java().toString(), "-cp", join(cp), "com.example.host.Host",
                a.toString(), b.toString()));

        assertEquals(0, r.exitCode(), r::describe);
        String aSuspended = "A suspended at:\n" + at("step", TASK_A, "A step") + at("run", TASK_A, "A run");
        assertEquals("defined by their own loaders: true\n"
                + aSuspended
                + "B suspended at:\n" + at("step", TASK_B, "B step") + at("run", TASK_B, "B run first")
                + aSuspended
                + "B suspended at:\n" + at("step", TASK_B, "B step") + at("run", TASK_B, "B run second")
                + "A done: a12\n"
                + "B done: bb3bb34 3\n"
                + "run()V: two entries, A's resume lines [" + line(TASK_A, "A run") + "], B's resume lines ["
                + line(TASK_B, "B run first") + ", " + line(TASK_B, "B run second") + "]\n"
                + "step(Ljava/lang/String;I)Ljava/lang/String;: two entries, A's resume lines [" + line(TASK_A, "A step")
                + "], B's resume lines [" + line(TASK_B, "B step") + "]\n", r.stdout(), r::describe);
        assertEquals("", r.stderr(), r::describe);
    }
}
