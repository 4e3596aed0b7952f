package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.List;

/**
 * Every kind of call reaching a suspendable method: static, instance, private, final, super,
 * interface default, interface static, abstract and virtual (overridden) methods, and interface calls.
 * Several implementations carry no annotation and are suspendable because a method they override is.
 */
public final class DispatchExample {
    interface Shape {
        @Suspendable
        double area();

        String name();

        @Suspendable
        default String describe() {
            Suspend.point();
            return name() + " with area " + area();
        }

        @Suspendable
        static Shape larger(Shape a, Shape b) {
            return a.area() >= Suspend.v(b).area() ? a : b;
        }

        @Suspendable
        default String summary() {
            return "[" + rounded() + "]";
        }

        @Suspendable
        private long rounded() { // a private interface method
            return Math.round(Suspend.d(area()));
        }
    }

    abstract static class Polygon implements Shape {
        @Suspendable
        abstract int sides();

        @Override
        public String describe() { // overrides a @Suspendable default method; no annotation needed
            return Shape.super.describe() + " and " + sides() + " sides";
        }
    }

    static final class Square extends Polygon {
        private final double side;

        Square(double side) {
            this.side = side;
        }

        @Override
        public double area() { // suspendable through Shape.area
            Suspend.point();
            return side * side;
        }

        @Override
        int sides() { // suspendable through Polygon.sides
            return Suspend.i(4);
        }

        @Override
        public String name() {
            return "square";
        }
    }

    static class Triangle extends Polygon {
        final double base;
        final double height;

        Triangle(double base, double height) {
            this.base = base;
            this.height = height;
        }

        @Override
        public double area() {
            return Suspend.d(base) * height / 2;
        }

        @Override
        int sides() {
            return 3;
        }

        @Override
        public String name() {
            return "triangle";
        }
    }

    /** Overrides a method two levels up, calls the overridden one with super. */
    static final class RightTriangle extends Triangle {
        RightTriangle(double a, double b) {
            super(a, b);
        }

        @Override
        public double area() {
            double plain = super.area();
            Suspend.point();
            return plain;
        }

        @Override
        public String name() {
            return "right " + super.name();
        }
    }

    static final class Circle implements Shape {
        private final int radius;

        Circle(int radius) {
            this.radius = radius;
        }

        @Override
        public double area() {
            return 3 * radiusSquared(); // a private suspendable method
        }

        @Suspendable
        private int radiusSquared() {
            int r = Suspend.i(radius);
            return r * r;
        }

        @Override
        public String name() {
            return "circle";
        }
    }

    /** A class hierarchy where only the top method is annotated. */
    static class Counter {
        int count;

        @Suspendable
        void add(int n) {
            count += Suspend.i(n);
        }

        @Suspendable
        final int get() {
            Suspend.point();
            return count;
        }
    }

    static class DoublingCounter extends Counter {
        @Override
        void add(int n) {
            super.add(Suspend.i(n) * 2);
        }
    }

    static final class LoggingCounter extends DoublingCounter {
        final StringBuilder log = new StringBuilder();

        @Override
        void add(int n) {
            log.append('+').append(n);
            super.add(n);
            log.append('=').append(Suspend.i(count));
        }
    }

    public static void main(String[] args) {
        Suspend.run(DispatchExample::shapes);
        Suspend.run(DispatchExample::counters);
        Suspend.run(() -> System.out.println("static: " + twice(Suspend.i(21))));
    }

    @Suspendable
    static int twice(int x) {
        return x + Suspend.i(x);
    }

    @Suspendable
    static void shapes() {
        List<Shape> shapes = List.of(new Square(3), new Triangle(4, 5), new RightTriangle(6, 2), new Circle(2));
        for (Shape s : shapes) {
            System.out.println(s.describe());
        }
        Shape largest = shapes.get(0);
        for (Shape s : shapes) {
            largest = Shape.larger(largest, s);
        }
        System.out.println("largest: " + largest.name());
        Polygon p = new Square(1.5);
        System.out.println("through the abstract type: " + p.sides() + " " + p.area() + " " + p.summary());
    }

    @Suspendable
    static void counters() {
        Counter[] counters = {new Counter(), new DoublingCounter(), new LoggingCounter()};
        for (Counter c : counters) {
            for (int i = 1; i <= 3; i++) {
                c.add(i);
            }
            System.out.println(c.getClass().getSimpleName() + ": " + c.get());
        }
        System.out.println("log: " + ((LoggingCounter) counters[2]).log);
    }
}
