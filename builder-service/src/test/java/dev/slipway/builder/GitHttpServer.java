package dev.slipway.builder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Real git repositories served over real smart HTTP by {@code git http-backend} (as CGI behind
 * the JDK's HTTP server on loopback): custom buildpacks are fetched the way they are from GitHub,
 * since {@code file://} URLs are refused by the builder.
 */
final class GitHttpServer implements AutoCloseable {
    private static GitHttpServer shared;

    private final HttpServer server;
    private final Path root;

    private GitHttpServer() throws IOException {
        root = Files.createTempDirectory("git-http");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** One server for the test JVM, stopped with it. */
    static synchronized GitHttpServer shared() {
        if (shared == null) {
            try {
                shared = new GitHttpServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new repository holding {@code bin/<name>} scripts, committed on {@code main}; its http:// URL. */
    String publish(Map<String, String> scripts) throws Exception {
        String name = "bp-" + UUID.randomUUID() + ".git";
        Path work = Files.createTempDirectory(root, "work");
        Files.createDirectories(work.resolve("bin"));
        for (Map.Entry<String, String> s : scripts.entrySet()) {
            Builds.script(work.resolve("bin").resolve(s.getKey()), s.getValue());
        }
        Builds.git(work, "init", "-q", "-b", "main");
        Builds.git(work, "add", ".");
        Builds.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "buildpack");
        Builds.git(root, "clone", "-q", "--bare", work.toString(), root.resolve(name).toString());
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = pb.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("PATH_INFO", exchange.getRequestURI().getPath());
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("REMOTE_ADDR", "127.0.0.1");
            header(exchange, "Content-Type", env, "CONTENT_TYPE");
            header(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
            header(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
            Process cgi = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread.ofVirtual().start(() -> {
                try (OutputStream in = cgi.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                    body.transferTo(in);
                } catch (IOException ignored) {
                    // the backend answered without reading everything
                }
            });
            try (InputStream out = cgi.getInputStream()) {
                int status = 200;
                String line;
                while (!(line = headerLine(out)).isEmpty()) {
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Status")) {
                        status = Integer.parseInt(value.split(" ")[0]);
                    } else {
                        exchange.getResponseHeaders().add(name, value);
                    }
                }
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream body = exchange.getResponseBody()) {
                    out.transferTo(body);
                }
            }
            cgi.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void header(HttpExchange exchange, String header, Map<String, String> env, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            dev.slipway.builder.domain.FileTrees.delete(root);
        } catch (IOException ignored) {
            // a temp dir; the OS cleans it
        }
    }
}
