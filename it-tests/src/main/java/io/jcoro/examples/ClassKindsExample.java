package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.examples.support.Suspend;

/**
 * Suspendable methods in every kind of class: inner classes reading their outer instance, anonymous
 * classes, local classes capturing variables, static nested classes, enums with constant-specific
 * bodies, and records.
 */
public final class ClassKindsExample {
    private int outerValue = 10;

    /** An inner class: its methods reach the outer instance through this$0. */
    final class Inner {
        private final int own;

        Inner(int own) {
            this.own = own;
        }

        @Suspendable
        int combined() {
            int before = outerValue;
            outerValue += Suspend.i(own);
            return before * 100 + outerValue;
        }
    }

    /** A template whose hook anonymous classes implement. */
    abstract static class Step {
        @Suspendable
        abstract String run(String input);

        @Suspendable
        String runTwice(String input) {
            return run(run(input));
        }
    }

    enum Operation {
        ADD("+") {
            @Override
            long apply(long a, long b) {
                return Suspend.l(a) + b;
            }
        },
        MULTIPLY("*") {
            @Override
            long apply(long a, long b) {
                Suspend.point();
                return a * b;
            }
        },
        POWER("^") {
            @Override
            long apply(long a, long b) {
                long r = 1;
                for (int i = 0; i < b; i++) {
                    r = MULTIPLY.apply(r, a);
                }
                return r;
            }
        };

        private final String symbol;

        Operation(String symbol) {
            this.symbol = symbol;
        }

        @Suspendable
        abstract long apply(long a, long b);

        @Suspendable
        String show(long a, long b) {
            return a + " " + symbol + " " + b + " = " + apply(a, Suspend.l(b));
        }
    }

    /** A record with a suspendable method and a suspendable interface implementation. */
    record Range(int from, int to) implements SuspendableCallable<Integer> {
        Range {
            if (from > to) {
                throw new IllegalArgumentException(from + " > " + to);
            }
        }

        @Suspendable
        int length() {
            return Suspend.i(to) - from;
        }

        @Override
        public Integer call() {
            int sum = 0;
            for (int i = from; i < to; i++) {
                sum += Suspend.i(i);
            }
            return sum;
        }

        @Suspendable
        Range shifted(int by) {
            return new Range(Suspend.i(from + by), to + by);
        }
    }

    static final class Nested {
        @Suspendable
        static String shout(String s) {
            return Suspend.v(s).toUpperCase() + "!";
        }
    }

    public static void main(String[] args) {
        Suspend.run(() -> new ClassKindsExample().innerClasses());
        Suspend.run(ClassKindsExample::anonymousAndLocal);
        Suspend.run(ClassKindsExample::enums);
        Suspend.run(ClassKindsExample::records);
    }

    @Suspendable
    void innerClasses() {
        Inner a = new Inner(1);
        Inner b = this.new Inner(Suspend.i(5));
        System.out.println("inner: " + a.combined() + " " + b.combined() + " " + a.combined() + " outer=" + outerValue);
        System.out.println("nested: " + Nested.shout("hey"));
    }

    @Suspendable
    static void anonymousAndLocal() {
        String suffix = "-x";
        Step appender = new Step() {
            @Override
            String run(String input) { // suspendable through Step.run
                return Suspend.v(input) + suffix;
            }
        };
        System.out.println("anonymous: " + appender.run("a") + " " + appender.runTwice("b"));
        SuspendableCallable<String> callable = new SuspendableCallable<>() {
            private int calls;

            @Override
            public String call() {
                calls += Suspend.i(1);
                return "call #" + calls;
            }
        };
        try {
            System.out.println("anonymous callable: " + callable.call() + ", " + callable.call());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int base = Suspend.i(1000);
        class Accumulator {
            long total = base;

            @Suspendable
            Accumulator add(long v) {
                total += Suspend.l(v);
                return this;
            }
        }
        System.out.println("local class: " + new Accumulator().add(1).add(Suspend.l(20)).add(300).total);
    }

    @Suspendable
    static void enums() {
        for (Operation op : Operation.values()) {
            System.out.println("enum: " + op.show(3, 4));
        }
        Operation picked = Operation.valueOf(Suspend.v("POWER"));
        System.out.println("valueOf: " + picked + " " + picked.apply(2, Suspend.l(10)) + " ordinal " + Suspend.i(picked.ordinal()));
    }

    @Suspendable
    static void records() {
        Range r = new Range(2, Suspend.i(7));
        System.out.println("record: " + r + " length " + r.length() + " sum " + r.call() + " shifted " + r.shifted(10));
        System.out.println("record equality: " + r.equals(new Range(Suspend.i(2), 7)) + " " + r.equals(Suspend.v(r).shifted(1)));
        try {
            new Range(Suspend.i(5), 1);
        } catch (IllegalArgumentException e) {
            System.out.println("record validation: " + e.getMessage());
        }
    }
}
