package dev.slipway.router.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * How the client learns where a response body ends, which may differ from how the dyno said it:
 * a body that the dyno ends by closing reaches an HTTP/1.1 client chunked; an HTTP/1.0 client
 * knows no chunks, so its body ends when the connection does.
 */
final class ResponseFraming {

    private ResponseFraming() {}

    /** The dyno ends this body by closing its connection (neither a length nor chunks). */
    static boolean endsByClose(HttpResponse response, boolean bodyless) {
        return !bodyless && !HttpUtil.isTransferEncodingChunked(response)
                && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    }

    /**
     * Rewrites the response head for the client; returns whether the client's connection stays
     * open after it ({@code keepAlive} as the client asked, unless the framing forbids it).
     */
    static boolean forClient(HttpResponse response, boolean bodyless, boolean clientHttp10, boolean keepAlive) {
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
