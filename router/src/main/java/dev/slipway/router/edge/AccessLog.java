package dev.slipway.router.edge;

import org.jboss.logging.Logger;

/** One Heroku-format {@code heroku[router]:} line per request, for the app's log stream and the console. */
final class AccessLog {
    private static final Logger LOG = Logger.getLogger("heroku.router");

    private AccessLog() {}

    /**
     * Whether anyone reads the line: the app's log stream when lines are shipped, the console for
     * every error and for good requests when {@code heroku.router} is at INFO.
     */
    static boolean wanted(RouterError error, boolean shipped) {
        return shipped || error != null || LOG.isInfoEnabled();
    }

    /** Logs the line and returns it without its {@code heroku[router]: } prefix, for the app's log. */
    static String line(RouterError error, String method, String path, String host, String requestId, String fwd,
                     String dyno, long connectMs, long serviceMs, int status, long bytes) {
        StringBuilder sb = new StringBuilder(256);
        if (error == null) {
            sb.append("at=info");
        } else {
            sb.append("at=error code=").append(error.name()).append(" desc=\"").append(error.desc).append('"');
        }
        sb.append(" method=").append(method)
                .append(" path=\"").append(path).append('"')
                .append(" host=").append(host)
                .append(" request_id=").append(requestId)
                .append(" fwd=\"").append(fwd).append('"')
                .append(" dyno=").append(dyno == null ? "" : dyno)
                .append(" connect=").append(connectMs).append("ms")
                .append(" service=").append(serviceMs).append("ms")
                .append(" status=").append(status)
                .append(" bytes=").append(bytes)
                .append(" protocol=http");
        String message = sb.toString();
        // errors always reach the console; a good request's line only when heroku.router is at INFO
        // (it always reaches the app's log stream: RouterLogShipper)
        if (error != null) {
            LOG.warn("heroku[router]: " + message);
        } else if (LOG.isInfoEnabled()) {
            LOG.info("heroku[router]: " + message);
        }
        return message;
    }
}
