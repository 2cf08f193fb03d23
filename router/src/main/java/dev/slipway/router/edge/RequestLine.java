package dev.slipway.router.edge;

import dev.slipway.router.domain.HostNames;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Where a request goes and where it came from, as the edge reads it once.
 *
 * @param host   the normalised host (the Host header, or the authority of an absolute URI)
 * @param uri    path and query in origin form, also when the client sent an absolute URI
 * @param path   the raw path of {@code uri}, without the query
 * @param remote the client's address
 */
record RequestLine(String host, String uri, String path, String remote) {

    /** The dashboard's prefix for the public API: {@code /api/apps} is the API's {@code /apps}. */
    static final String DASHBOARD_API_PREFIX = "/api";

    /**
     * This request as the API host would get it, when it is one of the dashboard's API calls
     * ({@code /api/...}); null for the dashboard's own files.
     */
    RequestLine underDashboardApi() {
        if (!path.startsWith(DASHBOARD_API_PREFIX + "/")) {
            return null;
        }
        int cut = DASHBOARD_API_PREFIX.length();
        return new RequestLine(host, uri.substring(cut), path.substring(cut), remote);
    }

    static RequestLine of(HttpRequest request, String remote) {
        String target = request.uri();
        String authority = null;
        String uri = target;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme > 0) {
                int slash = target.indexOf('/', scheme + 3);
                int query = target.indexOf('?', scheme + 3);
                int end = slash >= 0 ? slash : query >= 0 ? query : target.length();
                authority = target.substring(scheme + 3, end);
                uri = slash >= 0 ? target.substring(slash) : "/" + target.substring(end);
            }
        }
        String hostHeader = request.headers().get(HttpHeaderNames.HOST);
        String host = HostNames.normalize(hostHeader != null ? hostHeader : authority != null ? authority : "");
        int query = uri.indexOf('?');
        return new RequestLine(host, uri, query < 0 ? uri : uri.substring(0, query), remote);
    }
}
