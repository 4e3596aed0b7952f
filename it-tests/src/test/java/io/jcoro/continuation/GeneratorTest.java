package io.jcoro.continuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Generator;
import io.jcoro.GeneratorClosedException;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.junit.JcoroExtension;
import io.jcoro.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Generator}: laziness, fresh runs per iterator, the Iterator contract, failures, nesting, recursion, and
 * early termination (closing a run unwinds its body through its finally blocks).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class GeneratorTest {
    static <T> List<T> collect(Iterable<T> values) {
        List<T> out = new ArrayList<>();
        for (T v : values) {
            out.add(v);
        }
        return out;
    }

    @Test
    void yieldsTheBodysValuesInOrder() {
        Generator<Integer> range = Generator.of(out -> {
            for (int i = 0; i < 5; i++) {
                out.yield(i);
            }
        });
        assertEquals(List.of(0, 1, 2, 3, 4), collect(range));
        assertEquals(List.of(), collect(Generator.<String>of(out -> { })));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add("x");
        assertEquals(withNull, collect(Generator.<String>of(out -> {
            out.yield(null);
            out.yield("x");
        })), "null is a value like any other");
    }

    @Test
    void theBodyRunsOnlyAsFarAsTheConsumerPulls() {
        List<String> log = new ArrayList<>();
        Generator<Long> naturals = Generator.of(out -> {
            log.add("started");
            for (long n = 0; ; n++) { // endless: fine, nobody pulls it to an end
                log.add("yield " + n);
                out.yield(n);
            }
        });
        Iterator<Long> it = naturals.iterator();
        assertEquals(List.of(), log, "iterator() does not run the body");
        assertTrue(it.hasNext());
        assertEquals(List.of("started", "yield 0"), log);
        assertTrue(it.hasNext(), "hasNext twice does not run the body further");
        assertEquals(List.of("started", "yield 0"), log);
        assertEquals(0L, it.next());
        assertEquals(1L, it.next(), "next without hasNext runs the body to its next yield");
        assertEquals(List.of("started", "yield 0", "yield 1"), log);
        long sum = 0;
        for (long n : naturals) {
            if (n == 100) {
                break;
            }
            sum += n;
        }
        assertEquals(4950, sum);
    }

    @Test
    void eachIteratorRunsTheBodyAfresh() {
        AtomicInteger runs = new AtomicInteger();
        Generator<Integer> g = Generator.of(out -> {
            int run = runs.incrementAndGet();
            out.yield(run * 10 + 1);
            out.yield(run * 10 + 2);
        });
        Iterator<Integer> first = g.iterator();
        Iterator<Integer> second = g.iterator();
        assertEquals(11, first.next());
        assertEquals(21, second.next(), "the second iterator started its own run");
        assertEquals(12, first.next());
        assertEquals(22, second.next());
        assertFalse(first.hasNext());
        assertFalse(second.hasNext());
        assertEquals(List.of(31, 32), collect(g));
    }

    @Test
    void anExhaustedIteratorThrowsNoSuchElementException() {
        Iterator<String> it = Generator.<String>of(out -> out.yield("only")).iterator();
        assertEquals("only", it.next());
        assertFalse(it.hasNext());
        assertFalse(it.hasNext(), "stays exhausted");
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(UnsupportedOperationException.class, it::remove);
    }

    @Test
    void aBodyFailureReachesTheConsumerAfterTheValuesEmittedBeforeIt() {
        IllegalStateException boom = new IllegalStateException("failed after two values");
        Generator<Integer> failing = Generator.of(out -> {
            out.yield(1);
            out.yield(2);
            throw boom;
        });
        Iterator<Integer> it = failing.iterator();
        assertEquals(1, it.next());
        assertEquals(2, it.next());
        assertSame(boom, assertThrows(IllegalStateException.class, it::hasNext));
        assertFalse(it.hasNext(), "exhausted after the failure");
        assertThrows(NoSuchElementException.class, it::next);
        Iterator<Integer> viaNext = failing.iterator();
        viaNext.next();
        viaNext.next();
        assertSame(boom, assertThrows(IllegalStateException.class, viaNext::next));
    }

    @Test
    void aGeneratorConsumesAnotherInsideItsBody() {
        Generator<Integer> primes = Generator.of(GeneratorTest::primesBelow50);
        Generator<String> labelled = Generator.of(out -> {
            int index = 0;
            for (int p : primes) { // the inner generator's continuation runs nested in this body's
                if (p % 10 == 3 || p % 10 == 7) {
                    out.yield(index + ":" + p);
                }
                index++;
            }
        });
        assertEquals(List.of("1:3", "3:7", "5:13", "6:17", "8:23", "11:37", "13:43", "14:47"), collect(labelled));
        Generator<Integer> twice = Generator.of(out -> {
            out.yieldAll(primes);
            out.yieldAll(Generator.<Integer>of(inner -> inner.yieldAll(primes)));
        });
        List<Integer> once = collect(primes);
        List<Integer> both = new ArrayList<>(once);
        both.addAll(once);
        assertEquals(both, collect(twice));
    }

    record Node(int value, Node left, Node right) {}

    @Test
    void aRecursiveBodyWalksATree() {
        Node tree = new Node(4, new Node(2, new Node(1, null, null), new Node(3, null, null)),
                new Node(6, new Node(5, null, null), new Node(7, null, null)));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), collect(Generator.<Integer>of(out -> walk(tree, out))));
        Node deep = null;
        for (int i = 2000; i > 0; i--) {
            deep = new Node(i, null, deep); // a right spine 2,000 frames deep
        }
        Node spine = deep;
        List<Integer> values = collect(Generator.<Integer>of(out -> walk(spine, out)));
        assertEquals(2000, values.size());
        assertEquals(1, values.get(0));
        assertEquals(2000, values.get(1999));
    }

    @Test
    void yieldingToAnotherRunsYielderFailsLoudly() {
        AtomicReference<Generator.Yielder<String>> leaked = new AtomicReference<>();
        Generator<String> outer = Generator.of(out -> {
            leaked.set(out);
            // the inner body yields through the outer's yielder: it would suspend the wrong continuation
            for (String s : Generator.<String>of(inner -> out.yield("wrong"))) {
                out.yield(s);
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> collect(outer));
        assertTrue(e.getMessage().contains("outside the body run it belongs to"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> leaked.get().yield("after the run"));
    }

    @Test
    void aBodyThatSuspendsWithoutYieldingFailsLoudly() {
        Iterator<String> awaits = Generator.<String>of(out -> out.yield(Async.await(Promise.<String>create())))
                .iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, awaits::hasNext);
        assertTrue(e.getMessage().contains("suspended without yielding"), e.getMessage());
        assertFalse(awaits.hasNext());
        Iterator<String> reentrant = new Iterator<>() {
            final Iterator<String> self = Generator.<String>of(out -> {
                this.self.hasNext();
                out.yield("unreachable");
            }).iterator();

            @Override
            public boolean hasNext() {
                return self.hasNext();
            }

            @Override
            public String next() {
                return self.next();
            }
        };
        IllegalStateException own = assertThrows(IllegalStateException.class, reentrant::hasNext);
        assertTrue(own.getMessage().contains("its own iterator"), own.getMessage());
    }

    @Test
    void aGeneratorIteratesInsideACoroutineAndAcrossThreads() throws Exception {
        Generator<Integer> squares = Generator.of(out -> {
            for (int i = 1; i <= 4; i++) {
                out.yield(i * i);
            }
        });
        try (Scheduler s = Scheduler.parallel(2)) {
            assertEquals(List.of(1, 4, 9, 16), s.blockOn(() -> collect(squares)));
        }
        Iterator<Integer> it = squares.iterator();
        assertEquals(1, it.next());
        AtomicReference<Integer> onAnotherThread = new AtomicReference<>();
        Thread t = new Thread(() -> onAnotherThread.set(it.next())); // one thread after another, never at once
        t.start();
        t.join();
        assertEquals(4, onAnotherThread.get());
        assertEquals(9, it.next());
    }

    @Test
    void aContinuationCanIterateAGeneratorAndSuspendBetweenValues() {
        List<Integer> seen = new ArrayList<>();
        Generator<Integer> g = Generator.of(out -> {
            out.yield(1);
            out.yield(2);
        });
        Continuation c = new Continuation(() -> {
            for (int v : g) {
                seen.add(v);
                Continuation.suspend(); // the consumer's own continuation suspends between pulls
            }
        });
        c.resume();
        assertEquals(List.of(1), seen);
        c.resume();
        assertEquals(List.of(1, 2), seen);
        c.resume();
        assertTrue(c.isDone());
    }

    // ---- early termination: Iteration.close(), stream(), forEach ----

    /** A resource that logs its close, for try-with-resources inside a body. */
    record Resource(String name, List<String> log) implements AutoCloseable {
        @Override
        public void close() {
            log.add("close " + name);
        }
    }

    /** Yields 0, 1, 2, ... from three frames deep, inside nested try/finally and try-with-resources. */
    static Generator<Integer> deepCounter(List<String> log) {
        return Generator.of(out -> {
            try {
                outerLevel(out, log);
                log.add("after outerLevel"); // never reached when closed
            } finally {
                log.add("finally body");
            }
        });
    }

    @Suspendable
    static void outerLevel(Generator.Yielder<Integer> out, List<String> log) {
        try (Resource r = new Resource("outer", log)) {
            innerLevel(out, log);
        } finally {
            log.add("finally outerLevel");
        }
    }

    @Suspendable
    static void innerLevel(Generator.Yielder<Integer> out, List<String> log) {
        try {
            try (Resource a = new Resource("a", log); Resource b = new Resource("b", log)) {
                for (int i = 0; ; i++) {
                    out.yield(i);
                    log.add("resumed after " + i);
                }
            } finally {
                log.add("finally inner try");
            }
        } catch (IllegalArgumentException unrelated) {
            log.add("wrong catch"); // the close signal is not an IllegalArgumentException
        } finally {
            log.add("finally innerLevel");
        }
    }

    static final List<String> UNWOUND = List.of("close b", "close a", "finally inner try", "finally innerLevel",
            "close outer", "finally outerLevel", "finally body");

    @Test
    void closingASuspendedRunUnwindsTheBodyThroughEveryFinallyAtEveryDepth() {
        List<String> log = new ArrayList<>();
        Generator.Iteration<Integer> it = deepCounter(log).iterator();
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        assertEquals(List.of("resumed after 0"), log);
        it.close();
        assertEquals(UNWOUND, log.subList(1, log.size()), "innermost first, and no code after a yield ran");
        assertFalse(it.hasNext(), "closed");
        assertThrows(NoSuchElementException.class, it::next);
        it.close(); // a second close does nothing
        assertEquals(8, log.size(), "the finally blocks ran once");
    }

    @Test
    void closingARunWhoseValueIsReadyDropsTheValueAndUnwinds() {
        List<String> log = new ArrayList<>();
        Generator.Iteration<Integer> it = deepCounter(log).iterator();
        assertTrue(it.hasNext()); // 0 is ready, not taken
        it.close();
        assertEquals(UNWOUND, log);
        assertFalse(it.hasNext());
    }

    @Test
    void closingBeforeTheFirstPullNeverRunsTheBody() {
        List<String> log = new ArrayList<>();
        Generator.Iteration<Integer> it = deepCounter(log).iterator();
        it.close();
        assertEquals(List.of(), log, "the body never started, so it has nothing to unwind");
        assertFalse(it.hasNext(), "and never will");
        assertThrows(NoSuchElementException.class, it::next);
        it.close();
        assertEquals(List.of(), log);
    }

    @Test
    void closingAnEndedRunDoesNothing() {
        List<String> log = new ArrayList<>();
        Generator<Integer> two = Generator.of(out -> {
            try {
                out.yield(1);
                out.yield(2);
            } finally {
                log.add("finally");
            }
        });
        Generator.Iteration<Integer> it = two.iterator();
        assertEquals(List.of(1, 2), List.of(it.next(), it.next()));
        assertFalse(it.hasNext());
        assertEquals(List.of("finally"), log, "the body ended by itself");
        it.close();
        it.close();
        assertEquals(List.of("finally"), log);

        IllegalStateException boom = new IllegalStateException("boom");
        Generator.Iteration<Integer> failed = Generator.<Integer>of(out -> {
            out.yield(1);
            throw boom;
        }).iterator();
        failed.next();
        assertSame(boom, assertThrows(IllegalStateException.class, failed::hasNext));
        failed.close(); // the failure ended the run: nothing left to close, nothing rethrown
        assertFalse(failed.hasNext());
    }

    @Test
    void tryWithResourcesAndBreakRunsTheBodysFinallyButAPlainForEachBreakDoesNot() {
        List<String> log = new ArrayList<>();
        Generator<Integer> counter = deepCounter(log);
        int sum = 0;
        for (int n : counter) {
            if (n == 3) {
                break; // a for-each loop cannot close its iterator: the body stays suspended in yield(3)
            }
            sum += n;
        }
        assertEquals(3, sum);
        assertEquals(List.of("resumed after 0", "resumed after 1", "resumed after 2"), log,
                "no finally block ran: the abandoned run is just garbage");

        log.clear();
        sum = 0;
        try (Generator.Iteration<Integer> it = counter.iterator()) {
            while (it.hasNext()) {
                int n = it.next();
                if (n == 3) {
                    break;
                }
                sum += n;
            }
        }
        assertEquals(3, sum);
        assertEquals(UNWOUND, log.subList(3, log.size()), "the close at the end of the try unwound the body");
    }

    @Test
    void aConsumerFailureInTryWithResourcesStillUnwindsTheBody() {
        List<String> log = new ArrayList<>();
        IllegalArgumentException consumerFailure = new IllegalArgumentException("consumer failed");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> {
            try (Generator.Iteration<Integer> it = deepCounter(log).iterator()) {
                it.next();
                throw consumerFailure;
            }
        });
        assertSame(consumerFailure, thrown);
        assertEquals(0, thrown.getSuppressed().length, "the close succeeded");
        assertEquals(UNWOUND, log);
    }

    @Test
    void theBodySeesTheCloseAsAGeneratorClosedExceptionAtItsPendingYield() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        List<String> log = new ArrayList<>();
        Generator.Iteration<String> it = Generator.<String>of(out -> {
            try {
                out.yield("a");
                log.add("not reached");
            } catch (GeneratorClosedException e) {
                seen.set(e);
                throw e; // cleanup on the way out, then let it through
            }
        }).iterator();
        assertEquals("a", it.next());
        it.close();
        assertInstanceOf(GeneratorClosedException.class, seen.get());
        assertTrue(seen.get().getMessage().contains("closed"), seen.get().getMessage());
        assertTrue(java.util.Arrays.stream(seen.get().getStackTrace())
                        .anyMatch(f -> f.getMethodName().startsWith("lambda$theBodySeesTheClose")),
                "its stack trace shows the body's frames, down to the pending yield");
        assertEquals(List.of(), log);

        Generator.Iteration<String> returns = Generator.<String>of(out -> {
            try {
                out.yield("a");
            } catch (GeneratorClosedException e) {
                log.add("caught and returned");
                return; // ending the body without yielding again is a fine reaction, as in Python
            }
            log.add("not reached");
        }).iterator();
        assertEquals("a", returns.next());
        returns.close();
        assertEquals(List.of("caught and returned"), log);
        assertFalse(returns.hasNext());
    }

    @Test
    void aFinallyBlockThatThrowsWhileUnwindingMakesCloseRethrowIt() {
        IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed");
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Generator.of(out -> {
            try {
                try {
                    out.yield(1);
                    out.yield(2);
                } finally {
                    throw cleanupFailed; // replaces the close signal
                }
            } finally {
                log.add("outer finally still ran");
            }
        });
        Generator.Iteration<Integer> it = g.iterator();
        assertEquals(1, it.next());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, it::close);
        assertSame(cleanupFailed, thrown, "rethrown as is");
        assertEquals(1, thrown.getSuppressed().length);
        assertInstanceOf(GeneratorClosedException.class, thrown.getSuppressed()[0],
                "the signal is attached: the failure happened while the body unwound from a close");
        assertEquals(List.of("outer finally still ran"), log);
        assertFalse(it.hasNext(), "the run is over after a failed close");
        it.close();

        // a body that wraps the signal: the close rethrows the wrapper, without attaching the signal again
        Generator.Iteration<Integer> wraps = Generator.<Integer>of(out -> {
            try {
                out.yield(1);
            } catch (GeneratorClosedException e) {
                throw new IllegalArgumentException("wrapped", e);
            }
        }).iterator();
        wraps.next();
        IllegalArgumentException wrapped = assertThrows(IllegalArgumentException.class, wraps::close);
        assertInstanceOf(GeneratorClosedException.class, wrapped.getCause());
        assertEquals(0, wrapped.getSuppressed().length);
    }

    @Test
    void aResourceThatFailsToCloseWhileTheBodyUnwindsIsNotSwallowedWithTheSignal() {
        IllegalStateException closeFailed = new IllegalStateException("resource close failed");
        java.io.IOException checkedCloseFailed = new java.io.IOException("checked close failed");
        List<String> log = new ArrayList<>();
        Generator<Integer> g = Generator.of(out -> {
            try (AutoCloseable failingChecked = () -> {
                    throw checkedCloseFailed;
                };
                    AutoCloseable failing = () -> {
                        throw closeFailed;
                    };
                    Resource fine = new Resource("fine", log)) {
                out.yield(1);
                out.yield(2);
            } catch (Exception e) { // needed, as AutoCloseable.close throws Exception; the close signal is an
                log.add("not reached"); // Error: it passes, carrying the failures the try-with-resources added
            }
        });
        Generator.Iteration<Integer> it = g.iterator();
        assertEquals(1, it.next());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, it::close);
        assertSame(closeFailed, thrown, "the first failure (resources close in reverse order: fine, failing, failingChecked) is thrown as is");
        assertEquals(List.of("close fine"), log);
        assertEquals(List.of(checkedCloseFailed), List.of(thrown.getSuppressed()), "and the others attached");
        assertFalse(it.hasNext());

        Generator.Iteration<Integer> checkedOnly = Generator.<Integer>of(out -> {
            try (AutoCloseable failingChecked = () -> {
                throw checkedCloseFailed;
            }) {
                out.yield(1);
            } catch (Exception e) {
                log.add("not reached");
            }
        }).iterator();
        checkedOnly.next();
        IllegalStateException wrapped = assertThrows(IllegalStateException.class, checkedOnly::close);
        assertSame(checkedCloseFailed, wrapped.getCause(), "a checked failure is wrapped");
        assertTrue(wrapped.getMessage().contains("failed to close while the body unwound"), wrapped.getMessage());
        assertEquals(List.of("close fine"), log);
    }

    @Test
    void yieldAllOfAGeneratorClosesTheInnerRunWhenTheOuterIsClosed() {
        List<String> log = new ArrayList<>();
        Generator<Integer> outer = Generator.of(out -> {
            try {
                out.yieldAll(deepCounter(log));
            } finally {
                log.add("finally outer");
            }
        });
        try (Generator.Iteration<Integer> it = outer.iterator()) {
            assertEquals(0, it.next());
        }
        List<String> expected = new ArrayList<>(UNWOUND);
        expected.add("finally outer");
        assertEquals(expected, log);

        IllegalArgumentException innerCleanupFailed = new IllegalArgumentException("inner cleanup failed");
        Generator.Iteration<Integer> failingInner = Generator.<Integer>of(out -> out.yieldAll(Generator.of(inner -> {
            try {
                inner.yield(1);
                inner.yield(2);
            } finally {
                throw innerCleanupFailed;
            }
        }))).iterator();
        assertEquals(1, failingInner.next());
        assertSame(innerCleanupFailed, assertThrows(IllegalArgumentException.class, failingInner::close),
                "the inner close's failure reaches the outer close");
        assertEquals(List.of(1, 2, 3), collect(Generator.<Integer>of(out -> out.yieldAll(List.of(1, 2, 3)))));
    }

    @Test
    void catchingExceptionInTheBodyDoesNotStopTheUnwinding() {
        List<String> log = new ArrayList<>();
        Generator.Iteration<Integer> it = Generator.<Integer>of(out -> {
            for (int i = 0; ; i++) {
                try {
                    out.yield(i);
                } catch (Exception e) { // a typical handler: the close signal is not an Exception
                    log.add("caught " + e);
                } finally {
                    log.add("finally " + i);
                }
            }
        }).iterator();
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        it.close();
        assertEquals(List.of("finally 0", "finally 1"), log);
    }

    @Test
    void aBodyThatSwallowsTheCloseAndYieldsAgainFailsTheClose() {
        List<String> log = new ArrayList<>();
        Generator.Iteration<Integer> it = Generator.<Integer>of(out -> {
            try {
                try {
                    out.yield(1);
                } catch (GeneratorClosedException ignored) {
                    log.add("swallowed the close");
                }
                out.yield(2); // not allowed after a close: throws IllegalStateException here
                log.add("not reached");
            } finally {
                log.add("finally");
            }
        }).iterator();
        assertEquals(1, it.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::close);
        assertTrue(e.getMessage().contains("yielded after its iteration was closed"), e.getMessage());
        assertEquals(List.of("swallowed the close", "finally"), log, "the yield's exception unwound the body");
        assertFalse(it.hasNext());
    }

    @Test
    void aBodyThatSwallowsEverythingInALoopIsAbandonedNotLoopedForever() {
        List<String> caught = new ArrayList<>();
        Generator.Iteration<Integer> it = Generator.<Integer>of(out -> {
            for (int i = 0; ; i++) {
                try {
                    out.yield(i);
                } catch (Throwable e) { // catches the close signal, then the IllegalStateException
                    caught.add(e.getClass().getSimpleName());
                }
            }
        }).iterator();
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::close);
        assertTrue(e.getMessage().contains("yielded after its iteration was closed"), e.getMessage());
        assertEquals(List.of("GeneratorClosedException", "IllegalStateException"), caught,
                "the third yield suspended for good: the close abandoned the run there");
        assertFalse(it.hasNext());
        it.close();
    }

    @Test
    void aBodyThatSuspendsWithoutYieldingWhileUnwindingFailsTheClose() {
        List<String> log = new ArrayList<>();
        Generator.Iteration<Integer> it = Generator.<Integer>of(out -> {
            try {
                try {
                    out.yield(1);
                } finally {
                    log.add("inner finally");
                    Continuation.suspend(); // a generator's body may suspend only in yield
                }
            } finally {
                log.add("outer finally: never runs, the run is abandoned");
            }
        }).iterator();
        assertEquals(1, it.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::close);
        assertTrue(e.getMessage().contains("suspended without yielding while it unwound"), e.getMessage());
        assertEquals(List.of("inner finally"), log);
        assertFalse(it.hasNext());
    }

    @Test
    void closingAnOuterRunClosesTheInnerRunItIteratesInTryWithResources() {
        List<String> log = new ArrayList<>();
        Generator<Integer> inner = deepCounter(log);
        Generator<String> outer = Generator.of(out -> {
            try (Generator.Iteration<Integer> values = inner.iterator()) {
                while (values.hasNext()) {
                    out.yield("v" + values.next());
                }
            } finally {
                log.add("finally outer");
            }
        });
        try (Generator.Iteration<String> it = outer.iterator()) {
            assertEquals("v0", it.next());
            assertEquals("v1", it.next());
        }
        List<String> expected = new ArrayList<>(List.of("resumed after 0"));
        expected.addAll(UNWOUND);
        expected.add("finally outer");
        assertEquals(expected, log, "the inner run unwound inside the outer's unwinding");
    }

    @Test
    void aBodyCannotCloseItsOwnIteration() {
        AtomicReference<Generator.Iteration<String>> self = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Generator<String> g = Generator.of(out -> {
            try {
                self.get().close();
            } catch (IllegalStateException e) {
                seen.set(e);
            }
            out.yield("still running");
        });
        self.set(g.iterator());
        assertEquals("still running", self.get().next());
        assertTrue(seen.get().getMessage().contains("closed its own iteration"), seen.get().getMessage());
        self.get().close();
        assertFalse(self.get().hasNext());
    }

    @Test
    void closingAStreamClosesItsRun() {
        List<String> log = new ArrayList<>();
        Generator<Integer> counter = deepCounter(log);
        try (Stream<Integer> s = counter.stream()) {
            assertEquals(List.of(0, 2, 4), s.filter(n -> n % 2 == 0).limit(3).collect(Collectors.toList()));
            assertEquals(List.of(), log.stream().filter(l -> l.startsWith("finally")).collect(Collectors.toList()),
                    "limit leaves the body suspended until the stream is closed");
        }
        assertEquals(UNWOUND, log.subList(log.size() - UNWOUND.size(), log.size()));

        Stream<Integer> neverPulled = deepCounter(log).stream();
        log.clear();
        neverPulled.close();
        assertEquals(List.of(), log, "a stream closed before its terminal operation never ran the body");

        Generator<String> finite = Generator.of(out -> {
            out.yield("x");
            out.yield("y");
        });
        try (Stream<String> s = finite.stream()) {
            assertEquals("xy", s.collect(Collectors.joining()));
        }

        IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed");
        Stream<Integer> failing = Generator.<Integer>of(out -> {
            try {
                out.yield(1);
                out.yield(2);
            } finally {
                throw cleanupFailed;
            }
        }).stream();
        assertEquals(1, failing.findFirst().orElseThrow());
        assertSame(cleanupFailed, assertThrows(IllegalStateException.class, failing::close));
    }

    @Test
    void forEachClosesTheRunWhenTheActionThrows() {
        List<String> log = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        IllegalArgumentException stop = new IllegalArgumentException("stop");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                deepCounter(log).forEach(n -> {
                    if (n == 2) {
                        throw stop;
                    }
                    seen.add(n);
                }));
        assertSame(stop, thrown);
        assertEquals(List.of(0, 1), seen);
        assertEquals(UNWOUND, log.subList(2, log.size()));

        List<Integer> all = new ArrayList<>();
        Generator.<Integer>of(out -> {
            out.yield(1);
            out.yield(2);
        }).forEach(all::add);
        assertEquals(List.of(1, 2), all);
    }

    @Test
    void aRunCanBeClosedOnAnotherThreadAndInsideACoroutine() throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Generator.Iteration<Integer> it = deepCounter(log).iterator();
        assertEquals(0, it.next());
        Thread t = new Thread(it::close); // one thread after another: start() and join() order the accesses
        t.start();
        t.join();
        assertEquals(UNWOUND, log);

        log.clear();
        try (Scheduler s = Scheduler.parallel(2)) {
            int first = s.blockOn(() -> {
                try (Generator.Iteration<Integer> inTask = deepCounter(log).iterator()) {
                    return inTask.next();
                }
            });
            assertEquals(0, first);
        }
        assertEquals(UNWOUND, log);
    }

    @Suspendable
    static void walk(Node n, Generator.Yielder<Integer> out) {
        if (n == null) {
            return;
        }
        walk(n.left(), out);
        out.yield(n.value());
        walk(n.right(), out);
    }

    @Suspendable
    static void primesBelow50(Generator.Yielder<Integer> out) {
        boolean[] composite = new boolean[50];
        for (int i = 2; i < 50; i++) {
            if (!composite[i]) {
                out.yield(i);
                for (int j = i * i; j < 50; j += i) {
                    composite[j] = true;
                }
            }
        }
    }
}
