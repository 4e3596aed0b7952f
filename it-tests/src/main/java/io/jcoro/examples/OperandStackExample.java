package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Values computed before a suspending call and still waiting on the operand stack below it:
 * {@code a + f(await)}, {@code foo(x, await)}, receivers of calls whose argument suspends, string
 * concatenation, nested suspending calls and builder chains.
 */
public final class OperandStackExample {
    private final int base;

    private OperandStackExample(int base) {
        this.base = base;
    }

    public static void main(String[] args) {
        Suspend.run(OperandStackExample::arithmetic);
        Suspend.run(OperandStackExample::arguments);
        Suspend.run(OperandStackExample::receivers);
        Suspend.run(() -> new OperandStackExample(100).instanceOperands(5));
    }

    @Suspendable
    static void arithmetic() {
        int a = 10;
        long l = 1L << 35;
        double d = 0.5;
        int sum = a + Suspend.i(32);
        long lsum = l + twice(Suspend.l(4));
        double dsum = d * Suspend.d(8.0) + Suspend.f(0.25f);
        int nested = Suspend.i(Suspend.i(1) + Suspend.i(2)) * Suspend.i(Suspend.i(3) - a);
        System.out.println("arithmetic: " + sum + " " + lsum + " " + dsum + " " + nested);
        // a long chain of operands waiting below the last call
        long chain = a + (l - (a * (d > 0 ? 3 : 4) + (Suspend.i(7) << 2)));
        System.out.println("chain: " + chain);
        // a switch expression with a try inside: javac moves the operands below it into locals
        for (int k = 0; k < 3; k++) {
            int v = a + switch (k) {
                case 0 -> Suspend.i(1);
                case 1 -> {
                    try {
                        yield Suspend.i(Suspend.i(2) / (k - 1));
                    } catch (ArithmeticException e) {
                        yield Suspend.i(-2);
                    }
                }
                default -> {
                    try {
                        yield Suspend.i(3);
                    } finally {
                        Suspend.point();
                    }
                }
            };
            System.out.println("switch expression operand " + k + ": " + (v - a));
        }
    }

    @Suspendable
    static long twice(long v) {
        Suspend.point();
        return v * 2;
    }

    @Suspendable
    static void arguments() {
        int x = 5;
        String s = "s";
        System.out.println("foo: " + foo(x, Suspend.i(6)));
        System.out.println("mix: " + mix(1, 2L, 3.0f, 4.0, (byte) 5, 'c', (short) 7, true, s, null, new int[] {9}, Suspend.i(8)));
        System.out.println("concat: " + "a" + x + Suspend.i(3) + s + Suspend.v("z") + 1.5 + Suspend.l(-1L) + 'c' + null);
        System.out.println("two suspending args: " + foo(Suspend.i(1), Suspend.i(2)) + " " + foo(foo(x, Suspend.i(1)), foo(Suspend.i(2), x)));
    }

    static String foo(int a, int b) {
        return "(" + a + "," + b + ")";
    }

    static String foo(String a, String b) {
        return "[" + a + "|" + b + "]";
    }

    static String mix(int i, long l, float f, double d, byte b, char c, short s, boolean z, String str, Object nul, int[] arr, int last) {
        return i + " " + l + " " + f + " " + d + " " + b + " " + c + " " + s + " " + z + " " + str + " " + nul + " " + arr[0] + " " + last;
    }

    @Suspendable
    static void receivers() {
        List<String> list = new ArrayList<>();
        list.add(Suspend.v("first"));
        list.add(0, Suspend.v("zeroth"));
        StringBuilder sb = new StringBuilder().append('<').append(Suspend.i(1)).append(',').append(Suspend.v("two")).append('>');
        String text = sb.toString().concat(Suspend.v("!")).toUpperCase().replace(Suspend.c('T'), 't');
        System.out.println("receivers: " + list + " " + text);
        OperandStackExample e = new OperandStackExample(1);
        System.out.println("suspendable receiver: " + e.plus(Suspend.i(2)).plus(Suspend.i(3)).base);
    }

    @Suspendable
    OperandStackExample plus(int more) {
        Suspend.point();
        return new OperandStackExample(base + more);
    }

    @Suspendable
    void instanceOperands(int x) {
        int r = base + x * plus(Suspend.i(x)).base - this.base;
        System.out.println("instance operands: " + r + " " + (this.base + Suspend.i(1)) + " " + label(Suspend.i(this.base)));
    }

    @Suspendable
    String label(int v) {
        Suspend.point();
        return "#" + v + "/" + base;
    }
}
