package dev.slipway.router.edge;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's static files (the {@code dashboard} module's jar, {@code slipway-dashboard/} on
 * the class path), read once into memory and answered by the edge itself on the dashboard host.
 * Only the files the module lists in {@code slipway-dashboard/files} exist; every answer carries a
 * strict Content-Security-Policy: the page runs only its own scripts and talks only to its own
 * origin (the API through {@code /api/}).
 */
final class DashboardFiles {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String ROOT = "slipway-dashboard/";

    private final Map<String, File> files;

    private record File(byte[] bytes, String contentType) {}

    private DashboardFiles(Map<String, File> files) {
        this.files = files;
    }

    /** The files bundled with the router, read on first use. */
    static DashboardFiles bundled() {
        return Bundled.FILES;
    }

    private static final class Bundled {
        static final DashboardFiles FILES = load(DashboardFiles.class.getClassLoader());
    }

    static DashboardFiles load(ClassLoader loader) {
        Map<String, File> files = new HashMap<>();
        String list = new String(read(loader, ROOT + "files"), StandardCharsets.UTF_8);
        for (String name : list.split("\n")) {
            name = name.strip();
            if (!name.isEmpty()) {
                files.put("/" + name, new File(read(loader, ROOT + name), contentType(name)));
            }
        }
        return new DashboardFiles(Map.copyOf(files));
    }

    /** The answer to a request for {@code path} (without the query): the file, 404 or 405. */
    FullHttpResponse respond(HttpMethod method, String path, boolean keepAlive) {
        FullHttpResponse response = answer(method, path);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    private FullHttpResponse answer(HttpMethod method, String path) {
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) {
            FullHttpResponse refused = page(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    "Method not allowed\n".getBytes(StandardCharsets.UTF_8), false);
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return refused;
        }
        File file = files.get("/".equals(path) ? "/index.html" : path);
        if (file == null) {
            return page(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "Not found\n".getBytes(StandardCharsets.UTF_8), head);
        }
        return page(HttpResponseStatus.OK, file.contentType(), file.bytes(), head);
    }

    private static FullHttpResponse page(HttpResponseStatus status, String contentType, byte[] body, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                // small files, and a new platform version must show at once: revalidate every time
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY");
        return response;
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalStateException("the dashboard lists a file of unknown type: " + name);
        };
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + resource + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
