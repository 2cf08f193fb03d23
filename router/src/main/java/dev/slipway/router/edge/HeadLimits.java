package dev.slipway.router.edge;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * Heroku's limits on a request head: the request line and each header line up to 8192 bytes,
 * at most 1000 headers. Netty's decoder checks the request line and a bound on the whole head
 * (every line at its longest); the per-line and count limits are checked here.
 */
final class HeadLimits {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 1000;
    /** Every header line at its longest, with its CRLF: what Netty must let through for us to judge. */
    static final int MAX_HEAD = MAX_HEADERS * (MAX_LINE + 2);
    /** The largest body part either HTTP codec hands over at once (a body itself has no limit). */
    static final int MAX_BODY_PART = 8192;

    private HeadLimits() {}

    static boolean withinLimits(HttpHeaders headers) {
        if (headers.size() > MAX_HEADERS) {
            return false;
        }
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            // "Name: value", as the line was sent (Netty trims the value's surrounding blanks)
            if (h.getKey().length() + 2 + h.getValue().length() > MAX_LINE) {
                return false;
            }
        }
        return true;
    }
}
