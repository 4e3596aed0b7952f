package io.jcoro.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.junit.JcoroExtension;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Async.await(CompletionStage)} cancels the stage's future when the awaiting task is cancelled or
 * its {@code withTimeout} runs out, as kotlinx's {@code CompletionStage.await} does; awaiting
 * {@code Promise.from(stage)} does not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(JcoroExtension.class)
class StageCancellationTest {
    private static final long WAIT_SECONDS = 30;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingTheAwaitingTaskCancelsTheFuture(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CompletableFuture<String> future = new CompletableFuture<>();
            Promise<Void> awaiting = Promise.create();
            Task<String> task = s.spawn(() -> {
                awaiting.complete(null);
                return Async.await(future);
            });
            Async.await(awaiting);
            assertTrue(task.cancel());
            assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            assertTrue(future.isCancelled(), "the future the cancelled task awaited was cancelled: " + future);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTimeoutThatRunsOutCancelsTheFuture(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CompletableFuture<String> future = new CompletableFuture<>();
            String outcome = s.blockOn(() -> {
                try {
                    return Coroutines.withTimeout(Duration.ofMillis(5), () -> Async.await(future));
                } catch (TimeoutException e) {
                    return "timed out";
                }
            });
            assertEquals("timed out", outcome);
            assertTrue(future.isCancelled(), "the future the timed-out await waited for was cancelled: " + future);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void awaitingPromiseFromTheStageLeavesTheFutureRunning(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CompletableFuture<String> future = new CompletableFuture<>();
            Promise<Void> awaiting = Promise.create();
            Task<String> task = s.spawn(() -> {
                awaiting.complete(null);
                return Async.await(Promise.from(future));
            });
            Async.await(awaiting);
            assertTrue(task.cancel());
            assertThrows(CancellationException.class, () -> Async.await(task.promise()));
            assertFalse(future.isDone(), "the future goes on: " + future);
            future.complete("still wanted by someone else");
            assertEquals("still wanted by someone else", future.join());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStageWithoutAFutureIsLeftAloneAndTheTaskStillEndsCancelled(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CompletableFuture<String> source = new CompletableFuture<>();
            CompletionStage<String> noFuture = withoutFuture(source);
            Promise<Void> awaiting = Promise.create();
            Task<String> task = s.spawn(() -> {
                awaiting.complete(null);
                return Async.await(noFuture);
            });
            Async.await(awaiting);
            assertTrue(task.cancel());
            Exception e = assertThrows(Exception.class, () -> Async.await(task.promise()));
            assertInstanceOf(CancellationException.class, e, "not the UnsupportedOperationException of toCompletableFuture");
            assertFalse(source.isDone());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aStageThatSettledIsNotCancelled(Kind kind) throws Exception {
        try (Scheduler s = kind.create()) {
            CompletableFuture<String> future = new CompletableFuture<>();
            IOException failure = new IOException("remote said no");
            String outcome = s.blockOn(() -> {
                Coroutines.spawn(() -> future.completeExceptionally(failure));
                try {
                    return Async.await(future);
                } catch (Exception e) {
                    return "failed: " + e.getMessage();
                }
            });
            assertEquals("failed: remote said no", outcome);
            assertFalse(future.isCancelled());
        }
    }

    /**
     * A real exchange: {@code HttpClient.sendAsync} against a server socket that reads the request and
     * never answers. Cancelling the awaiting task must abort the request: the future ends cancelled and
     * the client closes its connection, which the server sees as the end of its input.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingATaskAwaitingSendAsyncAbortsTheRequest(Kind kind) throws Exception {
        try (Scheduler s = kind.create(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/never"))
                    .build();
            AtomicReference<CompletableFuture<HttpResponse<String>>> sent = new AtomicReference<>();
            Task<String> task = s.spawn(() -> {
                CompletableFuture<HttpResponse<String>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                sent.set(f);
                return Async.await(f).body();
            });
            try (Socket connection = server.accept()) {
                InputStream in = readRequestHead(connection);
                assertTrue(task.cancel());
                assertThrows(CancellationException.class, () -> Async.await(task.promise()));
                assertCancelled(sent.get());
                assertConnectionClosedByClient(in);
            }
        }
    }

    /** The same with a {@code withTimeout} that runs out while the request waits for its answer. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTimeoutAroundSendAsyncAbortsTheRequest(Kind kind) throws Exception {
        try (Scheduler s = kind.create(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/never"))
                    .build();
            AtomicReference<CompletableFuture<HttpResponse<String>>> sent = new AtomicReference<>();
            Promise<Void> requestRead = Promise.create();
            Task<String> task = s.spawn(() -> {
                CompletableFuture<HttpResponse<String>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                sent.set(f);
                Async.await(requestRead); // the clock starts once the server holds the request: only the timeout can end the wait
                try {
                    return Coroutines.withTimeout(Duration.ofMillis(20), () -> Async.await(f).body());
                } catch (TimeoutException e) {
                    return "timed out";
                }
            });
            try (Socket connection = server.accept()) {
                InputStream in = readRequestHead(connection);
                requestRead.complete(null);
                assertEquals("timed out", Async.await(task.promise()));
                assertCancelled(sent.get());
                assertConnectionClosedByClient(in);
            }
        }
    }

    /** Reads up to the blank line that ends the request head. */
    private static InputStream readRequestHead(Socket connection) throws IOException {
        connection.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        InputStream in = connection.getInputStream();
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                fail("the client closed the connection before sending its request");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return in;
    }

    /**
     * The request's future ends cancelled. HttpClient's future either is cancelled itself or, when the
     * cancellation reached the exchange first, fails with the exchange's CancellationException.
     */
    private static void assertCancelled(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            fail("the request completed: " + future);
        } catch (CancellationException expected) {
            assertTrue(future.isCancelled());
        } catch (ExecutionException e) {
            assertInstanceOf(CancellationException.class, e.getCause(), "the request failed, but was not cancelled");
        } catch (java.util.concurrent.TimeoutException e) {
            fail("the request's future was not cancelled within " + WAIT_SECONDS + " s: " + future);
        }
    }

    private static void assertConnectionClosedByClient(InputStream in) throws IOException {
        try {
            int b = in.read();
            assertEquals(-1, b, "the client sent more after its request instead of closing");
        } catch (SocketTimeoutException e) {
            fail("the client kept its connection open for " + WAIT_SECONDS + " s after the request was cancelled");
        } catch (IOException reset) {
            // a reset closes it too
        }
    }

    /** A stage whose {@code toCompletableFuture()} is not supported, as the interface allows; it forwards {@code whenComplete}. */
    @SuppressWarnings("unchecked")
    private static <T> CompletionStage<T> withoutFuture(CompletableFuture<T> source) {
        return (CompletionStage<T>) Proxy.newProxyInstance(StageCancellationTest.class.getClassLoader(),
                new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("whenComplete")) {
                        return source.whenComplete((BiConsumer<? super T, ? super Throwable>) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName() + " is not supported by this stage");
                });
    }
}
