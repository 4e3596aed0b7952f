package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Woven methods must be compilable by both of the JIT's tiers, or they run interpreted (for ever, or until
 * the other tier takes them), with every test still passing. Two ways JDK 17 gave up, both fixed:
 * <ul>
 *   <li>its compilers give up on a whole method that loads a dynamic constant of a primitive type, or one
 *       not resolved yet ("could not resolve a constant", "cannot parse method"): the scheduler's methods
 *       woven at build time (a channel's {@code send}, the task body, {@code Async.await}) never compiled,
 *       and a channel hand-off took microseconds instead of nanoseconds;
 *   <li>C1 gave up on every method that suspends inside a loop ("block join failed") while the restore
 *       dispatch was the fall-through of the entry test, the example's own stages included.
 * </ul>
 *
 * <p>The pipeline example runs with {@code -Xcomp} (every method compiled before its first run, by
 * both tiers) limited to the woven runtime classes and the examples (woven by the agent), and
 * {@code -XX:+PrintCompilation}, which prints a
 * {@code COMPILE SKIPPED} line for each compilation a compiler gave up. A static initialiser is let off:
 * under {@code -Xcomp} it is compiled before it runs, so before the constants it resolves are resolved,
 * and it runs once. Run on the JDK under test ({@code jcoro.it.java}): CI runs it on JDK 17 and 25.
 */
class WovenRuntimeCompilesIT {
    @Test
    void theWovenRuntimeMethodsCompileWithoutBailingOut() throws Exception {
        JvmRun.Result r = JvmRun.of("io.jcoro.examples.PipelineExample").withAgent()
                .jvmOption("-Xcomp")
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=compileonly,io.jcoro.scheduler.*::*")
                .jvmOption("-XX:CompileCommand=compileonly,io.jcoro.Async::*")
                .jvmOption("-XX:CompileCommand=compileonly,io.jcoro.examples.*::*")
                .jvmOption("-XX:+PrintCompilation")
                .args("single")
                .run();
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("records in: 10000, squares out: 10000\n"), r::describe);

        List<String> compilations = r.stdout().lines().filter(l -> l.contains("::")).collect(Collectors.toList());
        assertTrue(compilations.stream().anyMatch(l -> l.contains("io.jcoro.scheduler.sync.Channel::send ")),
                () -> "the woven Channel.send was not even tried (did -Xcomp or compileonly change?):\n" + r.describe());
        assertTrue(compilations.stream().anyMatch(l -> l.contains("io.jcoro.examples.PipelineExample::lambda$run$")),
                () -> "the example's woven stages were not even tried:\n" + r.describe());
        List<String> givenUp = compilations.stream()
                .filter(l -> l.contains("COMPILE SKIPPED") && l.contains("io.jcoro.") && !l.contains("::<clinit>"))
                .collect(Collectors.toList());
        assertEquals(List.of(), givenUp, "woven runtime methods the JIT gave up on");
    }
}
