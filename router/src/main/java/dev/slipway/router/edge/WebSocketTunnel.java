package dev.slipway.router.edge;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import java.util.Locale;
import java.util.Map;

/**
 * WebSocket pass-through. The handshake goes to the dyno on a plain TCP connection (Vert.x 4's
 * HTTP client cannot hand over a socket after a 101), and once the dyno answers 101 the two
 * connections become a byte tunnel: the edge never parses frames.
 */
final class WebSocketTunnel {
    private static final int MAX_HEAD = 64 * 1024;

    private WebSocketTunnel() {}

    static boolean isUpgrade(HttpServerRequest req) {
        String upgrade = req.getHeader(HttpHeaders.UPGRADE);
        String connection = req.getHeader(HttpHeaders.CONNECTION);
        return upgrade != null && "websocket".equalsIgnoreCase(upgrade.trim())
                && connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /**
     * Sends the handshake and relays the dyno's answer. Fails, with nothing written to the
     * client, when the dyno closes before answering; otherwise yields the status it answered.
     */
    static Future<Integer> handshake(HttpServerRequest req, NetSocket back, String uri, MultiMap headers) {
        headers.set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
        headers.set(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET);
        StringBuilder head = new StringBuilder(512).append("GET ").append(uri).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        back.write(head.append("\r\n").toString());

        Promise<Integer> answered = Promise.promise();
        Buffer received = Buffer.buffer();
        back.handler(data -> {
            received.appendBuffer(data);
            int end = indexOfBlankLine(received);
            if (end < 0) {
                if (received.length() > MAX_HEAD) {
                    back.close();
                }
                return;
            }
            back.pause();
            back.handler(null);
            answered.complete(relay(req, back, received.getString(0, end, "ISO-8859-1"), received.getBuffer(end + 4,
                    received.length())));
        });
        back.closeHandler(v -> answered.tryFail("dyno closed the connection during the handshake"));
        back.exceptionHandler(e -> back.close());
        return answered.future();
    }

    private static int relay(HttpServerRequest req, NetSocket back, String head, Buffer rest) {
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        HttpServerResponse resp = req.response().setStatusCode(status);
        MultiMap dynoHeaders = MultiMap.caseInsensitiveMultiMap();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                dynoHeaders.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        Headers.copyResponse(dynoHeaders, resp.headers());
        if (status != 101) {
            // the dyno declined the upgrade: pass on its answer (body only when its length is known)
            back.closeHandler(null);
            String length = dynoHeaders.get(HttpHeaders.CONTENT_LENGTH);
            int wanted = length == null ? 0 : Integer.parseInt(length.trim());
            Buffer body = rest.length() > wanted ? rest.getBuffer(0, wanted) : rest;
            if (body.length() >= wanted) {
                resp.end(body);
                back.close();
            } else {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(wanted)).write(body);
                back.handler(resp::write);
                back.closeHandler(v -> resp.end());
                back.resume();
            }
            return status;
        }
        resp.headers().set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
        resp.headers().set(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET);
        req.toNetSocket().onSuccess(front -> {
            if (rest.length() > 0) {
                front.write(rest);
            }
            front.pipeTo(back);
            back.pipeTo(front);
            back.resume();
        }).onFailure(e -> back.close());
        return status;
    }

    private static int indexOfBlankLine(Buffer b) {
        for (int i = 0; i + 3 < b.length(); i++) {
            if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r'
                    && b.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
