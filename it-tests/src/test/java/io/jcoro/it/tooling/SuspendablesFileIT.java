package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jcoro.it.JvmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Methods of classes you do not own, declared suspendable in a META-INF/jcoro/suspendables file on the
 * class path: the "third-party" pipeline of the example has no annotation, and suspends only with
 * the file.
 */
class SuspendablesFileIT {
    private static String where(String method, String marker) {
        return method + "(" + markerFile(marker) + ":" + ToolingJvm.exampleLine(sourceOf(marker), marker) + ")";
    }

    private static String sourceOf(String marker) {
        return marker.startsWith("pipeline") ? "thirdparty/Pipeline.java" : "ThirdPartyApp.java";
    }

    private static String markerFile(String marker) {
        return Path.of(sourceOf(marker)).getFileName().toString();
    }

    private static ToolingJvm app() {
        return ToolingJvm.example("ThirdPartyApp").javaagent(null);
    }

    private static void assertThePipelineSuspends(Path dir, String... entries) throws Exception {
        Path file = dir.resolve("META-INF/jcoro/suspendables");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", entries) + "\n");
        JvmRun.Result r = app().prependClasspath(dir).run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("suspended at:\n"
                + "\tat io.jcoro.examples.tooling.ThirdPartyApp$Exclaim." + where("apply", "class stage suspends") + "\n"
                + "\tat io.jcoro.examples.tooling.thirdparty.Pipeline." + where("run", "pipeline applies a stage") + "\n"
                + "\tat io.jcoro.examples.tooling.ThirdPartyApp.lambda$main$2(ThirdPartyApp.java:"
                + ToolingJvm.exampleLine("ThirdPartyApp.java", "body runs the pipeline") + ")\n"
                + "result: <HELLO!>, resumes: 3\n", r.stdout(), r::describe);
        assertFalse(r.stderr().contains("WARNING"), r::describe);
    }

    @Test
    void declaredThirdPartyMethodsSuspend(@TempDir Path dir) throws Exception {
        assertThePipelineSuspends(dir,
                "// a library that knows nothing of jcoro",
                "io.jcoro.examples.tooling.thirdparty.Stage#apply     # every overload",
                "io/jcoro/examples/tooling/thirdparty/Pipeline#run(Ljava/lang/String;)Ljava/lang/String;");
    }

    @Test
    void wholeClassesDeclaredWithAStarSuspendTheSame(@TempDir Path dir) throws Exception {
        assertThePipelineSuspends(dir,
                "io.jcoro.examples.tooling.thirdparty.Stage#*",
                "io/jcoro/examples/tooling/thirdparty/Pipeline#*     // run, and nothing else to weave");
    }

    @Test
    void withoutTheFileTheSuspensionFailsNamingTheUndeclaredMethod() throws Exception {
        JvmRun.Result r = app().run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("failed: cannot suspend at io.jcoro.examples.tooling.ThirdPartyApp$Exclaim."
                + where("apply", "class stage suspends") + ": io.jcoro.examples.tooling.ThirdPartyApp$Exclaim.apply calls a "
                + "suspendable method (io.jcoro.Continuation.suspend) but is not @Suspendable itself, so its state would "
                + "be lost; annotate it @Suspendable\n", r.stdout(), r::describe);
    }
}
