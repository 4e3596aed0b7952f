package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.it.JvmRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of the coroutines of a running program, asked for from outside with
 * {@code jcmd <pid> JVMTI.agent_load jcoro-agent.jar coroutines[:FILE]}.
 */
class CoroutineDumpIT {
    private static String frame(String method, String marker) {
        return "\tat io.jcoro.examples.tooling.DumpApp." + method + "(DumpApp.java:"
                + ToolingJvm.exampleLine("DumpApp.java", marker) + ")\n";
    }

    private static JvmRun.Result jcmd(Path java, long pid, String command) throws IOException, InterruptedException {
        Path jcmd = java.resolveSibling("jcmd");
        List<String> line = List.of(jcmd.toString(), Long.toString(pid), "JVMTI.agent_load",
                ToolingJvm.agentJar().toAbsolutePath().toString(), command);
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(ToolingJvm.TIMEOUT_SECONDS, TimeUnit.SECONDS), "jcmd hangs");
        return new JvmRun.Result(String.join(" ", line), p.exitValue(), out, "");
    }

    @Test
    void jcmdDumpsTheSuspendedCoroutinesOfARunningProgram(@TempDir Path dir) throws Exception {
        ToolingJvm app = ToolingJvm.example("DumpApp").javaagent(null).quietDynamicAgents();
        Path java = Path.of(app.command().get(0));
        Process p = new ProcessBuilder(app.command()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("ready", out.readLine(), () -> "stderr: " + read(dir.resolve("stderr.txt")));

            Path file = dir.resolve("coroutines.txt");
            JvmRun.Result toFile = jcmd(java, p.pid(), "coroutines:" + file);
            assertEquals(0, toFile.exitCode(), toFile::describe);
            String dump = Files.readString(file);
            assertTrue(dump.startsWith("jcoro coroutines of scheduler \"orders\" (2 unfinished)\n"
                    + "\"orders-task-1\" suspended, awaiting Promise[pending]\n"
                    + "\tat io.jcoro.Async.await("), dump);
            assertTrue(dump.contains(frame("fetchOrder", "fetchOrder awaits")
                    + "\tat io.jcoro.examples.tooling.DumpApp.lambda$main$0(DumpApp.java:"), dump);
            assertTrue(dump.contains("\n\"orders-task-2\" suspended, awaiting task orders-task-1\n"), dump);
            assertTrue(dump.contains(frame("report", "report awaits")), dump);

            JvmRun.Result toStdout = jcmd(java, p.pid(), "coroutines");
            assertEquals(0, toStdout.exitCode(), toStdout::describe);
            String first = out.readLine();
            assertEquals("jcoro coroutines of scheduler \"orders\" (2 unfinished)", first, "the dump on the program's stdout");

            in.write("go\n");
            in.flush();
            String last = null;
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                last = l;
            }
            assertEquals("report: order 7 shipped", last, "the program went on undisturbed");
        } finally {
            if (!p.waitFor(ToolingJvm.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue(), () -> read(dir.resolve("stderr.txt")));
        assertTrue(!read(dir.resolve("stderr.txt")).contains("WARNING"), () -> read(dir.resolve("stderr.txt")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
