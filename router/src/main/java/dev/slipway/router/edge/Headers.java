package dev.slipway.router.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

/**
 * The headers of a forwarded message, rewritten in place: hop-by-hop ones removed, Heroku's
 * forwarding headers set. {@code Transfer-Encoding: chunked} stays on a message whose body is
 * chunked: the edge's own codec re-frames the body by it, chunk for chunk.
 */
final class Headers {
    private static final AsciiString[] HOP_BY_HOP = {
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION, AsciiString.cached("proxy-connection"), HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE,
            // answered by the edge itself (100 Continue), so the dyno must not wait for it again
            HttpHeaderNames.EXPECT};
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    private static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString X_REQUEST_START = AsciiString.cached("x-request-start");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final String VIA = "1.1 slipway";

    private Headers() {}

    /** A WebSocket handshake: {@code Upgrade: websocket} with {@code Connection: Upgrade}. */
    static boolean isWebSocketUpgrade(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && "websocket".equalsIgnoreCase(upgrade.trim())
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /** A request for the dyno: hop-by-hop headers out (a WebSocket handshake keeps its upgrade), Heroku's in. */
    static void forRequest(HttpHeaders headers, boolean upgrade, String remote, String publicPort, String requestId,
                           long startMillis) {
        removeHopByHop(headers);
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        String xff = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, xff == null || xff.isEmpty() ? remote : xff + ", " + remote);
        headers.set(X_FORWARDED_PROTO, HTTP);
        headers.set(X_FORWARDED_PORT, publicPort);
        headers.set(X_REQUEST_ID, requestId);
        headers.set(X_REQUEST_START, Long.toString(startMillis));
        String via = headers.get(HttpHeaderNames.VIA);
        headers.set(HttpHeaderNames.VIA, via == null || via.isEmpty() ? VIA : via + ", " + VIA);
    }

    /** A response for the client: the dyno's hop-by-hop headers out. */
    static void forResponse(HttpHeaders headers) {
        removeHopByHop(headers);
    }

    private static void removeHopByHop(HttpHeaders headers) {
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }
}
