package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.List;

/**
 * Suspensions inside loops (for, while, do-while, for-each, labeled break and continue), table and
 * lookup switches (on ints, strings and enums, as statements and expressions), ternaries and
 * short-circuit conditions.
 */
public final class ControlFlowExample {
    enum Color { RED, GREEN, BLUE }

    public static void main(String[] args) {
        Suspend.run(ControlFlowExample::loops);
        Suspend.run(ControlFlowExample::switches);
        Suspend.run(ControlFlowExample::conditionals);
    }

    @Suspendable
    static void loops() {
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += Suspend.i(i);
        }
        long product = 1;
        int k = 1;
        while (Suspend.z(k <= 10)) {
            product *= Suspend.l(k++);
        }
        int countdown = 5;
        StringBuilder down = new StringBuilder();
        do {
            down.append(Suspend.i(countdown)).append(' ');
        } while (--countdown > 0);
        System.out.println("for: " + sum + ", while: " + product + ", do-while: " + down.toString().trim());

        StringBuilder pairs = new StringBuilder();
        outer:
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (Suspend.i(j) > i) {
                    continue outer;
                }
                if (i + j == Suspend.i(6)) {
                    break outer;
                }
                pairs.append(i).append(j).append(' ');
            }
        }
        System.out.println("labeled: " + pairs.toString().trim());

        double total = 0;
        for (double d : new double[] {0.5, 1.5, 2.5}) {
            total += Suspend.d(d);
        }
        StringBuilder words = new StringBuilder();
        for (String w : List.of("each", "word", "kept")) {
            words.append(Suspend.v(w).charAt(0));
        }
        System.out.println("for-each: " + total + " " + words);
    }

    @Suspendable
    static void switches() {
        StringBuilder out = new StringBuilder();
        for (int i = -1; i <= 6; i++) {
            out.append(tableSwitch(i)).append(' ');
        }
        System.out.println("table: " + out.toString().trim());
        out.setLength(0);
        for (int v : new int[] {-5, 1, 100, 1000, 7, 1_000_000}) {
            out.append(lookupSwitch(v)).append(' ');
        }
        System.out.println("lookup: " + out.toString().trim());
        out.setLength(0);
        for (String s : new String[] {"alpha", "beta", "gamma", "Aa", "BB", "other"}) {
            out.append(stringSwitch(s)).append(' ');
        }
        System.out.println("string: " + out.toString().trim());
        out.setLength(0);
        for (Color c : Color.values()) {
            out.append(enumSwitch(c)).append(' ');
        }
        System.out.println("enum: " + out.toString().trim());
    }

    @Suspendable
    @SuppressWarnings("fallthrough")
    static int tableSwitch(int i) {
        int r;
        switch (Suspend.i(i)) {
            case 0:
                r = Suspend.i(10);
                break;
            case 1:
                r = 11;
                // fall through
            case 2:
                r = 12 + Suspend.i(0);
                break;
            case 3:
                Suspend.point();
                return 13;
            case 4:
                r = 14;
                break;
            case 5:
                r = Suspend.i(15) + 0;
                break;
            default:
                r = -Suspend.i(1);
        }
        return r;
    }

    @Suspendable
    static String lookupSwitch(int v) {
        return switch (v) {
            case -5 -> Suspend.v("minus five");
            case 1 -> "one";
            case 100 -> {
                Suspend.point();
                yield "hundred";
            }
            case 1000 -> "thousand".substring(Suspend.i(0), Suspend.i(4));
            case 1_000_000 -> "million";
            default -> "other:" + Suspend.i(v);
        };
    }

    @Suspendable
    static int stringSwitch(String s) {
        // "Aa" and "BB" have the same hash code: the switch must still tell them apart
        switch (Suspend.v(s)) {
            case "alpha": return Suspend.i(1);
            case "beta": return 2;
            case "gamma": return Suspend.i(3);
            case "Aa": return Suspend.i(4);
            case "BB": return 5;
            default: return Suspend.i(0);
        }
    }

    @Suspendable
    static String enumSwitch(Color c) {
        switch (c) {
            case RED:
                return Suspend.v("r");
            case GREEN:
                Suspend.point();
                return "g";
            default:
                return "b" + Suspend.i(c.ordinal());
        }
    }

    @Suspendable
    static void conditionals() {
        int a = 3;
        int b = 8;
        int max = a > b ? Suspend.i(a) : Suspend.i(b);
        int plus = 100 + (Suspend.z(a < b) ? Suspend.i(1) : 2);
        String sign = Suspend.i(a - b) < 0 ? "negative" : Suspend.i(a - b) == 0 ? "zero" : "positive";
        boolean and = Suspend.z(a > 0) && Suspend.z(b > 10);
        boolean or = Suspend.z(a > 10) || Suspend.z(b > 0);
        long nested = a < b ? (b < 10 ? Suspend.l(1) : Suspend.l(2)) : Suspend.l(3);
        double ternaryWide = (a == 3 ? 1.5 : 2.5) * Suspend.d(a == 3 ? 2.0 : 4.0);
        System.out.println("ternaries: " + max + " " + plus + " " + sign + " " + and + " " + or + " " + nested + " " + ternaryWide);
        int steps = 0;
        int n = 27;
        while (n != 1) {
            n = Suspend.z(n % 2 == 0) ? n / 2 : 3 * Suspend.i(n) + 1;
            steps++;
        }
        System.out.println("collatz(27) steps: " + steps);
    }
}
