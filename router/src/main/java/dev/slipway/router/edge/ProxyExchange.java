package dev.slipway.router.edge;

import dev.slipway.router.domain.AppRoute;
import dev.slipway.router.domain.Backend;
import dev.slipway.router.domain.BackendPicker;
import dev.slipway.router.domain.RequestIds;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request forwarded to a dyno or a platform service. Everything runs on the verticle's event
 * loop, so the fields need no synchronisation. Bodies are piped both ways with back-pressure and
 * never buffered whole.
 */
final class ProxyExchange {
    private static final long SKIP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final EdgeContext ctx;
    private final HttpServerRequest req;
    private final HttpServerResponse resp;
    private final String host;
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();

    /** Set for an app request: dyno choice, retries, H-codes and the response timeout apply. */
    private AppRoute app;
    private Backend backend;
    private String dynoName;
    private String targetHost;
    private int targetPort;
    private String pathPrefix = "";
    private int attempts;
    /** What the client gets when no dyno is left to try. */
    private RouterError noDynoLeft = RouterError.H10;
    private long connectedNanos;
    private HttpClientRequest upstream;
    private HttpClientResponse response;
    private boolean timedOut;
    private boolean done;
    private final boolean upgrade;

    // the watchdog (H12 before the response head, H15 after it); see Watchdog
    boolean watched;
    ProxyExchange prevWatched;
    ProxyExchange nextWatched;
    private long requestSentNanos;
    private boolean streaming;
    private long lastActivityNanos;
    private int responseStatus;
    /** The dyno answered in full before the request body ended: the rest of the body still goes to it. */
    private boolean forwardRest;

    ProxyExchange(EdgeContext ctx, HttpServerRequest req, String host) {
        this.ctx = ctx;
        this.req = req;
        this.resp = req.response();
        this.host = host;
        this.requestId = RequestIds.keepOrGenerate(req.getHeader("X-Request-Id"));
        this.upgrade = WebSocketTunnel.isUpgrade(req);
    }

    String requestId() {
        return requestId;
    }

    /** Forwards to one of the app's web dynos that are up. */
    void toApp(AppRoute route) {
        this.app = route;
        holdRequest();
        tryNextDyno();
    }

    /** Forwards to a platform service: no retry, no response timeout (git pushes take minutes). */
    void toService(String serviceName, String host, int port, String basePath) {
        this.dynoName = serviceName;
        this.targetHost = host;
        this.targetPort = port;
        this.pathPrefix = basePath;
        holdRequest();
        connect();
    }

    /** Keeps the body unread until a connection to the target exists, and notices a client leaving. */
    private void holdRequest() {
        req.pause();
        resp.closeHandler(v -> clientGone());
        resp.exceptionHandler(e -> clientGone());
    }

    private void tryNextDyno() {
        Backend b = attempts < app.backends().size() ? BackendPicker.pick(app.backends(), System.nanoTime()) : null;
        if (b == null) {
            // H10: every dyno that is up refused us within its skip window, as good as crashed;
            // H13: the last one tried hung up without an answer
            fail(noDynoLeft);
            return;
        }
        attempts++;
        b.acquire();
        backend = b;
        dynoName = b.name();
        targetHost = b.host();
        targetPort = b.port();
        connect();
    }

    private void connect() {
        if (upgrade) {
            ctx.netClient().connect(targetPort, targetHost).onComplete(this::tunnelConnected);
            return;
        }
        RequestOptions options = new RequestOptions()
                .setHost(targetHost)
                .setPort(targetPort)
                .setMethod(req.method())
                .setURI(pathPrefix.isEmpty() ? uri() : pathPrefix + uri());
        ctx.client().request(options).onComplete(this::connected);
    }

    private void connected(AsyncResult<HttpClientRequest> ar) {
        if (done) {
            if (ar.succeeded()) {
                ar.result().reset();
            }
            return;
        }
        if (ar.failed()) {
            connectFailed();
            return;
        }
        connectedNanos = System.nanoTime();
        upstream = ar.result();
        MultiMap headers = upstream.headers();
        Headers.copyRequest(req.headers(), headers);
        Headers.addForwarding(headers, req, ctx.publicPortString(), requestId, startMillis);
        upstream.response().onComplete(this::responded);
        if (hasRequestBody()) {
            if (!req.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                upstream.setChunked(true);
            }
            // pumped by hand (not piped) to see each chunk (the idle window) and the end (the H12 clock)
            upstream.drainHandler(v -> req.resume());
            req.handler(this::requestData);
            req.endHandler(v -> {
                if (!done || forwardRest) {
                    upstream.end();
                    requestSent();
                }
            });
            req.resume();
        } else {
            req.resume();
            upstream.end();
            requestSent();
        }
    }

    private void requestData(Buffer chunk) {
        if (done && !forwardRest) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        upstream.write(chunk);
        if (upstream.writeQueueFull()) {
            req.pause();
        }
    }

    /** Heroku's 30 s to the first response byte count from the end of the request. */
    private void requestSent() {
        requestSentNanos = System.nanoTime();
        if (app != null && !streaming && !done) {
            ctx.watchdog().add(this);
        }
    }

    /** Called by the watchdog's sweep. */
    void checkDeadline(long nowNanos) {
        if (done) {
            ctx.watchdog().remove(this);
        } else if (!streaming) {
            if (upstream != null && nowNanos - requestSentNanos >= ctx.responseTimeoutNanos() && !resp.headWritten()) {
                ctx.watchdog().remove(this);
                timedOut = true;
                upstream.reset();
            }
        } else if (nowNanos - lastActivityNanos >= ctx.idleTimeoutNanos()) {
            // neither side sent a byte within the rolling window: cut both connections
            ctx.watchdog().remove(this);
            finish(RouterError.H15, responseStatus);
            req.connection().close();
            upstream.reset();
        }
    }

    private void connectFailed() {
        if (app != null) {
            // nothing was sent yet, so another dyno may safely take the request
            backend.release();
            backend.skipFor(SKIP_NANOS, System.nanoTime());
            backend = null;
            tryNextDyno();
        } else {
            failService();
        }
    }

    private void tunnelConnected(AsyncResult<NetSocket> ar) {
        if (done) {
            if (ar.succeeded()) {
                ar.result().close();
            }
            return;
        }
        if (ar.failed()) {
            connectFailed();
            return;
        }
        connectedNanos = System.nanoTime();
        req.resume();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Headers.copyRequest(req.headers(), headers);
        Headers.addForwarding(headers, req, ctx.publicPortString(), requestId, startMillis);
        String uri = pathPrefix.isEmpty() ? uri() : pathPrefix + uri();
        // a tunnel may live for hours: it stops counting as outstanding once the handshake is done
        WebSocketTunnel.handshake(req, ar.result(), uri, headers).onComplete(handshake -> {
            if (handshake.succeeded()) {
                finish(null, handshake.result());
            } else if (app != null) {
                fail(RouterError.H13);
            } else {
                failService();
            }
        });
    }

    private void responded(AsyncResult<HttpClientResponse> ar) {
        if (done) {
            return;
        }
        if (ar.failed()) {
            if (app == null) {
                failService();
            } else if (timedOut) {
                fail(RouterError.H12);
            } else if (safeToResend()) {
                // as nginx's proxy_next_upstream: a dyno that died under a pooled connection
                ctx.watchdog().remove(this);
                backend.release();
                backend.skipFor(SKIP_NANOS, System.nanoTime());
                backend = null;
                upstream = null;
                noDynoLeft = RouterError.H13;
                tryNextDyno();
            } else {
                fail(RouterError.H13);
            }
            return;
        }
        HttpClientResponse in = ar.result();
        response = in;
        resp.setStatusCode(in.statusCode());
        resp.setStatusMessage(in.statusMessage());
        Headers.copyResponse(in.headers(), resp.headers());
        if (!resp.headers().contains(HttpHeaders.CONTENT_LENGTH) && hasResponseBody(in.statusCode())) {
            resp.setChunked(true);
        }
        responseStatus = in.statusCode();
        streaming = true;
        lastActivityNanos = System.nanoTime();
        if (app != null) {
            ctx.watchdog().add(this);
        }
        resp.drainHandler(v -> in.resume());
        in.handler(this::responseData);
        in.exceptionHandler(e -> {
            if (!done) {
                // a truncated body must not look complete: drop the client's connection
                finish(RouterError.H18, responseStatus);
                req.connection().close();
                upstream.reset();
            }
        });
        in.endHandler(v -> {
            if (!done) {
                resp.end();
                // a dyno may answer before the upload has ended: the rest still goes to it, so the
                // pooled connection ends its request and the client's is read to the end
                forwardRest = true;
                finish(null, responseStatus);
            }
        });
    }

    private void responseData(Buffer chunk) {
        if (done) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        resp.write(chunk);
        if (resp.writeQueueFull()) {
            response.pause();
        }
    }

    /**
     * A request that failed before any response byte may go to another dyno when sending it twice
     * does no harm: an idempotent method and no body (a body was consumed by the first attempt).
     */
    private boolean safeToResend() {
        return !hasRequestBody() && IDEMPOTENT.contains(req.method());
    }

    private boolean hasRequestBody() {
        return req.headers().contains(HttpHeaders.TRANSFER_ENCODING) || req.headers().contains(HttpHeaders.CONTENT_LENGTH);
    }

    private boolean hasResponseBody(int status) {
        return req.method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }

    private void clientGone() {
        if (done) {
            return;
        }
        // finished first: resetting the dyno's leg fails its response at once, which must not log H13
        finish(RouterError.H27, 499);
        if (upstream != null) {
            upstream.reset();
        }
    }

    private void fail(RouterError error) {
        if (!resp.closed() && !resp.headWritten()) {
            req.resume();
            Buffer page = ErrorPages.appError(error);
            resp.setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
                    .end(page);
        }
        finish(error, 503);
    }

    private void failService() {
        if (resp.closed() || resp.headWritten()) {
            req.connection().close();
        } else {
            req.resume();
            resp.setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(ErrorPages.json("service_unavailable", dynoName + " is not available, try again shortly"));
        }
        finish(null, 503);
    }

    private void finish(RouterError error, int status) {
        if (done) {
            return;
        }
        done = true;
        ctx.watchdog().remove(this);
        if (backend != null) {
            backend.release();
        }
        long now = System.nanoTime();
        long connectMs = connectedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(connectedNanos - startNanos);
        long serviceMs = connectedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - connectedNanos);
        String line = AccessLog.line(error, req.method().name(), uri(), host, requestId, remote(), dynoName,
                connectMs, serviceMs, status, resp.bytesWritten());
        if (app != null) {
            ctx.logs().offer(app.appId(), line);
        }
    }

    private String remote() {
        return req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    }

    /** Origin-form path and query, also when a client sent an absolute URI. */
    private String uri() {
        String uri = req.uri();
        if (uri.startsWith("/")) {
            return uri;
        }
        String query = req.query();
        return query == null ? req.path() : req.path() + "?" + query;
    }
}
