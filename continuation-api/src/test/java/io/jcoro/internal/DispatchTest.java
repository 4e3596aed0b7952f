package io.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The method a virtual or interface call runs, as the callee check finds it by reflection. */
class DispatchTest {
    interface Greeter {
        String greet(String name);
    }

    interface Polite extends Greeter {
        @Override
        default String greet(String name) {
            return "dear " + name;
        }
    }

    interface VeryPolite extends Polite {
        @Override
        default String greet(String name) {
            return "most dear " + name;
        }
    }

    static class Base implements Greeter {
        @Override
        public String greet(String name) {
            return "hi " + name;
        }
    }

    static class Inherits extends Base {}

    static class Overrides extends Base {
        @Override
        public String greet(String name) {
            return "hello " + name;
        }
    }

    static class UsesDefault implements VeryPolite, Polite {}

    static class ClassBeatsDefault extends Base implements Polite {}

    abstract static class Abstract implements Greeter {}

    static class Generic implements Function<String, Integer> {
        @Override
        public Integer apply(String s) {
            return s.length();
        }
    }

    private static final String GREET = "greet(Ljava/lang/String;)Ljava/lang/String;";

    /** The registry's id of the method, with its class's loader: what {@link Dispatch#select} answers with. */
    private static int key(Class<?> c, String nameAndDesc) {
        return MethodRegistry.idOf(c.getClassLoader(), c.getName().replace('.', '/') + "." + nameAndDesc);
    }

    @Test
    void aMethodDeclaredByTheReceiversClass() {
        assertEquals(key(Base.class, GREET), Dispatch.select(Base.class, GREET));
        assertEquals(key(Overrides.class, GREET), Dispatch.select(Overrides.class, GREET));
    }

    @Test
    void aMethodInheritedFromASuperclass() {
        assertEquals(key(Base.class, GREET), Dispatch.select(Inherits.class, GREET));
    }

    @Test
    void theMostSpecificDefaultMethod() {
        assertEquals(key(VeryPolite.class, GREET), Dispatch.select(UsesDefault.class, GREET));
    }

    @Test
    void aSuperclassMethodBeatsADefaultMethod() {
        assertEquals(key(Base.class, GREET), Dispatch.select(ClassBeatsDefault.class, GREET));
    }

    @Test
    void anErasedCallReachesTheBridgeMethod() {
        String erased = "apply(Ljava/lang/Object;)Ljava/lang/Object;";
        assertEquals(key(Generic.class, erased), Dispatch.select(Generic.class, erased));
    }

    @Test
    void noImplementationIsNoAnswer() {
        assertEquals(0, Dispatch.select(Abstract.class, GREET));
        assertEquals(0, Dispatch.select(Base.class, "absent()V"));
    }
}
