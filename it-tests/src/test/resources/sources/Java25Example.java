package io.jcoro.examples.modern;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import io.jcoro.examples.support.Suspend;
import java.util.List;

/**
 * Compiled by the integration test with JDK 25's {@code javac --release 25} and run on JDK 25: sealed
 * types, record patterns, pattern switches with guards, unnamed variables, text blocks and a
 * constructor with statements before {@code super(...)}.
 */
public class Java25Example {
    sealed interface Shape permits Circle, Rect, Group {}

    record Circle(int r) implements Shape {}

    record Rect(int w, int h) implements Shape {}

    record Group(String name, List<Shape> members) implements Shape {}

    static class Base {
        final int size;

        Base(int size) {
            this.size = size;
        }
    }

    static final class Checked extends Base {
        Checked(int size) {
            if (size < 0) { // a statement before super(...): flexible constructor bodies
                throw new IllegalArgumentException("negative");
            }
            super(size);
        }
    }

    public static void main(String[] args) {
        Suspend.run(Java25Example::body);
    }

    @Suspendable
    static int area(Shape s) {
        return switch (s) {
            case Circle(var r) when r == 0 -> Suspend.i(0);
            case Circle(var r) -> 3 * Suspend.i(r) * r;
            case Rect(int w, int h) -> Suspend.i(w) * h;
            case Group(var _, var members) -> {
                int sum = 0;
                for (Shape m : members) {
                    sum += area(m);
                }
                yield sum;
            }
        };
    }

    @Suspendable
    static void body() {
        Shape g = new Group("g", List.of(new Circle(2), new Rect(Suspend.i(3), 4), new Circle(0),
                new Group("inner", List.of(new Rect(1, Suspend.i(1))))));
        System.out.println("area: " + area(g));
        Object o = Suspend.v(g);
        if (o instanceof Group(String name, var members) && members.size() > Suspend.i(2)) {
            System.out.println("group " + name + " of " + members.size());
        }
        String text = """
                text block: %d
                """.formatted(Suspend.i(25));
        System.out.print(text);
        SuspendableCallable<String> c = () -> {
            var _ = Suspend.i(1);
            return "unnamed ok";
        };
        try {
            System.out.println(c.call());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        System.out.println("checked: " + new Checked(Suspend.i(9)).size);
    }
}
