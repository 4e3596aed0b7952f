package io.jcoro.it.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/** This process's open file descriptors, from /proc/self/fd (Linux); for the socket tests. */
public final class Fds {
    private static final Path FD_DIR = Paths.get("/proc/self/fd");

    private Fds() {}

    public static boolean supported() {
        return Files.isDirectory(FD_DIR);
    }

    /** How many descriptors are open (the listing's own descriptor included, the same every time). */
    public static int count() {
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many open descriptors are sockets. */
    public static int sockets() {
        return (int) targets().values().stream().filter(t -> t.startsWith("socket:")).count();
    }

    /** Each open descriptor and what it points to, for failure messages. */
    public static Map<Integer, String> targets() {
        List<Path> fds = new ArrayList<>();
        try (Stream<Path> s = Files.list(FD_DIR)) {
            s.forEach(fds::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, String> out = new TreeMap<>();
        for (Path fd : fds) {
            try {
                out.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
            } catch (IOException e) {
                // closed between the listing and the read
            }
        }
        return out;
    }

    /**
     * Measures until {@code done} accepts the value, at most {@code attempts} times {@code pauseMillis}
     * apart (the JVM opens and closes descriptors of its own; a selector releases a closed channel's
     * descriptor at its next select); returns the last value.
     */
    public static int settle(IntSupplier measure, IntPredicate done, int attempts, long pauseMillis)
            throws InterruptedException {
        int value = measure.getAsInt();
        for (int i = 1; i < attempts && !done.test(value); i++) {
            Thread.sleep(pauseMillis);
            value = measure.getAsInt();
        }
        return value;
    }
}
