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
    private long timer = -1;
    private boolean timedOut;
    private boolean done;
    private final boolean upgrade;

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
        if (app != null) {
            timer = ctx.vertx().setTimer(ctx.responseTimeoutMs(), id -> responseTimedOut());
        }
        if (hasRequestBody()) {
            if (!req.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                upstream.setChunked(true);
            }
            upstream.send(req).onComplete(this::responded);
        } else {
            req.resume();
            upstream.send().onComplete(this::responded);
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

    private void responseTimedOut() {
        timer = -1;
        if (!done && !resp.headWritten()) {
            timedOut = true;
            upstream.reset();
        }
    }

    private void responded(AsyncResult<HttpClientResponse> ar) {
        if (timer >= 0) {
            ctx.vertx().cancelTimer(timer);
            timer = -1;
        }
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
        resp.setStatusCode(in.statusCode());
        resp.setStatusMessage(in.statusMessage());
        Headers.copyResponse(in.headers(), resp.headers());
        if (!resp.headers().contains(HttpHeaders.CONTENT_LENGTH) && hasResponseBody(in.statusCode())) {
            resp.setChunked(true);
        }
        in.pipe().endOnFailure(false).to(resp).onComplete(piped -> {
            if (piped.succeeded()) {
                finish(null, in.statusCode());
            } else if (!done) {
                // a truncated body must not look complete: drop the client's connection
                finish(RouterError.H18, in.statusCode());
                req.connection().close();
                upstream.reset();
            }
        });
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
        if (upstream != null) {
            upstream.reset();
        }
        finish(RouterError.H27, 499);
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
        if (timer >= 0) {
            ctx.vertx().cancelTimer(timer);
            timer = -1;
        }
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
