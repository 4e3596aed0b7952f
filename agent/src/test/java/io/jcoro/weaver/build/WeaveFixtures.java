package io.jcoro.weaver.build;

import java.io.IOException;
import java.nio.file.Path;

/** Fixtures of this package for tests elsewhere (the command's test). */
public final class WeaveFixtures {
    private WeaveFixtures() {}

    /** Adds {@code w.Odd}, whose suspendable {@code call()} the transformer refuses (see {@link Fixtures#writeOdd}). */
    public static Path withRefusedMethod(Path classes) throws IOException {
        return Fixtures.writeOdd(classes);
    }
}
