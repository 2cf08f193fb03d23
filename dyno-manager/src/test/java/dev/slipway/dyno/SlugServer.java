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

/** builder-service's slug and layer downloads, played by a tiny HTTP server serving what the test packs. */
final class SlugServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> slugs = new ConcurrentHashMap<>();

    SlugServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String prefix : new String[] {"/internal/slugs/", "/internal/layers/"}) {
            server.createContext(prefix, exchange -> serve(exchange, prefix));
        }
        server.start();
    }

    private void serve(com.sun.net.httpserver.HttpExchange exchange, String prefix) throws IOException {
        {
            String id = exchange.getRequestURI().getPath().substring(prefix.length());
            byte[] body = slugs.get(id);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        }
    }

    /** Packs the files (path → content) as a slug; answers its id (sha256). */
    String add(Map<String, String> files) throws Exception {
        return pack(files, true);
    }

    /** Packs the files (path → content, every one executable) as a runtime layer, a plain tar; answers its id. */
    String addLayer(Map<String, String> files) throws Exception {
        return pack(files, false);
    }

    String layerUrl(String id) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/layers/" + id;
    }

    private String pack(Map<String, String> files, boolean slug) throws Exception {
        Path dir = Files.createTempDirectory("slug");
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            if (!slug) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path tgz = Files.createTempFile("slug", ".tgz");
        Process tar = new ProcessBuilder("tar", slug ? "-czf" : "-cf", tgz.toString(), "-C", dir.toString(), ".")
                .inheritIO().start();
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
