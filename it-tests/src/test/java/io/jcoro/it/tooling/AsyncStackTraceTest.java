package io.jcoro.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Continuation;
import io.jcoro.debug.AsyncStackTrace;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An exception thrown in a coroutine after it resumed shows the frames synchronous code would show:
 * its own chain of callers (the frames re-entered by the resume), and, across tasks, the logical
 * stack of each task that awaited it, as suppressed {@link AsyncStackTrace}s.
 */
@ExtendWith(JcoroExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncStackTraceTest {
    private static String orders(String method, String marker) {
        return CoroutineDumpTest.orders(method, marker);
    }

    private static String where(StackTraceElement e) {
        return SourceLines.where(e);
    }

    private static int line(String marker) {
        return SourceLines.testLine("AsyncStackTraceTest.java", marker);
    }

    @Test
    void anExceptionAfterResumingShowsItsCallersAsSynchronousCodeWould() {
        Continuation c = new Continuation(() -> Orders.pay(250)); // marker: plain body
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            while (!c.isDone()) {
                c.resume();
            }
        });
        List<StackTraceElement> trace = Arrays.asList(e.getStackTrace());
        assertEquals(orders("charge", "charge throws"), where(trace.get(0)));
        assertEquals(orders("pay", "pay calls charge"), where(trace.get(1)));
        assertEquals(getClass().getName(), trace.get(2).getClassName());
        assertEquals(line("plain body"), trace.get(2).getLineNumber());
        assertEquals(List.of(), AsyncStackTrace.of(e), "no task awaited it");
    }

    @Test
    void aFailureCarriesTheLogicalStacksOfTheTasksAndTheThreadThatAwaitedIt() {
        IllegalStateException e;
        try (Scheduler s = Scheduler.builder().name("async").singleThreaded()) {
            e = assertThrows(IllegalStateException.class, () -> s.blockOn(() -> { // marker: blockOn called
                Task<String> payment = Coroutines.spawn(() -> Orders.pay(250)); // marker: payment spawned
                return Orders.checkout(payment); // marker: checkout called
            }));
        }
        assertEquals("card declined for 250 cents", e.getMessage());
        List<StackTraceElement> own = Arrays.asList(e.getStackTrace());
        assertEquals(orders("charge", "charge throws"), where(own.get(0)));
        assertEquals(orders("pay", "pay calls charge"), where(own.get(1)));
        assertEquals(line("payment spawned"), own.get(2).getLineNumber());

        List<AsyncStackTrace> async = AsyncStackTrace.of(e);
        assertEquals(2, async.size(), () -> Arrays.toString(e.getSuppressed()));

        AsyncStackTrace checkout = async.get(0);
        assertEquals("awaited by task async-task-1", checkout.getMessage());
        List<StackTraceElement> checkoutFrames = CoroutineDumpTest.userFrames(Arrays.asList(checkout.getStackTrace()));
        assertEquals(orders("checkout", "checkout awaits payment"), where(checkoutFrames.get(0)));
        assertEquals(getClass().getName(), checkoutFrames.get(1).getClassName());
        assertEquals(line("checkout called"), checkoutFrames.get(1).getLineNumber());
        assertEquals(2, checkoutFrames.size(), "the body's lambda is the task's root frame: " + checkoutFrames);

        AsyncStackTrace blockOn = async.get(1);
        assertTrue(blockOn.getMessage().startsWith("awaited by blockOn on thread "), blockOn::getMessage);
        StackTraceElement caller = blockOn.getStackTrace()[0];
        assertEquals(getClass().getName(), caller.getClassName());
        assertEquals(line("blockOn called"), caller.getLineNumber());
    }
}
