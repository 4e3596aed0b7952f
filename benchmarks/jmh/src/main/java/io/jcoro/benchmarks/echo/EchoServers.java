package io.jcoro.benchmarks.echo;

/** What the three echo servers share. */
final class EchoServers {
    /** Read buffer per connection, the same for every server. */
    static final int BUFFER_SIZE = 8 * 1024;
    /** Listen backlog (the kernel caps it at net.core.somaxconn). */
    static final int BACKLOG = 4096;
    /** The line a server prints once it listens; the benchmark driver waits for it. */
    static final String LISTENING = "echo server listening on 127.0.0.1:";

    private EchoServers() {}

    static int port(String[] args, int index) {
        return args.length > index ? Integer.parseInt(args[index]) : 0;
    }
}
