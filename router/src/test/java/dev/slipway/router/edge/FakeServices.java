package dev.slipway.router.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the platform services behind the API host: release-service and config-service
 * answer with their name, the method, URI and Authorization they received and the body; the
 * dyno-manager URL points at a port nobody listens on (a service that is down).
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {
    private final List<HttpServer> servers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            return Map.of(
                    "slipway.router.release-service-url", "http://127.0.0.1:" + serve("release-service"),
                    "slipway.router.config-service-url", "http://127.0.0.1:" + serve("config-service"),
                    "slipway.router.dyno-manager-url", "http://127.0.0.1:" + deadPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int serve(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", ex -> answer(ex, name));
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, String name) throws IOException {
        String body = "service=" + name + "\nmethod=" + ex.getRequestMethod() + "\nuri=" + ex.getRequestURI()
                + "\nauthorization=" + ex.getRequestHeaders().getFirst("Authorization")
                + "\nx-request-id=" + ex.getRequestHeaders().getFirst("X-Request-Id")
                + "\nx-forwarded-for=" + ex.getRequestHeaders().getFirst("X-Forwarded-For")
                + "\nbody=" + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(201, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void stop() {
        servers.forEach(s -> s.stop(0));
    }
}
