package io.jcoro.agent;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The transformer learns about other classes from their bytes and never loads them. */
class NoClassLoadingTest {
    /** A loader over the test classes that reports what it has loaded. */
    static final class WatchedLoader extends URLClassLoader {
        WatchedLoader(URL classes) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        }

        boolean hasLoaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    @Test
    void transformingAClassLoadsNeitherItNorTheClassesItsAnalysisNeeds() throws Exception {
        URL testClasses = fixtures.Caller.class.getProtectionDomain().getCodeSource().getLocation();
        try (WatchedLoader loader = new WatchedLoader(testClasses);
             InputStream in = loader.getResourceAsStream("fixtures/Caller.class")) {
            byte[] transformed = new JcoroTransformer(AgentOptions.parse(null))
                    .transform(loader, "fixtures/Caller", null, null, in.readAllBytes());
            assertNotNull(transformed, "Caller calls a suspendable method, so it gets a guard");
            assertNull(loader.findResource("io/jcoro/Continuation.class"), "premise: the loader sees only the fixtures");
            for (String name : new String[] {"fixtures.Caller", "fixtures.SuspendingBase", "fixtures.Overrider"}) {
                if (loader.hasLoaded(name)) {
                    throw new AssertionError("the transformer loaded " + name);
                }
            }
        }
    }
}
