package io.jcoro.continuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcoro.Async;
import io.jcoro.Continuation;
import io.jcoro.Generator;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Generator}: laziness, fresh runs per iterator, the Iterator contract, failures, nesting, recursion. */
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
