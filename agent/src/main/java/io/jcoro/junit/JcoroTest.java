package io.jcoro.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test whose body runs as a coroutine on a {@link io.jcoro.scheduler.TestScheduler}:
 * virtual time ({@code Coroutines.sleep(Duration.ofHours(1))} returns at once) and seeded choices of
 * which task runs next, so the test can explore interleavings and replay a failing one.
 *
 * <pre>
 * &#64;JcoroTest(iterations = 1000)          // 1000 interleavings (TestScheduler.explore)
 * void transfersKeepTheTotal() { ... }
 *
 * &#64;JcoroTest(seed = 37, strategy = "pct(3, 41)")   // the one a failure named, again
 * void transfersKeepTheTotal() { ... }
 * </pre>
 *
 * <p>The method is suspendable (no {@code @Suspendable} needed): each run calls it as the first task of
 * a new scheduler, which is closed after it (unfinished tasks are cancelled). Without {@link #seed()},
 * the test runs {@link #iterations()} times as {@link io.jcoro.scheduler.TestScheduler#explore} runs a
 * body, and the first failing run fails the test with an {@code AssertionError} that names its seed,
 * its strategy and how to replay it. With a seed, it runs once under that seed (and {@link #strategy()},
 * random walk if none), and fails with the run's own failure, the seed named in the message.
 *
 * <p>The jcoro agent must be there to make the method a coroutine: the extension installs it into the
 * test JVM, as {@link JcoroExtension} does (surefire's {@code argLine} should have
 * {@code -XX:+EnableDynamicAgentLoading -Djdk.attach.allowAttachSelf=true}), unless {@code -javaagent}
 * installed it already. The method may take parameters that JUnit resolves; it must not be private to
 * another module than the agent's.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(JcoroTestExtension.class)
public @interface JcoroTest {
    /** The value of {@link #seed()} that means "none": explore. */
    long NO_SEED = Long.MIN_VALUE;

    /** How many runs (seeds {@code TestScheduler.FIRST_SEED} on) to explore; ignored with a {@link #seed()}. */
    int iterations() default 1;

    /** Runs only this seed (a replay); by default none, and the test explores {@link #iterations()} seeds. */
    long seed() default NO_SEED;

    /**
     * The {@link io.jcoro.scheduler.ScheduleStrategy} in its short form ({@code "random"},
     * {@code "pct(3)"}, {@code "pct(3, 41)"}, {@code "fifo"}); by default, exploring alternates random walk
     * and PCT of depth 3, and a single seed is run by random walk.
     */
    String strategy() default "";
}
