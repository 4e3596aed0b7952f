package io.jcoro.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The method registry's table grows while methods are registered, and keeps what each registration said. */
class MethodRegistryTest {

    @Test
    void registeringMethodsNamedForTheFirstTimeGrowsTheTable() throws Exception {
        // 10,000 new entries cross at least three doublings of the table (1,024 slots at first), wherever the
        // other tests of this JVM left its count; each first naming happens inside woven() or guarded(),
        // which once read the table before naming the method and failed one past the end of the old table
        try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
            int methods = 5_000;
            for (int i = 0; i < methods; i++) {
                MethodRegistry.guarded(loader, "growth/Guarded.m" + i + "()V", "reason " + i);
                MethodRegistry.woven(loader, "growth/Woven.m" + i + "()V", null);
            }
            for (int i = 0; i < methods; i++) {
                int guarded = MethodRegistry.find(loader, "growth/Guarded.m" + i + "()V");
                assertEquals("reason " + i, MethodRegistry.reasonItCannotSuspend(guarded));
                assertEquals("growth/Guarded.m" + i + "()V", MethodRegistry.keyOf(guarded));
                int woven = MethodRegistry.find(loader, "growth/Woven.m" + i + "()V");
                assertTrue(MethodRegistry.isWoven(woven));
                assertNull(MethodRegistry.reasonItCannotSuspend(woven));
            }
        }
    }
}
