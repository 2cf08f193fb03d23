package dev.slipway.router.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on a plain socket, so a test can send any Host header and watch a
 * chunked body arrive piece by piece (the JDK clients refuse to set Host).
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Response get(int port, String host, String path, String... headers) {
        return send(port, "GET", host, path, null, headers);
    }

    static Response send(int port, String method, String host, String path, String body, String... headers) {
        try (RawHttp http = new RawHttp(port)) {
            http.writeRequest(method, host, path, body, headers);
            return http.readResponse();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeRequest(String method, String host, String path, String body, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\nConnection: close\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            sb.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
    }

    void writeChunk(String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        if (bytes.length == 0) {
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    int readStatus() throws IOException {
        return Integer.parseInt(line().split(" ")[1]);
    }

    Response readResponse() throws IOException {
        int status = readStatus();
        Map<String, String> headers = readHeaders();
        String body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder sb = new StringBuilder();
            String chunk;
            while ((chunk = readChunk()) != null) {
                sb.append(chunk);
            }
            body = sb.toString();
        } else if (headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }

    Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return headers;
    }

    /** The next chunk of a chunked body, or null after the last one. */
    String readChunk() throws IOException {
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
            line();
            return null;
        }
        String chunk = new String(in.readNBytes(size), StandardCharsets.UTF_8);
        line();
        return chunk;
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                buf.write(c);
            }
        }
        if (c == -1 && buf.size() == 0) {
            throw new IOException("connection closed");
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
