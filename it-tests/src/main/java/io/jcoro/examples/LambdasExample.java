package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.SuspendableRunnable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambdas and method references whose functional interface method is {@code @Suspendable}:
 * SuspendableRunnable, SuspendableCallable and user-defined interfaces; capturing locals and
 * {@code this}; static, bound, unbound and constructor references (to annotated and unannotated
 * methods); lambdas nested in lambdas and created in interface default methods.
 */
public final class LambdasExample {
    /** A user-defined functional interface whose method may suspend. */
    @FunctionalInterface
    interface IntOp {
        @Suspendable
        int apply(int x);

        @Suspendable
        default IntOp andThen(IntOp next) {
            return x -> next.apply(apply(Suspend.i(x))); // a lambda created in an interface
        }
    }

    @FunctionalInterface
    interface WideFunction {
        @Suspendable
        double apply(long a, double b, String label);
    }

    @FunctionalInterface
    interface Maker<T> {
        @Suspendable
        T make(String name);
    }

    @FunctionalInterface
    interface Describer {
        @Suspendable
        String describe(LambdasExample target, String prefix);
    }

    private final int factor;

    private LambdasExample(int factor) {
        this.factor = factor;
    }

    public static void main(String[] args) {
        Suspend.run(LambdasExample::runnablesAndCallables);
        Suspend.run(LambdasExample::userInterfaces);
        Suspend.run(() -> new LambdasExample(3).capturingThis());
        Suspend.run(LambdasExample::methodReferences);
    }

    @Suspendable
    static int applyTwice(IntOp op, int x) {
        return op.apply(op.apply(x));
    }

    @Suspendable
    static <T> T callUnchecked(SuspendableCallable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Suspendable
    static void runnablesAndCallables() {
        List<String> log = new ArrayList<>();
        int captured = 7;
        long capturedLong = 1L << 50;
        SuspendableRunnable r = () -> {
            log.add("run " + Suspend.i(captured));
            Suspend.point();
            log.add("wide " + (capturedLong + Suspend.l(1)));
        };
        r.run();
        r.run();
        SuspendableCallable<String> c = () -> Suspend.v("called") + captured;
        System.out.println("runnable: " + log + " callable: " + callUnchecked(c));
        SuspendableCallable<SuspendableCallable<Integer>> nested = () -> {
            int outer = Suspend.i(2);
            return () -> outer * Suspend.i(21);
        };
        System.out.println("nested lambdas: " + callUnchecked(callUnchecked(nested)));
        SuspendableCallable<Integer> throwing = () -> {
            Suspend.point();
            throw new java.io.IOException("checked after resume");
        };
        try {
            throwing.call();
        } catch (Exception e) {
            System.out.println("callable threw: " + e);
        }
    }

    @Suspendable
    static void userInterfaces() {
        IntOp inc = x -> Suspend.i(x) + 1;
        IntOp square = x -> {
            int v = Suspend.i(x);
            return v * v;
        };
        System.out.println("user interface: " + inc.apply(1) + " " + applyTwice(square, 3) + " " + inc.andThen(square).apply(4));
        WideFunction wide = (a, b, label) -> {
            Suspend.point();
            System.out.println("  wide args: " + a + " " + b + " " + label);
            return a * Suspend.d(b);
        };
        System.out.println("wide lambda: " + wide.apply(Long.MAX_VALUE / 2, 0.5, "half"));
        IntOp factorial = new IntOp() {
            @Override
            public int apply(int n) {
                return n <= 1 ? Suspend.i(1) : n * this.apply(n - 1);
            }
        };
        IntOp[] chain = {inc, square, factorial};
        int v = 2;
        for (IntOp op : chain) {
            v = op.apply(v);
        }
        System.out.println("chain: " + v);
    }

    @Suspendable
    void capturingThis() {
        IntOp scale = x -> x * Suspend.i(factor);
        IntOp bound = this::scaled; // a bound reference to an unannotated method of this class
        System.out.println("capturing this: " + scale.apply(5) + " " + bound.apply(6) + " " + applyTwice(bound, 1));
    }

    int scaled(int x) {
        Suspend.point();
        return x * factor;
    }

    static int triple(int x) {
        return 3 * Suspend.i(x);
    }

    @Suspendable
    static int negate(int x) {
        return -Suspend.i(x);
    }

    String describe(String prefix) {
        return prefix + Suspend.v(factor);
    }

    static double weigh(long a, double b, String label) {
        Suspend.point();
        return a * b + (label == null ? 0 : 1);
    }

    @Suspendable
    static void methodReferences() {
        IntOp staticRef = LambdasExample::triple;       // unannotated: suspendable as the body of an IntOp
        IntOp annotatedRef = LambdasExample::negate;
        IntOp otherClassRef = Suspend::i;               // a suspendable method of another class
        System.out.println("static refs: " + staticRef.apply(4) + " " + annotatedRef.apply(4) + " " + otherClassRef.apply(4));
        Maker<LambdasExample> constructor = f -> new LambdasExample(Suspend.i(f.length()));
        LambdasExample made = constructor.make("four");
        System.out.println("constructor lambda: " + made.factor);
        Maker<StringBuilder> newRef = StringBuilder::new; // a constructor reference: nothing suspends in it
        System.out.println("constructor ref: " + newRef.make("sb").append(Suspend.v("!")));
        SuspendableCallable<String> boundOther = made::toString;
        System.out.println("bound to another object: " + callUnchecked(boundOther).startsWith("io.jcoro.examples.LambdasExample@"));
        Maker<String> boundDescribe = made::describe;
        Describer unbound = LambdasExample::describe;   // unbound: the receiver is the first argument
        System.out.println("bound and unbound: " + boundDescribe.make("factor=") + " " + unbound.describe(new LambdasExample(9), "f="));
        IntOp recursive = new IntOp() {
            @Override
            public int apply(int n) {
                IntOp self = this;
                IntOp viaLambda = k -> k == 0 ? 0 : k + self.apply(k - 1);
                return viaLambda.apply(Suspend.i(n));
            }
        };
        System.out.println("recursion through lambdas: " + recursive.apply(10));
        Maker<String> nullable = s -> "got " + Suspend.v(s);
        WideFunction wideRef = LambdasExample::weigh;
        System.out.println("null and wide arguments: " + nullable.make(null) + " " + wideRef.apply(-3L, 0.25, null));
    }
}
