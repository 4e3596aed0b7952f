package io.jcoro.examples;

import io.jcoro.Generator;
import io.jcoro.Suspendable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Lazy sequences with {@link io.jcoro.Generator}: bodies written as plain loops and recursion that
 * {@code yield} their values, consumed with a for-each loop. (The by-hand version, built on a bare
 * {@link io.jcoro.Continuation}, is {@link GeneratorExample}.)
 *
 * <ul>
 *   <li>An endless generator of primes (trial division by the primes found so far): the consumer pulls
 *       as many as it wants, the body runs only that far.
 *   <li>A generator that consumes another one (the twin primes, from the primes).
 *   <li>A recursive in-order walk of a binary search tree: a {@link Suspendable} helper yields from deep
 *       in the recursion, no explicit stack.
 *   <li>Each {@code iterator()} is a fresh, independent run of the body.
 * </ul>
 *
 * <p>Needs the agent (each yield suspends). Run: {@code scripts/demo io.jcoro.examples.GeneratorToolkitExample}.
 */
public final class GeneratorToolkitExample {
    private GeneratorToolkitExample() {}

    public static void main(String[] args) {
        System.out.println("first 10 primes: " + take(primes(), 10));
        System.out.println("the 1000th prime: " + nth(primes(), 1000));
        System.out.println("first 6 twin primes: " + take(twinPrimes(), 6));

        Tree tree = null;
        for (int key : new int[] {50, 30, 70, 20, 40, 60, 80, 35, 65}) {
            tree = Tree.insert(tree, key);
        }
        System.out.println("tree in order: " + take(inOrder(tree), Integer.MAX_VALUE));

        Generator<Integer> squares = Generator.of(out -> {
            for (int i = 1; ; i++) {
                out.yield(i * i);
            }
        });
        Iterator<Integer> a = squares.iterator();
        Iterator<Integer> b = squares.iterator();
        a.next();
        a.next();
        System.out.println("two runs of one generator: a is at " + a.next() + ", b starts at " + b.next());
    }

    /** 2, 3, 5, 7, ... without end: each candidate is divided by the primes found before it. */
    static Generator<Long> primes() {
        return Generator.of(out -> {
            List<Long> found = new ArrayList<>();
            for (long candidate = 2; ; candidate++) {
                if (isPrime(candidate, found)) {
                    found.add(candidate);
                    out.yield(candidate);
                }
            }
        });
    }

    private static boolean isPrime(long candidate, List<Long> smallerPrimes) {
        for (long p : smallerPrimes) {
            if (p * p > candidate) {
                return true;
            }
            if (candidate % p == 0) {
                return false;
            }
        }
        return true;
    }

    /** Pairs (p, p + 2) of primes, pulled from {@link #primes()} inside this generator's body. */
    static Generator<String> twinPrimes() {
        return Generator.of(out -> {
            long previous = -1;
            for (long p : primes()) {
                if (p - previous == 2) {
                    out.yield("(" + previous + ", " + p + ")");
                }
                previous = p;
            }
        });
    }

    /** A binary search tree of ints (no balancing: a small example). */
    record Tree(Tree left, int key, Tree right) {
        static Tree insert(Tree t, int key) {
            if (t == null) {
                return new Tree(null, key, null);
            }
            return key < t.key
                    ? new Tree(insert(t.left, key), t.key, t.right)
                    : new Tree(t.left, t.key, insert(t.right, key));
        }
    }

    /** The keys of {@code tree} in order, walked lazily by recursion. */
    static Generator<Integer> inOrder(Tree tree) {
        return Generator.of(out -> walk(tree, out));
    }

    /** Suspends through every level of the recursion at each yield. */
    @Suspendable
    private static void walk(Tree t, Generator.Yielder<Integer> out) {
        if (t == null) {
            return;
        }
        walk(t.left(), out);
        out.yield(t.key());
        walk(t.right(), out);
    }

    /** The first {@code n} values (fewer when the generator ends sooner). */
    static <T> List<T> take(Iterable<T> values, int n) {
        List<T> taken = new ArrayList<>();
        Iterator<T> it = values.iterator();
        while (taken.size() < n && it.hasNext()) {
            taken.add(it.next());
        }
        return taken;
    }

    /** The {@code n}th value, counting from 1. */
    static <T> T nth(Iterable<T> values, int n) {
        List<T> first = take(values, n);
        if (first.size() < n) {
            throw new IllegalArgumentException("the sequence has only " + first.size() + " values, not " + n);
        }
        return first.get(n - 1);
    }
}
