package dev.slipway.router.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A dyno's response head made fit for the client, and what it says about both connections. How
 * the client learns where the body ends may differ from how the dyno said it: a body that the
 * dyno ends by closing reaches an HTTP/1.1 client chunked; an HTTP/1.0 client knows no chunks, so
 * its body ends when the connection does. Static, so the per-response decisions allocate nothing.
 */
final class ResponseFraming {

    private ResponseFraming() {}

    /** The response has no body whatever its headers say: the answer to a HEAD, a 204 or a 304. */
    static boolean bodyless(HttpMethod requestMethod, int code) {
        return requestMethod.equals(HttpMethod.HEAD) || code == 204 || code == 304;
    }

    /**
     * The dyno's connection can carry another request after this response: the dyno keeps it open
     * and does not end the body by closing it. Asked before {@link #forClient} rewrites the head.
     */
    static boolean dynoReusable(HttpResponse response, boolean bodyless) {
        return HttpUtil.isKeepAlive(response)
                && (response.status().code() == 101 || !endsByClose(response, bodyless));
    }

    /** The dyno ends this body by closing its connection (neither a length nor chunks). */
    static boolean endsByClose(HttpResponse response, boolean bodyless) {
        return !bodyless && !HttpUtil.isTransferEncodingChunked(response)
                && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    }

    /**
     * Rewrites the response head for the client (the dyno's hop-by-hop headers out, HTTP/1.1, a
     * framing the client understands); returns whether the client's connection stays open after
     * it ({@code keepAlive} as the client asked, unless the framing forbids it). A 101 keeps its
     * upgrade: the client's connection is about to become the WebSocket's.
     */
    static boolean forClient(HttpResponse response, boolean bodyless, boolean clientHttp10, boolean keepAlive) {
        Headers.forResponse(response.headers());
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (response.status().code() == 101) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            return keepAlive;
        }
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        if (endsByClose(response, bodyless)) {
            chunked = true;
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        if (chunked && clientHttp10) {
            HttpUtil.setTransferEncodingChunked(response, false);
            keepAlive = false;
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientHttp10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return keepAlive;
    }
}
