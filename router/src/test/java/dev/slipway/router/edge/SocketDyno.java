package dev.slipway.router.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A web dyno on a bare socket, for what the JDK's HttpServer cannot do (more than 200 headers,
 * a body read at the test's pace, a response trickled byte by byte). Each connection gets one
 * request: the handler reads the body from {@code in} and writes a whole response, then the
 * connection is closed.
 */
final class SocketDyno implements AutoCloseable {
    interface Handler {
        void handle(List<String> head, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    /** The path a {@link #probed} dyno answers 200 at. */
    static final String PROBE_PATH = "/probe";

    private final ServerSocket socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());

    SocketDyno(Handler handler) throws IOException {
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.ofVirtual().start(() -> serve(s, handler));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void serve(Socket s, Handler handler) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
             OutputStream out = s.getOutputStream()) {
            List<String> head = new ArrayList<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                head.add(line);
            }
            handler.handle(head, in, out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the router went away: nothing to answer
        }
    }

    /**
     * A dyno that answers {@code GET /probe} with 200, so a test can wait until the router reaches
     * it, and hands every other request to {@code misbehaviour}.
     */
    static SocketDyno probed(Handler misbehaviour) throws IOException {
        return new SocketDyno((head, in, out) -> {
            if (head.getFirst().startsWith("GET " + PROBE_PATH + " ")) {
                respond(out, 200, "ready");
            } else {
                misbehaviour.handle(head, in, out);
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The value of a header in a request head, or null. */
    static String header(List<String> head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim()).findFirst().orElse(null);
    }

    static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                buf.write(c);
            }
        }
        return c == -1 && buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
