package io.jcoro.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What the agent runs through its transformer before registering it: once for a class it excludes and
 * once for a plain class it passes by. Every JDK class those two paths need is then loaded: were one
 * loaded only later, from inside the transformer, the JVM would hand it to the transformer while it is
 * loading it, and the transformer, needing it to answer, would fail with a {@code ClassCircularityError}
 * (an iterator class of {@code List.of}, say). Nothing heavier is warmed: the weaving path (ASM) loads
 * when a class first needs weaving, from inside the transformer, where the classes it loads are excluded
 * ({@code io/jcoro/}, {@code java/}) and so meet only the path warmed here.
 */
final class Warmup {
    private Warmup() {}

    static void run(JcoroTransformer transformer) {
        ClassLoader loader = Warmup.class.getClassLoader();
        byte[] plain = bytes();
        transformer.transform(loader, "java/lang/Object", null, null, plain); // excluded
        transformer.transform(loader, "io/jcoro/agent/Warmup$Plain", plain); // scanned and passed by
    }

    private static byte[] bytes() {
        try (InputStream in = Warmup.class.getResourceAsStream("Warmup$Plain.class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class with nothing to weave. */
    static final class Plain {
        private Plain() {}
    }
}
