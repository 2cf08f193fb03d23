package dev.slipway.router.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web dyno as the router sees one: an HTTP server on loopback that answers with its own name,
 * the headers the router added and the body it was sent. {@code /stream} writes one chunk, waits
 * for {@link #releaseStream()}, then writes the last; {@code /upload} answers each body line as it
 * comes in.
 */
final class FakeDyno implements AutoCloseable {
    static final List<String> ECHOED = List.of("Host", "X-Request-Id", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Port", "X-Request-Start", "Via", "X-Custom", "Keep-Alive", "Authorization");

    private final String name;
    private final long delayMillis;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile CountDownLatch streamGate = new CountDownLatch(1);

    FakeDyno(String name, long delayMillis) throws IOException {
        this.name = name;
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/stream", this::stream);
        server.createContext("/upload", this::upload);
        server.createContext("/", this::echo);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int hits() {
        return hits.get();
    }

    void releaseStream() {
        streamGate.countDown();
    }

    private void echo(HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        sleep(delayMillis);
        StringBuilder body = new StringBuilder("dyno=").append(name).append('\n');
        for (String h : ECHOED) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                body.append(h).append(": ").append(v).append('\n');
            }
        }
        body.append("body=").append(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        ex.getResponseHeaders().add("X-Dyno", name);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void stream(HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write("first chunk\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                if (!streamGate.await(20, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write("last chunk\n".getBytes(StandardCharsets.UTF_8));
        }
        streamGate = new CountDownLatch(1);
    }

    /** Answers each line of the request body as it arrives, before the body has ended. */
    private void upload(HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        ex.sendResponseHeaders(200, 0);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(ex.getRequestBody(), StandardCharsets.UTF_8));
             OutputStream out = ex.getResponseBody()) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(("got " + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
