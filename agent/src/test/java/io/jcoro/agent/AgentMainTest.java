package io.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weave command's arguments, exit statuses and messages (the weaving itself: WeaverTest). */
class AgentMainTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
        String describe() {
            return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AgentMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String api() throws URISyntaxException {
        return Path.of(io.jcoro.Suspendable.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private Path classes() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/w"));
        Files.writeString(src.resolve("Counter.java"), """
                package w;
                public class Counter {
                    @io.jcoro.Suspendable
                    public static void twice() {
                        io.jcoro.Continuation.suspend();
                        io.jcoro.Continuation.suspend();
                    }
                }
                """);
        Path classes = tmp.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", api(), src.resolve("Counter.java").toString()));
        return classes;
    }

    @Test
    void helpPrintsTheUsage() {
        Run r = run("help");
        assertEquals(0, r.status(), r::describe);
        assertTrue(r.out().startsWith("usage: java -jar jcoro-agent.jar weave"), r::describe);
    }

    @Test
    void misuseExitsWith2AndTheUsage() {
        for (String[] args : new String[][] {{}, {"wave"}, {"weave"}, {"weave", "in"}, {"weave", "a", "b", "c"},
                {"weave", "--fast", "a", "b"}, {"weave", "a", "b", "--classpath"}}) {
            Run r = run(args);
            assertEquals(2, r.status(), () -> String.join(" ", args) + "\n" + r.describe());
            assertTrue(r.err().contains("usage: java -jar jcoro-agent.jar weave"), r::describe);
            assertEquals("", r.out());
        }
        assertTrue(run("weave", "--fast", "a", "b").err().startsWith("jcoro: unknown option: --fast\n"));
    }

    @Test
    void weavesADirectoryAndSaysSoInOneLine() throws Exception {
        Path classes = classes();
        Path out = tmp.resolve("woven");
        Run r = run("weave", "--classpath", api(), classes.toString(), out.toString());
        assertEquals(0, r.status(), r::describe);
        assertEquals("jcoro weave: 1 classes, 1 woven (1 methods), 0 guarded methods, 0 refused methods -> " + out + "\n",
                r.out());
        assertEquals("", r.err());
        assertFalse(Files.mismatch(classes.resolve("w/Counter.class"), out.resolve("w/Counter.class")) == -1L);
    }

    @Test
    void verboseNamesWovenClassesAndMethods() throws Exception {
        Run r = run("weave", "--verbose", "--classpath=" + api() + File.pathSeparator, classes().toString(),
                tmp.resolve("woven.jar").toString());
        assertEquals(0, r.status(), r::describe);
        assertTrue(r.out().contains("  w.Counter.twice()V: WOVEN (2 suspension points)\n"), r::describe);
        assertTrue(r.out().contains("woven: w/Counter.class\n"), r::describe);
    }

    @Test
    void aMissingInputExitsWith1() {
        Path in = tmp.resolve("nothing");
        Run r = run("weave", in.toString(), tmp.resolve("out").toString());
        assertEquals(1, r.status(), r::describe);
        assertEquals("jcoro weave: the input " + in + " does not exist\n", r.err());
    }

    @Test
    void aRefusedMethodExitsWith1WithItsMessageUnlessNoFail() throws Exception {
        Path classes = io.jcoro.weaver.build.WeaveFixtures.withRefusedMethod(classes());
        Path out = tmp.resolve("out");
        Run r = run("weave", "--classpath", api(), classes.toString(), out.toString());
        assertEquals(1, r.status(), r::describe);
        assertTrue(r.err().contains("w.Odd.call()Ljava/lang/Object;: REFUSED"), r::describe);
        assertFalse(Files.exists(out));

        Run lenient = run("weave", "--no-fail", "--classpath", api(), classes.toString(), out.toString());
        assertEquals(0, lenient.status(), lenient::describe);
        assertTrue(lenient.err().startsWith("jcoro weave: w.Odd.call()Ljava/lang/Object;: REFUSED"), lenient::describe);
        assertTrue(lenient.out().contains("1 refused methods"), lenient::describe);
        assertTrue(Files.isRegularFile(out.resolve("w/Odd.class")));
    }
}
