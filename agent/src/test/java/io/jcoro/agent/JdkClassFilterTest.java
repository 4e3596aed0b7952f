package io.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which loaded classes the agent skips, before asking their names, when it retransforms what was
 * loaded before it: those of the JDK's own modules, and nothing an application could have written.
 */
class JdkClassFilterTest {
    private static final ModuleLayer BOOT = ModuleLayer.boot();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    @Test
    void classesOfTheJdksModulesAreSkipped() throws Exception {
        assertTrue(JcoroAgent.isJdkClass(String.class, BOOT, PLATFORM), "java.base, boot loader");
        // a package outside the name prefixes the agent excludes (java/, javax/, jdk/, sun/, com/sun/)
        assertTrue(JcoroAgent.isJdkClass(Class.forName("org.w3c.dom.Node"), BOOT, PLATFORM), "java.xml, boot loader");
        assertTrue(JcoroAgent.isJdkClass(Class.forName("java.sql.Connection"), BOOT, PLATFORM), "java.sql, platform loader");
    }

    @Test
    void anApplicationsClassesAreLookedAt() {
        // the unnamed module of the application loader: the class path
        assertFalse(JcoroAgent.isJdkClass(JdkClassFilterTest.class, BOOT, PLATFORM));
        assertFalse(JcoroAgent.isJdkClass(JcoroAgent.class, BOOT, PLATFORM));
    }

    @Test
    void theLayerDecidesNotTheLoaderAlone() {
        // String's loader is the boot loader; compared with another layer than its own, it is not the JDK's
        // (a module some program defines to a JDK loader in a layer of its own is looked at)
        assertFalse(JcoroAgent.isJdkClass(String.class, ModuleLayer.empty(), PLATFORM));
    }
}
