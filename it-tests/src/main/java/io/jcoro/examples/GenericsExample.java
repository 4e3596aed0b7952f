package io.jcoro.examples;

import io.jcoro.Suspendable;
import io.jcoro.examples.support.Suspend;
import java.util.ArrayList;
import java.util.List;

/**
 * Generic classes and methods, the bridge methods javac generates for generic and covariant overrides
 * (the call goes through the bridge, which forwards to the unannotated implementation), and varargs
 * calls whose argument array is half built when an argument suspends.
 */
public final class GenericsExample {
    interface Transformer<A, B> {
        @Suspendable
        B apply(A a);
    }

    /** Implements a generic interface method: javac adds the bridge apply(Object)Object. */
    static final class Length implements Transformer<String, Integer> {
        @Override
        public Integer apply(String s) {
            Suspend.point();
            return s.length();
        }
    }

    static final class Box<T extends Comparable<T>> {
        private T value;

        Box(T value) {
            this.value = value;
        }

        @Suspendable
        T get() {
            return Suspend.v(value);
        }

        @Suspendable
        <R extends Comparable<R>> Box<R> map(Transformer<? super T, ? extends R> f) {
            return new Box<>(f.apply(get()));
        }

        @Suspendable
        void keepMax(T other) {
            value = max(value, Suspend.v(other));
        }
    }

    static class Animal {
        @Suspendable
        Animal self() {
            Suspend.point();
            return this;
        }

        String sound() {
            return "...";
        }
    }

    /** Covariant override: javac adds the bridge self()Animal that calls self()Dog. */
    static final class Dog extends Animal {
        @Override
        Dog self() {
            Suspend.point();
            return this;
        }

        @Override
        String sound() {
            return "woof";
        }
    }

    public static void main(String[] args) {
        Suspend.run(GenericsExample::generics);
        Suspend.run(GenericsExample::varargs);
    }

    @Suspendable
    static <T extends Comparable<T>> T max(T a, T b) {
        Suspend.point();
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Suspendable
    static <T> List<T> repeat(T item, int times) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.add(Suspend.v(item));
        }
        return out;
    }

    @Suspendable
    static void generics() {
        Transformer<String, Integer> length = new Length();
        System.out.println("through the bridge: " + length.apply("generic"));
        Box<String> box = new Box<>("kiwi");
        box.keepMax("apple");
        box.keepMax(Suspend.v("mango"));
        Box<Integer> lengths = box.map(length);
        System.out.println("box: " + box.get() + " -> " + lengths.get());
        System.out.println("max: " + max(3, Suspend.v(9)) + " " + max("b", "a") + " " + GenericsExample.<Double>max(Suspend.v(1.5), 0.5));
        System.out.println("repeat: " + repeat('x', 3) + " " + repeat(List.of(1), Suspend.i(2)));
        Animal a = new Dog();
        Dog d = new Dog();
        System.out.println("covariant: " + a.self().sound() + " " + d.self().sound() + " " + new Animal().self().sound());
        List<? extends Number> numbers = List.of(1, 2.5, 3L);
        double total = 0;
        for (Number n : numbers) {
            total += Suspend.v(n).doubleValue();
        }
        System.out.println("wildcard total: " + total);
    }

    @Suspendable
    static int sum(int... xs) {
        int s = 0;
        for (int x : xs) {
            s += Suspend.i(x);
        }
        return s;
    }

    @Suspendable
    static String join(String separator, Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (sb.length() > 0) {
                sb.append(Suspend.v(separator));
            }
            sb.append(p);
        }
        return sb.toString();
    }

    @SafeVarargs
    @Suspendable
    static <T> List<T> listOf(T... items) {
        Suspend.point();
        List<T> out = new ArrayList<>();
        for (T item : items) {
            out.add(item);
        }
        return out;
    }

    @Suspendable
    static void varargs() {
        System.out.println("sum: " + sum() + " " + sum(1) + " " + sum(1, 2, 3) + " " + sum(new int[] {4, 5}));
        // the varargs array and the index being filled are on the operand stack while i(2) suspends
        System.out.println("join: " + join(",", "a", 1, Suspend.i(2), Suspend.v("d"), null));
        System.out.println("list: " + listOf(Suspend.v("p"), "q") + " " + GenericsExample.<Integer>listOf().size());
        System.out.println("format: " + String.format("%s-%d-%.1f", Suspend.v("f"), Suspend.i(7), Suspend.d(0.25)));
    }
}
