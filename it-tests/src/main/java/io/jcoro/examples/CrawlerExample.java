package io.jcoro.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jcoro.Async;
import io.jcoro.Suspendable;
import io.jcoro.scheduler.Coroutines;
import io.jcoro.scheduler.Scheduler;
import io.jcoro.scheduler.sync.Semaphore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web crawler whose fetches a {@link Semaphore} limits: it follows every link from {@code /page/0} of a
 * small site served by the JDK's HTTP server on 127.0.0.1, each page fetched by its own coroutine with
 * {@link HttpClient#sendAsync} and {@link Async#await}, and at most {@value #LIMIT} fetches at once.
 *
 * <p>The crawl is one tree of {@link Coroutines#scope scopes}: a visit fetches its page, then spawns a
 * visit for each link not seen before, in a scope, so it returns only when its whole subtree is crawled,
 * and the first visit returns when the site is. A failed fetch (the server gone) would cancel the whole
 * crawl and be thrown from it. A link seen before is not followed again (the site has cycles), and a
 * link to a missing page is reported as broken.
 *
 * <p>The semaphore caps the fetches in flight; the crawler counts them and prints the most it saw at
 * once. So that the cap is reached on any machine (however loaded), the server holds its answers to
 * the first pages that the root links to until {@value #LIMIT} requests for them wait at once: with the
 * root fetched there are more than {@value #LIMIT} such pages to fetch, so {@value #LIMIT} fetches do
 * run at once, and the semaphore lets no more in.
 *
 * <p>Usage: {@code CrawlerExample [single|parallel]} (default {@code parallel}); the output is the same on
 * both. Run under the agent: {@code scripts/demo io.jcoro.examples.CrawlerExample}.
 */
public final class CrawlerExample {
    /** The most fetches at once. */
    static final int LIMIT = 3;
    /** Pages {@code /page/0} .. {@code /page/PAGES-1}. */
    static final int PAGES = 40;
    private static final Pattern LINK = Pattern.compile("href=\"(/page/\\d+)\"");

    private CrawlerExample() {}

    /** What a crawl found: the pages it fetched, the links to missing pages, the most fetches in flight at once. */
    record Crawl(Set<String> pages, Set<String> broken, int maxInFlight) {}

    public static void main(String[] args) throws Exception {
        Site site = Site.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Scheduler scheduler = ExampleSchedulers.fromArgs(args, "crawler")) {
            Crawl crawl = scheduler.blockOn(() -> new Crawler(client, site.base(), LIMIT).crawl("/page/0"));
            System.out.println("pages found: " + crawl.pages().size() + " (" + first(crawl.pages(), 5) + " ...)");
            System.out.println("broken links: " + crawl.broken());
            System.out.println("requests the server answered: " + site.requests());
            System.out.println("most fetches at once: " + crawl.maxInFlight() + " (semaphore permits: " + LIMIT + ")");
        } finally {
            site.stop();
        }
    }

    /** The crawl of one site; its state is shared by all the visits, on whichever threads they run. */
    static final class Crawler {
        private final HttpClient client;
        private final URI base;
        private final Semaphore fetches;
        /*
         * Shared by every visit task, each possibly on another thread of a parallel scheduler:
         *  - seen: the paths some visit has claimed; Set.add on a concurrent set is the claim, so each
         *    path is visited exactly once however many pages link to it;
         *  - pages, broken: concurrent sets, only added to, read after the crawl's scope returned (the
         *    scope's join orders every visit's writes before that read);
         *  - inFlight counts the fetches between their acquire and release; maxInFlight only grows
         *    (a CAS loop via accumulateAndGet), so it ends as the largest inFlight any fetch saw.
         */
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final Set<String> pages = ConcurrentHashMap.newKeySet();
        private final Set<String> broken = ConcurrentHashMap.newKeySet();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();

        Crawler(HttpClient client, URI base, int limit) {
            this.client = client;
            this.base = base;
            this.fetches = new Semaphore(limit);
        }

        /** Crawls everything reachable from {@code root}; needs a coroutine on a scheduler (it opens scopes). */
        @Suspendable
        Crawl crawl(String root) {
            seen.add(root);
            visit(root);
            return new Crawl(sorted(pages), sorted(broken), maxInFlight.get());
        }

        /** Fetches {@code path}, then visits its new links in child coroutines and waits for them all. */
        @Suspendable
        private void visit(String path) {
            HttpResponse<String> page = fetch(path);
            if (page.statusCode() == 404) {
                broken.add(path);
                return;
            }
            if (page.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + page.statusCode());
            }
            pages.add(path);
            List<String> links = links(page.body());
            Coroutines.scope(() -> {
                for (String link : links) {
                    if (seen.add(link)) {
                        Coroutines.spawn(() -> {
                            visit(link);
                            return null;
                        });
                    }
                }
                return null;
            });
        }

        /**
         * One GET, holding a permit of the semaphore while the request is in flight, and only then: a visit
         * that kept its permit while it waits for its children's visits would deadlock the crawl as soon as
         * {@value CrawlerExample#LIMIT} such parents waited for children that can get no permit.
         */
        @Suspendable
        private HttpResponse<String> fetch(String path) {
            fetches.acquire();
            try {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    HttpRequest get = HttpRequest.newBuilder(base.resolve(path)).GET().build();
                    return Async.await(client.sendAsync(get, HttpResponse.BodyHandlers.ofString()));
                } finally {
                    inFlight.decrementAndGet();
                }
            } finally {
                fetches.release();
            }
        }
    }

    /** The paths a page links to, in the page's order. */
    static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            links.add(m.group(1));
        }
        return links;
    }

    /** The paths in page-number order. */
    static Set<String> sorted(Set<String> paths) {
        Set<String> sorted = new TreeSet<>(Comparator.comparingInt(CrawlerExample::number));
        sorted.addAll(paths);
        return sorted;
    }

    /** {@code /page/12} -> 12. */
    static int number(String path) {
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    }

    private static String first(Set<String> set, int n) {
        return String.join(", ", set.stream().limit(n).toList());
    }

    /**
     * The site: page {@code i} links to pages {@code 4i+1} .. {@code 4i+4} (those below {@value #PAGES}),
     * back to {@code /page/0}, and to its parent; page 7 also links to the missing {@code /page/404}. Served
     * on 127.0.0.1 (a free port) by the JDK's HTTP server, on a thread pool of its own.
     */
    static final class Site {
        private final HttpServer server;
        private final ExecutorService threads;
        /** Counts down as the requests for the root's children arrive; they wait until it reaches 0. */
        private final CountDownLatch childrenWaiting = new CountDownLatch(LIMIT);
        private final AtomicInteger requests = new AtomicInteger();

        private Site(HttpServer server, ExecutorService threads) {
            this.server = server;
            this.threads = threads;
        }

        static Site start() throws IOException {
            // TCP_NODELAY on the server's connections: it writes an answer's headers and body separately, and
            // with Nagle's algorithm the body waits for the client's delayed ACK, ~40 ms per page. Read once,
            // when the JDK's server first starts (the first use of com.sun.net.httpserver in this JVM).
            if (System.getProperty("sun.net.httpserver.nodelay") == null) {
                System.setProperty("sun.net.httpserver.nodelay", "true");
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // more threads than the crawler's limit: the held requests must not starve the others
            ExecutorService threads = Executors.newFixedThreadPool(LIMIT + 2);
            Site site = new Site(server, threads);
            server.createContext("/", site::handle);
            server.setExecutor(threads);
            server.start();
            return site;
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        int requests() {
            return requests.get();
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try {
                requests.incrementAndGet();
                String path = exchange.getRequestURI().getPath();
                int page = pageNumber(path);
                if (page < 0) {
                    respond(exchange, 404, "<html><body>no such page: " + path + "</body></html>");
                    return;
                }
                if (page >= 1 && page <= 4) { // the root's children
                    holdUntilLimitWait();
                }
                respond(exchange, 200, html(page));
            } finally {
                exchange.close();
            }
        }

        /** Holds a request for one of the root's children until {@value #LIMIT} of them wait at once. */
        private void holdUntilLimitWait() {
            childrenWaiting.countDown();
            try {
                if (!childrenWaiting.await(30, TimeUnit.SECONDS)) {
                    // the crawler never ran LIMIT fetches at once: its output will show it
                    System.err.println("the server gave up waiting for " + LIMIT + " requests at once");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The number of {@code /page/N} with {@code N < PAGES}, else -1. */
        private static int pageNumber(String path) {
            if (!path.matches("/page/\\d{1,9}")) {
                return -1;
            }
            int n = Integer.parseInt(path.substring("/page/".length()));
            return n < PAGES ? n : -1;
        }

        private static String html(int page) {
            StringBuilder b = new StringBuilder("<html><body><h1>page " + page + "</h1>\n");
            for (int child = 4 * page + 1; child <= 4 * page + 4 && child < PAGES; child++) {
                b.append("<a href=\"/page/").append(child).append("\">child</a>\n");
            }
            b.append("<a href=\"/page/0\">home</a>\n");
            b.append("<a href=\"/page/").append(page / 2).append("\">up</a>\n");
            if (page == 7) {
                b.append("<a href=\"/page/404\">gone</a>\n");
            }
            return b.append("</body></html>\n").toString();
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
