package io.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcoro.weaver.bytecode.Refusals;
import org.junit.jupiter.api.Test;

/**
 * The weaver's reasons ({@link Refusals}, in the guards it writes) and the runtime's ({@link CannotCarry},
 * for a frame its checks find on their own) say the same thing in the same words where both say it: two
 * tables, since the weaver cannot depend on the runtime jars it weaves, held together here.
 */
class RefusalTextsTest {

    @Test
    void aConstructor() {
        assertEquals(Refusals.CONSTRUCTOR, CannotCarry.CONSTRUCTOR);
        assertEquals(Refusals.CONSTRUCTOR, CannotCarry.reason("com.example.Foo", "<init>", 0, "com.example.Bar.run"));
    }

    @Test
    void aStaticInitializer() {
        assertEquals(Refusals.STATIC_INITIALIZER, CannotCarry.STATIC_INITIALIZER);
        assertEquals(Refusals.STATIC_INITIALIZER, CannotCarry.reason("com.example.Foo", "<clinit>", 0, null));
    }

    @Test
    void aMethodThatIsNotSuspendable() {
        assertEquals(Refusals.notSuspendable("com.example.Foo.m", "com.example.Bar.run"),
                CannotCarry.notSuspendable("com.example.Foo.m", "com.example.Bar.run"));
    }
}
