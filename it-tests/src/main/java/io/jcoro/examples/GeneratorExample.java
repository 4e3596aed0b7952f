package io.jcoro.examples;

import io.jcoro.Continuation;
import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A generator built on {@link Continuation}: the body emits values and suspends after each one; the
 * iterator resumes it when it needs the next value. Generators may be recursive (tree walk) and may
 * consume other generators inside their own body (nested continuations).
 *
 * <p>This is the by-hand version, to show what a {@link Continuation} can do: real code uses
 * {@link io.jcoro.Generator}, which packages it (one fresh run per {@code iterator()}, one value at a
 * time). This example also runs without the agent ({@code jcoro.suspend=never}), which that class cannot.
 *
 * <p>With {@code jcoro.suspend=never} the body runs to the end on the first resume and the values
 * wait in the queue; with {@code always} the body runs one value ahead of the consumer. The values
 * are the same either way, and a failure of the body reaches the consumer after the values emitted
 * before it.
 */
public final class GeneratorExample {
    /** The body of a generator. */
    @FunctionalInterface
    interface Body<T> {
        @Suspendable
        void generate(Generator<T> out);
    }

    static final class Generator<T> implements Iterator<T>, Iterable<T> {
        private final Continuation continuation;
        private final ArrayDeque<T> ready = new ArrayDeque<>();
        /** What the body threw; delivered after the values it emitted before. */
        private RuntimeException failure;

        Generator(Body<T> body) {
            this.continuation = new Continuation(() -> body.generate(this));
        }

        @Suspendable
        void emit(T value) {
            ready.add(value);
            Suspend.point();
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !continuation.isDone()) {
                try {
                    Suspend.resume(continuation);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (ready.isEmpty() && failure != null) {
                RuntimeException e = failure;
                failure = null;
                throw e;
            }
            return !ready.isEmpty();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        @Override
        public Iterator<T> iterator() {
            return this;
        }
    }

    record Node(int value, Node left, Node right) {}

    public static void main(String[] args) {
        System.out.println("range: " + collect(new Generator<Integer>(out -> {
            for (int i = 0; i < 5; i++) {
                out.emit(i);
            }
        })));
        System.out.println("fibonacci: " + collect(new Generator<Long>(out -> {
            long a = 0;
            long b = 1;
            for (int n = 0; n < 15; n++) {
                out.emit(a);
                long next = a + b;
                a = b;
                b = next;
            }
        })));
        Node tree = new Node(4, new Node(2, new Node(1, null, null), new Node(3, null, null)),
                new Node(6, new Node(5, null, null), new Node(7, null, null)));
        System.out.println("in-order: " + collect(new Generator<Integer>(out -> walk(tree, out))));
        Generator<Integer> primes = new Generator<>(GeneratorExample::primesBelow50);
        Generator<String> labelled = new Generator<>(out -> {
            // consumes another generator inside this generator's body: a continuation resumed from another
            int index = 0;
            for (int p : primes) {
                if (p % 10 == 3 || p % 10 == 7) {
                    out.emit(index + ":" + p);
                }
                index++;
            }
        });
        System.out.println("filtered primes: " + collect(labelled));
        Generator<Character> empty = new Generator<>(out -> { });
        System.out.println("empty: " + empty.hasNext() + " " + collect(empty));
        Generator<Integer> failing = new Generator<>(out -> {
            out.emit(1);
            throw new IllegalStateException("generator failed after emitting");
        });
        System.out.println("first of failing: " + failing.next());
        try {
            failing.next();
        } catch (IllegalStateException e) {
            System.out.println("failing: " + e.getMessage());
        }
    }

    static <T> List<T> collect(Generator<T> g) {
        List<T> out = new ArrayList<>();
        while (g.hasNext()) {
            out.add(g.next());
        }
        return out;
    }

    @Suspendable
    static void walk(Node n, Generator<Integer> out) {
        if (n == null) {
            return;
        }
        walk(n.left(), out);
        out.emit(n.value());
        walk(n.right(), out);
    }

    @Suspendable
    static void primesBelow50(Generator<Integer> out) {
        boolean[] composite = new boolean[50];
        for (int i = 2; i < 50; i++) {
            if (!composite[i]) {
                out.emit(i);
                for (int j = i * i; j < 50; j += i) {
                    composite[j] = true;
                }
            }
        }
    }
}
