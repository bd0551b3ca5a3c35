package io.meterwise.server.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook target in the test JVM: records every POST (headers, exact body bytes) and answers with scripted statuses
 * (then 200). {@link #redirectTo} makes it answer 307 with a Location.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, int answered, Instant at) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private volatile String redirect;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = receiver.next();
            if (receiver.redirect != null) {
                status = 307;
                exchange.getResponseHeaders().add("Location", receiver.redirect);
            }
            synchronized (receiver) {
                receiver.received.add(new Received(exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body, status, Instant.now()));
                receiver.notifyAll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public synchronized void script(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    public void redirectTo(String location) {
        this.redirect = location;
    }

    private synchronized int next() {
        Integer s = script.pollFirst();
        return s == null ? 200 : s;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until a received request matches, or the timeout passes; returns all received so far. */
    public synchronized List<Received> await(Predicate<List<Received>> done, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(received)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
