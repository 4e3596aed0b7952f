package io.jcoro.weaver.hierarchy;

import io.jcoro.Suspendable;
import io.jcoro.SuspendableCallable;
import java.io.Serializable;

/** Classes whose bytes the hierarchy tests read (they are never loaded by those tests' subjects). */
final class Fixtures {
    private Fixtures() {}

    interface Service {
        @Suspendable
        int fetch(int x);

        int plain();
    }

    static class Base implements Service {
        @Override
        public int fetch(int x) {
            return x;
        }

        @Override
        public int plain() {
            return 0;
        }
    }

    static class Derived extends Base implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int fetch(int x) {
            return x + 1;
        }
    }

    static class OtherDerived extends Base {}

    static final class StringTask implements SuspendableCallable<String> {
        @Override
        public String call() {
            return "generic override, reached through a bridge";
        }
    }

    static final class Unrelated {
        int work() {
            return 42;
        }
    }

    /** A library's callback class, for a {@code Callback#*} declaration. */
    static class Callback {
        static Callback create() {
            return new Callback();
        }

        int onEvent(int x) {
            return helper(x);
        }

        private int helper(int x) {
            return x + 1;
        }
    }

    static class CallbackSubclass extends Callback {
        @Override
        int onEvent(int x) {
            return x;
        }

        int own() {
            return 1;
        }
    }
}
