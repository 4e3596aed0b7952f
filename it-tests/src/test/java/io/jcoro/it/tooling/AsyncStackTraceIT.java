package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcoro.it.JvmRun;
import org.junit.jupiter.api.Test;

/** Async stack traces across a chain of three tasks and a blocked thread; and switched off. */
class AsyncStackTraceIT {
    private static String at(String method, String marker) {
        return "io.jcoro.examples.tooling.AsyncTraceApp." + method + "(AsyncTraceApp.java:"
                + ToolingJvm.exampleLine("AsyncTraceApp.java", marker) + ")";
    }

    private static final String FAILED = "failed: card declined for 250 cents, thrown at ";

    @Test
    void everyAwaiterAddsItsFramesInTurn() throws Exception {
        JvmRun.Result r = ToolingJvm.example("AsyncTraceApp").javaagent(null).run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(FAILED + at("charge", "charge throws") + "\n"
                + "awaited by task shop-task-2 at " + at("pay", "pay awaits") + "\n"
                + "awaited by task shop-task-1 at " + at("checkout", "checkout awaits") + "\n"
                + "awaited by blockOn on thread main at io.jcoro.examples.tooling.AsyncTraceApp.main(AsyncTraceApp.java:"
                + ToolingJvm.exampleLine("AsyncTraceApp.java", "blockOn") + ")\n", r.stdout(), r::describe);
    }

    @Test
    void aSystemPropertyTurnsThemOff() throws Exception {
        JvmRun.Result r = ToolingJvm.example("AsyncTraceApp").javaagent(null)
                .option("-Djcoro.asyncStackTraces=false").run();
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(FAILED + at("charge", "charge throws") + "\n", r.stdout(), r::describe);
    }
}
