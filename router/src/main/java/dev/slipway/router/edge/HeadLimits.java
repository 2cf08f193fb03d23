package dev.slipway.router.edge;

import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * Heroku's limits on a request head: the request line and each header line up to 8192 bytes,
 * at most 1000 headers. Netty checks the request line and a bound on the whole head (every
 * line at its longest); the per-line and count limits are checked here.
 */
final class HeadLimits {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 1000;
    /** Every header line at its longest, with its CRLF: what Netty must let through for us to judge. */
    static final int MAX_HEAD = MAX_HEADERS * (MAX_LINE + 2);

    private HeadLimits() {}

    static boolean withinLimits(MultiMap headers) {
        int count = 0;
        for (Map.Entry<String, String> h : headers) {
            // "Name: value", as the line was sent (Netty trims the value's surrounding blanks)
            if (++count > MAX_HEADERS || h.getKey().length() + 2 + h.getValue().length() > MAX_LINE) {
                return false;
            }
        }
        return true;
    }
}
