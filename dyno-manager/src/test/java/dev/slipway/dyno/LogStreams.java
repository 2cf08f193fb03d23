package dev.slipway.dyno;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The heroku CLI's side of {@code heroku logs}: a log session, then its SSE stream read over real HTTP. */
final class LogStreams {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LogStreams() {}

    /** Creates a log session; answers the stream's path ({@code /log-streams/<token>}). */
    static String session(Platform.TestApp app, String body) {
        String url = given().header("Authorization", app.bearer()).contentType("application/json").body(body)
                .post("/apps/{app}/log-sessions", app.name()).then().statusCode(201).extract().path("logplex_url");
        return url.substring(url.indexOf("/log-streams/"));
    }

    static HttpResponse<Stream<String>> open(String path, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    /** The whole body of a stream that ends (a session without tail): its raw SSE lines. */
    static List<String> readToEnd(String path) throws Exception {
        HttpResponse<Stream<String>> response = open(path, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("stream answered " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            return lines.toList();
        }
    }

    /** The {@code data:} lines of a finished stream: the log lines as the CLI prints them. */
    static List<String> data(List<String> sse) {
        return sse.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    /** A tail: its raw SSE lines arrive in a queue, read on a thread of their own. */
    static final class Tail implements AutoCloseable {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Stream<String> body;
        private final Thread reader;

        Tail(String path, String lastEventId) throws Exception {
            HttpResponse<Stream<String>> response = open(path, lastEventId);
            if (response.statusCode() != 200) {
                throw new AssertionError("tail answered " + response.statusCode());
            }
            body = response.body();
            reader = Thread.ofVirtual().start(() -> {
                try {
                    body.forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed by the test
                }
            });
        }

        /** Waits for a raw SSE line containing {@code text}; answers every line read until then. */
        List<String> until(String text, long millis) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.contains(text)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("no \"" + text + "\" within " + millis + " ms; saw " + seen);
        }

        @Override
        public void close() {
            body.close();
            reader.interrupt();
        }
    }
}
