package io.jcoro.examples.legacy;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiled by the integration test with {@code javac --release 8} (class-file version 52): Java 8
 * syntax only. String concatenation is StringBuilder code here, not invokedynamic.
 */
public class Java8Example {
    interface Greeter {
        @Suspendable
        String greet(String name);

        @Suspendable
        default String greetAll(List<String> names) {
            StringBuilder sb = new StringBuilder();
            for (String n : names) {
                sb.append(greet(n)).append(';');
            }
            return sb.toString();
        }
    }

    static final class Box {
        final long value;

        Box(long value) {
            this.value = value;
        }
    }

    static final class Res implements AutoCloseable {
        final List<String> log;

        Res(List<String> log) {
            this.log = log;
        }

        @Suspendable
        @Override
        public void close() {
            Suspend.point();
            log.add("closed");
        }
    }

    public static void main(String[] args) {
        Suspend.run(new io.jcoro.SuspendableRunnable() {
            @Override
            public void run() {
                body();
            }
        });
    }

    @Suspendable
    static void body() {
        int i = Suspend.i(6);
        long l = 7L * Suspend.l(1L << 32);
        double d = Suspend.d(0.5) + i;
        char c = Suspend.c('j');
        System.out.println("values: " + i + " " + l + " " + d + " " + c);
        Greeter hello = name -> "hello " + Suspend.v(name);
        Greeter anonymous = new Greeter() {
            @Override
            public String greet(String name) {
                Suspend.point();
                return "hi " + name;
            }
        };
        List<String> names = new ArrayList<String>();
        names.add("ann");
        names.add(Suspend.v("bob"));
        System.out.println(hello.greetAll(names) + " " + anonymous.greetAll(names));
        Box box = new Box(Suspend.l(42L) + i);
        System.out.println("box: " + box.value);
        String kind;
        switch (Suspend.v("two")) {
            case "one":
                kind = "1";
                break;
            case "two":
                kind = Suspend.v("2");
                break;
            default:
                kind = "?";
        }
        System.out.println("switch: " + kind);
        List<String> log = new ArrayList<String>();
        try (Res r = new Res(log)) {
            log.add("body");
            Suspend.point();
            throw new IllegalStateException("failed after resume");
        } catch (IllegalStateException e) {
            log.add("caught " + e.getMessage());
        } finally {
            log.add("finally");
        }
        System.out.println("resources: " + log);
        SuspendableCallable<Integer> callable = () -> Suspend.i(20) + Suspend.i(22);
        try {
            System.out.println("callable: " + callable.call());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
