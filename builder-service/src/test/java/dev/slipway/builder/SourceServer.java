package dev.slipway.builder;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A stand-in for git-gateway's internal source archive: serves a tar.gz per push id. */
final class SourceServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> archives = new ConcurrentHashMap<>();

    SourceServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/pushes/", exchange -> {
            byte[] body = archives.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/gzip");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /**
     * Serves the files (path → content; a path ending in "*" is made executable, one ending in
     * "@" is a symbolic link to the content) and returns the URL.
     */
    String serve(UUID pushId, Map<String, String> files) {
        String path = "/internal/pushes/" + pushId + "/source";
        archives.put(path, tgz(files));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static byte[] tgz(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> f : files.entrySet()) {
                if (f.getKey().endsWith("@")) {
                    TarArchiveEntry link = new TarArchiveEntry(f.getKey().substring(0, f.getKey().length() - 1),
                            TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName(f.getValue());
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                    continue;
                }
                boolean exec = f.getKey().endsWith("*");
                String name = exec ? f.getKey().substring(0, f.getKey().length() - 1) : f.getKey();
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(content.length);
                entry.setMode(exec ? 0100755 : 0100644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
