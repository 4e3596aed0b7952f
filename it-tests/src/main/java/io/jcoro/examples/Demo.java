package io.jcoro.examples;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;

/**
 * The demo behind {@code scripts/demo}: a generator written as a plain loop, and two coroutines that
 * interleave on one thread, each suspending deep inside ordinary-looking code.
 */
public final class Demo {
    public static void main(String[] args) {
        System.out.println("== A generator: Fibonacci numbers produced by a plain loop that suspends");
        Generator<Long> fib = new Generator<>(out -> {
            long a = 0, b = 1;
            while (true) {
                out.yield(a);
                long next = a + b;
                a = b;
                b = next;
            }
        });
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            first.add(fib.next());
        }
        System.out.println("first 12: " + first);

        System.out.println();
        System.out.println("== Two coroutines taking turns on one thread (round robin)");
        Queue<Continuation> runQueue = new ArrayDeque<>();
        runQueue.add(new Continuation(() -> worker("ping", 3)));
        runQueue.add(new Continuation(() -> worker("pong", 3)));
        while (!runQueue.isEmpty()) {
            Continuation next = runQueue.poll();
            next.resume();
            if (!next.isDone()) {
                runQueue.add(next);
            }
        }
        System.out.println("both done on thread " + Thread.currentThread().getName());
    }

    @Suspendable
    static void worker(String name, int rounds) {
        for (int round = 1; round <= rounds; round++) {
            String line = name + " round " + round + " of " + rounds + ", partial sum " + sumSquares(round);
            System.out.println(line);
        }
        System.out.println(name + " finished");
    }

    /** Suspends in the middle of an expression, with values on the operand stack below the call. */
    @Suspendable
    static int sumSquares(int n) {
        int total = 0;
        for (int i = 1; i <= n; i++) {
            total = total + i * i;
        }
        return total + pause();
    }

    @Suspendable
    static int pause() {
        Continuation.suspend(); // give the other coroutine a turn
        return 0;
    }

    /** A pull-style generator on top of {@link Continuation}. */
    static final class Generator<T> {
        interface Body<T> {
            @Suspendable
            void produce(Generator<T> out);
        }

        private final Continuation continuation;
        private T pending;
        private boolean hasPending;

        Generator(Body<T> body) {
            this.continuation = new Continuation(() -> body.produce(this));
        }

        @Suspendable
        void yield(T value) {
            pending = value;
            hasPending = true;
            Continuation.suspend();
        }

        T next() {
            if (!hasPending && !continuation.isDone()) {
                continuation.resume();
            }
            if (!hasPending) {
                throw new NoSuchElementException("the generator is done");
            }
            hasPending = false;
            return pending;
        }
    }
}
