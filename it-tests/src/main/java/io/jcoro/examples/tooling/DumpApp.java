package io.jcoro.examples.tooling;

import io.jcoro.Async;
import io.jcoro.Promise;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Leaves two coroutines suspended, prints "ready", and waits for a line on standard input before it
 * lets them finish: meanwhile a tool can ask for a dump of its coroutines
 * ({@code jcmd <pid> JVMTI.agent_load jcoro-agent.jar coroutines}).
 */
public final class DumpApp {
    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("orders").singleThreaded()) {
            Promise<String> reply = Promise.create();
            Task<String> fetch = scheduler.spawn(() -> fetchOrder(7, reply));
            Task<String> report = scheduler.spawn(() -> report(fetch));
            scheduler.blockOn(() -> null); // both have run until they suspended
            System.out.println("ready");
            System.out.flush();
            waitForALine();
            reply.complete("shipped");
            System.out.println(Async.await(report.promise()));
        }
    }

    @Suspendable
    static String fetchOrder(int id, Promise<String> reply) {
        String status = Async.await(reply); // marker: fetchOrder awaits
        return "order " + id + " " + status;
    }

    @Suspendable
    static String report(Task<String> fetch) {
        return "report: " + Async.await(fetch.promise()); // marker: report awaits
    }

    private static void waitForALine() throws IOException {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
