package dev.slipway.router.edge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A keep-alive web dyno on a bare socket that answers {@code GET /case/<seed>} with the
 * {@link StreamCases} of that seed: its bytes split into separate writes where the case says, with
 * its pauses, hanging up mid-body when the case is an abort. {@code GET /probe} answers 200.
 */
final class StreamingDyno implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());

    StreamingDyno() throws IOException {
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    private static void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream());
             OutputStream out = s.getOutputStream()) {
            for (String request; (request = head(in)) != null; ) {
                String path = request.split(" ")[1];
                if (!path.startsWith("/case/")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nready".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                StreamCases c = StreamCases.of(Long.parseLong(path.substring("/case/".length())));
                byte[] wire = c.wire();
                int end = c.abortAt() >= 0 ? c.wireAbortOffset(wire) : wire.length;
                out.write(c.head().getBytes(StandardCharsets.US_ASCII));
                int from = 0;
                for (int cut : c.cuts()) {
                    if (cut > from && cut <= end) {
                        out.write(wire, from, cut - from);
                        out.flush();
                        from = cut;
                        if (c.pauseMillis() > 0) {
                            Thread.sleep(c.pauseMillis());
                        }
                    }
                }
                out.write(wire, from, end - from);
                out.flush();
                if (c.abortAt() >= 0) {
                    return; // hangs up mid-body
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the router went away
        }
    }

    /** The request line of the next request (its headers skipped), or null at the end of the connection. */
    private static String head(InputStream in) throws IOException {
        String first = line(in);
        if (first == null) {
            return null;
        }
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            // headers: not needed
        }
        return first;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return c == -1 && sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
