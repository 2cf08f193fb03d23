package dev.slipway.dyno;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** builder-service's slug download, played by a tiny HTTP server serving slugs the test packs. */
final class SlugServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> slugs = new ConcurrentHashMap<>();

    SlugServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/slugs/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/internal/slugs/".length());
            byte[] body = slugs.get(id);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** Packs the files (path → content) as a slug; answers its id (sha256). */
    String add(Map<String, String> files) throws Exception {
        Path dir = Files.createTempDirectory("slug");
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Path tgz = Files.createTempFile("slug", ".tgz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.toString(), ".").inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IOException("tar failed");
        }
        byte[] body = Files.readAllBytes(tgz);
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        slugs.put(id, body);
        return id;
    }

    String url(String id) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/slugs/" + id;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
