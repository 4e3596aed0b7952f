package io.jcoro.it.net;

import io.jcoro.examples.net.ConnectionStats;
import io.jcoro.examples.net.HttpServer;
import io.jcoro.scheduler.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The HTTP server example in this JVM (agent self-attached) on its own single-threaded scheduler. */
final class InJvmHttpServer implements AutoCloseable {
    private final Scheduler scheduler;
    private final HttpServer server;

    private InJvmHttpServer(Scheduler scheduler, HttpServer server) {
        this.scheduler = scheduler;
        this.server = server;
    }

    /** Serves on a free port of 127.0.0.1 with the default head limit. */
    static InJvmHttpServer start(String name, Duration idleTimeout) throws Exception {
        InJvmAgent.install();
        Scheduler scheduler = Scheduler.builder().name(name).singleThreaded();
        try {
            return new InJvmHttpServer(scheduler, HttpServer.start(scheduler, new InetSocketAddress("127.0.0.1", 0),
                    idleTimeout, HttpServer.DEFAULT_MAX_HEAD_BYTES));
        } catch (Exception e) {
            scheduler.close();
            throw e;
        }
    }

    InetSocketAddress address() throws IOException {
        return server.address();
    }

    int port() throws IOException {
        return server.port();
    }

    ConnectionStats stats() {
        return server.stats();
    }

    HttpTestClient client() throws IOException {
        return new HttpTestClient(address());
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            scheduler.close();
        }
    }
}
