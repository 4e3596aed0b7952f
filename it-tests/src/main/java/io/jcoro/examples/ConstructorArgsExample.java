package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code new Foo(await(p))}: a suspension while objects allocated by {@code NEW} but not constructed
 * yet are on the operand stack, alone, nested ({@code new A(new B(v(x)))}), under other operands,
 * in both branches of a ternary, as inner-class and generic instances, and when an argument throws.
 */
public final class ConstructorArgsExample {
    record Point(int x, int y) {}

    record Line(Point from, Point to) {}

    static final class Wrapper {
        private final Object inner;
        private final String label;

        Wrapper(Object inner) {
            this(inner, "w");
        }

        Wrapper(Object inner, String label) {
            this.inner = inner;
            this.label = label;
        }

        @Override
        public String toString() {
            return label + "(" + inner + ")";
        }
    }

    static final class Wide {
        final String text;

        Wide(long l, double d, String s, int i, char c) {
            text = l + "/" + d + "/" + s + "/" + i + "/" + c;
        }
    }

    record Pair<A, B>(A first, B second) {}

    final class Inner {
        final int n;

        Inner(int n) {
            this.n = n + base;
        }
    }

    private final int base;

    private ConstructorArgsExample(int base) {
        this.base = base;
    }

    public static void main(String[] args) {
        Suspend.run(ConstructorArgsExample::simple);
        Suspend.run(ConstructorArgsExample::nested);
        Suspend.run(() -> new ConstructorArgsExample(100).inContext(true));
        Suspend.run(() -> new ConstructorArgsExample(200).inContext(false));
    }

    @Suspendable
    static void simple() {
        Point p = new Point(Suspend.i(1), Suspend.i(2));
        Wrapper w = new Wrapper(Suspend.v("x"));
        StringBuilder sb = new StringBuilder(Suspend.v("sb"));
        Wide wide = new Wide(Suspend.l(1L << 40), 2.5, Suspend.v("s"), 3, Suspend.c('c'));
        Integer boxed = Integer.valueOf(Suspend.i(77));
        String s = new String(new char[] {'h', Suspend.c('i')});
        System.out.println("simple: " + p + " " + w + " " + sb + " " + wide.text + " " + boxed + " " + s);
    }

    @Suspendable
    static void nested() {
        Wrapper w = new Wrapper(new Wrapper(new Point(Suspend.i(3), 4)), Suspend.v("outer"));
        Line line = new Line(new Point(Suspend.i(1), 2), new Point(3, Suspend.i(4)));
        Pair<Point, Pair<String, Wrapper>> deep = new Pair<>(new Point(0, 0),
                new Pair<>(Suspend.v("k"), new Wrapper(new Wrapper(Suspend.v(null)))));
        System.out.println("nested: " + w + " " + line + " " + deep);
        List<Object> list = new ArrayList<>();
        list.add(new Point(Suspend.i(5), Suspend.i(6)));
        list.add(0, new Wrapper(list.get(0), Suspend.v("first")));
        Object[] array = {new Point(Suspend.i(7), 8), new Wrapper(Suspend.v(list.size()))};
        System.out.println("under other operands: " + list + " " + array[0] + " " + array[1] + " "
                + new Point(1, 2).equals(new Point(Suspend.i(1), 2)));
    }

    @Suspendable
    void inContext(boolean flag) {
        Point p = flag ? new Point(Suspend.i(1), 0) : new Point(0, Suspend.i(2));
        Inner inner = new Inner(Suspend.i(5));
        Inner other = new ConstructorArgsExample(Suspend.i(1)).new Inner(Suspend.i(1));
        String text = "made " + new Point(base, Suspend.i(base + 1)) + " " + p + " " + inner.n + " " + other.n;
        System.out.println(text);
        try {
            new Pair<>(new Point(Suspend.i(9), 9), failAfterSuspending());
        } catch (IllegalStateException e) {
            System.out.println("argument threw: " + e.getMessage());
        }
        int made = 0;
        for (int i = 0; i < 3; i++) {
            made += new Point(Suspend.i(i), i).x();
        }
        System.out.println("in a loop: " + made);
    }

    @Suspendable
    static Point failAfterSuspending() {
        Suspend.point();
        throw new IllegalStateException("no point");
    }
}
