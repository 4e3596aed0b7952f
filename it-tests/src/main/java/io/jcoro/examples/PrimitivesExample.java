package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.Arrays;

/**
 * Locals and operand-stack values of every JVM type survive a suspension: int, long, float, double,
 * byte, char, short, boolean, references, arrays, {@code this} and null, including the extreme values
 * whose bits a careless save would change (NaN, -0.0, MIN_VALUE).
 */
public final class PrimitivesExample {
    private final String name;
    private int counter;
    private long[] totals = new long[2];

    private PrimitivesExample(String name) {
        this.name = name;
    }

    public static void main(String[] args) {
        Suspend.run(PrimitivesExample::extremeLocals);
        Suspend.run(PrimitivesExample::typedPassThroughs);
        Suspend.run(PrimitivesExample::narrowTypesBelowTheCall);
        Suspend.run(PrimitivesExample::arraysAndNulls);
        Suspend.run(PrimitivesExample::reusedSlots);
        PrimitivesExample example = new PrimitivesExample("example");
        Suspend.run(example::instanceState);
        System.out.println("after run: counter=" + example.counter + " totals=" + Arrays.toString(example.totals));
    }

    @Suspendable
    static void extremeLocals() {
        int i = Integer.MIN_VALUE;
        long l = Long.MIN_VALUE;
        float f = Float.MIN_VALUE;
        double d = -0.0;
        double nan = Double.NaN;
        float fnan = Float.intBitsToFloat(0x7fc00001);
        byte b = Byte.MIN_VALUE;
        char c = '\uffff';
        short s = Short.MIN_VALUE;
        boolean z = true;
        String str = "text";
        Object nothing = null;
        Suspend.point();
        System.out.println("ints: " + i + " " + b + " " + (int) c + " " + s + " " + z);
        System.out.println("wide: " + l + " " + f + " " + d + " " + nan);
        System.out.println("nan bits kept: " + Integer.toHexString(Float.floatToRawIntBits(fnan)));
        System.out.println("refs: " + str + " " + nothing);
        i += Suspend.i(1);
        l -= Suspend.l(1);
        f *= Suspend.f(2f);
        d = d * Suspend.d(1.0);
        b += Suspend.b((byte) -1);
        c += Suspend.c((char) 2);
        s -= Suspend.s((short) 1);
        z = !Suspend.z(z);
        System.out.println("changed: " + i + " " + l + " " + f + " " + d + " " + b + " " + (int) c + " " + s + " " + z);
    }

    @Suspendable
    static void typedPassThroughs() {
        int i = Suspend.i(7);
        long l = Suspend.l(1L << 40);
        float f = Suspend.f(0.75f);
        double d = Suspend.d(2.25);
        boolean z = Suspend.z(false);
        char c = Suspend.c('q');
        byte b = Suspend.b((byte) 100);
        short s = Suspend.s((short) 1234);
        String v = Suspend.v("value");
        System.out.println("pass-through: " + i + " " + l + " " + f + " " + d + " " + z + " " + c + " " + b + " " + s + " " + v);
        long mixed = i + l + (long) f + (long) d + (z ? 1 : 0) + c + b + s;
        System.out.println("mixed sum: " + mixed);
    }

    @Suspendable
    static void narrowTypesBelowTheCall() {
        byte b = 3;
        char c = 'A';
        short s = 300;
        boolean z = true;
        // b, c, s and z are on the operand stack, as ints, while the last argument suspends
        System.out.println("narrow: " + narrow(b, c, s, z, Suspend.i(4)));
        System.out.println("wide: " + wide(1L << 33, 0.5f, 1e300, Suspend.l(-2L)));
    }

    static String narrow(byte b, char c, short s, boolean z, int i) {
        return b + "," + c + "," + s + "," + z + "," + i;
    }

    static String wide(long l, float f, double d, long m) {
        return l + "," + f + "," + d + "," + m;
    }

    @Suspendable
    static void arraysAndNulls() {
        int[] ints = {1, 2, 3};
        long[][] grid = new long[2][3];
        String[] words = {"a", null, "c"};
        Object[] empty = null;
        ints[Suspend.i(1)] = Suspend.i(20);
        grid[Suspend.i(1)][Suspend.i(2)] += Suspend.l(5);
        words[1] = Suspend.v("b");
        char[] chars = new char[Suspend.i(3)];
        chars[0] = Suspend.c('x');
        boolean[] flags = new boolean[2];
        flags[Suspend.i(1)] = Suspend.z(true);
        double[] ds = {Suspend.d(0.1), 0.2};
        System.out.println("arrays: " + Arrays.toString(ints) + " " + Arrays.deepToString(grid) + " " + Arrays.toString(words)
                + " " + empty + " " + (int) chars[0] + (int) chars[1] + " " + Arrays.toString(flags) + " " + Arrays.toString(ds));
        Object n = Suspend.v(null);
        String joined = String.valueOf((Object) null) + Suspend.v(null) + n;
        System.out.println("nulls: " + joined + " " + (empty == null) + " " + java.util.Objects.equals(null, Suspend.v(null)));
    }

    /** javac gives variables of disjoint scopes the same local slots, with different types. */
    @Suspendable
    static void reusedSlots() {
        StringBuilder sb = new StringBuilder();
        {
            long wide = Suspend.l(1L << 62);
            double d = Suspend.d(0.125);
            sb.append(wide).append(' ').append(d);
        }
        {
            String s = Suspend.v("str");
            int i = Suspend.i(9);
            Object o = Suspend.v(null);
            float f = Suspend.f(-1.5f);
            sb.append(' ').append(s).append(i).append(o).append(f);
        }
        for (int round = 0; round < 2; round++) {
            if (round == 0) {
                double x = Suspend.d(round + 0.5);
                sb.append(' ').append(x);
            } else {
                int[] arr = {Suspend.i(round)};
                sb.append(' ').append(arr[0]);
            }
        }
        System.out.println("reused slots: " + sb);
    }

    @Suspendable
    void instanceState() {
        // `this` and its fields: `this` is below the call in `counter += ...`
        counter += Suspend.i(5);
        this.counter = this.counter * Suspend.i(3);
        totals[Suspend.i(0)] += Suspend.l(Long.MAX_VALUE);
        totals[1] = totals[0] - Suspend.l(7);
        System.out.println(name + ": counter=" + counter + " totals=" + Arrays.toString(totals) + " this kept: " + (self() == this));
    }

    @Suspendable
    PrimitivesExample self() {
        Suspend.point();
        return this;
    }
}
