package io.jcoro.benchmarks.peercheck;

import static com.ea.async.Async.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Does ea-async's agent instrument code compiled for a modern JDK? This class is compiled for Java 17
 * (class file version 61), unlike the ea-async peer module (Java 8). {@link #echo} awaits a future
 * that another thread completes 2 s later: instrumented, it returns a pending future at once;
 * not instrumented, ea-async's {@code await} blocks the caller (its documented fallback).
 * Run with {@code -javaagent:ea-async.jar}; prints {@code ok ...} or {@code NOT INSTRUMENTED ...}
 * (exit status 3).
 */
public final class EaAsyncModernClassFiles {
    private static final long COMPLETE_AFTER_MILLIS = 2_000;

    private EaAsyncModernClassFiles() {}

    static CompletableFuture<String> echo(CompletableFuture<String> f) {
        String value = await(f);
        return CompletableFuture.completedFuture(value);
    }

    public static void main(String[] args) throws IOException {
        int version = classFileMajorVersion();
        CompletableFuture<String> later = new CompletableFuture<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(() -> later.complete("done"), COMPLETE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        CompletableFuture<String> result = echo(later);
        long blockedMillis = (System.nanoTime() - start) / 1_000_000;
        boolean pending = !result.isDone();
        timer.shutdown();
        if (pending && blockedMillis < COMPLETE_AFTER_MILLIS / 2) {
            System.out.println(String.format("ok class file version %d: await returned a pending future in %d ms",
                    version, blockedMillis));
        } else {
            System.out.println(String.format("NOT INSTRUMENTED: class file version %d: await blocked the calling"
                    + " thread for %d ms instead of returning a pending future", version, blockedMillis));
            System.exit(3);
        }
    }

    private static int classFileMajorVersion() throws IOException {
        try (InputStream in = EaAsyncModernClassFiles.class.getResourceAsStream("EaAsyncModernClassFiles.class");
                DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
