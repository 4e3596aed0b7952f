package io.jcoro.benchmarks.driver;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A JDK the benchmarks run on: its home, its java launcher, and its version from the release file. */
record Jdk(String name, Path home, String version, String implementor) {
    /** The JDK at {@code home}, named by its major version ("17", "25"). */
    static Jdk at(Path home) {
        Properties release = new Properties();
        try (Reader in = Files.newBufferedReader(home.resolve("release"))) {
            release.load(in);
        } catch (IOException e) {
            // a JDK without a release file: keep the name only
        }
        String version = unquote(release.getProperty("JAVA_VERSION", "?"));
        String major = version.split("[.+-]")[0];
        return new Jdk(major, home, unquote(release.getProperty("JAVA_RUNTIME_VERSION", version)),
                unquote(release.getProperty("IMPLEMENTOR", "")));
    }

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    int major() {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** For the list of JDKs in BENCHMARKS.md; tables use the name (the major version). */
    String describe() {
        return name + " = " + (implementor.isEmpty() ? "" : implementor + " ") + version + " (" + home + ")";
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
