package dev.slipway.router.edge;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/** Header copying between the two legs of a proxied exchange. */
final class Headers {
    private static final AsciiString[] HOP_BY_HOP = {
            AsciiString.cached("connection"), AsciiString.cached("keep-alive"),
            AsciiString.cached("proxy-authenticate"), AsciiString.cached("proxy-authorization"),
            AsciiString.cached("proxy-connection"), AsciiString.cached("te"), AsciiString.cached("trailer"),
            AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"),
            // answered by the edge itself (100 Continue), so the dyno must not wait for it again
            AsciiString.cached("expect")};
    private static final AsciiString[] SET_BY_EDGE = {
            AsciiString.cached("x-forwarded-for"), AsciiString.cached("x-forwarded-proto"),
            AsciiString.cached("x-forwarded-port"), AsciiString.cached("x-request-id"),
            AsciiString.cached("x-request-start"), AsciiString.cached("via")};

    private Headers() {}

    static boolean isHopByHop(CharSequence name) {
        return matches(HOP_BY_HOP, name);
    }

    /** The client's headers minus hop-by-hop ones and the ones the edge sets itself. */
    static void copyRequest(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> h : from) {
            String name = h.getKey();
            if (!matches(HOP_BY_HOP, name) && !matches(SET_BY_EDGE, name)) {
                to.add(name, h.getValue());
            }
        }
    }

    /** Heroku's forwarding headers; X-Forwarded-For and Via append to what the client sent. */
    static void addForwarding(MultiMap headers, HttpServerRequest req, String publicPort, String requestId,
                              long startMillis) {
        String remote = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
        String xff = req.getHeader("X-Forwarded-For");
        headers.set("X-Forwarded-For", xff == null || xff.isEmpty() ? remote : xff + ", " + remote);
        headers.set("X-Forwarded-Proto", req.isSSL() ? "https" : "http");
        headers.set("X-Forwarded-Port", publicPort);
        headers.set("X-Request-Id", requestId);
        headers.set("X-Request-Start", Long.toString(startMillis));
        String via = req.getHeader("Via");
        headers.set("Via", via == null || via.isEmpty() ? "1.1 slipway" : via + ", 1.1 slipway");
    }

    static void copyResponse(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> h : from) {
            if (!matches(HOP_BY_HOP, h.getKey())) {
                to.add(h.getKey(), h.getValue());
            }
        }
    }

    private static boolean matches(AsciiString[] names, CharSequence name) {
        for (AsciiString n : names) {
            if (n.length() == name.length() && n.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
